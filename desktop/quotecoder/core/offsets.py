"""Moving character offsets between two copies of one article that differ only in spacing.

Two copies of an article get the same content hash when they differ only in whitespace
(line breaks, paragraph spacing, a trailing newline). A colleague's quote at 120:180 in
their copy is then at another offset in ours. :class:`OffsetMap` carries offsets across
word by word: the copies have the same words in the same order, so the n-th word of one
is the n-th word of the other.

>>> spans = OffsetMap("Hello  world.", "Hello world.")
>>> spans.span(7, 13)
(6, 12)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

_WORD = re.compile(r"\S+")


class OffsetMap:
    """Maps spans of ``source`` onto ``target``; raises ValueError when the two texts have
    different words (they are not copies of one article)."""

    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source, target
        self._from = [(m.start(), m.end()) for m in _WORD.finditer(source)]
        self._to = [(m.start(), m.end()) for m in _WORD.finditer(target)]
        if len(self._from) != len(self._to):
            raise ValueError("the two texts do not have the same words")
        self._starts = [start for start, _ in self._from]

    def _same_word(self, i: int) -> bool:
        (a, b), (c, d) = self._from[i], self._to[i]
        return self.source[a:b] == self.target[c:d]

    def _word_of(self, position: int) -> int:
        """The index of the word holding character ``position``, or -1 when it is a space."""
        i = bisect_right(self._starts, position) - 1
        return i if i >= 0 and position < self._from[i][1] else -1

    def start(self, position: int) -> int | None:
        """Where a span starting at ``position`` of the source starts in the target."""
        i = self._word_of(position)
        if i >= 0:
            inside = position - self._from[i][0]
            if inside and not self._same_word(i):
                return None  # inside a word spelt differently (another Unicode normal form)
            return self._to[i][0] + inside
        following = bisect_right(self._starts, position)  # in spaces: from the next word on
        return self._to[following][0] if following < len(self._to) else len(self.target)

    def end(self, position: int) -> int | None:
        """Where a span ending at ``position`` (exclusive) of the source ends in the target."""
        if position <= 0:
            return 0
        i = self._word_of(position - 1)
        if i >= 0:
            rest = self._from[i][1] - position
            if rest and not self._same_word(i):
                return None
            return self._to[i][1] - rest
        before = bisect_right(self._starts, position - 1) - 1  # in spaces: up to the word before
        return self._to[before][1] if before >= 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The target's span for the source's ``start:end``, or None when it has no counterpart."""
        if not 0 <= start < end <= len(self.source):
            return None
        new_start, new_end = self.start(start), self.end(end)
        if new_start is None or new_end is None or new_start >= new_end:
            return None
        return new_start, new_end


def same_words(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ at most in spacing and Unicode normal form."""
    return " ".join(unicodedata.normalize("NFC", a).split()) == " ".join(unicodedata.normalize("NFC", b).split())
