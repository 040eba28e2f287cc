"""The window as a new user meets it: keys from the first press, focus after dialogs, a readable
article list, an empty study's start panel, removing articles, the status bar, and articles
the command line adds while the window is open.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from guikit import CODER, activate, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.core.model import Article
from quotecoder.core.store import Store
from quotecoder.core.workspace import open_store, sample_paths
from quotecoder.gui.dialogs import ShortcutsDialog, SpeakerDialog
from quotecoder.gui.workers import Job


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "coding.db"
    build_db(path)
    return path


def find_box(qtbot, name: str) -> QMessageBox:
    found = {}

    def shown():
        found["box"] = next((w for w in QApplication.topLevelWidgets()
                             if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()), None)
        return found["box"] is not None

    qtbot.waitUntil(shown)
    return found["box"]


def press(qtbot, box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
    qtbot.mouseClick(button, Qt.LeftButton)


def idle(qtbot, w, timeout=30000):
    qtbot.waitUntil(lambda: not w.session.jobs, timeout=timeout)


# -- keys from the first press -------------------------------------------------------------------


def test_shift_n_then_1_are_the_first_two_keys_and_they_code(make_window, qtbot, check):
    w = make_window()  # no click, no focus set by the test
    assert QApplication.focusWidget() is w.coding.quote_panel.table
    key(qtbot, w, Qt.Key_N, Qt.ShiftModifier)
    key(qtbot, w, Qt.Key_1)
    assert check.stance_units([CODER]) == {w.coding.quote_id: {CODER: "pro-deployment"}}
    assert w.article_list.search.text() == "" and w.article_list.model.total == 3


@pytest.mark.parametrize("where", ["articleTable", "statusFilter", "sampleFilter", "articleText", "quoteTable"])
def test_single_letter_keys_work_wherever_the_focus_is_not_in_a_text_field(make_window, qtbot, check, where):
    w = make_window()
    target = w.findChild(QWidget, where)
    target.setFocus()
    assert QApplication.focusWidget() is target
    quote = w.coding.quote_id
    qtbot.keyClick(target, Qt.Key_2)
    assert check.label(quote, CODER) == "opposed"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_J)
    assert w.coding.quote_id != quote


def test_letters_typed_in_the_search_box_search_and_esc_gives_the_keys_back(make_window, qtbot, check):
    w = make_window()
    quote = w.coding.quote_id
    key(qtbot, w, Qt.Key_F, Qt.ControlModifier)
    assert QApplication.focusWidget() is w.article_list.search
    qtbot.keyClicks(w.article_list.search, "N1")
    assert w.article_list.search.text() == "N1" and check.label(quote, CODER) is None
    qtbot.keyClick(w.article_list.search, Qt.Key_Escape)
    assert QApplication.focusWidget() is w.coding.quote_panel.table
    key(qtbot, w, Qt.Key_3)
    assert check.label(quote, CODER) == "threat"


def back(qtbot, w, widget) -> None:
    """The window is active again (a window manager does this when a dialog closes) with the keys on ``widget``."""
    qtbot.waitUntil(lambda: not any(isinstance(x, (QMessageBox, ShortcutsDialog, SpeakerDialog)) and x.isVisible()
                                    for x in QApplication.topLevelWidgets()))
    activate(qtbot, w)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_the_keys_come_back_to_the_coding_surface_after_every_dialog(make_window, qtbot, check):
    w = make_window()
    table = w.coding.quote_panel.table
    # a dialog opened from the search box: afterwards the keys code again, they do not search
    key(qtbot, w, Qt.Key_F, Qt.ControlModifier)
    key(qtbot, w, Qt.Key_F1)
    dialog = w.findChild(ShortcutsDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Escape)
    back(qtbot, w, table)
    # the speaker dialog, cancelled
    key(qtbot, w, Qt.Key_S)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), SpeakerDialog))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Escape)
    back(qtbot, w, table)
    # an error message
    w.article_list.table.setFocus()
    w.session.show_error("Not saved", "The disk is full.")
    box = find_box(qtbot, "errorBox")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    back(qtbot, w, table)
    key(qtbot, w, Qt.Key_4)
    assert check.label(w.coding.quote_id, CODER) == "neutral"


# -- the article list --------------------------------------------------------------------------


def test_the_title_column_takes_the_free_width_and_the_splitter_is_remembered(make_window, qtbot, db, tmp_path):
    w = make_window()
    header = w.article_list.table.horizontalHeader()
    others = [header.sectionSize(c) for c in range(1, header.count())]
    total = w.splitter.width()
    for width in (total // 2, total * 2 // 3):  # the list made wider by the splitter
        w.splitter.setSizes([width, total - width])
        qtbot.waitUntil(lambda: w.article_list.table.viewport().width() > 0)
        title = header.sectionSize(0)
        assert title > max(others) and title >= w.article_list.table.viewport().width() - sum(others) - 2
        assert [header.sectionSize(c) for c in range(1, header.count())] == others  # the others stay
    assert header.sectionSize(0) > w.article_list.table.fontMetrics().horizontalAdvance("Harbour council splits")
    sizes, inner = w.splitter.sizes(), w.coding.sizes()
    w.close()
    again = make_window()
    assert again.splitter.sizes() == sizes and again.coding.sizes() == inner


def test_an_untitled_article_shows_its_first_sentence(make_window, qtbot, tmp_path):
    path = tmp_path / "untitled.db"
    with open_store(path) as store:
        store.add_article(Article(text="The harbour board voted to keep the old ferry running for another "
                                  "winter. Dockers welcomed it.", source="/downloads/01_wire.txt", content_hash="u1"))
    w = make_window(path)
    first = "The harbour board voted to keep the old ferry running for another winter."
    assert w.article_list.model.index(0, 0).data() == first  # not "01_wire.txt"
    assert w.article_list.model.index(0, 0).data(Qt.ToolTipRole) == first  # in full, however narrow the column
    header = w.coding.article_view.header.text()
    assert "01_wire" not in header and "The harbour board voted" in header


# -- a new study -------------------------------------------------------------------------------


def test_a_new_database_starts_empty_with_the_start_panel(make_window, qtbot, tmp_path):
    path = tmp_path / "study.db"
    w = make_window(path)  # --db study.db on a new file
    assert w.session.store.article_count() == 0 and not w.session.jobs  # nothing seeded
    panel = w.start_panel
    assert w.pages.currentIndex() == 0 and panel.isVisible()
    assert panel.import_button.text() == "Import articles (Ctrl+O)"
    assert panel.samples_button.text() == "Load the sample articles"
    assert QApplication.focusWidget() is panel.import_button
    qtbot.mouseClick(panel.samples_button, Qt.LeftButton)
    idle(qtbot, w)
    assert w.session.store.article_count() == len(sample_paths())
    assert w.pages.currentWidget() is w.coding and w.coding.article is not None
    assert w.article_list.model.total == len(sample_paths())
    assert QApplication.focusWidget() is w.coding.quote_panel.table


def test_the_import_button_and_ctrl_o_import_articles(make_window, qtbot, tmp_path, monkeypatch):
    article = tmp_path / "ferry.txt"
    article.write_text("Ferry fares rise\n\nThe ferry company raised its fares on Monday.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(article)], ""))
    w = make_window(tmp_path / "study.db")
    qtbot.mouseClick(w.start_panel.import_button, Qt.LeftButton)
    idle(qtbot, w)
    assert w.article_list.model.total == 1 and w.article_list.model.index(0, 0).data() == "Ferry fares rise"
    assert "Imported 1" in w.status.message_label.text()


def test_the_readmes_first_run_of_annotations_db_is_seeded(qtbot, tmp_path, settings, monkeypatch):
    from quotecoder.gui.app import open_window

    monkeypatch.chdir(tmp_path)
    w = open_window("annotations.db", CODER, settings=settings, load_nlp=False, show_errors=False)
    qtbot.addWidget(w)
    idle(qtbot, w)
    assert w.session.store.article_count() == len(sample_paths())
    w.close()


# -- removing articles -------------------------------------------------------------------------


def test_removing_an_article_asks_naming_what_is_lost_and_undo_brings_it_back(make_window, qtbot, check):
    w = make_window()
    first, second, _ = check.article_ids()
    key(qtbot, w, Qt.Key_2)
    w.session.set_coder("ben")
    key(qtbot, w, Qt.Key_3)
    w.actions_by_name["remove_article"].trigger()
    box = find_box(qtbot, "removeArticles")
    assert "“Harbour council splits over ferry plan”" in box.text()
    assert "3 quotes, 2 stance labels by ana, ben and 3 entities" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.Cancel)
    press(qtbot, box, "Cancel")
    assert check.article_ids() == [first, second, 3]
    w.actions_by_name["remove_article"].trigger()
    press(qtbot, find_box(qtbot, "removeArticles"), "Remove")
    assert check.article_ids() == [second, 3]
    assert w.coding.article.id == second and w.article_list.model.total == 2
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.article_ids() == [first, second, 3]
    assert check.label(check.quotes(first)[0].id, "ana") == "opposed"
    assert w.article_list.model.total == 3


def test_the_sample_articles_are_removed_in_one_action(make_window, qtbot, tmp_path, check):
    w = make_window(tmp_path / "study.db")
    w.files.load_samples()
    idle(qtbot, w)
    with Store(w.session.store.path) as other:
        other.add_article(Article(text="Our own article about the quay.", source="own.txt", content_hash="own"))
    w.session.look_for_changes()
    assert w.article_list.model.total == len(sample_paths()) + 1
    w.actions_by_name["remove_samples"].trigger()
    box = find_box(qtbot, "removeArticles")
    assert f"the {len(sample_paths())} sample articles" in box.text()
    press(qtbot, box, "Remove")
    assert w.article_list.model.total == 1 and w.coding.article.source == "own.txt"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert w.article_list.model.total == len(sample_paths()) + 1


# -- the status bar, coders, the selected quote --------------------------------------------------


def test_messages_appear_beside_the_coder_and_progress(make_window, qtbot):
    w = make_window()
    w.coding.text.setFocus()
    key(qtbot, w, Qt.Key_Q)  # nothing selected: a note
    assert "Select some text" in w.status.message_label.text()
    assert w.status.coder_label.isVisible() and w.status.progress_label.isVisible()
    assert "Coder: <b>ana</b>" in w.status.coder_label.text() and "Coded 0 of 5" in w.status.progress_label.text()
    w.menus["File"].popup(w.mapToGlobal(QPoint(10, 10)))  # hovering a menu shows its hints there too
    w.menus["File"].setActiveAction(w.actions_by_name["export"])
    qtbot.waitUntil(lambda: "CSV for R" in w.status.message_label.text())
    assert w.status.coder_label.isVisible()
    w.menus["File"].close()


def test_switching_coder_stays_on_the_current_article(make_window, qtbot, check):
    w = make_window()
    key(qtbot, w, Qt.Key_N)
    key(qtbot, w, Qt.Key_1)
    article, quote = w.coding.article.id, w.coding.quote_id
    w.coders_menu.aboutToShow.emit()
    ben = w.session.set_coder("ben")
    assert ben and w.coding.article.id == article and w.coding.quote_id == quote
    assert w.coding.stances == {} and "ben" in w.status.coder_label.text()
    w.session.set_coder(CODER)
    assert w.coding.stances == {quote: "pro-deployment"}


def test_the_selected_quotes_frame_goes_round_its_quotation_marks(make_window, qtbot, check):
    from quotecoder.gui.article_view import framed_span

    w = make_window()
    text = w.coding.article.text
    quote = next(q for q in w.coding.quotes if q.kind == "direct")
    inner = (quote.start + 1, quote.end - 1)  # a quote stored without its marks
    assert framed_span(text, *inner) == (quote.start, quote.end)
    assert framed_span(text, quote.start, quote.end) == (quote.start, quote.end)
    left = min(r.left() for r in w.coding.text.span_rects(*framed_span(text, *inner)))
    mark = w.coding.text.span_rects(quote.start, quote.start + 1)[0]
    assert left <= mark.left()  # the frame is outside the mark, never over it


# -- another program adds articles ------------------------------------------------------------


def cli_import(db, *paths) -> None:
    result = subprocess.run([sys.executable, "-m", "quotecoder", "import", *map(str, paths), "--db", str(db),
                             "--no-pretag"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_articles_the_command_line_adds_appear_without_a_restart(make_window, qtbot, db, tmp_path, check):
    w = make_window()
    story = tmp_path / "gulls.txt"
    story.write_text("Gulls return to the quay\n\nThe gulls came back on Tuesday.\n", encoding="utf-8")
    key(qtbot, w, Qt.Key_1)
    cli_import(db, story)
    qtbot.waitUntil(lambda: w.article_list.model.total == 4, timeout=10000)  # the window looks every 2 s
    assert w.article_list.model.index(3, 0).data() == "Gulls return to the quay"
    key(qtbot, w, Qt.Key_J)
    key(qtbot, w, Qt.Key_2)  # coding goes on
    assert len(check.stance_units([CODER])) == 2


def test_an_empty_study_fills_when_the_command_line_imports(make_window, qtbot, tmp_path):
    path = tmp_path / "study.db"
    w = make_window(path)
    assert w.pages.currentIndex() == 0
    cli_import(path, *sample_paths()[:2])
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.coding, timeout=10000)
    assert w.article_list.model.total == 2 and w.coding.article is not None


def test_jobs_are_plain_functions_one_of_a_kind_at_a_time(make_window, qtbot):
    w = make_window()
    started = []

    def slow(store, progress):
        progress.start(3, "Counting")
        for _ in range(3):
            time.sleep(0.1)
            progress.advance()
        started.append(store.article_count())
        return 42

    job = w.session.submit("count", slow, label="Counting…", writes=False)
    assert isinstance(job, Job)
    assert w.session.submit("count", slow, label="Counting…", writes=False) is None  # one of a kind
    assert "still running" in w.status.message_label.text()
    with qtbot.waitSignal(job.succeeded, timeout=10000) as result:
        pass
    assert result.args == [42] and started == [3]
