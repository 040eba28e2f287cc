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
from collections.abc import Callable, Sequence

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


class DuplicateIndex:
    """Groups articles whose texts are near-duplicates.

    ``text_of(article_id)`` fetches a stored text when a candidate must be
    verified. A group is named by its first (smallest) article id, so a new
    article's group is known before it is stored.
    """

    def __init__(self, text_of: Callable[[int], str]) -> None:
        self._text_of = text_of
        self._buckets: list[dict[int, list[int]]] = [{} for _ in range(BANDS)]
        self._signatures: dict[int, bytes] = {}
        self._group: dict[int, int] = {}

    def _bands(self, sig: bytes) -> np.ndarray:
        return np.frombuffer(sig, dtype=np.uint32)[:BANDS]

    def find(self, text: str, sig: bytes) -> tuple[int | None, list[int]]:
        """The group a new article joins (None when it has no near-duplicate), and the
        indexed articles that must now be marked with that group."""
        candidates = {other for band, value in enumerate(self._bands(sig).tolist())
                      for other in self._buckets[band].get(value, ())}
        likely = sorted(c for c in candidates if estimate(sig, self._signatures[c]) >= ESTIMATE_FLOOR)
        if not likely:
            return None, []
        mine = shingles(text)
        matches = [other for other in likely if jaccard(mine, shingles(self._text_of(other))) >= THRESHOLD]
        if not matches:
            return None, []
        group = min(self._group.get(m, m) for m in matches)
        return group, sorted(m for m in matches if self._group.get(m) != group)

    def insert(self, article_id: int, sig: bytes, group: int | None, members: Sequence[int] = ()) -> None:
        """Index an article, with the group ``find`` gave it.

        Only an article that starts a group (or has none) enters the buckets: a copy is
        represented by its group's first article, so a story syndicated a thousand times
        costs one comparison, not a thousand.
        """
        if group is None or group == article_id:
            self._signatures[article_id] = sig
            for band, value in enumerate(self._bands(sig).tolist()):
                self._buckets[band].setdefault(value, []).append(article_id)
        for member in [article_id, *members] if group is not None else []:
            self._group[member] = group

    def add(self, article_id: int, text: str) -> int | None:
        """Find and insert in one step; returns the article's group."""
        sig = signature(text)
        group, members = self.find(text, sig)
        self.insert(article_id, sig, group, members)
        return group

    def group(self, article_id: int) -> int | None:
        return self._group.get(article_id)
