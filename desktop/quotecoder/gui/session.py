"""The one place every GUI write goes through: :class:`Session`.

A Session owns the open store, the current coder, the codebook, the undo stack, the
background jobs, the read-only reason and blind mode. Widgets and dialogs receive it
and listen to its ``changed(article_id, scope)`` signal; they never call each other
to refresh.

* ``session.run(command)`` — an undoable action (:mod:`quotecoder.gui.commands`);
* ``session.submit(kind, work, …)`` — background work: ``work(store, progress)`` is a
  plain function taking a :class:`~quotecoder.core.progress.Progress`; one job of a
  kind runs at a time;
* ``session.set_setting`` — conveniences (the last position), never undone.

One read-only check (:meth:`Session.writable`), one way to show errors
(the ``errorRaised`` signal, which the window shows).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from quotecoder.core.codebook import default_codebook
from quotecoder.core.model import Codebook
from quotecoder.core.store import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, Store, StoreError
from quotecoder.core.study import is_blind, set_blind
from quotecoder.gui.workers import Job, NlpLoader

if TYPE_CHECKING:
    from quotecoder.gui.commands import Command

#: ``article_id`` of a change that is not about one article.
ALL = 0

# What a change touches (the ``scope`` of ``Session.changed``).
STANCE = "stance"  # one article's codes of the current coder (any quote or article variable)
QUOTES = "quotes"  # one article's quotes, entities or speakers
ARTICLES = "articles"  # anything, anywhere: articles came or went (an import, a merge, another program)
SPEAKERS = "speakers"  # the speaker registry
CODEBOOK = "codebook"
CODER = "coder"  # another coder is coding
BLIND = "blind"
SAMPLE = "sample"  # the reliability sample
ADJUDICATION = "adjudication"
EXTERNAL = "external"  # another program saved something; the same articles are there

WATCH_MS = 2000  # how often the window looks for changes made by another program


def user_message(exc: BaseException | str) -> str:
    """The message for the user, with what to do next for the store's errors."""
    message = str(exc)
    if isinstance(exc, DatabaseLocked):
        message += "\n\nYour earlier work is saved. Try the action again in a moment."
    elif isinstance(exc, DatabaseReadOnly):
        message += "\n\nNothing was changed. Earlier work is saved."
    elif isinstance(exc, DatabaseCorrupt):
        message += "\n\nQuoteCoder stopped writing to this file. Restore it from a backup."
    return message


class Session(QObject):
    """The open database and everything the window's parts share (passed in, never global)."""

    changed = Signal(int, str)  # article id (ALL for none in particular), scope
    focusQuote = Signal(int, object)  # show this article and quote (after undo, or when asked)
    saved = Signal()  # an action was saved (after a run, undo or redo)
    message = Signal(str, int)  # a note for the status bar, and for how many ms
    errorRaised = Signal(str, str, str)  # title, message, detail
    jobStarted = Signal(object)  # a Job
    jobEnded = Signal(object)

    def __init__(self, store: Store, coder: str, *, codebook: Codebook | None = None, pretagger=None,
                 readonly_reason: str | None = None, owns_store: bool = False, lock=None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.coder = coder
        self.codebook = codebook or store.codebook() or default_codebook()
        self.readonly_reason = readonly_reason or (
            f"{store.path} cannot be written; this window is read-only" if store.readonly else None)
        self.blind = is_blind(store)
        self.nlp = NlpLoader(pretagger)
        self.undo_stack = QUndoStack(self)
        self.jobs: list[Job] = []
        self._owns_store, self._lock = owns_store, lock
        self._closed = False
        self._stamp = self._read_stamp()
        self._watch = QTimer(self, interval=WATCH_MS)
        self._watch.timeout.connect(self.look_for_changes)
        self._watch.start()

    # -- state -----------------------------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    def writable(self, what: str = "This") -> bool:
        """The one read-only check: False (and a note saying why) in a read-only window."""
        if self.readonly:
            self.message.emit(f"{what}: this window is read-only, nothing was changed.", 5000)
        return not self.readonly

    def set_coder(self, name: str) -> bool:
        """Code as ``name`` from now on (the undo stack starts afresh: its actions were another coder's)."""
        name = name.strip()
        if not name or name == self.coder:
            return False
        if not self.readonly:
            try:
                self.store.coder(name)
                self.store.set_setting("last_coder", name)
            except StoreError as exc:
                self.show_error("Coder not switched", exc)
                return False
        self.coder = name
        self.undo_stack.clear()
        self.changed.emit(ALL, CODER)
        return True

    def set_blind(self, on: bool) -> None:
        """Blind mode on or off: a rule of the database, so every coder's window follows it."""
        on = bool(on)
        if not self.readonly:
            try:
                set_blind(self.store, on)
            except StoreError as exc:
                self.show_error("Blind mode not saved", exc)
                return
        self.blind = on
        self.changed.emit(ALL, BLIND)
        self.note("Blind mode on: you see only your own labels; Agreement and Adjudication are off." if on
                  else "Blind mode off.", 6000)

    def setting(self, key: str) -> str | None:
        return self.store.setting(key)

    def set_setting(self, key: str, value: str | None) -> bool:
        """A convenience saved quietly (the last position, a remembered name); never undone.
        A busy or read-only database skips it: it must not interrupt coding."""
        if self.readonly or self._closed:
            return False
        try:
            self.store.set_setting(key, value)
        except StoreError:
            return False
        return True

    # -- undoable actions ------------------------------------------------------------------------

    def run(self, command: Command) -> bool:
        """Do ``command`` and put it on the undo stack; False (and the error shown) if it failed."""
        if not self.writable(command.text()):
            return False
        done, select = self._attempt("Not saved", command.apply)
        if not done:
            return False
        command.session = self
        command.done_once = True  # the stack's first redo() is this one
        self.undo_stack.push(command)
        self._applied(command, select)
        return True

    def replay(self, command: Command, step: Callable[[Store], int | None]) -> None:
        """Undo or redo ``command`` (called by the undo stack; a failure is shown, the stack goes on)."""
        done, select = self._attempt("Undo/redo failed", step)
        if done:
            self._applied(command, select)

    def _attempt(self, title: str, step: Callable[[Store], int | None]) -> tuple[bool, int | None]:
        """``step(store)``: whether it worked, and the quote it selects; a failure is shown under ``title``."""
        try:
            return True, step(self.store)
        except (StoreError, ValueError, KeyError) as exc:
            self.show_error(title, exc)
        except Exception as exc:  # a bug: say so, never crash the window
            self.show_error(title, f"{type(exc).__name__}: {exc}", traceback.format_exc())
        return False, None

    def _applied(self, command: Command, select: int | None) -> None:
        if command.scope == CODEBOOK:
            self.codebook = self.store.codebook() or self.codebook
        if command.scope == ARTICLES:
            self._stamp = (self._stamp[0], self.store.article_stamp())
        self.changed.emit(command.article_id, command.scope)
        if command.article_id != ALL:
            self.focusQuote.emit(command.article_id, select)
        self.saved.emit()

    def show_quote(self, article_id: int, quote_id: int | None = None) -> None:
        """Ask the coding view to show a quote (from the adjudication queue, for example)."""
        self.focusQuote.emit(article_id, quote_id)

    # -- background jobs ---------------------------------------------------------------------

    def running(self, kind: str) -> Job | None:
        return next((j for j in self.jobs if j.name == kind and j.isRunning()), None)

    def submit(self, kind: str, work: Callable, *, label: str, writes: bool = True, store: bool = True,
               replace: bool = False, show: bool = True, done: Callable[[object], None] | None = None,
               failed: Callable[[str], None] | None = None, ended: Callable[[], None] | None = None
               ) -> Job | None:
        """Run ``work(store, progress)`` in the background with its own connection to the database
        (``store=False``: no database; ``writes=False``: read-only, so it also runs in a read-only
        window). ``done(result)`` follows success, ``failed(message)`` a failure (which is also
        shown), ``ended()`` any end. One job of a kind at a time: another is refused, or with
        ``replace`` the running one is cancelled. A writing job ends with ``changed(ALL, ARTICLES)``."""
        if writes and not self.writable(label.rstrip("…")):
            return None
        running = self.running(kind)
        if running is not None:
            if not replace:
                self.note(f"{running.label.rstrip('…')} is still running; wait for it or cancel it.", 5000)
                return None
            running.cancel()
        job = Job(kind, work, self.store.path if store else None, self, readonly=not writes)
        job.label, job.shown = label, show
        job.failed.connect(lambda message, detail: self.show_error(f"{label.rstrip('…')} failed", message, detail))
        if done is not None:
            job.succeeded.connect(done)
        if failed is not None:
            job.failed.connect(lambda message, _detail: failed(message))
        job.finished.connect(lambda: self._job_ended(job, writes))
        if ended is not None:
            job.finished.connect(ended)
        self.jobs.append(job)  # connected before it starts: a quick job cannot finish unheard
        job.start()
        self.jobStarted.emit(job)
        return job

    def _job_ended(self, job: Job, writes: bool) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self.jobEnded.emit(job)
        if writes and not self._closed:
            self._stamp = self._read_stamp()  # seen here: not reported again as another program's
            self.changed.emit(ALL, ARTICLES)
        job.deleteLater()

    def cancel_jobs(self) -> None:
        for job in self.jobs:
            job.cancel()

    # -- other programs ----------------------------------------------------------------------

    def look_for_changes(self) -> bool:
        """Show what another program (the command line, a colleague's merge) saved meanwhile."""
        if self._closed:
            return False
        try:
            if self.store.data_version() == self._stamp[0]:
                return False
            stamp = self._read_stamp()
        except StoreError:
            return False
        articles_changed = stamp[1] != self._stamp[1]
        self._stamp = stamp
        codebook = self.store.codebook() or self.codebook
        if codebook != self.codebook:  # a codebook loaded from the command line: new keys, columns
            self.codebook = codebook
            self.changed.emit(ALL, CODEBOOK)
        blind = is_blind(self.store)
        if blind != self.blind:
            self.blind = blind
            self.changed.emit(ALL, BLIND)
        self.changed.emit(ALL, ARTICLES if articles_changed else EXTERNAL)
        return True

    def _read_stamp(self) -> tuple[int, int]:
        return self.store.data_version(), self.store.article_stamp()

    @property
    def has_articles(self) -> bool:
        return self._stamp[1] > 0

    # -- messages --------------------------------------------------------------------------------

    def note(self, text: str, ms: int = 4000) -> None:
        self.message.emit(text, ms)

    def show_error(self, title: str, exc: BaseException | str, detail: str = "") -> None:
        self.errorRaised.emit(title, user_message(exc), detail)

    # -- closing ---------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self, timeout_ms: int = 30000) -> None:
        """Stop the jobs (waiting for them), close the store and release the window's lock."""
        if self._closed:
            return
        self._watch.stop()
        for job in list(self.jobs):
            job.cancel()
        for job in list(self.jobs):
            job.wait(timeout_ms)
        from PySide6.QtWidgets import QApplication

        QApplication.sendPostedEvents()  # deliver the jobs' last signals while the store is open
        self._closed = True
        if self._owns_store:
            self.store.close()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
