"""The article's quotes in reading order: speaker, kind, stance, snippet.

Machine speakers the pre-tagger was unsure of (below the review threshold, not yet decided by
a coder) carry a small amber mark and a tooltip with the confidence; the offer bar under the
table asks whether a speaker change should follow for the quotes resting on the same attribution."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.model import Codebook, Quote
from quotecoder.gui.theme import readable_on

# PySide's enum attribute lookups are slow; data() runs for every visible cell
DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, USER, DECORATION = (
    int(Qt.DisplayRole.value), int(Qt.ToolTipRole.value), int(Qt.BackgroundRole.value),
    int(Qt.ForegroundRole.value), int(Qt.UserRole.value), int(Qt.DecorationRole.value),
)
ROLES = {DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, USER, DECORATION}


ROW_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
NO_FLAGS = Qt.NoItemFlags


class QuoteTableModel(QAbstractTableModel):
    COLUMNS = ("Speaker", "Kind", "Stance", "Quote")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.quotes: list[Quote] = []
        self.stances: dict[int, str] = {}
        self.codebook: Codebook | None = None
        self.to_review: set[int] = set()  # quotes whose speaker is marked for review
        self._mark: QIcon | None = None

    def set_review(self, to_review: set[int]) -> None:
        old, self.to_review = self.to_review, set(to_review)
        for row, q in enumerate(self.quotes):
            if (q.id in old) != (q.id in self.to_review):
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def set_quotes(self, quotes: list[Quote], stances: dict[int, str], codebook: Codebook) -> None:
        if quotes and [q.id for q in quotes] == [q.id for q in self.quotes]:
            self.quotes, self.stances, self.codebook = quotes, stances, codebook
            self.dataChanged.emit(self.index(0, 0), self.index(len(quotes) - 1, len(self.COLUMNS) - 1))
            return
        self.beginResetModel()
        self.quotes, self.stances, self.codebook = quotes, stances, codebook
        self.endResetModel()

    def set_stances(self, stances: dict[int, str]) -> None:
        old, self.stances = self.stances, stances
        for row, q in enumerate(self.quotes):
            if old.get(q.id) != stances.get(q.id):
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.quotes)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole:
            if orientation == Qt.Horizontal:
                return self.COLUMNS[section]
            return str(section + 1)
        return None

    def _label(self, quote: Quote):
        key = self.stances.get(quote.id)
        return (self.codebook.label(key) if self.codebook and key else None), key

    def data(self, index, role=DISPLAY):
        role = role if isinstance(role, int) else int(role.value)
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self.quotes):
            return None
        q = self.quotes[index.row()]
        col = index.column()
        label, key = self._label(q)
        if role == DISPLAY:
            if col == 0:
                return q.speaker.name if q.speaker else "—"
            if col == 1:
                return q.kind
            if col == 2:
                return label.name if label else (key or "")
            if col == 3:
                snippet = " ".join(q.text.split())
                return snippet if len(snippet) <= 90 else snippet[:87] + "…"
        if role == DECORATION:
            if col == 0 and q.id in self.to_review:
                self._mark = self._mark or review_mark()
                return self._mark
            return None
        if role == TOOLTIP:
            if col == 0 and q.id in self.to_review:
                return review_tip(q)
            speaker = q.speaker.name if q.speaker else "unknown speaker"
            return f"{speaker} ({q.kind}, {q.origin}): {q.text}"
        if role == BACKGROUND and col == 2 and label is not None:
            return QColor(label.colour)
        if role == FOREGROUND and col == 2 and label is not None:
            return QColor(readable_on(label.colour))
        if role == USER:
            return q.id
        return None

    def flags(self, index):
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def row_of(self, quote_id: int | None) -> int | None:
        return next((i for i, q in enumerate(self.quotes) if q.id == quote_id), None)


class QuotePanel(QWidget):
    quoteSelected = Signal(object)  # quote id or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = QuoteTableModel(self)
        self.title = QLabel("<b>Quotes</b>")
        self.table = QTableView(objectName="quoteTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("M") * 9)
        self.table.setTextElideMode(Qt.ElideRight)
        em = self.fontMetrics().horizontalAdvance("M")
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.resizeSection(1, int(em * 4.6))
        header.setSectionResizeMode(2, QHeaderView.Interactive)
        header.resizeSection(2, int(em * 9.2))
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.detail = QLabel(objectName="quoteDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.RichText)
        self.detail.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.offer = OfferBar()
        layout.addWidget(self.offer)
        layout.addWidget(self.detail)
        self.table.selectionModel().currentRowChanged.connect(self._changed)
        self._quiet = False
        self._fitted = None
        self.suggestion = ""

    def fit_stances(self, codebook) -> None:
        """The stance column is as wide as the codebook's longest label name (never "Pro-deploy…")."""
        if codebook is self._fitted:
            return
        self._fitted = codebook
        metrics = self.table.fontMetrics()
        names = [lab.name for lab in codebook.labels] if codebook else []
        width = max((metrics.horizontalAdvance(n) for n in names), default=0) + metrics.horizontalAdvance("M") * 2
        self.table.horizontalHeader().resizeSection(2, max(width, metrics.horizontalAdvance("M") * 6))

    def set_quotes(self, quotes, stances, codebook, select: int | None = None) -> None:
        self.fit_stances(codebook)
        self._quiet = True
        try:
            self.model.set_quotes(quotes, stances, codebook)
            self.title.setText(f"<b>Quotes</b> ({len(quotes)})")
            self.select(select)
        finally:
            self._quiet = False

    def select(self, quote_id: int | None) -> None:
        row = self.model.row_of(quote_id)
        quiet, self._quiet = self._quiet, True
        try:
            if row is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._quiet = quiet
        self._describe(row)

    def set_review(self, to_review: set[int]) -> None:
        """Mark these quotes' speakers for review (see :func:`review_tip`)."""
        self.model.set_review(to_review)
        self._describe(self.table.currentIndex().row() if self.table.currentIndex().isValid() else None)

    def set_stances(self, stances: dict[int, str]) -> None:
        self.model.set_stances(stances)
        self._describe(self.table.currentIndex().row() if self.table.currentIndex().isValid() else None)

    def set_suggestion(self, text: str) -> None:
        """A hint under the selected quote's details (e.g. the label its copy has); "" for none."""
        if text != self.suggestion:
            self.suggestion = text
            self._describe(self.table.currentIndex().row() if self.table.currentIndex().isValid() else None)

    def current(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.quotes[index.row()].id if index.isValid() else None

    def _changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._describe(current.row() if current.isValid() else None)
        if not self._quiet:
            self.quoteSelected.emit(self.model.quotes[current.row()].id if current.isValid() else None)

    def _describe(self, row: int | None) -> None:
        if row is None or not 0 <= row < len(self.model.quotes):
            self.detail.setText("<i>No quote selected</i>")
            return
        q = self.model.quotes[row]
        label, key = self.model._label(q)
        speaker = html.escape(q.speaker.name) if q.speaker else "<i>unknown</i>"
        stance = html.escape(label.name) if label else "<i>not coded</i>"
        cue = html.escape(q.cue.text) if q.cue else "—"
        mention = html.escape(q.mention.text) if q.mention else "—"
        suggestion = ""
        if self.suggestion:
            suggestion = (f"<div style='margin-top:4px; color:#1f4e79; background:#eef5fc'>"
                          f"&nbsp;→ {html.escape(self.suggestion)}&nbsp;</div>")
        self.detail.setText(
            f"<b>{speaker}</b> · {q.kind} · stance: {stance}<br>"
            f"cue: <i>{cue}</i> · mention: {mention} · {q.origin}"
            + (f" ({q.confidence:.0%})" if q.origin == "model" else "")
            + review_line(q, q.id in self.model.to_review)
            + suggestion
        )


# -- speaker review (issue 12 §3): the mark, its words, the offer bar ---------------------------

REVIEW_COLOUR = "#c77700"


def review_mark(size: int = 12) -> QIcon:
    """A small amber warning triangle with an exclamation mark."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    path = QPainterPath(QPointF(size / 2, 0.5))
    path.lineTo(size - 0.5, size - 0.5)
    path.lineTo(0.5, size - 0.5)
    path.closeSubpath()
    painter.fillPath(path, QColor(REVIEW_COLOUR))
    painter.setPen(QColor("#ffffff"))
    font = painter.font()
    font.setPixelSize(int(size * 0.75))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect().adjusted(0, size // 6, 0, 0), Qt.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def confidence_note(quote: Quote) -> str:
    """How sure the pre-tagger was of its speaker ("" when it did not say)."""
    if quote.origin != "model" or quote.speaker_confidence is None:
        return ""
    machine = quote.speaker_candidates[0].name if quote.speaker_candidates else (
        quote.speaker.name if quote.speaker else "its speaker")
    return f"The pre-tagger was {quote.speaker_confidence:.0%} sure of {machine}"


def review_tip(quote: Quote) -> str:
    others = ", ".join(f"{c.name} ({c.confidence:.0%})" for c in quote.speaker_candidates[1:])
    return (f"{confidence_note(quote)} (below the review threshold of {REVIEW_THRESHOLD:.0%}).\n"
            + (f"Other candidates: {others}.\n" if others else "")
            + "S checks the speaker (1, 2, 3 pick a candidate); L jumps to the next one to review.")


def review_line(quote: Quote, to_review: bool) -> str:
    """The detail's confidence line: amber while the speaker is to review."""
    note = confidence_note(quote)
    if not note:
        return ""
    if not to_review:
        return f"<br><span style='color:#666'>{html.escape(note)}</span>"
    return (f"<br><span style='color:{REVIEW_COLOUR}'>&#9888; {html.escape(note)} — to review "
            f"(S to check, L for the next)</span>")


class OfferBar(QFrame):
    """A question under the quotes, answered without leaving the keyboard: Enter yes, Esc no
    (the window's keys answer it through the coding actions; the buttons do the same)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="offerBar")
        self.setStyleSheet("QFrame#offerBar { background: #fff4d6; border: 1px solid #e0b44c; border-radius: 3px; }")
        self.text = QLabel(objectName="offerText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.RichText)
        self.yes_button = QPushButton("Yes  [Enter]", objectName="offerYes")
        self.no_button = QPushButton("No  [Esc]", objectName="offerNo")
        for button in (self.yes_button, self.no_button):
            button.setFocusPolicy(Qt.NoFocus)  # the keys stay with the coding surface
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.yes_button)
        layout.addWidget(self.no_button)
        self._yes = self._no = None
        self._index = -1
        self.yes_button.clicked.connect(lambda: self._yes and self._yes())
        self.no_button.clicked.connect(lambda: self._no and self._no())
        self.hide()

    def ask(self, text: str, yes, no, undo_index: int) -> None:
        """Show ``text``; ``yes()`` or ``no()`` answer it. Any other action (the undo stack
        leaving ``undo_index``) answers no."""
        self.text.setText(text)
        self._yes, self._no, self._index = yes, no, undo_index
        self.show()

    def stack_moved(self, index: int) -> None:
        if not self.isHidden() and index != self._index and self._no is not None:
            self._no()
