"""The coding surface: one article's highlighted text beside its quotes, and which quote is selected.

Which variable the number keys code is its ``variable_cursor`` (:mod:`quotecoder.gui.variable_cursor`);
the divider's fitting is its ``split`` (:mod:`quotecoder.gui.split`). It listens to the session and
re-reads what a change touched; the keyboard's editing actions live in
:mod:`quotecoder.gui.coding_actions`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter

from quotecoder.core.attribution import needs_review
from quotecoder.core.model import Article, Entity, Quote
from quotecoder.core.store import StoreError
from quotecoder.gui.article_view import ArticleView
from quotecoder.gui.commands import SetCode
from quotecoder.gui.quote_panel import QuotePanel
from quotecoder.gui.session import (
    ALL,
    ARTICLES,
    BLIND,
    CODEBOOK,
    CODER,
    EXTERNAL,
    QUOTES,
    SPEAKERS,
    STANCE,
    Session,
)
from quotecoder.gui.split import SplitFit
from quotecoder.gui.variable_cursor import VariableCursor
from quotecoder.gui.variables import label_name


class CodingSurface(QSplitter):
    """The article view and the quote panel, over the session's current coder."""

    articleOpened = Signal(int)

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(Qt.Horizontal, parent)
        self.setObjectName("codingSurface")
        self.session = session
        self.article_view = ArticleView(session.codebook)
        self.text = self.article_view.text
        self.quote_panel = QuotePanel()
        self.addWidget(self.article_view)
        self.addWidget(self.quote_panel)
        self.setStretchFactor(0, 5)
        self.setStretchFactor(1, 3)
        self.setChildrenCollapsible(False)
        self.split = SplitFit(self, self.quote_panel)
        self.setFocusProxy(self.quote_panel.table)  # the coding keys' home
        self.article: Article | None = None
        self.quotes: list[Quote] = []
        self.entities: list[Entity] = []
        self.codes: dict[int, dict[str, str]] = {}  # this coder's: quote id -> {variable: label}
        self.article_codes: dict[str, str] = {}  # this coder's, for the open article: variable -> label
        self.speaker_codes: dict[int, dict[str, str]] = {}  # the quotes' speakers: id -> {variable: label}
        self.to_review: set[int] = set()  # quotes whose machine speaker is to review
        self.quote_id: int | None = None
        self.suggestions: dict[str, str] = {}  # variable -> the label this coder gave a copy of the quote
        self.variable_cursor = VariableCursor(self)  # the variable the number keys code; View preferences
        self._position: tuple[str, int, int | None] | None = None
        self._position_timer = QTimer(self, singleShot=True, interval=400)
        self._position_timer.timeout.connect(self.save_position)
        self._stack_index = session.undo_stack.index()
        self.quote_panel.quoteSelected.connect(lambda qid: self.select_quote(qid, from_panel=True))
        self.text.quoteClicked.connect(self.select_quote)
        session.changed.connect(self._changed)
        session.focusQuote.connect(self.show_quote)
        session.undo_stack.indexChanged.connect(self._stack_moved)
        self.variable_cursor.load_preferences()
        self.variable_cursor.set_active(None)

    # -- the divider between the text and the quotes (fitted by ``split``) ------------------------

    def restoreState(self, state) -> bool:
        """A split saved with the window is kept if it leaves the quote columns their room."""
        restored = super().restoreState(state)
        if restored:
            self.split.restored()
        return restored

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.split.resized()

    def take_focus(self) -> None:
        """Keys go to the coding surface (after a dialog, Esc in the search box, at start)."""
        self.quote_panel.table.setFocus(Qt.OtherFocusReason)

    @property
    def stances(self) -> dict[int, str]:
        """This coder's stance (the codebook's first quote variable) per quote of the open article."""
        stance = self.session.codebook.stance
        key = stance.key if stance else None
        return {qid: codes[key] for qid, codes in self.codes.items() if key in codes}

    # -- what is shown -----------------------------------------------------------------------

    def current_quote(self) -> Quote | None:
        return next((q for q in self.quotes if q.id == self.quote_id), None)

    def open_article(self, article_id: int, quote_id: int | None = None) -> bool:
        if self.article is not None and self.article.id == article_id and quote_id is None:
            return True
        try:
            self.article = self.session.store.article(article_id)
        except KeyError:
            return False
        self._load_annotations()
        if quote_id is None or not any(q.id == quote_id for q in self.quotes):
            quote_id = self.quotes[0].id if self.quotes else None
        self.article_view.header.show_article(self.article, self.copy_titles())
        self.text.show_article(self.article.text, self.quotes, self.entities, self.codes, self.session.codebook,
                               self.colour_by)
        self.quote_panel.set_quotes(self.quotes, self.codes, self.session.codebook)
        self.quote_panel.set_review(self.to_review)
        self.quote_panel.set_speaker_codes(self.session.codebook.by_unit("speaker"), self.speaker_codes)
        self.quote_id = None
        self.select_quote(quote_id)
        self.variable_cursor.show_active()
        self.articleOpened.emit(article_id)
        return True

    def show_quote(self, article_id: int, quote_id: int | None) -> None:
        """Show ``quote_id`` (or the article's first quote) in ``article_id``."""
        if article_id == ALL:
            return
        if self.article is None or self.article.id != article_id:
            self.open_article(article_id, quote_id)
        elif quote_id is not None and quote_id != self.quote_id:
            self.select_quote(quote_id)

    def show_nothing(self) -> None:
        self.article = None
        self.quotes, self.entities, self.codes, self.quote_id = [], [], {}, None
        self.article_codes, self.speaker_codes, self.to_review = {}, {}, set()
        self.article_view.header.show_article(None)
        self.text.show_article("", [], [], {}, self.session.codebook, self.colour_by)
        self.quote_panel.set_quotes([], {}, self.session.codebook)
        self.quote_panel.set_review(set())
        self.variable_cursor.show_active()
        self.update_suggestion()

    def open_first(self) -> bool:
        """The first article of the study, or nothing when it has none."""
        rows = self.session.store.article_rows(limit=1)
        if rows and self.open_article(rows[0].id):
            return True
        self.show_nothing()
        return False

    def restore_position(self) -> None:
        """Return to the coder's last article and quote, or the first article."""
        store, coder = self.session.store, self.session.coder
        last_article, last_quote = store.setting(f"last_article:{coder}"), store.setting(f"last_quote:{coder}")
        article_id = int(last_article) if last_article and last_article.isdigit() else None
        quote_id = int(last_quote) if last_quote and last_quote.isdigit() else None
        if article_id is None or not self.open_article(article_id, quote_id):
            self.open_first()

    def _load_annotations(self) -> None:
        store = self.session.store
        self.quotes = store.quotes(self.article.id)
        self.entities = store.entities(self.article.id)
        self._load_codes()
        decided = store.reviewed_quotes(self.article.id)
        self.to_review = {q.id for q in self.quotes if needs_review(q) and q.id not in decided}
        self.speaker_codes = {}
        if self.session.codebook.by_unit("speaker"):
            speakers = {q.speaker_id for q in self.quotes}
            self.speaker_codes = {sid: codes for sid, codes in store.speaker_codes().items() if sid in speakers}

    def _load_codes(self) -> None:
        """This coder's codes for the open article and its quotes (every variable)."""
        store, coder = self.session.store, self.session.coder
        codes: dict[int, dict[str, str]] = {}
        for code in store.labels(self.article.id, coder, variable=None):
            codes.setdefault(code.quote_id, {})[code.variable] = code.label
        self.codes = codes
        self.article_codes = store.article_codes(self.article.id, coder)

    def copy_titles(self) -> list[str]:
        """The titles of the open article's near-duplicates."""
        if self.article is None or self.article.dup_group is None:
            return []
        store = self.session.store
        return [store.article_row(i).title for i in store.duplicate_group(self.article.id) if i != self.article.id]

    # -- the active variable (kept by ``variable_cursor``) ------------------------------------

    @property
    def active(self) -> str | None:
        """The key of the variable the number keys code."""
        return self.variable_cursor.active

    @property
    def colour_by(self) -> str | None:
        """The key of the quote variable whose labels colour the text."""
        return self.variable_cursor.colour_by

    # -- selection -------------------------------------------------------------------------------

    def select_quote(self, quote_id: int | None, from_panel: bool = False) -> None:
        if quote_id is not None and not any(q.id == quote_id for q in self.quotes):
            quote_id = None
        self.quote_id = quote_id
        if not from_panel:
            self.quote_panel.select(quote_id)
        self.text.select_quote(quote_id)
        self.update_suggestion()
        if self.article is not None:
            self._position = (self.session.coder, self.article.id, quote_id)
            self._position_timer.start()

    def save_position(self) -> None:
        """Remember where this coder is (saved quietly, a moment after the selection settles)."""
        self._position_timer.stop()
        if self._position is not None:
            coder, article_id, quote_id = self._position
            self._position = None
            self.session.set_setting(f"last_article:{coder}", str(article_id))
            self.session.set_setting(f"last_quote:{coder}", "" if quote_id is None else str(quote_id))

    def step_quote(self, delta: int) -> None:
        if not self.quotes:
            return
        ids = [q.id for q in self.quotes]
        if self.quote_id not in ids:
            self.select_quote(ids[0] if delta > 0 else ids[-1])
            return
        i = ids.index(self.quote_id) + delta
        if 0 <= i < len(ids):
            self.select_quote(ids[i])

    def next_uncoded(self, first_missing: bool = False) -> None:
        """The next quote lacking one of this coder's codes (here, then in later articles); the keys
        go to a variable it lacks (``first_missing``: the first one, else only if the active one is coded).
        With ``first_missing`` (the keys moving on after a code) an article is not left while it
        lacks a code for an article variable: that variable comes first."""
        quote = self.current_quote()
        found = self.session.store.next_uncoded(self.session.coder, self.article.id if self.article else None,
                                                quote.id if quote else None)
        leaving = self.article is not None and (found is None or found[0] != self.article.id)
        article_missing = self.variable_cursor.missing("article") if first_missing and leaving else []
        if article_missing:
            variable = self.session.codebook.variable(article_missing[0])
            self.variable_cursor.set_active(variable.key)
            self.session.note(f"Now the article's {variable.name}, in the header; then the keys go on to "
                              "the next quote.", 5000)
            return
        if found is None:
            self.session.note("Every quote is coded.")
            if first_missing:
                self.variable_cursor.set_active(None)
            return
        self.show_quote(*found)
        self.variable_cursor.first_missing(first_missing)

    def next_to_review(self) -> None:
        """The next quote whose machine speaker is below the review threshold (here, then in later articles)."""
        quote = self.current_quote()
        found = self.session.store.next_to_review(self.article.id if self.article else None,
                                                  quote.id if quote else None)
        if found is None:
            self.session.note("No speaker left to review: every machine attribution is either sure "
                              "enough or decided by a coder.", 5000)
            return
        self.show_quote(*found)

    def update_suggestion(self) -> None:
        """Offer the codes this coder gave a copy of the selected quote (never in blind mode)."""
        found: dict[str, str] = {}
        quote = self.current_quote() if self.article is not None else None
        variables = self.session.codebook.by_unit("quote")
        if not self.session.blind and quote is not None and self.article.dup_group is not None:
            coded = self.codes.get(quote.id, {})
            for variable in variables:
                try:
                    label = self.session.store.suggested_label(quote.id, self.session.coder, variable.key)
                except StoreError:
                    label = None
                if label and label != coded.get(variable.key):
                    found[variable.key] = label
        self.suggestions = found
        text = ""
        if len(variables) == 1 and found:
            text = f"Coded as {label_name(variables[0], found[variables[0].key])} in a copy — press Enter to accept"
        elif found:
            codes = ", ".join(f"{v.name}: {label_name(v, found[v.key])}" for v in variables if v.key in found)
            text = f"Coded in a copy as {codes} — press Enter to accept"
        self.quote_panel.set_suggestion(text)

    # -- changes -----------------------------------------------------------------------------

    def _changed(self, article_id: int, scope: str) -> None:
        """Re-read what a change touched (an action, undo, redo, a job, another program)."""
        if scope == CODER:
            self.save_position()
            self.variable_cursor.load_preferences()
        if scope in (CODER, CODEBOOK, EXTERNAL):
            self.variable_cursor.codebook_changed()  # still in the codebook?
        if scope == BLIND:
            self.update_suggestion()
            return
        if scope not in (STANCE, QUOTES, ARTICLES, EXTERNAL, SPEAKERS, CODEBOOK, CODER):
            return
        if self.article is None:
            if scope == ARTICLES:
                self.restore_position()
            return
        if article_id not in (ALL, self.article.id):
            return
        if scope in (STANCE, CODER):
            self._reload_codes()
        else:
            self._reload_article()

    def _reload_codes(self) -> None:
        self._load_codes()
        self.text.set_codes(self.codes)
        self.quote_panel.set_codes(self.codes)
        self.variable_cursor.show_article_codes()
        self.update_suggestion()

    def _reload_article(self) -> None:
        try:
            self.article = self.session.store.article(self.article.id)
        except KeyError:  # removed
            self.open_first()
            return
        self._load_annotations()
        codebook = self.session.codebook
        self.article_view.header.show_article(self.article, self.copy_titles())
        self.text.show_article(self.article.text, self.quotes, self.entities, self.codes, codebook,
                               self.colour_by, keep_scroll=True)
        select = self.quote_id if any(q.id == self.quote_id for q in self.quotes) else None
        self.quote_panel.set_quotes(self.quotes, self.codes, codebook)
        self.quote_panel.set_review(self.to_review)
        self.quote_panel.set_speaker_codes(codebook.by_unit("speaker"), self.speaker_codes)
        self.quote_id = None
        self.variable_cursor.show_active()
        self.quote_panel.select(select)
        self.quote_id = select
        self.text.select_quote(select, scroll=False)
        self.update_suggestion()

    def _stack_moved(self, index: int) -> None:
        """After an undone code, the keys go back to its variable (to code it again at once)."""
        previous, self._stack_index = self._stack_index, index
        if index >= previous:
            return
        try:
            command = self.session.undo_stack.command(index)
        except RuntimeError:  # the window is closing
            return
        if isinstance(command, SetCode) and command.coder == self.session.coder and command.codes:
            self.variable_cursor.set_active(next(iter(command.codes)))
