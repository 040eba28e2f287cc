"""The article's quotes in reading order: speaker, kind, one column per quote variable, snippet.

The active variable's column (the one the number keys code; Tab changes it) has a bold header,
and the selected quote's cell in it carries the focus frame. The details under the table give
the quote's codes and its speaker's codes for the speaker variables.

Machine speakers the pre-tagger was unsure of (below the review threshold, not yet decided by
a coder) carry a small amber mark and a tooltip with the confidence; the offer bar under the
table asks whether a speaker change should follow for the quotes resting on the same attribution."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.model import Codebook, Quote, Variable
from quotecoder.gui.theme import SELECTED_FRAME, readable_on
from quotecoder.gui.variables import code_html, codes_text, label_name

# PySide's enum attribute lookups are slow; data() runs for every visible cell
DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, USER, DECORATION, FONT = (
    int(Qt.DisplayRole.value), int(Qt.ToolTipRole.value), int(Qt.BackgroundRole.value),
    int(Qt.ForegroundRole.value), int(Qt.UserRole.value), int(Qt.DecorationRole.value), int(Qt.FontRole.value),
)
ROLES = {DISPLAY, TOOLTIP, BACKGROUND, FOREGROUND, USER, DECORATION}
HEADER_ROLES = {DISPLAY, TOOLTIP, FONT, FOREGROUND}
HORIZONTAL = Qt.Horizontal


ROW_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
NO_FLAGS = Qt.NoItemFlags


class QuoteTableModel(QAbstractTableModel):
    """Speaker, kind, the quote variables (one column each), the quote's words."""

    SPEAKER, KIND, FIRST_VARIABLE = 0, 1, 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.quotes: list[Quote] = []
        self.codes: dict[int, dict[str, str]] = {}  # quote id -> {variable: label}
        self.variables: tuple[Variable, ...] = ()  # the codebook's quote variables
        self.active: str | None = None  # the variable the number keys code
        self.to_review: set[int] = set()  # quotes whose speaker is marked for review
        self._mark: QIcon | None = None
        self._bold: QFont | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return ("Speaker", "Kind", *(v.name for v in self.variables), "Quote")

    @property
    def quote_column(self) -> int:
        return self.FIRST_VARIABLE + len(self.variables)

    def column_of(self, variable: str | None) -> int | None:
        """The column of quote variable ``variable`` (None for another)."""
        return next((self.FIRST_VARIABLE + i for i, v in enumerate(self.variables) if v.key == variable), None)

    def set_review(self, to_review: set[int]) -> None:
        old, self.to_review = self.to_review, set(to_review)
        for row, q in enumerate(self.quotes):
            if (q.id in old) != (q.id in self.to_review):
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def set_quotes(self, quotes: list[Quote], codes: dict[int, dict[str, str]], codebook: Codebook) -> None:
        variables = codebook.by_unit("quote") if codebook else ()
        if quotes and [q.id for q in quotes] == [q.id for q in self.quotes] and variables == self.variables:
            self.quotes, self.codes = quotes, codes
            self.dataChanged.emit(self.index(0, 0), self.index(len(quotes) - 1, self.quote_column))
            return
        self.beginResetModel()
        self.quotes, self.codes, self.variables = quotes, codes, variables
        self.endResetModel()

    def set_codes(self, codes: dict[int, dict[str, str]]) -> None:
        old, self.codes = self.codes, codes
        for row, q in enumerate(self.quotes):
            if old.get(q.id) != codes.get(q.id):
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.quote_column))

    def set_active(self, variable: str | None) -> None:
        if variable != self.active:
            self.active = variable
            self.headerDataChanged.emit(Qt.Horizontal, self.FIRST_VARIABLE, self.quote_column)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.quotes)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.quote_column + 1

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        role = role if isinstance(role, int) else int(role.value)
        if role not in HEADER_ROLES:
            return None
        if orientation is not HORIZONTAL:
            return str(section + 1) if role == DISPLAY else None
        variable = self._variable(section)
        active = variable is not None and variable.key == self.active
        if role == DISPLAY:
            return self.columns[section] if 0 <= section < len(self.columns) else None
        if role == TOOLTIP and variable is not None:
            return (f"{variable.name}: the number keys code it" + (" now" if active else " (Tab makes it active)"))
        if role == FONT and active:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == FOREGROUND and active:
            return QColor(SELECTED_FRAME)
        return None

    def _variable(self, column: int) -> Variable | None:
        i = column - self.FIRST_VARIABLE
        return self.variables[i] if 0 <= i < len(self.variables) else None

    def data(self, index, role=DISPLAY):
        role = role if isinstance(role, int) else int(role.value)
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self.quotes):
            return None
        q = self.quotes[index.row()]
        col = index.column()
        if role == USER:
            return q.id
        variable = self._variable(col)
        if variable is not None:
            return self._code_data(variable, self.codes.get(q.id, {}).get(variable.key), role)
        if role == DISPLAY:
            if col == self.SPEAKER:
                return q.speaker.name if q.speaker else "—"
            if col == self.KIND:
                return q.kind
            snippet = " ".join(q.text.split())
            return snippet if len(snippet) <= 90 else snippet[:87] + "…"
        if role == DECORATION:
            if col == self.SPEAKER and q.id in self.to_review:
                self._mark = self._mark or review_mark()
                return self._mark
            return None
        if role == TOOLTIP:
            if col == self.SPEAKER and q.id in self.to_review:
                return review_tip(q)
            speaker = q.speaker.name if q.speaker else "unknown speaker"
            return f"{speaker} ({q.kind}, {q.origin}): {q.text}"
        return None

    @staticmethod
    def _code_data(variable: Variable, key: str | None, role: int):
        """A quote variable's cell: its label's name on its colour."""
        if role == DISPLAY:
            return label_name(variable, key) if key is not None else ""
        label = variable.label(key) if key is not None else None
        if role == TOOLTIP:
            return f"{variable.name}: {label_name(variable, key)}" + (
                f"\n{label.description}" if label is not None and label.description else "")
        if label is None:
            return None
        if role == BACKGROUND:
            return QColor(label.colour)
        if role == FOREGROUND:
            return QColor(readable_on(label.colour))
        return None

    def flags(self, index):
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def row_of(self, quote_id: int | None) -> int | None:
        return next((i for i, q in enumerate(self.quotes) if q.id == quote_id), None)


class ActiveCellDelegate(QStyledItemDelegate):
    """Frames the selected quote's cell of the active variable, where the number keys code (a
    selected row hides the focus frame in most styles)."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        current = self.parent().currentIndex()
        model = index.model()
        if index.row() == current.row() and index.column() == current.column() and model.active is not None \
                and index.column() == model.column_of(model.active):
            painter.save()
            painter.setPen(QPen(QColor(SELECTED_FRAME), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()


class QuotePanel(QWidget):
    quoteSelected = Signal(object)  # quote id or None
    columnsFitted = Signal()  # the columns were fitted to other variables (see needed_width)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = QuoteTableModel(self)
        self.title = QLabel("<b>Quotes</b>")
        self.table = QTableView(objectName="quoteTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ActiveCellDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.installEventFilter(self)
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
        self._fitted: tuple[Variable, ...] | None = None
        self.suggestion = ""
        self.speaker_variables: tuple[Variable, ...] = ()
        self.speaker_codes: dict[int, dict[str, str]] = {}  # speaker id -> {variable: label}
        self._fit_columns(())

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Resize:
            # scrolled no further right than the active variable's cell needs (a narrow table at
            # start-up must not leave the speaker scrolled out of sight)
            self.table.horizontalScrollBar().setValue(0)
            if self.table.currentIndex().isValid():
                self.table.scrollTo(self.table.currentIndex())
        return super().eventFilter(watched, event)

    def _fit_columns(self, variables: tuple[Variable, ...]) -> None:
        """Speaker and kind as before; each variable's column as wide as its longest label name or
        its (bold) header, so no label reads "Pro-deploy…"; the quote takes the rest."""
        if variables == self._fitted:
            return
        self._fitted = variables
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        em = metrics.horizontalAdvance("M")
        bold = QFont(self.table.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        widths = [em * 9, metrics.horizontalAdvance("indirect") + em]  # "Harriet Callow" whole
        for variable in variables:
            names = [metrics.horizontalAdvance(lab.name) for lab in variable.labels]
            widths.append(max(max(names, default=0), bold_metrics.horizontalAdvance(variable.name), em * 4)
                          + int(em * 1.5))
        for column, width in enumerate(widths):
            header.setSectionResizeMode(column, QHeaderView.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(widths), QHeaderView.Stretch)
        self.columnsFitted.emit()

    def needed_width(self) -> int:
        """The width that shows the speaker, the kind and every variable's column whole (the quote's
        column at its narrowest), with room for a vertical scroll bar."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in range(self.model.quote_column))
        scroll_bar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        return (columns + header.minimumSectionSize() + self.table.verticalHeader().sizeHint().width()
                + 2 * self.table.frameWidth() + scroll_bar)

    def set_quotes(self, quotes, codes, codebook, select: int | None = None) -> None:
        self._quiet = True
        try:
            self.model.set_quotes(quotes, codes, codebook)
            self._fit_columns(self.model.variables)
            self.title.setText(f"<b>Quotes</b> ({len(quotes)})")
            self.select(select)
        finally:
            self._quiet = False

    def set_speaker_codes(self, variables: tuple[Variable, ...], codes: dict[int, dict[str, str]]) -> None:
        """The speaker variables and the codes of the quotes' speakers (shown in the details)."""
        self.speaker_variables, self.speaker_codes = variables, codes
        self._describe(self._row())

    def set_active(self, variable: str | None) -> None:
        """The quote variable the number keys code (None: an article variable is active)."""
        if variable == self.model.active:
            return
        self.model.set_active(variable)
        row = self._row()
        if row is not None:
            self._set_current(row)
        self._describe(row)

    def _set_current(self, row: int) -> None:
        """Select ``row``, the focus frame on the active variable's cell (quietly)."""
        column = self.model.column_of(self.model.active)
        index = self.model.index(row, self.model.SPEAKER if column is None else column)
        quiet, self._quiet = self._quiet, True
        try:
            self.table.setCurrentIndex(index)
        finally:
            self._quiet = quiet

    def select(self, quote_id: int | None) -> None:
        row = self.model.row_of(quote_id)
        quiet, self._quiet = self._quiet, True
        try:
            if row is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                self._set_current(row)
                self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._quiet = quiet
        self._describe(row)

    def set_review(self, to_review: set[int]) -> None:
        """Mark these quotes' speakers for review (see :func:`review_tip`)."""
        self.model.set_review(to_review)
        self._describe(self._row())

    def set_codes(self, codes: dict[int, dict[str, str]]) -> None:
        self.model.set_codes(codes)
        self._describe(self._row())

    def set_suggestion(self, text: str) -> None:
        """A hint under the selected quote's details (e.g. the codes its copy has); "" for none."""
        if text != self.suggestion:
            self.suggestion = text
            self._describe(self._row())

    def current(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.quotes[index.row()].id if index.isValid() else None

    def _row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def _changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._describe(current.row() if current.isValid() else None)
        if not self._quiet:
            self.quoteSelected.emit(self.model.quotes[current.row()].id if current.isValid() else None)

    def _describe(self, row: int | None) -> None:
        if row is None or not 0 <= row < len(self.model.quotes):
            self.detail.setText("<i>No quote selected</i>")
            return
        q = self.model.quotes[row]
        speaker = html.escape(q.speaker.name) if q.speaker else "<i>unknown</i>"
        about = self._speaker_codes(q)
        cue = html.escape(q.cue.text) if q.cue else "—"
        mention = html.escape(q.mention.text) if q.mention else "—"
        suggestion = ""
        if self.suggestion:
            suggestion = (f"<div style='margin-top:4px; color:#1f4e79; background:#eef5fc'>"
                          f"&nbsp;→ {html.escape(self.suggestion)}&nbsp;</div>")
        self.detail.setText(
            f"<b>{speaker}</b> · {q.kind}{about}<br>"
            + self._codes(q)
            + f"cue: <i>{cue}</i> · mention: {mention} · {q.origin}"
            + (f" ({q.confidence:.0%})" if q.origin == "model" else "")
            + review_line(q, q.id in self.model.to_review)
            + suggestion
        )

    def _codes(self, quote: Quote) -> str:
        """The quote's codes, one per quote variable, the active one marked (a line of the details)."""
        codes = self.model.codes.get(quote.id, {})
        parts = []
        for variable in self.model.variables:
            name = html.escape(variable.name)
            if variable.key == self.model.active and len(self.model.variables) > 1:
                name = f"<b style='color:{SELECTED_FRAME}'>▸&nbsp;{name}</b>"
            parts.append(f"{name}: {code_html(variable, codes.get(variable.key))}")
        return " · ".join(parts) + "<br>" if parts else ""

    def _speaker_codes(self, quote: Quote) -> str:
        """The speaker's codes for the speaker variables (coded once, in the speaker registry)."""
        if not self.speaker_variables or quote.speaker_id is None:
            return ""
        codes = self.speaker_codes.get(quote.speaker_id, {})
        return " · " + codes_text(self.speaker_variables, codes)


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
