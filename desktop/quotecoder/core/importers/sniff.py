"""What a file is, told from its first bytes rather than its name.

News databases deliver ``.TXT``, ``.DOCX``, ``.RTF``, ``.HTML``, ``.XML`` and
``.ZIP`` files, and researchers rename them; the content decides. Returns the
suffix of the format the bytes show (a Word file is a zip holding
``word/document.xml``), or None when the bytes do not say and the file's own
suffix should decide.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_HEAD_BYTES = 4096
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SPACE = b"\xef\xbb\xbf \t\r\n"


def content_suffix(path: Path) -> str | None:
    """``.zip``, ``.docx``, ``.rtf``, ``.xml`` or ``.html`` when the content shows it, else None.

    Raises OSError when the file cannot be read.
    """
    with path.open("rb") as stream:
        head = stream.read(_HEAD_BYTES)
    if head.startswith(_ZIP_MAGIC):
        return ".docx" if _is_word(path) else ".zip"
    start = head.lstrip(_SPACE)
    if start.startswith(b"{\\rtf"):
        return ".rtf"
    lower = start[:1024].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or (lower.startswith(b"<?xml") and b"<html" in lower):
        return ".html"
    if b"ppsArticleResponse" in head:
        return ".xml"
    return None


def _is_word(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return path.suffix.lower() == ".docx"  # a damaged Word file: say so, not "damaged zip"
