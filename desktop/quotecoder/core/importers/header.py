"""Metadata from the header lines at the top of a downloaded news text, and the body after them.

Header lines are read from the top (blank lines between them are allowed) until
the first line that is none of these; that line starts the body:

* key-value lines: ``Title:``/``Headline:``, ``Source:``/``Outlet:``/``Publication:``,
  ``Date:``/``Published:``/``Updated:``, ``URL:``/``Link:``, ``Author:``/``By:``/``Byline:``;
  a date key counts only when its value is a date (``Published: 06:37 GMT, 14 March
  2025 | Updated: ...`` gives the first date), a URL key only when its value is a URL;
* a byline: ``By NAME``, ``By NAME and NAME``, ``By NAME, Political Reporter`` (the
  role is dropped), ``By NAME FOR OUTLET`` (gives the outlet); all-capital names and
  outlets are title-cased (``CAITLIN POWELL`` becomes ``Caitlin Powell``);
* a credit line without "By": ``Jane Doe, The Associated Press`` or ``Jane Doe, Power
  Play producer`` (two or more capitalised name words, then an agency or a role of at
  most six words); it gives the byline only, since an agency is not the outlet;
* a line that is only a date (``9 September, 2025``), or only a full URL (goes to ``url``);
* after one of those, a URL slug (``three-or-more-lowercase-words``).

A short first line without terminal punctuation, followed by a blank line, is the
title when a header line follows it. A slug gives the title (hyphens become spaces,
sentence case, and a word keeps the capitals the body gives it mid-sentence:
``ukraine`` → ``Ukraine``) only when there is no title line or ``Title:``. The first value of a
field wins. Header lines are short (at most 200 characters), so a body paragraph is
never taken for one; when nothing is recognised the whole text is the body.
"""

from __future__ import annotations

import re

from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.fields import Metadata, trim_body

MAX_HEADER_LINES = 30
MAX_HEADER_LINE = 200
MAX_TITLE = 150
MAX_OUTLET = 100
_SLUG_CONTEXT = 50_000  # characters of the body consulted for a slug word's capitals

_KEYS = {
    "title": "title", "headline": "title",
    "source": "outlet", "outlet": "outlet", "publication": "outlet", "publisher": "outlet",
    "date": "published", "published": "published", "posted": "published", "updated": "updated",
    "last updated": "updated", "url": "url", "link": "url",
    "author": "byline", "authors": "byline", "by": "byline", "byline": "byline",
}  # fmt: skip
_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z]+(?: [A-Za-z]+)?)\s*:\s*(?P<value>\S.*)")
_DATED = re.compile(r"(?P<key>published|updated|posted|last updated)\s+(?P<value>\S.*)", re.I)
_BYLINE = re.compile(r"by\s+(?P<value>\S.*)", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}")
_FOR = re.compile(r"\s+for\s+", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_TERMINAL = ".!?;:,"
_CLOSERS = "'\"’”»)]"
_CONNECTORS = frozenset({"and", "&"})
_PARTICLES = frozenset("de da di du van von der den la le al bin el".split())
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"})
_ROLE_WORDS = frozenset(
    "reporter reporters correspondent correspondents editor editors writer writers journalist "
    "columnist staff contributor producer critic chief bureau analyst commentator presenter".split()
)


def split_header(text: str) -> tuple[Metadata, str]:
    """The metadata in ``text``'s header and the body after it (verbatim, blank lines trimmed)."""
    lines = text.split("\n", MAX_HEADER_LINES)
    last = min(len(lines), MAX_HEADER_LINES)  # the final element may be the unsplit rest
    meta, slug = Metadata(), None
    pos = _next_content(lines, 0, last)
    title = _title_at(lines, pos, last)
    if title is not None:
        meta.title = title
        pos = _next_content(lines, pos + 1, last)
    found = False
    while pos < last:
        fields = _header_fields(lines[pos].strip(), after_header=found)
        if fields is None:
            break
        line_slug = fields.pop("slug", None)
        slug = slug or line_slug
        meta.fill(Metadata(**fields))
        found = True
        pos = _next_content(lines, pos + 1, last)
    if not found:
        return Metadata(), trim_body(text)
    body = trim_body("\n".join(lines[pos:]))
    if meta.title is None and slug is not None:
        meta.title = slug_title(slug, body)
    return meta, body


def slug_title(slug: str, body: str) -> str:
    """A URL slug as a sentence-case title, each word cased as ``body`` mostly writes it mid-sentence."""
    sample = body[:_SLUG_CONTEXT]
    words = [_body_case(word, sample) for word in slug.split("-") if word]
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _body_case(word: str, body: str) -> str:
    """``word`` as ``body`` spells it most often where it does not start a sentence."""
    forms: dict[str, int] = {}
    for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w])", body, re.IGNORECASE):
        before = body[max(0, match.start() - 12) : match.start()].rstrip(" \t\"'‘’“”(")
        if before and before[-1] not in ".!?:\n":
            forms[match.group()] = forms.get(match.group(), 0) + 1
    if not forms:
        return word
    best = max(forms.items(), key=lambda item: (item[1], item[0] == word))[0]
    return best if best.lower() == word else word


def _next_content(lines: list[str], pos: int, last: int) -> int:
    while pos < last and not lines[pos].strip():
        pos += 1
    return pos


def _title_at(lines: list[str], pos: int, last: int) -> str | None:
    """The title on line ``pos``: short, unpunctuated, then a blank line, then a header line."""
    if pos + 1 >= last or lines[pos + 1].strip():
        return None
    line = lines[pos].strip()
    following = _next_content(lines, pos + 1, last)
    if (
        len(line) > MAX_TITLE
        or not _WORD.search(line)
        or line.rstrip(_CLOSERS)[-1:] in _TERMINAL
        or _header_fields(line, after_header=False) is not None
        or following >= last
        or _header_fields(lines[following].strip(), after_header=False) is None
    ):
        return None
    return line


def _header_fields(line: str, after_header: bool) -> dict[str, str] | None:
    """The metadata fields a header line gives, or None when it is not a header line."""
    if not line or len(line) > MAX_HEADER_LINE:
        return None
    match = _KEY_VALUE.fullmatch(line) or _DATED.fullmatch(line)
    if match and match["key"].lower() in _KEYS:
        return _key_value(_KEYS[match["key"].lower()], match["value"].strip())
    match = _BYLINE.fullmatch(line)
    if match:
        return _byline(match["value"])
    credit = _credit(line)
    if credit:
        return credit
    published = parse_date(line)
    if published:
        return {"published": published}
    if _URL.fullmatch(line):
        return {"url": line}
    if after_header and _SLUG.fullmatch(line):
        return {"slug": line}
    return None


def _key_value(field: str, value: str) -> dict[str, str] | None:
    if field in ("published", "updated"):
        published = parse_date(value.split("|")[0])
        if published is None:
            return None
        return {"published": published} if field == "published" else {}
    if field == "url":
        return {"url": value} if _URL.fullmatch(value) else None
    if field == "byline":
        return _byline(value) or {"byline": value}
    if field == "outlet" and (len(value) > MAX_OUTLET or value[-1] in _TERMINAL):
        return None
    return {field: value}


def byline_names(value: str) -> str | None:
    """The names in a byline without "By" (``JANE DOE, Political Editor`` → ``Jane Doe``), or None."""
    fields = _byline(value) if value else None
    return fields["byline"] if fields else None


def _byline(value: str) -> dict[str, str] | None:
    """The names (and outlet) in a byline, or None when ``value`` does not read as one."""
    if value[-1] in _TERMINAL:
        return None
    names, outlet = (part.strip() for part in (_FOR.split(value, maxsplit=1) + [""])[:2])
    parts = [part.strip() for part in names.split(",")]
    if not _looks_like_names(parts[0]):
        return None
    if len(parts) > 1 and not all(_is_role(part) for part in parts[1:]):
        if not (all(_looks_like_names(part) for part in parts) and " and " in parts[-1]):
            return None
        parts = [", ".join(parts)]
    fields = {"byline": _title_case(parts[0], small_words=_CONNECTORS)}
    if outlet:
        fields["outlet"] = _title_case(outlet, small_words=_SMALL_WORDS)
    return fields


def _credit(line: str) -> dict[str, str] | None:
    """The byline in ``Jane Doe, The Associated Press``, or None when ``line`` is not a credit."""
    names, comma, affiliation = line.partition(", ")
    if (
        not comma
        or line[-1] in _TERMINAL
        or len(names.split()) < 2
        or not _looks_like_names(names)
        or not _is_affiliation(affiliation)
    ):
        return None
    return {"byline": _title_case(names, small_words=_CONNECTORS)}


def _is_affiliation(text: str) -> bool:
    """True for a role (``Power Play producer``) or a capitalised name (``The Canadian Press``)."""
    words = text.split()
    if not 0 < len(words) <= 6:
        return False
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    return _is_role(text) or _looks_like_names(" ".join(significant))


def _looks_like_names(text: str) -> bool:
    """True for ``Jane Doe``, ``JANE DOE and JOHN ROE``, ``Ana de Souza``: capitalised words."""
    words = text.split()
    if not words or len(words) > 12 or words[0].lower() in _CONNECTORS | _PARTICLES:
        return False
    for word in words:
        lower = word.lower()
        if lower in _CONNECTORS or lower in _PARTICLES:
            continue
        letters = _WORD.search(word)
        if not letters or not letters.group()[0].isupper() or any(c.isdigit() for c in word):
            return False
    return True


def _is_role(text: str) -> bool:
    words = text.lower().split()
    return 0 < len(words) <= 6 and any(word in _ROLE_WORDS for word in words)


def _title_case(text: str, small_words: frozenset[str]) -> str:
    """All-capital ``text`` in title case (``O'BRIEN`` → ``O'Brien``); other text as it is.

    ``small_words`` stay lower case except at the start.
    """
    cased = [w for w in text.split() if w.lower() not in small_words and _WORD.search(w)]
    if not all(word.isupper() for word in cased):
        return text
    words = _WORD.sub(lambda m: m.group().capitalize(), text).split(" ")
    return " ".join(
        word.lower() if i and word.lower() in small_words else word for i, word in enumerate(words)
    )
