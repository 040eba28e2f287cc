"""File › Import runs in the background: the event loop keeps running, Cancel works, errors are shown."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from quotecoder.core.model import Annotation, Article, Entity
from quotecoder.core.store import Store
from quotecoder.core.workspace import open_store
from quotecoder.gui.app import open_window

CODER = "ana"


class SlowPretagger:
    """Stands in for spaCy: finds one PERSON per text, slowly, so the import takes a while."""

    def __init__(self, delay: float = 0.05) -> None:
        self.delay = delay
        self.registry = []
        self.calls = 0

    def annotate(self, texts, batch_size=16, n_process=1, registry=None):
        for text in texts:
            time.sleep(self.delay)
            self.calls += 1
            start = text.index("Captain")
            yield Annotation(entities=[Entity(start, start + 7, "PERSON", "Captain")])


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for i in range(12):
        (folder / f"story{i:02d}.txt").write_text(
            f"Harbour story {i}\n\nCaptain Edda Morn said the tide tables for pier {i} were wrong.\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture
def window(qtbot, tmp_path):
    db = tmp_path / "import.db"
    store = open_store(db)
    store.add_article(Article(text="An opening fictional story about gulls.", source="g.txt",
                              title="Gulls", content_hash="gulls"))
    store.close()
    pretagger = SlowPretagger()
    w = open_window(db, CODER, pretagger=pretagger, load_nlp=False, show_errors=False,
                    settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    yield w
    if w.isVisible():
        w.close()


def test_import_runs_in_background_while_the_event_loop_ticks(window, qtbot, corpus):
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    job = window.files.start_import([corpus])
    dialog = window.findChild(QProgressDialog, "importProgress")
    assert dialog is not None and dialog.isVisible()
    assert job.isRunning()
    qtbot.waitUntil(lambda: not window.session.jobs, timeout=20000)
    timer.stop()
    # 12 articles at 50 ms each: the UI thread ticked many times during the import
    assert len(ticks) >= 20
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert max(gaps) < 0.5
    report = window.files.last_report
    assert len(report.imported) == 12 and report.entities == 12
    assert window.article_list.model.total == 13
    assert "Imported 12" in window.status.message_label.text()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)  # closed by the job's last, queued signal
    check = Store(window.session.store.path)
    assert check.article_count() == 13
    check.close()


def test_import_cancel_keeps_what_was_imported(window, qtbot, corpus):
    window.session.nlp.pretagger.delay = 0.2
    job = window.files.start_import([corpus])
    dialog = window.findChild(QProgressDialog, "importProgress")
    qtbot.waitUntil(lambda: window.session.nlp.pretagger.calls >= 1, timeout=10000)
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    # wait from before the click: a job that stops at once must not finish unseen
    with qtbot.waitSignal(job.finished, timeout=20000):
        qtbot.mouseClick(button, Qt.LeftButton)
    report = window.files.last_report
    assert report.cancelled
    assert len(report.imported) < 12
    box = window.findChild(QMessageBox, "importReport")
    assert box is not None and "cancelled" in box.text()
    assert window.article_list.model.total == 1 + len(report.imported)


def test_failed_files_are_reported_with_detail(window, qtbot, tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    good = tmp_path / "fine.txt"
    good.write_text("Captain Ola Brisk said the nets were mended.\n", encoding="utf-8")
    window.files.start_import([bad, good])
    qtbot.waitUntil(lambda: not window.session.jobs, timeout=20000)  # however quickly it ends
    report = window.files.last_report
    assert report.problems and len(report.imported) == 1
    box = window.findChild(QMessageBox, "importReport")
    assert box is not None
    assert "broken.jsonl" in box.detailedText()


def test_quit_during_import_stops_the_worker(window, qtbot, corpus):
    window.session.nlp.pretagger.delay = 0.2
    job = window.files.start_import([corpus])
    qtbot.waitUntil(lambda: window.session.nlp.pretagger.calls >= 1, timeout=10000)
    window.close()
    assert job.isFinished()
    assert window.files.last_report is None or window.files.last_report.cancelled


def test_a_job_cancelled_after_its_work_is_done_ends_one_way(qtbot):
    from quotecoder.gui.workers import Job

    def work(store, progress):
        progress.cancel()  # Cancel pressed as the work finished
        return 42

    job = Job("late cancel", work)
    ends = []
    job.succeeded.connect(lambda result: ends.append(("succeeded", result)))
    job.cancelled.connect(lambda: ends.append(("cancelled", None)))
    job.failed.connect(lambda message, detail: ends.append(("failed", message)))
    with qtbot.waitSignal(job.finished, timeout=10000):
        job.start()
    qtbot.waitUntil(lambda: bool(ends))
    qtbot.wait(50)  # any second signal is queued by now
    assert ends == [("succeeded", 42)]
