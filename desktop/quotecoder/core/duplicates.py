"""Near-duplicate articles: syndicated and rewritten copies of one story.

Word 3-shingles, MinHash signatures and LSH (datasketch) find candidates fast;
the exact Jaccard similarity of the shingle sets then decides. Rewrites of one
story share far more 3-shingles than two different stories on the same topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from datasketch import MinHash, MinHashLSH

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
    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash.hashvalues.astype(np.uint32).tobytes()


def _minhash(sig: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME, hashvalues=np.frombuffer(sig, dtype=np.uint32).astype(np.uint64))


class DuplicateIndex:
    """Groups articles whose texts are near-duplicates.

    ``text_of(article_id)`` fetches a stored text when a candidate must be
    verified. A group is named by its smallest article id.
    """

    def __init__(self, text_of: Callable[[int], str]) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self._text_of = text_of
        self._group: dict[int, int] = {}

    def add(self, article_id: int, text: str, sig: bytes | None = None, group: int | None = None) -> tuple[int | None, list[int]]:
        """Index an article; returns its group id (None when it has no near-duplicate) and
        the articles whose group is now that id (itself and the copies it matched).

        ``group`` restores a group already known, when reloading a stored index.
        """
        minhash = _minhash(sig or signature(text))
        members: list[int] = []
        if group is None:
            mine = shingles(text)
            matches = [
                other
                for other in self._lsh.query(minhash)
                if jaccard(mine, shingles(self._text_of(other))) >= THRESHOLD
            ]
            if matches:
                group = min([self._group.get(m, m) for m in matches] + [article_id])
                members = [article_id, *(m for m in matches if self._group.get(m) != group)]
                for member in members:
                    self._group[member] = group
        elif group is not None:
            self._group[article_id] = group
        self._lsh.insert(article_id, minhash)
        return group, members

    def group(self, article_id: int) -> int | None:
        return self._group.get(article_id)
