"""Dialogs of a coding study: reports, export, the reliability sample, agreement and adjudication.

They receive the :class:`~quotecoder.gui.session.Session`: slow work is submitted to it as a
job, and every decision is an undoable command run through it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.clock import readable
from quotecoder.core.model import Variable
from quotecoder.core.store import ArticleRow, Disagreement
from quotecoder.core.study import (
    ALL_CODERS_FORMATS,
    PER_CODER_FORMATS,
    SPEAKER_ATTRIBUTION,
    agreement_text,
    agreement_variables,
    compute_agreement,
)
from quotecoder.gui import commands as cmd
from quotecoder.gui.actions import adjudication_table, label_keys
from quotecoder.gui.session import ADJUDICATION, ARTICLES, CODEBOOK, EXTERNAL, Session
from quotecoder.gui.theme import paint_item
from quotecoder.gui.workers import Job


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{100 * value:.1f}%"


def _item(text: str, tooltip: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
    if tooltip:
        item.setToolTip(tooltip)
    if align_right:
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return item


def _table(object_name: str, columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns), objectName=object_name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


# -- reports ------------------------------------------------------------------------------------


class ReportDialog(QDialog):
    """A headline and a scrollable plain-text detail (conflicts, unmatched quotes, problems)."""

    def __init__(self, title: str, headline: str, detail: str = "", parent=None, warning: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.headline = QLabel(headline, objectName="reportHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if warning:
            self.headline.setStyleSheet("QLabel { color: #7a3b00; }")
        self.detail = QPlainTextEdit(objectName="reportDetail")
        self.detail.setReadOnly(True)
        self.detail.setPlainText(detail)
        self.detail.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.detail.setVisible(bool(detail))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        copy = buttons.addButton("Copy", QDialogButtonBox.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{headline}\n{detail}".strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail, 1)
        layout.addWidget(buttons)
        self.resize(720, 460 if detail else 160)


# -- export -------------------------------------------------------------------------------------


EXPORT_FORMATS = (
    ("long", "Long: one row per quote and coder, a column per quote and speaker variable (CSV)"),
    ("wide", "Wide: one row per quote, a column per variable and coder (CSV)"),
    ("article-codes", "Article codes: one row per article and coder, a column per article variable (CSV)"),
    ("articles", "Articles: quote and stance counts per article (CSV)"),
    ("codebook", "Codebook: each variable's labels as a data dictionary (CSV)"),
    ("jsonl", "JSONL backup: everything, for Restore and merging"),
)


class ExportDialog(QDialog):
    """Choose the format, the file, a BOM for Excel and (per-coder formats) the coders; Export starts it."""

    def __init__(self, coders: Sequence[str], current: str, folder: str | Path = "", blind: bool = False,
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.blind = blind
        self.current = current
        self.folder = str(folder)
        self.format = QComboBox(objectName="exportFormat")
        for key, text in EXPORT_FORMATS:
            self.format.addItem(text, key)
            if blind and key in ALL_CODERS_FORMATS:
                item = self.format.model().item(self.format.count() - 1)
                item.setEnabled(False)
                item.setToolTip("Not in blind mode: this file holds every coder's labels")
        self.path = QLineEdit(objectName="exportPath", placeholderText="Where to save the file")
        browse = QPushButton("Browse…", objectName="exportBrowse")
        browse.clicked.connect(self.browse)
        self.bom = QCheckBox("Excel-friendly (BOM)", objectName="exportBom")
        self.bom.setChecked(True)
        self.bom.setToolTip("Start the CSV with a byte-order mark so Excel reads accents and quotes correctly; "
                            "R, SPSS and Stata read it either way")
        self.coders = QListWidget(objectName="exportCoders")
        self.coders.setMaximumHeight(self.fontMetrics().height() * 6)
        for name in coders:
            if blind and name != current:
                continue
            item = QListWidgetItem(name)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.coders.addItem(item)
        if blind and self.coders.count() == 0:
            item = QListWidgetItem(current)
            item.setCheckState(Qt.Checked)
            self.coders.addItem(item)
        self.coders_note = QLabel(objectName="exportCodersNote")
        self.coders_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.ok = self.buttons.addButton("Export", QDialogButtonBox.AcceptRole)
        self.ok.setObjectName("exportOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("File:", where)
        form.addRow("", self.bom)
        form.addRow("Coders:", self.coders)
        form.addRow("", self.coders_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.path.textChanged.connect(self._update)
        self.coders.itemChanged.connect(self._update)
        self._format_changed()
        self.resize(620, self.sizeHint().height())

    def fmt(self) -> str:
        return self.format.currentData()

    def suffix(self) -> str:
        return ".jsonl" if self.fmt() == "jsonl" else ".csv"

    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.bom.setEnabled(fmt != "jsonl")
        per_coder = fmt in PER_CODER_FORMATS
        self.coders.setEnabled(per_coder and not self.blind)
        if self.blind:
            self.coders_note.setText(f"Blind mode: only your own labels ({self.current}) are exported.")
        elif per_coder:
            self.coders_note.setText("Tick the coders whose labels go into the file.")
        else:
            self.coders_note.setText("This format covers every coder.")
        text = self.path.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() in (".csv", ".jsonl") and path.suffix.lower() != self.suffix():
                self.path.setText(str(path.with_suffix(self.suffix())))
        self._update()

    def _update(self) -> None:
        ok = bool(self.path.text().strip())
        if self.fmt() in PER_CODER_FORMATS:
            ok = ok and bool(self.chosen_coders())
        self.ok.setEnabled(ok)

    def chosen_coders(self) -> list[str]:
        return [self.coders.item(i).text() for i in range(self.coders.count())
                if self.coders.item(i).checkState() == Qt.Checked]

    def browse(self) -> None:
        filters = "JSON lines (*.jsonl)" if self.fmt() == "jsonl" else "CSV (*.csv)"
        start = self.path.text().strip() or str(Path(self.folder) / f"quotecoder-{self.fmt()}{self.suffix()}")
        path, _ = QFileDialog.getSaveFileName(self, "Export to", start, f"{filters};;All files (*)")
        if path:
            if not Path(path).suffix:
                path += self.suffix()
            self.path.setText(path)

    def values(self) -> dict:
        """The export's arguments: fmt, path, bom, coders (None for all)."""
        coders = self.chosen_coders()
        every = self.coders.count() == len(coders) and not self.blind
        return {
            "fmt": self.fmt(),
            "path": self.path.text().strip(),
            "bom": self.bom.isChecked() and self.fmt() != "jsonl",
            "coders": None if every or self.fmt() not in PER_CODER_FORMATS else coders,
        }


# -- reliability sample -------------------------------------------------------------------------


class SampleDialog(QDialog):
    """N articles or N% and a seed: the sample every coder double-codes."""

    def __init__(self, total: int, current: int, seed: int = 1, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reliability sample")
        self.by_count = QRadioButton("Number of articles:", objectName="sampleByCount")
        self.by_percent = QRadioButton("Share of the articles:", objectName="sampleByPercent")
        group = QButtonGroup(self)
        group.addButton(self.by_count)
        group.addButton(self.by_percent)
        self.count = QSpinBox(objectName="sampleCount")
        self.count.setRange(1, max(1, total))
        self.count.setValue(min(max(1, total), max(1, round(total * 0.1))))
        self.percent = QDoubleSpinBox(objectName="samplePercent")
        self.percent.setRange(0.1, 100.0)
        self.percent.setDecimals(1)
        self.percent.setSuffix(" %")
        self.percent.setValue(10.0)
        self.seed = QSpinBox(objectName="sampleSeed")
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(seed)
        self.seed.setToolTip("The same seed always draws the same sample: note it in your methods section")
        self.by_count.setChecked(True)
        self.by_count.toggled.connect(self._toggle)
        self._toggle()
        note = QLabel(
            f"{total} article(s) in the database. The sample is stratified by outlet."
            + (f"\nDrawing replaces the current sample of {current} article(s)." if current else "")
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        draw = buttons.addButton("Draw sample", QDialogButtonBox.AcceptRole)
        draw.setObjectName("sampleDraw")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(self.by_count, 0, 0)
        grid.addWidget(self.count, 0, 1)
        grid.addWidget(self.by_percent, 1, 0)
        grid.addWidget(self.percent, 1, 1)
        grid.addWidget(QLabel("Seed:"), 2, 0)
        grid.addWidget(self.seed, 2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(buttons)

    def _toggle(self) -> None:
        self.count.setEnabled(self.by_count.isChecked())
        self.percent.setEnabled(not self.by_count.isChecked())

    def values(self) -> dict:
        """Arguments of ``Store.draw_reliability_sample``."""
        if self.by_count.isChecked():
            return {"size": self.count.value(), "seed": self.seed.value()}
        return {"fraction": self.percent.value() / 100, "seed": self.seed.value()}


# -- agreement ----------------------------------------------------------------------------------


class AgreementDialog(QDialog):
    """Krippendorff's α with its bootstrap interval, κ per pair, categories, coincidences, boundaries."""

    computed = Signal(object)

    def __init__(self, session: Session, bootstrap: int = 1000, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inter-coder agreement")
        self.session = session
        self.store, self.codebook = session.store, session.codebook
        self.bootstrap = bootstrap
        self.report = None
        self.boundaries: dict[tuple[str, str], float] = {}
        self.job: Job | None = None

        self.variable = QComboBox(objectName="agreementVariable")
        self._fill_variables()
        self.coders = QListWidget(objectName="agreementCoders")
        self.coders.setFlow(QListWidget.LeftToRight)
        self.coders.setWrapping(True)
        self.coders.setSpacing(2)
        self.coders.setFixedHeight(self.fontMetrics().height() * 2 + 14)
        coding = {c for v in agreement_variables(self.codebook)  # coders with codes
                  for values in self.store.units(v.key, None, v.unit).values() for c in values}
        for coder in self.store.coders():
            item = QListWidgetItem(coder.name)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if coder.name in coding else Qt.Unchecked)
            item.setToolTip("" if coder.name in coding else "No codes yet")
            self.coders.addItem(item)
        self.compute_button = QPushButton("Compute", objectName="agreementCompute")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.copy_button = QPushButton("Copy as text", objectName="agreementCopy")
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.setEnabled(False)
        self.busy = QProgressBar(objectName="agreementBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()

        self.alpha = QLabel(objectName="agreementAlpha")
        self.alpha.setTextFormat(Qt.RichText)
        self.alpha.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.details = QLabel(objectName="agreementDetails")
        self.details.setWordWrap(True)
        self.kappas = _table("kappaTable", ("Coder", "Coder", "Cohen's κ", "Agreement", "Units"))
        self.boundary = _table("boundaryTable", ("Quotes of", "Also coded by", "Share"))
        self.categories = _table("categoryTable", ("Category", "Values", "Matched"))
        self.confusion = QTableWidget(0, 0, objectName="confusionTable")
        self.confusion.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.confusion.verticalHeader().setDefaultSectionSize(self.confusion.fontMetrics().height() + 8)
        for table in (self.kappas, self.boundary, self.categories):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeToContents)
            header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("Variable:"))
        top.addWidget(self.variable)
        top.addSpacing(12)
        top.addWidget(QLabel("Coders:"))
        top.addWidget(self.coders, 1)
        top.addWidget(self.compute_button)
        top.addWidget(self.busy)

        def box(title: str, widget: QWidget, note: str = "") -> QGroupBox:
            group = QGroupBox(title)
            inner = QVBoxLayout(group)
            inner.setContentsMargins(6, 6, 6, 6)
            if note:
                label = QLabel(note)
                label.setWordWrap(True)
                label.setStyleSheet("QLabel { color: #555; }")
                inner.addWidget(label)
            inner.addWidget(widget)
            return group

        grid = QGridLayout()
        grid.addWidget(box("Cohen's κ per pair of coders", self.kappas), 0, 0)
        grid.addWidget(box("By category", self.categories,
                           "How often a value was matched by another coder on the same quote or article."), 0, 1)
        self.boundary_box = box("Quote boundaries", self.boundary,
                                "Share of one coder's coded quotes that the other coder also coded.")
        grid.addWidget(self.boundary_box, 1, 0)
        grid.addWidget(box("Coincidence matrix", self.confusion,
                           "Pairable values: rows and columns are the two values of each pair of coders."), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.alpha)
        layout.addWidget(self.details)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        self.variable.currentIndexChanged.connect(self.compute)
        self.coders.itemChanged.connect(self._coders_changed)
        session.changed.connect(self._changed)
        self.alpha.setText("<i>Choose two or more coders and press Compute.</i>")
        self.resize(1040, 700)

    def chosen_coders(self) -> list[str]:
        return [self.coders.item(i).text() for i in range(self.coders.count())
                if self.coders.item(i).checkState() == Qt.Checked]

    def _coders_changed(self) -> None:
        self.compute_button.setEnabled(len(self.chosen_coders()) >= 2)

    def _fill_variables(self) -> None:
        """The quote and article variables of the codebook, then each coder's speaker attribution."""
        current = self.variable.currentData()
        self.variable.blockSignals(True)
        self.variable.clear()
        for v in agreement_variables(self.codebook):
            self.variable.addItem(v.name if v.unit == "quote" else f"{v.name} (article)", v.key)
            self.variable.setItemData(self.variable.count() - 1, f"{v.key}: a {v.level} {v.unit} variable",
                                      Qt.ToolTipRole)
        self.variable.addItem("Speaker attribution", SPEAKER_ATTRIBUTION)
        self.variable.setItemData(self.variable.count() - 1, "The canonical speaker each coder attributed the "
                                  "quote to", Qt.ToolTipRole)
        self.variable.setCurrentIndex(max(0, self.variable.findData(current)))
        self.variable.blockSignals(False)

    def _changed(self, article_id: int, scope: str) -> None:
        if scope in (CODEBOOK, EXTERNAL, ARTICLES):
            self.codebook = self.session.codebook
            self._fill_variables()

    def chosen_variable(self) -> Variable | None:
        """The chosen codebook variable (None for speaker attribution)."""
        return self.codebook.variable(self.variable.currentData())

    def category_name(self, value: str) -> str:
        variable = self.chosen_variable()
        label = variable.label(value) if variable is not None else None
        return label.name if label is not None else value

    def compute(self) -> Job | None:
        coders = self.chosen_coders()
        if len(coders) < 2:
            self.alpha.setText("<i>Agreement needs two or more coders: tick them above.</i>")
            return None
        variable = self.variable.currentData()
        bootstrap = self.bootstrap

        def work(store, progress):
            progress.start(0, "Computing agreement (bootstrap)…")
            return compute_agreement(store, variable, coders, bootstrap)  # refused in blind mode

        # the session owns the job: it may outlive this dialog, and closing the window waits for it
        mine: list[Job] = []  # this computation's job, once submitted
        job = self.session.submit("agreement", work, label="Computing agreement…", writes=False, replace=True,
                                  done=lambda result: self._show(result) if mine and mine[0] is self.job else None,
                                  failed=lambda message: self._failed(message) if mine and mine[0] is self.job
                                  else None, ended=lambda: self._job_ended(mine[0] if mine else None))
        if job is None:
            return None
        mine.append(job)
        self.job = job
        self.busy.show()
        self.compute_button.setEnabled(False)
        self.alpha.setText(f"<i>Computing α and its 95% interval ({bootstrap} bootstrap samples)…</i>")
        return job

    def _job_ended(self, job: Job) -> None:
        if job is self.job and job is not None:
            self.job = None
            self.busy.hide()

    def _failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        self.alpha.setText(f"<span style='color:#a00'>Agreement not computed: {html.escape(message)}</span>")

    def _show(self, result) -> None:
        report, boundaries = result
        self.report, self.boundaries = report, boundaries
        self.compute_button.setEnabled(len(self.chosen_coders()) >= 2)
        self.copy_button.setEnabled(True)
        lo, hi = report.alpha_ci
        variable = self.codebook.variable(report.variable)
        what = f"the {variable.name}" if variable is not None else "the speaker attribution"
        units = "articles" if variable is not None and variable.unit == "article" else "quotes"
        self.alpha.setText(
            f"<span style='font-size:15pt'>Krippendorff's α = <b>{fmt(report.alpha)}</b></span>"
            f"&nbsp;&nbsp; 95% CI [{fmt(lo)}, {fmt(hi)}]"
            f"&nbsp;&nbsp;·&nbsp;&nbsp; percent agreement <b>{pct(report.percent)}</b>"
            f"&nbsp;&nbsp;·&nbsp;&nbsp; <b>{report.units}</b> unit(s)"
        )
        left_out = (f" {report.left_out} code(s) whose value is not a label of the codebook were left out "
                    "(ordinal α needs each value's rank)." if report.left_out else "")
        self.details.setText(
            f"{report.level.capitalize()} α on {what} of the {units} coded by two or more "
            f"of {', '.join(report.coders)}; the interval is a percentile bootstrap over {units} "
            f"({self.bootstrap} samples)." + left_out
            + ("" if report.units else f" No {units[:-1]} was coded by two of these coders yet.")
        )
        self.boundary_box.setVisible(units == "quotes")
        self.kappas.setRowCount(len(report.kappas))
        for r, pair in enumerate(report.kappas):
            for c, (text, right) in enumerate(((pair.coder_a, False), (pair.coder_b, False),
                                               (fmt(pair.kappa), True), (pct(pair.agreement), True),
                                               (str(pair.units), True))):
                self.kappas.setItem(r, c, _item(text, align_right=right))
        pairs = sorted(boundaries.items())
        self.boundary.setRowCount(len(pairs))
        for r, ((a, b), share) in enumerate(pairs):
            for c, (text, right) in enumerate(((a, False), (b, False), (pct(share), True))):
                self.boundary.setItem(r, c, _item(text, align_right=right))
        self.categories.setRowCount(len(report.categories))
        for r, cat in enumerate(report.categories):
            name = _item(self.category_name(cat.category), cat.category)
            self._colour(name, cat.category)
            self.categories.setItem(r, 0, name)
            self.categories.setItem(r, 1, _item(str(cat.values), align_right=True))
            self.categories.setItem(r, 2, _item(pct(cat.agreement), align_right=True))
        cats = [c.category for c in report.categories]
        names = [self.category_name(c) for c in cats]
        self.confusion.clear()
        self.confusion.setRowCount(len(cats))
        self.confusion.setColumnCount(len(cats))
        self.confusion.setHorizontalHeaderLabels(names)
        self.confusion.setVerticalHeaderLabels(names)
        bold = QFont(self.font())
        bold.setBold(True)
        for r, a in enumerate(cats):
            for c, b in enumerate(cats):
                value = report.confusion.get((a, b), 0.0)
                item = _item(f"{value:.1f}" if value else "·", f"{names[r]} × {names[c]}: {value:.2f}", True)
                if r == c:
                    item.setBackground(QColor("#dff3e2"))
                    item.setFont(bold)
                self.confusion.setItem(r, c, item)
        self.confusion.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.computed.emit(report)

    def _colour(self, item: QTableWidgetItem, value: str) -> None:
        variable = self.chosen_variable()
        label = variable.label(value) if variable is not None else None
        if label is not None:
            paint_item(item, label.colour)

    def text(self) -> str:
        return agreement_text(self.report, self.boundaries) if self.report is not None else ""

    def copy(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.text())

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None  # its signals are ignored from now on
        super().done(result)


# -- adjudication -------------------------------------------------------------------------------


class AdjudicationDialog(QDialog):
    """The disagreement queue of one variable (a quote or article variable, chosen above the
    table): J/K to move, the variable's number keys decide, 0/Backspace clears, Ctrl+Z undoes.
    Enter (or a double-click) shows the quote or article in the coding window."""

    decided = Signal(int)
    changeAdjudicator = Signal()

    def __init__(self, session: Session, adjudicator: str, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.store, self.codebook, self.readonly = session.store, session.codebook, session.readonly
        self.adjudicator = adjudicator
        self.setWindowTitle(f"Adjudicate disagreements — {adjudicator}")
        self.rows: list[Disagreement] = []
        self.all: list[Disagreement] = []
        self._articles: dict[int, ArticleRow] = {}
        self.coder_names: list[str] = []
        self.variable_choice = QComboBox(objectName="adjudicationVariable")
        self.variable_choice.setToolTip("The variable whose disagreements are decided here")
        self._fill_variables()
        self.variable_choice.currentIndexChanged.connect(lambda _: self._variable_changed())
        self.undecided = QCheckBox("Undecided only (U)", objectName="undecidedOnly")
        self.undecided.toggled.connect(lambda: self.reload())
        self.counts = QLabel(objectName="adjudicationCounts")
        self.who = QLabel(f"Adjudicator: <b>{html.escape(adjudicator)}</b>", objectName="adjudicatorName")
        change = QPushButton("Change…", objectName="changeAdjudicator")
        change.setToolTip("Decide under another name (remembered for this database)")
        change.clicked.connect(self.changeAdjudicator)
        change.setAutoDefault(False)
        self.table = QTableWidget(0, 0, objectName="adjudicationTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_current())
        self.table.currentCellChanged.connect(lambda *_: self._describe())
        self.detail = QLabel(objectName="adjudicationDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.RichText)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 5)
        self.hint = QLabel(objectName="adjudicationHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("QLabel { color: #444; }")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Variable:"))
        top.addWidget(self.variable_choice)
        top.addSpacing(16)
        top.addWidget(self.who)
        top.addWidget(change)
        top.addSpacing(16)
        top.addWidget(self.counts, 1)
        top.addWidget(self.undecided)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        session.changed.connect(self._changed)
        self.reload()
        self.resize(1180, 640)

    def set_adjudicator(self, name: str) -> None:
        self.adjudicator = name
        self.setWindowTitle(f"Adjudicate disagreements — {name}")
        self.who.setText(f"Adjudicator: <b>{html.escape(name)}</b>")

    # -- the variable ----------------------------------------------------------------------------

    @property
    def variable(self) -> Variable:
        """The variable decided here (stance, or the codebook's first quote variable, at first)."""
        found = self.codebook.variable(self.variable_choice.currentData() or "")
        return found or self.codebook.stance

    @property
    def unit(self) -> str:
        return self.variable.unit

    def choose_variable(self, key: str) -> None:
        self.variable_choice.setCurrentIndex(self.variable_choice.findData(key))

    def _fill_variables(self) -> None:
        current = self.variable_choice.currentData() or (self.codebook.stance.key if self.codebook.stance else None)
        self.variable_choice.blockSignals(True)
        self.variable_choice.clear()
        for v in agreement_variables(self.codebook):
            self.variable_choice.addItem(v.name if v.unit == "quote" else f"{v.name} (article)", v.key)
        self.variable_choice.setCurrentIndex(max(0, self.variable_choice.findData(current)))
        self.variable_choice.blockSignals(False)

    def _variable_changed(self) -> None:
        self._build_actions()
        self.rows, self._select_after = [], None  # another variable's item ids mean nothing here
        self.reload()

    def _build_actions(self) -> None:
        """The window's keys; the number keys are the chosen variable's."""
        for action in self.actions_by_name.values():
            self.removeAction(action)
            action.deleteLater()
        self.actions_by_name = {}
        for spec in adjudication_table(self.codebook, self.variable):
            action = QAction(spec.text, self)
            action.setObjectName(spec.name)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.WindowShortcut)
            if spec.name.startswith("label:"):
                key = spec.name.split(":", 1)[1]
                action.triggered.connect(lambda _=False, k=key: self.decide(k))
            else:
                action.triggered.connect(getattr(self, f"do_{spec.name}"))
            if spec.edits and self.readonly:
                action.setEnabled(False)
            self.addAction(action)
            self.actions_by_name[spec.name] = action
        keys = " · ".join(f"<b>{html.escape(k)}</b> {html.escape(label.name)}"
                          for label, k in label_keys(self.variable) if k)
        self.hint.setText(f"Final label: {keys} · <b>0</b>/<b>⌫</b> clear · <b>J</b>/<b>K</b> move · "
                          f"<b>Enter</b> open in the coding window · <b>U</b> undecided only · <b>Ctrl+Z</b> undo")

    def _changed(self, article_id: int, scope: str) -> None:
        if scope in (ADJUDICATION, ARTICLES, EXTERNAL, CODEBOOK):
            if scope != ADJUDICATION:
                self.codebook = self.session.codebook
                self._articles.clear()
                self._fill_variables()
                self._build_actions()
            self.reload()

    # -- content ---------------------------------------------------------------------------------

    _select_after: int | None = None

    def _fixed_columns(self) -> list[tuple[str, Callable[[Disagreement], str]]]:
        """The columns before the coders': (heading, text of a disagreement)."""
        if self.unit == "article":
            return [("Article", lambda d: self._article(d.article_id).title),
                    ("Outlet", lambda d: self._article(d.article_id).outlet or "—"),
                    ("Published", lambda d: self._article(d.article_id).published or "—")]
        return [("Article", lambda d: self._article(d.article_id).title),
                ("Quote", lambda d: " ".join(d.text.split())),
                ("Speaker", lambda d: d.speaker or "—")]

    def reload(self, select: int | None = None) -> None:
        """Re-read the disagreements; keep the current quote (or article) selected when it is still listed."""
        if select is None:
            select, self._select_after = self._select_after or self.current_item(), None
        variable = self.variable
        self.all = self.store.disagreements(variable=variable.key, unit=variable.unit)
        self.rows = [d for d in self.all if not (self.undecided.isChecked() and d.adjudicated)]
        self.coder_names = sorted({c for d in self.all for c in d.labels})  # kept when a filter empties the table
        fixed = self._fixed_columns()
        columns = [title for title, _ in fixed] + [*self.coder_names, "Final"]
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setRowCount(len(self.rows))
        for r, _ in enumerate(self.rows):
            self._fill(r, fixed)
        header = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("M")
        bold = QFont(self.font())
        bold.setBold(True)
        names = [lab.name for lab in variable.labels] + ["undecided", *self.coder_names]
        label_width = max(QFontMetrics(bold).horizontalAdvance(n) for n in names) + em
        header.setSectionResizeMode(QHeaderView.Interactive)
        stretch = 0 if self.unit == "article" else 1
        for c in range(len(fixed)):
            if c != stretch:  # as wide as its texts, within reason (the tooltip has the rest)
                self.table.resizeColumnToContents(c)
                header.resizeSection(c, max(em * 6, min(header.sectionSize(c) + em, em * 18)))
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
        for c in range(len(fixed), len(columns)):
            header.resizeSection(c, label_width)
        self._update_counts()
        rows = [i for i, d in enumerate(self.rows) if d.item_id == select]
        if rows:
            self.table.setCurrentCell(rows[0], stretch)
        elif self.rows:
            self.table.setCurrentCell(0, stretch)
        self._describe()
        self.table.setFocus()

    def _label_item(self, key: str | None, tooltip: str = "") -> QTableWidgetItem:
        if not key:
            return _item("—" if not tooltip else "", tooltip)
        label = self.variable.label(key)
        item = _item(label.name if label else key, tooltip or key)
        if label is not None:
            paint_item(item, label.colour)
        return item

    def _fill(self, r: int, fixed: list[tuple[str, Callable[[Disagreement], str]]]) -> None:
        d = self.rows[r]
        for c, (_, text_of) in enumerate(fixed):
            text = text_of(d)
            self.table.setItem(r, c, _item(text, d.text if c == 1 and self.unit == "quote" else text))
        first = len(fixed)
        for c, coder in enumerate(self.coder_names, start=first):
            self.table.setItem(r, c, self._label_item(d.labels.get(coder), "" if coder in d.labels else "not coded"))
        final = self._label_item(d.adjudicated, self._decided_by(d) if d.adjudicated else "undecided")
        if d.adjudicated:
            bold = QFont(self.font())
            bold.setBold(True)
            final.setFont(bold)
        else:
            final.setText("undecided")
            final.setForeground(QColor("#8a5a00"))
        self.table.setItem(r, first + len(self.coder_names), final)

    def _article(self, article_id: int) -> ArticleRow:
        """The article as the article list shows it (a file name for an untitled one)."""
        if article_id not in self._articles:
            self._articles[article_id] = self.store.article_row(article_id)
        return self._articles[article_id]

    def _decided_by(self, d: Disagreement) -> str:
        found = self.store.adjudication(d.item_id, self.variable.key, self.unit)
        return f"decided by {found[1]}, {readable(found[2])}" if found else ""

    def _update_counts(self) -> None:
        undecided = sum(d.adjudicated is None for d in self.all)
        self.counts.setText(f"{len(self.all)} disagreement(s), {undecided} undecided")

    def current_row(self) -> int | None:
        row = self.table.currentRow()
        return row if 0 <= row < len(self.rows) else None

    def current_item(self) -> int | None:
        """The id of the current quote (or, for an article variable, article)."""
        row = self.current_row()
        return self.rows[row].item_id if row is not None else None

    def _describe(self) -> None:
        row = self.current_row()
        if row is None:
            self.detail.setText("<i>No disagreement here.</i>" if not self.rows else "")
            return
        d = self.rows[row]
        labels = " · ".join(
            f"{html.escape(c)}: <b>{html.escape(self._name(v))}</b>" for c, v in sorted(d.labels.items())
        )
        final = (f"final: <b>{html.escape(self._name(d.adjudicated))}</b> ({html.escape(self._decided_by(d))})"
                 if d.adjudicated else "final: <i>undecided</i>")
        article = self._article(d.article_id)
        if self.unit == "article":
            where = " · ".join(x for x in (article.outlet, article.published) if x)
            body = f"{html.escape(self.variable.name)} of the article"
        else:
            where = d.speaker or "unknown speaker"
            body = html.escape(" ".join(d.text.split()))
        self.detail.setText(
            f"<div style='color:#444'>{html.escape(article.title)} · {html.escape(where)}</div>"
            f"<div style='margin:4px 0'>{body}</div><div>{labels} · {final}</div>"
        )

    def _name(self, key: str | None) -> str:
        label = self.variable.label(key) if key else None
        return label.name if label else (key or "")

    # -- keys ------------------------------------------------------------------------------------

    def _step(self, delta: int) -> None:
        if not self.rows:
            return
        row = self.current_row()
        row = 0 if row is None else max(0, min(len(self.rows) - 1, row + delta))
        self.table.setCurrentCell(row, max(0, self.table.currentColumn()))

    def do_next(self) -> None:
        self._step(1)

    def do_prev(self) -> None:
        self._step(-1)

    def decide(self, key: str | None) -> None:
        """Set (or with None clear) the final label of the current quote or article for the chosen
        variable, then move on. Undoable."""
        row = self.current_row()
        if row is None or self.readonly:
            return
        d = self.rows[row]
        if d.adjudicated == key:
            return
        following = self.rows[row + 1].item_id if key is not None and row + 1 < len(self.rows) else d.item_id
        self._select_after = following
        variable = self.variable
        if self.session.run(cmd.Adjudicate(d.item_id, key, self.adjudicator, self._name(key),
                                           variable.key, variable.unit)):
            self.decided.emit(d.item_id)

    def do_undo(self) -> None:
        self.session.undo_stack.undo()

    def do_redo(self) -> None:
        self.session.undo_stack.redo()

    def do_clear(self) -> None:
        self.decide(None)

    def do_open(self) -> None:
        self.open_current()

    def do_undecided(self) -> None:
        self.undecided.toggle()

    def open_current(self) -> None:
        """Show the quote (or the article) in the coding window, and go there."""
        row = self.current_row()
        if row is not None:
            self.session.show_quote(self.rows[row].article_id, self.rows[row].quote_id)
            window = self.parentWidget()
            if window is not None:
                window.raise_()
                window.activateWindow()
