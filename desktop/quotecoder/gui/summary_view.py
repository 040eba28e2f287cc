"""View › Study summary: the study's charts beside the coding view, with filters.

:class:`SummaryView` receives the :class:`Session` and nothing else. Its figures come from
:mod:`quotecoder.core.charts` (the report draws the same ones) on matplotlib's QtAgg canvas;
the counting runs in the session's background jobs, in three parts so the first charts show
while α's bootstrap still runs. Right-click a chart to save it as PNG or SVG.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.charts import CHARTS, chart, save_chart
from quotecoder.core.summary import (
    NO_OUTLET,
    Reliability,
    StudySummary,
    SummaryFilter,
    compute_reliability,
    count_study,
    machine_summary,
    top_speakers,
)
from quotecoder.gui.session import Session

ALL_OUTLETS, ALL_CODERS = "All outlets", "All coders"
REFRESH_AFTER_EDIT_MS = 1500  # after a coding change, recount once the coder pauses
PARTS = ("counts", "speakers", "reliability")  # the background jobs of one count
TWO_COLUMNS_FROM = 1500  # px: a floating summary this wide shows its charts side by side
SHOW_BUSY_AFTER_MS = 300  # the progress bar appears only for work that takes a moment


class ChartPanel(QWidget):
    """One chart on a QtAgg canvas; right-click saves it as PNG or SVG."""

    saveRequested = Signal(str, str)  # chart name, "png" or "svg"

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"chart-{name}")
        self.figure: Figure | None = None
        self.canvas: FigureCanvasQTAgg | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setContextMenuPolicy(Qt.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.setToolTip("Right-click to save this chart as PNG or SVG")

    def show_figure(self, figure: Figure) -> None:
        """Show ``figure`` (a new canvas: a figure belongs to one canvas)."""
        old = self.canvas
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setContextMenuPolicy(Qt.NoContextMenu)  # the panel's menu
        self.canvas.setMinimumHeight(int(figure.get_figheight() * 0.8 * self.logicalDpiY()))
        self.canvas.setMinimumWidth(520)
        self._layout.addWidget(self.canvas)
        if old is not None:
            self._layout.removeWidget(old)
            old.deleteLater()

    def menu_actions(self) -> QMenu:
        menu = QMenu(self, objectName="chartMenu")
        for kind in ("png", "svg"):
            action = menu.addAction(f"Save chart as {kind.upper()}…")
            action.setObjectName(f"save_{kind}")
            action.triggered.connect(lambda _=False, k=kind: self.saveRequested.emit(self.name, k))
        return menu

    def _menu(self, pos) -> None:
        menu = self.menu_actions()
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(self.mapToGlobal(pos))


class SummaryView(QWidget):
    """The study summary: filters above, the charts below (scrolling), counted in the background."""

    updated = Signal(str)  # a part landed: "counts", "speakers" or "reliability"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryView")
        self.session = session
        self._counts: StudySummary | None = None
        self._speakers: tuple | None = None  # (top speakers, machine summary)
        self._counted_filter: SummaryFilter | None = None
        self.reliability: Reliability | None = None
        self.charts: dict[str, Figure] = {}
        self._generation = 0
        self._pending: set[str] = set()
        self._dirty = True
        self._outlets: list[str] = []
        self._coders: list[str] = []
        self._build()
        self._refresh_timer = QTimer(self, singleShot=True, interval=250)
        self._refresh_timer.timeout.connect(self.refresh)
        self._busy_timer = QTimer(self, singleShot=True, interval=SHOW_BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self.busy_bar.setVisible(bool(self._pending)))
        session.changed.connect(self._study_changed)

    # -- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.variable = QComboBox(objectName="summaryVariable")
        self.outlet = QComboBox(objectName="summaryOutlet")
        self.outlet.addItem(ALL_OUTLETS, None)
        self.start = self._date_edit("summaryFrom")
        self.end = self._date_edit("summaryTo")
        self.sample = QCheckBox("Reliability sample only", objectName="summarySample")
        self.coder = QComboBox(objectName="summaryCoder")
        self.coder.addItem(ALL_CODERS, None)
        self.refresh_button = QPushButton("Refresh", objectName="summaryRefresh")
        self.refresh_button.setToolTip("Count again (the summary also follows your coding while it is open)")
        self.refresh_button.clicked.connect(self.refresh)
        for combo in (self.variable, self.outlet, self.coder):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        for combo in (self.outlet, self.coder):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.variable.currentIndexChanged.connect(lambda: self._draw(("outlets", "time", "speakers")))
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._filters_changed)
        self.sample.toggled.connect(self._filters_changed)
        first = QHBoxLayout()
        for label, widget in (("Outlet", self.outlet), ("Published from", self.start), ("to", self.end)):
            first.addWidget(QLabel(label))
            first.addWidget(widget)
        first.addStretch(1)
        second = QHBoxLayout()
        self.variable_label = QLabel("Bars by")
        for widget in (self.variable_label, self.variable, QLabel("Coder"), self.coder, self.sample):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.refresh_button)
        self.notice = QLabel(objectName="summaryNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #eef4fa; border: 1px solid #c3d5e8; padding: 6px; }")
        self.notice.hide()
        self.busy_bar = QProgressBar(objectName="summaryBusy", maximum=0, textVisible=True)
        self.busy_bar.setFormat("Counting…")
        self.busy_bar.setMaximumHeight(16)
        self.busy_bar.hide()
        self.panels = {name: ChartPanel(name) for name in CHARTS}
        sheet = QWidget()
        self.grid = QGridLayout(sheet)
        self.grid.setSpacing(18)
        for panel in self.panels.values():
            panel.saveRequested.connect(self.ask_save_chart)
        self._columns = 0
        self._arrange(1)
        scroll = QScrollArea(objectName="summaryCharts", widgetResizable=True)
        scroll.setWidget(sheet)
        scroll.setStyleSheet("QScrollArea { background: white; } #summaryCharts > QWidget > QWidget { background: white; }")
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.notice)
        layout.addWidget(self.busy_bar)
        layout.addWidget(scroll, 1)

    def _arrange(self, columns: int) -> None:
        """The charts in one column (a dock beside the coding view) or two (a wide, floating window)."""
        if columns == self._columns:
            return
        self._columns = columns
        for panel in self.panels.values():
            self.grid.removeWidget(panel)
        for i, panel in enumerate(self.panels.values()):
            self.grid.addWidget(panel, i // columns, i % columns, Qt.AlignTop)
        self.grid.setRowStretch(len(self.panels), 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(2 if event.size().width() >= TWO_COLUMNS_FROM else 1)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(objectName=name, calendarPopup=True, displayFormat="d MMM yyyy")
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setSpecialValueText("any date")  # shown at the minimum: no limit
        edit.setDate(edit.minimumDate())
        return edit

    # -- filters ---------------------------------------------------------------------------------

    def current_filter(self) -> SummaryFilter:
        """The filter the widgets show (blind mode puts in the coder: see core.summary.visible_filter)."""
        start = None if self.start.date() == self.start.minimumDate() else self.start.date().toString(Qt.ISODate)
        end = None if self.end.date() == self.end.minimumDate() else self.end.date().toString(Qt.ISODate)
        if start and end and start > end:
            start, end = end, start
        return SummaryFilter(outlet=self.outlet.currentData(), start=start, end=end,
                             sample=self.sample.isChecked(), coder=self.coder.currentData())

    def set_filter(self, wanted: SummaryFilter) -> None:
        """Show ``wanted`` in the widgets (and count it)."""
        self._fill_choices([wanted.outlet] if wanted.outlet is not None else [], [wanted.coder] if wanted.coder else [])
        self.outlet.setCurrentIndex(max(0, self.outlet.findData(wanted.outlet)))
        self.coder.setCurrentIndex(max(0, self.coder.findData(wanted.coder)))
        for edit, day in ((self.start, wanted.start), (self.end, wanted.end)):
            edit.setDate(QDate.fromString(day, Qt.ISODate) if day else edit.minimumDate())
        self.sample.setChecked(wanted.sample)
        self.refresh()

    def _filters_changed(self, *_args) -> None:
        self._refresh_timer.start()

    def _fill_choices(self, outlets: list[str], coders: list[str]) -> None:
        """Offer every outlet and coder seen so far (without moving the current choice)."""
        for combo, known, items, label in ((self.outlet, self._outlets, outlets, lambda o: o or NO_OUTLET),
                                           (self.coder, self._coders, coders, str)):
            for item in items:
                if item not in known:
                    known.append(item)
                    combo.blockSignals(True)
                    combo.addItem(label(item), item)
                    combo.blockSignals(False)

    def _fill_dates(self, first: str | None, last: str | None) -> None:
        """Let the date pickers open on the data's dates (the day before the first means "any")."""
        if not first:
            return
        low = QDate.fromString(first, Qt.ISODate).addDays(-1)
        for edit in (self.start, self.end):
            if low < edit.minimumDate() or edit.minimumDate() == QDate(1900, 1, 1):
                keep_any = edit.date() == edit.minimumDate()
                edit.blockSignals(True)
                edit.setMinimumDate(low)
                if keep_any:
                    edit.setDate(low)
                edit.blockSignals(False)

    def _fill_variables(self, summary: StudySummary) -> None:
        if self.variable.count() == len(summary.counts):
            return
        self.variable.blockSignals(True)
        self.variable.clear()
        for key, counts in summary.counts.items():
            self.variable.addItem(counts.variable.name, key)
        self.variable.blockSignals(False)
        many = self.variable.count() > 1
        self.variable.setVisible(many)
        self.variable_label.setVisible(many)

    # -- counting --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def summary(self) -> StudySummary | None:
        """What the charts show: the counts, with the speakers and the machine once counted."""
        if self._counts is not None:
            self._counts.speakers, self._counts.machine = self._speakers or (None, None)
        return self._counts

    def refresh(self) -> None:
        """Count again with the current filter, in three background jobs, each drawing its charts:
        the counts first (the dock shows them at once), then the speakers with the pre-tagger's
        record, and α with its bootstrap, side by side."""
        self._refresh_timer.stop()
        self._dirty = False
        self._generation += 1
        wanted = self.current_filter()
        self._show_notice(wanted)
        if wanted != self._counted_filter:  # another selection: no stale speakers or α meanwhile
            self._speakers, self.reliability = None, None
            self._draw(("speakers", "machine", "alpha"))
        self._counted_filter = wanted
        self._pending = set(PARTS)
        self.busy_bar.setFormat("Counting…")
        self._busy_timer.start()
        self._submit("counts", wanted)

    def _submit(self, part: str, wanted: SummaryFilter) -> None:
        generation, viewer = self._generation, self.session.coder
        work = {
            "counts": lambda store, progress: count_study(store, wanted, viewer),
            "speakers": lambda store, progress: (top_speakers(store, wanted, viewer),
                                                 machine_summary(store, wanted, viewer)),
            "reliability": lambda store, progress: compute_reliability(store, wanted, viewer),
        }[part]
        job = self.session.submit(
            f"summary-{part}", work, label="Study summary…", writes=False, replace=True, show=False,
            done=lambda result: self._landed(generation, part, result),
            failed=lambda _message: self._landed(generation, part, None))
        if job is None:
            self._landed(generation, part, None)

    def _landed(self, generation: int, part: str, result) -> None:
        if generation != self._generation:
            return  # an earlier filter's result
        self._pending.discard(part)
        if part == "counts" and result is None:
            self._pending.clear()  # (the session showed why)
        elif part == "counts":
            for later in PARTS[1:]:
                self._submit(later, self._counted_filter)
        self.busy_bar.setFormat("Computing α and its bootstrap interval…" if self._pending == {"reliability"}
                                else "Counting…")
        if not self._pending:
            self._busy_timer.stop()
            self.busy_bar.hide()
        if result is None:
            return
        if part == "counts":
            self._counts = result
            if not result.filter.describe():  # the whole study: every outlet and coder there is
                self._fill_choices(result.overview.outlets, result.overview.coders)
            self._fill_dates(result.overview.first_day, result.overview.last_day)
            self._fill_variables(result)
            missing = tuple(name for name in ("alpha", "machine") if name not in self.charts)
            self._draw(("outlets", "time", "progress", "speakers", *missing))
        elif part == "speakers":
            self._speakers = result
            self._draw(("speakers", "machine", "alpha"))  # the machine's α is on the α chart
        else:
            self.reliability = result
            self._draw(("alpha",))
        self.updated.emit(part)

    def _draw(self, names: tuple[str, ...]) -> None:
        summary = self.summary
        if summary is None:
            return
        for name in names:
            self.charts[name] = chart(name, summary, self.reliability, self.variable.currentData())
            self.panels[name].show_figure(self.charts[name])

    def _show_notice(self, wanted: SummaryFilter) -> None:
        lines = []
        if self.session.blind:
            lines.append(f"<b>Blind mode is on:</b> you see only your own codes ({self.session.coder}). "
                         "Agreement among coders appears once blind mode is off.")
        elif wanted.coder:
            lines.append("α compares every coder, whatever the coder filter.")
        described = wanted.describe() if not self.session.blind else SummaryFilter(
            wanted.outlet, wanted.start, wanted.end, wanted.sample).describe()
        if described:
            lines.append(f"Showing: {described}.")
        self.notice.setText("<br>".join(lines))
        self.notice.setVisible(bool(lines))
        self.coder.setEnabled(not self.session.blind)
        if self.session.blind and self.coder.currentData() is not None:
            self.coder.blockSignals(True)
            self.coder.setCurrentIndex(0)
            self.coder.blockSignals(False)

    def _study_changed(self, _article_id: int, _scope: str) -> None:
        """Coding went on: recount once the coder pauses, if the summary is on screen."""
        self._dirty = True
        if self.isVisible():
            self._refresh_timer.start(REFRESH_AFTER_EDIT_MS)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._refresh_timer.start(0)

    # -- saving charts ---------------------------------------------------------------------------

    def save_chart(self, name: str, path: str | Path) -> Path:
        """Save the chart ``name`` (a key of :data:`CHARTS`) as PNG or SVG, by ``path``'s suffix."""
        return save_chart(self.charts[name], path)

    def ask_save_chart(self, name: str, kind: str) -> None:
        if name not in self.charts:
            return
        folder = self.session.store.path.parent
        default = folder / f"{self.session.store.path.stem}-{name}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, f"Save chart as {kind.upper()}", str(default),
                                              f"{kind.upper()} image (*.{kind})")
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            saved = self.save_chart(name, path)
        except (OSError, ValueError) as exc:
            self.session.show_error("Chart not saved", exc)
            return
        self.session.note(f"Saved the chart to {saved}.", 5000)


def show_summary_dock(window: QMainWindow, session: Session) -> QDockWidget:
    """View › Study summary: the summary in a dock beside the coding view (made on first use)."""
    dock = window.findChild(QDockWidget, "studySummaryDock")
    if dock is None:
        dock = QDockWidget("Study summary", window, objectName="studySummaryDock")
        dock.setWidget(SummaryView(session, dock))
        window.addDockWidget(Qt.RightDockWidgetArea, dock)
        window.resizeDocks([dock], [max(560, window.width() // 2)], Qt.Horizontal)
    dock.show()
    dock.raise_()
    return dock
