"""Tools › Codebook: variables and labels edited with keys and clicks, saved as new versions,
labels in use merged (and the merge undone), variables with codes removed only when asked.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from quotecoder.core.codebook import load_codebook
from quotecoder.core.resources import resource
from quotecoder.core.store import Store
from guikit import CODER, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.dialogs import CodebookEditor, MergeLabelDialog


@pytest.fixture
def db(tmp_path):
    """The small study with the default codebook: one quote variable, stance."""
    path = tmp_path / "coding.db"
    build_db(path)
    return path


@pytest.fixture
def four(tmp_path):
    """The small study with the example codebook of four variables."""
    path = tmp_path / "four.db"
    build_db(path)
    with Store(path) as store:
        store.save_codebook(load_codebook(resource("codebooks", "four-variables.json")))
    return path


def open_editor(qtbot, w) -> CodebookEditor:
    w.actions_by_name["codebook"].trigger()
    editor = w.findChild(CodebookEditor)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return editor


def click(qtbot, parent, name):
    button = parent.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.LeftButton)


def shown(qtbot, cls, name):
    found = {}

    def visible():
        found["w"] = next((b for b in QApplication.topLevelWidgets()
                           if isinstance(b, cls) and b.objectName() == name and b.isVisible()), None)
        return found["w"] is not None

    qtbot.waitUntil(visible)
    return found["w"]


def press(qtbot, box: QMessageBox, text: str) -> None:
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == text), Qt.LeftButton)


def type_label(qtbot, editor, name: str, shortcut: str) -> None:
    """Add label, type its name (the key follows), Tab to the shortcut and type it."""
    click(qtbot, editor, "addLabel")
    table = editor.table
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    qtbot.keyClicks(QApplication.focusWidget(), name)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)  # commits the name, edits the shortcut
    qtbot.keyClicks(QApplication.focusWidget(), shortcut)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)


def save(qtbot, editor) -> None:
    qtbot.mouseClick(editor.findChild(QPushButton, "saveCodebook"), Qt.LeftButton)


def test_a_new_variable_and_label_are_saved_as_a_new_version_and_undone(make_window, qtbot, check):
    w = make_window()
    before = check.codebook()
    editor = open_editor(qtbot, w)
    assert [editor.variables.item(i).text() for i in range(editor.variables.count())] == ["Stance · quote"]
    click(qtbot, editor, "addVariable")
    page = editor.page()
    qtbot.keyClicks(page.name, "Speaker role")
    assert page.key.text() == "speaker_role" and editor.variables.item(1).text() == "Speaker role · quote"
    page.level.setCurrentIndex(page.level.findData("ordinal"))
    type_label(qtbot, editor, "Elected politician", "1")
    type_label(qtbot, editor, "Expert", "2")
    assert editor.keys() == ["elected-politician", "expert"]
    # an article variable too
    click(qtbot, editor, "addVariable")
    qtbot.keyClicks(editor.page().name, "Genre")
    editor.page().unit.setCurrentIndex(editor.page().unit.findData("article"))
    type_label(qtbot, editor, "News", "1")
    type_label(qtbot, editor, "Opinion", "2")
    save(qtbot, editor)
    book = check.codebook()
    assert book.version == before.version + 1
    assert [v.key for v in book.variables] == ["stance", "speaker_role", "genre"]
    role = book.variable("speaker_role")
    assert (role.unit, role.level, role.name) == ("quote", "ordinal", "Speaker role")
    assert [(lab.key, lab.name, lab.shortcut) for lab in role.labels] == [
        ("elected-politician", "Elected politician", "1"), ("expert", "Expert", "2")]
    assert book.variable("genre").unit == "article"
    assert book.stance.labels == before.stance.labels
    assert w.session.codebook.version == book.version
    assert not editor.isVisible()
    # Edit › Undo saves the previous codebook again, as a newer version
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    book = check.codebook()
    assert book.version == before.version + 2 and [v.key for v in book.variables] == ["stance"]


def test_saving_without_a_change_makes_no_version(make_window, qtbot, check):
    w = make_window()
    version = check.codebook().version
    editor = open_editor(qtbot, w)
    save(qtbot, editor)
    assert check.codebook().version == version and not editor.isVisible()


def test_a_used_label_is_merged_on_saving_and_undo_restores_its_codes(make_window, qtbot, check):
    quotes = check.quotes(check.article_ids()[0])
    check.set_label(quotes[0].id, CODER, "threat")
    check.set_label(quotes[1].id, CODER, "threat")
    check.set_label(quotes[1].id, "ben", "opposed")
    check.set_label(quotes[2].id, "ben", "neutral")
    check.adjudicate(quotes[1].id, "threat", "chair")
    w = make_window()
    editor = open_editor(qtbot, w)
    editor.table.setCurrentCell(editor.keys().index("neutral"), 1)
    click(qtbot, editor, "removeLabel")  # used by one code: merged into a label chosen below
    merge = shown(qtbot, MergeLabelDialog, "mergeLabelDialog")
    assert merge.question.text().startswith("“Neutral” of Stance is used by 1 code(s).")
    merge.reject()  # kept after all
    assert "neutral" in editor.keys()
    table = editor.table
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    cell = table.visualItemRect(table.item(editor.keys().index("threat"), 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=cell)
    qtbot.keyClick(table, Qt.Key_Delete)  # the Delete key removes a label too
    merge = shown(qtbot, MergeLabelDialog, "mergeLabelDialog")
    merge.target.setCurrentIndex(merge.target.findData("opposed"))
    qtbot.mouseClick(merge.findChild(QPushButton, "mergeLabel"), Qt.LeftButton)
    assert editor.keys() == ["pro-deployment", "opposed", "neutral"]
    assert editor.page().pending.isVisible()
    assert "the codes of “Threat” become “Opposed”" in editor.page().pending.text()
    assert check.label(quotes[0].id, CODER) == "threat"  # nothing changes before saving
    save(qtbot, editor)
    assert [lab.key for lab in check.codebook().labels] == ["pro-deployment", "opposed", "neutral"]
    assert check.label(quotes[0].id, CODER) == check.label(quotes[1].id, CODER) == "opposed"
    assert check.adjudication(quotes[1].id)[0] == "opposed"
    assert check.label_counts("stance", "quote") == {"opposed": 3, "neutral": 1}
    # one step undoes the codebook and the merge: each code is back as it was
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert "threat" in [lab.key for lab in check.codebook().labels]
    assert check.label(quotes[0].id, CODER) == check.label(quotes[1].id, CODER) == "threat"
    assert check.label(quotes[1].id, "ben") == "opposed"
    assert check.adjudication(quotes[1].id)[:2] == ("threat", "chair")
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.label(quotes[0].id, CODER) == "opposed" and check.adjudication(quotes[1].id)[0] == "opposed"


def test_an_unused_label_goes_without_a_question(make_window, qtbot, check):
    w = make_window()
    editor = open_editor(qtbot, w)
    editor.table.setCurrentCell(editor.keys().index("neutral"), 1)
    click(qtbot, editor, "removeLabel")
    assert "neutral" not in editor.keys()
    assert not any(isinstance(b, MergeLabelDialog) and b.isVisible() for b in QApplication.topLevelWidgets())
    save(qtbot, editor)
    assert "neutral" not in [lab.key for lab in check.codebook().labels]


def test_variables_with_codes_are_removed_only_when_asked_and_the_last_quote_variable_stays(
        make_window, qtbot, four):
    with Store(four) as store:
        article = store.article_ids()[0]
        store.set_article_code(article, CODER, "frame", "security")
        store.set_article_code(article, "ben", "frame", "cost")
    w = make_window(four)
    editor = open_editor(qtbot, w)
    assert [editor.variables.item(i).text() for i in range(editor.variables.count())] == [
        "Stance · quote", "Speaker role · quote", "Frame · article", "Speaker gender · speaker"]
    editor.select_variable("frame")
    assert not editor.page().unit.isEnabled()  # its codes are stored per article
    click(qtbot, editor, "removeVariable")
    box = shown(qtbot, QMessageBox, "removeVariableBox")
    assert "“Frame · article” is used by 2 code(s)" in box.text()
    press(qtbot, box, "Cancel")
    assert editor.variables.count() == 4
    click(qtbot, editor, "removeVariable")
    box = shown(qtbot, QMessageBox, "removeVariableBox")
    press(qtbot, box, "Remove variable")
    assert editor.variables.count() == 3
    for name in ("stance", "speaker_role"):  # uncoded: removed without a question, up to the last one
        editor.select_variable(name)
        click(qtbot, editor, "removeVariable")
    refused = shown(qtbot, QMessageBox, "lastQuoteVariable")
    assert "only quote variable" in refused.text()
    refused.accept()
    assert [p.key.text() for p in editor.all_pages()] == ["speaker_role", "gender"]
    save(qtbot, editor)
    with Store(four) as store:
        book = store.codebook()
        assert [v.key for v in book.variables] == ["speaker_role", "gender"]
        assert store.article_codes(article, CODER) == {"frame": "security"}  # kept, not deleted


def test_a_codebook_without_quote_variables_or_with_clashing_keys_is_not_saved(make_window, qtbot, four):
    w = make_window(four)
    version = w.session.codebook.version
    editor = open_editor(qtbot, w)
    editor.select_variable("speaker_role")
    row = editor.keys().index("expert")
    editor.table.item(row, 2).setText("J")  # the key of Next quote
    editor.table.item(editor.keys().index("military"), 2).setText("1")  # Politician has 1 already
    save(qtbot, editor)
    box = shown(qtbot, QMessageBox, "codebookProblem")
    assert "“J” is already the key for Next quote" in box.text()
    assert "two labels have the key “1”" in box.text()
    box.accept()
    assert editor.isVisible() and w.session.store.codebook().version == version
    editor.table.item(row, 2).setText("3")
    editor.table.item(editor.keys().index("military"), 2).setText("2")
    for name in ("stance", "speaker_role"):
        editor.select_variable(name)
        editor.page().unit.setCurrentIndex(editor.page().unit.findData("article"))
    save(qtbot, editor)
    box = shown(qtbot, QMessageBox, "codebookProblem")
    assert "needs at least one quote variable" in box.text()
    box.accept()
    assert w.session.store.codebook().version == version


def test_the_editor_shows_every_key_whole(make_window, qtbot, four):
    w = make_window(four)
    editor = open_editor(qtbot, w)
    editor.select_variable("speaker_role")
    table = editor.table
    metrics = QFontMetrics(table.font())
    row = editor.keys().index("foreign-government")
    assert table.columnWidth(0) >= metrics.horizontalAdvance("foreign-government") + 6
    assert table.rowHeight(row) >= metrics.height()
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        title = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
    editor.grab().save("/tmp/codebook-editor.png")
    assert editor.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).isEnabled()


def test_blind_mode_keeps_other_coders_counts_out_of_the_editor(make_window, qtbot, check):
    quotes = check.quotes(check.article_ids()[0])
    check.set_label(quotes[0].id, "ben", "threat")
    check.set_label(quotes[1].id, "ben", "threat")
    w = make_window()
    w.session.set_blind(True)
    editor = open_editor(qtbot, w)
    editor.table.setCurrentCell(editor.keys().index("threat"), 1)
    click(qtbot, editor, "removeLabel")
    merge = shown(qtbot, MergeLabelDialog, "mergeLabelDialog")
    assert "“Threat” of Stance is already used in coding." in merge.question.text()
    assert "2" not in merge.question.text()
    merge.reject()


def test_a_label_that_receives_merged_codes_is_merged_in_turn(make_window, qtbot, check):
    quotes = check.quotes(check.article_ids()[0])
    check.set_label(quotes[0].id, CODER, "threat")
    w = make_window()
    editor = open_editor(qtbot, w)
    for old, into in (("threat", "opposed"), ("opposed", "neutral")):  # opposed has no codes of its own
        editor.table.setCurrentCell(editor.keys().index(old), 1)
        click(qtbot, editor, "removeLabel")
        merge = shown(qtbot, MergeLabelDialog, "mergeLabelDialog")
        merge.target.setCurrentIndex(merge.target.findData(into))
        qtbot.mouseClick(merge.findChild(QPushButton, "mergeLabel"), Qt.LeftButton)
    save(qtbot, editor)
    assert check.label(quotes[0].id, CODER) == "neutral"


def test_saving_over_a_version_saved_elsewhere_is_asked(make_window, qtbot, check):
    w = make_window()
    editor = open_editor(qtbot, w)
    editor.table.item(editor.keys().index("neutral"), 1).setText("No position")
    book = check.codebook()
    check.save_codebook(book.with_labels(book.labels[:3]))  # the command line, meanwhile
    save(qtbot, editor)
    box = shown(qtbot, QMessageBox, "codebookChangedBox")
    assert f"Version {book.version + 1} of the codebook was saved elsewhere" in box.text()
    press(qtbot, box, "Save mine")
    saved = check.codebook()
    assert saved.version == book.version + 2 and saved.label("neutral").name == "No position"


def test_the_editor_refuses_what_codebook_load_refuses(make_window, qtbot, four, tmp_path):
    """One set of rules: a key the command line would refuse (it names a column) is not saved here either."""
    w = make_window(four)
    version = w.session.codebook.version
    editor = open_editor(qtbot, w)
    editor.select_variable("speaker_role")
    editor.page().key.setText("speaker-role")
    save(qtbot, editor)
    box = shown(qtbot, QMessageBox, "codebookProblem")
    assert "speaker-role" in box.text() and "letter" in box.text()
    box.accept()
    assert w.session.store.codebook().version == version
