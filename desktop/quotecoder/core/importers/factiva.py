"""Factiva articles given as lines of text (from its HTML or RTF), in either of its two layouts.

"Full Article/Report plus Indexing" prints field codes before the values (in an
HTML or RTF table, so a line may read ``HD | Headline |``):

    HD  headline          BY  byline            WC  523 words        PD  29 December 2011
    ET  07:00             SN  source name       SC  source code      SE  section
    LA  English           CY  (c) copyright     LP  lead paragraphs  TD  the rest of the text
    CO, IN, NS, RE, IPC, IPD, PUB  indexing     AN  Document J000000020111229e7ct0001x

The plain "Full Article/Report" layout prints the same values without codes:
headline, byline, word count, date, time, source, codes, language, copyright,
the text, and ``Document <accession number>`` last. In other interface
languages the values change ("523 mots", "29 décembre 2011", "Français"), not
the codes. The body is LP and TD only: indexing, copyright and the accession
line are furniture.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotecoder.core.importers.dates import date_at_start
from quotecoder.core.importers.header import byline_names
from quotecoder.core.importers.news import NewsDocument

KIND = "Factiva"
CODES = frozenset(
    "HD CR BY WC PD ET SN SC SE ED PG LA CY LP TD CT RF CO IN NS RE IPC IPD PUB AN CLM VOL ART NGC GC RST CX HLP"
    .split()
)
_CODE_LINE = re.compile(r"^([A-Z]{2,3})(?:\s*\|\s*|\t+|\s{2,}|\s*$)(.*)$")
_KEY_CODES = frozenset({"HD", "LP", "TD", "AN", "PD", "SN", "WC"})
ACCESSION = re.compile(r"^(?:Document|Dokument|Documento|Documenten)\s+([A-Za-z0-9]{12,})$")
_WORDS = re.compile(
    r"^[\d.,  ]+\s*(?:words?|mots?|wörter|wort|palabras?|parole|palavras?|woorden|ord|sanaa|słów|слов|слова"
    r"|字|語|単語|단어)$",
    re.IGNORECASE,
)
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[A-Za-z]{1,5})?$")
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright\b)", re.IGNORECASE)
_BY = re.compile(r"^(?:by|par|von|por|di|door)\s", re.IGNORECASE)
_LANGUAGES = frozenset(
    "english french français francais german deutsch spanish español espanol italian italiano dutch "
    "nederlands portuguese português portugues anglais allemand espagnol italien néerlandais portugais "
    "englisch französisch spanisch italienisch niederländisch portugiesisch inglés ingles francés "
    "frances alemán aleman chinese japanese russian arabic swedish danish norwegian finnish polish".split()
)
_META_SEARCH = 8  # lines after the word count in which the plain layout's metadata lies
_SHORT = 4  # words: a plain-layout metadata line (source code, page) is at most this long
_PUBLISHER_WORDS = 10
_SENTENCE_END = tuple(".!?\"'”’»:")


def _clean(line: str) -> str:
    return line.replace("\xa0", " ").strip().strip("|").strip()


def _code(line: str) -> tuple[str, str] | None:
    match = _CODE_LINE.match(line.replace("\xa0", " ").strip())
    return (match[1], _clean(match[2])) if match and match[1] in CODES else None


def has_field_codes(lines: Sequence[str]) -> bool:
    """True when ``lines`` read as the field-code layout (HD, TD, AN, ... on their own)."""
    found = {code[0] for code in map(_code, lines) if code and code[0] in _KEY_CODES}
    return len(found) >= 3


def is_factiva(lines: Sequence[str]) -> bool:
    """True when ``lines`` hold Factiva articles in either layout."""
    if has_field_codes(lines):
        return True
    cleaned = [_clean(line) for line in lines]
    return any(ACCESSION.match(line) for line in cleaned) and any(_WORDS.match(line) for line in cleaned)


def split_articles(lines: Sequence[str]) -> list[tuple[int, list[str]]]:
    """The articles in a flat list of lines (RTF, text), each with its 1-based first line."""
    if has_field_codes(lines):
        codes = [(_code(line) or ("",))[0] for line in lines]
        if "AN" in codes:  # an article ends with its accession number, and SE may come before HD
            after = [0] + [i + 1 for i, code in enumerate(codes) if code == "AN"][:-1]
            starts = [next((j for j in range(i, len(codes)) if codes[j]), len(codes)) for i in after]
        else:
            starts = [i for i, code in enumerate(codes) if code == "HD"]
        bounds = zip(starts, [*starts[1:], len(lines)])
    else:
        ends = [i + 1 for i, line in enumerate(lines) if ACCESSION.match(_clean(line))]
        bounds = zip([0, *ends], ends)
    return [(start + 1, list(lines[start:end])) for start, end in bounds]


@dataclass(frozen=True)
class Marks:
    """What an HTML article's markup says outright: the headline (``div#hd``), the byline
    (``div.author``) and the text paragraphs (``p.articleParagraph``). The plain layout puts
    the publisher's name and other lines between the text and the accession number, so its
    body is taken from the marked paragraphs when there are any."""

    title: str | None = None
    byline: str | None = None
    paragraphs: tuple[str, ...] = ()


Article = tuple[int | None, Sequence[str]] | tuple[int | None, Sequence[str], Marks]


def parse_factiva(articles: Sequence[Article]) -> list[NewsDocument]:
    """One document per article's lines (each with its first line in the file, or None, and
    optionally the :class:`Marks` of its HTML)."""
    documents = []
    for position, (line, lines, *marked) in enumerate(articles, start=1):
        document = NewsDocument(position, line=line)
        if has_field_codes(lines):
            _read_fields(document, lines)
        else:
            _read_plain(document, [text for text in map(_clean, lines) if text], marked[0] if marked else Marks())
        documents.append(document)
    return documents


def _read_fields(document: NewsDocument, lines: Sequence[str]) -> None:
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        code = _code(line)
        if code:
            current = fields.setdefault(code[0], [])
            line = code[1]
        text = _clean(line)
        if current is not None and text:
            current.append(text)

    def first(code: str) -> str | None:
        return fields[code][0] if fields.get(code) else None

    document.title = " ".join(fields.get("HD", [])) or None
    document.byline = " ".join(fields.get("BY", [])) or None
    document.length, document.date, document.outlet = first("WC"), first("PD"), first("SN")
    document.section, document.language = first("SE"), first("LA")
    accession = ACCESSION.match(first("AN") or "")
    document.doc_id = accession[1] if accession else first("AN")
    document.paragraphs = fields.get("LP", []) + fields.get("TD", [])
    if not document.paragraphs:
        document.problem = "no article text (no LP or TD field)"


def _read_plain(document: NewsDocument, lines: list[str], marks: Marks) -> None:
    if lines and ACCESSION.match(lines[-1]):
        document.doc_id = ACCESSION.match(lines.pop())[1]
    words = next((i for i, line in enumerate(lines[: _META_SEARCH + 2]) if _WORDS.match(line)), None)
    if words is None:
        document.problem = "no word count line, so the headline and the text cannot be told apart"
        return
    document.length = lines[words]
    _read_title(document, lines[:words], marks)
    at = words + 1
    if at < len(lines) and date_at_start(lines[at]):
        document.date, at = lines[at], at + 1
    if at < len(lines) and _TIME.match(lines[at]):
        at += 1
    if at < len(lines):
        document.outlet, at = lines[at], at + 1
    start, notice = _body_start(document, lines, at)
    if marks.paragraphs:
        document.paragraphs = list(marks.paragraphs)
    else:
        document.paragraphs = lines[start:]
        if len(document.paragraphs) > 1 and _is_publisher(document.paragraphs[-1], notice, document.outlet):
            document.paragraphs.pop()


def _read_title(document: NewsDocument, before: list[str], marks: Marks) -> None:
    """Headline, byline and section: the lines before the word count (the section, when
    there is one, comes first: ``News``, then the headline, then the byline)."""
    if marks.byline and marks.byline in before:
        document.byline = marks.byline
        before = before[: before.index(marks.byline)]
    elif len(before) >= 2 and (_BY.match(before[-1]) or byline_names(before[-1])) and before[-1] != marks.title:
        document.byline, before = before[-1], before[:-1]
    if marks.title and marks.title in before:
        before = before[: before.index(marks.title) + 1]
    if not before:
        return
    document.title = before[-1]
    if len(before) >= 2 and len(before[-2].split()) <= _SHORT:
        document.section = before[-2]


def _is_publisher(line: str, notice: str | None, outlet: str | None) -> bool:
    """True for the publisher's name that the plain layout prints after the text
    (``Independent Newspapers Ireland Limited`` under ``(c) 2017 Independent Newspapers Ireland Ltd``)."""
    if len(line.split()) > _PUBLISHER_WORDS or line.endswith(_SENTENCE_END):
        return False
    head = " ".join(line.casefold().split()[:2])
    return any(head and head in text.casefold() for text in (notice, outlet) if text)


def _body_start(document: NewsDocument, lines: list[str], at: int) -> tuple[int, str | None]:
    """Where the text starts (after the copyright notice, else after the language or short code
    lines), and the copyright notice."""
    window = lines[at : at + _META_SEARCH]
    for i, line in enumerate(window):
        if line.lower() in _LANGUAGES and document.language is None:
            document.language = line
        if _COPYRIGHT.match(line):
            return at + i + 1, line
    if document.language is not None:
        return at + window.index(document.language) + 1, None
    while at < len(lines) - 1 and len(lines[at].split()) <= _SHORT and not lines[at].endswith((".", '"', "”")):
        at += 1
    return at, None
