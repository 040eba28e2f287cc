"""The coding window: article list, highlighted article text, quote panel, keyboard-first coding."""

from __future__ import annotations

import re
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.model import QUOTE_KINDS, Article, Codebook, Entity, Quote, Span, Speaker
from quotecoder.core.store import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    Store,
    StoreError,
)
from quotecoder.gui import commands as cmd
from quotecoder.gui.actions import ActionSpec, action_table, help_table
from quotecoder.gui.article_list import ArticleList
from quotecoder.gui.article_view import ArticleView
from quotecoder.gui.dialogs import CodebookEditor, ShortcutsDialog, SpeakerDialog, SpeakerRegistryDialog
from quotecoder.gui.quote_panel import QuotePanel
from quotecoder.gui.study_actions import StudyMixin
from quotecoder.gui.theme import ENTITY_LABELS, READONLY_BANNER, entity_style
from quotecoder.gui.workers import Job, NlpLoader

READONLY_TEXT = "Another QuoteCoder window is using this database; this window is read-only"
SENTENCE_END = re.compile(r"[.!?\n]")


def error_box(parent, title: str, exc: BaseException | str, detail: str = "") -> QMessageBox:
    """A non-blocking error dialog with the user-facing message and, when given, the detail."""
    message = str(exc)
    if isinstance(exc, DatabaseLocked):
        message += "\n\nYour earlier work is saved. Try the action again in a moment."
    elif isinstance(exc, DatabaseReadOnly):
        message += "\n\nNothing was changed. Earlier work is saved."
    elif isinstance(exc, DatabaseCorrupt):
        message += "\n\nQuoteCoder stopped writing to this file. Restore it from a backup."
    box = QMessageBox(QMessageBox.Critical, title, message, QMessageBox.Ok, parent)
    box.setObjectName("errorBox")
    if detail:
        box.setDetailedText(detail)
    box.setAttribute(Qt.WA_DeleteOnClose)
    box.open()
    return box


def first_size(screen) -> QSize:
    """The window's size on first start: 1440×860, or the screen's free area (less a margin) if smaller."""
    wanted = QSize(1440, 860)
    if screen is None:
        return wanted
    free = screen.availableGeometry().size()
    return wanted.boundedTo(QSize(free.width() - 40, free.height() - 60))


class MainWindow(StudyMixin, QMainWindow):
    """The coding window over one open :class:`Store` (passed in, never global)."""

    saved = Signal()
    articleOpened = Signal(int)

    def __init__(self, store: Store, coder: str, *, codebook: Codebook | None = None, pretagger=None,
                 readonly_reason: str | None = None, settings: QSettings | None = None,
                 owns_store: bool = False, lock=None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.store = store
        self.coder = coder
        self.readonly = store.readonly or bool(readonly_reason)
        if codebook is None:
            codebook = store.codebook()
        if codebook is None:
            from quotecoder.core.codebook import default_codebook

            codebook = default_codebook()
        self.codebook = codebook
        self.nlp = NlpLoader(pretagger)
        self.settings = settings if settings is not None else QSettings()
        self.owns_store = owns_store
        self.lock = lock
        self.jobs: list[Job] = []
        self.import_dialog: QProgressDialog | None = None
        self.last_report = None
        self.article: Article | None = None
        self.quotes: list[Quote] = []
        self.entities: list[Entity] = []
        self.stances: dict[int, str] = {}
        self.quote_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"QuoteCoder — {store.path.name}" + (" (read-only)" if self.readonly else ""))

        self._build_widgets(readonly_reason)
        self._build_actions()
        self._build_status()
        self._position_timer = QTimer(self, singleShot=True, interval=400)
        self._position_timer.timeout.connect(self._save_position)
        self._restore_window()
        self.refresh_progress()
        self.restore_position()

    # -- construction ------------------------------------------------------------------------

    def _build_widgets(self, readonly_reason: str | None) -> None:
        self.article_list = ArticleList(self.store, self.coder)
        self.article_view = ArticleView(self.codebook)
        self.text = self.article_view.text
        self.quote_panel = QuotePanel()
        self.splitter = QSplitter(Qt.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.article_list)
        self.splitter.addWidget(self.article_view)
        self.splitter.addWidget(self.quote_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([400, 620, 420])
        self.splitter.setChildrenCollapsible(False)
        self.banner = QLabel(objectName="readonlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"QLabel {{ background: {READONLY_BANNER}; color: #3d3200; border: 1px solid #d4b800;"
            " padding: 6px; font-weight: bold; }"
        )
        self.banner.setText(readonly_reason or (READONLY_TEXT if self.readonly else ""))
        self.banner.setVisible(self.readonly)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.article_list.articleActivated.connect(self.open_article)
        self.quote_panel.quoteSelected.connect(lambda qid: self.select_quote(qid, from_panel=True))
        self.text.quoteClicked.connect(self.select_quote)
        self.text.setContextMenuPolicy(Qt.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._text_menu)
        self.article_list.search.installEventFilter(self)

    def action_specs(self) -> list[ActionSpec]:
        """The keyboard table the actions are built from (shown by Help › Keyboard shortcuts)."""
        return action_table(self.codebook)

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        bar = self.menuBar()
        self.menus = {name: bar.addMenu(f"&{name}") for name in ("File", "Edit", "Code", "View")}
        self.coders_menu = bar.addMenu("C&oders")
        tools = bar.addMenu("&Tools")
        self.menus["Help"] = bar.addMenu("&Help")
        self.stance_actions: list[QAction] = []
        for spec in self.action_specs():
            self._add_action(spec)
        file_menu = self.menus["File"]
        folder = QAction("Import folder…", self)
        folder.triggered.connect(self.import_folder)
        folder.setEnabled(not self.readonly)
        file_menu.addAction(folder)
        self._build_study_actions(file_menu, self.menus["View"], tools)
        file_menu.addSeparator()
        quit_action = QAction("Quit", self, shortcut=QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.menus["Code"].insertSeparator(self.actions_by_name["next_quote"])
        codebook = QAction("Codebook…", self)
        codebook.triggered.connect(self.edit_codebook)
        codebook.setEnabled(not self.readonly)
        speakers = QAction("Speaker registry…", self)
        speakers.triggered.connect(self.edit_speakers)
        tools.addAction(codebook)
        tools.addAction(speakers)
        self.coders_menu.aboutToShow.connect(self._fill_coders_menu)
        self._fill_coders_menu()

    def _add_action(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(spec.name)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        action.setShortcutContext(Qt.WindowShortcut)
        action.setToolTip(spec.help)
        action.setStatusTip(spec.help)
        if spec.name.startswith("stance:"):
            key = spec.name.split(":", 1)[1]
            action.triggered.connect(lambda _=False, k=key: self.set_stance(k))
            self.stance_actions.append(action)
        else:
            action.triggered.connect(getattr(self, f"do_{spec.name}"))
        if spec.edits and self.readonly:
            action.setEnabled(False)
        self.menus[spec.menu].addAction(action)
        self.addAction(action)
        self.actions_by_name[spec.name] = action
        return action

    def _rebuild_stance_actions(self) -> None:
        for action in self.stance_actions:
            self.menus["Code"].removeAction(action)
            self.removeAction(action)
            self.actions_by_name.pop(action.objectName(), None)
            action.deleteLater()
        self.stance_actions = []
        first = self.menus["Code"].actions()[0] if self.menus["Code"].actions() else None
        for spec in action_table(self.codebook):
            if spec.name.startswith("stance:"):
                action = self._add_action(spec)
                if first is not None:
                    self.menus["Code"].removeAction(action)
                    self.menus["Code"].insertAction(first, action)

    def _build_status(self) -> None:
        status = self.statusBar()
        self.coder_label = QLabel(objectName="coderLabel")
        self.progress_label = QLabel(objectName="progressLabel")
        self.saved_label = QLabel(objectName="savedLabel")
        self.job_bar = QProgressBar(objectName="jobBar")
        self.job_bar.setMaximumWidth(220)
        self.job_bar.setTextVisible(True)
        self.job_label = QLabel(objectName="jobLabel")
        self.job_cancel = QPushButton("Cancel", objectName="jobCancel")
        self.job_cancel.clicked.connect(self.cancel_jobs)
        for w in (self.job_label, self.job_bar, self.job_cancel):
            w.hide()
        status.addWidget(self.coder_label)
        status.addWidget(self.progress_label)
        status.addWidget(self.saved_label, 1)
        status.addPermanentWidget(self.job_label)
        status.addPermanentWidget(self.job_bar)
        status.addPermanentWidget(self.job_cancel)
        self._update_coder_label()

    def _update_coder_label(self) -> None:
        blind = " · <span style='color:#1f4e79'>blind mode</span>" if self.blind else ""
        self.coder_label.setText(f"Coder: <b>{self.coder}</b>{blind}")

    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        splitter = self.settings.value("window/splitter")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self.screen()))
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    # -- opening articles and quotes ----------------------------------------------------------

    def restore_position(self) -> None:
        """Return to the coder's last article and quote, or the first article."""
        last_article = self.store.setting(f"last_article:{self.coder}")
        last_quote = self.store.setting(f"last_quote:{self.coder}")
        article_id = int(last_article) if last_article and last_article.isdigit() else None
        quote_id = int(last_quote) if last_quote and last_quote.isdigit() else None
        if article_id is not None:
            try:
                self.store.article(article_id)
            except KeyError:
                article_id = None
        if article_id is None:
            if self.article_list.select_row(0):
                return
            self.show_nothing()
            return
        self.open_article(article_id, quote_id)

    def show_nothing(self) -> None:
        self.article = None
        self.quotes, self.entities, self.stances, self.quote_id = [], [], {}, None
        self.article_view.header.show_article(None)
        self.text.show_article("", [], [], {}, self.codebook)
        self.quote_panel.set_quotes([], {}, self.codebook)
        self._update_suggestion()

    def open_article(self, article_id: int, quote_id: int | None = None) -> None:
        if self.article is not None and self.article.id == article_id and quote_id is None:
            return
        try:
            self.article = self.store.article(article_id)
        except KeyError:
            return
        self._load_annotations()
        if quote_id is None or not any(q.id == quote_id for q in self.quotes):
            quote_id = self.quotes[0].id if self.quotes else None
        self.article_view.header.show_article(self.article, self.copy_titles())
        self.text.show_article(self.article.text, self.quotes, self.entities, self.stances, self.codebook)
        self.quote_panel.set_quotes(self.quotes, self.stances, self.codebook)
        if self.article_list.current_article() != article_id:
            self.article_list.select_article(article_id, emit=False)
        self.quote_id = None
        self.select_quote(quote_id)
        self.articleOpened.emit(article_id)

    def _load_annotations(self) -> None:
        self.quotes = self.store.quotes(self.article.id)
        self.entities = self.store.entities(self.article.id)
        self.stances = {lab.quote_id: lab.label for lab in self.store.labels(self.article.id, self.coder)}

    def select_quote(self, quote_id: int | None, from_panel: bool = False) -> None:
        if quote_id is not None and not any(q.id == quote_id for q in self.quotes):
            quote_id = None
        self.quote_id = quote_id
        if not from_panel:
            self.quote_panel.select(quote_id)
        self.text.select_quote(quote_id)
        self._update_suggestion()
        self._position_timer.start()

    def _save_position(self) -> None:
        if self.readonly or self.article is None:
            return
        try:
            self.store.set_setting(f"last_article:{self.coder}", str(self.article.id))
            self.store.set_setting(f"last_quote:{self.coder}", "" if self.quote_id is None else str(self.quote_id))
        except StoreError:
            pass  # the position is a convenience; a busy database must not interrupt coding

    def current_quote(self) -> Quote | None:
        return next((q for q in self.quotes if q.id == self.quote_id), None)

    def changed(self, article_id: int, select: int | None, scope: str = "all") -> None:
        """After every write (do, undo, redo): re-read what changed and say it is saved."""
        if scope == "stance" and self.article is not None and self.article.id == article_id:
            self.stances = {lab.quote_id: lab.label for lab in self.store.labels(article_id, self.coder)}
            self.text.set_stances(self.stances)
            self.quote_panel.set_stances(self.stances)
            if select is not None and select != self.quote_id:
                self.select_quote(select)
            else:
                self._update_suggestion()
        elif self.article is not None and self.article.id == article_id:
            self._load_annotations()
            self.text.show_article(self.article.text, self.quotes, self.entities, self.stances,
                                   self.codebook, keep_scroll=True)
            if select is None or not any(q.id == select for q in self.quotes):
                select = self.quote_id if any(q.id == self.quote_id for q in self.quotes) else None
            self.quote_panel.set_quotes(self.quotes, self.stances, self.codebook)
            self.quote_id = None
            self.quote_panel.select(select)
            self.quote_id = select
            self.text.select_quote(select, scroll=False)
            self._update_suggestion()
            self._position_timer.start()
        elif select is not None:
            self.open_article(article_id, select)
        self.article_list.model.refresh_article(article_id)
        self.refresh_progress()
        self.saved_label.setText(f"Saved ✓ {time.strftime('%H:%M:%S')}")
        self.saved.emit()

    def refresh_progress(self) -> None:
        coded, total = self.store.progress(self.coder)
        pct = f" ({coded / total:.0%})" if total else ""
        self.progress_label.setText(f"Coded {coded} of {total} quotes{pct}")

    # -- running commands ---------------------------------------------------------------------

    def execute(self, command: cmd.StoreCommand) -> bool:
        """Run a command's first redo; push it on the undo stack only if it was saved."""
        if self.readonly:
            self.statusBar().showMessage("This window is read-only.", 4000)
            return False
        try:
            select = command.apply()
        except (StoreError, ValueError, KeyError) as exc:
            error_box(self, "Not saved", exc)
            return False
        command.on_error = lambda exc: error_box(self, "Undo/redo failed", exc)
        command.pushed_done = True
        self.undo_stack.push(command)
        self.changed(command.article_id, select, command.scope)
        return True

    def _need_quote(self) -> Quote | None:
        quote = self.current_quote()
        if quote is None:
            self.statusBar().showMessage("Select a quote first (J/K or click it).", 4000)
        return quote

    def _need_selection(self) -> tuple[int, int] | None:
        span = self.text.selection_span() if self.article else None
        if span is None:
            self.statusBar().showMessage("Select some text in the article first.", 4000)
        return span

    # -- actions ------------------------------------------------------------------------------

    def set_stance(self, key: str) -> None:
        quote = self._need_quote()
        if quote is None:
            return
        if self.stances.get(quote.id) == key:
            return
        label = self.codebook.label(key)
        self.execute(cmd.SetStance(self.store, self.coder, self.article.id, self.changed, quote.id, key,
                                   label.name if label else key))

    def _step_quote(self, delta: int) -> None:
        if not self.quotes:
            return
        ids = [q.id for q in self.quotes]
        if self.quote_id not in ids:
            self.select_quote(ids[0] if delta > 0 else ids[-1])
            return
        i = ids.index(self.quote_id) + delta
        if 0 <= i < len(ids):
            self.select_quote(ids[i])

    def do_next_quote(self) -> None:
        self._step_quote(1)

    def do_prev_quote(self) -> None:
        self._step_quote(-1)

    def do_next_article(self) -> None:
        if not self.article_list.step(1):
            self.statusBar().showMessage("This is the last article in the list.", 3000)

    def do_prev_article(self) -> None:
        if not self.article_list.step(-1):
            self.statusBar().showMessage("This is the first article in the list.", 3000)

    def do_next_uncoded(self) -> None:
        quote = self.current_quote()
        found = self.store.next_uncoded(self.coder, self.article.id if self.article else None,
                                        quote.id if quote else None)
        if found is None:
            self.statusBar().showMessage("Every quote is coded.", 4000)
            return
        article_id, quote_id = found
        if self.article is not None and article_id == self.article.id:
            self.select_quote(quote_id)
        else:
            self.open_article(article_id, quote_id)

    def speaker_names(self) -> list[str]:
        names = [q.speaker.name for q in self.quotes if q.speaker]
        for s in self.store.speakers():
            names.append(s.name)
            names.extend(s.aliases)
        return list(dict.fromkeys(names))

    def do_speaker(self) -> None:
        quote = self._need_quote()
        if quote is None:
            return
        mention = quote.mention.text if quote.mention else None
        others = [qid for qid, _ in self.store.quotes_with_mention(mention)] if mention else []
        others = [qid for qid in others if qid != quote.id]
        dialog = SpeakerDialog(self.speaker_names(), quote.speaker.name if quote.speaker else (mention or ""),
                               mention, len(others), self)
        dialog.setObjectName("speakerDialog")
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def accepted() -> None:
            name = dialog.name()
            if not name:
                return
            try:
                speaker_id = self.store.add_speaker(Speaker(name, type=dialog.type.currentText()))
            except StoreError as exc:
                error_box(self, "Not saved", exc)
                return
            ids = [quote.id, *others] if dialog.bulk.isChecked() else [quote.id]
            self.execute(cmd.ReassignSpeaker(self.store, self.coder, self.article.id, self.changed,
                                             ids, speaker_id, quote.id, name))

        dialog.accepted.connect(accepted)
        dialog.open()

    def do_kind(self) -> None:
        quote = self._need_quote()
        if quote is None:
            return
        kind = QUOTE_KINDS[(QUOTE_KINDS.index(quote.kind) + 1) % len(QUOTE_KINDS)]
        self.execute(cmd.UpdateQuote(self.store, self.coder, self.article.id, self.changed, quote.id,
                                     f"Kind {kind}", kind=kind))

    def guess_speaker(self, start: int, end: int) -> tuple[Speaker | None, int | None, Span | None]:
        """(speaker, speaker id, mention) for a new quote: a PERSON in the same sentence, else the
        nearest preceding quote's speaker."""
        text = self.article.text
        before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
        s_start = before[-1] if before else 0
        after = SENTENCE_END.search(text, end)
        s_end = after.end() if after else len(text)
        people = [e for e in self.entities if e.label == "PERSON" and s_start <= e.start and e.end <= s_end
                  and not (start <= e.start < end)]
        if people:
            person = min(people, key=lambda e: min(abs(e.start - end), abs(e.end - start)))
            return Speaker(person.text, type="person"), None, Span(person.start, person.end, person.text)
        earlier = [q for q in self.quotes if q.start < start and q.speaker_id is not None]
        if earlier:
            q = max(earlier, key=lambda q: q.start)
            return None, q.speaker_id, None
        return None, None, None

    def do_new_quote(self) -> None:
        span = self._need_selection()
        if span is None:
            return
        start, end = span
        text = self.article.text
        speaker, speaker_id, mention = self.guess_speaker(start, end)
        kind = "direct" if text[start] in "\"“‘'«„" else "indirect"
        quote = Quote(start=start, end=end, text=text[start:end], kind=kind, speaker=speaker,
                      speaker_id=speaker_id, mention=mention, origin="coder")
        self.execute(cmd.AddQuote(self.store, self.coder, self.article.id, self.changed, quote))

    def do_reject(self) -> None:
        quote = self._need_quote()
        if quote is None:
            return
        ids = [q.id for q in self.quotes]
        i = ids.index(quote.id)
        next_id = ids[i + 1] if i + 1 < len(ids) else (ids[i - 1] if i > 0 else None)
        self.execute(cmd.RejectQuote(self.store, self.coder, self.article.id, self.changed, quote.id, next_id))

    def do_boundaries(self) -> None:
        quote = self._need_quote()
        span = self._need_selection() if quote else None
        if quote is None or span is None:
            return
        self.execute(cmd.UpdateQuote(self.store, self.coder, self.article.id, self.changed, quote.id,
                                     "Quote boundaries", start=span[0], end=span[1]))

    def do_entity(self) -> None:
        span = self._need_selection()
        if span is None:
            return
        menu = QMenu(self, objectName="entityMenu")
        for label in ENTITY_LABELS:
            name = entity_style(label)[2]
            action = menu.addAction(f"&{label.capitalize() if label not in ('ORG', 'GPE', 'LOC', 'NORP') else label} — {name}")
            action.setData(label)
        menu.triggered.connect(lambda action: self.add_entity(span, action.data()))
        rect = self.text.cursorRect()
        menu.popup(self.text.viewport().mapToGlobal(rect.bottomLeft()))
        self._entity_menu = menu

    def add_entity(self, span: tuple[int, int], label: str) -> None:
        start, end = span
        entity = Entity(start=start, end=end, label=label, text=self.article.text[start:end], origin="coder")
        self.execute(cmd.AddEntity(self.store, self.coder, self.article.id, self.changed, entity, self.quote_id))

    def do_remove_entity(self, entity: Entity | None = None) -> None:
        entity = entity if isinstance(entity, Entity) else self.text.entity_under_cursor()
        if entity is None:
            self.statusBar().showMessage("Put the cursor on an entity first.", 4000)
            return
        self.execute(cmd.RemoveEntity(self.store, self.coder, self.article.id, self.changed, entity, self.quote_id))

    def _text_menu(self, pos) -> None:
        menu = self.text.createStandardContextMenu()
        index = self.text.position_at(pos)
        menu.addSeparator()
        for name in ("new_quote", "boundaries", "entity"):
            menu.addAction(self.actions_by_name[name])
        for entity in self.text.entities_at(index):
            action = menu.addAction(f"Remove entity “{entity.text}” ({entity.label})")
            action.setEnabled(not self.readonly)
            action.triggered.connect(lambda _=False, e=entity: self.do_remove_entity(e))
        menu.exec(self.text.viewport().mapToGlobal(pos))

    def do_search(self) -> None:
        self.article_list.search.setFocus()
        self.article_list.search.selectAll()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.article_list.search and event.type() == event.Type.KeyPress and event.key() == Qt.Key_Escape:
            self.quote_panel.table.setFocus()
            return True
        return super().eventFilter(obj, event)

    def do_undo(self) -> None:
        self.undo_stack.undo()

    def do_redo(self) -> None:
        self.undo_stack.redo()

    def do_shortcuts(self) -> None:
        dialog = ShortcutsDialog(help_table(self.codebook), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    # -- coders, codebook, speakers -------------------------------------------------------------

    def _fill_coders_menu(self) -> None:
        self.coders_menu.clear()
        switch = self.coders_menu.addAction("Switch coder…")
        switch.triggered.connect(self.ask_coder)
        self.coders_menu.addSeparator()
        group = QActionGroup(self.coders_menu)
        for coder in self.store.coders():
            action = self.coders_menu.addAction(coder.name)
            action.setCheckable(True)
            action.setChecked(coder.name == self.coder)
            group.addAction(action)
            action.triggered.connect(lambda _=False, n=coder.name: self.switch_coder(n))

    def ask_coder(self) -> None:
        names = [c.name for c in self.store.coders()]
        name, ok = QInputDialog.getItem(self, "Switch coder", "Coder name:", names,
                                        names.index(self.coder) if self.coder in names else 0, True)
        if ok and name.strip():
            self.switch_coder(name.strip())

    def switch_coder(self, name: str) -> None:
        if name == self.coder:
            return
        self._position_timer.stop()
        self._save_position()
        if not self.readonly:
            try:
                self.store.coder(name)
                self.store.set_setting("last_coder", name)
            except StoreError as exc:
                error_box(self, "Coder not switched", exc)
                return
        self.coder = name
        self.undo_stack.clear()
        self._update_coder_label()
        self.article_list.model.set_coder(name)
        self.article = None
        self.refresh_progress()
        self.restore_position()

    def edit_codebook(self) -> None:
        dialog = CodebookEditor(self.store, self.codebook, self)
        dialog.setObjectName("codebookEditor")
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def done() -> None:
            if dialog.saved is not None:
                self.set_codebook(dialog.saved)
                self.saved_label.setText(f"Codebook version {dialog.saved.version} saved ✓")

        dialog.accepted.connect(done)
        dialog.open()

    def set_codebook(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._rebuild_stance_actions()
        self.article_view.set_codebook(codebook)
        if self.article is not None:
            self.changed(self.article.id, self.quote_id)

    def edit_speakers(self) -> None:
        dialog = SpeakerRegistryDialog(self.store, self.coder, self.readonly, self)
        dialog.setObjectName("speakerRegistry")
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def done() -> None:
            if dialog.changed and self.article is not None:
                self.undo_stack.clear()  # merged speakers cannot be un-merged by earlier commands
                self.changed(self.article.id, self.quote_id)

        dialog.finished.connect(done)
        dialog.open()

    # -- background jobs ------------------------------------------------------------------------

    def start_job(self, job: Job, label: str, show_bar: bool = True) -> Job:
        self.jobs.append(job)
        if show_bar:
            self.job_label.setText(label)
            self.job_bar.setRange(0, 0)
            for w in (self.job_label, self.job_bar, self.job_cancel):
                w.show()

            def progressed(done: int, total: int, message: str) -> None:
                if total > 0:
                    self.job_bar.setRange(0, total)
                    self.job_bar.setValue(min(done, total))
                if message:
                    self.job_label.setText(message)

            job.progressed.connect(progressed)
        job.finished.connect(lambda: self._job_finished(job))
        job.start()
        return job

    def _job_finished(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        if not any(j.isRunning() for j in self.jobs):
            for w in (self.job_label, self.job_bar, self.job_cancel):
                w.hide()
        job.deleteLater()

    def cancel_jobs(self) -> None:
        for job in self.jobs:
            job.cancel()

    def start_background(self, load_nlp: bool = True, seed: bool = False) -> Job | None:
        """Load spaCy and, on a new database, import the samples, without blocking the window."""
        if not load_nlp and not seed:
            return None
        loader = self.nlp

        def work(store, progress):
            if load_nlp or seed:
                progress.start(0, "Loading the language model…")
                loader.ensure()
            if seed:
                from quotecoder.core.workspace import seed_samples

                return seed_samples(store, loader.pretagger, progress)
            return None

        job = Job("startup", work, self.store.path if seed else None, self)
        job.succeeded.connect(self._startup_done)
        job.failed.connect(lambda message, detail: error_box(self, "Background start-up failed", message, detail))
        return self.start_job(job, "Loading the language model…", show_bar=True)

    def _startup_done(self, report) -> None:
        if report is not None and not self.closing:
            self.reload_articles()
            self.saved_label.setText(f"Sample articles imported: {len(report.imported)}")
            if self.article is None:
                self.restore_position()

    def do_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", "", "Articles (*.txt *.csv *.tsv *.jsonl *.json *.html *.htm);;All files (*)")
        if paths:
            self.start_import(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.start_import([folder])

    def start_import(self, paths: list[str | Path]) -> Job | None:
        """Import files or folders in the background, with a progress dialog and Cancel."""
        if self.readonly:
            error_box(self, "Import", DatabaseReadOnly("This window is read-only; nothing can be imported here."))
            return None
        from quotecoder.core.importing import count_files, import_paths

        paths = [str(p) for p in paths]
        loader = self.nlp

        def work(store, progress):
            expected = count_files(paths)
            progress.start(expected, "Loading the language model…")
            pretagger = loader.ensure()
            if pretagger is not None:
                pretagger.registry = store.speakers()
            return import_paths(store, paths, pretagger, progress=progress)

        dialog = QProgressDialog("Reading articles…", "Cancel", 0, 0, self)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Importing articles")
        dialog.setWindowModality(Qt.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        self.import_dialog = dialog
        job = Job("import", work, self.store.path, self)
        expected = {"n": 0}

        def progressed(done: int, total: int, message: str) -> None:
            if total:
                expected["n"] = total
            n = expected["n"]
            if n and done <= n:
                dialog.setRange(0, n)
                dialog.setValue(done)
            else:
                dialog.setRange(0, 0)
            dialog.setLabelText(message or "Importing…")

        job.progressed.connect(progressed)
        dialog.canceled.connect(job.cancel)
        job.succeeded.connect(self._import_done)
        job.failed.connect(lambda message, detail: error_box(self, "Import failed", message, detail))
        job.finished.connect(dialog.close)
        dialog.show()
        self.start_job(job, "Importing…", show_bar=False)
        return job

    def _import_done(self, report) -> None:
        self.last_report = report
        if self.closing:
            return
        self.reload_articles()
        self.saved_label.setText(report.summary().splitlines()[0])
        if report.problems or report.cancelled:
            box = QMessageBox(QMessageBox.Warning if report.problems else QMessageBox.Information,
                              "Import", report.summary().splitlines()[0]
                              + ("\nSome files could not be imported; see the details." if report.problems else "")
                              + ("\nThe import was cancelled; what was imported so far is saved."
                                 if report.cancelled else ""),
                              QMessageBox.Ok, self)
            box.setObjectName("importReport")
            box.setDetailedText(report.summary())
            box.setAttribute(Qt.WA_DeleteOnClose)
            box.open()
        if self.article is None:
            self.restore_position()

    def reload_articles(self) -> None:
        self.article_list.reload()
        self.refresh_progress()

    # -- closing --------------------------------------------------------------------------------

    closing = False

    def closeEvent(self, event) -> None:
        self.closing = True
        self._position_timer.stop()
        self._save_position()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()
        self.stop_jobs()
        if self.owns_store:
            self.store.close()
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None
        super().closeEvent(event)

    def stop_jobs(self, timeout_ms: int = 30000) -> None:
        """Cancel every background job and wait for it to end (a model load cannot be interrupted)."""
        for job in list(self.jobs):
            job.cancel()
        for job in list(self.jobs):
            job.wait(timeout_ms)
        QApplication.sendPostedEvents()  # deliver the jobs' last signals while the store is open
