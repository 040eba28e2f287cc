"""Quotation-mark pairing on raw text, paragraph by paragraph, in linear time.

Handles curly double “ ”, straight double ", curly single ‘ ’, straight single ',
guillemets « » (and ‹ › „ ‟), tells a closing single quote from an apostrophe
(doesn’t, Russia’s, the students’ union) and follows the news convention for
multi-paragraph quotes: an opening mark starts each paragraph and only the last
paragraph closes.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE, SINGLE, GUILLEMET = "d", "s", "g"

_OPEN_ONLY = {"\u201c": DOUBLE, "\u201e": DOUBLE, "\u00ab": GUILLEMET, "\u2039": GUILLEMET, "\u2018": SINGLE, "\u201b": SINGLE}
_CLOSE_ONLY = {"\u201d": DOUBLE, "\u00bb": GUILLEMET, "\u203a": GUILLEMET}
_AMBIGUOUS = {'"': DOUBLE, "\u201f": DOUBLE}
_SINGLE_CLOSE = {"\u2019", "'"}
QUOTE_CHARS = frozenset("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019\u201b\"'")

_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;\u00a0\u2009\u202f") | set(_OPEN_ONLY)
_CLOSE_AFTER = set(" \t\n)]}\u2014\u2013-/:;,.?!\u00a0\u2009\u202f\u2026") | set(_CLOSE_ONLY) | {"\u2019", '"', "'"}


@dataclass
class Segment:
    """A top-level quoted stretch of text.

    ``start``/``end`` include the marks that are present; ``inner_start``/``inner_end``
    exclude them. ``closed`` is False when the paragraph ended before a closing mark;
    ``continued`` is True when the next paragraph reopens the same quote.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    style: str
    closed: bool = True
    continued: bool = False
    continues: bool = False  # this segment continues one from the previous paragraph
    paragraph: int = 0


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, i: int, n: int) -> tuple[str, str] | None:
    """('open'|'close'|'either', style) for the mark at ``i``, or None for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < n else " "
    if ch in _OPEN_ONLY:
        style = _OPEN_ONLY[ch]
        if style == SINGLE and _is_word(prev):
            return None  # a misprinted apostrophe inside a word
        return ("open", style)
    if ch in _CLOSE_ONLY:
        return ("close", _CLOSE_ONLY[ch])
    if ch in _AMBIGUOUS:
        before_ok = prev in _OPEN_BEFORE or prev.isspace()
        after_ok = nxt in _CLOSE_AFTER or nxt.isspace()
        if before_ok and not after_ok:
            return ("open", DOUBLE)
        if after_ok and not before_ok:
            return ("close", DOUBLE)
        return ("either", DOUBLE)
    if ch in _SINGLE_CLOSE:
        if _is_word(prev) and _is_word(nxt):
            return None  # doesn’t, Russia’s, rock’n’roll
        before_ok = prev in _OPEN_BEFORE or prev.isspace()
        after_ok = nxt in _CLOSE_AFTER or nxt.isspace()
        if ch == "'" and before_ok and not after_ok:
            return ("open", SINGLE)
        if before_ok and not after_ok:
            # ’ at a word start: ’90s, ’em – an apostrophe; a misused opener otherwise
            return ("open", SINGLE) if nxt.isupper() or nxt in "[(" else None
        if after_ok and not before_ok:
            return ("maybe-close", SINGLE)  # a closer, or a plural possessive (students’)
        return None
    return None


def find_segments(text: str) -> list[Segment]:
    """Top-level quote segments of ``text``, in order; never more than one per paragraph span."""
    segments: list[Segment] = []
    n = len(text)
    para_start = 0
    para_index = 0
    carry: str | None = None  # style of an unclosed quote from the previous paragraph
    while para_start <= n:
        para_end = text.find("\n", para_start)
        if para_end < 0:
            para_end = n
        segs = _paragraph_segments(text, para_start, para_end, para_index, carry)
        if segs:
            first = segs[0]
            if first.continues:
                if segments and segments[-1].paragraph < para_index:
                    segments[-1].continued = True
            elif carry is not None and first.start == _first_non_space(text, para_start, para_end):
                if first.style == carry or carry == DOUBLE and first.style == GUILLEMET:
                    first.continues = True
                    if segments and segments[-1].paragraph < para_index:
                        segments[-1].continued = True
            segments.extend(segs)
            last = segs[-1]
            carry = last.style if not last.closed else None
        elif text[para_start:para_end].strip():
            carry = None
        para_index += 1
        para_start = para_end + 1
    return segments


def _first_non_space(text: str, start: int, end: int) -> int:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i


def _paragraph_segments(text: str, start: int, end: int, para_index: int, carry: str | None = None) -> list[Segment]:
    n = len(text)
    marks: list[tuple[int, str, str]] = []
    for i in range(start, end):
        if text[i] in QUOTE_CHARS:
            role = _role(text, i, n)
            if role is not None:
                marks.append((i, role[0], role[1]))
    if not marks:
        return []
    out: list[Segment] = []
    stack: list[tuple[int, str]] = []  # (position, style)
    last_single_close = max((p for p, r, st in marks if st == SINGLE and r == "maybe-close"), default=-1)
    for pos, role, style in marks:
        if role == "maybe-close" and pos < last_single_close and text[pos - 1] in "sS" and _lower_word_follows(text, pos + 1, end):
            continue  # a plural possessive (the students’ union) with a later closer in the paragraph
        if role == "either":
            role = "close" if any(s == style for _, s in stack) else "open"
        if role == "maybe-close":
            if any(s == style for _, s in stack):
                role = "close"
            else:
                continue  # plural possessive or stray apostrophe
        if role == "open":
            if stack and stack[-1][1] == style and style != SINGLE:
                # a second opener of the same style: treat the first as unclosed
                top = stack.pop()
                if not stack:
                    out.append(_seg(text, top[0], pos, style, False, para_index))
            stack.append((pos, style))
            continue
        # close
        idx = None
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][1] == style or (style == DOUBLE and stack[k][1] == GUILLEMET) or (style == GUILLEMET and stack[k][1] == DOUBLE):
                idx = k
                break
        if idx is None:
            if carry is not None and not out and not stack and (style == carry or {style, carry} == {DOUBLE, GUILLEMET}):
                # a quote carried over from the previous paragraph without a new opening mark
                first = _first_non_space(text, start, end)
                seg = _seg(text, first - 1, pos + 1, carry, True, para_index)
                seg.start, seg.inner_start = first, first
                seg.continues = True
                out.append(seg)
                carry = None
            continue  # a stray closer
        opener = stack[idx]
        del stack[idx:]
        if not stack:
            out.append(_seg(text, opener[0], pos + 1, opener[1], True, para_index))
    if stack:
        opener = stack[0]
        out.append(_seg(text, opener[0], _strip_end(text, opener[0], end), opener[1], False, para_index))
    return [s for s in out if s.inner_end > s.inner_start]


def _lower_word_follows(text: str, i: int, end: int) -> bool:
    return i + 1 < end and text[i] == " " and text[i + 1].islower()


def _strip_end(text: str, lo: int, end: int) -> int:
    while end > lo + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _seg(text: str, open_pos: int, end: int, style: str, closed: bool, para: int) -> Segment:
    inner_start = open_pos + 1
    inner_end = end - 1 if closed else end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Segment(open_pos, end, inner_start, inner_end, style, closed, paragraph=para)
