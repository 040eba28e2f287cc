"""Dialogs: speaker choice, keyboard shortcuts, the codebook editor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from quotecoder.core.attribution import MAX_CHOICES, SpeakerChoice
from quotecoder.core.model import SPEAKER_TYPES, Codebook, CodebookLabel
from quotecoder.gui.actions import ActionSpec
from quotecoder.gui.commands import SaveCodebook
from quotecoder.gui.session import Session


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


def wrapped_table(table: QTableWidget, stretch: int, widths: dict[int, int]) -> None:
    """Cells wrap and rows grow to fit them, so no label or description is ever cut off."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.ElideNone)
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


class CodebookEditor(QDialog):
    """Add, rename, recolour labels and change their shortcuts and descriptions.

    Label keys never change (stance labels reference them), so renaming keeps
    existing codes. Saving stores a new codebook version.
    """

    COLUMNS = ("Key", "Name", "Shortcut", "Colour", "Description")

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        codebook = session.codebook
        self.setWindowTitle(f"Codebook — {codebook.name} (version {codebook.version})")
        self.session, self.codebook = session, codebook
        self.saved: Codebook | None = None
        self.name = QLineEdit(codebook.name)
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="codebookTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        em = self.fontMetrics().horizontalAdvance("M")
        colour = self.table.fontMetrics().horizontalAdvance("#DDDDDD") + em * 2
        wrapped_table(self.table, 4, {0: em * 9, 1: em * 11, 2: em * 5, 3: colour})
        self.table.cellDoubleClicked.connect(self._cell_clicked)
        for label in codebook.labels:
            self._add_row(label)
        add = QPushButton("Add label")
        add.clicked.connect(self._new_label)
        colour = QPushButton("Colour…")
        colour.clicked.connect(lambda: self._pick_colour(self.table.currentRow()))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Save).setEnabled(not session.readonly)
        tools = QHBoxLayout()
        tools.addWidget(add)
        tools.addWidget(colour)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Codebook name:", self.name)
        layout.addLayout(form)
        layout.addWidget(QLabel("Keys cannot be changed once used: rename a label instead; existing codes keep it."))
        layout.addWidget(self.table, 1)
        layout.addLayout(tools)
        layout.addWidget(buttons)
        self.resize(900, 480)

    def _add_row(self, label: CodebookLabel) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        key = QTableWidgetItem(label.key)
        key.setFlags(key.flags() & ~Qt.ItemIsEditable)
        self.table.setItem(r, 0, key)
        self.table.setItem(r, 1, QTableWidgetItem(label.name))
        self.table.setItem(r, 2, QTableWidgetItem(label.shortcut))
        colour = QTableWidgetItem(label.colour)
        colour.setBackground(QColor(label.colour))
        colour.setFlags(colour.flags() & ~Qt.ItemIsEditable)
        self.table.setItem(r, 3, colour)
        desc = QTableWidgetItem(label.description)
        desc.setToolTip(label.description)
        self.table.setItem(r, 4, desc)
        for c in (0, 1, 2):
            self.table.item(r, c).setToolTip(label.description)

    def _new_label(self) -> None:
        key, ok = QInputDialog.getText(self, "New label", "Key (fixed once used, e.g. 'mixed-support'):")
        key = key.strip().lower().replace(" ", "-")
        if not ok or not key:
            return
        if key in self.keys():
            QMessageBox.warning(self, "New label", f"There is already a label with the key “{key}”.")
            return
        self._add_row(CodebookLabel(key=key, name=key.replace("-", " ").capitalize(), colour="#d9d9d9"))

    def keys(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def _cell_clicked(self, row: int, column: int) -> None:
        if column == 3:
            self._pick_colour(row)

    def _pick_colour(self, row: int) -> None:
        if row < 0:
            return
        colour = QColorDialog.getColor(QColor(self.table.item(row, 3).text()), self, "Label colour")
        if colour.isValid():
            self.set_colour(row, colour.name())

    def set_colour(self, row: int, colour: str) -> None:
        item = self.table.item(row, 3)
        item.setText(colour)
        item.setBackground(QColor(colour))

    def labels(self) -> tuple[CodebookLabel, ...]:
        out = []
        for r in range(self.table.rowCount()):
            text = [self.table.item(r, c).text().strip() if self.table.item(r, c) else "" for c in range(5)]
            out.append(CodebookLabel(key=text[0], name=text[1] or text[0], shortcut=text[2],
                                     colour=text[3] or "#cccccc", description=text[4]))
        return tuple(out)

    def save(self) -> None:
        """A new codebook version (undoable: Edit › Undo saves the previous labels again)."""
        labels = self.labels()
        shortcuts = [lab.shortcut for lab in labels if lab.shortcut]
        if len(shortcuts) != len(set(shortcuts)):
            QMessageBox.warning(self, "Codebook", "Two labels have the same shortcut.")
            return
        new = replace(self.codebook.with_labels(labels), name=self.name.text().strip() or self.codebook.name)
        if self.session.run(SaveCodebook(self.codebook, new)):
            self.saved = self.session.codebook
            self.accept()
