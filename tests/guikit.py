"""Shared pieces of the GUI tests: opening windows on a test database, focus, keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from quotecoder.core.store import Store
from quotecoder.gui.app import open_window

CODER = "ana"


@pytest.fixture
def settings(tmp_path):
    """Window geometry and state kept in the test's own folder, not the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


@pytest.fixture
def make_window(qtbot, settings, request):
    """``make(path=None, coder="ana", **options)`` opens a shown window (on the ``db`` fixture by default)."""
    windows = []

    def make(path=None, coder=CODER, **options):
        path = path or request.getfixturevalue("db")
        window = open_window(path, coder, settings=settings, load_nlp=False, show_errors=False, **options)
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        activate(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()


@pytest.fixture
def check(db):
    """A separate connection to look at what the window saved."""
    store = Store(db)
    yield store
    store.close()


def activate(qtbot, window, focus=None):
    """Make ``window`` the active window (window shortcuts only reach an active window)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    quote_table = getattr(window, "quote_panel", None) and window.quote_panel.table
    (focus or quote_table or window).setFocus()


def key(qtbot, window, k, modifier=Qt.NoModifier):
    if QApplication.activeWindow() is not window:
        activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, k, modifier)
