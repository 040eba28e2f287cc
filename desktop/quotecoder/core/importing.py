"""Importing articles into a store: read, skip duplicates, pre-tag in batches, save.

A plain function that takes a :class:`Progress`, so the CLI and the GUI's
background worker share it. Each article is saved in its own transaction with
its entities and quotes, so an interrupted import leaves every article either
complete or absent, and a rerun finishes the job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quotecoder.core.duplicates import signature
from quotecoder.core.importers import ImportProblem, read_articles
from quotecoder.core.importers.walk import iter_files
from quotecoder.core.model import Article
from quotecoder.core.pretag import Pretagger
from quotecoder.core.progress import Cancelled, Progress
from quotecoder.core.store import Store

BATCH_SIZE = 32


@dataclass
class ImportReport:
    """What an import did."""

    imported: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # files or rows not imported
    warnings: list[ImportProblem] = field(default_factory=list)  # imported, with a caveat
    quotes: int = 0
    entities: int = 0
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled

    def summary(self) -> str:
        """A few lines for the user."""
        lines = [
            f"Imported {len(self.imported)} article(s) "
            f"with {self.quotes} quote(s) and {self.entities} entit{'y' if self.entities == 1 else 'ies'}."
        ]
        if self.duplicates:
            lines.append(f"Skipped {len(self.duplicates)} duplicate(s) already in the database:")
            lines += [f"  {source}" for source in self.duplicates]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s):")
            lines += [f"  {warning}" for warning in self.warnings]
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s); these were not imported:")
            lines += [f"  {problem}" for problem in self.problems]
        if self.cancelled:
            lines.append("The import was cancelled; what was imported so far is saved.")
        return "\n".join(lines)


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files ``paths`` name, counting folders' contents as the import walks them."""
    return sum(1 for item in iter_files(paths) if isinstance(item, Path))


def _read(paths: list[str | Path], columns: Mapping[str, str] | None) -> Iterator[tuple[int, Article | ImportProblem]]:
    """Each article or problem, with the number of the file it came from (1-based)."""
    for number, file in enumerate(iter_files(paths), start=1):
        if isinstance(file, ImportProblem):
            yield number, file
        else:
            for item in read_articles([file], columns):
                yield number, item


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    pretagger: Pretagger | None = None,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import the articles in ``paths`` (files or folders) into ``store``.

    New articles are pre-tagged with ``pretagger`` (entities, quotes, speakers)
    and grouped with their near-duplicates; exact duplicates are skipped and
    reported, bad files reported per file.
    Progress counts files done; ``progress.cancel()`` stops between articles.
    """
    paths = list(paths)
    progress = progress or Progress()
    progress.start(count_files(paths), "Reading articles…")
    report = ImportReport()
    if pretagger is not None and not pretagger.registry:
        pretagger.registry = store.speakers()
    seen: set[str] = set()
    duplicates = store.duplicate_index()
    try:
        for batch in _batches(_read(paths, columns), batch_size):
            fresh: list[tuple[int, Article]] = []
            for number, item in batch:
                if isinstance(item, ImportProblem):
                    (report.warnings if item.is_warning else report.problems).append(item)
                elif item.content_hash in seen or store.has_article(item.content_hash):
                    report.duplicates.append(item.source)
                else:
                    seen.add(item.content_hash)
                    fresh.append((number, item))
            progress.check()
            annotations = pretagger.annotate([a.text for _, a in fresh]) if pretagger else None
            for number, article in fresh:
                annotation = next(annotations) if annotations is not None else None
                sig = signature(article.text)
                match = duplicates.find(article.text, sig)
                article.dup_group = match.group
                article.minhash = sig if match.group is None else None  # a copy is not indexed
                try:
                    article_id = store.add_article(article, annotation, match.joins, match.merges)
                except ValueError as exc:  # a span that does not fit the text: skip this article only
                    report.problems.append(ImportProblem(article.source, None, f"not stored: {exc}"))
                    continue
                if article_id is None:
                    report.duplicates.append(article.source)
                    continue
                duplicates.insert(article_id, sig, match)
                report.imported.append(article_id)
                if annotation is not None:
                    report.quotes += len(annotation.quotes)
                    report.entities += len(annotation.entities)
                progress.update(number - 1, f"Imported {len(report.imported)} article(s)")
            progress.update(batch[-1][0] - 1)
        progress.update(progress.total, f"Imported {len(report.imported)} article(s)")
    except Cancelled:
        report.cancelled = True
    return report
