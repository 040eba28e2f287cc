"""The article list: a lazy table model over ``Store.article_rows`` and its widget."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.store import ArticleFilter, ArticleRow, Store
from quotecoder.gui.quote_panel import REVIEW_COLOUR, review_mark
from quotecoder.gui.session import ALL, ARTICLES, CODEBOOK, CODER, EXTERNAL, QUOTES, SAMPLE, STANCE, Session

STATUSES = ("new", "in progress", "done")
DISPLAY, TOOLTIP, BACKGROUND, ALIGN, USER, DECORATION, FOREGROUND = (
    int(Qt.DisplayRole.value), int(Qt.ToolTipRole.value), int(Qt.BackgroundRole.value),
    int(Qt.TextAlignmentRole.value), int(Qt.UserRole.value), int(Qt.DecorationRole.value),
    int(Qt.ForegroundRole.value),
)
ROLES = {DISPLAY, TOOLTIP, BACKGROUND, ALIGN, USER, DECORATION, FOREGROUND}
SAMPLE_COLOUR = "#2f6fb3"
SAMPLE_TIP = "In the reliability sample: every coder codes this article"
RIGHT = int((Qt.AlignRight | Qt.AlignVCenter).value)
STATUS_COLOURS = {"new": "#ffffff", "in progress": "#fff4cc", "done": "#dff3e2"}


def sample_icon(size: int = 14) -> QIcon:
    """A small blue "R" badge marking the articles of the reliability sample."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(SAMPLE_COLOUR))
    painter.drawRoundedRect(0, 0, size, size, 3, 3)
    font = QFont()
    font.setPixelSize(int(size * 0.75))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(pixmap.rect(), Qt.AlignCenter, "R")
    painter.end()
    return QIcon(pixmap)


ROW_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
NO_FLAGS = Qt.NoItemFlags


class ArticleListModel(QAbstractTableModel):
    """Rows of the filtered article list, fetched a page at a time (never all at once)."""

    COLUMNS = ("Title", "Outlet", "Date", "Coded", "Copies", "To review")  # "Coded" is coloured by the status
    TITLE, OUTLET, DATE, CODED, COPIES, TO_REVIEW = range(6)
    PAGE = 200

    def __init__(self, store: Store, coder: str, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.coder = coder
        self.filter = ArticleFilter()
        self._rows: list[ArticleRow] = []
        self._order: list[int] | None = None  # a sorted list's ids, read once (see _page)
        self._total = store.article_count(self.filter, coder)
        self._resetting = False
        self._icon: QIcon | None = None
        self._mark: QIcon | None = None

    # -- the model ---------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._resetting:  # views ask again once the reset is announced
            return
        rows = self._page(len(self._rows), self.PAGE)
        rows = rows[: max(0, self._total - len(self._rows))]
        if not rows:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and section == self.TO_REVIEW:
            return self.review_header(role)
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def review_header(self, role):
        """"To review" is a narrow column (the title keeps the room): the quote panel's ⚠ mark, named in its tooltip."""
        if role == Qt.DecorationRole:
            self._mark = self._mark or review_mark()
            return self._mark
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            return (f"To review: machine speakers less than {REVIEW_THRESHOLD:.0%} sure that no coder has checked "
                    "yet. Click to list the articles with the most first; click again for the list order.")
        return None

    def data(self, index, role=DISPLAY):
        role = role if isinstance(role, int) else int(role.value)
        if role not in ROLES:
            return None
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == DECORATION:
            if col == 0 and row.sample:
                if self._icon is None:
                    self._icon = sample_icon()
                return self._icon
            return None
        if role == TOOLTIP and col == 0 and row.sample:
            return f"{row.title}\n{SAMPLE_TIP}"
        if role == TOOLTIP and col == 3:
            return f"{row.status.capitalize()}: {row.coded} of {row.quotes} quotes coded by {self.coder}"
        if role == TOOLTIP and col == 4:
            return self.copies_tooltip(row)
        if col == self.TO_REVIEW:
            return self.review_data(row, role)
        if role in (DISPLAY, TOOLTIP):
            if col == 0:
                return row.title
            if col == 1:
                return row.outlet
            if col == 2:
                return row.published[:10]
            if col == 3:
                return f"{row.coded}/{row.quotes}"
            if col == 4:
                return f"#{row.dup_group} ({row.copies})" if row.dup_group is not None and row.copies > 1 else ""
        if role == BACKGROUND and col == 3:
            return QColor(STATUS_COLOURS[row.status])
        if role == ALIGN and col == 3:
            return RIGHT
        if role == USER:
            return row.id
        return None

    def flags(self, index):
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def review_data(self, row: ArticleRow, role: int):
        """The "To review" cell: machine speakers below the review threshold, not yet decided."""
        if role == DISPLAY:
            return str(row.to_review) if row.to_review else ""
        if role == TOOLTIP:
            return (f"{row.to_review} machine speaker(s) less than {REVIEW_THRESHOLD:.0%} sure, not yet checked "
                    "(L jumps to them). Click the header to list these articles first.")
        if role == ALIGN:
            return RIGHT
        if role == FOREGROUND and row.to_review:
            return QColor(REVIEW_COLOUR)
        if role == USER:
            return row.id
        return None

    def _page(self, offset: int, limit: int) -> list[ArticleRow]:
        """Rows ``offset`` to ``offset + limit``: one query in id order; a sorted list pages
        through the ids it read once (its order needs every quote: too slow for each page)."""
        if self._order is None:
            return self.store.article_rows(self.filter, self.coder, offset=offset, limit=limit)
        return self.store.article_rows_for(self._order[offset:offset + limit], self.coder)

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """The "To review" column sorts the list most-to-review first; any other column restores list order."""
        wanted = "review" if column == self.TO_REVIEW else ""
        if wanted != self.filter.sort:
            self.set_filter(replace(self.filter, sort=wanted))

    def copies_tooltip(self, row: ArticleRow) -> str | None:
        """The titles of an article's near-duplicates (read when the tooltip is asked for)."""
        if row.dup_group is None or row.copies < 2:
            return None
        others = [i for i in self.store.duplicate_group(row.id) if i != row.id]
        titles = [self.store.article_row(i).title for i in others]
        lines = [f"Near-duplicate group {row.dup_group}: {len(titles)} other cop{'y' if len(titles) == 1 else 'ies'}"]
        return "\n".join([*lines, *(f"• {t}" for t in titles)])

    # -- API ---------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def set_filter(self, where: ArticleFilter) -> None:
        self.filter = where
        self.reload()

    def set_coder(self, coder: str) -> None:
        self.coder = coder
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._order = self.store.article_ids(self.filter, self.coder) if self.filter.sort else None
        self._total = len(self._order) if self._order is not None else self.store.article_count(self.filter, self.coder)
        self._resetting = True
        try:
            self.endResetModel()
        finally:
            self._resetting = False

    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of an article, fetching pages up to it when it is in the list; None if it is not."""
        for i, r in enumerate(self._rows):
            if r.id == article_id:
                return i
        if self._order is not None:
            position = self._order.index(article_id) if article_id in self._order else None
        else:
            position = self.store.article_position(article_id, self.filter, self.coder)
        if position is None:
            return None
        while len(self._rows) <= position and self.canFetchMore():
            self.fetchMore()
        if position < len(self._rows) and self._rows[position].id == article_id:
            return position
        return None

    def refresh_rows(self) -> None:
        """Re-read the counts of the rows already fetched (another program may have coded)."""
        if not self._rows:
            return
        fresh = {r.id: r for r in self._page(0, len(self._rows))}
        self._rows = [fresh.get(r.id, r) for r in self._rows]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def refresh_article(self, article_id: int) -> None:
        """Re-read one article's counts (after a coding action)."""
        for i, r in enumerate(self._rows):
            if r.id == article_id:
                self._rows[i] = self.store.article_row(article_id, self.coder)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return


class SearchBox(QLineEdit):
    """The full-text search: Enter searches at once, Esc hands the keys back to the coding surface."""

    left = Signal()

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Escape):
            event.accept()  # this box's keys, not the window's shortcuts
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.left.emit()
            return
        super().keyPressEvent(event)


class ArticleList(QWidget):
    """Filters (status, outlet, full-text search) over the article table; listens to the session."""

    articleActivated = Signal(int)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.session = session
        self.store = session.store
        self.model = ArticleListModel(session.store, session.coder, self)
        self.search = SearchBox(placeholderText="Search articles (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.status = QComboBox(objectName="statusFilter")
        self.status.addItem("All statuses", None)
        for status in STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.outlet = QComboBox(objectName="outletFilter")
        self.outlet.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.outlet.setMinimumContentsLength(6)  # long outlet names must not widen the list
        self.reload_outlets()
        self.sample = QCheckBox("Reliability sample", objectName="sampleFilter")
        self.sample.setIcon(sample_icon())
        self.sample.setToolTip("Show only the articles of the reliability sample (Tools › Reliability sample…)")
        self.table = QTableView(objectName="articleTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.setAlternatingRowColors(True)
        self._size_columns()
        self._sortable()
        self._show_review_column()
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.outlet.currentIndexChanged.connect(self.apply_filter)
        self.sample.toggled.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        session.changed.connect(self._changed)

        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.outlet, 1)
        filters.addWidget(self.sample)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def _size_columns(self) -> None:
        """The title takes the free width; the other columns keep widths that fit their values."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        pad = metrics.horizontalAdvance("M")
        model = self.model
        widths = {
            model.OUTLET: metrics.horizontalAdvance("M") * 6,  # elided; widen it by hand
            model.DATE: metrics.horizontalAdvance("0000-00-00") + pad,
            model.CODED: metrics.horizontalAdvance("00/00") + pad,
            model.COPIES: metrics.horizontalAdvance("#00 (0)") + pad,
        }
        header.setMinimumSectionSize(metrics.horizontalAdvance("M") * 3)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.Interactive)
            header.resizeSection(column, max(width, metrics.horizontalAdvance(self.model.COLUMNS[column]) + pad))
        header.setSectionResizeMode(model.TO_REVIEW, QHeaderView.Interactive)  # its mark, the sort arrow, "00"
        header.resizeSection(model.TO_REVIEW, max(metrics.horizontalAdvance("00"), metrics.height() * 2) + pad)

    def _sortable(self) -> None:
        """A click on "To review" lists the articles with the most speakers to review first;
        a click on any other header (or on it again) brings back the list order."""
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)

    def _show_review_column(self) -> None:
        """"To review" is shown once the study has machine speakers with a confidence (not for older data)."""
        self.table.setColumnHidden(self.model.TO_REVIEW, not self.store.has_speaker_confidence())

    def _header_clicked(self, column: int) -> None:
        by_review = column == self.model.TO_REVIEW and self.model.filter.sort != "review"
        self.sort_by_review(by_review)

    def sort_by_review(self, on: bool = True) -> None:
        """Most speakers to review first (``on``), or the list order; the current article stays selected."""
        with self._keeping_current():
            QApplication.setOverrideCursor(Qt.WaitCursor)  # reads every quote once (about 1 s for 800,000)
            try:
                self.model.sort(self.model.TO_REVIEW if on else self.model.TITLE)
            finally:
                QApplication.restoreOverrideCursor()
            header = self.table.horizontalHeader()
            header.setSortIndicatorShown(on)
            if on:
                header.setSortIndicator(self.model.TO_REVIEW, Qt.DescendingOrder)

    # -- session ---------------------------------------------------------------------------------

    def _changed(self, article_id: int, scope: str) -> None:
        if scope == CODER:
            with self._keeping_current():
                self.model.set_coder(self.session.coder)
        elif scope in (ARTICLES, SAMPLE):
            self.reload()
        elif scope in (EXTERNAL, CODEBOOK):  # a new quote variable: fewer quotes are done
            self.model.refresh_rows()
        elif scope in (STANCE, QUOTES) and article_id != ALL:
            self.model.refresh_article(article_id)

    # -- filters ---------------------------------------------------------------------------------

    def reload_outlets(self) -> None:
        current = self.outlet.currentData()
        self.outlet.blockSignals(True)
        self.outlet.clear()
        self.outlet.addItem("All outlets", None)
        for outlet in self.store.outlets():
            self.outlet.addItem(outlet, outlet)
        found = self.outlet.findData(current) if current else 0
        self.outlet.setCurrentIndex(max(0, found))
        self.outlet.blockSignals(False)

    def apply_filter(self) -> None:
        self._debounce.stop()
        current = self.current_article()
        where = ArticleFilter(search=self.search.text(), outlet=self.outlet.currentData(),
                              status=self.status.currentData(), sample=self.sample.isChecked(),
                              sort=self.model.filter.sort)
        if where == self.model.filter:
            return
        self.model.set_filter(where)
        if current is not None:
            self.select_article(current, emit=False)

    def reload(self) -> None:
        with self._keeping_current():
            self.reload_outlets()
            self._show_review_column()
            self.model.reload()

    @contextmanager
    def _keeping_current(self) -> Iterator[None]:
        """The current article stays selected (quietly) across a reset of the list."""
        current = self.current_article()
        yield
        if current is not None:
            self.select_article(current, emit=False)

    # -- rows ------------------------------------------------------------------------------------

    def current_article(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def select_article(self, article_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row is None:
            return False
        self._emit = emit
        try:
            self.table.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._emit = True
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_row(self, row: int) -> bool:
        while row >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        if not 0 <= row < self.model.rowCount():
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def step(self, delta: int) -> bool:
        index = self.table.currentIndex()
        row = index.row() + delta if index.isValid() else 0
        return self.select_row(row)

    def neighbour(self, article_id: int) -> int | None:
        """The article after ``article_id`` in the list (or before it, at the end)."""
        row = self.model.row_of(article_id)
        if row is None:
            return None
        if row + 1 >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        for other in (row + 1, row - 1):
            found = self.model.article_id(other)
            if found is not None:
                return found
        return None

    _emit = True

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._emit and current.isValid():
            if previous.isValid() and current.row() == previous.row():
                return
            article_id = self.model.article_id(current.row())
            if article_id is not None:
                self.articleActivated.emit(article_id)


__all__ = ["ArticleList", "ArticleListModel", "QPersistentModelIndex"]
