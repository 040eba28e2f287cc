"""The coding window with the example codebook of four variables (stance and speaker role per
quote, frame per article, gender per speaker), as a researcher meets it: keys alone from the
first press, where the keys go after each code, what the quote panel shows at laptop sizes and
where the speaker registry's keys start.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from quotecoder.core.codebook import load_codebook
from quotecoder.core.resources import resource
from quotecoder.core.store import Store
from guikit import CODER, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.speaker_registry import SpeakerRegistryDialog
from quotecoder.gui.theme import SELECTED_FRAME

FOUR = load_codebook(resource("codebooks", "four-variables.json"))


def with_codebook(path, codebook) -> None:
    with Store(path) as store:
        store.save_codebook(codebook)


@pytest.fixture
def db(tmp_path):
    """The guikit study (three articles; five quotes, three in the first) with four variables."""
    path = tmp_path / "four.db"
    build_db(path)
    with_codebook(path, FOUR)
    return path


def codes(check, quote_id) -> dict:
    return {v: check.label(quote_id, CODER, v) for v in ("stance", "speaker_role")}


# -- where the keys go after a code ---------------------------------------------------------------


def test_a_variable_left_out_gets_the_keys_before_they_leave_the_quote(make_window, qtbot, check):
    w = make_window()
    q0, q1, _ = check.quotes(check.article_ids()[0])
    key(qtbot, w, Qt.Key_Tab)  # the coder codes the speaker role first
    key(qtbot, w, Qt.Key_2)
    assert codes(check, q0.id) == {"stance": None, "speaker_role": "military"}
    assert w.coding.quote_id == q0.id and w.coding.active == "stance"  # not on to the next quote
    key(qtbot, w, Qt.Key_3)
    assert codes(check, q0.id) == {"stance": "threat", "speaker_role": "military"}
    assert w.coding.quote_id == q1.id and w.coding.active == "stance"  # done: on to the next quote
    key(qtbot, w, Qt.Key_4)
    assert codes(check, q1.id) == {"stance": "neutral", "speaker_role": None}


def test_a_correction_sends_the_keys_back_to_the_quote_needing_codes(make_window, qtbot, check):
    w = make_window()
    q0, q1, _ = check.quotes(check.article_ids()[0])
    key(qtbot, w, Qt.Key_2)
    key(qtbot, w, Qt.Key_1)
    assert w.coding.quote_id == q1.id
    key(qtbot, w, Qt.Key_K)  # back to the first quote: its stance should be Threat
    key(qtbot, w, Qt.Key_3)
    assert codes(check, q0.id) == {"stance": "threat", "speaker_role": "politician"}
    assert w.coding.quote_id == q1.id and w.coding.active == "stance"  # not the first quote's role
    key(qtbot, w, Qt.Key_4)
    assert codes(check, q1.id) == {"stance": "neutral", "speaker_role": None}
    assert codes(check, q0.id) == {"stance": "threat", "speaker_role": "politician"}


def test_the_articles_frame_gets_the_keys_before_they_leave_the_article(make_window, qtbot, check):
    ids = check.article_ids()
    w = make_window()
    key(qtbot, w, Qt.Key_N)  # the second article: one quote
    quote = check.quotes(ids[1])[0]
    assert w.coding.article.id == ids[1] and w.coding.quote_id == quote.id
    key(qtbot, w, Qt.Key_4)
    key(qtbot, w, Qt.Key_1)
    assert codes(check, quote.id) == {"stance": "neutral", "speaker_role": "politician"}
    header = w.coding.article_view.header
    assert w.coding.article.id == ids[1] and w.coding.active == "frame" and header.active == "frame"
    assert "Frame" in w.status.message_label.text()
    key(qtbot, w, Qt.Key_3)
    assert check.article_code(ids[1], CODER, "frame") == "cost"
    assert w.coding.article.id == ids[2] and w.coding.active == "stance"  # then on to the next quote
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.article_code(ids[1], CODER, "frame") is None
    assert w.coding.article.id == ids[1] and w.coding.active == "frame"


def test_an_article_coded_already_is_left_at_once(make_window, qtbot, check):
    ids = check.article_ids()
    check.set_article_code(ids[1], CODER, "frame", "security")
    w = make_window()
    key(qtbot, w, Qt.Key_N)
    key(qtbot, w, Qt.Key_4)
    key(qtbot, w, Qt.Key_1)
    assert w.coding.article.id == ids[2] and w.coding.active == "stance"


# -- what the quote panel shows ------------------------------------------------------------------


def frame_pixel(table, row: int, column: int) -> str:
    """The colour just inside a cell's left edge, as painted."""
    rect = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 1, rect.center().y()).name()


def test_the_cell_the_number_keys_code_is_framed_in_the_selected_row(make_window, qtbot):
    w = make_window()
    table, model = w.coding.quote_panel.table, w.coding.quote_panel.model
    stance, role = model.column_of("stance"), model.column_of("speaker_role")
    assert frame_pixel(table, 0, stance) == SELECTED_FRAME
    assert frame_pixel(table, 0, role) != SELECTED_FRAME
    key(qtbot, w, Qt.Key_Tab)
    assert frame_pixel(table, 0, role) == SELECTED_FRAME
    assert frame_pixel(table, 0, stance) != SELECTED_FRAME


def assert_columns_whole(w) -> None:
    """The speaker, the kind and every quote variable's column are in sight, none cut off, and
    the article keeps a readable width."""
    table = w.coding.quote_panel.table
    header, model = table.horizontalHeader(), table.model()
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(model.quote_column):
        assert 0 <= header.sectionViewportPosition(column)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= table.viewport().width()
    assert header.sectionSize(0) >= table.fontMetrics().horizontalAdvance("Harriet Callow") + 6
    em = w.coding.fontMetrics().horizontalAdvance("M")
    assert w.coding.article_view.width() >= 26 * em  # about 40 characters a line


@pytest.mark.parametrize("size", [(1240, 740), (1440, 860), (1600, 960)])  # 1280×800 and larger screens
def test_the_quote_columns_are_whole_on_a_laptop_screen(make_window, qtbot, size):
    w = make_window()
    w.resize(*size)
    qtbot.waitUntil(lambda: w.width() == size[0])
    QApplication.processEvents()
    assert_columns_whole(w)


def test_a_split_saved_before_the_codebook_grew_makes_room_for_its_columns(make_window, qtbot, tmp_path):
    path = tmp_path / "one.db"
    build_db(path)  # one quote variable: the quote panel is narrow
    w = make_window(path)
    w.resize(1240, 740)
    qtbot.waitUntil(lambda: w.width() == 1240)
    w.close()  # the splitters are saved
    with_codebook(path, FOUR)  # as `quotecoder codebook load` does
    again = make_window(path)
    again.resize(1240, 740)
    qtbot.waitUntil(lambda: again.width() == 1240)
    QApplication.processEvents()
    assert_columns_whole(again)


def test_a_codebook_loaded_while_the_window_is_open_makes_room_for_its_columns(make_window, qtbot, tmp_path):
    path = tmp_path / "one.db"
    build_db(path)
    w = make_window(path)
    w.resize(1240, 740)
    qtbot.waitUntil(lambda: w.width() == 1240)
    with_codebook(path, FOUR)  # `quotecoder codebook load` in a terminal beside the window
    assert w.session.look_for_changes()
    QApplication.processEvents()
    assert w.coding.quote_panel.model.columns == ("Speaker", "Kind", "Stance", "Speaker role", "Quote")
    assert_columns_whole(w)


# -- the speaker registry ------------------------------------------------------------------------


def test_the_speaker_registry_opens_where_the_number_keys_code(make_window, qtbot, check):
    w = make_window()
    w.actions_by_name["speaker_registry"].trigger()
    dialog = w.findChild(SpeakerRegistryDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    first = dialog.speakers[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_2)  # the very first key
    assert check.speaker_codes(first.id).get(first.id, {}).get("gender") == "man"


# -- the legend ----------------------------------------------------------------------------------


def test_the_article_text_keeps_its_height_as_tab_changes_the_variable(make_window, qtbot):
    w = make_window()
    w.resize(1240, 740)
    qtbot.waitUntil(lambda: w.width() == 1240)
    text = w.coding.text

    def height_at(*keys) -> int:
        for k in keys:
            key(qtbot, w, k)
        QApplication.processEvents()
        return text.height()

    first = height_at()
    role = height_at(Qt.Key_Tab)  # the speaker role's six labels take more lines than the stance's four
    assert role != first
    height_at(Qt.Key_Tab)  # the frame: once round the variables
    again = {height_at(Qt.Key_Tab), height_at(Qt.Key_Tab), height_at(Qt.Key_Tab)}
    assert len(again) == 1  # round them again: the text stays put
