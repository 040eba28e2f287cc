"""LexisNexis Academic (nexis.com) bundles: the plain-text layout, also used by their HTML and RTF.

Each document starts with a centred ``N of M DOCUMENTS`` line (``Dokument N von M``,
``Document N de M`` in other interfaces). Then, in blocks separated by blank lines:

    The Valdoran Herald                       (outlet)
    January 11, 2010 Monday                   (date line, then any edition lines)
    Late Edition
    Harbour talks collapse                    (headline; may wrap over lines)
    BYLINE: Jana Novak                        (fields: BYLINE, SECTION, LENGTH, DATELINE, ...)
    SECTION: NEWS; Pg. 4
    LENGTH: 523 words
    The body, in paragraphs ...
    LOAD-DATE: January 12, 2010               (trailer: LOAD-DATE, LANGUAGE, GRAPHIC,
    LANGUAGE: ENGLISH                          PUBLICATION-TYPE, ... and the Copyright lines)
    Copyright 2010 Valdoran Media Ltd

The body is everything between the fields and the trailer. Plain-text files wrap
each paragraph over lines of about 80 characters, which are joined again (Word,
RTF and HTML give each paragraph as one line between blank ones). The cover page
before the first document is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quotecoder.core.importers.dates import date_at_start
from quotecoder.core.importers.news import NewsDocument

KIND = "LexisNexis"
START = re.compile(
    r"^\s*(?:(\d+)\s+of\s+(\d+)\s+DOCUMENTS?|Dokument\s+(\d+)\s+von\s+(\d+)|Document\s+(\d+)\s+de\s+(\d+))\s*$",
    re.IGNORECASE,
)
COVER = re.compile(r"^\s*(?:Download Request|Time Of Request|Send To|Terms|Ausgabeauftrag|Begriffe):", re.I | re.M)
_FIELD = re.compile(r"^\s*([^\W\d_]+(?:-[^\W\d_]+)*)\s*:(.*)$")
_HEADER_FIELDS = {
    "BYLINE": "byline", "AUTOR": "byline", "AUTEUR": "byline",
    "SECTION": "section", "RUBRIK": "section", "RUBRIQUE": "section",
    "LENGTH": "length", "LÄNGE": "length", "LONGUEUR": "length", "UMFANG": "length",
    "HEADLINE": "title", "DATELINE": None, "HIGHLIGHT": None, "EDITION": None, "BODY": None,
    "TEXT": None, "SOURCE": None, "SERIES": None, "TYPE": None, "COLUMN": None, "ABSTRACT": None,
}  # fmt: skip
# Trailer keys in any case ("Load-Date:"), and those that count only in capitals, since a
# paragraph of text may start with "Notes:" or "Company:".
_TRAILER_FIELDS = frozenset(
    "LOAD-DATE LANGUAGE SPRACHE LANGUE GRAPHIC GRAFIK PUBLICATION-TYPE JOURNAL-CODE CORRECTION-DATE "
    "DOCUMENT-TYPE".split()
)
_CAPITAL_TRAILER_FIELDS = frozenset(
    "URL NOTES SUBJECT ORGANIZATION PERSON GEOGRAPHIC INDUSTRY COMPANY TICKER CITY STATE COUNTRY "
    "ACC-NO PUB-TYPE DISTRIBUTION".split()
)
_LANGUAGE_FIELDS = frozenset({"LANGUAGE", "SPRACHE", "LANGUE"})
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright\s*(?:©|\(c\))?\s*\d{4}|copyright\s*©|©\s*\d{4}|\(c\)\s*\d{4}|all rights reserved)",
    re.IGNORECASE,
)
_RESERVED = re.compile(r"all rights reserved\.?", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_BODY_MARKERS = frozenset({"BODY", "TEXT", "TEXTE", "CUERPO"})
_FIELD_SEARCH = 16  # blocks after the first field in which a BODY: line is looked for
_DATE_SEARCH = 6  # header lines in which the date line is looked for


_Block = list[str]  # the lines between two blank lines


def is_lexisnexis(lines: Sequence[str]) -> bool:
    """True when ``lines`` hold a LexisNexis document start line."""
    return any(START.match(line) for line in lines)


def has_cover(text: str) -> bool:
    """True when ``text`` has a LexisNexis cover page (download request, terms, ...)."""
    return len(COVER.findall(text[:20_000])) >= 2


def parse_lexisnexis(lines: Sequence[str]) -> list[NewsDocument]:
    """The documents in a LexisNexis bundle's ``lines``."""
    starts = [i for i, line in enumerate(lines) if START.match(line)]
    documents = []
    for position, (start, end) in enumerate(zip(starts, [*starts[1:], len(lines)]), start=1):
        numbers = [n for n in START.match(lines[start]).groups() if n]
        document = NewsDocument(position, line=start + 1, doc_id=" of ".join(numbers))
        _fill(document, _blocks(lines, start + 1, end))
        documents.append(document)
    return documents


def _blocks(lines: Sequence[str], start: int, end: int) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for i in range(start, end):
        line = lines[i].strip()
        if not line:
            current = None
        elif current is None:
            current = [line]
            blocks.append(current)
        else:
            current.append(line)
    return blocks


def _fill(document: NewsDocument, blocks: list[_Block]) -> None:
    """Set ``document``'s metadata and paragraphs from the blocks of one document."""
    fields_at = next((i for i, block in enumerate(blocks) if _header_field(block[0])), None)
    before = blocks[: len(blocks) if fields_at is None else fields_at]
    cleaned = ((i, _without_copyright(block, i + 1 < len(before))) for i, block in enumerate(before))
    kept = [(i, block) for i, block in cleaned if block]
    used = _read_header(document, [block for _, block in kept], fields_at is None)
    if fields_at is None:  # no fields: the text follows the headline
        body_at = kept[used - 1][0] + 1 if used else 0
    else:
        body_at = _fields_end(blocks, fields_at)
        _read_fields(document, blocks[fields_at:body_at])
    for i in range(body_at, len(blocks)):
        if _is_trailer(blocks[i]):
            _read_trailer(document, blocks[i:])
            break
        document.paragraphs.append(" ".join(blocks[i]))


def _read_header(document: NewsDocument, header: list[_Block], unfielded: bool) -> int:
    """Outlet, date and headline from the header blocks; returns how many blocks they take.

    The headline is the last header block after the date's (with fields after it),
    or the block after the date's when the document has no fields at all.
    """
    flat = [(b, line) for b, block in enumerate(header) for line in block][:_DATE_SEARCH]
    dated = next(((b, k) for k, (b, line) in enumerate(flat) if date_at_start(line)), None)
    if dated is None:  # no readable date: outlet, then a date as printed ("Winter 2010") if it has a year
        date_block = 0 if header else -1
        document.outlet = " ".join(header[0]) if header else None
        if len(header) > 1 and _YEAR.search(header[1][0]):
            document.date, date_block = header[1][0], 1
    else:
        date_block, k = dated
        document.date = flat[k][1]
        document.outlet = " ".join(line for _, line in flat[:k]) or None
    if dated and len(header) == 1 and not unfielded and dated[1] < len(header[0]) - 1:
        document.title = header[0][-1]  # no blank lines at all (some RTF): the last line
        return 1
    title_block = date_block + 1 if unfielded else len(header) - 1
    if date_block < title_block < len(header):
        document.title = " ".join(header[title_block])
        return title_block + 1
    return date_block + 1


def _without_copyright(block: _Block, more_follow: bool) -> _Block:
    """A header block without its copyright notice (``Copyright 2015 ...`` to ``All Rights Reserved``).

    Newer downloads print the notice above the outlet, sometimes in the outlet's own
    block; a notice wrapped over lines without "All Rights Reserved" is its whole
    block when other header blocks follow it.
    """
    if not _COPYRIGHT.match(block[0]):
        return block
    end = next((i for i, line in enumerate(block) if _RESERVED.fullmatch(line)), None)
    if end is None:
        return [] if more_follow else block[1:]
    return block[end + 1 :]


def _key(line: str) -> tuple[str, bool, str] | None:
    """A field line's key in capitals, whether it was written in capitals, and its value."""
    match = _FIELD.match(line)
    return (match[1].upper(), match[1].isupper(), match[2]) if match else None


def _header_field(line: str) -> bool:
    key = _key(line)
    if key is None:
        return False
    name, capitals, _ = key
    return name in _HEADER_FIELDS or (capitals and "-" in name and not _trailer_key(key))


def _trailer_key(key: tuple[str, bool, str]) -> bool:
    name, capitals, _ = key
    return name in _TRAILER_FIELDS or (capitals and (name in _CAPITAL_TRAILER_FIELDS or "-" in name))


def _fields_end(blocks: list[_Block], start: int) -> int:
    """Where the header fields from ``start`` end: after a ``BODY:`` line when there is one, else at
    the first block that is not a field. Before ``BODY:``, a block that is not a field continues
    the field above it (a headline wrapped over paragraphs, as Word and RTF files give it)."""
    for i in range(start, min(len(blocks), start + _FIELD_SEARCH)):
        key = _key(blocks[i][0])
        if key and key[0] in _BODY_MARKERS and not key[2].strip() and len(blocks[i]) == 1:
            return i + 1
        if i > start and _is_trailer(blocks[i]):
            break
    end = start
    while end < len(blocks) and _header_field(blocks[end][0]):
        end += 1
    return end


def _read_fields(document: NewsDocument, blocks: list[_Block]) -> None:
    """Each header field with the blocks that continue it."""
    fields: list[list[str]] = []
    for block in blocks:
        if _header_field(block[0]) or not fields:
            fields.append(list(block))
        else:
            fields[-1].extend(block)
    for lines in fields:
        _read_field(document, lines)


def _read_field(document: NewsDocument, block: _Block) -> None:
    match = _FIELD.match(block[0])
    if match is None:
        return
    target = _HEADER_FIELDS.get(match[1].upper())
    value = " ".join([match[2], *block[1:]]).strip()
    if target and value and (getattr(document, target) is None or target == "title"):
        setattr(document, target, value)  # a HEADLINE field beats a headline guessed from the layout


def _is_trailer(block: _Block) -> bool:
    key = _key(block[0])
    return (key is not None and _trailer_key(key)) or _is_copyright(block)


def _is_copyright(block: _Block) -> bool:
    return len(block) <= 3 and bool(_COPYRIGHT.match(block[0]))


def _read_trailer(document: NewsDocument, blocks: list[_Block]) -> None:
    for block in blocks:
        key = _key(block[0])
        if key and key[0] in _LANGUAGE_FIELDS and document.language is None:
            document.language = key[2].strip() or None
