"""The coding window, driven through keys and clicks on a fresh temporary database.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMenu, QMessageBox, QPushButton

from quotecoder.core.model import Article, Quote, Speaker
from quotecoder.core.store import ArticleFilter, DatabaseCorrupt, Store
from quotecoder.gui.app import open_window
from guikit import CODER, _span, activate, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.actions import adjudication_table
from quotecoder.gui.article_list import ArticleListModel
from quotecoder.gui.dialogs import CodebookEditor, ShortcutsDialog, SpeakerDialog
from quotecoder.gui.speaker_registry import SpeakerRegistryDialog
from quotecoder.gui.main_window import READONLY_TEXT


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "coding.db"
    build_db(path)
    return path


def find_box(qtbot, name):
    """The visible message box called ``name`` (over whichever window is active)."""
    found = {}

    def shown():
        found["box"] = next((b for b in QApplication.topLevelWidgets()
                             if isinstance(b, QMessageBox) and b.objectName() == name and b.isVisible()), None)
        return found["box"] is not None

    qtbot.waitUntil(shown)
    return found["box"]


def first_article_quotes(check):
    return check.quotes(check.article_ids()[0])


# -- coding --------------------------------------------------------------------------------------


def test_number_key_codes_the_selected_quote_and_undo_redo(make_window, qtbot, check):
    w = make_window()
    quotes = first_article_quotes(check)
    assert w.coding.quote_id == quotes[0].id
    key(qtbot, w, Qt.Key_2)
    assert check.label(quotes[0].id, CODER) == "opposed"
    labels = {lab.quote_id: lab for lab in check.labels(quotes[0].article_id, CODER)}
    assert labels[quotes[0].id].coded_at
    assert "Saved" in w.status.saved_label.text()
    assert "Coded 1 of 5" in w.status.progress_label.text()
    key(qtbot, w, Qt.Key_J)
    assert w.coding.quote_id == quotes[1].id
    key(qtbot, w, Qt.Key_3)
    assert check.label(quotes[1].id, CODER) == "threat"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.label(quotes[1].id, CODER) is None
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.label(quotes[0].id, CODER) is None
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.label(quotes[0].id, CODER) == "opposed"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.label(quotes[1].id, CODER) == "threat"
    # the quote panel shows the stance
    assert w.coding.quote_panel.model.index(1, 2).data() == "Threat"


def test_navigation_keys(make_window, qtbot, check):
    w = make_window()
    ids = check.article_ids()
    quotes = check.quotes(ids[0])
    key(qtbot, w, Qt.Key_Down)
    assert w.coding.quote_id == quotes[1].id
    key(qtbot, w, Qt.Key_K)
    assert w.coding.quote_id == quotes[0].id
    key(qtbot, w, Qt.Key_N)
    assert w.coding.article.id == ids[1]
    key(qtbot, w, Qt.Key_P)
    assert w.coding.article.id == ids[0]
    key(qtbot, w, Qt.Key_1)  # code the first quote; the next uncoded is the second
    key(qtbot, w, Qt.Key_K)
    key(qtbot, w, Qt.Key_N, Qt.ShiftModifier)
    assert w.coding.quote_id == quotes[1].id
    for q in quotes[1:]:
        w.coding.select_quote(q.id)
        key(qtbot, w, Qt.Key_4)
    key(qtbot, w, Qt.Key_N, Qt.ShiftModifier)
    assert w.coding.article.id == ids[1]
    # Ctrl+F focuses the search box; letters typed there do not trigger shortcuts
    key(qtbot, w, Qt.Key_F, Qt.ControlModifier)
    assert w.focusWidget() is w.article_list.search
    qtbot.keyClicks(w.article_list.search, "lighthouse")
    assert w.coding.article.id == ids[1]
    qtbot.waitUntil(lambda: w.article_list.model.rowCount() == 1)
    assert w.article_list.model.index(0, 0).data() == "Lighthouse museum opens"


def test_clicking_a_quote_row_and_the_text_selects_it(make_window, qtbot, check):
    w = make_window()
    quotes = first_article_quotes(check)
    table = w.coding.quote_panel.table
    rect = table.visualRect(w.coding.quote_panel.model.index(2, 3))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert w.coding.quote_id == quotes[2].id
    assert w.coding.text.selected_quote == quotes[2].id
    # click in the text on the second quote
    rects = w.coding.text.span_rects(quotes[1].start + 3, quotes[1].start + 4)
    assert rects
    qtbot.mouseClick(w.coding.text.viewport(), Qt.LeftButton, pos=rects[0].center().toPoint())
    assert w.coding.quote_id == quotes[1].id
    assert w.coding.quote_panel.current() == quotes[1].id


def _speaker_dialog(qtbot, w) -> SpeakerDialog:
    found = {}

    def visible():
        d = w.findChild(SpeakerDialog)
        found["d"] = d
        return d is not None and d.isVisible()

    qtbot.waitUntil(visible)
    return found["d"]


def test_reassign_speaker_with_new_name_and_undo(make_window, qtbot, check):
    w = make_window()
    quotes = first_article_quotes(check)
    key(qtbot, w, Qt.Key_J)
    key(qtbot, w, Qt.Key_S)
    dialog = _speaker_dialog(qtbot, w)
    dialog.edit.selectAll()
    qtbot.keyClicks(dialog.edit, "Councillor Ruda Voss")
    qtbot.keyClick(dialog.edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: check.quote(quotes[1].id).speaker.name == "Councillor Ruda Voss")
    assert check.quote_proposal(quotes[1].id)["speaker_id"] == quotes[1].speaker_id
    assert check.corrections("quote", quotes[1].id)[-1]["coder"] == CODER
    assert w.coding.quote_panel.model.index(1, 0).data() == "Councillor Ruda Voss"
    # "Tesh" no longer names the speaker, and the text does not name Ruda Voss: no mention
    assert check.quote(quotes[1].id).mention is None
    detail = w.coding.quote_panel.detail.text()
    assert "<b>Councillor Ruda Voss</b>" in detail and "mention: —" in detail
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.quote(quotes[1].id).speaker.name == "Mira Tesh"
    assert check.quote(quotes[1].id).mention.text == "Tesh" and "mention: Tesh" in w.coding.quote_panel.detail.text()
    key(qtbot, w, Qt.Key_Y, Qt.ControlModifier)
    assert check.quote(quotes[1].id).speaker.name == "Councillor Ruda Voss"


def test_a_new_speaker_named_in_the_text_becomes_the_mention(make_window, qtbot, check):
    w = make_window()
    quote = first_article_quotes(check)[1]  # “We cannot afford …” Tesh told the meeting
    w.coding.select_quote(quote.id)
    key(qtbot, w, Qt.Key_S)
    dialog = _speaker_dialog(qtbot, w)
    dialog.edit.selectAll()
    qtbot.keyClicks(dialog.edit, "Olek Brandt")
    qtbot.keyClick(dialog.edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: check.quote(quote.id).speaker.name == "Olek Brandt")
    text = check.article(quote.article_id).text
    mention = check.quote(quote.id).mention
    assert mention.text == "Olek Brandt" and text.index("Harbourmaster Olek Brandt") + 14 == mention.start
    assert "mention: Olek Brandt" in w.coding.quote_panel.detail.text()
    cursor = QTextCursor(w.coding.text.document())  # the view shows the new mention in bold
    cursor.setPosition(w.coding.text.map.to_qt(mention.start) + 1)
    assert cursor.charFormat().fontWeight() == QFont.Bold


def test_bulk_reattribution_across_the_corpus_is_one_undo(make_window, qtbot, check):
    w = make_window()
    ids = check.article_ids()
    tesh_quotes = [q.id for q in check.quotes(ids[0]) if q.mention.text == "Tesh"]
    tesh_quotes += [q.id for q in check.quotes(ids[1]) if q.mention.text == "Tesh"]
    assert len(tesh_quotes) == 2
    w.coding.select_quote(tesh_quotes[0])
    key(qtbot, w, Qt.Key_S)
    dialog = _speaker_dialog(qtbot, w)
    assert dialog.bulk.isVisible()
    dialog.edit.selectAll()
    qtbot.keyClicks(dialog.edit, "Mirela Tesh")
    qtbot.mouseClick(dialog.bulk, Qt.LeftButton, pos=dialog.bulk.rect().center())
    assert dialog.bulk.isChecked()
    qtbot.keyClick(dialog.edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: all(check.quote(q).speaker.name == "Mirela Tesh" for q in tesh_quotes))
    assert w.session.undo_stack.count() == 1
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert all(check.quote(q).speaker.name == "Mira Tesh" for q in tesh_quotes)


def test_new_quote_from_selection_guesses_the_speaker(make_window, qtbot, check):
    w = make_window()
    ids = check.article_ids()
    text = check.article(ids[0]).text
    s = _span(text, "nobody had asked the crews")
    w.coding.text.select_span(s.start, s.end + 1)  # trailing full stop trimmed? no: it is kept; only blanks are
    w.coding.text.select_span(s.start, s.end)
    key(qtbot, w, Qt.Key_Q)
    added = [q for q in check.quotes(ids[0]) if q.origin == "coder"]
    assert len(added) == 1
    assert (added[0].start, added[0].end, added[0].kind) == (s.start, s.end, "indirect")
    assert added[0].speaker.name == "Ivo Lanner"  # PERSON entity in the same sentence
    assert added[0].mention.text == "Ivo Lanner"
    assert w.coding.quote_id == added[0].id
    detail = w.coding.quote_panel.detail.text()
    assert "<b>Ivo Lanner</b>" in detail and "mention: Ivo Lanner" in detail and "coder" in detail
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert [q for q in check.quotes(ids[0]) if q.origin == "coder"] == []
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert [q.id for q in check.quotes(ids[0]) if q.origin == "coder"] == [added[0].id]


def test_new_quote_without_person_uses_previous_speaker(make_window, qtbot, check):
    w = make_window()
    ids = check.article_ids()
    key(qtbot, w, Qt.Key_N)
    text = check.article(ids[1]).text
    s = _span(text, "Officials declined to comment")
    w.coding.text.select_span(s.start - 1, s.end)  # leading blank is trimmed
    key(qtbot, w, Qt.Key_Q)
    added = [q for q in check.quotes(ids[1]) if q.origin == "coder"][0]
    assert added.start == s.start and added.speaker.name == "Mira Tesh"


def test_delete_rejects_and_undo_restores(make_window, qtbot, check):
    w = make_window()
    quotes = first_article_quotes(check)
    key(qtbot, w, Qt.Key_2)
    key(qtbot, w, Qt.Key_Delete)
    assert check.quote_status(quotes[0].id) == "rejected"
    assert check.label(quotes[0].id, CODER) == "opposed"  # kept
    assert len(w.coding.quotes) == 2 and w.coding.quote_id == quotes[1].id
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.quote_status(quotes[0].id) == "active"
    assert w.coding.quote_id == quotes[0].id
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.quote_status(quotes[0].id) == "rejected"


def test_boundaries_from_selection_keep_the_proposal(make_window, qtbot, check):
    w = make_window()
    quotes = first_article_quotes(check)
    q = quotes[0]
    text = check.article(q.article_id).text
    s = _span(text, "would ruin the old quay")
    w.coding.text.select_span(s.start, s.end)
    key(qtbot, w, Qt.Key_B)
    assert (check.quote(q.id).start, check.quote(q.id).end) == (s.start, s.end)
    assert check.quote_proposal(q.id)["text"] == q.text
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert (check.quote(q.id).start, check.quote(q.id).end) == (q.start, q.end)
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.quote(q.id).text == "would ruin the old quay"
    # D cycles the kind
    key(qtbot, w, Qt.Key_D)
    assert check.quote(q.id).kind == "mixed"
    assert check.quote_proposal(q.id)["kind"] == "indirect"


def test_entity_from_selection_and_removal(make_window, qtbot, check):
    w = make_window()
    article_id = check.article_ids()[0]
    text = check.article(article_id).text
    s = _span(text, "Monday")
    w.coding.text.select_span(s.start, s.end)
    key(qtbot, w, Qt.Key_E)
    menu = w.findChild(QMenu, "entityMenu")
    qtbot.waitUntil(lambda: menu.isVisible())
    qtbot.keyClick(menu, Qt.Key_D)  # &Date
    qtbot.waitUntil(lambda: any(e.text == "Monday" for e in check.entities(article_id)))
    added = next(e for e in check.entities(article_id) if e.text == "Monday")
    assert added.label == "DATE" and added.origin == "coder"
    w.coding.text.select_span(s.start + 1, s.start + 1)
    cursor = w.coding.text.textCursor()
    cursor.setPosition(s.start + 2)
    w.coding.text.setTextCursor(cursor)
    key(qtbot, w, Qt.Key_E, Qt.ShiftModifier)
    assert not any(e.text == "Monday" for e in check.entities(article_id))
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert any(e.id == added.id for e in check.entities(article_id))
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert not any(e.text == "Monday" for e in check.entities(article_id))


# -- persistence ---------------------------------------------------------------------------------


def test_close_and_reopen_restores_work_and_position(make_window, qtbot, check, db):
    w = make_window()
    ids = check.article_ids()
    quotes = check.quotes(ids[0])
    key(qtbot, w, Qt.Key_1)
    key(qtbot, w, Qt.Key_J)
    key(qtbot, w, Qt.Key_Delete)
    key(qtbot, w, Qt.Key_N)
    key(qtbot, w, Qt.Key_N)
    key(qtbot, w, Qt.Key_3)
    last_quote = w.coding.quote_id
    w.resize(640, 480)
    w.close()
    again = make_window()
    assert again.coding.article.id == ids[2]
    assert again.coding.quote_id == last_quote
    assert again.size().width() == 640
    assert again.coding.quote_panel.model.index(0, 2).data() == "Threat"
    key(qtbot, again, Qt.Key_P)
    key(qtbot, again, Qt.Key_P)
    assert [q.id for q in again.coding.quotes] == [quotes[0].id, quotes[2].id]
    assert again.coding.stances == {quotes[0].id: "pro-deployment"}


# -- read-only second window ---------------------------------------------------------------------


def test_second_window_is_read_only_with_banner(make_window, qtbot, check):
    first = make_window()
    second = make_window()
    assert not first.session.readonly
    assert second.session.readonly
    assert second.banner.isVisible() and second.banner.text() == READONLY_TEXT
    assert not second.actions_by_name["stance:opposed"].isEnabled()
    assert not second.actions_by_name["new_quote"].isEnabled()
    quote_id = second.coding.quote_id
    key(qtbot, second, Qt.Key_2)
    assert check.label(quote_id, CODER) is None
    # the first window writes; the second sees it after reopening the article
    key(qtbot, first, Qt.Key_2)
    assert check.label(quote_id, CODER) == "opposed"
    second.close()
    first.close()
    third = make_window()
    assert not third.session.readonly


def test_corrupt_database_raises_a_clear_error(tmp_path, qtbot, settings):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(DatabaseCorrupt):
        open_window(bad, CODER, settings=settings, load_nlp=False, show_errors=False)
    assert bad.read_bytes().startswith(b"this is not")


# -- models and dialogs --------------------------------------------------------------------------


def test_article_model_is_lazy_and_valid(tmp_path, qtmodeltester):
    store = Store(tmp_path / "many.db")
    for i in range(450):
        store.add_article(Article(text=f"Fictional article number {i}.", source=f"{i}.txt",
                                  title=f"Story {i}", outlet="Gullport Courier" if i % 2 else "Northcape Weekly",
                                  content_hash=f"m{i}"))
    model = ArticleListModel(store, CODER)
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == ArticleListModel.PAGE
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    model.set_filter(ArticleFilter(outlet="Northcape Weekly"))
    assert model.total == 225
    model.set_filter(ArticleFilter(search="number 7"))
    qtmodeltester.check(model)
    store.close()


def test_filters_by_status_and_outlet(make_window, qtbot):
    w = make_window()
    key(qtbot, w, Qt.Key_1)
    lst = w.article_list
    lst.status.setCurrentIndex(lst.status.findData("in progress"))
    assert lst.model.total == 1
    lst.status.setCurrentIndex(lst.status.findData("new"))
    assert lst.model.total == 2
    lst.status.setCurrentIndex(0)
    lst.outlet.setCurrentIndex(lst.outlet.findData("Northcape Weekly"))
    assert lst.model.total == 1


def test_codebook_text_is_never_clipped(make_window, qtbot):
    w = make_window()
    key(qtbot, w, Qt.Key_F1)
    dialog = w.findChild(ShortcutsDialog)
    qtbot.waitUntil(dialog.isVisible)
    editor = w.edit_codebook()
    qtbot.waitUntil(editor.isVisible)
    for table in (dialog.table, editor.table):
        assert table.wordWrap() and table.textElideMode() == Qt.ElideNone
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                if item is None or not item.text():
                    continue
                width = table.columnWidth(column) - 8
                needed = table.fontMetrics().boundingRect(0, 0, width, 10_000, Qt.TextWordWrap, item.text())
                assert needed.width() <= width + 1, (item.text(), needed.width(), width)
                assert needed.height() <= table.rowHeight(row), (item.text(), needed.height(), table.rowHeight(row))
    assert dialog.table.item(0, 1).text() == "Stance: Pro-deployment"
    editor.reject()


def test_shortcuts_dialog_lists_the_action_table(make_window, qtbot):
    w = make_window()
    key(qtbot, w, Qt.Key_F1)
    dialog = w.findChild(ShortcutsDialog)
    qtbot.waitUntil(lambda: dialog.isVisible())
    keys = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    specs = [s for s in w.action_specs() if s.shortcuts]
    adjudication = [s for s in adjudication_table(w.session.codebook) if s.shortcuts]
    assert keys == {s.text for s in specs} | {s.text for s in adjudication}
    for spec in specs:
        assert w.actions_by_name[spec.name].shortcut().toString() == spec.shortcuts[0] or spec.shortcuts[0] == "Delete"


def test_codebook_editor_renames_and_versions(make_window, qtbot, check):
    w = make_window()
    quote_id = w.coding.quote_id
    key(qtbot, w, Qt.Key_2)
    w.edit_codebook()
    dialog = w.findChild(CodebookEditor)
    qtbot.waitUntil(lambda: dialog.isVisible())
    row = dialog.keys().index("opposed")
    dialog.table.item(row, 1).setText("Against")
    dialog.table.item(row, 2).setText("5")
    dialog.set_colour(row, "#ffaa00")
    before = check.codebook().version
    dialog.save()
    book = check.codebook()
    assert book.version == before + 1
    assert book.label("opposed").name == "Against" and book.label("opposed").shortcut == "5"
    assert check.label(quote_id, CODER) == "opposed"
    assert w.coding.quote_panel.model.index(0, 2).data() == "Against"
    key(qtbot, w, Qt.Key_J)
    key(qtbot, w, Qt.Key_5)
    assert check.label(w.coding.quote_id, CODER) == "opposed"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # the label
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # the codebook: its previous labels, as a newer version
    book = check.codebook()
    assert book.version == before + 2 and book.label("opposed").name == "Opposed"
    assert w.coding.quote_panel.model.index(0, 2).data() == "Opposed"
    key(qtbot, w, Qt.Key_2)
    assert check.label(w.coding.quote_id, CODER) == "opposed"


def _registry(qtbot, w) -> SpeakerRegistryDialog:
    w.actions_by_name["speaker_registry"].trigger()
    dialog = w.findChild(SpeakerRegistryDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_speaker_registry_merge_preselects_the_most_similar_and_undo_unmerges(make_window, qtbot, check):
    check.add_speaker(Speaker("a concept paper circulated among diplomats", "unknown"))
    check.add_speaker(Speaker("Mira Tesh's office", "organisation"))
    w = make_window()
    dialog = _registry(qtbot, w)
    names = [s.name for s in dialog.speakers]
    dialog.select_row(names.index("Mira Tesh"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "mergeSpeaker"), Qt.LeftButton)
    ask = dialog.findChild(QInputDialog, "mergeDialog")
    qtbot.waitUntil(lambda: ask.isVisible())
    assert ask.textValue().startswith("Mira Tesh's office")  # not the alphabetically first
    combo = ask.findChild(QComboBox)
    combo.setCurrentIndex(combo.findText("Olek Brandt", Qt.MatchStartsWith))
    qtbot.keyClick(combo, Qt.Key_Return)
    by_name = {s.name: s.id for s in check.speakers()}
    assert "Mira Tesh" not in by_name and "Mira Tesh" in next(s for s in check.speakers()
                                                             if s.name == "Olek Brandt").aliases
    qtbot.waitUntil(lambda: w.coding.quote_panel.model.index(0, 0).data() == "Olek Brandt")
    assert dialog.current().name == "Olek Brandt"
    qtbot.keyClick(dialog.table, Qt.Key_Z, Qt.ControlModifier)  # undo, in the registry's own window
    assert "Mira Tesh" in {s.name for s in check.speakers()}
    assert check.quotes(check.article_ids()[0])[0].speaker.name == "Mira Tesh"
    assert w.coding.quote_panel.model.index(0, 0).data() == "Mira Tesh"
    assert "Mira Tesh" in [s.name for s in dialog.speakers]


def test_speaker_registry_search_sort_and_unused_speakers(make_window, qtbot, check):
    unused = check.add_speaker(Speaker("Tove Halm", "person", aliases=("T. Halm",)))
    w = make_window()
    dialog = _registry(qtbot, w)
    assert [s.name for s in dialog.speakers] == ["Hanne Solvik", "Mira Tesh", "Olek Brandt", "Tove Halm"]
    model = dialog.table.model()
    assert [model.index(3, c).data() for c in (0, 1)] == ["Tove Halm", "none"]
    assert model.index(3, 0).data(Qt.FontRole).italic()
    assert [model.index(1, c).data() for c in (0, 1)] == ["Mira Tesh", "3"]
    assert "4 speaker(s); 1 with no quotes" in dialog.summary.text()
    dialog.sort.setCurrentIndex(dialog.sort.findData("count"))
    assert [s.name for s in dialog.speakers] == ["Mira Tesh", "Hanne Solvik", "Olek Brandt", "Tove Halm"]
    qtbot.keyClicks(dialog.search, "halm")  # an alias counts
    assert [s.name for s in dialog.speakers] == ["Tove Halm"]
    dialog.search.clear()
    button = dialog.findChild(QPushButton, "removeUnused")
    assert button.text() == "Remove speakers with no quotes (1)…"
    qtbot.mouseClick(button, Qt.LeftButton)
    box = dialog.findChild(QMessageBox, "removeSpeakers")
    qtbot.waitUntil(lambda: box.isVisible())
    assert box.informativeText().startswith("Tove Halm.")
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Remove"), Qt.LeftButton)
    assert {s.name for s in check.speakers()} == {"Hanne Solvik", "Mira Tesh", "Olek Brandt"}
    assert not button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key_Z, Qt.ControlModifier)
    assert any(s.id == unused and s.aliases == ("T. Halm",) for s in check.speakers())


def test_a_registry_edit_is_undone_from_the_coding_window(make_window, qtbot, check):
    w = make_window()
    dialog = _registry(qtbot, w)
    names = [s.name for s in dialog.speakers]
    dialog.select_row(names.index("Olek Brandt"))
    dialog.aliases.setText("the harbourmaster, O. Brandt")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveSpeaker"), Qt.LeftButton)
    brandt = next(s for s in check.speakers() if s.name == "Olek Brandt")
    assert brandt.aliases == ("O. Brandt", "the harbourmaster")
    dialog.accept()
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert next(s for s in check.speakers() if s.name == "Olek Brandt").aliases == ()


def test_switch_coder_keeps_codes_apart(make_window, qtbot, check):
    w = make_window()
    quote_id = w.coding.quote_id
    key(qtbot, w, Qt.Key_1)
    w.session.set_coder("ben")
    assert "ben" in w.status.coder_label.text()
    key(qtbot, w, Qt.Key_3)
    assert check.label(quote_id, CODER) == "pro-deployment"
    assert check.label(quote_id, "ben") == "threat"


def test_switching_coder_keeps_the_article_selected_in_the_list(make_window, qtbot):
    w = make_window()
    w.article_list.table.selectRow(1)
    article = w.article_list.current_article()
    assert article is not None
    w.session.set_coder("ben")
    assert w.article_list.current_article() == article



def test_stance_key_keeps_the_note_and_undo_restores_it(make_window, qtbot, check):
    quote = first_article_quotes(check)[0]
    check.set_label(quote.id, CODER, "threat", note="from the codes sheet")
    w = make_window()
    assert w.coding.quote_id == quote.id

    def label():
        [found] = [x for x in check.labels(quote.article_id, CODER) if x.quote_id == quote.id]
        return found.label, found.note

    key(qtbot, w, Qt.Key_2)
    assert label() == ("opposed", "from the codes sheet")
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert label() == ("threat", "from the codes sheet")


def test_speaker_registry_refuses_a_taken_name(make_window, qtbot, check):
    w = make_window()
    w.edit_speakers()
    dialog = w.findChild(SpeakerRegistryDialog)
    qtbot.waitUntil(lambda: dialog.isVisible())
    names = [s.name for s in dialog.speakers]
    dialog.select_row(names.index("Olek Brandt"))
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "mira tesh")
    qtbot.mouseClick(dialog.findChild(QPushButton, "saveSpeaker"), Qt.LeftButton)
    box = find_box(qtbot, "errorBox")
    assert box.text() == "A speaker called “Mira Tesh” exists already; merge the two instead."
    assert {s.name for s in check.speakers()} >= {"Olek Brandt", "Mira Tesh"}
    dialog.accept()


def test_next_uncoded_finds_a_quote_at_the_same_start(make_window, qtbot, check):
    first = first_article_quotes(check)[0]
    phrase = "the ferry plan"
    shorter = check.add_quote(first.article_id, Quote(first.start, first.start + len(phrase), phrase, "indirect"),
                              CODER)
    check.set_label(shorter, CODER, "threat")
    w = make_window()
    w.coding.select_quote(shorter)
    key(qtbot, w, Qt.Key_N, Qt.ShiftModifier)
    assert w.coding.quote_id == first.id
