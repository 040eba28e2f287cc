"""Agreement and adjudication per variable: the dialogs take a quote or article variable (and, for
agreement, the speaker attribution), their figures equal the command line's, and adjudication
decides the chosen variable.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import csv
from dataclasses import replace

import krippendorff
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from quotecoder.core.codebook import load_codebook
from quotecoder.core.model import CodebookLabel, Variable
from quotecoder.core.resources import resource
from quotecoder.core.store import Store
from quotecoder.core.study import compute_agreement
from guikit import activate, build_db, check, key, make_window, settings  # noqa: F401  (fixtures)
from quotecoder.gui.study_dialogs import AgreementDialog, fmt

INTENSITY = Variable("intensity", "Intensity", "quote", "ordinal", tuple(
    CodebookLabel(key, key.capitalize(), shortcut=str(i)) for i, key in enumerate(("low", "medium", "high"), 1)))

# quote (by place in the corpus) → label, for each coder and variable
STANCE = {"ana": ["opposed", "pro-deployment", "opposed", "neutral", "neutral"],
          "ben": ["opposed", "pro-deployment", "threat", "neutral", "opposed"]}
ROLE = {"ana": ["politician", "politician", "expert", "politician", "citizen"],
        "ben": ["politician", "military", "expert", "politician", "citizen"]}
LEVEL = {"ana": ["low", "medium", "high", "high", "low"],
         "ben": ["low", "high", "high", "medium", "medium"]}
FRAME = {"ana": ["security", "cost", "security"], "ben": ["cost", "cost", "humanitarian"]}


@pytest.fixture
def db(tmp_path):
    """Three articles, five quotes, two coders who coded stance, speaker role, intensity (ordinal)
    and the article frame."""
    path = tmp_path / "study.db"
    build_db(path)
    with Store(path) as store:
        book = load_codebook(resource("codebooks", "four-variables.json"))
        store.save_codebook(replace(book, variables=(*book.variables[:2], INTENSITY, *book.variables[2:])))
        articles = store.article_ids()
        quotes = [q.id for a in articles for q in store.quotes(a)]
        for coder in ("ana", "ben"):
            for variable, codes in (("stance", STANCE), ("speaker_role", ROLE), ("intensity", LEVEL)):
                for quote_id, label in zip(quotes, codes[coder]):
                    store.set_label(quote_id, coder, label, variable=variable)
            for article_id, label in zip(articles, FRAME[coder]):
                store.set_article_code(article_id, coder, "frame", label)
    return path


def agreement_view(qtbot, w) -> AgreementDialog:
    w.actions_by_name["agreement"].trigger()
    dialog = w.study.agreement_view
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    return dialog


def choose(qtbot, dialog: AgreementDialog, key: str):
    dialog.report = None
    dialog.variable.setCurrentIndex(dialog.variable.findData(key))
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.variable == key, timeout=30000)
    return dialog.report


def test_agreement_for_each_variable_equals_the_command_line(make_window, qtbot, check):
    w = make_window()
    dialog = agreement_view(qtbot, w)
    items = [(dialog.variable.itemText(i), dialog.variable.itemData(i)) for i in range(dialog.variable.count())]
    assert items == [("Stance", "stance"), ("Speaker role", "speaker_role"), ("Intensity", "intensity"),
                     ("Frame (article)", "frame"), ("Speaker attribution", "speaker")]
    stance = dialog.report.alpha
    role = choose(qtbot, dialog, "speaker_role")
    expected, _ = compute_agreement(check, "speaker_role", ["ana", "ben"], bootstrap=1000)
    assert role.alpha == pytest.approx(expected.alpha) and role.alpha != pytest.approx(stance)
    assert f"<b>{fmt(expected.alpha)}</b>" in dialog.alpha.text()
    assert f"[{fmt(expected.alpha_ci[0])}, {fmt(expected.alpha_ci[1])}]" in dialog.alpha.text()
    assert "Nominal α on the Speaker role of the quotes" in dialog.details.text()
    names = {dialog.categories.item(r, 0).text() for r in range(dialog.categories.rowCount())}
    assert names == {"Politician", "Military", "Expert", "Citizen"}
    assert dialog.boundary_box.isVisible()
    # an ordinal variable: ordinal α, as the krippendorff package computes it on the labels' ranks
    level = choose(qtbot, dialog, "intensity")
    rank = {"low": 0, "medium": 1, "high": 2}
    data = np.array([[rank[v] for v in LEVEL[c]] for c in ("ana", "ben")], dtype=float)
    assert level.alpha == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))
    assert "Ordinal α on the Intensity" in dialog.details.text()
    # an article variable: articles are the units, and quote boundaries do not apply
    frame = choose(qtbot, dialog, "frame")
    assert frame.alpha == pytest.approx(compute_agreement(check, "frame", ["ana", "ben"], bootstrap=0)[0].alpha)
    assert frame.units == 3 and "of the articles coded by two or more" in dialog.details.text()
    assert not dialog.boundary_box.isVisible()
    dialog.grab().save("/tmp/agreement-variables.png")


def test_adjudicating_an_article_variable(make_window, qtbot, check):
    check.set_setting("adjudicator", "chair")
    articles = check.article_ids()
    w = make_window()
    w.actions_by_name["adjudicate"].trigger()
    dialog = w.study.adjudication_view
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.variable.key == "stance" and len(dialog.rows) == 2
    dialog.choose_variable("frame")
    activate(qtbot, dialog, dialog.table)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["Article", "Outlet", "Published", "ana", "ben", "Final"]
    assert [d.article_id for d in dialog.rows] == [articles[0], articles[2]]
    assert dialog.table.item(0, 0).text() == "Harbour council splits over ferry plan"
    assert dialog.table.item(0, 3).text() == "Security" and dialog.table.item(0, 4).text() == "Cost"
    assert "<b>2</b> Humanitarian" in dialog.hint.text()
    key(qtbot, dialog, Qt.Key_3)  # the frame's key 3: Cost
    assert check.adjudication(articles[0], "frame", "article")[:2] == ("cost", "chair")
    assert check.adjudication(check.quotes(articles[0])[0].id) is None  # stance is not touched
    assert dialog.current_item() == articles[2]  # moved on
    assert dialog.table.item(0, 5).text() == "Cost"
    key(qtbot, dialog, Qt.Key_2)
    assert check.adjudication(articles[2], "frame", "article")[0] == "humanitarian"
    assert "2 disagreement(s), 0 undecided" in dialog.counts.text()
    key(qtbot, dialog, Qt.Key_Z, Qt.ControlModifier)
    assert check.adjudication(articles[2], "frame", "article") is None
    assert check.adjudication(articles[0], "frame", "article")[0] == "cost"
    dialog.grab().save("/tmp/adjudication-article.png")
    key(qtbot, dialog, Qt.Key_Return)  # the article opens in the coding window
    qtbot.waitUntil(lambda: w.coding.article is not None and w.coding.article.id == articles[2])
    # a quote variable with its own keys
    dialog.choose_variable("speaker_role")
    activate(qtbot, dialog, dialog.table)
    assert [d.quote_id for d in dialog.rows] == [check.quotes(articles[0])[1].id]
    key(qtbot, dialog, Qt.Key_2)
    assert check.adjudication(dialog.rows[0].quote_id, "speaker_role")[0] == "military"
    assert check.adjudication(dialog.rows[0].quote_id) is None


def test_blind_mode_keeps_both_dialogs_closed(make_window, qtbot, check):
    w = make_window()
    w.session.set_setting("adjudicator", "chair")
    view = agreement_view(qtbot, w)
    w.actions_by_name["blind_mode"].trigger()
    assert not view.isVisible()
    assert w.study.agreement_dialog() is None and w.study.adjudication_dialog() is None
    box = next(b for b in QApplication.topLevelWidgets() if b.objectName() == "blindMessage" and b.isVisible())
    assert "off in blind mode" in box.text()



def test_the_export_dialog_writes_one_coders_article_codes(make_window, qtbot, check, tmp_path):
    w = make_window()
    dialog = w.files.export_dialog()
    qtbot.waitUntil(dialog.isVisible)
    dialog.format.setCurrentIndex(dialog.format.findData("article-codes"))
    assert dialog.coders.isEnabled()  # per coder, like long and wide
    out = tmp_path / "frames.csv"
    qtbot.keyClicks(dialog.path, str(out))
    ana = next(dialog.coders.item(i) for i in range(dialog.coders.count()) if dialog.coders.item(i).text() == "ana")
    ana.setCheckState(Qt.Unchecked)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: w.files.last_export is not None, timeout=20000)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["coder"] for r in rows} == {"ben"}
    assert [r["frame"] for r in rows] == FRAME["ben"]
