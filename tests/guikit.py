"""Shared pieces of the GUI tests: opening windows on a test database, focus, keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from quotecoder.core.model import Annotation, Article, Entity, Quote, Span, Speaker
from quotecoder.core.store import Store
from quotecoder.core.workspace import open_store
from quotecoder.gui.app import open_window

CODER = "ana"

# -- a small study: three fictional articles, five quotes -----------------------------------------

ARTICLES = [
    (
        "Harbour council splits over ferry plan",
        "The Gullport Courier",
        "Councillor Mira Tesh said the ferry plan would ruin the old quay. "
        "\u201cWe cannot afford another white elephant,\u201d Tesh told the meeting on Monday. "
        "Harbourmaster Olek Brandt disagreed. \u201cThe ferry will bring trade back,\u201d Brandt said. "
        "Ivo Lanner, a fisherman, added that nobody had asked the crews.",
    ),
    (
        "Ferry vote delayed again",
        "The Gullport Courier",
        "The vote on the ferry was delayed for a third time. "
        "\u201cWe need more figures,\u201d Tesh said after the session. "
        "Officials declined to comment.",
    ),
    (
        "Lighthouse museum opens",
        "Northcape Weekly",
        "The lighthouse museum opened its doors on Saturday. "
        "\u201cIt is a dream come true,\u201d curator Hanne Solvik said.",
    ),
]


def _span(text: str, phrase: str, after: int = 0) -> Span:
    start = text.index(phrase, after)
    return Span(start, start + len(phrase), phrase)


def _quote(text: str, phrase: str, speaker: str, mention: str, cue: str, kind: str = "direct") -> Quote:
    q = _span(text, phrase)
    m = _span(text, mention, max(0, q.start - 40))
    c = _span(text, cue, max(0, q.start - 40))
    return Quote(q.start, q.end, phrase, kind, cue=c, mention=m, speaker=Speaker(speaker, "person"))


def build_db(path) -> list[int]:
    store = open_store(path)
    ids = []
    for i, (title, outlet, text) in enumerate(ARTICLES):
        quotes, entities = [], []
        if i == 0:
            quotes = [
                _quote(text, "the ferry plan would ruin the old quay", "Mira Tesh", "Councillor Mira Tesh", "said",
                       "indirect"),
                _quote(text, "\u201cWe cannot afford another white elephant,\u201d", "Mira Tesh", "Tesh", "told"),
                _quote(text, "\u201cThe ferry will bring trade back,\u201d", "Olek Brandt", "Brandt", "said"),
            ]
            for name, label in (("Mira Tesh", "PERSON"), ("Olek Brandt", "PERSON"), ("Ivo Lanner", "PERSON")):
                s = _span(text, name)
                entities.append(Entity(s.start, s.end, label, name))
        elif i == 1:
            quotes = [_quote(text, "\u201cWe need more figures,\u201d", "Mira Tesh", "Tesh", "said")]
        else:
            quotes = [_quote(text, "\u201cIt is a dream come true,\u201d", "Hanne Solvik", "Hanne Solvik", "said")]
        ids.append(store.add_article(
            Article(text=text, source=f"{i}.txt", title=title, outlet=outlet, published=f"2024-05-0{i + 1}",
                    byline="Staff reporter", content_hash=f"hash{i}"),
            Annotation(entities=entities, quotes=quotes),
        ))
    store.close()
    return ids




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
    """Make ``window`` the active window (window shortcuts only reach an active window). The focus
    stays where the window put it, unless ``focus`` is given."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if focus is not None:
        focus.setFocus()


def key(qtbot, window, k, modifier=Qt.NoModifier):
    if QApplication.activeWindow() is not window:
        activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, k, modifier)
