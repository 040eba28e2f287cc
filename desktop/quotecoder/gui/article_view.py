"""The article text with its quotes, cues, speaker mentions and entities highlighted.

Spans may overlap: the text is cut at every span boundary and each segment gets
one merged character format (background from the innermost quote, colour from
the entity, underline from the cue or an uncoded quote, bold for the speaker
mention). The selected quote gets a frame painted over the text.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from quotecoder.core.model import Article, Codebook, Entity, Quote
from quotecoder.core.titles import display_title
from quotecoder.gui.theme import (
    CUE_COLOUR,
    ENTITY_STYLES,
    OTHER_ENTITY,
    SELECTED_FRAME,
    UNCODED_LINE,
    entity_style,
)


KEEP_ANCHOR = QTextCursor.KeepAnchor
DASH_UNDERLINE = QTextCharFormat.DashUnderline
SINGLE_UNDERLINE = QTextCharFormat.SingleUnderline
BOLD = QFont.Bold


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class TextMap:
    """Python string indices ↔ Qt document positions (UTF-16 units)."""

    def __init__(self, text: str) -> None:
        self.wide = [m.start() for m in _ASTRAL.finditer(text)]  # characters Qt counts twice
        self.length = len(text)

    def to_qt(self, index: int) -> int:
        return index + bisect.bisect_left(self.wide, index) if self.wide else index

    def to_py(self, position: int) -> int:
        if not self.wide:
            return position
        lo, hi = 0, self.length
        while lo < hi:  # smallest index whose Qt position >= position
            mid = (lo + hi) // 2
            if self.to_qt(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # quote | entity | cue | mention
    ref: object


OPENING_MARKS = "\"“‘'«„‹"
CLOSING_MARKS = "\"”’'»“›"


def framed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span the selected quote's frame goes round: the quote, with the quotation marks just
    outside it (a frame drawn between a mark and the words would cover the mark)."""
    if start > 0 and text[start - 1] in OPENING_MARKS:
        start -= 1
    if end < len(text) and text[end] in CLOSING_MARKS:
        end += 1
    return start, end


def display_text(text: str) -> str:
    """The text as the view shows it: same length, carriage returns as spaces."""
    return text.replace("\r", " ")


class ArticleText(QTextEdit):
    """Read-only, highlighted article text."""

    quoteClicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("articleText")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.setDocument(self._new_document())
        self.text = ""
        self.map = TextMap("")
        self.quotes: list[Quote] = []
        self.entities: list[Entity] = []
        self.stances: dict[int, str] = {}
        self.codebook: Codebook | None = None
        self.selected_quote: int | None = None
        self.setMouseTracking(True)

    # -- content -----------------------------------------------------------------------------

    def show_article(self, text: str, quotes: list[Quote], entities: list[Entity],
                     stances: dict[int, str], codebook: Codebook, keep_scroll: bool = False) -> None:
        """Show ``text`` with its spans; for the same text only the spans that changed are restyled."""
        same = text == self.text and codebook is self.codebook
        scroll = self.verticalScrollBar().value()
        if same:
            dirty = self._dirty_range(quotes, entities, stances)
        self.text, self.quotes, self.entities = text, quotes, entities
        self.stances, self.codebook = stances, codebook
        if same:
            if dirty is not None:
                self._apply_formats(*dirty)
        else:
            self.map = TextMap(text)
            # Fill and format a new document before the view shows it: a document that no
            # view lays out yet takes text and formats ten times faster (5 MB: 0.3 s, not 3 s).
            # Typed in a plain format with the paragraph spacing, every paragraph inherits both.
            document = self._new_document()
            cursor = QTextCursor(document)
            block = QTextBlockFormat()
            block.setBottomMargin(self.fontMetrics().height() * 0.45)
            block.setLineHeight(112, 1)  # ProportionalHeight
            cursor.setBlockFormat(block)
            cursor.setCharFormat(QTextCharFormat())
            cursor.insertText(display_text(text))
            self._apply_formats(document=document)
            old = self.document()
            self.setDocument(document)
            if old.parent() is self:
                old.deleteLater()
            if not keep_scroll:
                self.verticalScrollBar().setValue(0)
        if keep_scroll:
            self.verticalScrollBar().setValue(scroll)
        self.viewport().update()

    def set_stances(self, stances: dict[int, str]) -> None:
        """Only stance labels changed: restyle the quotes whose label changed."""
        changed = [q for q in self.quotes if self.stances.get(q.id) != stances.get(q.id)]
        self.stances = stances
        if changed:
            self._apply_formats(min(q.start for q in changed), max(q.end for q in changed))
            self.viewport().update()

    def _signature(self, quotes, entities, stances) -> dict:
        sig = {}
        for q in quotes:
            sig[("q", q.id)] = ((q.start, q.end), q.cue and (q.cue.start, q.cue.end),
                                q.mention and (q.mention.start, q.mention.end), stances.get(q.id))
        for e in entities:
            sig[("e", e.id, e.start, e.end, e.label)] = ((e.start, e.end),)
        return sig

    def _dirty_range(self, quotes, entities, stances) -> tuple[int, int] | None:
        """The smallest range covering every span that was added, removed or restyled."""
        old = self._signature(self.quotes, self.entities, self.stances)
        new = self._signature(quotes, entities, stances)
        spans = []
        for key in old.keys() | new.keys():
            a, b = old.get(key), new.get(key)
            if a != b:
                for value in (a, b):
                    if value:
                        spans.extend(x for x in value if isinstance(x, tuple))
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def _marks(self) -> list[Mark]:
        marks: list[Mark] = []
        for q in self.quotes:
            marks.append(Mark(q.start, q.end, "quote", q))
            if q.cue is not None:
                marks.append(Mark(q.cue.start, q.cue.end, "cue", q))
            if q.mention is not None:
                marks.append(Mark(q.mention.start, q.mention.end, "mention", q))
        for e in self.entities:
            marks.append(Mark(e.start, e.end, "entity", e))
        return [m for m in marks if 0 <= m.start < m.end <= len(self.text)]

    def _new_document(self) -> QTextDocument:
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDocumentMargin(14)
        document.setDefaultFont(self.font())
        return document

    def _apply_formats(self, lo: int | None = None, hi: int | None = None,
                       document: QTextDocument | None = None) -> None:
        """Format the text (or only ``text[lo:hi]``) from the spans over it."""
        marks = self._marks()
        to_qt = self.map.to_qt
        cursor = QTextCursor(document or self.document())
        cursor.beginEditBlock()
        if lo is not None:
            marks = [m for m in marks if m.start < hi and m.end > lo]
            cursor.setPosition(to_qt(lo))
            cursor.setPosition(to_qt(hi), KEEP_ANCHOR)
            cursor.setCharFormat(QTextCharFormat())
            bounds = sorted({lo, hi, *(b for m in marks for b in (m.start, m.end) if lo < b < hi)})
        else:
            bounds = sorted({b for m in marks for b in (m.start, m.end)})
        starts = sorted(marks, key=lambda m: m.start)
        runs: list[tuple[int, int, tuple]] = []
        active: list[Mark] = []
        k = 0
        for a, b in zip(bounds, bounds[1:]):
            active = [m for m in active if m.end > a]
            while k < len(starts) and starts[k].start <= a:
                if starts[k].end > a:
                    active.append(starts[k])
                k += 1
            if not active:
                continue
            style = self._style(active)
            if runs and runs[-1][1] == a and runs[-1][2] == style:
                runs[-1] = (runs[-1][0], b, style)  # merge neighbours with the same look
            else:
                runs.append((a, b, style))
        cache: dict[tuple, QTextCharFormat] = {}
        for a, b, style in runs:
            fmt = cache.get(style)
            if fmt is None:
                fmt = cache[style] = self._format(style)
            cursor.setPosition(to_qt(a))
            cursor.setPosition(to_qt(b), KEEP_ANCHOR)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()

    def _style(self, active: list[Mark]) -> tuple:
        """What a segment looks like: (background, text colour, underline, bold)."""
        background = foreground = None
        underline = 0  # 0 none, 1 dashed (uncoded quote), 2 solid (cue)
        bold = False
        quotes = [m for m in active if m.kind == "quote"]
        if quotes:
            inner = min(quotes, key=lambda m: m.end - m.start).ref
            background = self._stance_colour(inner.id)
            if any(self.stances.get(m.ref.id) is None for m in quotes):
                underline = 1
        entities = [m for m in active if m.kind == "entity"]
        if entities:
            inner = min(entities, key=lambda m: m.end - m.start).ref
            fg, bg, _ = entity_style(inner.label)
            foreground = fg
            if not quotes and bg:
                background = bg
        for m in active:
            if m.kind == "cue":
                underline = 2
            elif m.kind == "mention":
                bold = True
        return (background, foreground, underline, bold)

    @staticmethod
    def _format(style: tuple) -> QTextCharFormat:
        background, foreground, underline, bold = style
        fmt = QTextCharFormat()
        if background:
            fmt.setBackground(QColor(background))
        if foreground:
            fmt.setForeground(QColor(foreground))
        if underline == 1:
            fmt.setUnderlineStyle(DASH_UNDERLINE)
            fmt.setUnderlineColor(QColor(UNCODED_LINE))
        elif underline == 2:
            fmt.setUnderlineStyle(SINGLE_UNDERLINE)
            fmt.setUnderlineColor(QColor(CUE_COLOUR))
            fmt.setFontItalic(True)
        if bold:
            fmt.setFontWeight(BOLD)
        return fmt

    def _stance_colour(self, quote_id: int | None) -> str | None:
        key = self.stances.get(quote_id) if quote_id is not None else None
        if key is None or self.codebook is None:
            return None
        label = self.codebook.label(key)
        return label.colour if label else "#cccccc"

    # -- selection ---------------------------------------------------------------------------

    def select_quote(self, quote_id: int | None, scroll: bool = True) -> None:
        self.selected_quote = quote_id
        quote = self.quote_by_id(quote_id)
        if quote is not None and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.map.to_qt(quote.end))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
            cursor.setPosition(self.map.to_qt(quote.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.viewport().update()

    def quote_by_id(self, quote_id: int | None) -> Quote | None:
        return next((q for q in self.quotes if q.id == quote_id), None)

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as Python indices, trimmed of surrounding blanks; None if nothing."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        a = self.map.to_py(cursor.selectionStart())
        b = self.map.to_py(cursor.selectionEnd())
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return (a, b) if a < b else None

    def select_span(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` (as a user would with the mouse)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_qt(start))
        cursor.setPosition(self.map.to_qt(end), QTextCursor.KeepAnchor)
        self.setTextCursor(cursor)

    def position_at(self, point) -> int:
        return self.map.to_py(self.cursorForPosition(point).position())

    def quotes_at(self, index: int) -> list[Quote]:
        return sorted((q for q in self.quotes if q.start <= index < q.end), key=lambda q: q.end - q.start)

    def entities_at(self, index: int) -> list[Entity]:
        return sorted((e for e in self.entities if e.start <= index < e.end), key=lambda e: e.end - e.start)

    def entity_under_cursor(self) -> Entity | None:
        cursor = self.textCursor()
        index = self.map.to_py(cursor.selectionStart() if cursor.hasSelection() else cursor.position())
        found = self.entities_at(index)
        return found[0] if found else None

    # -- events ------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and not self.textCursor().hasSelection():
            found = self.quotes_at(self.position_at(event.position().toPoint()))
            if found:
                self.quoteClicked.emit(found[0].id)

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            tip = self.tooltip_at(self.position_at(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, index: int) -> str:
        lines = []
        for q in self.quotes_at(index):
            key = self.stances.get(q.id)
            label = self.codebook.label(key) if (key and self.codebook) else None
            speaker = q.speaker.name if q.speaker else "unknown speaker"
            stance = label.name if label else (key or "not coded")
            lines.append(f"<b>{html.escape(speaker)}</b> · {q.kind} quote · stance: {html.escape(stance)}")
        for e in self.entities_at(index):
            lines.append(f"{html.escape(e.text)} — {html.escape(entity_style(e.label)[2])} ({e.label})")
        return "<br>".join(lines)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        quote = self.quote_by_id(self.selected_quote)
        if quote is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.Antialiasing)
        pen = QPen(QColor(SELECTED_FRAME), 2.2)
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        start, end = framed_span(self.text, quote.start, quote.end)
        for rect in self.span_rects(start, end):
            painter.drawRoundedRect(rect.adjusted(-2.0, -0.5, 2.0, 0.5), 3, 3)
        painter.end()

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles covering ``text[start:end]``, one per line."""
        doc = self.document()
        layout = doc.documentLayout()
        a, b = self.map.to_qt(start), self.map.to_qt(end)
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        visible = self.viewport().rect()
        rects = []
        block = doc.findBlock(a)
        while block.isValid() and block.position() <= b:
            origin = layout.blockBoundingRect(block).topLeft() + QPointF(dx, dy)
            if origin.y() > visible.bottom():
                break
            text_layout = block.layout()
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                ls = block.position() + line.textStart()
                le = ls + line.textLength()
                s, e = max(a, ls), min(b, le)
                if s >= e:
                    continue
                x1 = line.cursorToX(s - block.position())
                x2 = line.cursorToX(e - block.position())
                x1 = x1[0] if isinstance(x1, tuple) else x1
                x2 = x2[0] if isinstance(x2, tuple) else x2
                rect = QRectF(x1, line.y(), x2 - x1, line.height()).translated(origin)
                if rect.bottom() >= 0 and rect.top() <= visible.bottom():
                    rects.append(rect)
            block = block.next()
        return rects


class ArticleHeader(QLabel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setContentsMargins(6, 4, 6, 4)

    def show_article(self, article: Article | None, copies: list[str] | None = None) -> None:
        """The title and metadata; ``copies`` are the titles of the article's near-duplicates."""
        if article is None:
            self.setText("<i>No article selected</i>")
            return
        title = html.escape(display_title(article.title, article.text, article.source, article.id, longest=90))
        meta = " · ".join(
            html.escape(x) for x in (article.outlet, (article.published or "")[:10], article.byline,
                                     article.section, article.language,
                                     article.doc_id and f"Doc. {article.doc_id}") if x
        )
        dup = ""
        if copies:
            dup = (f"<div style='color:#7a4b00'>≈ Near-duplicate of: "
                   f"{'; '.join(html.escape(t) for t in copies)}</div>")
        self.setText(f"<div style='font-size:15pt; font-weight:bold'>{title}</div>"
                     f"<div style='color:#444'>{meta or '&nbsp;'}</div>{dup}")


def legend_html(codebook: Codebook) -> str:
    def chip(bg: str, text: str, fg: str = "#000", extra: str = "") -> str:
        return (f"<span style='background:{bg}; color:{fg}; {extra}'>&nbsp;{html.escape(text)}&nbsp;</span>")

    stances = " ".join(chip(lab.colour, f"{lab.shortcut} {lab.name}".strip()) for lab in codebook.labels)
    uncoded = chip("#ffffff", "not coded", extra=f"text-decoration: underline; border-bottom:1px dashed {UNCODED_LINE}")
    seen, ents = set(), []
    for label, (fg, bg, name) in ENTITY_STYLES.items():
        if name not in seen:
            seen.add(name)
            ents.append(chip(bg, name, fg))
    ents.append(chip("#ffffff", OTHER_ENTITY[2], OTHER_ENTITY[0]))
    cue = "<span style='text-decoration: underline; font-style: italic'>cue</span>"
    speaker = "<b>speaker</b>"
    return (f"<b>Stance:</b> {stances} {uncoded}&nbsp;&nbsp; <b>Entities:</b> {' '.join(ents)}"
            f"&nbsp;&nbsp; {cue} &nbsp;{speaker} &nbsp;<span style='color:{SELECTED_FRAME}'>▭ selected</span>")


class ArticleView(QWidget):
    """Header, highlighted text and legend."""

    def __init__(self, codebook: Codebook, parent=None) -> None:
        super().__init__(parent)
        self.header = ArticleHeader()
        self.text = ArticleText()
        self.legend = QLabel(objectName="legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.RichText)
        self.set_codebook(codebook)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.legend)

    def set_codebook(self, codebook: Codebook) -> None:
        self.legend.setText(legend_html(codebook))
