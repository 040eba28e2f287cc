"""Content hashes for exact-duplicate detection."""

from __future__ import annotations

import hashlib
import unicodedata


def content_hash(text: str) -> str:
    """The SHA-256 hex digest of ``text`` normalised: NFC, whitespace runs collapsed, stripped.

    Two texts that differ only in spacing or line breaks get the same hash.
    """
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()
