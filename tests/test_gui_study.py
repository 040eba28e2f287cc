"""The coding window's study tools, driven through keys and clicks: merging, export, codes and
backups, the reliability sample, blind mode, agreement, adjudication and near-duplicates.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QInputDialog, QPushButton, QStyle

from quotecoder.core.agreement import agreement
from quotecoder.core.clock import readable
from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.store import Store
from quotecoder.core.study import agreement_report, agreement_text
from quotecoder.core.workspace import open_store
from guikit import CODER, activate, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.study_dialogs import (
    AdjudicationDialog,
    AgreementDialog,
    ExportDialog,
    ReportDialog,
    SampleDialog,
    fmt,
)


TEXT_A = (
    "The harbour board met on Tuesday. \u201cThe patrol boats will keep the strait safe,\u201d chair Lina Verko "
    "said. Dock worker Pavel Orn was sceptical. \u201cWe were never asked about the cost,\u201d Orn said."
)
TEXT_B = TEXT_A + " (Reprinted from the Gullport Courier.)"
TEXT_C = "The festival returns to the old quay. \u201cMusic belongs to everyone,\u201d organiser Tove Halm said."
TEXT_D = "The ferry timetable changes in June. \u201cExpect fewer crossings,\u201d skipper Edda Morn said."

QUOTE_1 = "\u201cThe patrol boats will keep the strait safe,\u201d"
QUOTE_2 = "\u201cWe were never asked about the cost,\u201d"


def _quote(text: str, phrase: str, speaker: str) -> Quote:
    start = text.index(phrase)
    return Quote(start, start + len(phrase), phrase, "direct", speaker=Speaker(speaker, "person"),
                 mention=None, cue=None)


def build(path) -> dict[str, int]:
    """Four articles (B a near-duplicate of A) and their quotes; returns quote ids by name."""
    store = open_store(path)
    a = store.add_article(
        Article(text=TEXT_A, source="a.txt", title="Harbour board backs patrol boats", outlet="The Gullport Courier",
                published="2024-06-01", content_hash="hash-a"),
        Annotation(quotes=[_quote(TEXT_A, QUOTE_1, "Lina Verko"), _quote(TEXT_A, QUOTE_2, "Pavel Orn")]),
    )
    b = store.add_article(
        Article(text=TEXT_B, source="b.txt", title="Patrol boats backed by harbour board", outlet="Northcape Weekly",
                published="2024-06-02", content_hash="hash-b", dup_group=a),
        Annotation(quotes=[_quote(TEXT_B, QUOTE_1, "Lina Verko"), _quote(TEXT_B, QUOTE_2, "Pavel Orn")]),
        joins=[a],
    )
    c = store.add_article(
        Article(text=TEXT_C, source="c.txt", title="Festival returns to the quay", outlet="Northcape Weekly",
                published="2024-06-03", content_hash="hash-c"),
        Annotation(quotes=[_quote(TEXT_C, "\u201cMusic belongs to everyone,\u201d", "Tove Halm")]),
    )
    d = store.add_article(
        Article(text=TEXT_D, source="d.txt", title="Ferry timetable changes", outlet="The Gullport Courier",
                published="2024-06-04", content_hash="hash-d"),
        Annotation(quotes=[_quote(TEXT_D, "\u201cExpect fewer crossings,\u201d", "Edda Morn")]),
    )
    ids = {}
    for name, article_id in (("a", a), ("b", b), ("c", c), ("d", d)):
        for i, q in enumerate(store.quotes(article_id), start=1):
            ids[f"{name}{i}"] = q.id
    ids.update(article_a=a, article_b=b, article_c=c, article_d=d)
    store.close()
    return ids


ANA = {"a1": "pro-deployment", "b1": "pro-deployment", "b2": "opposed", "c1": "neutral", "d1": "neutral"}
BEN = {"a1": "pro-deployment", "a2": "threat", "b1": "opposed", "b2": "threat", "c1": "neutral", "d1": "opposed"}


def code(path, ids, coder, labels) -> None:
    store = Store(path)
    for name, label in labels.items():
        store.set_label(ids[name], coder, label)
    store.close()


@pytest.fixture
def ids(tmp_path):
    return build(tmp_path / "study.db")


@pytest.fixture
def db(tmp_path, ids):
    """Both coders' labels in one database."""
    path = tmp_path / "study.db"
    code(path, ids, "ana", ANA)
    code(path, ids, "ben", BEN)
    return path


def find(qtbot, parent, cls, name=None):
    found = {}

    def visible():
        widgets = [w for w in parent.findChildren(cls) if name is None or w.objectName() == name]
        found["w"] = next((w for w in widgets if w.isVisible()), None)
        return found["w"] is not None

    qtbot.waitUntil(visible, timeout=30000)  # a loaded machine runs the jobs slowly
    return found["w"]


def click(qtbot, widget):
    if isinstance(widget, QCheckBox):  # on the box, not in the empty space a layout gave it
        pos = QPoint(widget.style().pixelMetric(QStyle.PM_IndicatorWidth) // 2 + 2, widget.height() // 2)
    else:
        pos = widget.rect().center()
    qtbot.mouseClick(widget, Qt.LeftButton, pos=pos)


def idle(qtbot, window):
    qtbot.waitUntil(lambda: not window.session.jobs, timeout=20000)


# -- merging, codes, backups ---------------------------------------------------------------------


def test_merge_via_the_menu_shows_the_report_and_nothing_new_the_second_time(
        make_window, qtbot, tmp_path, ids, monkeypatch):
    mine, other = tmp_path / "study.db", tmp_path / "ben.db"
    shutil.copy(mine, other)
    code(mine, ids, "ana", ANA)
    code(other, ids, "ben", BEN)
    code(other, ids, "ana", {"c1": "threat"})  # ana coded c1 "neutral" here: a conflict
    w = make_window(mine)
    asked = []

    def pick(*args, **kwargs):
        asked.append(args[1] if len(args) > 1 else "")
        return str(other), "QuoteCoder databases (*.db)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    w.actions_by_name["merge_database"].trigger()
    report = find(qtbot, w, ReportDialog, "mergeReport")
    assert asked == ["Merge coder database"]
    assert f"{len(BEN)} label(s)" in report.headline.text()
    assert "1 conflict(s)" in report.headline.text()
    assert report.detail.isVisible()
    assert "ana coded \u201cthreat\u201d there" in report.detail.toPlainText()
    with Store(mine) as store:
        assert store.label(ids["b2"], "ben") == "threat"
        assert store.label(ids["c1"], "ana") == "neutral"  # kept
    assert "Matched 4 article(s)" in w.status.message_label.text()
    report.close()
    qtbot.waitUntil(lambda: not report.isVisible())
    # a second merge adds nothing
    w.actions_by_name["merge_database"].trigger()
    again = find(qtbot, w, ReportDialog, "mergeReport")
    assert again.headline.text().startswith("Nothing new")
    assert w.files.last_report.changed is False


def test_import_codes_and_restore_backup(make_window, qtbot, tmp_path, ids, monkeypatch):
    path = tmp_path / "study.db"
    w = make_window(path)
    sheet = tmp_path / "codes.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["quote_id", "coder", "stance"])
        writer.writeheader()
        writer.writerow({"quote_id": ids["a1"], "coder": "cleo", "stance": "Opposed"})  # a label's name works
        writer.writerow({"quote_id": 99999, "coder": "cleo", "stance": "opposed"})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    w.actions_by_name["import_codes"].trigger()
    report = find(qtbot, w, ReportDialog, "codesReport")
    assert report.headline.text().startswith("Added 1 label(s)")
    assert "no quote 99999" in report.detail.toPlainText()
    report.close()
    # a backup written elsewhere comes back into an empty database
    backup = tmp_path / "backup.jsonl"
    w.files.start_export("jsonl", backup)
    idle(qtbot, w)
    assert w.files.last_export == (4, str(backup))
    empty = tmp_path / "empty.db"
    with open_store(empty) as store:
        store.set_setting("seeded_at", "never: no samples in this test")
    w2 = make_window(empty, coder="cleo")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    w2.actions_by_name["restore_jsonl"].trigger()
    restored = find(qtbot, w2, ReportDialog, "restoreReport")
    assert "added 4 article(s)" in restored.headline.text()
    qtbot.waitUntil(lambda: w2.article_list.model.total == 4)
    assert w2.coding.article is not None  # the list and the view were refreshed
    with Store(empty) as store:
        assert len(store.article_ids()) == 4
        assert store.label(next(q.id for q in store.quotes(store.article_ids()[0])), "cleo") == "opposed"


# -- export --------------------------------------------------------------------------------------


def read_csv(path, bom=True):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("fmt_key", ["long", "wide", "articles", "codebook", "jsonl"])
def test_export_each_format_through_the_dialog(make_window, qtbot, db, tmp_path, fmt_key):
    w = make_window(db)
    key(qtbot, w, Qt.Key_E, Qt.ControlModifier)
    dialog = find(qtbot, w, ExportDialog)
    assert dialog.bom.isChecked()
    dialog.format.setCurrentIndex(dialog.format.findData(fmt_key))
    assert dialog.bom.isEnabled() is (fmt_key != "jsonl")
    assert not dialog.ok.isEnabled()  # no file yet
    out = tmp_path / f"out-{fmt_key}.{'jsonl' if fmt_key == 'jsonl' else 'csv'}"
    qtbot.keyClicks(dialog.path, str(out))
    if fmt_key == "long":  # only ben's labels
        item = next(dialog.coders.item(i) for i in range(dialog.coders.count()) if dialog.coders.item(i).text() == "ana")
        item.setCheckState(Qt.Unchecked)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: w.files.last_export is not None, timeout=20000)
    count, path = w.files.last_export
    assert path == str(out)
    assert f"Exported {count} " in w.status.message_label.text()
    if fmt_key == "jsonl":
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(records) == count == 4
        return
    rows = read_csv(out)
    assert len(rows) == count
    if fmt_key == "long":
        coded = [r for r in rows if r["stance"]]
        assert {r["coder"] for r in coded} == {"ben"}
        assert len(coded) == len(BEN)
    elif fmt_key == "wide":
        assert len(rows) == 6 and "stance_ana" in rows[0] and "stance_ben" in rows[0]
    elif fmt_key == "articles":
        assert [r["title"] for r in rows][:2] == ["Harbour board backs patrol boats", "Patrol boats backed by harbour board"]
        assert rows[0]["dup_group"] == rows[1]["dup_group"] != ""
    else:
        assert [r["value"] for r in rows] == ["pro-deployment", "opposed", "threat", "neutral"]


def test_export_without_bom(make_window, qtbot, db, tmp_path):
    w = make_window(db)
    dialog = w.files.export_dialog()
    qtbot.waitUntil(dialog.isVisible)
    dialog.format.setCurrentIndex(dialog.format.findData("codebook"))
    click(qtbot, dialog.bom)
    assert not dialog.bom.isChecked()
    qtbot.keyClicks(dialog.path, str(tmp_path / "plain.csv"))
    qtbot.keyClick(dialog.path, Qt.Key_Return)
    qtbot.waitUntil(lambda: w.files.last_export is not None, timeout=20000)
    assert len(read_csv(tmp_path / "plain.csv", bom=False)) == 4


# -- reliability sample --------------------------------------------------------------------------


def test_reliability_sample_filter_and_marks(make_window, qtbot, db, check):
    w = make_window(db)
    w.actions_by_name["reliability_sample"].trigger()
    dialog = find(qtbot, w, SampleDialog)
    dialog.count.setValue(2)
    dialog.seed.setValue(7)
    click(qtbot, dialog.findChild(QPushButton, "sampleDraw"))
    qtbot.waitUntil(lambda: len(check.reliability_sample()) == 2)
    sample = check.reliability_sample()
    assert sample == check.draw_reliability_sample(size=2, seed=7)  # the same seed draws the same sample
    lst = w.article_list
    marked = [lst.model.article_id(r) for r in range(lst.model.rowCount())
              if lst.model.index(r, 0).data(Qt.DecorationRole) is not None]
    assert marked == sample
    click(qtbot, lst.sample)
    assert lst.sample.isChecked()
    assert lst.model.total == 2
    assert [lst.model.article_id(r) for r in range(lst.model.rowCount())] == sample
    assert "reliability sample" in lst.model.index(0, 0).data(Qt.ToolTipRole)
    click(qtbot, lst.sample)
    assert lst.model.total == 4


# -- blind mode ----------------------------------------------------------------------------------


def background_at(w, index):
    cursor = QTextCursor(w.coding.text.document())
    cursor.setPosition(w.coding.text.map.to_qt(index) + 1)
    return cursor.charFormat().background()


def test_blind_mode_hides_other_coders_and_suggestions(make_window, qtbot, db, ids, check):
    w = make_window(db)
    w.coding.open_article(ids["article_a"], ids["a2"])  # ben coded a2 "threat"; ana did not, but coded its copy b2
    assert w.coding.quote_id == ids["a2"]
    assert "Coded as Opposed in a copy" in w.coding.quote_panel.detail.text()
    quote = check.quote(ids["a2"])
    threat = w.session.codebook.label("threat").colour
    assert background_at(w, quote.start).style() == Qt.NoBrush  # ana's view: uncoded, never ben's colour
    assert w.coding.quote_panel.model.index(1, 2).data() == ""
    w.session.set_setting("adjudicator", "chair")
    queue = w.study.adjudication_dialog()
    qtbot.waitUntil(queue.isVisible)
    w.actions_by_name["blind_mode"].trigger()
    assert w.session.blind and check.setting("blind_mode") == "1"
    assert not queue.isVisible()  # the open adjudication view closes
    assert "in a copy" not in w.coding.quote_panel.detail.text()
    assert w.coding.suggestions == {}
    key(qtbot, w, Qt.Key_Return)  # Enter does nothing without a suggestion
    assert check.label(ids["a2"], CODER) is None
    assert background_at(w, quote.start).color().name() != threat.lower()
    assert not w.actions_by_name["agreement"].isEnabled()
    assert not w.actions_by_name["adjudicate"].isEnabled()
    assert w.study.agreement_dialog() is None  # refused with a message
    dialog = w.files.export_dialog()
    qtbot.waitUntil(dialog.isVisible)
    assert [dialog.coders.item(i).text() for i in range(dialog.coders.count())] == [CODER]
    assert not dialog.format.model().item(dialog.format.findData("jsonl")).isEnabled()
    dialog.reject()
    # blind mode is a setting of the database: another window starts blind
    w.close()
    again = make_window(db, coder="ben")
    assert again.session.blind and again.actions_by_name["blind_mode"].isChecked()
    assert "blind mode" in again.status.coder_label.text()
    again.actions_by_name["blind_mode"].trigger()
    assert not again.session.blind and again.actions_by_name["agreement"].isEnabled()


# -- agreement -----------------------------------------------------------------------------------


def test_agreement_dialog_shows_alpha(make_window, qtbot, db, check):
    w = make_window(db)
    w.actions_by_name["agreement"].trigger()
    dialog = find(qtbot, w, AgreementDialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    expected = agreement(check.stance_units(["ana", "ben"]), ["ana", "ben"], bootstrap=1000, seed=0)
    assert dialog.report.alpha == pytest.approx(expected.alpha)
    assert f"<b>{fmt(expected.alpha)}</b>" in dialog.alpha.text()
    lo, hi = expected.alpha_ci
    assert f"[{fmt(lo)}, {fmt(hi)}]" in dialog.alpha.text()
    assert f"<b>{expected.units}</b> unit(s)" in dialog.alpha.text()
    assert dialog.kappas.rowCount() == 1 and dialog.kappas.item(0, 2).text() == fmt(expected.kappas[0].kappa)
    cats = [c.category for c in expected.categories]
    assert dialog.confusion.rowCount() == dialog.confusion.columnCount() == len(cats)
    assert dialog.categories.item(0, 0).text() == w.session.codebook.label(cats[0]).name
    assert dialog.boundary.rowCount() == 2
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == agreement_text(dialog.report, dialog.boundaries)
    assert QGuiApplication.clipboard().text() == agreement_report(check, "stance", ["ana", "ben"])  # as the CLI
    assert "Krippendorff's alpha" in QGuiApplication.clipboard().text()
    # the speaker variable, recomputed in the background
    dialog.report = None
    dialog.variable.setCurrentIndex(dialog.variable.findData("speaker"))
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.variable == "speaker", timeout=30000)
    assert dialog.report.alpha == pytest.approx(1.0)


# -- adjudication --------------------------------------------------------------------------------


def test_adjudication_by_number_keys(make_window, qtbot, db, ids, check):
    w = make_window(db)
    w.actions_by_name["adjudicate"].trigger()
    # asked once for the adjudicator: by default not one of the coders who disagree
    ask = find(qtbot, w, QInputDialog, "adjudicatorDialog")
    assert ask.textValue() == "adjudicator"
    assert ask.comboBoxItems()[0] == "adjudicator" and "ben" not in ask.comboBoxItems()
    combo = ask.findChild(QComboBox)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "chair")
    qtbot.keyClick(combo.lineEdit(), Qt.Key_Return)
    dialog = find(qtbot, w, AdjudicationDialog)
    assert check.setting("adjudicator") == "chair" and "chair" in dialog.who.text()
    activate(qtbot, dialog, dialog.table)
    queue = [d.quote_id for d in dialog.rows]
    assert queue == [ids["b1"], ids["b2"], ids["d1"]]
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["Article", "Quote", "Speaker", "ana", "ben", "Final"]
    assert dialog.table.item(0, 3).text() == "Pro-deployment" and dialog.table.item(0, 4).text() == "Opposed"
    assert dialog.current_item() == ids["b1"]
    key(qtbot, dialog, Qt.Key_J)
    assert dialog.current_item() == ids["b2"]
    key(qtbot, dialog, Qt.Key_K)
    key(qtbot, dialog, Qt.Key_2)
    decided = check.adjudication(ids["b1"])
    assert decided[:2] == ("opposed", "chair") and decided[2]
    assert dialog.current_item() == ids["b2"]  # moved on
    assert dialog.table.item(0, 5).text() == "Opposed"
    decided_on = readable(decided[2])  # as a person reads it, not an ISO stamp
    assert "T" not in decided_on and f"decided by chair, {decided_on}" in dialog.table.item(0, 5).toolTip()
    key(qtbot, dialog, Qt.Key_3)
    assert check.adjudication(ids["b2"])[0] == "threat"
    assert "3 disagreement(s), 1 undecided" in dialog.counts.text()
    key(qtbot, dialog, Qt.Key_K)
    key(qtbot, dialog, Qt.Key_Backspace)
    assert check.adjudication(ids["b2"]) is None
    key(qtbot, dialog, Qt.Key_0)  # nothing to clear: still nothing
    assert check.adjudication(ids["b2"]) is None
    key(qtbot, dialog, Qt.Key_Z, Qt.ControlModifier)  # undo the clearing
    assert check.adjudication(ids["b2"])[:2] == ("threat", "chair")
    assert dialog.current_item() == ids["b2"] and dialog.table.item(1, 5).text() == "Threat"
    key(qtbot, dialog, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.adjudication(ids["b2"]) is None
    key(qtbot, dialog, Qt.Key_U)  # undecided only
    assert dialog.undecided.isChecked()
    assert [d.quote_id for d in dialog.rows] == [ids["b2"], ids["d1"]]
    assert dialog.current_item() == ids["b2"]
    key(qtbot, dialog, Qt.Key_Return)  # open the quote in the coding window
    qtbot.waitUntil(lambda: w.coding.article is not None and w.coding.article.id == ids["article_b"])
    assert w.coding.quote_id == ids["b2"]
    # double-click opens too
    rect = dialog.table.visualItemRect(dialog.table.item(1, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: w.coding.article.id == ids["article_d"])


def test_the_adjudicator_is_remembered_and_the_header_survives_an_empty_filter(make_window, qtbot, db, ids,
                                                                                check):
    check.set_setting("adjudicator", "chair")
    for quote in ("b1", "b2", "d1"):
        check.adjudicate(ids[quote], "neutral", "chair")
    w = make_window(db)
    w.actions_by_name["adjudicate"].trigger()
    dialog = find(qtbot, w, AdjudicationDialog)  # not asked again
    assert dialog.adjudicator == "chair"
    activate(qtbot, dialog, dialog.table)
    key(qtbot, dialog, Qt.Key_U)
    assert dialog.rows == [] and dialog.table.rowCount() == 0
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["Article", "Quote", "Speaker", "ana", "ben", "Final"]
    assert "3 disagreement(s), 0 undecided" in dialog.counts.text()
    assert "No disagreement here" in dialog.detail.text() or dialog.detail.text() == ""


def test_drawing_a_new_sample_is_undone_with_ctrl_z(make_window, qtbot, db, check):
    w = make_window(db)
    first = w.study.draw_sample(size=1, seed=3)
    second = w.study.draw_sample(size=3, seed=9)
    assert check.reliability_sample() == sorted(second) and check.setting("sample_seed") == "9"
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.reliability_sample() == sorted(first) and check.setting("sample_seed") == "3"
    marked = [w.article_list.model.article_id(r) for r in range(w.article_list.model.rowCount())
              if w.article_list.model.index(r, 0).data(Qt.DecorationRole) is not None]
    assert marked == sorted(first)


def test_help_lists_the_adjudication_keys(make_window, qtbot, db):
    from quotecoder.gui.dialogs import ShortcutsDialog

    w = make_window(db)
    key(qtbot, w, Qt.Key_F1)
    dialog = find(qtbot, w, ShortcutsDialog)
    rows = {dialog.table.item(r, 1).text(): dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert rows["Adjudication: final label Opposed"] == "2"
    assert rows["Adjudication: clear decision"] == "0 / Backspace"
    assert rows["Accept suggestion"].startswith("Return")


# -- near-duplicates -----------------------------------------------------------------------------


def test_near_duplicates_shown_and_suggestion_accepted_with_enter(make_window, qtbot, db, ids, check):
    w = make_window(db)
    model = w.article_list.model
    group = check.article(ids["article_a"]).dup_group
    assert model.index(0, model.COPIES).data() == f"#{group} (2)"
    assert model.index(1, model.COPIES).data() == f"#{group} (2)"
    assert model.index(2, model.COPIES).data() == ""
    tip = model.index(0, model.COPIES).data(Qt.ToolTipRole)
    assert "Patrol boats backed by harbour board" in tip and "1 other copy" in tip
    w.coding.open_article(ids["article_a"])
    assert "Near-duplicate of: Patrol boats backed by harbour board" in w.coding.article_view.header.text()
    w.coding.open_article(ids["article_c"])
    assert "Near-duplicate" not in w.coding.article_view.header.text()
    w.coding.open_article(ids["article_a"])
    assert w.coding.quote_id == ids["a1"]
    assert w.coding.suggestions == {}  # ana coded a1 as she coded its copy b1
    key(qtbot, w, Qt.Key_J)
    assert w.coding.quote_id == ids["a2"]
    assert w.coding.suggestions == {"stance": "opposed"}
    assert "press Enter to accept" in w.coding.quote_panel.detail.text()
    key(qtbot, w, Qt.Key_Return)
    assert check.label(ids["a2"], CODER) == "opposed"
    assert w.coding.suggestions == {} and "in a copy" not in w.coding.quote_panel.detail.text()
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier)
    assert check.label(ids["a2"], CODER) is None
    assert w.coding.suggestions == {"stance": "opposed"}
    key(qtbot, w, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert check.label(ids["a2"], CODER) == "opposed"


def test_closing_the_agreement_view_while_it_computes(make_window, qtbot, db):
    w = make_window(db)
    dialog = w.study.agreement_dialog()
    job = dialog.job
    assert job is not None and job in w.session.jobs  # the window owns it
    dialog.close()
    qtbot.waitUntil(lambda: job not in w.session.jobs, timeout=30000)
    assert w.study.agreement_view is None
    again = w.study.agreement_dialog()
    assert again is not dialog
    w.close()  # waits for the new computation; nothing is left running
    assert not any(j.isRunning() for j in w.session.jobs)


def test_enter_in_the_search_box_searches(make_window, qtbot, db, ids, check):
    w = make_window(db)
    w.coding.open_article(ids["article_a"], ids["a2"])
    assert w.coding.suggestions == {"stance": "opposed"}
    key(qtbot, w, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(w.article_list.search, "festival")
    qtbot.keyClick(w.article_list.search, Qt.Key_Return)
    assert w.article_list.model.total == 1
    assert check.label(ids["a2"], CODER) is None
