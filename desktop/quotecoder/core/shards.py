"""A folder of pre-tagged JSONL shards and its manifest, written so an interrupted run resumes.

    shards/
      manifest.json        the run (QuoteCoder version, model, shard size) and each finished shard
      shard-00000.jsonl    the records of the first 1,000 articles, in input order
      shard-00001.jsonl    ...

Records are :mod:`quotecoder.core.importers.pretagged`'s (``quotecoder import`` reads
them). A shard is written to a hidden ``.part`` file, synced and renamed once complete;
then the manifest is replaced atomically. A rerun reads the input again and skips every
shard whose file still has the manifest's SHA-256 and record count and whose articles
are unchanged (a digest of their records without proposals); the rest are pre-tagged again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from quotecoder import __version__
from quotecoder.core.importers import ImportProblem
from quotecoder.core.importers.pretagged import article_record
from quotecoder.core.model import Article
from quotecoder.core.progress import Progress
from quotecoder.core.tagging import Batch, Engine, articles_of, batches, record_line, stream

MANIFEST = "manifest.json"
FORMAT = "quotecoder-pretag-shards"
SHARD_SIZE = 1000
_SHARD = re.compile(r"shard-(\d{5,})\.jsonl")
_KEPT_PROBLEMS = 1000  # problems listed in a report; more are counted


def shard_name(number: int) -> str:
    return f"shard-{number:05d}.jsonl"


@dataclass
class Shard:
    """One finished shard, as the manifest lists it."""

    file: str
    records: int
    errors: int
    sha256: str
    input: str  # digest of the shard's articles (their records without proposals)

    def intact(self, folder: Path) -> bool:
        """True when the file is there with the listed SHA-256 and number of records."""
        digest, lines = hashlib.sha256(), 0
        try:
            with (folder / self.file).open("rb") as stream:
                for line in stream:
                    digest.update(line)
                    lines += 1
        except OSError:
            return False
        return digest.hexdigest() == self.sha256 and lines == self.records


@dataclass
class Manifest:
    """What a shard folder holds: who made it, with which model, and its finished shards."""

    model: str
    shard_size: int
    quotecoder: str = __version__
    complete: bool = False
    articles: int = 0
    errors: int = 0
    shards: dict[str, Shard] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The manifest in ``folder``; None when there is none or it is not a shard manifest."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError) as error:
            raise ValueError(f"{folder / MANIFEST} cannot be read ({error}); move it away to start afresh") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        try:
            shards = {s["file"]: Shard(**s) for s in data["shards"] if _SHARD.fullmatch(s["file"])}
            return cls(str(data["model"]), int(data["shard_size"]), str(data["quotecoder"]),
                       bool(data["complete"]), int(data["articles"]), int(data["errors"]), shards)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{folder / MANIFEST} is damaged ({error!r}); move it away to start afresh") from None

    def save(self, folder: Path) -> None:
        """Write the manifest atomically (a temporary file, synced, then renamed over it)."""
        data = {"format": FORMAT, "version": 1, **asdict(self)}
        data["shards"] = [asdict(self.shards[name]) for name in sorted(self.shards)]
        temporary = folder / f".{MANIFEST}.part"
        with temporary.open("w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, folder / MANIFEST)
        _sync_folder(folder)


@dataclass
class ShardReport:
    """What one run of :meth:`ShardFolder.write` did."""

    folder: Path
    articles: int = 0  # in the input
    tagged: int = 0  # pre-tagged by this run
    errors: int = 0  # error records written by this run
    kept: int = 0  # finished shards kept from an earlier run
    written: int = 0  # shards written by this run
    problems: list[ImportProblem] = field(default_factory=list)  # unreadable files and rows
    problem_count: int = 0

    def add_problem(self, problem: ImportProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < _KEPT_PROBLEMS:
            self.problems.append(problem)

    def summary(self) -> str:
        lines = [f"Pre-tagged {self.tagged} article(s) into {self.written} shard(s) in {self.folder}."]
        if self.kept:
            lines.append(f"Kept {self.kept} finished shard(s) from an earlier run.")
        if self.errors:
            lines.append(f"{self.errors} article(s) could not be pre-tagged; their records carry an 'error' "
                         "(they import without proposals).")
        if self.problem_count:
            lines.append(f"{self.problem_count} file(s) or row(s) could not be read (listed above).")
        lines.append(f"Import them with: quotecoder import {self.folder}")
        return "\n".join(lines)


class ShardFolder:
    """The output folder of ``quotecoder pretag --out``; :meth:`open` checks it, :meth:`write` fills it."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest

    @classmethod
    def open(cls, folder: str | Path, model: str, shard_size: int | None = None,
             inputs: Iterable[str | Path] = ()) -> ShardFolder:
        """A new or empty folder, or one with a manifest of the same model and QuoteCoder version
        (an earlier run, finished or not). Raises ValueError with a message for the user."""
        folder = Path(folder)
        resolved = folder.resolve()
        for given in inputs:
            source = Path(given).resolve()
            if source.is_dir() and (resolved == source or source in resolved.parents):
                raise ValueError(f"The output folder {folder} is inside the input {given}; choose another one.")
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"{folder} is a file; --out needs a folder.")
        manifest = Manifest.load(folder) if folder.is_dir() else None
        if manifest is None:
            if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
                raise ValueError(f"{folder} is not empty and holds no pre-tagging run; choose a new or empty folder.")
            folder.mkdir(parents=True, exist_ok=True)
            manifest = Manifest(model=model, shard_size=shard_size or SHARD_SIZE)
            manifest.save(folder)
        elif (manifest.model, manifest.quotecoder) != (model, __version__):
            raise ValueError(
                f"{folder} holds a run of QuoteCoder {manifest.quotecoder} with {manifest.model}; this one would "
                f"use QuoteCoder {__version__} with {model}. Finish it with the same ones, or choose a new folder."
            )
        elif shard_size is not None and shard_size != manifest.shard_size:
            raise ValueError(f"{folder} was started with --shard-size {manifest.shard_size}; "
                             "resume it with that size (or without the option), or choose a new folder.")
        return cls(folder, manifest)

    def write(
        self,
        items: Iterable[Article | ImportProblem],
        engine: Engine,
        progress: Progress | None = None,
        expected: Callable[[], int | None] = lambda: None,
        on_problem: Callable[[ImportProblem], None] = lambda problem: None,
    ) -> ShardReport:
        """Pre-tag ``items`` on ``engine`` into shards, keeping the finished shards of an earlier run.

        ``expected()`` is the number of articles, once known (for the progress total).
        Stopping (an error, Ctrl+C) keeps every finished shard; run again to resume.
        """
        progress = progress or Progress()
        report = ShardReport(self.folder)
        manifest = self.manifest
        manifest.complete = False
        manifest.save(self.folder)
        kept_articles = shards = 0  # articles in kept shards; shards in the input

        def problem(item: ImportProblem) -> None:
            report.add_problem(item)
            on_problem(item)

        def work() -> Iterator[Batch]:
            nonlocal kept_articles, shards
            articles = articles_of(items, problem)
            for number, shard in enumerate(iter(lambda: list(islice(articles, manifest.shard_size)), [])):
                shards = number + 1
                report.articles += len(shard)
                digest = _digest(shard, manifest.model)
                name = shard_name(number)
                kept = manifest.shards.get(name)
                if kept is not None and kept.input == digest and kept.intact(self.folder):
                    report.kept += 1
                    kept_articles += len(shard)
                    continue
                manifest.shards.pop(name, None)
                groups = list(batches(shard))
                for i, group in enumerate(groups):
                    yield Batch(group, (name, digest), last=i == len(groups) - 1)

        progress.start(0, "Pre-tagging…")
        writer: _ShardFile | None = None
        try:
            for batch, found in stream(work(), engine):
                name, digest = batch.tag
                writer = writer or _ShardFile(self.folder, name)
                for article, proposal in zip(batch.articles, found):
                    writer.write(article_record(article, proposal, manifest.model))
                report.tagged += len(batch.articles)
                total = expected()
                progress.total = max(0, total - kept_articles) if total is not None else 0
                if batch.last:
                    manifest.shards[name] = writer.finish(digest)
                    writer = None
                    report.errors += manifest.shards[name].errors
                    report.written += 1
                    manifest.save(self.folder)
                progress.update(report.tagged, f"{report.written + report.kept} shard(s) done")
        finally:
            if writer is not None:
                writer.abandon()
        self._finish(shards, report)
        progress.update(report.tagged, "Done")
        return report

    def _finish(self, count: int, report: ShardReport) -> None:
        """Drop shards an earlier, longer input left beyond this one; mark the run complete."""
        manifest = self.manifest

        def beyond(name: str) -> bool:
            match = _SHARD.fullmatch(name)
            return match is not None and int(match.group(1)) >= count

        for path in self.folder.glob("shard-*.jsonl"):
            if beyond(path.name):
                path.unlink()
        manifest.shards = {name: shard for name, shard in manifest.shards.items() if not beyond(name)}
        for leftover in self.folder.glob(".shard-*.part"):
            leftover.unlink(missing_ok=True)
        manifest.complete = True
        manifest.articles = report.articles
        manifest.errors = sum(shard.errors for shard in manifest.shards.values())
        manifest.save(self.folder)


def shard_notes(path: Path) -> list[ImportProblem] | None:
    """For an import: None when ``path`` is not a shard manifest (import it as any file), else
    what to tell the user about its folder (an unfinished run, missing shards)."""
    try:
        manifest = Manifest.load(path.parent) if path.name == MANIFEST else None
    except ValueError:
        return None  # unreadable: the import reports it as the file it is
    if manifest is None:
        return None
    notes = [ImportProblem(str(path.parent / name), None, "listed in the manifest but missing")
             for name in sorted(manifest.shards) if not (path.parent / name).is_file()]
    if not manifest.complete:
        notes.append(ImportProblem(
            str(path.parent), None,
            f"warning: the pre-tagging run is not finished ({len(manifest.shards)} shard(s) so far); "
            "run the same pretag command again, then import the folder again to add the rest",
        ))
    return notes


class _ShardFile:
    """A shard being written: a hidden ``.part`` file, renamed once complete."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder, self.name = folder, name
        self._part = folder / f".{name}.part"
        self._out = self._part.open("wb")
        self._sha = hashlib.sha256()
        self._records = self._errors = 0

    def write(self, record: dict) -> None:
        data = record_line(record).encode("utf-8")
        self._out.write(data)
        self._sha.update(data)
        self._records += 1
        self._errors += "error" in record

    def finish(self, digest: str) -> Shard:
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()
        os.replace(self._part, self.folder / self.name)
        _sync_folder(self.folder)
        return Shard(self.name, self._records, self._errors, self._sha.hexdigest(), digest)

    def abandon(self) -> None:
        self._out.close()


def _digest(articles: list[Article], model: str) -> str:
    """What a shard was made from: its articles' records without proposals."""
    digest = hashlib.sha256()
    for article in articles:
        digest.update(record_line(article_record(article, {}, model)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
