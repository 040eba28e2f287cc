"""The coding surface: one article's highlighted text beside its quotes, and which quote is selected.

It listens to the session and re-reads what a change touched; the keyboard's editing
actions live in :mod:`quotecoder.gui.coding_actions`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter

from quotecoder.core.attribution import needs_review
from quotecoder.core.model import Article, Entity, Quote
from quotecoder.core.store import StoreError
from quotecoder.gui.article_view import ArticleView
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
        self.setSizes([540, 380])
        self.setChildrenCollapsible(False)
        self.setFocusProxy(self.quote_panel.table)  # the coding keys' home
        self.article: Article | None = None
        self.quotes: list[Quote] = []
        self.entities: list[Entity] = []
        self.stances: dict[int, str] = {}
        self.to_review: set[int] = set()  # quotes whose machine speaker is to review
        self.quote_id: int | None = None
        self.suggestion: str | None = None
        self._position: tuple[str, int, int | None] | None = None
        self._position_timer = QTimer(self, singleShot=True, interval=400)
        self._position_timer.timeout.connect(self.save_position)
        self.quote_panel.quoteSelected.connect(lambda qid: self.select_quote(qid, from_panel=True))
        self.text.quoteClicked.connect(self.select_quote)
        session.changed.connect(self._changed)
        session.focusQuote.connect(self.show_quote)

    def take_focus(self) -> None:
        """Keys go to the coding surface (after a dialog, Esc in the search box, at start)."""
        self.quote_panel.table.setFocus(Qt.OtherFocusReason)

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
        self.text.show_article(self.article.text, self.quotes, self.entities, self.stances, self.session.codebook)
        self.quote_panel.set_quotes(self.quotes, self.stances, self.session.codebook)
        self.quote_panel.set_review(self.to_review)
        self.quote_id = None
        self.select_quote(quote_id)
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
        self.quotes, self.entities, self.stances, self.quote_id = [], [], {}, None
        self.to_review = set()
        self.article_view.header.show_article(None)
        self.text.show_article("", [], [], {}, self.session.codebook)
        self.quote_panel.set_quotes([], {}, self.session.codebook)
        self.quote_panel.set_review(set())
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
        self._load_stances()
        decided = store.reviewed_quotes(self.article.id)
        self.to_review = {q.id for q in self.quotes if needs_review(q) and q.id not in decided}

    def _load_stances(self) -> None:
        self.stances = {lab.quote_id: lab.label for lab in self.session.store.labels(self.article.id,
                                                                                     self.session.coder)}

    def copy_titles(self) -> list[str]:
        """The titles of the open article's near-duplicates."""
        if self.article is None or self.article.dup_group is None:
            return []
        store = self.session.store
        return [store.article_row(i).title for i in store.duplicate_group(self.article.id) if i != self.article.id]

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

    def next_uncoded(self) -> None:
        quote = self.current_quote()
        found = self.session.store.next_uncoded(self.session.coder, self.article.id if self.article else None,
                                                quote.id if quote else None)
        if found is None:
            self.session.note("Every quote is coded.")
            return
        self.show_quote(*found)

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
        """Offer the label this coder gave a copy of the selected quote (never in blind mode)."""
        key = None
        quote = self.current_quote() if self.article is not None else None
        if not self.session.blind and quote is not None and self.article.dup_group is not None:
            try:
                found = self.session.store.suggested_label(quote.id, self.session.coder)
            except StoreError:
                found = None
            if found and found != self.stances.get(quote.id):
                key = found
        self.suggestion = key
        text = ""
        if key is not None:
            label = self.session.codebook.label(key)
            text = f"Coded as {label.name if label else key} in a copy — press Enter to accept"
        self.quote_panel.set_suggestion(text)

    # -- changes -----------------------------------------------------------------------------

    def _changed(self, article_id: int, scope: str) -> None:
        """Re-read what a change touched (an action, undo, redo, a job, another program)."""
        if scope == CODER:
            self.save_position()
        if scope == CODEBOOK:
            self.article_view.set_codebook(self.session.codebook)
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
            self._reload_stances()
        else:
            self._reload_article()

    def _reload_stances(self) -> None:
        self._load_stances()
        self.text.set_stances(self.stances)
        self.quote_panel.set_stances(self.stances)
        self.update_suggestion()

    def _reload_article(self) -> None:
        try:
            self.article = self.session.store.article(self.article.id)
        except KeyError:  # removed
            self.open_first()
            return
        self._load_annotations()
        self.article_view.header.show_article(self.article, self.copy_titles())
        self.text.show_article(self.article.text, self.quotes, self.entities, self.stances,
                               self.session.codebook, keep_scroll=True)
        select = self.quote_id if any(q.id == self.quote_id for q in self.quotes) else None
        self.quote_panel.set_quotes(self.quotes, self.stances, self.session.codebook)
        self.quote_panel.set_review(self.to_review)
        self.quote_id = None
        self.quote_panel.select(select)
        self.quote_id = select
        self.text.select_quote(select, scroll=False)
        self.update_suggestion()
