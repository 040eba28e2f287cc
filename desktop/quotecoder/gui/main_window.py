"""The coding window: its layout and menus. The parts it holds do the work; the session joins them.

    article list │ article text │ quotes          (an empty study: the start panel instead)
    status: Coder · Coded x of y · messages · Saved ✓ · job progress
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from quotecoder.core.model import Quote
from quotecoder.gui.actions import BASE_ACTIONS, ActionSpec, action_table, codebook_actions, help_table
from quotecoder.gui.article_list import ArticleList
from quotecoder.gui.coding import CodingSurface
from quotecoder.gui.coding_actions import CodingActions
from quotecoder.gui.file_actions import FileActions
from quotecoder.gui.messages import error_box
from quotecoder.gui.session import ARTICLES, BLIND, CODEBOOK, CODER, Session
from quotecoder.gui.start_panel import StartPanel
from quotecoder.gui.status import StatusLine
from quotecoder.gui.study_actions import StudyActions
from quotecoder.gui.theme import READONLY_BANNER

READONLY_TEXT = "Another QuoteCoder window is using this database; this window is read-only"
BLIND_OFF_TIP = "Off in blind mode: it shows other coders' labels (View › Blind mode)"
SPLITTER_KEY = "window/splitters"  # both splitters' states (the list's width, the text's width)


def first_size(screen) -> QSize:
    """The window's size on first start: 1440×860, or the screen's free area (less a margin) if smaller."""
    wanted = QSize(1440, 860)
    if screen is None:
        return wanted
    free = screen.availableGeometry().size()
    return wanted.boundedTo(QSize(free.width() - 40, free.height() - 60))


class MainWindow(QMainWindow):
    """Lays out the parts over one :class:`Session` (passed in, never global) and builds the menus."""

    def __init__(self, session: Session, settings: QSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.session = session
        self.settings = settings if settings is not None else QSettings()
        name = session.store.path.name
        self.setWindowTitle(f"QuoteCoder — {name}" + (" (read-only)" if session.readonly else ""))
        self.article_list = ArticleList(session)
        self.coding = CodingSurface(session)
        self.coding_actions = CodingActions(session, self.coding, self)
        self.files = FileActions(session, self)
        self.study = StudyActions(session, self)
        self.status = StatusLine(session, self.statusBar())
        self.actions_by_name: dict[str, QAction] = {}
        self.code_actions: list[QAction] = []  # the codebook's: its labels' number keys, Tab, Shift+Tab
        self.code_menus: list[QMenu] = []  # a submenu of Code per variable (a codebook with several)
        self._in_dialog = False  # a dialog of this window has the keys
        self._tip_shown = False
        self._build_menus()
        self._build_layout()
        self._connect()
        self._restore_window()
        self.coding.restore_position()
        self._show_start_panel()
        self.focus_home()

    # -- layout ----------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.start_panel = StartPanel(self.actions_by_name["import"], self.actions_by_name["load_samples"])
        scroll = QScrollArea(objectName="startScroll", widgetResizable=True, frameShape=QFrame.NoFrame)
        scroll.setWidget(self.start_panel)  # a small window scrolls it rather than growing
        self.pages = QStackedWidget(objectName="pages")
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.coding)
        self.splitter = QSplitter(Qt.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(self.article_list)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 9)
        several = len(self.session.codebook.by_unit("quote")) > 1  # a column each: the list gives up some room
        self.splitter.setSizes([470, 970] if several else [520, 920])
        self.splitter.setChildrenCollapsible(False)
        self.banner = QLabel(self.session.readonly_reason or "", objectName="readonlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"QLabel {{ background: {READONLY_BANNER}; color: #3d3200; "
                                  "border: 1px solid #d4b800; padding: 6px; font-weight: bold; }")
        self.banner.setVisible(self.session.readonly)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _connect(self) -> None:
        session, coding = self.session, self.coding
        self.article_list.articleActivated.connect(coding.open_article)
        coding.articleOpened.connect(lambda article_id: self.article_list.select_article(article_id, emit=False))
        self.article_list.search.left.connect(self.focus_home)
        coding.text.setContextMenuPolicy(Qt.CustomContextMenu)
        coding.text.customContextMenuRequested.connect(
            lambda pos: self.coding_actions.text_menu(pos, self.actions_by_name))
        coding.variable_cursor.activeChanged.connect(self._bind_keys)
        session.errorRaised.connect(self._show_error)
        session.changed.connect(self._changed)
        QGuiApplication.instance().focusWindowChanged.connect(self._focus_window_changed)

    def focus_home(self) -> None:
        """Keys go to the coding surface (the start panel in an empty study)."""
        (self.coding.take_focus if self.pages.currentWidget() is self.coding else self.start_panel.setFocus)()

    def _show_start_panel(self) -> None:
        page = self.coding if self.session.has_articles else self.pages.widget(0)
        if self.pages.currentWidget() is not page:
            had_focus = self.pages.currentWidget().isAncestorOf(QApplication.focusWidget())
            self.pages.setCurrentWidget(page)
            if had_focus:  # never taken from the search box
                self.focus_home()

    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        splitters = self.settings.value(SPLITTER_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self.screen()))
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        if isinstance(splitters, list) and len(splitters) == 2:
            for splitter, saved in zip((self.splitter, self.coding), splitters):
                if isinstance(saved, QByteArray):
                    splitter.restoreState(saved)

    # -- menus -----------------------------------------------------------------------------------

    def action_specs(self) -> list[ActionSpec]:
        """The keyboard table the coding actions are built from (Help › Keyboard shortcuts lists it)."""
        return action_table(self.session.codebook)

    def _handlers(self) -> dict[str, Callable[[], None]]:
        stack, lst = self.session.undo_stack, self.article_list
        return {
            **self.coding_actions.handlers(),
            "next_article": lambda: lst.step(1) or self.session.note("This is the last article in the list.", 3000),
            "prev_article": lambda: lst.step(-1) or self.session.note("This is the first article in the list.", 3000),
            "search": self.focus_search,
            "undo": stack.undo,
            "redo": stack.redo,
            "import": self.files.do_import,
            "shortcuts": self.show_shortcuts,
        }

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus = {name: bar.addMenu(f"&{name}") for name in ("File", "Edit", "Code", "View")}
        self.coders_menu = bar.addMenu("C&oders")
        self.menus["Tools"] = bar.addMenu("&Tools")
        self.menus["Help"] = bar.addMenu("&Help")
        handlers = self._handlers()
        for spec in BASE_ACTIONS:
            self._add_spec(spec, handlers)
        self._build_code_actions()
        files, study, readonly = self.files, self.study, self.session.readonly
        file_menu, view, tools = self.menus["File"], self.menus["View"], self.menus["Tools"]
        add = self._add
        add(file_menu, "import_folder", "Import folder…", files.import_folder, edits=True)
        add(file_menu, "load_samples", "Load the sample articles", files.load_samples, edits=True,
            tip="Import the ten fictional sample articles, to try QuoteCoder on")
        file_menu.addSeparator()
        add(file_menu, "merge_database", "Merge coder database…", files.merge_database_dialog, edits=True,
            tip="Bring another coder's database (articles, quotes, labels, decisions) into this one")
        add(file_menu, "import_codes", "Import codes from spreadsheet…", files.import_codes_dialog, edits=True,
            tip="Read stance codes back from a CSV with the columns quote_id, coder, stance")
        add(file_menu, "restore_jsonl", "Restore from JSONL backup…", files.restore_jsonl_dialog, edits=True,
            tip="Bring back what a JSONL backup holds; nothing here is overwritten")
        file_menu.addSeparator()
        add(file_menu, "export", "Export…", files.export_dialog, keys=("Ctrl+E",),
            tip="Write a CSV for R, SPSS, Stata or Excel, or a JSONL backup")
        file_menu.addSeparator()
        add(file_menu, "remove_article", "Remove this article…", self.remove_current_article, edits=True,
            tip="Take the open article out of the study, with its quotes and labels (undoable)")
        add(file_menu, "remove_samples", "Remove the sample articles…", files.remove_samples, edits=True,
            tip="Take the fictional sample articles out of the study in one go (undoable)")
        file_menu.addSeparator()
        add(file_menu, "quit", "Quit", self.close, keys=(QKeySequence(QKeySequence.Quit).toString(),))
        view.addSeparator()
        self.colour_menu = view.addMenu("&Colour by")
        self.colour_menu.setObjectName("colourByMenu")
        self.colour_group = QActionGroup(self.colour_menu)
        self.colour_group.triggered.connect(lambda action: self.coding.variable_cursor.set_colour_by(action.data()))
        self._fill_colour_menu()
        advance = add(view, "advance", "Next quote after the last variable",
                      self.coding.variable_cursor.set_advance,
                      tip="With several quote variables: after coding a quote's last variable, go to the "
                          "next quote that still needs codes")
        advance.setCheckable(True)
        view.addSeparator()
        add(view, "study_summary", "Study summary", self.show_study_summary,
            tip="Charts of the study: stance per outlet and over time, speakers, progress, α, the pre-tagger")
        blind = add(view, "blind_mode", "Blind mode", self.session.set_blind,
                    tip="Never show another coder's labels (saved with this database)")
        blind.setCheckable(True)
        blind.setChecked(self.session.blind)
        add(tools, "codebook", "Codebook…", self.edit_codebook, edits=True)
        add(tools, "speaker_registry", "Speaker registry…", self.edit_speakers)
        tools.addSeparator()
        add(tools, "reliability_sample", "Reliability sample…", study.sample_dialog, edits=True,
            tip="Draw the articles every coder codes, for inter-coder agreement")
        add(tools, "agreement", "Agreement…", study.agreement_dialog)
        add(tools, "adjudicate", "Adjudicate disagreements…", study.adjudication_dialog)
        tools.setToolTipsVisible(True)
        self.coders_menu.aboutToShow.connect(self._fill_coders_menu)
        self._fill_coders_menu()
        self._apply_blind()
        self._show_preferences()
        for name in ("import", "import_folder", "load_samples"):
            self.actions_by_name[name].setEnabled(not readonly)

    def _add(self, menu: QMenu, name: str, text: str, slot, *, edits: bool = False, tip: str = "",
             keys: tuple[str, ...] = (), owners: tuple[QWidget, ...] = ()) -> QAction:
        """A menu action; its keys work anywhere in the window, or only in ``owners`` (and their children)."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda checked=False: slot(checked) if action.isCheckable() else slot())
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setEnabled(not (edits and self.session.readonly))
        menu.addAction(action)
        for owner in owners or (self,):
            owner.addAction(action)
        if owners:
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.actions_by_name[name] = action
        return action

    def _add_spec(self, spec: ActionSpec, handlers: dict[str, Callable[[], None]],
                  menu: QMenu | None = None) -> QAction:
        if spec.code is not None:
            slot = lambda code=spec.code: self.coding_actions.code(*code)  # noqa: E731
        else:
            slot = handlers[spec.name]
        # Tab and Shift+Tab change the variable only where the coding keys are: elsewhere they move the focus
        owners = (self.coding, self.article_list.table) if spec.surface else ()
        action = self._add(menu or self.menus[spec.menu], spec.name, spec.text, slot, edits=spec.edits,
                           tip=spec.help, keys=spec.shortcuts, owners=owners)
        if not spec.surface:
            action.setShortcutContext(Qt.WindowShortcut)
        return action

    def _build_code_actions(self) -> None:
        """The codebook's actions at the top of the Code menu: its labels (in a submenu per variable
        when it has several) and Tab / Shift+Tab. Only the active variable's labels hold their keys."""
        code = self.menus["Code"]
        for action in self.code_actions:
            code.removeAction(action)
            for owner in action.associatedObjects():
                if isinstance(owner, QWidget):
                    owner.removeAction(action)
            self.actions_by_name.pop(action.objectName(), None)
            action.deleteLater()
        for menu in self.code_menus:
            code.removeAction(menu.menuAction())
            menu.deleteLater()
        self.code_actions, self.code_menus = [], []
        first = code.actions()[0] if code.actions() else None
        specs = codebook_actions(self.session.codebook)
        several = len({s.code[0] for s in specs if s.code}) > 1
        menus: dict[str, QMenu] = {}
        handlers = self._handlers()
        for spec in specs:
            menu = None
            if spec.code is not None and several:
                variable = self.session.codebook.variable(spec.code[0])
                if variable.key not in menus:
                    where = " (article)" if variable.unit == "article" else ""
                    menus[variable.key] = QMenu(f"{variable.name}{where}", code)
                    code.insertMenu(first, menus[variable.key])
                    self.code_menus.append(menus[variable.key])
                menu = menus[variable.key]
            action = self._add_spec(spec, handlers, menu)
            action.setData(spec.shortcuts)
            if menu is None:
                code.removeAction(action)
                code.insertAction(first, action)
            self.code_actions.append(action)
        if first is not None:
            self.code_actions.append(code.insertSeparator(first))
        self._bind_keys()

    def _bind_keys(self, _active: str = "") -> None:
        """The number keys code the active variable: only its labels' actions hold their keys."""
        active = self.coding.active
        for action in self.code_actions:
            name = action.objectName()
            if ":" in name:
                keys = action.data() if name.split(":", 1)[0] == active else ()
                action.setShortcuts([QKeySequence(k) for k in keys or ()])

    def _fill_colour_menu(self) -> None:
        """View › Colour by: one entry per quote variable."""
        self.colour_menu.clear()
        for action in self.colour_group.actions():
            self.colour_group.removeAction(action)
        for variable in self.session.codebook.by_unit("quote"):
            action = self.colour_menu.addAction(variable.name)
            action.setObjectName(f"colour_by:{variable.key}")
            action.setData(variable.key)
            action.setCheckable(True)
            self.colour_group.addAction(action)
        self._show_preferences()

    def _show_preferences(self) -> None:
        """The View menu's checks follow the coder's remembered choices."""
        for action in self.colour_group.actions():
            action.setChecked(action.data() == self.coding.colour_by)
        advance = self.actions_by_name.get("advance")
        if advance is not None:
            advance.setChecked(self.coding.variable_cursor.advance)
            advance.setEnabled(len(self.session.codebook.by_unit("quote")) > 1)

    def _apply_blind(self) -> None:
        blind = self.session.blind
        self.actions_by_name["blind_mode"].setChecked(blind)
        for name, tip in (("agreement", "Krippendorff's α, Cohen's κ and more among the coders"),
                          ("adjudicate", "Decide the final stance where the coders disagree")):
            action = self.actions_by_name[name]
            action.setEnabled(not blind and not (name == "adjudicate" and self.session.readonly))
            action.setToolTip(BLIND_OFF_TIP if blind else tip)
            action.setStatusTip(BLIND_OFF_TIP if blind else tip)

    def _fill_coders_menu(self) -> None:
        self.coders_menu.clear()
        switch = self.coders_menu.addAction("Switch coder…")
        switch.triggered.connect(self.ask_coder)
        self.coders_menu.addSeparator()
        group = QActionGroup(self.coders_menu)
        for coder in self.session.store.coders():
            action = self.coders_menu.addAction(coder.name)
            action.setCheckable(True)
            action.setChecked(coder.name == self.session.coder)
            group.addAction(action)
            action.triggered.connect(lambda _=False, n=coder.name: self.session.set_coder(n))

    # -- what the menus open ---------------------------------------------------------------------

    def ask_coder(self) -> None:
        names = [c.name for c in self.session.store.coders()]
        coder = self.session.coder
        name, ok = QInputDialog.getItem(self, "Switch coder", "Coder name:", names,
                                        names.index(coder) if coder in names else 0, True)
        if ok:
            self.session.set_coder(name)

    def focus_search(self) -> None:
        self.article_list.search.setFocus(Qt.ShortcutFocusReason)
        self.article_list.search.selectAll()

    # the dialogs' modules load when first needed: the window shows sooner

    def show_shortcuts(self) -> QDialog:
        from quotecoder.gui.dialogs import ShortcutsDialog

        return _opened(ShortcutsDialog(help_table(self.session.codebook), self))

    def edit_codebook(self) -> QDialog:
        from quotecoder.gui.dialogs import CodebookEditor

        return _opened(CodebookEditor(self.session, self), "codebookEditor")

    def edit_speakers(self) -> QDialog:
        from quotecoder.gui.speaker_registry import SpeakerRegistryDialog

        return _opened(SpeakerRegistryDialog(self.session, self), "speakerRegistry")

    def show_study_summary(self) -> QWidget:
        """View › Study summary, in a dock (matplotlib loads on first use, not at start-up)."""
        from quotecoder.gui.summary_view import show_summary_dock

        return show_summary_dock(self, self.session)

    def remove_current_article(self) -> None:
        article = self.coding.article
        if article is None:
            self.session.note("Open an article first.")
            return
        self.files.remove_articles([article.id], then_show=self.article_list.neighbour(article.id))

    # -- the session's news ----------------------------------------------------------------------

    def _changed(self, article_id: int, scope: str) -> None:
        if scope == CODEBOOK:
            self._build_code_actions()
            self._fill_colour_menu()
        elif scope == BLIND:
            self._apply_blind()
        elif scope == ARTICLES:
            self._show_start_panel()
        elif scope == CODER:
            self._fill_coders_menu()
            self._show_preferences()

    def _show_error(self, title: str, message: str, detail: str) -> None:
        parent = QApplication.activeWindow() or self
        error_box(parent if parent.isVisible() else self, title, message, detail)

    def _focus_window_changed(self, window) -> None:
        """Back from any dialog, the keys go to the coding surface again (also when the window
        system activates the window only later, or another program in between)."""
        mine = self.windowHandle()
        dialog = (window is not None and mine is not None and window != mine
                  and window.transientParent() == mine and window.type() != Qt.Popup)
        if self._in_dialog and not dialog:
            self.focus_home()
        self._in_dialog = dialog

    def event(self, event) -> bool:
        if event.type() == QEvent.StatusTip:  # menu hints beside the coder and progress, never over them
            tip = event.tip()
            if tip or self._tip_shown:
                self.status.show_message(tip, 0)
            self._tip_shown = bool(tip)
            return True
        return super().event(event)

    # -- for drivers and tests: the coding surface's state -------------------------------------

    @property
    def saved(self):
        """The session's ``saved`` signal (an action was saved)."""
        return self.session.saved

    @property
    def stances(self) -> dict[int, str]:
        return self.coding.stances

    def current_quote(self) -> Quote | None:
        return self.coding.current_quote()

    def start_export(self, *args, **kwargs):
        return self.files.start_export(*args, **kwargs)

    # -- closing ---------------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if self.session.closed:
            super().closeEvent(event)
            return
        self.coding.save_position()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue(SPLITTER_KEY, [self.splitter.saveState(), self.coding.saveState()])
        self.settings.sync()
        QGuiApplication.instance().focusWindowChanged.disconnect(self._focus_window_changed)
        self.session.close()
        super().closeEvent(event)


def _opened(dialog: QDialog, name: str = "") -> QDialog:
    """``dialog`` shown window-modal, deleted when closed; ``name`` is its object name (for tests)."""
    if name:
        dialog.setObjectName(name)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
