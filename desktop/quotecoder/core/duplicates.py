"""Near-duplicate articles: syndicated and rewritten copies of one story.

Word 3-shingles are summarised by MinHash signatures; banded LSH buckets find
the candidates, the signatures' estimated Jaccard similarity drops most of them,
and the exact Jaccard similarity of the shingle sets decides. Rewrites of one
story share far more 3-shingles than two different stories on the same topic.

MinHash and LSH are a few lines of numpy here. (datasketch does the same, but it
imports scipy, which would add 64 MB to the installers for nothing else.)
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 128
#: Exact shingle Jaccard at or above which two articles are copies of one story.
THRESHOLD = 0.1
#: LSH bands of one hash each: a pair with Jaccard J shares a bucket with probability
#: 1 - (1 - J)^BANDS (97% at J = 0.1), and most unrelated pairs never meet.
BANDS = 32
#: Candidates whose estimated Jaccard is below this are not checked exactly.
ESTIMATE_FLOOR = 0.05

_PRIME = np.uint64(4294967291)  # the largest prime below 2**32: a * h + b stays below 2**64
# Stored signatures depend on these numbers: never change them without a migration.
_RNG = np.random.RandomState(20251123)
_A = _RNG.randint(1, 2**32 - 5, size=PERMUTATIONS, dtype=np.uint64)
_B = _RNG.randint(0, 2**32 - 5, size=PERMUTATIONS, dtype=np.uint64)
_CHUNK = 4096  # shingles hashed at a time, so a huge article needs little memory
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of lower-cased word ``size``-grams of ``text``."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` (PERMUTATIONS 32-bit minima), as bytes for storage."""
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles(text)), dtype=np.uint64)
    minima = np.full(PERMUTATIONS, 2**32 - 1, dtype=np.uint64)
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK, None]
        minima = np.minimum(minima, ((chunk * _A + _B) % _PRIME).min(axis=0))
    return minima.astype(np.uint32).tobytes()


def estimate(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))


@dataclass(frozen=True)
class Match:
    """Where a new article belongs: ``group`` (None: no near-duplicate), the existing groups
    that merge into it (the new article bridges them), and ungrouped articles that join it."""

    group: int | None = None
    merges: tuple[int, ...] = ()
    joins: tuple[int, ...] = ()


class DuplicateIndex:
    """Groups articles whose texts are near-duplicates.

    ``text_of(article_id)`` fetches a stored text when a candidate must be
    verified. A group is named by its first (smallest) article id, so a new
    article's group is known before it is stored. Only articles that were not a
    copy when they arrived are indexed (see :meth:`insert`).
    """

    def __init__(self, text_of: Callable[[int], str]) -> None:
        self._text_of = text_of
        self._buckets: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]
        self._signatures: dict[int, bytes] = {}
        self._group: dict[int, int] = {}  # indexed article -> its group, when it has one

    def _bands(self, sig: bytes) -> list[int]:
        return np.frombuffer(sig, dtype=np.uint32)[:BANDS].tolist()

    def find(self, text: str, sig: bytes) -> Match:
        """The group a new article with this text and signature belongs to."""
        candidates = {other for band, value in enumerate(self._bands(sig))
                      for other in self._buckets[band].get(value, ())}
        likely = sorted(c for c in candidates if estimate(sig, self._signatures[c]) >= ESTIMATE_FLOOR)
        mine = shingles(text) if likely else set()
        matches = [other for other in likely if jaccard(mine, shingles(self._text_of(other))) >= THRESHOLD]
        if not matches:
            return Match()
        groups = {self._group[m] for m in matches if m in self._group}
        joins = tuple(m for m in matches if m not in self._group)
        group = min(groups | set(joins))
        return Match(group, tuple(sorted(g for g in groups if g != group)), joins)

    def insert(self, article_id: int, sig: bytes, match: Match = Match()) -> None:
        """Index an article with the match ``find`` gave it.

        An article that arrived as a copy is not indexed: its group is already
        represented, so a story syndicated a thousand times costs one comparison,
        not a thousand. (Stored articles are reloaded the same way: those with a signature.)
        """
        if match.group is not None:
            for other, group in list(self._group.items()):
                if group in match.merges:
                    self._group[other] = match.group
            for other in match.joins:
                self._group[other] = match.group
            self._group[article_id] = match.group
            return
        self._signatures[article_id] = sig
        for band, value in enumerate(self._bands(sig)):
            self._buckets[band].setdefault(value, []).append(article_id)

    def load(self, article_id: int, sig: bytes, group: int | None) -> None:
        """Index a stored article (one that has a signature) with its stored group."""
        self.insert(article_id, sig)
        if group is not None:
            self._group[article_id] = group

    def add(self, article_id: int, text: str) -> int | None:
        """Find and insert in one step; returns the article's group."""
        sig = signature(text)
        match = self.find(text, sig)
        self.insert(article_id, sig, match)
        return match.group

    def group(self, article_id: int) -> int | None:
        return self._group.get(article_id)
