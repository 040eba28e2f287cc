"""Bytes to text: binary and empty files refused, BOMs honoured, UTF-8 first, then detection.

The text is kept verbatim except that ``\\r\\n`` and ``\\r`` become ``\\n`` and a
leading byte-order mark is dropped. In order:

1. an encoding the user forced (``--encoding``);
2. a byte-order mark;
3. UTF-16 or UTF-32 without a BOM, recognised by the pattern of their zero bytes;
4. UTF-8;
5. for short inputs of Latin-script text, Windows-1252 (detectors guess badly on a
   few hundred bytes: "Caf\\xe9 ... \\x93new rules\\x94" is not Baltic);
6. detection (charset-normalizer); among equally good guesses Windows-1252 wins,
   since that is what legacy English-language news downloads are.

Callers get the encoding used, so that an import can say when it was not UTF-8
(:func:`encoding_warning`).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple, TextIO, TypeVar

from quotecoder.core.importers.problem import WARNING, ImportProblem

T = TypeVar("T")

MAX_ARTICLE_BYTES = 50 * 1024 * 1024  # refuse single-article files larger than this
SAMPLE_BYTES = 64 * 1024  # looked at to tell text from binary
_DETECT_BYTES = 1024 * 1024  # given to charset detection from the start (and around a bad byte)
SHORT_BYTES = 4096  # at most this long, Latin-script text that is not UTF-8 is read as Windows-1252
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
_UTF8 = frozenset({"utf-8", "utf-8-sig"})
_UNICODE_SAMPLE = 4096  # bytes looked at for BOM-less UTF-16/32
# Characters other than letters that Windows-1252 text commonly holds above ASCII.
_CP1252_MARKS = frozenset("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u00a3\u00a5"
                          "\u00a9\u00ae\u2122\u00b0\u00b1\u00b7\u00ab\u00bb\u00a1\u00bf\u00a7\u00b6\u00a0"
                          "\u00bd\u00bc\u00be\u00d7\u00f7\u2020\u2021\u2030\u2039\u203a\u00b4\u00a8\u00ad")
_MAX_FOREIGN_LETTERS = 0.3  # Latin-script text: most of its letters are ASCII

BINARY = "not a text file (binary content)"
EMPTY = "empty file"
UNDECODABLE = "could not decode the text (tried UTF-8 and charset detection)"
UNDECODABLE_REST = "could not decode the text from here on; the rest was skipped"


class DecodeError(Exception):
    """The bytes are not usable text; ``str(error)`` says why, for an :class:`ImportProblem`."""


class Decoded(NamedTuple):
    """Decoded text and the encoding it was read in (a Python codec name)."""

    text: str
    encoding: str


def check_encoding(name: str) -> str:
    """The Python codec name for ``name`` (``"Windows-1252"`` → ``"cp1252"``); ValueError if unknown."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown text encoding {name!r} (try utf-8, cp1252, latin-1 or utf-16)") from None


def encoding_warning(path: str, encoding: str, forced: bool = False) -> ImportProblem | None:
    """A warning naming ``encoding`` when it is not UTF-8, else None."""
    name = codecs.lookup(encoding).name
    if name in _UTF8:
        return None
    how = "as --encoding asked" if forced else "it is not UTF-8; use --encoding NAME if characters look wrong"
    return ImportProblem(path, None, f"{WARNING} read as {name} ({how})")


def normalise_newlines(text: str) -> str:
    """``text`` with Windows and old-Mac line ends made ``\\n``."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """The text in ``data`` (newlines normalised) and its encoding; raises :class:`DecodeError`.

    ``encoding`` forces one instead of detecting it.
    """
    if encoding is None:
        encoding = _bom_encoding(data) or _unicode_without_bom(data[:_UNICODE_SAMPLE])
    if encoding is None:
        _check_sample(data[:SAMPLE_BYTES], complete=len(data) <= SAMPLE_BYTES)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            encoding = _fallback(data[:_DETECT_BYTES] + _around(data, error.start), len(data))
            text = _decode_with(data, encoding)
    else:
        text = _decode_with(data, encoding)
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if "\0" in text:
        raise DecodeError(BINARY)
    if not text.strip():
        raise DecodeError(f"{EMPTY} (only whitespace)")
    return Decoded(text, encoding)


def read_limited(path: Path, limit: int | None = None, what: str = "one article") -> bytes:
    """The bytes of ``path``; raises :class:`DecodeError` when it is larger than ``limit``."""
    limit = MAX_ARTICLE_BYTES if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        raise DecodeError(
            f"file too large ({size / 2**20:.0f} MB; the limit for {what} is {limit // 2**20} MB)"
        )
    return path.read_bytes()


def read_article_file(path: Path, encoding: str | None = None) -> Decoded:
    """The decoded text of a one-article (or one-bundle) file; raises :class:`DecodeError` or OSError."""
    return decode(read_limited(path), encoding)


def open_text(path: Path, newline: str | None = None, encoding: str | None = None) -> TextIO:
    """``path`` opened for streaming in its encoding; raises :class:`DecodeError` or OSError.

    The whole file is read once, in chunks, to check it is UTF-8; nothing is kept
    in memory. A decoding error later in the stream is a ``UnicodeDecodeError``.
    ``newline`` is passed to :func:`open` (``""`` for the csv module); ``encoding``
    forces one. The stream's ``encoding`` attribute tells which was used.
    """
    if encoding is None:
        with path.open("rb") as raw:
            head = raw.read(SAMPLE_BYTES)
            encoding = _bom_encoding(head) or _unicode_without_bom(head[:_UNICODE_SAMPLE])
            if encoding is not None and len(head) < SAMPLE_BYTES:
                _check_unicode_text(head, encoding)
            if encoding is None:
                _check_sample(head, complete=len(head) < SAMPLE_BYTES)
                encoding = _stream_encoding(raw, head)
    return path.open(encoding=encoding, newline=newline)


def _check_unicode_text(data: bytes, encoding: str) -> None:
    """Raise for a complete file in a Unicode encoding (a byte-order mark's, or UTF-16/32
    guessed) that holds nothing but a byte-order mark and white space."""
    if not data.decode(encoding, errors="replace").lstrip("\ufeff").strip():
        raise DecodeError(f"{EMPTY} (only a byte-order mark or white space)")


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _unicode_without_bom(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 (either byte order) when ``sample``'s zero bytes fall as theirs do.

    Latin-script text in UTF-16 has a zero in one byte of nearly every pair, and in
    UTF-32 two zero bytes in every four; the guess must also decode the sample.
    """
    size = len(sample) - len(sample) % 4
    if size < 4:
        return None
    sample = sample[:size]
    quads = size // 4
    zeros = [sample[i::4].count(0) for i in range(4)]
    pairs = size // 2
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    candidates = (
        ("utf-32-le", zeros[2] + zeros[3] >= 1.8 * quads and zeros[0] <= 0.1 * quads),
        ("utf-32-be", zeros[0] + zeros[1] >= 1.8 * quads and zeros[3] <= 0.1 * quads),
        ("utf-16-le", odd >= 0.4 * pairs and even <= 0.05 * pairs),
        ("utf-16-be", even >= 0.4 * pairs and odd <= 0.05 * pairs),
    )
    for encoding, fits in candidates:
        if fits:
            try:
                text = sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _mostly_printable(text):
                return encoding
    return None


def _mostly_printable(text: str) -> bool:
    controls = sum(1 for c in text if not c.isprintable() and c not in "\r\n\t")
    return "\0" not in text and controls <= _MAX_CONTROL_SHARE * len(text)


def _fallback(sample: bytes, size: int) -> str:
    """The encoding of bytes that are not UTF-8: Windows-1252 for short Latin text, else detected."""
    if size <= SHORT_BYTES and _reads_as_latin_cp1252(sample):
        return "cp1252"
    return _detect(sample)


def _reads_as_latin_cp1252(data: bytes) -> bool:
    """True when ``data`` decodes as Windows-1252 into Latin-script text with common punctuation."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = foreign = 0
    for char in text:
        if char.isalpha():
            letters += 1
            foreign += ord(char) > 127
        elif ord(char) > 127 and char not in _CP1252_MARKS:
            return False
    return letters > 0 and foreign <= _MAX_FOREIGN_LETTERS * letters


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
            encoding = _fallback(sample, raw.seek(0, io.SEEK_END))
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


def decoded_items(
    path: Path, encoding: str | None, items: Callable[[str, str], Iterator[T]]
) -> Iterator[T | ImportProblem]:
    """``items(name, text)`` for the decoded file ``path``, then a note naming its encoding when
    that is not UTF-8; a file that cannot be decoded is one problem."""
    name = str(path)
    try:
        text, used = read_article_file(path, encoding)
    except DecodeError as error:
        yield ImportProblem(name, None, str(error))
        return
    yield from items(name, text)
    note = encoding_warning(name, used, forced=encoding is not None)
    if note:
        yield note
