"""The coding window with a codebook of several variables, driven through keys and clicks:
the active variable (Tab, Shift+Tab), number keys per variable, the article header, undo,
View › Colour by, progress, speaker codes in the details and suggestions from copies.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from quotecoder.core.codebook import default_codebook
from quotecoder.core.model import Annotation, Article, Codebook, CodebookLabel, Quote, Speaker, Variable
from quotecoder.core.store import Store
from quotecoder.core.workspace import open_store
from guikit import CODER, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.actions import help_table

STANCE = default_codebook().stance  # 1 pro-deployment, 2 opposed, 3 threat, 4 neutral
ROLE = Variable("speaker_role", "Speaker role", labels=(  # no shortcuts: the keys are 1, 2, 3 by place
    CodebookLabel("politician", "Politician", colour="#b7d7a8"),
    CodebookLabel("official", "Official", colour="#a4c2f4"),
    CodebookLabel("citizen", "Citizen", colour="#f9cb9c"),
))
GENRE = Variable("genre", "Genre", unit="article", labels=(
    CodebookLabel("news", "News report", colour="#dddddd", shortcut="1"),
    CodebookLabel("opinion", "Opinion", colour="#ffe599", shortcut="2"),
))
GENDER = Variable("gender", "Speaker gender", unit="speaker", labels=(
    CodebookLabel("woman", "Woman", colour="#f4cccc"), CodebookLabel("man", "Man", colour="#cfe2f3"),
))
THREE = Codebook("Harbour study", 1, (STANCE, ROLE, GENRE))


def with_codebook(path, codebook: Codebook) -> None:
    store = open_store(path)
    store.save_codebook(codebook)
    store.close()


@pytest.fixture
def db(tmp_path):
    """The guikit study (three articles, five quotes) with a three-variable codebook."""
    path = tmp_path / "variables.db"
    build_db(path)
    with_codebook(path, THREE)
    return path


def background_at(w, index: int) -> str:
    cursor = QTextCursor(w.coding.text.document())
    cursor.setPosition(w.coding.text.map.to_qt(index) + 1)
    return cursor.charFormat().background().color().name()


def plain(label) -> str:
    """A rich-text label's words, as the coder reads them."""
    document = QTextDocument()
    document.setHtml(label.text())
    return "\n".join(" ".join(line.split()) for line in document.toPlainText().splitlines())


def quote_codes(check, quote_id):
    return {v: check.label(quote_id, CODER, v) for v in ("stance", "speaker_role")}


def test_keys_alone_code_two_quote_variables_and_the_article_then_undo_each_step(make_window, qtbot, check):
    w = make_window()
    article = check.article_ids()[0]
    q0, q1, _ = check.quotes(article)
    assert w.coding.quote_id == q0.id and w.coding.active == "stance"
    panel = w.coding.quote_panel
    assert panel.model.columns == ("Speaker", "Kind", "Stance", "Speaker role", "Quote")
    legend = w.coding.article_view.legend
    assert plain(legend).startswith("▸ Stance: 1 Pro-deployment 2 Opposed") and "Tab: next variable" in plain(legend)

    key(qtbot, w, Qt.Key_2)  # stance of the first quote; the keys go to its speaker role
    assert quote_codes(check, q0.id) == {"stance": "opposed", "speaker_role": None}
    assert w.coding.quote_id == q0.id and w.coding.active == "speaker_role"
    assert plain(legend).startswith("▸ Speaker role: 1 Politician 2 Official 3 Citizen")
    assert panel.table.currentIndex().column() == panel.model.column_of("speaker_role")

    key(qtbot, w, Qt.Key_3)  # its speaker role (3rd label, no shortcut); then the next quote needing codes
    assert quote_codes(check, q0.id) == {"stance": "opposed", "speaker_role": "citizen"}
    assert panel.model.index(0, 2).data() == "Opposed" and panel.model.index(0, 3).data() == "Citizen"
    assert w.coding.quote_id == q1.id and w.coding.active == "stance"

    key(qtbot, w, Qt.Key_Tab)
    key(qtbot, w, Qt.Key_Tab)  # past the quote variables: the article header
    header = w.coding.article_view.header
    assert w.coding.active == "genre" and header.active == "genre"
    assert "▸ Genre: not coded (the number keys code the article)" in plain(header)
    assert plain(legend).startswith("▸ Genre (article): 1 News report 2 Opinion")
    key(qtbot, w, Qt.Key_2)
    assert check.article_code(article, CODER, "genre") == "opinion"
    assert plain(header).endswith("Genre: Opinion")
    assert w.coding.active == "stance" and header.active is None  # back to the quotes
    assert quote_codes(check, q1.id) == {"stance": None, "speaker_role": None}

    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # the article's genre
    assert check.article_code(article, CODER, "genre") is None
    assert w.coding.active == "genre"  # the keys go back to what was undone
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # the first quote's speaker role
    assert quote_codes(check, q0.id) == {"stance": "opposed", "speaker_role": None}
    assert w.coding.quote_id == q0.id and w.coding.active == "speaker_role"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # its stance
    assert quote_codes(check, q0.id) == {"stance": None, "speaker_role": None}
    assert w.coding.active == "stance"
    assert panel.model.index(0, 2).data() == "" and panel.model.index(0, 3).data() == ""
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert quote_codes(check, q0.id) == {"stance": "opposed", "speaker_role": None}


def test_shift_tab_goes_back_round_the_variables(make_window, qtbot):
    w = make_window()
    key(qtbot, w, Qt.Key_Tab, Qt.ShiftModifier)
    assert w.coding.active == "genre"
    key(qtbot, w, Qt.Key_Backtab, Qt.ShiftModifier)
    assert w.coding.active == "speaker_role"
    key(qtbot, w, Qt.Key_Tab)
    key(qtbot, w, Qt.Key_Tab)
    assert w.coding.active == "stance"
    # in the search box Tab moves the focus, as everywhere else
    key(qtbot, w, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClick(w.article_list.search, Qt.Key_Tab)
    assert w.coding.active == "stance" and w.focusWidget() is not w.article_list.search


def test_the_number_keys_belong_to_the_active_variable_only(make_window, qtbot, check):
    w = make_window()
    assert w.actions_by_name["stance:opposed"].shortcut().toString() == "2"
    assert w.actions_by_name["speaker_role:official"].shortcut().toString() == ""
    key(qtbot, w, Qt.Key_Tab)
    assert w.actions_by_name["stance:opposed"].shortcut().toString() == ""
    assert w.actions_by_name["speaker_role:official"].shortcut().toString() == "2"
    quote = w.coding.quote_id
    key(qtbot, w, Qt.Key_2)
    assert quote_codes(check, quote) == {"stance": None, "speaker_role": "official"}
    # the Code menu codes any variable directly, whichever is active
    w.actions_by_name["genre:news"].trigger()
    assert check.article_code(w.coding.article.id, CODER, "genre") == "news"


def test_colour_by_changes_the_highlight_colour_and_is_remembered(make_window, qtbot, check):
    w = make_window()
    quote = check.quotes(check.article_ids()[0])[0]
    key(qtbot, w, Qt.Key_2)  # opposed
    key(qtbot, w, Qt.Key_3)  # citizen
    opposed, citizen = STANCE.label("opposed").colour.lower(), ROLE.label("citizen").colour.lower()
    assert background_at(w, quote.start) == opposed
    colour_by = w.findChild(type(w.menus["View"]), "colourByMenu")
    assert [a.text() for a in colour_by.actions()] == ["Stance", "Speaker role"]
    assert colour_by.actions()[0].isChecked()
    colour_by.actions()[1].trigger()
    assert background_at(w, quote.start) == citizen
    assert "Colours (Speaker role): Politician Official Citizen" in plain(w.coding.article_view.legend)
    w.close()
    again = make_window()
    assert again.coding.colour_by == "speaker_role"
    again.coding.open_article(quote.article_id, quote.id)
    assert background_at(again, quote.start) == citizen


def test_progress_and_the_article_list_count_only_fully_coded_quotes(make_window, qtbot, check):
    w = make_window()
    row = w.article_list.model.index(0, w.article_list.model.CODED)
    assert "Coded 0 of 5" in w.status.progress_label.text() and row.data() == "0/3"
    key(qtbot, w, Qt.Key_1)
    assert check.label(check.quotes(check.article_ids()[0])[0].id, CODER) == "pro-deployment"
    assert "Coded 0 of 5" in w.status.progress_label.text() and row.data() == "0/3"
    key(qtbot, w, Qt.Key_1)
    assert "Coded 1 of 5" in w.status.progress_label.text()
    assert w.article_list.model.index(0, w.article_list.model.CODED).data() == "1/3"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert "Coded 0 of 5" in w.status.progress_label.text()


def test_without_next_quote_the_keys_stay_on_the_quote(make_window, qtbot, check):
    w = make_window()
    advance = w.actions_by_name["advance"]
    assert advance.isCheckable() and advance.isChecked() and advance.isEnabled()
    advance.trigger()
    assert check.setting(f"advance:{CODER}") == "0"
    quote = w.coding.quote_id
    key(qtbot, w, Qt.Key_4)
    key(qtbot, w, Qt.Key_1)
    assert quote_codes(check, quote) == {"stance": "neutral", "speaker_role": "politician"}
    assert w.coding.quote_id == quote and w.coding.active == "stance"
    w.close()
    assert not make_window().actions_by_name["advance"].isChecked()


def test_the_last_quote_goes_to_the_next_article_needing_codes(make_window, qtbot, check):
    ids = check.article_ids()
    for q in check.quotes(ids[0])[:2]:
        check.set_label(q.id, CODER, "neutral")
        check.set_label(q.id, CODER, "official", variable="speaker_role")
    last = check.quotes(ids[0])[2]
    check.set_label(last.id, CODER, "threat")
    check.set_article_code(ids[0], CODER, "genre", "news")  # else the keys code the genre first
    w = make_window()
    w.coding.open_article(ids[0], last.id)
    key(qtbot, w, Qt.Key_Tab)
    key(qtbot, w, Qt.Key_2)
    assert check.label(last.id, CODER, "speaker_role") == "official"
    assert w.coding.article.id == ids[1] and w.coding.active == "stance"


def test_speaker_variables_are_shown_in_the_quote_details(make_window, qtbot, check, db):
    with_codebook(db, Codebook("Harbour study", 2, (STANCE, ROLE, GENRE, GENDER)))
    tesh = next(s for s in check.speakers() if s.name == "Mira Tesh")
    check.set_speaker_code(tesh.id, "gender", "woman", CODER)
    w = make_window()
    detail = w.coding.quote_panel.detail
    assert plain(detail).startswith("Mira Tesh · indirect · Speaker gender: Woman\n"
                                    "▸ Stance: not coded · Speaker role: not coded")
    key(qtbot, w, Qt.Key_J)
    key(qtbot, w, Qt.Key_J)  # Olek Brandt: not coded
    assert "Olek Brandt · direct · Speaker gender: not coded" in plain(detail)


def test_a_single_variable_codebook_has_no_tab_and_stays_on_the_quote(make_window, qtbot, tmp_path, check):
    path = tmp_path / "one.db"
    build_db(path)
    w = make_window(path)
    assert "next_variable" not in w.actions_by_name and not w.actions_by_name["advance"].isEnabled()
    quote = w.coding.quote_id
    key(qtbot, w, Qt.Key_3)
    assert w.coding.quote_id == quote and w.coding.active == "stance"
    assert [s.text for s in help_table(w.session.codebook) if s.shortcuts == ("Tab",)] == []


def test_a_codebook_loaded_elsewhere_brings_its_variables_into_the_window(make_window, qtbot, tmp_path):
    path = tmp_path / "one.db"
    build_db(path)
    w = make_window(path)
    key(qtbot, w, Qt.Key_1)
    coded = w.article_list.model.index(0, w.article_list.model.CODED)
    assert coded.data() == "1/3" and "Coded 1 of 5" in w.status.progress_label.text()
    with_codebook(path, THREE)  # as `quotecoder codebook load` does
    assert w.session.look_for_changes()
    assert "next_variable" in w.actions_by_name and w.actions_by_name["advance"].isEnabled()
    assert w.coding.quote_panel.model.columns == ("Speaker", "Kind", "Stance", "Speaker role", "Quote")
    assert coded.data() == "0/3" and "Coded 0 of 5" in w.status.progress_label.text()
    key(qtbot, w, Qt.Key_Tab)
    key(qtbot, w, Qt.Key_2)
    store = Store(path)
    assert store.label(w.coding.quotes[0].id, CODER, "speaker_role") == "official"
    store.close()
    assert coded.data() == "1/3"


def test_the_shortcuts_list_tab_and_each_variables_keys():
    rows = {spec.text: spec for spec in help_table(THREE)}
    assert rows["Next variable"].shortcuts == ("Tab",) and rows["Previous variable"].shortcuts == ("Shift+Tab",)
    assert rows["Stance: Opposed"].shortcuts == ("2",)
    assert rows["Speaker role: Citizen"].shortcuts == ("3",)
    assert rows["Genre: Opinion"].shortcuts == ("2",)
    assert rows["Genre: Opinion"].help.startswith("When Genre is active (Tab), codes the article")


# -- near-duplicates and blind mode ------------------------------------------------------------

TEXT = ("The harbour board met on Tuesday. \u201cThe patrol boats will keep the strait safe,\u201d chair Lina Verko "
        "said after the vote.")
QUOTE = "\u201cThe patrol boats will keep the strait safe,\u201d"


@pytest.fixture
def copies(tmp_path):
    """An article and its near-duplicate, each with the same quote; ana coded the first copy."""
    path = tmp_path / "copies.db"
    store = open_store(path)
    start = TEXT.index(QUOTE)

    def quote():
        return Quote(start, start + len(QUOTE), QUOTE, "direct", speaker=Speaker("Lina Verko", "person"))

    a = store.add_article(Article(text=TEXT, source="a.txt", title="Board backs boats", content_hash="a"),
                          Annotation(quotes=[quote()]))
    b = store.add_article(Article(text=TEXT + " (Reprinted.)", source="b.txt", title="Boats backed",
                                  content_hash="b", dup_group=a), Annotation(quotes=[quote()]), joins=[a])
    store.save_codebook(THREE)
    first = store.quotes(a)[0].id
    store.set_label(first, CODER, "threat")
    store.set_label(first, CODER, "politician", variable="speaker_role")
    store.close()
    return path, b


def test_enter_accepts_the_copys_codes_for_every_variable_in_one_step(make_window, qtbot, copies):
    path, copy = copies
    check = Store(path)
    w = make_window(path)
    w.coding.open_article(copy)
    quote = w.coding.quote_id
    assert w.coding.suggestions == {"stance": "threat", "speaker_role": "politician"}
    assert "Coded in a copy as Stance: Threat, Speaker role: Politician" in plain(w.coding.quote_panel.detail)
    key(qtbot, w, Qt.Key_Return)
    assert quote_codes(check, quote) == {"stance": "threat", "speaker_role": "politician"}
    assert w.coding.suggestions == {}
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert quote_codes(check, quote) == {"stance": None, "speaker_role": None}
    w.session.set_blind(True)
    assert w.coding.suggestions == {} and "in a copy" not in w.coding.quote_panel.detail.text()
    check.close()
