"""Make the documentation screenshots offscreen: docs/screenshots/start-panel.png, coding-window.png,
shortcuts.png, speaker-registry.png, agreement.png, adjudication.png and import-progress.png.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py

Uses a fresh temporary study: its start panel, then the (fictional) sample articles
loaded from it with the real pre-tagger, as a new user would.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QProgressDialog  # noqa: E402

from quotecoder.core.store import Store  # noqa: E402
from quotecoder.core.workspace import sample_paths  # noqa: E402
from quotecoder.gui.app import application, open_window  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1440, 860)


def wait(app: QApplication, condition, timeout: float = 180.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("gave up waiting")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def compose(window, dialog) -> QPixmap:
    """The window with a top-level dialog painted where it sits."""
    shot = window.grab()
    painter = QPainter(shot)
    inner = dialog.grab()
    bar = dialog.fontMetrics().height() + 12
    offset = dialog.frameGeometry().topLeft() - window.frameGeometry().topLeft()
    x, y = max(0, offset.x()), max(bar, offset.y())
    painter.fillRect(x - 1 + 6, y - bar + 6, inner.width() + 2, inner.height() + bar + 2, QColor(0, 0, 0, 60))
    painter.fillRect(x - 1, y - bar - 1, inner.width() + 2, inner.height() + bar + 2, QColor("#5b6573"))
    painter.fillRect(x, y - bar, inner.width(), bar, QColor("#e8ebef"))
    painter.setPen(QColor("#1a1a1a"))
    painter.drawText(x + 10, y - bar, inner.width() - 20, bar, Qt.AlignVCenter | Qt.AlignLeft, dialog.windowTitle())
    painter.drawPixmap(QPoint(x, y), inner)
    painter.end()
    return shot


def shot(app: QApplication, window, dialog, name: str, note: str = "") -> None:
    """The window with ``dialog`` over its middle, saved as ``name``."""
    dialog.move(window.frameGeometry().center() - dialog.rect().center())
    settle(app)
    compose(window, dialog).save(str(OUT / name))
    print(f"wrote {OUT / name}{note}")


def study_shots(app: QApplication, window) -> None:
    """agreement.png and adjudication.png: a second coder double-codes the first articles."""
    keys = [lab.key for lab in window.session.codebook.labels]
    rng = random.Random(4)
    with Store(window.session.store.path) as store:  # as another program would: the window notices
        for row in store.article_rows(limit=5):
            for quote in store.quotes(row.id):
                first = store.label(quote.id, "Researcher") or rng.choice(keys)
                store.set_label(quote.id, "Researcher", first)
                second = first if rng.random() < 0.78 else rng.choice(keys)
                store.set_label(quote.id, "Coder B", second)
    window.session.look_for_changes()
    dialog = window.study.agreement_dialog()
    wait(app, lambda: dialog.report is not None, timeout=120)
    shot(app, window, dialog, "agreement.png", f" (alpha {dialog.report.alpha:.3f} on {dialog.report.units} quotes)")
    dialog.close()
    settle(app, 0.2)
    window.session.set_setting("adjudicator", "Chair")
    dialog = window.study.adjudication_dialog()
    for _ in range(3):  # decide the first few with the codebook's keys
        row = dialog.current_row()
        labels = dialog.rows[row].labels
        dialog.decide(sorted(labels.values())[0])
    shot(app, window, dialog, "adjudication.png", f" ({len(dialog.rows)} disagreements)")
    dialog.close()
    settle(app, 0.2)


def tool_shots(app: QApplication, window) -> None:
    """shortcuts.png (F1) and speaker-registry.png."""
    dialog = window.show_shortcuts()
    shot(app, window, dialog, "shortcuts.png")
    dialog.close()
    settle(app, 0.2)
    dialog = window.edit_speakers()
    dialog.sort.setCurrentIndex(dialog.sort.findData("count"))
    dialog.list.setCurrentRow(0)  # the most quoted speaker
    shot(app, window, dialog, "speaker-registry.png", f" ({len(dialog.all)} speakers)")
    dialog.close()
    settle(app, 0.2)


def main() -> int:
    app = application()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="quotecoder-shots-"))
    try:
        settings = QSettings(str(work / "settings.ini"), QSettings.IniFormat)
        window = open_window(work / "demo.db", "Researcher", settings=settings)
        window.resize(*SIZE)
        settle(app)
        window.grab().save(str(OUT / "start-panel.png"))
        print(f"wrote {OUT / 'start-panel.png'}")
        window.start_panel.samples_button.click()  # spaCy loads, the samples are imported
        wait(app, lambda: not window.session.jobs)
        settle(app)
        store = window.session.store
        # an article with several quotes: code some of them, leave others uncoded
        rows = store.article_rows(limit=50)
        best = max(rows, key=lambda r: (r.quotes, -r.id))
        coding = window.coding
        coding.open_article(best.id)
        keys = [lab.key for lab in window.session.codebook.labels]
        for i, quote in enumerate(list(coding.quotes)[: max(1, len(coding.quotes) // 2 + 1)]):
            coding.select_quote(quote.id)
            window.coding_actions.code(window.session.codebook.stance.key, keys[i % len(keys)])
        if len(coding.quotes) > 1:
            coding.select_quote(coding.quotes[1].id)
        window.focus_home()
        settle(app)
        window.grab().save(str(OUT / "coding-window.png"))
        print(f"wrote {OUT / 'coding-window.png'} (article {best.id}: {best.quotes} quotes)")
        tool_shots(app, window)
        study_shots(app, window)

        # an import in progress: fictional copies of the samples under new names
        incoming = work / "incoming"
        incoming.mkdir()
        for n in range(4):
            for path in sample_paths():
                text = path.read_text(encoding="utf-8")
                (incoming / f"{n}_{path.name}").write_text(f"{text}\n\n(Edition {n + 2}.)\n", encoding="utf-8")
        job = window.files.start_import([incoming])
        dialog = window.findChild(QProgressDialog, "importProgress")
        wait(app, lambda: dialog.value() >= 6 or not job.isRunning())
        dialog.move(window.frameGeometry().center() - dialog.rect().center())
        settle(app, 0.2)
        compose(window, dialog).save(str(OUT / "import-progress.png"))
        print(f"wrote {OUT / 'import-progress.png'}")
        job.cancel()
        window.close()
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
