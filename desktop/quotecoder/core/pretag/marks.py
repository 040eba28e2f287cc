"""Quotation-mark pairing on raw text, paragraph by paragraph, in linear time.

Handles curly double “ ”, straight double ", curly single ‘ ’, straight single ',
guillemets « » (and ‹ ›), German „ “ and ‚ ‘, the two-apostrophe '' and backtick ``
marks of news archives, tells a closing single quote from an apostrophe (doesn’t,
Russia’s, the students’ union, ’90s, '19, 'em) and follows the news convention for
multi-paragraph quotes: an opening mark starts each paragraph and only the last
paragraph closes. A stretch holding no letter or digit is never a quote.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE, SINGLE, GUILLEMET = "d", "s", "g"

_OPEN_ONLY = {
    "\u201c": DOUBLE, "\u201e": DOUBLE, "\u00ab": GUILLEMET, "\u2039": GUILLEMET,
    "\u2018": SINGLE, "\u201b": SINGLE, "\u201a": SINGLE,
}
_CLOSE_ONLY = {"\u201d": DOUBLE, "\u00bb": GUILLEMET, "\u203a": GUILLEMET}
_AMBIGUOUS = {'"': DOUBLE, "\u201f": DOUBLE}
_SINGLE_CLOSE = {"\u2019", "'"}
#: German low openers are closed by the high marks that open English quotes: „…“ and ‚…‘.
_GERMAN_CLOSER = {"\u201e": "\u201c", "\u201a": "\u2018"}
QUOTE_CHARS = frozenset("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a\u201b\"'`")

_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;\u00a0\u2009\u202f") | set(_OPEN_ONLY)
_CLOSE_AFTER = set(" \t\n)]}\u2014\u2013-/:;,.?!\u00a0\u2009\u202f\u2026") | set(_CLOSE_ONLY) | {"\u2019", '"', "'"}
#: Words that an apostrophe shortens at their start: ’em, 'cause, ’til.
_ELISIONS = ("em ", "em,", "em.", "cause ", "til ", "tis ", "twas ", "bout ", "n ")

APOS2 = "''"


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


@dataclass(frozen=True)
class _Mark:
    pos: int
    width: int
    role: str  # open, close, either, maybe-close, plural-close, german
    style: str
    char: str


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _before_ok(ch: str) -> bool:
    return ch in _OPEN_BEFORE or ch.isspace()


def _after_ok(ch: str) -> bool:
    return ch in _CLOSE_AFTER or ch.isspace()


def _role(text: str, i: int, n: int) -> tuple[str, str] | None:
    """(role, style) for the one-character mark at ``i``, or None for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < n else " "
    if ch in _OPEN_ONLY:
        style = _OPEN_ONLY[ch]
        if style == SINGLE and _is_word(prev):
            # a misprinted apostrophe inside a word, or the closer of a German ‚…‘
            return None if _is_word(nxt) else ("german", SINGLE)
        if ch == "\u201c" and not _before_ok(prev) and _after_ok(nxt):
            return ("either", DOUBLE)  # a misprinted closer: fascist?“ he asked
        return ("open", style)
    if ch in _CLOSE_ONLY:
        if ch == "\u201d" and _before_ok(prev) and not _after_ok(nxt) and _is_word(nxt):
            return ("either", DOUBLE)  # a misprinted opener: ”We will …
        return ("close", _CLOSE_ONLY[ch])
    if ch in _AMBIGUOUS:
        before_ok, after_ok = _before_ok(prev), _after_ok(nxt)
        if before_ok and not after_ok:
            return ("open", DOUBLE)
        if after_ok and not before_ok:
            return ("close", DOUBLE)
        return ("either", DOUBLE)
    if ch in _SINGLE_CLOSE:
        if _is_word(prev) and _is_word(nxt):
            return None  # doesn’t, Russia’s, rock’n’roll
        before_ok, after_ok = _before_ok(prev), _after_ok(nxt)
        if before_ok and not after_ok and (nxt.isdigit() or text.startswith(_ELISIONS, i + 1)):
            return None  # ’90s, '19, 'em: an elision, never an opener
        if ch == "'" and before_ok and not after_ok:
            return ("open", SINGLE)
        if before_ok and not after_ok:
            # ’ at a word start: ’em – an apostrophe; a misused opener otherwise
            return ("open", SINGLE) if nxt.isupper() or nxt in "[(" else None
        if after_ok and not before_ok:
            return ("maybe-close", SINGLE)  # a closer, or a plural possessive (students’)
        return None
    return None


def _scan_marks(text: str, start: int, end: int) -> list[_Mark]:
    """The quotation marks of ``text[start:end]`` in order.

    Two apostrophes are one double mark, and so are two backticks, as in news archives
    and typeset text; a third apostrophe next to them closes or opens a nested single quote.
    """
    n = len(text)
    marks: list[_Mark] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "`":
            if i + 1 < end and text[i + 1] == "`":
                marks.append(_Mark(i, 2, "open", DOUBLE, "``"))
                i += 2
            else:
                i += 1
            continue
        if ch == "'" and i + 1 < end and text[i + 1] == "'":
            run = 2
            while i + run < end and text[i + run] == "'":
                run += 1
            prev = text[i - 1] if i > 0 else " "
            after = text[i + run] if i + run < n else " "
            opening = _before_ok(prev) and not _after_ok(after)
            if run == 3 and opening:  # '' then a nested opener
                marks += [_Mark(i, 2, "open", DOUBLE, APOS2), _Mark(i + 2, 1, "open", SINGLE, "'")]
            elif run == 3:  # a nested closer then '':  … at all,'''
                marks += [_Mark(i, 1, "close", SINGLE, "'"), _Mark(i + 1, 2, "close", DOUBLE, APOS2)]
            elif run == 2:
                if opening:
                    role = "open"
                elif _after_ok(after):
                    role = "plural-close" if prev in "sS" else "close"
                else:
                    role = "either"
                marks.append(_Mark(i, 2, role, DOUBLE, APOS2))
            i += run
            continue
        if ch in QUOTE_CHARS:
            role = _role(text, i, n)
            if role is not None:
                marks.append(_Mark(i, 1, role[0], role[1], ch))
        i += 1
    return marks


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


def _matches(opener: _Mark, mark: _Mark) -> bool:
    """True when ``mark`` can close ``opener``."""
    if opener.char in _GERMAN_CLOSER:
        return mark.char == _GERMAN_CLOSER[opener.char] or mark.role != "open" and opener.style == mark.style
    if opener.style == mark.style:
        return True
    return {opener.style, mark.style} == {DOUBLE, GUILLEMET}


#: Openers kept open at once in a paragraph; deeper ones (only in garbage such as "“a ‘b “a ‘b …"
#: thousands of times) are ignored, as every mark scans the open ones.
_MAX_DEPTH = 64


def _paragraph_segments(text: str, start: int, end: int, para_index: int, carry: str | None = None) -> list[Segment]:
    marks = _scan_marks(text, start, end)
    if not marks:
        return []
    out: list[Segment] = []
    stack: list[_Mark] = []
    last_single_close = max((m.pos for m in marks if m.style == SINGLE and m.role == "maybe-close"), default=-1)
    for mark in marks:
        role = mark.role
        german = next((k for k in range(len(stack) - 1, -1, -1) if _GERMAN_CLOSER.get(stack[k].char) == mark.char), None)
        if german is not None:
            role = "close"  # „Wir bleiben hier“
        elif role == "german":
            continue  # ‘ after a word closes only a German ‚
        elif role == "maybe-close" and mark.pos < last_single_close and text[mark.pos - 1] in "sS" and _lower_word_follows(text, mark.pos + 1, end):
            continue  # a plural possessive (the students’ union) with a later closer in the paragraph
        elif role == "either":
            role = "close" if any(_matches(o, mark) for o in stack) else "open"
        elif role == "maybe-close":
            if not any(o.style == SINGLE for o in stack):
                continue  # plural possessive or stray apostrophe
            role = "close"
        elif role == "plural-close":
            if any(o.style == DOUBLE for o in stack):
                role = "close"
            elif any(o.style == SINGLE for o in stack):
                # farmers'' inside a single quote: a possessive apostrophe, then the closer
                mark = _Mark(mark.pos + 1, 1, "close", SINGLE, "'")
                role = "close"
            else:
                continue
        if role == "open":
            if stack and stack[-1].style == mark.style and mark.style != SINGLE and stack[-1].char not in _GERMAN_CLOSER:
                # a second opener of the same style: treat the first as unclosed
                top = stack.pop()
                if not stack:
                    out.append(_seg(text, top.pos, top.width, mark.pos, 0, top.style, False, para_index))
            if len(stack) < _MAX_DEPTH:
                stack.append(mark)
            continue
        k = next((k for k in range(len(stack) - 1, -1, -1) if _matches(stack[k], mark)), None)
        if k is None:
            if carry is not None and not out and not stack and (mark.style == carry or {mark.style, carry} == {DOUBLE, GUILLEMET}):
                # a quote carried over from the previous paragraph without a new opening mark
                first = _first_non_space(text, start, end)
                seg = _seg(text, first, 0, mark.pos, mark.width, carry, True, para_index)
                seg.continues = True
                out.append(seg)
                carry = None
            continue  # a stray closer
        opener = stack[k]
        del stack[k:]
        if not stack:
            out.append(_seg(text, opener.pos, opener.width, mark.pos, mark.width, opener.style, True, para_index))
    if stack:
        opener = stack[0]
        out.append(_seg(text, opener.pos, opener.width, _strip_end(text, opener.pos, end), 0, opener.style, False, para_index))
    return [s for s in out if s.inner_end > s.inner_start and any(ch.isalnum() for ch in text[s.inner_start : s.inner_end])]


def _lower_word_follows(text: str, i: int, end: int) -> bool:
    return i + 1 < end and text[i] == " " and text[i + 1].islower()


def _strip_end(text: str, lo: int, end: int) -> int:
    while end > lo + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _seg(text: str, open_pos: int, open_width: int, close_pos: int, close_width: int, style: str, closed: bool, para: int) -> Segment:
    """The segment from an opening mark at ``open_pos`` to a closing one at ``close_pos``
    (marks of the given widths; ``closed`` False: the quote runs to ``close_pos``)."""
    end = close_pos + close_width if closed else close_pos
    inner_start, inner_end = open_pos + open_width, close_pos
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Segment(open_pos, end, inner_start, inner_end, style, closed, paragraph=para)
