"""View › Study summary: the dock's charts, read back from the figures it shows, against the
CLI's exports and `quotecoder agreement`; its filters, blind mode, saving a chart, the menu.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget, QFileDialog

from quotecoder.core.store import Store
from quotecoder.core.summary import DISPUTED, NOT_CODED, SummaryFilter
from quotecoder.gui.app import open_window
from quotecoder.gui.session import Session
from quotecoder.gui.summary_view import SummaryView
from test_summary import CODERS, build_study, cli_alpha, export, final_values, outlet_of

NAMES = {"pro-deployment": "Pro-deployment", "opposed": "Opposed", "threat": "Threat", "neutral": "Neutral",
         DISPUTED: "Disputed", NOT_CODED: "Not coded yet"}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return build_study(tmp_path_factory.mktemp("gui-summary") / "study.db")


@pytest.fixture
def view(qtbot, study):
    """The summary dock's widget over a Session of coder ana, counted to the end."""
    store = Store(study["path"])
    session = Session(store, "ana")
    widget = SummaryView(session)
    qtbot.addWidget(widget)
    widget.resize(900, 1000)
    widget.show()
    qtbot.waitUntil(lambda: widget.summary is not None and not widget.busy, timeout=30000)
    yield widget
    session.close()
    store.close()


def counted(view, qtbot, **wanted) -> None:
    view.set_filter(SummaryFilter(**wanted))
    qtbot.waitUntil(lambda: not view.busy and view.summary.filter.outlet == wanted.get("outlet"), timeout=30000)


# -- reading the drawn figures back ----------------------------------------------------------------


def ticks(ax, axis: str = "y") -> list[str]:
    return [t.get_text() for t in (ax.get_yticklabels() if axis == "y" else ax.get_xticklabels())]


def stacked(fig, axis: str = "y") -> dict[str, Counter]:
    """Each bar's label -> {series label: value} of a stacked bar chart."""
    ax = fig.axes[0]
    rows: dict[str, Counter] = defaultdict(Counter)
    labels = ticks(ax, axis)
    for container in ax.containers:
        for label, value in zip(labels, container.datavalues):
            if value:
                rows[label][container.get_label()] += value
    return dict(rows)


def named(counts: Counter) -> Counter:
    return Counter({NAMES[k]: n for k, n in counts.items() if n})


# -- each chart's data against the exports ------------------------------------------------------------


def test_each_chart_shows_the_counts_of_the_exports(view, study, tmp_path):
    finals = final_values(study, tmp_path)
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    per_month: dict[str, Counter] = defaultdict(Counter)
    per_speaker: dict[str, Counter] = defaultdict(Counter)
    for row, value in finals.values():
        per_outlet[outlet_of(row) or "(no outlet)"][value] += 1
        if re.match(r"\d{4}-\d\d", row["published"]):
            per_month[row["published"][:7]][value] += 1
        if row["speaker"]:
            per_speaker[row["speaker"]][value] += 1
    assert set(view.charts) == {"outlets", "time", "speakers", "progress", "alpha", "machine"}

    assert stacked(view.charts["outlets"]) == {o: named(c) for o, c in per_outlet.items()}

    months = {"Mar 2025": "2025-03", "Apr 2025": "2025-04", "Sep 2025": "2025-09"}
    drawn = stacked(view.charts["time"], "x")
    assert {months[label]: c for label, c in drawn.items()} == {m: named(c) for m, c in per_month.items()}
    assert ticks(view.charts["time"].axes[0], "x")[:3] == ["Mar 2025", "Apr 2025", "May 2025"]

    speakers = stacked(view.charts["speakers"])
    assert len(speakers) == 12
    for name, counts in speakers.items():
        assert counts == named(per_speaker[name])

    rows = export(study, "long", tmp_path)
    quotes = {r["quote_id"] for r in rows}
    sample = {r["quote_id"] for r in rows if int(r["article_id"]) in study["sample"]}
    progress_ax = view.charts["progress"].axes[0]
    coded = dict(zip(ticks(progress_ax), next(c for c in progress_ax.containers if c.get_label() == "Coded").datavalues))
    for coder in CODERS:
        mine = {r["quote_id"] for r in rows if r["coder"] == coder}
        assert coded[f"{coder}: all quotes"] == pytest.approx(len(mine) / len(quotes))
        assert coded[f"{coder}: reliability sample"] == pytest.approx(len(mine & sample) / len(sample))
    twice = {q for q in sample if all(q in {r["quote_id"] for r in rows if r["coder"] == c} for c in CODERS)}
    assert coded["Sample coded by 2+ coders"] == pytest.approx(len(twice) / len(sample))

    alpha_ax = view.charts["alpha"].axes[0]
    labels = ticks(alpha_ax)
    alphas = {labels[round(line.get_ydata()[0])]: line.get_xdata()[0]
              for line in alpha_ax.lines if (line.get_gid() or "").startswith("alpha-")}
    assert f"{alphas['Stance']:.3f}" == cli_alpha(study, "stance")[0]
    assert f"{alphas['Speaker attribution']:.3f}" == cli_alpha(study, "speaker")[0]
    assert "Speaker: pre-tagger as a coder" in alphas

    machine_rows = [r for r in rows if r["origin"] == "model" and r["coder"]]
    machine_ax = view.charts["machine"].axes[0]
    kept = next(c for c in machine_ax.containers if c.get_label() == "Kept as proposed")
    shares = dict(zip(ticks(machine_ax), kept.datavalues))
    speaker_check = view.summary.machine.checks[0]
    for band in ("high", "medium", "low"):
        decisions = speaker_check.kept.get(band, 0) + speaker_check.changed.get(band, 0)
        if decisions:
            assert shares[f"Speaker · {band} confidence"] == pytest.approx(speaker_check.kept[band] / decisions)
    assert speaker_check.decisions == len(machine_rows)
    assert sum(speaker_check.changed.values()) == sum(r["speaker_corrected"] == "yes" for r in machine_rows)


def test_filters_recount_every_chart(view, qtbot, study, tmp_path):
    finals = final_values(study, tmp_path)
    outlet = "Cornerstone Daily"
    counted(view, qtbot, outlet=outlet)
    expected = Counter(value for row, value in finals.values() if outlet_of(row) == outlet)
    assert stacked(view.charts["outlets"]) == {outlet: named(expected)}
    assert "outlet Cornerstone Daily" in view.notice.text()
    counted(view, qtbot, coder="ben")
    assert [t for t in ticks(view.charts["progress"].axes[0])] == ["ben: reliability sample", "ben: all quotes"]
    ben = Counter(r["stance"] or NOT_CODED for r in export(study, "long", tmp_path, "--coders", "ben"))
    drawn = Counter()
    for counts in stacked(view.charts["outlets"]).values():
        drawn.update(counts)
    assert drawn == named(ben)
    counted(view, qtbot, sample=True)
    sample_quotes = sum(1 for row, _ in finals.values() if int(row["article_id"]) in study["sample"])
    assert sum(sum(c.values()) for c in stacked(view.charts["outlets"]).values()) == sample_quotes
    counted(view, qtbot, start="2025-09-01", end="2025-09-30")
    assert view.summary.overview.period == "week"
    assert all(label.endswith("Sep 2025") for label in stacked(view.charts["time"], "x"))


def test_the_outlet_and_coder_lists_offer_what_the_study_has(view):
    outlets = [view.outlet.itemText(i) for i in range(view.outlet.count())]
    assert outlets == ["All outlets", "(no outlet)", "Cornerstone Daily", "Meridian Mail Online"]
    assert [view.coder.itemText(i) for i in range(view.coder.count())] == ["All coders", "ana", "ben"]


def test_blind_mode_shows_only_the_coders_own_data(qtbot, study):
    store = Store(study["path"])
    store.set_setting("blind_mode", "1")
    session = Session(store, "ben")
    widget = SummaryView(session)
    qtbot.addWidget(widget)
    try:
        widget.show()
        qtbot.waitUntil(lambda: widget.summary is not None and not widget.busy, timeout=30000)
        assert "Blind mode is on" in widget.notice.text() and "(ben)" in widget.notice.text()
        assert not widget.coder.isEnabled()
        assert ticks(widget.charts["progress"].axes[0]) == ["ben: reliability sample", "ben: all quotes"]
        alpha_ax = widget.charts["alpha"].axes[0]
        notes = " ".join(t.get_text() for t in [*alpha_ax.texts, *widget.charts["alpha"].texts])
        assert "Blind mode is on" in notes  # agreement among coders is withheld ...
        assert "Stance" not in ticks(alpha_ax)
        assert ticks(alpha_ax) == ["Speaker: pre-tagger as a coder"]  # ... the machine against ben is his own
        assert all("Disputed" not in counts for counts in stacked(widget.charts["outlets"]).values())
    finally:
        store.set_setting("blind_mode", "0")
        session.close()
        store.close()


def test_right_click_saves_a_chart_as_png_and_svg(view, tmp_path, monkeypatch):
    panel = view.panels["outlets"]
    for kind in ("png", "svg"):
        target = tmp_path / f"outlets.{kind}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t)[:-4], ""))
        menu = panel.menu_actions()
        next(a for a in menu.actions() if a.objectName() == f"save_{kind}").trigger()
        assert target.exists()  # the suffix is added when the name has none
    assert (tmp_path / "outlets.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = ET.parse(tmp_path / "outlets.svg").getroot()
    assert svg.tag.endswith("svg")
    assert "Cornerstone Daily" in (tmp_path / "outlets.svg").read_text(encoding="utf-8")


def test_view_menu_opens_the_summary_dock(qtbot, study, tmp_path):
    window = open_window(study["path"], "ana", settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat),
                         load_nlp=False, show_errors=False)
    qtbot.addWidget(window)
    try:
        action = window.actions_by_name["study_summary"]
        assert action in window.menus["View"].actions()
        action.trigger()
        dock = window.findChild(QDockWidget, "studySummaryDock")
        assert dock is not None and dock.isVisible()
        view = dock.widget()
        assert isinstance(view, SummaryView)
        qtbot.waitUntil(lambda: view.summary is not None and not view.busy, timeout=30000)
        assert set(view.charts) == {"outlets", "time", "speakers", "progress", "alpha", "machine"}
        dock.close()
        action.trigger()  # the same dock, shown again
        assert window.findChildren(QDockWidget, "studySummaryDock") == [dock] and dock.isVisible()
    finally:
        window.close()
