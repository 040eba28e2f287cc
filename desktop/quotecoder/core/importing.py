"""Importing articles into a store: read, skip duplicates, pre-tag in batches, save.

A plain function that takes a :class:`Progress`, so the CLI and the GUI's background
worker share it. The paths are walked once. Each batch of articles is saved in one
transaction, each article in it under a savepoint: an article that cannot be stored is
reported and the rest of its batch kept, and an interrupted or cancelled import keeps
every saved batch; a rerun skips what is stored and finishes the job. Pre-tagged JSON
Lines (``quotecoder pretag --out``) are stored with their proposals, without spaCy;
near-duplicates are grouped either way.

Nothing in one article or one file stops an import. Only the database failing does
(a full disk), and then the report still says what was saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from quotecoder.core.duplicates import DuplicateIndex, signature
from quotecoder.core.errors import StoreError
from quotecoder.core.importers import ImportProblem, read_articles
from quotecoder.core.importers.decode import check_encoding
from quotecoder.core.importers.pretagged import PretaggedArticle
from quotecoder.core.importers.walk import iter_files
from quotecoder.core.model import Annotation, Article, Speaker
from quotecoder.core.pretag import Pretagger
from quotecoder.core.progress import Cancelled, Progress
from quotecoder.core.shards import MANIFEST, shard_notes
from quotecoder.core.store import Store
from quotecoder.core.tagging import annotate_each, pipeline_label

BATCH_SIZE = 32
LISTED = 1000  # duplicates, problems and warnings kept by name in a report; more are counted
_SHOWN_DUPLICATES = 20  # duplicates a summary names


@dataclass
class ImportReport:
    """What an import did. Long lists keep their first LISTED entries and count the rest."""

    imported: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # files or rows not imported
    warnings: list[ImportProblem] = field(default_factory=list)  # imported, with a caveat
    quotes: int = 0
    entities: int = 0
    cancelled: bool = False
    stopped: str | None = None  # why the database stopped the import (a full disk)
    duplicate_count: int = 0
    problem_count: int = 0
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled and self.stopped is None

    def note(self, item: ImportProblem) -> None:
        """Record a problem, or a warning (a problem whose message starts with "warning:")."""
        if item.is_warning:
            self.warning_count += 1
            _keep(self.warnings, item)
        else:
            self.problem_count += 1
            _keep(self.problems, item)

    def duplicate(self, source: str) -> None:
        self.duplicate_count += 1
        _keep(self.duplicates, source)

    def summary(self) -> str:
        """A few lines for the user (the first says what was saved)."""
        lines = [
            f"Imported {len(self.imported)} article(s) "
            f"with {self.quotes} quote(s) and {self.entities} entit{'y' if self.entities == 1 else 'ies'}."
        ]
        if self.stopped:
            lines.append("The import stopped early (see the problems below). Everything counted above is saved; "
                         "import the same files again later to add the rest.")
        if self.duplicate_count:
            lines.append(f"Skipped {self.duplicate_count} duplicate(s) already in the database:")
            lines += [f"  {source}" for source in self.duplicates[:_SHOWN_DUPLICATES]]
            lines += _more(self.duplicate_count, _SHOWN_DUPLICATES)
        if self.warning_count:
            lines.append(f"{self.warning_count} warning(s):")
            lines += [f"  {warning}" for warning in self.warnings]
            lines += _more(self.warning_count, len(self.warnings))
        if self.problem_count:
            lines.append(f"{self.problem_count} problem(s); these were not imported:")
            lines += [f"  {problem}" for problem in self.problems]
            lines += _more(self.problem_count, len(self.problems))
        if self.cancelled:
            lines.append("The import was cancelled; what was imported so far is saved.")
        return "\n".join(lines)


def _keep(items: list, item: object) -> None:
    if len(items) < LISTED:
        items.append(item)


def _more(count: int, shown: int) -> list[str]:
    return [f"  … and {count - shown} more"] if count > shown else []


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    pretagger: Pretagger | None = None,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    encoding: str | None = None,
) -> ImportReport:
    """Import the articles in ``paths`` (files or folders) into ``store``.

    New articles are pre-tagged with ``pretagger`` and the store's speaker registry
    (pre-tagged JSONL keeps its own proposals) and grouped with their near-duplicates;
    exact duplicates are skipped and reported, bad files and articles reported by file.
    Progress counts files done; ``progress.cancel()`` stops between articles, keeping
    what is pre-tagged so far. ``encoding`` forces the text encoding of text, HTML,
    table and JSON files (ValueError at once if Python does not know it).
    """
    if encoding is not None:
        encoding = check_encoding(encoding)
    progress = progress or Progress()
    files = [  # the one walk of the folders; the database's own files belong to SQLite alone (never opened)
        ImportProblem(str(f), None, "warning: this is the database itself (or SQLite's file beside it), not "
                                    "articles; skipped")
        if isinstance(f, Path) and store.is_own_file(f) else f
        for f in iter_files(paths)
    ]
    progress.start(sum(isinstance(f, Path) for f in files), "Reading articles…")
    run = _Run(store, pretagger, progress)
    try:
        for batch in _batches(_read(files, columns, encoding), batch_size):
            run.import_batch(batch)
            if run.report.cancelled:
                break
        else:
            progress.update(progress.total, f"Imported {len(run.report.imported)} article(s)")
    except Cancelled:
        run.report.cancelled = True
    except (StoreError, sqlite3.DatabaseError) as exc:  # the disk is full, the file went away
        run.report.stopped = str(exc)
        run.report.note(ImportProblem(str(store.path), None, f"the import stopped here: {exc}"))
    return run.report


def _read(files: Sequence[Path | ImportProblem], columns: Mapping[str, str] | None, encoding: str | None = None
          ) -> Iterator[tuple[int, Article | ImportProblem]]:
    """Each article or problem, with the number of the file it came from (1-based).

    A shard folder's manifest is not an article file: it only adds notes. A reader
    that fails inside a file costs the rest of that file, not the import.
    """
    for number, file in enumerate(files, start=1):
        if isinstance(file, ImportProblem):
            yield number, file
            continue
        notes = shard_notes(file) if file.name == MANIFEST else None
        if notes is not None:
            yield from ((number, note) for note in notes)
            continue
        try:
            for item in read_articles([file], columns, encoding):
                yield number, item
        except Exception as exc:  # noqa: BLE001 - a reader's bug on one file must not stop the import
            yield number, ImportProblem(str(file), None, f"could not be read ({type(exc).__name__}: {exc}); "
                                                         "the rest of this file was skipped")


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class _Entry:
    number: int  # the file it came from
    article: Article
    annotation: Annotation | None


class _Run:
    """One import's state: the store, the pre-tagger with the registry, the duplicate index."""

    def __init__(self, store: Store, pretagger: Pretagger | None, progress: Progress) -> None:
        self.store, self.pretagger, self.progress = store, pretagger, progress
        self.report = ImportReport()
        self.registry: list[Speaker] = store.speakers() if pretagger is not None else []
        self.index: DuplicateIndex = store.duplicate_index()
        self.model: str | None = None

    def import_batch(self, batch: list[tuple[int, Article | ImportProblem]]) -> None:
        fresh: list[tuple[int, Article]] = []
        seen: set[str] = set()  # earlier batches are in the store already
        for number, item in batch:
            if isinstance(item, ImportProblem):
                self.report.note(item)
            elif item.content_hash in seen or self.store.has_article(item.content_hash):
                self.report.duplicate(item.source)
            else:
                seen.add(item.content_hash)
                fresh.append((number, item))
        self.progress.check()
        entries = self._annotate(fresh)
        self._save(entries)
        if entries:
            self.progress.update(entries[-1].number - 1, f"Imported {len(self.report.imported)} article(s)")
        self.progress.update(batch[-1][0] - 1)

    def _annotate(self, fresh: list[tuple[int, Article]]) -> list[_Entry]:
        """The batch's articles with their proposals, in order; stops early when cancelled."""
        plain = [a.text for _, a in fresh if not isinstance(a, PretaggedArticle)]
        found = iter(annotate_each(self.pretagger, plain, self.registry)) if self.pretagger and plain else iter(())
        entries = []
        for number, article in fresh:
            if isinstance(article, PretaggedArticle):
                entries.append(_Entry(number, article, article.annotation))
                continue
            annotation = next(found, None)
            if isinstance(annotation, str):
                self.report.note(ImportProblem(article.source, None, f"warning: pre-tagging failed ({annotation}); "
                                                                     "imported without proposals"))
                annotation = None
            elif annotation is not None:
                article.model = self._model_label()
            entries.append(_Entry(number, article, annotation))
            try:
                self.progress.update(number - 1, f"Pre-tagged {len(self.report.imported) + len(entries)} article(s)")
            except Cancelled:
                self.report.cancelled = True
                break
        return entries

    def _model_label(self) -> str | None:
        if self.model is None:
            nlp = getattr(self.pretagger, "nlp", None)
            self.model = pipeline_label(nlp) if nlp is not None else None
        return self.model

    def _save(self, entries: list[_Entry]) -> None:
        """Store the entries in one transaction; counted in the report once it is committed."""
        saved: list[tuple[int, Annotation | None]] = []
        with self.store.transaction() as conn:
            for entry in entries:
                article_id = self._save_one(conn, entry)
                if article_id is not None:
                    saved.append((article_id, entry.annotation))
        for article_id, annotation in saved:
            self.report.imported.append(article_id)
            if annotation is not None:
                self.report.quotes += len(annotation.quotes)
                self.report.entities += len(annotation.entities)

    def _save_one(self, conn: sqlite3.Connection, entry: _Entry) -> int | None:
        article = entry.article
        try:
            sig = signature(article.text)
            match = self.index.find(article.text, sig)
            article.dup_group = match.group
            article.minhash = sig if match.group is None else None  # a copy is not indexed
            with _savepoint(conn):
                article_id = self.store.add_article(article, entry.annotation, match.joins, match.merges)
        except sqlite3.IntegrityError as exc:
            self.report.note(ImportProblem(article.source, None, f"not stored: {exc}"))
            return None
        except sqlite3.DatabaseError:
            raise  # the database itself failed: the import stops
        except Exception as exc:  # noqa: BLE001 - one article's fault (a span that does not fit the text)
            self.report.note(ImportProblem(article.source, None, f"not stored: {exc}"))
            return None
        if article_id is None:
            self.report.duplicate(article.source)
            return None
        self.index.insert(article_id, sig, match)
        return article_id


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """A nested part of the open transaction that is undone alone when it fails."""
    conn.execute("SAVEPOINT import_article")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO import_article")
        conn.execute("RELEASE import_article")
        raise
    conn.execute("RELEASE import_article")
