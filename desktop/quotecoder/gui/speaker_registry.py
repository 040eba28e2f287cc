"""Tools › Speaker registry: find, sort, edit, merge and remove speakers. Every change is undoable."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.attribution import rank_similar
from quotecoder.core.model import SPEAKER_TYPES, Speaker
from quotecoder.gui import commands as cmd
from quotecoder.gui.messages import confirm
from quotecoder.gui.session import ARTICLES, EXTERNAL, SPEAKERS, Session

UNUSED_COLOUR = "#8a8a8a"


def split_list(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


class SpeakerRegistryDialog(QDialog):
    """The registry: a searchable list (by name or by number of quotes), one speaker's details,
    Merge into… (the most similar name first) and removal of the speakers with no quotes."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Speaker registry")
        self.session = session
        self.speakers: list[Speaker] = []  # the listed ones, in list order
        self.counts: dict[int, int] = {}
        self.unused: set[int] = set()
        self.search = QLineEdit(objectName="speakerSearch", placeholderText="Find a speaker (name or alias)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda: self.fill())
        self.sort = QComboBox(objectName="speakerSort")
        self.sort.addItem("Sort by name", "name")
        self.sort.addItem("Sort by number of quotes", "count")
        self.sort.currentIndexChanged.connect(lambda: self.fill())
        self.list = QListWidget(objectName="speakerList")
        self.list.currentRowChanged.connect(self._show)
        self.summary = QLabel(objectName="speakerSummary")
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
        self.remove_unused.setToolTip("Remove the speakers no quote and no coder's choice refers to")
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
        left.addWidget(self.list, 1)
        left.addWidget(self.summary)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.addButton(self.remove_unused, QDialogButtonBox.ActionRole)
        close.rejected.connect(self.accept)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(close)
        cmd.add_undo_keys(self, session.undo_stack)
        session.changed.connect(self._changed)
        self.reload()
        self.resize(860, 520)

    # -- the list --------------------------------------------------------------------------------

    def _changed(self, article_id: int, scope: str) -> None:
        if scope in (SPEAKERS, ARTICLES, EXTERNAL):
            self.reload()

    def reload(self, select: int | None = None) -> None:
        """Re-read the registry and the quote counts; keep the selected speaker."""
        store = self.session.store
        current = self.current()
        self.all = store.speakers()
        self.counts = store.speaker_quote_counts()
        self.unused = set(store.unused_speakers())
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
        self.speakers = shown
        self.list.blockSignals(True)
        self.list.clear()
        italic = QFont(self.font())
        italic.setItalic(True)
        for s in shown:
            count = self.counts.get(s.id, 0)
            item = QListWidgetItem(f"{s.name}  ({count})" if count else f"{s.name}  — no quotes")
            item.setData(Qt.UserRole, s.id)
            if not count:
                item.setForeground(QColor(UNUSED_COLOUR))
                item.setFont(italic)
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = [i for i, s in enumerate(shown) if s.id == select]
        self.list.setCurrentRow(rows[0] if rows else (0 if shown else -1))
        self._show(self.list.currentRow())
        without = sum(1 for s in self.all if not self.counts.get(s.id))
        self.summary.setText(f"{len(self.all)} speaker(s); {without} with no quotes"
                             + (f"; {len(shown)} shown" if wanted else ""))
        self.remove_unused.setText(f"Remove speakers with no quotes ({len(self.unused)})…")
        self.remove_unused.setEnabled(bool(self.unused) and not self.session.readonly)

    def current(self) -> Speaker | None:
        row = self.list.currentRow()
        return self.speakers[row] if 0 <= row < len(self.speakers) else None

    def _show(self, row: int) -> None:
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
                f"{shown}.\n\nNo quote and no coder's choice refers to them. Edit › Undo (Ctrl+Z) brings them "
                "back while this window is open.", "Remove", lambda: self.session.run(cmd.RemoveSpeakers(ids)),
                name="removeSpeakers")
