"""Nexis Uni bundles (DOCX, RTF): a cover page, then documents that end with ``End of Document``.

After the cover page (user name, job number, ``Documents (N)``, the search), one
paragraph per line:

    Harbour talks collapse                    (headline)
    The Valdoran Herald                       (outlet)
    July 1, 2019 Monday 9:20 AM GMT           (date line; an edition line may follow)
    Copyright 2019 Valdoran Media Ltd All Rights Reserved
    Section: NEWS; Pg. 4                      (fields: Section, Length, Byline, Dateline,
    Length: 523 words                          Highlight, ...; "Byline:" or "BYLINE:")
    Byline: Jana Novak
    Body
    The text, a paragraph per line ...
    Graphic / Classification / Notes          (trailer: captions, Language:, Subject:,
    Language: ENGLISH                          Load-Date:, ... all left out of the body)
    Load-Date: July 2, 2019
    End of Document

The headline, outlet and date are found backwards from the first field, so the
cover page (and anything else before a document) is never taken for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quotecoder.core.importers.dates import date_at_start
from quotecoder.core.importers.news import NewsDocument

KIND = "Nexis Uni"
PAGE_BREAK = "\f"
END = re.compile(
    r"^\s*(?:End of Document|Ende des Dokuments|Fin du document|Fin del documento|Einde van document)\s*$",
    re.IGNORECASE,
)
COVER = re.compile(
    r"^\s*(?:User Name|Date and Time|Job Number|Client/Matter|Search Terms|Search Type|Documents \(\d+\))",
    re.IGNORECASE | re.MULTILINE,
)
_BODY = re.compile(r"^(?:Body|Text|Texte|Cuerpo|Corpo|Tekst|Testo)$", re.IGNORECASE)
_FIELD = re.compile(r"^([^\W\d_][\w/-]*(?: [^\W\d_]+)?)\s*:\s*(.*)$")
_HEADER_FIELDS = {
    "section": "section", "length": "length", "byline": "byline", "author": "byline",
    "rubrik": "section", "länge": "length", "autor": "byline", "rubrique": "section",
    "longueur": "length", "auteur": "byline", "sección": "section", "longitud": "length",
    "dateline": None, "highlight": None, "edition": None, "series": None, "column": None,
}  # fmt: skip
_TRAILER_HEADINGS = frozenset({"classification", "graphic", "notes", "klassifikation", "grafik", "classement"})
_TRAILER_FIELDS = frozenset(
    "load-date language publication-type subject industry geographic person organization company "
    "ticker document-type journal-code correction-date url sprache langue idioma ladedatum".split()
)
_LANGUAGE_FIELDS = frozenset({"language", "sprache", "langue", "idioma"})
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved)", re.IGNORECASE)
_DROPPED = re.compile(r"^(?:Link to Image|Related Articles)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DATE_SEARCH = 4  # header lines, from the first field backwards, in which the date is looked for


def is_nexis_uni(lines: Sequence[str]) -> bool:
    """True when ``lines`` hold an ``End of Document`` line."""
    return any(END.match(line) for line in lines)


def has_cover(text: str) -> bool:
    """True when ``text`` has a Nexis Uni cover page (job number, search terms, ...)."""
    return len(COVER.findall(text[:20_000])) >= 2


def parse_nexis_uni(lines: Sequence[str]) -> list[NewsDocument]:
    """The documents in a Nexis Uni bundle's ``lines`` (one per paragraph; ``"\\f"`` a page break)."""
    clean = [line if line == PAGE_BREAK else line.replace("\xa0", " ").strip() for line in lines]
    ends = [i for i, line in enumerate(clean) if END.match(line)]
    chunks = list(zip([0, *(e + 1 for e in ends)], ends))
    if ends and _body_at(clean, ends[-1] + 1, len(clean)) is not None:
        chunks.append((ends[-1] + 1, len(clean)))  # a last document without its End of Document
    total = len(chunks)
    return [_document(clean, start, end, n, total) for n, (start, end) in enumerate(chunks, start=1)]


def _body_at(lines: list[str], start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if _BODY.match(lines[i])), None)


def _field(line: str) -> tuple[str, str] | None:
    match = _FIELD.match(line)
    return (match[1].lower(), match[2].strip()) if match else None


def _document(lines: list[str], start: int, end: int, position: int, total: int) -> NewsDocument:
    document = NewsDocument(position, doc_id=f"{position} of {total}")
    body = _body_at(lines, start, end)
    stop = end if body is None else body
    fields = [i for i in range(start, stop) if (_field(lines[i]) or ("", ""))[0] in _HEADER_FIELDS]
    if not fields and body is None:
        document.problem = "no 'Body' section"
        return document
    first = fields[0] if fields else body
    _read_header(document, lines, start, first, after_cover=position == 1)
    _read_fields(document, lines, first, stop)
    text_from = body + 1 if body is not None else fields[-1] + 1
    for i in range(text_from, end):
        line, field = lines[i], _field(lines[i])
        if line.lower() in _TRAILER_HEADINGS or (field and field[0] in _TRAILER_FIELDS):
            _read_trailer(document, lines[i:end])
            break
        if line and line != PAGE_BREAK and not _DROPPED.match(line):
            document.paragraphs.append(line)
    return document


def _read_header(document: NewsDocument, lines: list[str], start: int, stop: int, after_cover: bool) -> None:
    """Headline, outlet and date: the lines before the first field, read backwards from the date.

    Without a readable date, a document after the first (or after a page break)
    starts with its headline, outlet and date line; the first document comes after
    the cover page, so its last header lines are taken: headline, outlet, and a last
    line with a year in it is the date as printed ("Summer 2019").
    """
    region = lines[start:stop]
    if PAGE_BREAK in region:
        region, after_cover = region[len(region) - region[::-1].index(PAGE_BREAK) :], False
    header = [line for line in region if line and line != PAGE_BREAK and not _COPYRIGHT.match(line)]
    dated = next(
        (i for i in range(len(header) - 1, max(-1, len(header) - 1 - _DATE_SEARCH), -1) if date_at_start(header[i])),
        None,
    )
    if dated is None:
        dated_line = bool(header) and bool(_YEAR.search(header[-1]))
        first = max(0, len(header) - 2 - dated_line) if after_cover else 0
        document.title, document.outlet, document.date = (header[first:] + [None, None, None])[:3]
        return
    document.date = header[dated]
    document.outlet = header[dated - 1] if dated >= 1 else None
    document.title = header[dated - 2] if dated >= 2 else None


def _read_fields(document: NewsDocument, lines: list[str], start: int, stop: int) -> None:
    """The header fields; a value may follow on the next line ("Byline:" alone, then the names)."""
    for i in range(start, stop):
        field = _field(lines[i])
        target = _HEADER_FIELDS.get(field[0]) if field else None
        if not target or getattr(document, target) is not None:
            continue
        value = field[1]
        if not value and i + 1 < stop and not _field(lines[i + 1]):
            value = lines[i + 1]
        if value and value != PAGE_BREAK:
            setattr(document, target, value)


def _read_trailer(document: NewsDocument, lines: list[str]) -> None:
    for line in lines:
        field = _field(line)
        if field and field[0] in _LANGUAGE_FIELDS and field[1] and document.language is None:
            document.language = field[1]
