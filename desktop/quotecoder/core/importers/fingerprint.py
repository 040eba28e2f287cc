"""Content hashes for exact-duplicate detection."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """The SHA-256 hex digest of ``text`` normalised: NFC, whitespace runs collapsed, stripped.

    Two texts that differ only in spacing or line breaks get the same hash.
    """
    normal = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()
