"""The coding window in hostile surroundings: a locked, read-only or too new database, a 5 MB article.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import sqlite3
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from guikit import key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.schema import SCHEMA_VERSION
from quotecoder.core.store import DatabaseTooNew, Store
from quotecoder.core.workspace import open_store
from quotecoder.gui.app import open_window

PARAGRAPH = "The ferry board met on day {n}. “We will not be rushed,” chair Edda Morn said. Officials agreed.\n\n"


def paragraphs_article(path, count: int, quotes: int | None = None) -> None:
    text = "".join(PARAGRAPH.format(n=n) for n in range(count))
    found, pos = [], 0
    for n in range(count if quotes is None else quotes):
        paragraph = PARAGRAPH.format(n=n)
        start = pos + paragraph.index("“") + 1
        end = pos + paragraph.index(",”")
        found.append(Quote(start=start, end=end, text=text[start:end], kind="direct", speaker=Speaker("Edda Morn")))
        pos += len(paragraph)
    with open_store(path) as store:
        store.add_article(Article(text=text, source="board.txt", title="Board", content_hash=f"board{count}"),
                          Annotation(quotes=found))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "coding.db"
    paragraphs_article(path, 5)
    return path


def test_a_locked_database_gives_a_clear_error_and_loses_nothing(make_window, qtbot, db):
    window = make_window()
    window.session.store.conn.execute("PRAGMA busy_timeout = 200")  # do not keep the test waiting five seconds
    key(qtbot, window, Qt.Key_1)
    first = window.coding.current_quote().id
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        key(qtbot, window, Qt.Key_J)
        key(qtbot, window, Qt.Key_2)
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None)
        box = window.findChild(QMessageBox, "errorBox")
        assert "busy" in box.text() and "earlier work is saved" in box.text()
        box.close()
        assert window.session.undo_stack.count() == 1  # the failed action is not on the undo stack
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    key(qtbot, window, Qt.Key_2)  # once the lock is gone, the same key works
    with Store(db) as check:
        assert check.stance_units(["ana"]) == {first: {"ana": "pro-deployment"},
                                               window.coding.current_quote().id: {"ana": "opposed"}}


@pytest.fixture
def read_only_folder(tmp_path):
    """A real read-only file system (a tmpfs remounted read-only), where the machine allows it."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    paragraphs_article(mount / "shared.db", 3)
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=False)  # the window may still hold the file


def test_a_read_only_database_opens_read_only_with_a_banner(make_window, qtbot, read_only_folder):
    window = make_window(read_only_folder / "shared.db")
    assert window.session.readonly and window.banner.isVisible()
    assert "read-only" in window.banner.text()
    assert not window.actions_by_name["stance:opposed"].isEnabled()
    assert window.coding.quotes  # the work is there to read


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path, qtbot, settings):
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer QuoteCoder"):
        open_window(path, "ana", settings=settings, load_nlp=False, show_errors=False)
    assert path.read_bytes() == before


def test_a_five_megabyte_article_opens_and_scrolls_to_the_end(make_window, qtbot, tmp_path):
    path = tmp_path / "big.db"
    paragraphs_article(path, 5 * 2**20 // len(PARAGRAPH), quotes=2000)
    window = make_window(path)
    assert len(window.coding.text.toPlainText()) > 5_000_000
    assert len(window.coding.quotes) == 2000
    bar = window.coding.text.verticalScrollBar()
    qtbot.keyClick(window.coding.text, Qt.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(window.coding.text, Qt.Key_End, Qt.ControlModifier)
    view = window.coding.text
    assert view.textCursor().atEnd()
    qtbot.waitUntil(lambda: 0 <= view.cursorRect().top() < view.viewport().height())  # the end is on screen
    assert bar.value() > bar.maximum() // 2
    key(qtbot, window, Qt.Key_3)  # coding still works in a huge article
    with Store(path) as check:
        assert list(check.stance_units(["ana"]).values()) == [{"ana": "threat"}]


def test_the_first_window_fits_a_small_screen(make_window):
    window = make_window()
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
