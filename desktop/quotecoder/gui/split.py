"""The divider between the article text and the quote panel: fitted to the quote columns until
the coder moves it, and a split saved with the window kept only while it leaves them their room."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSplitter

from quotecoder.gui.quote_panel import QuotePanel


class SplitFit(QObject):
    """Fits ``splitter`` (the text, then ``quote_panel``) to the quote columns; the splitter calls
    :meth:`restored` after its ``restoreState`` and :meth:`resized` after its ``resizeEvent``."""

    def __init__(self, splitter: QSplitter, quote_panel: QuotePanel) -> None:
        super().__init__(splitter)
        self.splitter, self.quote_panel = splitter, quote_panel
        # "fit": fitted to the quote columns (fit); "restored": saved with the window; "coder": moved by hand
        self.divider: Literal["fit", "restored", "coder"] = "fit"
        splitter.splitterMoved.connect(self._moved)
        quote_panel.columnsFitted.connect(self._columns_fitted)

    def fit(self) -> None:
        """The quote panel wide enough for its columns (the speaker, the kind, every quote variable)
        and the quote's first words, within 40–58% of the surface; wider if its columns need it
        while the text keeps 26 em (about 40 characters a line). The text takes the rest."""
        splitter = self.splitter
        total = sum(splitter.sizes())
        if total > 0:
            em = splitter.fontMetrics().horizontalAdvance("M")
            columns = self.quote_panel.needed_width()
            quotes = min(max(columns + 5 * em, total * 2 // 5), total * 58 // 100)
            quotes = max(quotes, min(columns, total - 26 * em))
            splitter.setSizes([total - quotes, quotes])

    def restored(self) -> None:
        """A split saved with the window was restored: judged at its first layout (:meth:`resized`)."""
        self.divider = "restored"

    def resized(self) -> None:
        """The splitter was laid out anew: a restored split is kept if the quote columns have their
        room; until the coder moves the divider, it follows the columns."""
        if self.divider == "restored":  # its first layout: judged once the codebook's columns are in
            self.divider = "coder" if self.splitter.sizes()[1] >= self.quote_panel.needed_width() else "fit"
        if self.divider == "fit":  # until the coder moves the divider
            self.fit()

    def _moved(self) -> None:
        self.divider = "coder"

    def _columns_fitted(self) -> None:
        """The codebook's quote variables changed: widen the quote panel if its columns lack room."""
        splitter = self.splitter
        if splitter.width() > 0 and splitter.isVisible() and splitter.sizes()[1] < self.quote_panel.needed_width():
            self.fit()
