"""Bytes to text: binary and empty files refused, BOMs honoured, UTF-8 first, then detection.

The text is kept verbatim except that ``\\r\\n`` and ``\\r`` become ``\\n`` and a
leading byte-order mark is dropped. The encoding is detected (charset-normalizer)
only when the bytes are not valid UTF-8; among equally good guesses Windows-1252
wins, since that is what legacy English-language news downloads are.
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path
from typing import TextIO

MAX_ARTICLE_BYTES = 50 * 1024 * 1024  # refuse single-article files larger than this
SAMPLE_BYTES = 64 * 1024  # looked at to tell text from binary
_DETECT_BYTES = 1024 * 1024  # given to charset detection from the start (and around a bad byte)
_CHUNK = 1024 * 1024
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.05
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?")

BINARY = "not a text file (binary content)"
EMPTY = "empty file"
UNDECODABLE = "could not decode the text (tried UTF-8 and charset detection)"
UNDECODABLE_REST = "could not decode the text from here on; the rest was skipped"


class DecodeError(Exception):
    """The bytes are not usable text; ``str(error)`` says why, for an :class:`ImportProblem`."""


def normalise_newlines(text: str) -> str:
    """``text`` with Windows and old-Mac line ends made ``\\n``."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode(data: bytes) -> str:
    """The text in ``data``, newlines normalised; raises :class:`DecodeError`."""
    encoding = _bom_encoding(data)
    if encoding is None:
        _check_sample(data[:SAMPLE_BYTES], complete=len(data) <= SAMPLE_BYTES)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text = _decode_with(data, _detect(data[:_DETECT_BYTES] + _around(data, error.start)))
    else:
        text = _decode_with(data, encoding)
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if "\0" in text:
        raise DecodeError(BINARY)
    if not text.strip():
        raise DecodeError(f"{EMPTY} (only whitespace)")
    return text


def read_article_file(path: Path) -> str:
    """The decoded text of a one-article file; raises :class:`DecodeError` or OSError."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise DecodeError(
            f"file too large ({size / 2**20:.0f} MB; the limit for one article is "
            f"{MAX_ARTICLE_BYTES // 2**20} MB)"
        )
    return decode(path.read_bytes())


def open_text(path: Path, newline: str | None = None) -> TextIO:
    """``path`` opened for streaming in its encoding; raises :class:`DecodeError` or OSError.

    The whole file is read once, in chunks, to check it is UTF-8; nothing is kept
    in memory. A decoding error later in the stream is a ``UnicodeDecodeError``.
    ``newline`` is passed to :func:`open` (``""`` for the csv module).
    """
    with path.open("rb") as raw:
        head = raw.read(SAMPLE_BYTES)
        encoding = _bom_encoding(head)
        if encoding is None:
            _check_sample(head, complete=len(head) < SAMPLE_BYTES)
            encoding = _stream_encoding(raw, head)
    return path.open(encoding=encoding, newline=newline)


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _check_sample(sample: bytes, complete: bool) -> None:
    """Raise for binary content, or for an empty file when ``sample`` is the ``complete`` file.

    Binary means more than 5% control bytes (NUL included); a stray NUL in a table
    is left for the row that holds it, and a decoded article with one is refused.
    """
    if complete and not sample.strip():
        raise DecodeError(EMPTY if not sample else f"{EMPTY} (only whitespace)")
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise DecodeError(BINARY)


def _stream_encoding(raw: io.BufferedReader, head: bytes) -> str:
    """UTF-8 when the whole stream decodes as such, else the detected encoding."""
    checker = codecs.getincrementaldecoder("utf-8")()
    offset, chunk = 0, head
    while True:
        try:
            checker.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raw.seek(max(0, offset + error.start - 1024))
            sample = head + raw.read(_DETECT_BYTES)
            encoding = _detect(sample)
            try:  # the detector's best guess must at least read its own sample
                codecs.getincrementaldecoder(encoding)().decode(sample)
            except (UnicodeDecodeError, LookupError) as failure:
                raise DecodeError(UNDECODABLE) from failure
            return encoding
        if not chunk:
            return "utf-8"
        offset += len(chunk)
        chunk = raw.read(_CHUNK)


def _around(data: bytes, position: int) -> bytes:
    """The bytes near ``position``, when they lie beyond the detection sample."""
    if position < _DETECT_BYTES:
        return b""
    return data[max(0, position - 1024) : position + _DETECT_BYTES]


def _detect(sample: bytes) -> str:
    """The most plausible encoding of ``sample``; Windows-1252 among equals."""
    from charset_normalizer import from_bytes  # imported only when UTF-8 failed

    try:
        matches = from_bytes(sample)
    except Exception as error:  # a third-party detector: never let it stop an import
        raise DecodeError(UNDECODABLE) from error
    best = matches.best()
    if best is None:
        raise DecodeError(UNDECODABLE)
    for match in matches:
        if (
            match.chaos <= best.chaos
            and match.coherence >= best.coherence
            and "cp1252" in match.could_be_from_charset
        ):
            return "cp1252"
    return best.encoding


def _decode_with(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise DecodeError(UNDECODABLE) from error
