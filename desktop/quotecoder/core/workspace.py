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
        store.save_codebook(default_codebook())
    return store


def sample_paths() -> list[Path]:
    """The shipped sample articles."""
    return sorted(resource("samples").glob("*.txt"))


def needs_samples(store: Store) -> bool:
    """True for a database that is new: never seeded, and holding no articles."""
    return not store.readonly and store.setting(SEEDED) is None and store.article_count() == 0


def seed_samples(store: Store, pretagger: Pretagger | None, progress: Progress | None = None) -> ImportReport:
    """Import the sample corpus into ``store`` and remember that it was done."""
    from quotecoder.core.importing import import_paths

    report = import_paths(store, sample_paths(), pretagger, progress=progress)
    if not report.cancelled:
        store.set_setting(SEEDED, now())
    return report
