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

from quotecoder.core.importers import ImportProblem, read_articles
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
    problems: list[ImportProblem] = field(default_factory=list)
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
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s); these were not imported:")
            lines += [f"  {problem}" for problem in self.problems]
        if self.cancelled:
            lines.append("The import was cancelled; what was imported so far is saved.")
        return "\n".join(lines)


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files ``paths`` name, counting folders' contents (for progress)."""
    total = 0
    for path in map(Path, paths):
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            total += 1
    return total


def _batches(items: Iterator[Article | ImportProblem], size: int) -> Iterator[list[Article | ImportProblem]]:
    batch: list[Article | ImportProblem] = []
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

    New articles are pre-tagged with ``pretagger`` (entities, quotes, speakers);
    exact duplicates are skipped and reported, bad files reported per file.
    Progress counts articles read; ``progress.cancel()`` stops between articles.
    """
    paths = list(paths)
    progress = progress or Progress()
    progress.start(0, "Reading articles…")
    report = ImportReport()
    if pretagger is not None and not pretagger.registry:
        pretagger.registry = store.speakers()
    seen: set[str] = set()
    try:
        for batch in _batches(read_articles(paths, columns), batch_size):
            fresh: list[Article] = []
            for item in batch:
                if isinstance(item, ImportProblem):
                    report.problems.append(item)
                elif item.content_hash in seen or store.has_article(item.content_hash):
                    report.duplicates.append(item.source)
                else:
                    seen.add(item.content_hash)
                    fresh.append(item)
            progress.check()
            annotations = pretagger.annotate([a.text for a in fresh]) if pretagger else None
            for article in fresh:
                annotation = next(annotations) if annotations is not None else None
                article_id = store.add_article(article, annotation)
                if article_id is None:
                    report.duplicates.append(article.source)
                    continue
                report.imported.append(article_id)
                if annotation is not None:
                    report.quotes += len(annotation.quotes)
                    report.entities += len(annotation.entities)
                progress.advance(1, f"Imported {len(report.imported)} article(s)")
    except Cancelled:
        report.cancelled = True
    return report
