"""Progress and cancellation for long jobs, shared by the CLI and the GUI.

Long jobs are plain functions that take a :class:`Progress`; the caller decides
how to show it (a terminal bar, a Qt progress dialog) and may cancel it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


class Cancelled(Exception):
    """Raised inside a job when its caller cancelled it."""


@dataclass
class Progress:
    """Progress state of one job: ``done`` of ``total`` steps, a message, and a cancel flag.

    ``on_change`` is called from the job's thread after every update.
    """

    total: int = 0
    done: int = 0
    message: str = ""
    on_change: Callable[[Progress], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def start(self, total: int, message: str = "") -> None:
        self.total, self.done, self.message = total, 0, message
        self._notify()

    def advance(self, steps: int = 1, message: str | None = None) -> None:
        """Count ``steps`` as done; raises :class:`Cancelled` if the job was cancelled."""
        self.done += steps
        if message is not None:
            self.message = message
        self._notify()
        self.check()

    def update(self, done: int, message: str | None = None) -> None:
        """Set the count of steps done; raises :class:`Cancelled` if the job was cancelled."""
        self.advance(done - self.done, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def _notify(self) -> None:
        if self.on_change is not None:
            self.on_change(self)
