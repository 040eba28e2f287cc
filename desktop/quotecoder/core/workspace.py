"""Opening a project database: the default codebook, and the sample corpus on first run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quotecoder.core import DEFAULT_DB
from quotecoder.core.codebook import default_codebook
from quotecoder.core.progress import Progress
from quotecoder.core.resources import resource
from quotecoder.core.store import Store, now

if TYPE_CHECKING:  # the import pipeline loads spaCy: only when samples are seeded
    from quotecoder.core.importing import ImportReport
    from quotecoder.core.pretag import Pretagger

SEEDED = "seeded_at"


def open_store(path: str | Path = DEFAULT_DB, readonly: bool = False) -> Store:
    """Open (or create) a database, giving a new one the default codebook."""
    store = Store(path, readonly=readonly)
    if not readonly and store.codebook() is None:
        store.ensure_codebook(default_codebook())
    return store


def sample_paths() -> list[Path]:
    """The shipped sample articles."""
    return sorted(resource("samples").glob("*.txt"))


def needs_samples(store: Store, path: str | Path | None = None) -> bool:
    """True on the README's first run: the default ``annotations.db`` (``path`` as the user
    named it, or ``store.path``), new (never seeded, holding no articles). A database named
    with ``--db`` starts empty: the window offers the samples on its start panel instead."""
    named = Path(path if path is not None else store.path)
    return (named == Path(DEFAULT_DB) and not store.readonly and store.setting(SEEDED) is None
            and store.article_count() == 0)


def sample_article_ids(store: Store) -> list[int]:
    """The ids of the shipped sample articles in ``store`` (found by their text)."""
    from quotecoder.core.importers import read_articles
    from quotecoder.core.model import Article

    hashes = [a.content_hash for a in read_articles(sample_paths()) if isinstance(a, Article)]
    return store.articles_with_hashes(hashes)


def seed_samples(store: Store, pretagger: Pretagger | None, progress: Progress | None = None) -> ImportReport:
    """Import the sample corpus into ``store`` and remember that it was done."""
    from quotecoder.core.importing import import_paths

    report = import_paths(store, sample_paths(), pretagger, progress=progress)
    if not report.cancelled:
        store.set_setting(SEEDED, now())
    return report
