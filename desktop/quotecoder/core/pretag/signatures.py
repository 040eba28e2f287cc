"""Quotes signed with a name instead of a reporting verb.

News pages set some quotes with no verb at all, only the speaker's name:

- a signature line under a quoted paragraph: “Nobody reads the fine print.” / "— Jo Brandt, a tenant";
- a pull quote: the words, then the name closing the paragraph ("Nobody reads the fine print.
  Jo Brandt, Lorn Tenants' Union").

Both give the name's head token; the caller resolves it like any other speaker mention.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NAME = r"[A-Z][\w'\u2019\-]*\.?(?:\s+[A-Z][\w'\u2019\-]*\.?){0,4}"
_SIGNATURE = re.compile(rf"^\s*[-\u2014\u2013]+\s*(?P<name>{_NAME})\s*(?:[,.]|$)")
_PULL_QUOTE = re.compile(
    rf"(?<=[.!?)\]\"\u201d\u2019])\s+(?P<name>[A-Z][\w'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){{1,3}})"
    r"(?:,\s*(?P<tail>[^.!?\n]{1,60}(?:\.[a-z]{2,4})?))?\s*$"
)
#: Words of a photo credit, which looks like a signature: "Jo Brandt, Getty Images".
_CREDIT_WORDS = frozenset("photo photos getty images press reuters ap afp file handout staff".split())


def signature_speaker(doc: Doc, text: str, start: int, end: int) -> Token | None:
    """The speaker of the signature line ``text[start:end]`` ("— Jo Brandt, a tenant"), or None
    (``text`` is ``doc.text``, which spaCy rebuilds on every access)."""
    m = _SIGNATURE.match(text[start:end])
    if m is None:
        return None
    return _name_head(doc, start + m.start("name"), start + m.end("name"))


def pull_quote(doc: Doc, text: str, start: int, end: int) -> tuple[int, int, Token] | None:
    """A pull quote in the paragraph ``text[start:end]`` of ``doc`` (whose text is ``text``): the
    quoted words' span and the head of the name that closes the paragraph without a verb, or None."""
    para = text[start:end]
    m = _PULL_QUOTE.search(para)
    if m is None or len(para[: m.start()].split()) < 6:
        return None
    tail = (m.group("tail") or "").lower()
    if "/" in tail or _CREDIT_WORDS & set(re.findall(r"[a-z]+", tail)):
        return None
    head = _name_head(doc, start + m.start("name"), start + m.end("name"))
    if head is None or not any(t.ent_type_ == "PERSON" for t in _tokens(doc, start + m.start("name"), start + m.end("name"))):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in _tokens(doc, start + m.end("name"), end)):
        return None
    return start, start + m.start(), head


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return [] if span is None else [t for t in span if not t.is_space]


def _name_head(doc: Doc, start: int, end: int) -> Token | None:
    """The last word of a name written in capitals, when the parser takes it for a name."""
    words = [t for t in _tokens(doc, start, end) if not t.is_punct]
    if not words or any(t.pos_ in ("VERB", "AUX", "PRON") for t in words):
        return None
    last = words[-1]
    return last if last.pos_ == "PROPN" or last.ent_type_ in ("PERSON", "ORG") else None
