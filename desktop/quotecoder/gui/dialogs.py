"""Dialogs: speaker choice, keyboard shortcuts, the codebook editor."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.attribution import MAX_CHOICES, SpeakerChoice
from quotecoder.core.codebook import check_codebook
from quotecoder.core.model import SPEAKER_TYPES, Codebook, CodebookLabel, Variable
from quotecoder.gui.actions import ADJUDICATION_ACTIONS, BASE_ACTIONS, VARIABLE_ACTIONS, ActionSpec, label_keys
from quotecoder.gui.commands import Relabel, SaveCodebook
from quotecoder.gui.messages import confirm, warn
from quotecoder.gui.session import Session
from quotecoder.gui.theme import paint_item


class SpeakerDialog(QDialog):
    """The speaker picker (S): the quote's candidates first, numbered — one key (1–9) picks one —
    then typing searches the article's speakers and the registry; new text creates a speaker.

    ``choices`` are :class:`~quotecoder.core.attribution.SpeakerChoice` lines (the pre-tagger's
    candidates, then the article's other speakers). When ``mention`` is given and other quotes in
    the corpus carry the same mention, a check box offers to re-attribute them all.
    """

    def __init__(self, names: list[str], current: str = "", mention: str | None = None,
                 others: int = 0, parent=None, choices: Sequence[SpeakerChoice] = (), about: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Speaker")
        self.choices = list(choices)[:MAX_CHOICES]
        self.chosen: SpeakerChoice | None = None
        self.about = QLabel(about, objectName="speakerAbout")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.RichText)
        self.about.setVisible(bool(about))
        self.list = ChoiceList(objectName="speakerChoices")
        for i, choice in enumerate(self.choices, 1):
            self.list.addItem(QListWidgetItem(choice_text(i, choice)))
        self.list.setVisible(bool(self.choices))
        self.list.setCurrentRow(0)
        rows = min(len(self.choices), MAX_CHOICES)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 2 if rows else 0)
        self.list.picked.connect(self.pick)
        self.list.typed.connect(self._type)
        self.edit = QLineEdit("" if self.choices else current, objectName="speakerEdit")
        self.edit.setPlaceholderText("Type to search this article's speakers and the registry")
        self.edit.selectAll()
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        self.edit.setCompleter(completer)
        self.type = QComboBox(objectName="speakerType")
        self.type.addItems(SPEAKER_TYPES)
        self.type.setCurrentText("person")
        self.known = {n.lower() for n in names}
        self.bulk = QCheckBox(objectName="bulkReassign")
        self.bulk.setVisible(bool(mention and others))
        if mention and others:
            self.bulk.setText(f"Also attribute the {others} other quote(s) mentioning "
                              f"“{mention}” in the corpus")
        self.hint = QLabel()
        self.edit.textChanged.connect(self._update_hint)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.about)
        if self.choices:
            form.addRow(QLabel("Press a number to pick, or type a name:"))
            form.addRow(self.list)
        form.addRow("Speaker:", self.edit)
        form.addRow("Type if new:", self.type)
        form.addRow(self.hint)
        form.addRow(self.bulk)
        form.addRow(buttons)
        self._update_hint()
        self.resize(500, self.sizeHint().height())
        (self.list if self.choices else self.edit).setFocus()

    def _type(self, text: str) -> None:
        """A letter typed on the list starts a search."""
        self.edit.setFocus()
        self.edit.insert(text)

    def _update_hint(self) -> None:
        name = self.edit.text().strip()
        new = bool(name) and name.lower() not in self.known
        self.type.setEnabled(new)
        self.hint.setText("A new speaker will be added to the registry." if new else "")

    def pick(self, row: int) -> None:
        """Choose line ``row`` (0-based) and close."""
        if 0 <= row < len(self.choices):
            self.chosen = self.choices[row]
            self.accept()

    def accept(self) -> None:
        if self.chosen is None and not self.edit.text().strip() and self.list.currentRow() >= 0 and self.choices:
            self.chosen = self.choices[self.list.currentRow()]  # Enter or OK with nothing typed
        super().accept()

    def name(self) -> str:
        return self.chosen.name if self.chosen is not None else self.edit.text().strip()

    def speaker_type(self) -> str:
        """The chosen candidate's type, else the one set for a new name."""
        if self.chosen is not None and self.chosen.type in SPEAKER_TYPES:
            return self.chosen.type
        return self.type.currentText()


def choice_text(number: int, choice: SpeakerChoice) -> str:
    """A picker line: "1  Mira Tesh · person · 45% · current"."""
    parts = [choice.name, choice.type]
    if choice.confidence is not None:
        parts.append(f"{choice.confidence:.0%}")
    else:
        parts.append("in this article")
    if choice.current:
        parts.append("current")
    return f"{number}   " + " · ".join(parts)


class ChoiceList(QListWidget):
    """The picker's numbered lines: a digit picks its line, Enter the current one, a letter searches."""

    picked = Signal(int)
    typed = Signal(str)

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text.isdigit() and text != "0" and event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier):
            self.picked.emit(int(text) - 1)
        elif event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.picked.emit(self.currentRow())
        elif text and text.isprintable() and not text.isspace() and not event.modifiers() & ~Qt.ShiftModifier:
            self.typed.emit(text)
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is not None:
            self.picked.emit(self.row(item))
        else:
            super().mouseDoubleClickEvent(event)


def shortcut_rows(table: list[ActionSpec]) -> list[tuple[str, str, str]]:
    return [
        (" / ".join(QKeySequence(s).toString(QKeySequence.NativeText) for s in spec.shortcuts), spec.text, spec.help)
        for spec in table
        if spec.shortcuts
    ]


class RoomyDelegate(QStyledItemDelegate):
    """Measures wrapped text a few pixels narrower than its cell, so a row is never a line short
    when a style's text margins differ."""

    SLACK = 6

    def sizeHint(self, option, index):
        option.rect.setWidth(max(1, option.rect.width() - self.SLACK))
        return super().sizeHint(option, index)


def wrapped_table(table: QTableWidget, stretch: int, widths: dict[int, int]) -> None:
    """Cells wrap and rows grow to fit them, so no label or description is ever cut off."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.ElideNone)
    table.setItemDelegate(RoomyDelegate(table))
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.Interactive)
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.Stretch)


class ShortcutsDialog(QDialog):
    def __init__(self, table: list[ActionSpec], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(table)
        self.table = QTableWidget(len(rows), 3, objectName="shortcutTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "What it does"])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setFocusPolicy(Qt.NoFocus)  # the keys are for reading; Esc or Enter closes
        em = self.fontMetrics().horizontalAdvance("M")
        keys = max((self.fontMetrics().horizontalAdvance(r[0]) for r in rows), default=em * 6) + em
        wrapped_table(self.table, 2, {0: min(keys, em * 14), 1: em * 19})
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(860, 620)


#: Light, distinct colours offered to a new label (the first one its variable does not use yet).
PALETTE = ("#9DCFF8", "#F8C98E", "#E596C0", "#B7D7A8", "#FFE599", "#A4C2F4", "#EA9999", "#D5A6BD", "#A2D9CE",
           "#E3E3E3")
#: Variable keys the command line and the agreement dialog use for something else.
UNIT_HELP = {
    "quote": "each coder codes each quote (number keys in the coding window, Tab moves between variables)",
    "article": "each coder codes each article (in the article header)",
    "speaker": "coded once per speaker, in Tools › Speaker registry, and carried into every quote of the speaker",
}
LEVEL_HELP = {
    "nominal": "categories without an order",
    "ordinal": "the labels are in order, top to bottom (agreement uses ordinal α)",
}


def slug(text: str, separator: str) -> str:
    """``text`` as a key: lower case, words joined by ``separator``."""
    return separator.join(re.findall(r"[a-z0-9]+", text.lower()))


def unique(key: str, taken: Sequence[str], separator: str) -> str:
    """``key``, or ``key`` with a number when it is taken."""
    n, found = 2, key
    while found in taken:
        found, n = f"{key}{separator}{n}", n + 1
    return found


def window_keys() -> dict[str, str]:
    """The single keys the coding and adjudication windows already use, with what they do."""
    taken: dict[str, str] = {}
    for spec in (*BASE_ACTIONS, *VARIABLE_ACTIONS, *ADJUDICATION_ACTIONS):
        for k in spec.shortcuts:
            if len(k) == 1:
                taken.setdefault(k.casefold(), spec.text)
    return taken


def used_text(count: int, blind: bool) -> str:
    """How much a label or variable is used; no number in blind mode (it would tell other coders' codes)."""
    return "is already used in coding" if blind else f"is used by {count} code(s)"


class LabelsTable(QTableWidget):
    """One variable's labels: key, name, shortcut, colour and description, a row each, in order.

    A saved label's key is fixed (codes refer to it); a new label's key follows its name until
    typed. Cells wrap, so no key, name or description is cut off."""

    COLUMNS = ("Key", "Name", "Shortcut", "Colour", "Description")
    KEY, NAME, SHORTCUT, COLOUR, DESCRIPTION = range(5)
    NEW = Qt.UserRole  # on the key item: True for a label not saved yet
    AUTO = Qt.UserRole + 1  # on the key item: True while the key follows the name

    def __init__(self, labels: Sequence[CodebookLabel], editable: bool) -> None:
        super().__init__(0, len(self.COLUMNS), objectName="codebookTable")
        self.setHorizontalHeaderLabels(self.COLUMNS)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        if not editable:
            self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        em = self.fontMetrics().horizontalAdvance("M")
        bold = QFont(self.horizontalHeader().font())
        bold.setBold(True)  # the current column's heading is bold in some styles
        heading = QFontMetrics(bold)
        wrapped_table(self, self.DESCRIPTION, {
            self.NAME: em * 11,
            self.SHORTCUT: heading.horizontalAdvance("Shortcut") + em * 2,
            self.COLOUR: max(self.fontMetrics().horizontalAdvance("#DDDDDD"), heading.horizontalAdvance("Colour"))
            + em * 2})
        self.horizontalHeader().setSectionResizeMode(self.KEY, QHeaderView.ResizeToContents)
        self._filling = False
        for label in labels:
            self.add(label)
        self.itemChanged.connect(self._item_changed)
        self.cellDoubleClicked.connect(lambda row, column: self.pick_colour(row) if column == self.COLOUR else None)

    def add(self, label: CodebookLabel, new: bool = False) -> int:
        """Add a row for ``label``; returns the row."""
        self._filling = True
        r = self.rowCount()
        self.insertRow(r)
        key = QTableWidgetItem(label.key)
        key.setData(self.NEW, new)
        key.setData(self.AUTO, new)
        if not new:
            key.setFlags(key.flags() & ~Qt.ItemIsEditable)
            key.setForeground(QColor("#555555"))
        self.setItem(r, self.KEY, key)
        self.setItem(r, self.NAME, QTableWidgetItem(label.name))
        self.setItem(r, self.SHORTCUT, QTableWidgetItem(label.shortcut))
        colour = QTableWidgetItem(label.colour)
        colour.setFlags(colour.flags() & ~Qt.ItemIsEditable)
        colour.setToolTip("Double-click (or Colour…) to choose")
        self.setItem(r, self.COLOUR, colour)
        self.set_colour(r, label.colour)
        self.setItem(r, self.DESCRIPTION, QTableWidgetItem(label.description))
        self._tooltips(r)
        self._filling = False
        return r

    def new_label(self) -> int:
        """A new, empty label at the end (the first free colour and number key), its name being
        edited; returns its row."""
        colours = {self.item(r, self.COLOUR).text().upper() for r in range(self.rowCount())}
        colour = next((c for c in PALETTE if c.upper() not in colours), PALETTE[-1])
        shortcuts = {self.item(r, self.SHORTCUT).text().strip() for r in range(self.rowCount())}
        shortcut = next((str(n) for n in range(1, 10) if str(n) not in shortcuts), "")
        row = self.add(CodebookLabel(key="", name="", colour=colour, shortcut=shortcut), new=True)
        self.setCurrentCell(row, self.NAME)
        self.editItem(self.item(row, self.NAME))
        return row

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = item.row()
        key = self.item(row, self.KEY)
        if key is None:
            return
        if item.column() == self.KEY:
            key.setData(self.AUTO, False)  # typed by the user: it stays
        elif item.column() == self.NAME and key.data(self.AUTO):
            self._filling = True
            others = [k for r, k in enumerate(self.keys()) if r != row]
            key.setText(unique(slug(item.text(), "-"), others, "-") if item.text().strip() else "")
            self._filling = False
        self._tooltips(row)

    def _tooltips(self, row: int) -> None:
        description = self.item(row, self.DESCRIPTION).text()
        for column in (self.KEY, self.NAME, self.SHORTCUT, self.DESCRIPTION):
            self.item(row, column).setToolTip(description)

    def keys(self) -> list[str]:
        return [self.item(r, self.KEY).text().strip() for r in range(self.rowCount())]

    def is_new(self, row: int) -> bool:
        return bool(self.item(row, self.KEY).data(self.NEW))

    def set_colour(self, row: int, colour: str) -> None:
        item = self.item(row, self.COLOUR)
        item.setText(colour)
        paint_item(item, colour)

    def pick_colour(self, row: int) -> None:
        if not 0 <= row < self.rowCount() or self.editTriggers() == QAbstractItemView.NoEditTriggers:
            return
        colour = QColorDialog.getColor(QColor(self.item(row, self.COLOUR).text()), self, "Label colour")
        if colour.isValid():
            self.set_colour(row, colour.name())

    def move(self, row: int, delta: int) -> None:
        """Move a label up or down (the order of an ordinal variable's labels is its scale)."""
        other = row + delta
        if not (0 <= row < self.rowCount() and 0 <= other < self.rowCount()):
            return
        self._filling = True
        for column in range(self.columnCount()):
            a, b = self.takeItem(row, column), self.takeItem(other, column)
            self.setItem(row, column, b)
            self.setItem(other, column, a)
        self._filling = False
        self.setCurrentCell(other, self.currentColumn())

    def labels(self) -> list[CodebookLabel]:
        """The labels as typed (rows with neither key nor name are left out)."""
        out = []
        for r in range(self.rowCount()):
            key, name, shortcut, colour, description = (self.item(r, c).text().strip() for c in range(5))
            if key or name:
                out.append(CodebookLabel(key=key, name=name or key, shortcut=shortcut, colour=colour or "#cccccc",
                                         description=description))
        return out


class VariablePage(QWidget):
    """One variable in the codebook editor: key, name, unit, level and its labels.

    A saved variable keeps its key; its unit is fixed once it has codes (they are stored
    per unit). Labels it retires while in use are merged into another label on saving
    (:attr:`merges`, old key → new key)."""

    changed = Signal()  # the name or unit changed (the variable list shows them)

    def __init__(self, variable: Variable, saved: Variable | None, counts: dict[str, int], editable: bool) -> None:
        super().__init__()
        self.saved, self.counts = saved, counts  # the variable as saved, and its codes per label
        self.merges: dict[str, str] = {}
        self.key = QLineEdit(variable.key, objectName="variableKey")
        self.key.setReadOnly(saved is not None or not editable)
        self.key.setToolTip("The variable's column name in exports and its name on the command line"
                            + ("; fixed once saved" if saved is not None else ""))
        self.auto_key = saved is None  # a new variable's key follows its name until typed
        self.key.textEdited.connect(lambda _: setattr(self, "auto_key", False))
        self.name = QLineEdit(variable.name, objectName="variableName")
        self.name.textChanged.connect(self._name_changed)
        self.unit = QComboBox(objectName="variableUnit")
        for unit, help_text in UNIT_HELP.items():
            self.unit.addItem(unit, unit)
            self.unit.setItemData(self.unit.count() - 1, help_text, Qt.ToolTipRole)
        self.unit.setCurrentIndex(self.unit.findData(variable.unit))
        self.unit.setEnabled(editable and not (saved is not None and self.code_count()))
        if saved is not None and self.code_count():
            self.unit.setToolTip("Fixed: this variable has codes, stored per " + saved.unit)
        self.unit.currentIndexChanged.connect(lambda _: (self._explain(), self.changed.emit()))
        self.level = QComboBox(objectName="variableLevel")
        for level, help_text in LEVEL_HELP.items():
            self.level.addItem(level, level)
            self.level.setItemData(self.level.count() - 1, help_text, Qt.ToolTipRole)
        self.level.setCurrentIndex(self.level.findData(variable.level))
        self.level.currentIndexChanged.connect(lambda _: self._explain())
        self.level.setEnabled(editable)
        self.name.setReadOnly(not editable)
        self.explain = QLabel(objectName="variableHelp")
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet("QLabel { color: #555; }")
        self.table = LabelsTable(variable.labels, editable)
        self.pending = QLabel(objectName="pendingMerges")
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet("QLabel { color: #7a3b00; }")
        self.pending.hide()
        head = QGridLayout()
        head.addWidget(QLabel("Key:"), 0, 0)
        head.addWidget(self.key, 0, 1)
        head.addWidget(QLabel("Name:"), 0, 2)
        head.addWidget(self.name, 0, 3)
        head.addWidget(QLabel("Unit:"), 1, 0)
        head.addWidget(self.unit, 1, 1)
        head.addWidget(QLabel("Level:"), 1, 2)
        head.addWidget(self.level, 1, 3)
        head.setColumnStretch(1, 1)
        head.setColumnStretch(3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.pending)
        self._explain()

    def _name_changed(self, text: str) -> None:
        if self.auto_key:
            self.key.setText(slug(text, "_"))
        self.changed.emit()

    def _explain(self) -> None:
        unit, level = self.unit.currentData(), self.level.currentData()
        self.explain.setText(f"{unit.capitalize()}: {UNIT_HELP[unit]}. {level.capitalize()}: {LEVEL_HELP[level]}.")

    def code_count(self) -> int:
        return sum(self.counts.values())

    def variable(self) -> Variable:
        return Variable(key=self.key.text().strip(), name=self.name.text().strip() or self.key.text().strip(),
                        unit=self.unit.currentData(), level=self.level.currentData(),
                        labels=tuple(self.table.labels()))

    def title(self) -> str:
        """The line in the editor's list of variables."""
        return f"{self.name.text().strip() or self.key.text().strip() or 'New variable'} · {self.unit.currentData()}"

    def uses(self, row: int) -> int:
        """How many codes the label on ``row`` has, or will have once the merges waiting for the
        save move theirs to it."""
        key = self.table.keys()[row]
        own = 0 if self.table.is_new(row) or self.saved is None else self.counts.get(key, 0)
        return own + sum(self.counts.get(old, 0) for old, new in self.merges.items() if new == key)

    def remove_row(self, row: int, into: str | None = None) -> None:
        """Take the label on ``row`` out; with ``into``, its codes will be merged into that label on saving."""
        old = self.table.keys()[row]
        self.table.removeRow(row)
        if into is not None:
            self.merges = {k: (into if v == old else v) for k, v in self.merges.items()}
            self.merges[old] = into
            self._show_merges()

    def _show_merges(self) -> None:
        names = {lab.key: lab.name for lab in self.table.labels()}
        old_names = {lab.key: lab.name for lab in (self.saved.labels if self.saved else ())}
        self.pending.setText("On saving: " + "; ".join(
            f"the codes of “{old_names.get(old, old)}” become “{names.get(new, new)}”"
            for old, new in self.merges.items()) + ".")
        self.pending.setVisible(bool(self.merges))

    def problems(self, blocked: dict[str, str]) -> list[str]:
        """What is wrong with this variable, in words (``blocked``: keys the windows use already)."""
        variable = self.variable()
        where = f"Variable “{variable.name}”"
        found = []
        keys = [lab.key for lab in variable.labels]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            found.append(f"{where}: two labels have the key “{key}”.")
        if any(not k for k in keys):
            found.append(f"{where}: a label has no key.")
        for label in variable.labels:
            if not QColor(label.colour).isValid():
                found.append(f"{where}: “{label.colour}” is not a colour (label {label.name}).")
            if label.shortcut and len(label.shortcut) != 1:
                found.append(f"{where}: the shortcut of {label.name} must be one key, not “{label.shortcut}”.")
            elif label.shortcut.casefold() in blocked:
                found.append(f"{where}: “{label.shortcut}” is already the key for {blocked[label.shortcut.casefold()]}; "
                             f"choose another for {label.name} (the number keys are free).")
        taken = [k for _, k in label_keys(variable) if k]
        for k in sorted({k for k in taken if taken.count(k) > 1}):
            found.append(f"{where}: two labels have the key “{k}” (a label without a shortcut is keyed by its "
                         "place in the list).")
        return found


class MergeLabelDialog(QDialog):
    """A label in use is being removed: merge its codes into another label of the variable, or keep it."""

    def __init__(self, variable: str, label: str, used: str, others: Sequence[tuple[str, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove a label in use")
        self.setObjectName("mergeLabelDialog")
        self.question = QLabel(f"“{label}” of {variable} {used}. Its codes are never deleted: they move to "
                               "another label of the variable when you save the codebook (Edit › Undo puts them "
                               "back).", objectName="mergeQuestion")
        self.question.setWordWrap(True)
        self.target = QComboBox(objectName="mergeTarget")
        for key, name in others:
            self.target.addItem(name, key)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        merge = buttons.addButton("Merge and remove", QDialogButtonBox.AcceptRole)
        merge.setObjectName("mergeLabel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.question)
        form.addRow("Merge its codes into:", self.target)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())


class CodebookEditor(QDialog):
    """Tools › Codebook: the codebook's variables (add, rename, remove; unit and level) and each
    variable's labels (key, name, shortcut, colour, description, order).

    Keys never change once saved (codes refer to them): renaming keeps existing codes. A label
    in use is removed only by merging its codes into another label, and a variable with codes
    only after a question. Saving stores a new codebook version, in one undoable step with the
    merges."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        codebook = session.codebook
        self.setWindowTitle(f"Codebook — {codebook.name} (version {codebook.version})")
        self.session, self.codebook = session, codebook
        self.editable = not session.readonly
        self.saved: Codebook | None = None
        self.name = QLineEdit(codebook.name, objectName="codebookName")
        self.variables = QListWidget(objectName="variableList")
        self.variables.currentRowChanged.connect(lambda row: self.pages.setCurrentIndex(row))
        self.pages = QStackedWidget()
        for variable in codebook.variables:
            self._add_page(variable, variable)
        add_variable = self._button("Add variable", "addVariable", self.add_variable)
        remove_variable = self._button("Remove variable…", "removeVariable", self.remove_variable)
        up = self._button("↑", "variableUp", lambda: self.move_variable(-1), "Move the variable up")
        down = self._button("↓", "variableDown", lambda: self.move_variable(1), "Move the variable down")
        add_label = self._button("Add label", "addLabel", self.add_label)
        remove_label = self._button("Remove label…", "removeLabel", self.remove_label)
        colour = self._button("Colour…", "labelColour", lambda: self.table.pick_colour(self.table.currentRow()))
        label_up = self._button("Move up", "labelUp", lambda: self.table.move(self.table.currentRow(), -1))
        label_down = self._button("Move down", "labelDown", lambda: self.table.move(self.table.currentRow(), 1))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Save).setEnabled(self.editable)
        buttons.button(QDialogButtonBox.Save).setObjectName("saveCodebook")
        left = QVBoxLayout()
        left.addWidget(QLabel("Variables:"))
        left.addWidget(self.variables, 1)
        row = QHBoxLayout()
        for button in (add_variable, up, down):
            row.addWidget(button)
        left.addLayout(row)
        left.addWidget(remove_variable)
        tools = QHBoxLayout()
        for button in (add_label, remove_label, colour, label_up, label_down):
            tools.addWidget(button)
        tools.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addLayout(tools)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 4)
        form = QFormLayout()
        form.addRow("Codebook name:", self.name)
        note = QLabel("Keys cannot be changed once saved: rename a label or variable instead, and its codes keep "
                      "it. Each save is a new version of the codebook.")
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color: #555; }")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.variables.setCurrentRow(0)
        self.resize(1100, 640)

    def _button(self, text: str, name: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAutoDefault(False)
        button.setEnabled(self.editable)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        return button

    def _add_page(self, variable: Variable, saved: Variable | None) -> VariablePage:
        counts = self.session.store.label_counts(saved.key, saved.unit) if saved is not None else {}
        page = VariablePage(variable, saved, counts, self.editable)
        page.changed.connect(lambda p=page: self._retitle(p))
        delete = QAction("Remove label", page.table)  # the Delete key on the labels (not while typing in one)
        delete.setShortcut(QKeySequence.Delete)
        delete.setShortcutContext(Qt.WidgetShortcut)
        delete.triggered.connect(self.remove_label)
        page.table.addAction(delete)
        self.pages.addWidget(page)
        self.variables.addItem(QListWidgetItem(page.title()))
        return page

    def _retitle(self, page: VariablePage) -> None:
        item = self.variables.item(self.pages.indexOf(page))
        if item is not None:
            item.setText(page.title())

    # -- the current variable --------------------------------------------------------------------

    def page(self) -> VariablePage:
        return self.pages.currentWidget()

    def all_pages(self) -> list[VariablePage]:
        return [self.pages.widget(i) for i in range(self.pages.count())]

    @property
    def table(self) -> LabelsTable:
        """The current variable's labels."""
        return self.page().table

    def keys(self) -> list[str]:
        """The current variable's label keys."""
        return self.table.keys()

    def set_colour(self, row: int, colour: str) -> None:
        self.table.set_colour(row, colour)

    def select_variable(self, key: str) -> None:
        keys = [p.key.text() for p in self.all_pages()]
        self.variables.setCurrentRow(keys.index(key))

    # -- variables -------------------------------------------------------------------------------

    def add_variable(self) -> VariablePage:
        """A new quote variable, without labels yet; its name is typed next (the key follows it)."""
        taken = [p.key.text() for p in self.all_pages()]
        key = unique("variable", taken, "_")
        page = self._add_page(Variable(key, ""), None)
        self.variables.setCurrentRow(self.pages.count() - 1)
        page.name.setFocus()
        return page

    def remove_variable(self) -> QMessageBox | None:
        """Remove the current variable: refused for the last quote variable; asked for one with codes."""
        page = self.page()
        quote_pages = [p for p in self.all_pages() if p.unit.currentData() == "quote"]
        if quote_pages == [page]:
            return warn(self, "Codebook", f"“{page.title()}” is the codebook's only quote variable, and quotes "
                        "are coded by it. Add another quote variable before removing this one.", "lastQuoteVariable")
        count = page.code_count() if page.saved is not None else 0
        if not count:
            self._drop_page(page)
            return None
        return confirm(self, "Remove variable", f"“{page.title()}” {used_text(count, self.session.blind)}. "
                       "Remove the variable from the codebook?",
                       "Its codes stay in the database but are no longer shown, coded or exported; a variable with "
                       f"the key “{page.saved.key}” brings them back. After saving, Edit › Undo (Ctrl+Z) restores "
                       "the codebook.", "Remove variable", lambda: self._drop_page(page), name="removeVariableBox")

    def _drop_page(self, page: VariablePage) -> None:
        index = self.pages.indexOf(page)
        self.variables.takeItem(index)
        self.pages.removeWidget(page)
        page.deleteLater()
        self.variables.setCurrentRow(min(index, self.pages.count() - 1))

    def move_variable(self, delta: int) -> None:
        """Move the current variable up or down (the coding window's Tab order, the exports' columns)."""
        index = self.pages.currentIndex()
        other = index + delta
        if not 0 <= other < self.pages.count():
            return
        page = self.pages.widget(index)
        self.pages.removeWidget(page)
        self.pages.insertWidget(other, page)
        self.variables.insertItem(other, self.variables.takeItem(index))
        self.variables.setCurrentRow(other)

    # -- labels ----------------------------------------------------------------------------------

    def add_label(self) -> int:
        return self.table.new_label()

    def remove_label(self) -> MergeLabelDialog | None:
        """Remove the current label; a label in use is merged into another (asked) on saving."""
        page, row = self.page(), self.table.currentRow()
        if not self.editable or not 0 <= row < self.table.rowCount():
            return None
        uses = page.uses(row)
        if not uses:
            page.remove_row(row)
            return None
        labels = self.table.labels()
        old = self.table.keys()[row]
        others = [(lab.key, lab.name) for lab in labels if lab.key != old and lab.key]
        name = next((lab.name for lab in labels if lab.key == old), old)
        if not others:
            warn(self, "Remove label", f"“{name}” {used_text(uses, self.session.blind)}. Its codes must move to "
                 "another label of the variable: add that label first.", "noMergeTarget")
            return None
        dialog = MergeLabelDialog(page.name.text() or page.key.text(), name,
                                  used_text(uses, self.session.blind), others, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def accepted() -> None:
            rows = [r for r, k in enumerate(self.table.keys()) if k == old]
            if rows:
                page.remove_row(rows[0], dialog.target.currentData())

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    # -- saving ----------------------------------------------------------------------------------

    def codebook_now(self) -> Codebook:
        """The codebook as edited."""
        return Codebook(self.name.text().strip() or self.codebook.name, self.codebook.version,
                        tuple(p.variable() for p in self.all_pages()))

    def problems(self) -> list[str]:
        pages = self.all_pages()
        blocked = window_keys()
        found = [problem for page in pages for problem in page.problems(blocked)]
        keys = [p.key.text().strip().casefold() for p in pages]  # the command line ignores case
        found += [f"Two variables have the key “{k}”." for k in sorted({k for k in keys if keys.count(k) > 1})]
        if not any(p.unit.currentData() == "quote" for p in pages):
            found.insert(0, "The codebook needs at least one quote variable: quotes are coded by it.")
        if not found:  # the rules every codebook follows, as `quotecoder codebook load` checks them
            try:
                check_codebook(self.codebook_now())
            except ValueError as exc:
                found.append(f"{str(exc)[0].upper()}{str(exc)[1:]}.")
        return found

    def relabels(self) -> list[Relabel]:
        return [Relabel(page.saved.key, page.saved.unit, old, new)
                for page in self.all_pages() if page.saved is not None for old, new in page.merges.items()]

    def save(self) -> None:
        """A new codebook version with any merges of retired labels, in one step (Edit › Undo undoes both)."""
        if not self.editable:
            return
        problems = self.problems()
        if problems:
            warn(self, "Codebook not saved", "\n".join(problems), "codebookProblem")
            return
        new, relabels = self.codebook_now(), self.relabels()
        if new.to_dict() == self.codebook.to_dict() and not relabels:
            self.session.note(f"No change: the codebook stays at version {self.codebook.version}.")
            self.accept()
            return
        latest = self.session.store.codebook()
        if latest is not None and latest.version != self.codebook.version:
            confirm(self, "Codebook", f"Version {latest.version} of the codebook was saved elsewhere (another window "
                    f"or the command line) since you opened version {self.codebook.version} here.",
                    f"Saving makes your edit version {latest.version + 1}, in place of what version "
                    f"{latest.version} changed; Edit › Undo brings version {self.codebook.version} back, not "
                    f"{latest.version}. Cancel keeps your edit open.", "Save mine",
                    lambda: self._save(new, relabels), name="codebookChangedBox")
            return
        self._save(new, relabels)

    def _save(self, new: Codebook, relabels: list[Relabel]) -> None:
        if self.session.run(SaveCodebook(self.codebook, new, relabels)):
            self.saved = self.session.codebook
            merged = f"; {len(relabels)} label(s) merged" if relabels else ""
            self.session.note(f"Codebook saved as version {self.saved.version}{merged}. Edit › Undo (Ctrl+Z) "
                              "undoes it.", 6000)
            self.accept()
