"""The status bar: "Coder · Coded x of y" always visible, messages beside it, the jobs' progress."""

from __future__ import annotations

import html
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from quotecoder.gui.session import ARTICLES, BLIND, CODEBOOK, CODER, EXTERNAL, QUOTES, STANCE, Session
from quotecoder.gui.workers import Job


class StatusLine:
    """Fills a window's status bar; listens to the session. Messages never cover the coder
    and the progress (the bar's own temporary messages are not used)."""

    def __init__(self, session: Session, bar: QStatusBar) -> None:
        self.session = session
        self.coder_label = QLabel(objectName="coderLabel")
        self.progress_label = QLabel(objectName="progressLabel")
        self.message_label = QLabel(objectName="messageLabel")
        self.message_label.setStyleSheet("QLabel { color: #1f4e79; }")
        self.saved_label = QLabel(objectName="savedLabel")
        self.job_label = QLabel(objectName="jobLabel")
        self.job_bar = QProgressBar(objectName="jobBar")
        self.job_bar.setMaximumWidth(220)
        self.job_bar.setTextVisible(True)
        self.job_cancel = QPushButton("Cancel", objectName="jobCancel")
        self.job_cancel.clicked.connect(session.cancel_jobs)
        for w in (self.job_label, self.job_bar, self.job_cancel):
            w.hide()
        bar.addWidget(self.coder_label)
        bar.addWidget(self.progress_label)
        bar.addWidget(self.message_label, 1)
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(self.job_label)
        bar.addPermanentWidget(self.job_bar)
        bar.addPermanentWidget(self.job_cancel)
        self._clear = QTimer(bar, singleShot=True)
        self._clear.timeout.connect(lambda: self.message_label.clear())
        session.changed.connect(self._changed)
        session.message.connect(self.show_message)
        session.saved.connect(lambda: self.set_saved(f"Saved ✓ {time.strftime('%H:%M:%S')}"))
        session.jobStarted.connect(self._job_started)
        session.jobEnded.connect(self._job_ended)
        self.show_coder()
        self.show_progress()

    def show_message(self, text: str, ms: int = 4000) -> None:
        """A note beside the coder and progress; gone after ``ms`` (0: until the next one)."""
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        if ms > 0:
            self._clear.start(ms)
        else:
            self._clear.stop()

    def set_saved(self, text: str) -> None:
        self.saved_label.setText(text)

    def show_coder(self) -> None:
        blind = " · <span style='color:#1f4e79'>blind mode</span>" if self.session.blind else ""
        self.coder_label.setText(f"Coder: <b>{html.escape(self.session.coder)}</b>{blind}")

    def show_progress(self) -> None:
        """Quotes this coder has coded for every quote variable, of all active quotes."""
        coded, total = self.session.store.progress(self.session.coder)
        share = f" ({coded / total:.0%})" if total else ""
        self.progress_label.setText(f"· Coded {coded} of {total} quotes{share}")

    def _changed(self, article_id: int, scope: str) -> None:
        if scope in (CODER, BLIND):
            self.show_coder()
        if scope in (STANCE, QUOTES, ARTICLES, EXTERNAL, CODER, CODEBOOK):  # a new quote variable: fewer are done
            self.show_progress()

    # -- jobs ------------------------------------------------------------------------------------

    def _job_started(self, job: Job) -> None:
        if not job.shown:
            return
        self.job_label.setText(job.label)
        self.job_bar.setRange(0, 0)
        for w in (self.job_label, self.job_bar, self.job_cancel):
            w.show()

        def progressed(done: int, total: int, message: str) -> None:
            if total > 0:
                self.job_bar.setRange(0, total)
                self.job_bar.setValue(min(done, total))
            if message:
                self.job_label.setText(message)

        job.progressed.connect(progressed)

    def _job_ended(self, job: Job) -> None:
        if not any(j.shown and j.isRunning() for j in self.session.jobs):
            for w in (self.job_label, self.job_bar, self.job_cancel):
                w.hide()
