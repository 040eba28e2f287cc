"""Tools › Speaker registry: find, sort, edit, merge and remove speakers, and code the
codebook's speaker variables (a column each). Every change is undoable."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.attribution import rank_similar
from quotecoder.core.model import SPEAKER_TYPES, Speaker, Variable
from quotecoder.gui import commands as cmd
from quotecoder.gui.actions import label_keys
from quotecoder.gui.messages import confirm
from quotecoder.gui.session import ARTICLES, CODEBOOK, EXTERNAL, SPEAKERS, Session
from quotecoder.gui.theme import readable_on

UNUSED_COLOUR = "#8a8a8a"
CLEAR_KEYS = (Qt.Key_0, Qt.Key_Delete, Qt.Key_Backspace)


def split_list(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def keys_text(variable: Variable) -> str:
    """"1 Woman · 2 Man · …": a variable's keys, for hints and tooltips."""
    return " · ".join(f"{key} {label.name}" if key else label.name for label, key in label_keys(variable))


class SpeakerTableModel(QAbstractTableModel):
    """The listed speakers: name, number of quotes, then one column per speaker variable."""

    NAME, QUOTES = 0, 1
    FIXED = ("Speaker", "Quotes")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.speakers: list[Speaker] = []
        self.counts: dict[int, int] = {}
        self.codes: dict[int, dict[str, str]] = {}
        self.variables: tuple[Variable, ...] = ()
        self.editable = True

    def show(self, speakers: list[Speaker], counts: dict[int, int], codes: dict[int, dict[str, str]],
             variables: tuple[Variable, ...]) -> bool:
        """Show these speakers; the same rows and columns are only repainted (an open editor and
        the selection stay). True when the rows or columns changed."""
        same = ([s.id for s in speakers] == [s.id for s in self.speakers]
                and [v.key for v in variables] == [v.key for v in self.variables])
        if not same:
            self.beginResetModel()
        self.speakers, self.counts, self.codes, self.variables = speakers, counts, codes, variables
        if same:
            if speakers:
                self.dataChanged.emit(self.index(0, 0), self.index(len(speakers) - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Horizontal, 0, self.columnCount() - 1)
        else:
            self.endResetModel()
        return not same

    def variable(self, column: int) -> Variable | None:
        offset = column - len(self.FIXED)
        return self.variables[offset] if 0 <= offset < len(self.variables) else None

    def code(self, row: int, variable: Variable) -> str | None:
        return self.codes.get(self.speakers[row].id, {}).get(variable.key)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.speakers)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.FIXED) + len(self.variables)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal:
            return None
        variable = self.variable(section)
        if role == Qt.DisplayRole:
            return variable.name if variable else self.FIXED[section]
        if role == Qt.ToolTipRole and variable is not None:
            return f"{variable.name} ({variable.key}), coded once per speaker: {keys_text(variable)}"
        return None

    def flags(self, index):
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
        if self.editable and self.variable(index.column()) is not None:
            flags |= Qt.ItemIsEditable
        return flags

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.speakers):
            return None
        speaker, column = self.speakers[index.row()], index.column()
        count = self.counts.get(speaker.id, 0)
        variable = self.variable(column)
        if variable is not None:
            return self._code_data(variable, self.code(index.row(), variable), role)
        if role == Qt.DisplayRole:
            return speaker.name if column == self.NAME else (str(count) if count else "none")
        if role == Qt.ToolTipRole and column == self.NAME:
            return f"{speaker.name} ({speaker.type})" + (f"; also {', '.join(speaker.aliases)}" if speaker.aliases
                                                           else "")
        if role == Qt.TextAlignmentRole and column == self.QUOTES:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if not count:
            if role == Qt.ForegroundRole:
                return QColor(UNUSED_COLOUR)
            if role == Qt.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return None

    @staticmethod
    def _code_data(variable: Variable, key: str | None, role):
        label = variable.label(key) if key else None
        if role == Qt.DisplayRole:
            return label.name if label else (key or "")
        if role == Qt.EditRole:
            return key or ""
        if role == Qt.ToolTipRole:
            if not key:
                return f"{variable.name}: not coded ({keys_text(variable)}; 0 clears)"
            return f"{variable.name}: {label.name if label else key}" + (
                f" — {label.description}" if label and label.description else "")
        if label is not None and role == Qt.BackgroundRole:
            return QColor(label.colour)
        if label is not None and role == Qt.ForegroundRole:
            return QColor(readable_on(label.colour))
        return None


class LabelDelegate(QStyledItemDelegate):
    """A speaker variable's cell edits as a list of its labels (F2, a double-click or Enter opens it);
    choosing one codes the speaker."""

    picked = Signal(QModelIndex, object)  # the cell, the label key (None: not coded)

    def createEditor(self, parent, option, index):
        variable = index.model().variable(index.column())
        combo = QComboBox(parent, objectName="speakerCodeEditor")
        combo.addItem("— not coded —", None)
        for label, key in label_keys(variable):
            combo.addItem(f"{key}  {label.name}" if key else label.name, label.key)
            combo.setItemData(combo.count() - 1, label.description or label.name, Qt.ToolTipRole)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def setEditorData(self, editor, index):
        found = editor.findData(index.data(Qt.EditRole) or None)
        editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor, model, index):
        self.picked.emit(index, editor.currentData())

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.NoHint)


class SpeakerTableView(QTableView):
    """The registry's table. In a speaker variable's column a label's key codes the selected
    speakers (then the next speaker is selected); 0, Delete or Backspace clears."""

    keyed = Signal(object)  # a label key, or None to clear

    def keyPressEvent(self, event) -> None:
        model, index = self.model(), self.currentIndex()
        variable = model.variable(index.column()) if index.isValid() else None
        plain = not event.modifiers() & ~(Qt.KeypadModifier | Qt.ShiftModifier)
        if variable is not None and plain and model.editable and self.state() != QAbstractItemView.EditingState:
            if event.key() in CLEAR_KEYS:
                self.keyed.emit(None)
                return
            text = event.text().strip().casefold()
            label = next((lab for lab, k in label_keys(variable) if text and k.casefold() == text), None)
            if label is not None:
                self.keyed.emit(label.key)
                return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.selectionModel().selectedIndexes()}
        current = self.currentIndex()
        if current.isValid() and not rows:
            rows = {current.row()}
        return sorted(rows)


class SpeakerRegistryDialog(QDialog):
    """The registry: a searchable table (by name or by number of quotes) with a column per speaker
    variable, one speaker's details, Merge into… (the most similar name first) and removal of the
    speakers with no quotes."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Speaker registry")
        self.session = session
        self.all: list[Speaker] = []
        self.counts: dict[int, int] = {}
        self.unused: set[int] = set()
        self.codes: dict[int, dict[str, str]] = {}  # speaker id → {variable: label}
        self.search = QLineEdit(objectName="speakerSearch", placeholderText="Find a speaker (name or alias)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda: self.fill())
        self.sort = QComboBox(objectName="speakerSort")
        self.sort.addItem("Sort by name", "name")
        self.sort.addItem("Sort by number of quotes", "count")
        self.sort.currentIndexChanged.connect(lambda: self.fill())
        self.model = SpeakerTableModel(self)
        self.model.editable = not session.readonly
        self.table = SpeakerTableView(objectName="speakerTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.SelectedClicked)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.delegate = LabelDelegate(self.table)
        self.delegate.picked.connect(lambda index, key: self.code(key, [index.row()], index.column()))
        self.table.setItemDelegate(self.delegate)
        self.table.keyed.connect(self._keyed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show())
        self.summary = QLabel(objectName="speakerSummary")
        self.hint = QLabel(objectName="speakerCodesHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.RichText)
        self.hint.setStyleSheet("QLabel { color: #444; }")
        self.name = QLineEdit()
        self.type = QComboBox()
        self.type.addItems(SPEAKER_TYPES)
        self.aliases = QLineEdit(placeholderText="comma-separated")
        self.roles = QLineEdit(placeholderText="comma-separated, e.g. defence minister")
        self.quotes = QLabel(objectName="speakerQuotes")
        save = QPushButton("Save speaker", objectName="saveSpeaker")
        save.clicked.connect(self.save_current)
        merge = QPushButton("Merge into…", objectName="mergeSpeaker")
        merge.setToolTip("Merge the selected speaker into another one: its quotes and aliases move there")
        merge.clicked.connect(self._merge_clicked)
        self.remove_unused = QPushButton(objectName="removeUnused")
        self.remove_unused.setToolTip("Remove the speakers no quote, no coder's choice and no code refers to")
        self.remove_unused.clicked.connect(self.ask_remove_unused)
        for w in (save, merge, self.name, self.type, self.aliases, self.roles, self.remove_unused):
            w.setEnabled(not session.readonly)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Type:", self.type)
        form.addRow("Aliases:", self.aliases)
        form.addRow("Roles:", self.roles)
        form.addRow(self.quotes)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(merge)
        row.addStretch(1)
        form.addRow(row)
        right = QWidget()
        right.setLayout(form)
        finder = QHBoxLayout()
        finder.addWidget(self.search, 1)
        finder.addWidget(self.sort)
        left = QVBoxLayout()
        left.addLayout(finder)
        left.addWidget(self.table, 1)
        left.addWidget(self.hint)
        left.addWidget(self.summary)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.addButton(self.remove_unused, QDialogButtonBox.ActionRole)
        close.rejected.connect(self.accept)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addWidget(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(close)
        cmd.add_undo_keys(self, session.undo_stack)
        session.changed.connect(self._changed)
        self.reload()
        self.resize(1040, 560)
        self.table.setFocus()

    # -- the table -------------------------------------------------------------------------------

    def _changed(self, article_id: int, scope: str) -> None:
        if scope in (SPEAKERS, ARTICLES, EXTERNAL, CODEBOOK):
            self.reload()

    @property
    def speakers(self) -> list[Speaker]:
        """The listed speakers, in table order."""
        return self.model.speakers

    @property
    def variables(self) -> tuple[Variable, ...]:
        """The codebook's speaker variables, a column each."""
        return self.session.codebook.by_unit("speaker")

    def reload(self, select: int | None = None) -> None:
        """Re-read the registry, the quote counts and the speaker codes; keep the selected speaker."""
        store = self.session.store
        current = self.current()
        self.all = store.speakers()
        self.counts = store.speaker_quote_counts()
        self.unused = set(store.unused_speakers())
        self.codes = store.speaker_codes()
        self.fill(select if select is not None else (current.id if current else None))

    def fill(self, select: int | None = None) -> None:
        """List the speakers matching the search, sorted as chosen."""
        if select is None:
            current = self.current()
            select = current.id if current else None
        wanted = self.search.text().strip().casefold()
        shown = [s for s in self.all if not wanted or any(wanted in n.casefold() for n in (s.name, *s.aliases))]
        if self.sort.currentData() == "count":
            shown.sort(key=lambda s: (-self.counts.get(s.id, 0), s.name.casefold()))
        else:
            shown.sort(key=lambda s: s.name.casefold())
        column = self.table.currentIndex().column()
        if column < 0:  # at first the first speaker variable's column: its number keys code at once
            column = len(SpeakerTableModel.FIXED) if self.variables else 0
        if self.model.show(shown, self.counts, self.codes, self.variables):
            self._size_columns()
        rows = [i for i, s in enumerate(shown) if s.id == select]
        current = self.current()
        if not (rows and current is not None and current.id == select):  # else the selection stays
            self.select_row(rows[0] if rows else 0, column)
        self._show()
        without = sum(1 for s in self.all if not self.counts.get(s.id))
        self.summary.setText(f"{len(self.all)} speaker(s); {without} with no quotes"
                             + (f"; {len(shown)} shown" if wanted else ""))
        self.remove_unused.setText(f"Remove speakers with no quotes ({len(self.unused)})…")
        self.remove_unused.setEnabled(bool(self.unused) and not self.session.readonly)
        self._hint()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(SpeakerTableModel.NAME, QHeaderView.Stretch)
        header.setSectionResizeMode(SpeakerTableModel.QUOTES, QHeaderView.ResizeToContents)
        metrics = self.table.fontMetrics()
        em = metrics.horizontalAdvance("M")
        for c, variable in enumerate(self.variables, start=len(SpeakerTableModel.FIXED)):
            names = [variable.name, *(lab.name for lab in variable.labels)]
            header.resizeSection(c, min(max(metrics.horizontalAdvance(n) for n in names) + 2 * em, em * 16))

    def _hint(self) -> None:
        variables = self.variables
        if not variables:
            self.hint.setText("The codebook has no speaker variables; Tools › Codebook… adds them "
                              "(gender, party or country, coded once per speaker).")
        elif self.session.readonly:
            self.hint.setText("Speaker variables: " + html.escape("; ".join(v.name for v in variables))
                              + " (read-only).")
        else:
            self.hint.setText(
                "Code a speaker variable in its column: " + "; ".join(
                    f"<b>{html.escape(v.name)}</b> {html.escape(keys_text(v))}" for v in variables)
                + ". <b>0</b> clears; a double-click lists the labels; select several speakers to code them "
                  "at once; <b>Ctrl+Z</b> undoes.")

    def select_row(self, row: int, column: int = 0) -> None:
        """Make ``row`` (in table order) the current speaker."""
        if not 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row, min(column, self.model.columnCount() - 1))
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)
        self.table.scrollTo(index)

    def current(self) -> Speaker | None:
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else -1
        return self.speakers[row] if 0 <= row < len(self.speakers) else None

    def _show(self) -> None:
        s = self.current()
        if s is None:
            for w in (self.name, self.aliases, self.roles):
                w.clear()
            self.quotes.clear()
            return
        self.name.setText(s.name)
        self.type.setCurrentText(s.type)
        self.aliases.setText(", ".join(s.aliases))
        self.roles.setText(", ".join(s.roles))
        count = self.counts.get(s.id, 0)
        self.quotes.setText(f"{count} quote(s)" if count else
                            "No quotes" + ("" if s.id in self.unused else " (a coder's earlier choice names it)"))

    # -- speaker variables -----------------------------------------------------------------------

    def _keyed(self, key: str | None) -> None:
        rows = self.table.selected_rows()
        column = self.table.currentIndex().column()
        if self.code(key, rows, column) and len(rows) == 1 and rows[0] + 1 < len(self.speakers):
            self.select_row(rows[0] + 1, column)  # one speaker after another, like a spreadsheet

    def code(self, key: str | None, rows: list[int], column: int) -> bool:
        """Code the speakers on ``rows`` for the variable of ``column`` (None clears). Undoable."""
        variable = self.model.variable(column)
        ids = [self.speakers[r].id for r in rows if 0 <= r < len(self.speakers)]
        if variable is None or not ids:
            return False
        if all(self.codes.get(i, {}).get(variable.key) == key for i in ids):
            return True  # nothing changes: no empty undo step
        label = variable.label(key) if key else None
        who = self.speakers[rows[0]].name if len(ids) == 1 else f"{len(ids)} speakers"
        text = f"{variable.name} of {who}: {label.name}" if label else f"Clear {variable.name} of {who}"
        return self.session.run(cmd.SetSpeakerCode(self.session.coder, ids, variable.key, key, text))

    # -- changes ---------------------------------------------------------------------------------

    def save_current(self) -> None:
        s = self.current()
        if s is None:
            return
        changes = {"name": self.name.text().strip(), "type": self.type.currentText(),
                   "aliases": split_list(self.aliases.text()), "roles": split_list(self.roles.text())}
        old = {"name": s.name, "type": s.type, "aliases": list(s.aliases), "roles": list(s.roles)}
        changes = {k: v for k, v in changes.items() if v != old[k] and not (k == "name" and not v)}
        if changes:
            self.session.run(cmd.UpdateSpeaker(self.session.coder, s, **changes))

    def merge(self, drop_id: int, keep_id: int) -> bool:
        by_id = {s.id: s for s in self.all}
        return self.session.run(cmd.MergeSpeakers(self.session.coder, by_id[keep_id], by_id[drop_id]))

    def merge_targets(self, speaker: Speaker) -> list[Speaker]:
        """Where ``speaker`` may go: every other speaker, the most similar name first."""
        return rank_similar(speaker, [x for x in self.all if x.id != speaker.id])

    def _merge_clicked(self) -> QInputDialog | None:
        """Ask where the selected speaker goes: the most similar name is chosen already."""
        s = self.current()
        targets = self.merge_targets(s) if s is not None else []
        if not targets:
            return None
        labels = [f"{x.name}  ({self.counts.get(x.id, 0)})" for x in targets]
        dialog = QInputDialog(self, objectName="mergeDialog")
        dialog.setWindowTitle("Merge speakers")
        dialog.setLabelText(f"Merge “{html.escape(s.name)}” into (the most similar name first):")
        dialog.setComboBoxItems(labels)
        dialog.setTextValue(labels[0])
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def accepted() -> None:
            if dialog.textValue() in labels:
                keep = targets[labels.index(dialog.textValue())]
                if self.merge(s.id, keep.id):
                    self.reload(keep.id)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def ask_remove_unused(self) -> None:
        ids = sorted(self.unused)
        if not ids:
            return
        names = [s.name for s in self.all if s.id in self.unused]
        shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        confirm(self, "Remove speakers", f"Remove {len(ids)} speaker(s) with no quotes from the registry?",
                f"{shown}.\n\nNo quote, no coder's choice and no code refers to them. Edit › Undo (Ctrl+Z) brings them "
                "back while this window is open.", "Remove", lambda: self.session.run(cmd.RemoveSpeakers(ids)),
                name="removeSpeakers")
