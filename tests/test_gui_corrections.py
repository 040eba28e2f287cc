"""Cheap speaker corrections in the window (issue 12 §3), driven by keys and clicks: the picker's
numbered candidates, the marks and the key for low-confidence speakers, the article list's
"To review" column, and a correction carried to the quotes resting on the same attribution.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from guikit import CODER, activate, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.core.model import Annotation, Article, Quote, Span, Speaker, SpeakerCandidate
from quotecoder.core.workspace import open_store
from quotecoder.gui.dialogs import SpeakerDialog

PIER = (
    "Harbour Mayor Petra Lund opened the meeting. \u201cWe will rebuild the pier,\u201d Lund said. "
    "\u201cIt will take two years.\u201d \u201cNobody will lose a berth.\u201d\n"
    "She added that the council would pay. The harbour master said the money was not there. "
    "\u201cWe have asked twice,\u201d said Jon Eriksen. Petra Lund said the pier comes first."
)
FERRY = (
    "The ferry company met the council on Tuesday. \u201cThe crossing will run at a loss,\u201d Rask told "
    "reporters. Councillor Ola Rask said the town would not pay for it."
)
OLD = "The lighthouse museum opened on Saturday. \u201cIt is a dream come true,\u201d curator Hanne Solvik said."


def span(text: str, phrase: str, after: int = 0) -> Span:
    start = text.index(phrase, after)
    return Span(start, start + len(phrase), phrase)


def quote(text: str, phrase: str, speaker: str, mention: Span | None, cue: str | None, confidence: float | None,
          *others: tuple[str, float]) -> Quote:
    s = span(text, phrase)
    candidates = ((SpeakerCandidate(speaker, "person", confidence), *(SpeakerCandidate(n, "person", c)
                                                                      for n, c in others))
                  if confidence is not None else ())
    return Quote(s.start, s.end, phrase, "direct" if phrase[0] == "\u201c" else "indirect",
                 cue=span(text, cue, max(0, s.start - 30)) if cue else None, mention=mention,
                 speaker=Speaker(speaker, "person"), speaker_confidence=confidence, speaker_candidates=candidates)


def build(path) -> list[int]:
    """Three articles: older data without confidence, the ferry (1 speaker to review), the pier (5)."""
    store = open_store(path)
    lund = span(PIER, "Lund", PIER.index("pier"))
    articles = [
        ("Lighthouse museum opens", OLD, [quote(OLD, "\u201cIt is a dream come true,\u201d", "Hanne Solvik",
                                               span(OLD, "Hanne Solvik"), "said", None)]),
        ("Ferry crossing at a loss", FERRY, [
            quote(FERRY, "\u201cThe crossing will run at a loss,\u201d", "Ola Rask", span(FERRY, "Rask"), "told", 0.45,
                  ("Ingrid Marstrand-Rask", 0.4)),
            quote(FERRY, "the town would not pay for it", "Ola Rask", span(FERRY, "Councillor Ola Rask"), "said", 0.97),
        ]),
        ("Pier to be rebuilt", PIER, [
            quote(PIER, "\u201cWe will rebuild the pier,\u201d", "Petra Lund", lund, "said", 0.41,
                  ("Karin Lund", 0.33), ("Jon Eriksen", 0.1)),
            quote(PIER, "\u201cIt will take two years.\u201d", "Petra Lund", lund, None, 0.38),  # floating
            quote(PIER, "\u201cNobody will lose a berth.\u201d", "Petra Lund", lund, None, 0.36),  # floating
            quote(PIER, "the council would pay", "Petra Lund", span(PIER, "She"), "added", 0.5),  # a pronoun
            quote(PIER, "the money was not there", "Petra Lund", span(PIER, "The harbour master"), "said", 0.45),
            quote(PIER, "\u201cWe have asked twice,\u201d", "Jon Eriksen", span(PIER, "Jon Eriksen"), "said", 0.95),
            quote(PIER, "the pier comes first", "Petra Lund", span(PIER, "Petra Lund", 200), "said", 0.97),
        ]),
    ]
    ids = [store.add_article(Article(text=text, title=title, outlet="The Gullport Courier", source=f"{n}.txt",
                                     published=f"2024-06-0{n + 1}", content_hash=f"corr{n}"),
                             Annotation(quotes=quotes))
           for n, (title, text, quotes) in enumerate(articles)]
    store.close()
    return ids


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "corrections.db"
    build(path)
    return path


def picker(qtbot, w) -> SpeakerDialog:
    key(qtbot, w, Qt.Key_S)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), SpeakerDialog))
    return QApplication.activeWindow()


def open_pier(w, check) -> list[Quote]:
    pier = check.article_ids()[2]
    w.article_list.select_article(pier)
    assert w.coding.article.id == pier
    return check.quotes(pier)


def speakers(check, quotes) -> list[str]:
    return [check.quote(q.id).speaker.name for q in quotes]


def test_the_picker_shows_the_candidates_first_and_a_number_key_picks_one(make_window, qtbot, check):
    w = make_window()
    quotes = open_pier(w, check)
    w.coding.select_quote(quotes[0].id)
    dialog = picker(qtbot, w)
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines[:3] == ["1   Petra Lund · person · 41% · current", "2   Karin Lund · person · 33%",
                         "3   Jon Eriksen · person · 10%"]
    assert "41% sure of Petra Lund" in dialog.about.text()
    # typing still searches: a letter goes to the search field, with the article's speakers and the registry
    assert QApplication.focusWidget() is dialog.list
    qtbot.keyClicks(dialog.list, "K")
    assert dialog.edit.text() == "K" and QApplication.focusWidget() is dialog.edit
    qtbot.keyClicks(dialog.edit, "ar")
    assert dialog.edit.text() == "Kar"
    names = dialog.edit.completer().model().stringList()
    assert {"Karin Lund", "Jon Eriksen", "Hanne Solvik"} <= set(names)  # candidates, this article, the registry
    dialog.edit.clear()
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key_2)
    qtbot.waitUntil(lambda: check.quote(quotes[0].id).speaker.name == "Karin Lund")
    assert not dialog.isVisible()
    key(qtbot, w, Qt.Key_Escape)  # no to the offer for the quotes resting on the same attribution
    assert speakers(check, quotes[1:3]) == ["Petra Lund", "Petra Lund"]
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.quote(quotes[0].id).speaker.name == "Petra Lund"


def test_low_confidence_speakers_are_marked_and_l_jumps_to_the_next(make_window, qtbot, check):
    w = make_window()
    ids = check.article_ids()
    assert w.coding.article.id == ids[0]  # older data, no confidence: nothing marked
    panel = w.coding.quote_panel
    assert panel.model.index(0, 0).data(Qt.DecorationRole) is None
    key(qtbot, w, Qt.Key_L)
    ferry = check.quotes(ids[1])
    assert (w.coding.article.id, w.coding.quote_id) == (ids[1], ferry[0].id)
    assert panel.model.index(0, 0).data(Qt.DecorationRole) is not None  # 45%: marked
    assert panel.model.index(1, 0).data(Qt.DecorationRole) is None  # 97%: not
    tip = panel.model.index(0, 0).data(Qt.ToolTipRole)
    assert "45% sure of Ola Rask" in tip and "Ingrid Marstrand-Rask (40%)" in tip
    assert "to review" in panel.detail.text()
    key(qtbot, w, Qt.Key_L)
    pier = check.quotes(ids[2])
    assert (w.coding.article.id, w.coding.quote_id) == (ids[2], pier[0].id)
    for expected in pier[1:5]:
        key(qtbot, w, Qt.Key_L)
        assert w.coding.quote_id == expected.id
    key(qtbot, w, Qt.Key_L)  # wraps to the first article with one
    assert (w.coding.article.id, w.coding.quote_id) == (ids[1], ferry[0].id)
    # confirming the speaker (S, 1) settles it: no mark, and L passes it by
    dialog = picker(qtbot, w)
    qtbot.keyClick(dialog.list, Qt.Key_1)
    qtbot.waitUntil(lambda: panel.model.index(0, 0).data(Qt.DecorationRole) is None)
    assert check.quote(ferry[0].id).speaker.name == "Ola Rask"
    key(qtbot, w, Qt.Key_L)
    assert w.coding.quote_id == pier[0].id
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # undo: marked again
    assert w.coding.article.id == ids[1] and panel.model.index(0, 0).data(Qt.DecorationRole) is not None


def test_the_article_list_counts_the_speakers_to_review_and_sorts_by_them(make_window, qtbot, check):
    w = make_window()
    ids = check.article_ids()
    model, table = w.article_list.model, w.article_list.table
    column = model.TO_REVIEW
    assert model.headerData(column, Qt.Horizontal, Qt.ToolTipRole).startswith("To review")
    assert model.headerData(column, Qt.Horizontal, Qt.DecorationRole) is not None  # the ⚠ mark of the quote panel
    assert [model.index(r, column).data() for r in range(3)] == ["", "1", "5"]
    assert not table.isColumnHidden(column)  # hidden only in a study without machine confidences
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=header.rect().center().__class__(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2))
    assert [model.article_id(r) for r in range(3)] == [ids[2], ids[1], ids[0]]
    assert w.article_list.current_article() == w.coding.article.id  # the open article stays selected
    # a correction updates the count
    quotes = open_pier(w, check)
    w.coding.select_quote(quotes[1].id)
    qtbot.keyClick(picker(qtbot, w).list, Qt.Key_1)  # confirmed
    qtbot.waitUntil(lambda: model.index(0, column).data() == "4")
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=header.rect().center().__class__(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2))
    assert [model.article_id(r) for r in range(3)] == ids  # clicked again: the list order


def test_a_correction_carries_to_the_quotes_resting_on_it_in_one_undo_step(make_window, qtbot, check):
    w = make_window()
    quotes = open_pier(w, check)
    w.coding.select_quote(quotes[0].id)
    qtbot.keyClick(picker(qtbot, w).list, Qt.Key_2)
    qtbot.waitUntil(lambda: check.quote(quotes[0].id).speaker.name == "Karin Lund")
    offer = w.coding.quote_panel.offer
    qtbot.waitUntil(offer.isVisible)
    assert "Also change 4 quotes" in offer.text.text() and "quotes 2, 3, 4, 5" in offer.text.text()
    key(qtbot, w, Qt.Key_Return)
    assert not offer.isVisible()
    assert speakers(check, quotes) == ["Karin Lund"] * 5 + ["Jon Eriksen", "Petra Lund"]
    assert w.session.undo_stack.count() == 1
    assert w.article_list.model.index(2, w.article_list.model.TO_REVIEW).data() == ""
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert speakers(check, quotes) == ["Petra Lund"] * 5 + ["Jon Eriksen", "Petra Lund"]
    assert w.article_list.model.index(2, w.article_list.model.TO_REVIEW).data() == "5"
    assert len(w.coding.quote_panel.model.to_review) == 5
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert speakers(check, quotes)[:5] == ["Karin Lund"] * 5


def test_the_offer_is_clicked_away_or_forgotten_on_another_action(make_window, qtbot, check):
    w = make_window()
    quotes = open_pier(w, check)
    w.coding.select_quote(quotes[0].id)
    qtbot.keyClick(picker(qtbot, w).list, Qt.Key_2)
    offer = w.coding.quote_panel.offer
    qtbot.waitUntil(offer.isVisible)
    key(qtbot, w, Qt.Key_2)  # a stance: another undo step, so the offer goes
    assert not offer.isVisible()
    key(qtbot, w, Qt.Key_Return)  # Enter no longer changes the other quotes
    assert speakers(check, quotes[1:5]) == ["Petra Lund"] * 4
    w.coding.select_quote(quotes[1].id)
    qtbot.keyClick(picker(qtbot, w).list, Qt.Key_2)  # the floating quote after it continued it
    qtbot.waitUntil(offer.isVisible)
    qtbot.mouseClick(offer.yes_button, Qt.LeftButton)
    assert speakers(check, quotes[1:5]) == ["Karin Lund"] * 4


def test_a_name_form_mention_is_learned_as_an_alias_in_the_same_step(make_window, qtbot, check):
    w = make_window()
    ferry = check.quotes(check.article_ids()[1])
    w.article_list.select_article(ferry[0].article_id)
    w.coding.select_quote(ferry[0].id)
    dialog = picker(qtbot, w)
    assert dialog.list.item(1).text() == "2   Ingrid Marstrand-Rask · person · 40%"
    qtbot.keyClick(dialog.list, Qt.Key_2)
    qtbot.waitUntil(lambda: check.quote(ferry[0].id).speaker.name == "Ingrid Marstrand-Rask")
    ingrid = check.speaker(check.quote(ferry[0].id).speaker_id)
    assert ingrid.aliases == ("Rask",)
    assert check.quote(ferry[0].id).mention.text == "Rask"  # the mention now names her
    assert check.quote(ferry[1].id).speaker.name == "Ola Rask"  # named in full: not offered
    assert not w.coding.quote_panel.offer.isVisible()
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.speaker(ingrid.id).aliases == () and check.quote(ferry[0].id).speaker.name == "Ola Rask"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.speaker(ingrid.id).aliases == ("Rask",)


def test_a_study_without_machine_confidences_has_no_review_column_and_no_marks(make_window, qtbot, tmp_path):
    from guikit import build_db

    path = tmp_path / "older.db"
    build_db(path)  # quotes stored without speaker confidence (older data): nothing is low
    w = make_window(path)
    assert w.article_list.table.isColumnHidden(w.article_list.model.TO_REVIEW)
    assert not w.coding.to_review
    key(qtbot, w, Qt.Key_L)
    assert "No speaker left to review" in w.status.message_label.text()
