"""Background jobs: a QThread that runs one of the core's plain functions with a Progress.

The job opens its OWN :class:`Store` on the database (sqlite3 connections belong to
one thread); the UI's store sees the rows once the job's transactions commit (WAL).
``Progress.on_change`` is bridged to the ``progressed`` signal, which Qt queues to
the UI thread; ``cancel()`` sets the Progress's cancel flag, which the job checks
between steps.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from quotecoder.core.progress import Cancelled, Progress
from quotecoder.core.store import Store, StoreError


class Job(QThread):
    """Runs ``fn(store, progress)`` (``store`` is None when ``db`` is None) in its own thread.

    It ends with exactly one of ``succeeded`` (``fn`` returned), ``failed`` or ``cancelled``
    (``fn`` raised :class:`Cancelled`).
    """

    progressed = Signal(int, int, str)  # done, total, message
    succeeded = Signal(object)  # the function's result
    failed = Signal(str, str)  # message for the user, detail
    cancelled = Signal()

    def __init__(self, name: str, fn: Callable[[Store | None, Progress], object],
                 db: str | Path | None = None, parent=None, readonly: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.name = name
        self._fn = fn
        self._db = db
        self._readonly = readonly  # a job that only reads (export, agreement) works in a read-only window
        self.progress = Progress(on_change=self._changed)
        self.result: object = None
        self.error: str | None = None
        self.label = name  # what the status bar says while it runs
        self.shown = True  # in the status bar (an import shows its own progress dialog instead)

    def _changed(self, progress: Progress) -> None:
        self.progressed.emit(progress.done, progress.total, progress.message)

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> None:  # the worker thread
        store = None
        try:
            if self._db is not None:
                store = Store(self._db, readonly=self._readonly)
            self.result = self._fn(store, self.progress)
        except Cancelled:
            self.cancelled.emit()
            return
        except StoreError as exc:
            self.error = str(exc)
            self.failed.emit(str(exc), "")
            return
        except Exception as exc:  # a bug or an unexpected failure: report it, never crash the UI
            self.error = f"{type(exc).__name__}: {exc}"
            self.failed.emit(self.error, traceback.format_exc())
            return
        finally:
            if store is not None:
                store.close()
        self.succeeded.emit(self.result)  # a result cancelled midway says so itself (ImportReport.cancelled)


class NlpLoader:
    """Loads a Pretagger's spaCy pipeline once, whichever thread asks first."""

    def __init__(self, pretagger) -> None:
        self.pretagger = pretagger
        self._lock = threading.Lock()
        self.loaded = False

    def ensure(self):
        with self._lock:
            if self.pretagger is not None and not self.loaded:
                getattr(self.pretagger, "nlp", None)
            self.loaded = True
        return self.pretagger
