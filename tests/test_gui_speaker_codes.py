"""Speaker variables coded in Tools › Speaker registry, with keys and the label list, and undone.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from quotecoder.core.codebook import load_codebook
from quotecoder.core.resources import resource
from guikit import CODER, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.speaker_registry import SpeakerRegistryDialog


@pytest.fixture
def db(tmp_path):
    """The small study, with the example codebook of four variables (gender is coded per speaker)."""
    path = tmp_path / "coding.db"
    build_db(path)
    from quotecoder.core.store import Store

    with Store(path) as store:
        store.save_codebook(load_codebook(resource("codebooks", "four-variables.json")))
    return path


def registry(qtbot, w) -> SpeakerRegistryDialog:
    w.actions_by_name["speaker_registry"].trigger()
    dialog = w.findChild(SpeakerRegistryDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def column(dialog, name: str) -> int:
    model = dialog.table.model()
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Horizontal) == name)


def cell(dialog, speaker: str, name: str) -> str:
    row = [s.name for s in dialog.speakers].index(speaker)
    return dialog.table.model().index(row, column(dialog, name)).data()


def gender(check, name: str) -> str | None:
    speaker = next(s for s in check.speakers() if s.name == name)
    return check.speaker_codes(speaker.id).get(speaker.id, {}).get("gender")


def test_a_speaker_variable_is_coded_with_keys_and_undone(make_window, qtbot, check):
    w = make_window()
    dialog = registry(qtbot, w)
    model = dialog.table.model()
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Speaker", "Quotes", "Speaker gender"]
    assert "1 Woman" in dialog.hint.text()
    names = [s.name for s in dialog.speakers]
    assert names == ["Hanne Solvik", "Mira Tesh", "Olek Brandt"]
    dialog.select_row(0, column(dialog, "Speaker gender"))
    qtbot.keyClick(dialog.table, Qt.Key_1)  # Hanne Solvik: woman; the next speaker is selected
    assert gender(check, "Hanne Solvik") == "woman"
    assert dialog.current().name == "Mira Tesh"
    qtbot.keyClick(dialog.table, Qt.Key_1)
    qtbot.keyClick(dialog.table, Qt.Key_2)
    assert gender(check, "Mira Tesh") == "woman" and gender(check, "Olek Brandt") == "man"
    assert cell(dialog, "Olek Brandt", "Speaker gender") == "Man"
    background = model.index(2, column(dialog, "Speaker gender")).data(Qt.BackgroundRole)
    assert background.name().lower() == w.session.codebook.variable("gender").label("man").colour.lower()
    qtbot.keyClick(dialog.table, Qt.Key_9)  # not a key of the variable: nothing
    assert gender(check, "Olek Brandt") == "man"
    # undo, in the registry's own window, one speaker at a time
    qtbot.keyClick(dialog.table, Qt.Key_Z, Qt.ControlModifier)
    assert gender(check, "Olek Brandt") is None and cell(dialog, "Olek Brandt", "Speaker gender") == ""
    assert gender(check, "Mira Tesh") == "woman"
    qtbot.keyClick(dialog.table, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert gender(check, "Olek Brandt") == "man"
    # 0 clears; undo brings the code back
    dialog.select_row(1, column(dialog, "Speaker gender"))
    qtbot.keyClick(dialog.table, Qt.Key_0)
    assert gender(check, "Mira Tesh") is None
    dialog.accept()
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)  # from the coding window too
    assert gender(check, "Mira Tesh") == "woman"
    assert w.session.undo_stack.undoText().startswith("Speaker gender of")


def test_several_speakers_are_coded_at_once_from_the_label_list(make_window, qtbot, check):
    w = make_window()
    dialog = registry(qtbot, w)
    gender_column = column(dialog, "Speaker gender")
    dialog.select_row(0, gender_column)
    qtbot.keyClick(dialog.table, Qt.Key_Down, Qt.ShiftModifier)  # Hanne Solvik and Mira Tesh
    qtbot.keyClick(dialog.table, Qt.Key_4)
    assert gender(check, "Hanne Solvik") == gender(check, "Mira Tesh") == "not-a-person"
    assert gender(check, "Olek Brandt") is None
    qtbot.keyClick(dialog.table, Qt.Key_Z, Qt.ControlModifier)  # one step for both
    assert gender(check, "Hanne Solvik") is None and gender(check, "Mira Tesh") is None
    # F2 opens the list of labels; choosing one codes the speaker
    dialog.select_row(2, gender_column)
    qtbot.keyClick(dialog.table, Qt.Key_F2)
    combo = dialog.table.findChild(QComboBox, "speakerCodeEditor")
    qtbot.waitUntil(lambda: combo is not None and combo.isVisible())
    assert [combo.itemText(i) for i in range(combo.count())][:3] == ["— not coded —", "1  Woman", "2  Man"]
    combo.setCurrentIndex(combo.findData("unknown"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: gender(check, "Olek Brandt") == "unknown")
    assert cell(dialog, "Olek Brandt", "Speaker gender") == "Unknown or other"
    dialog.grab().save("/tmp/speaker-registry.png")


def test_a_read_only_window_shows_speaker_codes_but_does_not_change_them(make_window, qtbot, check, db):
    olek = next(s for s in check.speakers() if s.name == "Olek Brandt")
    check.set_speaker_code(olek.id, "gender", "man", CODER)
    make_window(db)
    w = make_window(db, coder="ben")  # a second window on the database is read-only
    assert w.session.readonly
    dialog = registry(qtbot, w)
    assert cell(dialog, "Olek Brandt", "Speaker gender") == "Man"
    dialog.select_row(2, column(dialog, "Speaker gender"))
    qtbot.keyClick(dialog.table, Qt.Key_1)
    assert gender(check, "Olek Brandt") == "man"
    assert "read-only" in dialog.hint.text()
