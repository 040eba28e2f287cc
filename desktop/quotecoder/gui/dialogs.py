"""Dialogs: speaker choice, keyboard shortcuts, codebook editor, speaker registry."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt
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
    QWidget,
)

from quotecoder.core.model import SPEAKER_TYPES, Codebook, CodebookLabel, Speaker
from quotecoder.core.store import Store, StoreError
from quotecoder.gui.actions import ActionSpec


class SpeakerDialog(QDialog):
    """Choose the quote's speaker: the article's speakers and the registry complete; new text creates one.

    When ``mention`` is given and other quotes in the corpus carry the same mention,
    a check box offers to re-attribute them all.
    """

    def __init__(self, names: list[str], current: str = "", mention: str | None = None,
                 others: int = 0, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Speaker")
        self.edit = QLineEdit(current, objectName="speakerEdit")
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
        form.addRow("Speaker:", self.edit)
        form.addRow("Type if new:", self.type)
        form.addRow(self.hint)
        form.addRow(self.bulk)
        form.addRow(buttons)
        self._update_hint()
        self.resize(460, self.sizeHint().height())

    def _update_hint(self) -> None:
        name = self.edit.text().strip()
        new = bool(name) and name.lower() not in self.known
        self.type.setEnabled(new)
        self.hint.setText("A new speaker will be added to the registry." if new else "")

    def name(self) -> str:
        return self.edit.text().strip()


def shortcut_rows(table: list[ActionSpec]) -> list[tuple[str, str, str]]:
    return [
        (" / ".join(QKeySequence(s).toString(QKeySequence.NativeText) for s in spec.shortcuts), spec.text, spec.help)
        for spec in table
        if spec.shortcuts
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, table: list[ActionSpec], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(table)
        self.table = QTableWidget(len(rows), 3, objectName="shortcutTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Action", "What it does"])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)


class CodebookEditor(QDialog):
    """Add, rename, recolour labels and change their shortcuts and descriptions.

    Label keys never change (stance labels reference them), so renaming keeps
    existing codes. Saving stores a new codebook version.
    """

    COLUMNS = ("Key", "Name", "Shortcut", "Colour", "Description")

    def __init__(self, store: Store, codebook: Codebook, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Codebook — {codebook.name} (version {codebook.version})")
        self.store, self.codebook = store, codebook
        self.saved: Codebook | None = None
        self.name = QLineEdit(codebook.name)
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="codebookTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.Stretch)
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
        self.resize(820, 420)

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
        labels = self.labels()
        shortcuts = [lab.shortcut for lab in labels if lab.shortcut]
        if len(shortcuts) != len(set(shortcuts)):
            QMessageBox.warning(self, "Codebook", "Two labels have the same shortcut.")
            return
        try:
            self.saved = self.store.save_codebook(replace(self.codebook.with_labels(labels),
                                                          name=self.name.text().strip() or self.codebook.name))
        except StoreError as exc:
            QMessageBox.critical(self, "Codebook not saved", str(exc))
            return
        self.accept()


class SpeakerRegistryDialog(QDialog):
    """Edit the speaker registry: name, type, aliases, roles; merge two speakers."""

    def __init__(self, store: Store, coder: str, readonly: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Speaker registry")
        self.store, self.coder = store, coder
        self.changed = False
        self.list = QListWidget(objectName="speakerList")
        self.list.currentRowChanged.connect(self._show)
        self.name = QLineEdit()
        self.type = QComboBox()
        self.type.addItems(SPEAKER_TYPES)
        self.aliases = QLineEdit(placeholderText="comma-separated")
        self.roles = QLineEdit(placeholderText="comma-separated, e.g. defence minister")
        self.counts = QLabel()
        save = QPushButton("Save speaker", objectName="saveSpeaker")
        save.clicked.connect(self.save_current)
        merge = QPushButton("Merge into…")
        merge.setToolTip("Merge the selected speaker into another one: its quotes and aliases move there")
        merge.clicked.connect(self._merge_clicked)
        for w in (save, merge, self.name, self.type, self.aliases, self.roles):
            w.setEnabled(not readonly)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Type:", self.type)
        form.addRow("Aliases:", self.aliases)
        form.addRow("Roles:", self.roles)
        form.addRow(self.counts)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(merge)
        row.addStretch(1)
        form.addRow(row)
        right = QWidget()
        right.setLayout(form)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addWidget(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(close)
        self.reload()
        self.resize(760, 460)

    def reload(self, select: int | None = None) -> None:
        self.speakers = self.store.speakers()
        counts = self.store.speaker_quote_counts()
        self.list.clear()
        for s in self.speakers:
            item = QListWidgetItem(f"{s.name}  ({counts.get(s.id, 0)})")
            item.setData(Qt.UserRole, s.id)
            self.list.addItem(item)
        rows = [i for i, s in enumerate(self.speakers) if s.id == select]
        self.list.setCurrentRow(rows[0] if rows else (0 if self.speakers else -1))

    def current(self) -> Speaker | None:
        row = self.list.currentRow()
        return self.speakers[row] if 0 <= row < len(self.speakers) else None

    def _show(self, row: int) -> None:
        s = self.current()
        if s is None:
            return
        self.name.setText(s.name)
        self.type.setCurrentText(s.type)
        self.aliases.setText(", ".join(s.aliases))
        self.roles.setText(", ".join(s.roles))

    def save_current(self) -> None:
        s = self.current()
        if s is None:
            return
        split = lambda text: [x.strip() for x in text.split(",") if x.strip()]  # noqa: E731
        try:
            self.store.update_speaker(s.id, self.coder, name=self.name.text(), type=self.type.currentText(),
                                      aliases=split(self.aliases.text()), roles=split(self.roles.text()))
        except (StoreError, ValueError) as exc:
            QMessageBox.critical(self, "Speaker not saved", str(exc))
            return
        self.changed = True
        self.reload(s.id)

    def merge(self, drop_id: int, keep_id: int) -> None:
        try:
            self.store.merge_speakers(keep_id, drop_id, self.coder)
        except (StoreError, ValueError, KeyError) as exc:
            QMessageBox.critical(self, "Speakers not merged", str(exc))
            return
        self.changed = True
        self.reload(keep_id)

    def _merge_clicked(self) -> None:
        s = self.current()
        if s is None:
            return
        others = [x for x in self.speakers if x.id != s.id]
        names = [x.name for x in others]
        name, ok = QInputDialog.getItem(self, "Merge speakers",
                                        f"Merge “{html.escape(s.name)}” into:", names, 0, False)
        if ok and name:
            keep = next(x for x in others if x.name == name)
            self.merge(s.id, keep.id)
