"""Near-duplicate articles: syndicated and rewritten copies of one story.

Word 3-shingles, MinHash signatures and LSH (datasketch) find candidates fast;
the exact Jaccard similarity of the shingle sets then decides. Rewrites of one
story share far more 3-shingles than two different stories on the same topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 128
SCHEME = "affine32"  # stored signatures depend on it: never change it without a migration
#: Exact shingle Jaccard at or above which two articles are copies of one story.
THRESHOLD = 0.1
#: LSH is tuned a little below THRESHOLD, so candidates are not missed.
LSH_THRESHOLD = 0.06

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
    """The MinHash signature of ``text``, as bytes for storage."""
    from datasketch import MinHash  # loads scipy: imported on first use, not at start-up

    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash.hashvalues.astype(np.uint32).tobytes()


def _minhash(sig: bytes):
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME, hashvalues=np.frombuffer(sig, dtype=np.uint32).astype(np.uint64))


class DuplicateIndex:
    """Groups articles whose texts are near-duplicates.

    ``text_of(article_id)`` fetches a stored text when a candidate must be
    verified. A group is named by its first (smallest) article id, so a new
    article's group is known before it is stored.
    """

    def __init__(self, text_of: Callable[[int], str]) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self._text_of = text_of
        self._group: dict[int, int] = {}

    def find(self, text: str, sig: bytes) -> tuple[int | None, list[int]]:
        """The group a new article joins (None when it has no near-duplicate), and the
        indexed articles that must now be marked with that group."""
        mine = shingles(text)
        matches = [
            other
            for other in sorted(self._lsh.query(_minhash(sig)))
            if jaccard(mine, shingles(self._text_of(other))) >= THRESHOLD
        ]
        if not matches:
            return None, []
        group = min(self._group.get(m, m) for m in matches)
        return group, sorted(m for m in matches if self._group.get(m) != group)

    def insert(self, article_id: int, sig: bytes, group: int | None, members: Sequence[int] = ()) -> None:
        """Index an article, with the group ``find`` gave it.

        Only an article that starts a group (or has none) enters the LSH index: a copy is
        represented by its group's first article, so a story syndicated a thousand times
        costs one comparison, not a thousand.
        """
        if group is None or group == article_id:
            self._lsh.insert(article_id, _minhash(sig))
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
