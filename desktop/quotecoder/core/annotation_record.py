"""Annotation records as untrusted input: one article with its entities, quotes, coders'
labels, speaker corrections and adjudications, as a JSONL backup line or a colleague's
database carries it.

:func:`parse_record` checks every field of a record before anything is stored. A record
whose article is unusable is refused whole (:class:`BadRecord`); a bad entity, quote,
label, correction or decision is left out and named in :attr:`IncomingArticle.problems`,
and the rest comes in. The content hash is always computed from the text, never taken
from the file, and labels must belong to this database's codebook.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import ORIGINS, QUOTE_KINDS, SPEAKER_TYPES, Article, Entity, Quote, Span, Speaker

#: Bounds on what one record may hold.
MAX_TEXT = 20_000_000  # characters of an article
MAX_FIELD = 10_000  # characters of a title, name, date or other short field
MAX_NOTE = 20_000  # characters of a coder's note
MAX_ITEMS = 200_000  # entities or quotes of one article
MAX_CODES = 10_000  # labels or speaker corrections of one quote
MAX_ID = 2**63 - 1  # SQLite's largest integer
STATUSES = ("active", "rejected")

#: The article fields a record may carry (besides its text), all optional text.
ARTICLE_FIELDS = ("source", "outlet", "title", "byline", "published", "url", "imported_at",
                  "section", "length", "language", "doc_id", "model")


class BadRecord(ValueError):
    """A record (or one item of it) that cannot be read; the message says why."""


class BadText:
    """A text value that was not valid UTF-8 (what a database reader gives instead of it)."""

    def __repr__(self) -> str:
        return "<text that is not valid UTF-8>"


@dataclass
class Entry:
    """One record as read from a file, or why it could not be read. ``where`` names its place
    ("backup.jsonl:12", "ben.db, article 7")."""

    where: str
    record: dict | None = None
    problem: str | None = None


@dataclass
class IncomingLabel:
    coder: str
    label: str
    note: str
    coded_at: str
    codebook_version: int | None = None


@dataclass
class IncomingCorrection:
    coder: str
    speaker: Speaker | None
    at: str


@dataclass
class IncomingDecision:
    coder: str
    label: str
    note: str
    decided_at: str


@dataclass
class IncomingQuote:
    """A quote with everything coders said about it."""

    quote: Quote
    status: str = "active"
    proposal: dict | None = None  # the machine's values; its speaker as {"name", "type"}
    labels: list[IncomingLabel] = field(default_factory=list)
    corrections: list[IncomingCorrection] = field(default_factory=list)
    decision: IncomingDecision | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.quote.start, self.quote.end

    def describe(self) -> str:
        words = " ".join(self.quote.text.split())
        return f"quote {self.quote.start}–{self.quote.end} “{words[:60]}{'…' if len(words) > 60 else ''}”"


@dataclass
class IncomingArticle:
    """A checked record: the article, its items, and what was left out and why."""

    where: str
    article: Article
    claimed_hash: str | None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[IncomingQuote] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        a = self.article
        return a.title or a.source or a.content_hash[:12]

    def moved_to(self, text: str, spans: Callable[[int, int], tuple[int, int] | None]) -> IncomingArticle:
        """This record with every span carried onto ``text`` (another copy of the article);
        raises BadRecord naming the first span that has no counterpart there."""
        def move(span: Span | None, what: str) -> Span | None:
            if span is None:
                return None
            found = spans(span.start, span.end)
            if found is None:
                raise BadRecord(f"the {what} at {span.start}–{span.end} has no counterpart in this copy")
            return Span.of(text, *found)

        entities = [replace(e, **_span_fields(move(Span(e.start, e.end, e.text), "entity"))) for e in self.entities]
        quotes = []
        for incoming in self.quotes:
            q = incoming.quote
            main = move(q.span, "quote")
            moved = replace(q, start=main.start, end=main.end, text=main.text,
                            cue=move(q.cue, "quote's cue"), mention=move(q.mention, "quote's speaker mention"))
            quotes.append(replace(incoming, quote=moved, proposal=_move_proposal(incoming.proposal, move)))
        return replace(self, article=replace(self.article, text=text), entities=entities, quotes=quotes)


def _span_fields(span: Span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}


def _move_proposal(proposal: dict | None, move: Callable[[Span | None, str], Span | None]) -> dict | None:
    if proposal is None or not {"start", "end", "text"} <= proposal.keys():
        return proposal
    moved = dict(proposal)
    moved.update(_span_fields(move(Span(proposal["start"], proposal["end"], proposal["text"]), "machine's quote")))
    for key in ("cue", "mention"):
        if isinstance(proposal.get(key), dict):
            span = move(Span(proposal[key]["start"], proposal[key]["end"], proposal[key]["text"]), f"machine's {key}")
            moved[key] = span.to_dict()
    return moved


# -- field checks -------------------------------------------------------------------------------


def _text(data: dict, key: str, *, required: bool = False, limit: int = MAX_FIELD) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise BadRecord(f"{key} is missing")
        return None
    if isinstance(value, BadText):
        raise BadRecord(f"{key} is not valid UTF-8 text")
    if not isinstance(value, str):
        raise BadRecord(f"{key} is {_kind(value)}, not text")
    if len(value) > limit:
        raise BadRecord(f"{key} has {len(value):,} characters (at most {limit:,})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRecord(f"{key} is not valid Unicode text") from None
    if required and not value.strip():
        raise BadRecord(f"{key} is empty")
    return value


def _int(data: dict, key: str, *, required: bool = True) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRecord(f"{key} is {_kind(value)}, not a whole number")
    if not 0 <= value <= MAX_ID:
        raise BadRecord(f"{key} {value} is out of range")
    return value


def _number(data: dict, key: str, default: float | None) -> float | None:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise BadRecord(f"{key} is {_kind(value)}, not a number")
    return float(value)


def _choice(data: dict, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
    value = data.get(key)
    if value is None and default is not None:
        return default
    if value not in choices:
        shown = repr(value) if isinstance(value, (str, int, float)) or value is None else _kind(value)
        raise BadRecord(f"{key} {shown} is not one of {', '.join(choices)}")
    return value


def _object(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise BadRecord(f"{what} is {_kind(value)}, not an object")
    return value


def _list(data: dict, key: str, limit: int) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRecord(f"{key} is {_kind(value)}, not a list")
    if len(value) > limit:
        raise BadRecord(f"{key} holds {len(value):,} items (at most {limit:,})")
    return value


def _kind(value: object) -> str:
    names = {type(None): "empty (null)", bool: "true/false", int: "a number", float: "a number",
             str: "text", list: "a list", dict: "an object", bytes: "binary data",
             BadText: "text that is not valid UTF-8"}
    return names.get(type(value), "unreadable")


def _span(data: object, text: str, what: str) -> Span | None:
    if data is None:
        return None
    data = _object(data, what)
    start, end = _int(data, "start"), _int(data, "end")
    claimed = _text(data, "text", required=True, limit=MAX_TEXT)
    if not start < end <= len(text) or text[start:end] != claimed:
        raise BadRecord(f"the {what} at {start}–{end} does not match the article text")
    return Span(start, end, claimed)


def _speaker(data: object) -> Speaker | None:
    if data is None:
        return None
    data = _object(data, "the speaker")
    name = _text(data, "name", required=True, limit=500)
    return Speaker(name=name.strip(), type=_choice(data, "type", SPEAKER_TYPES, "unknown"))


def _label_key(value: object, resolve: Callable[[str], str | None], what: str) -> str:
    if not isinstance(value, str):
        raise BadRecord(f"{what} is {_kind(value)}, not a label")
    key = resolve(value)
    if key is None:
        raise BadRecord(f"{what} “{value[:40]}” is not a label of this database's codebook")
    return key


# -- records ------------------------------------------------------------------------------------


def parse_record(data: object, where: str, resolve: Callable[[str], str | None]) -> IncomingArticle:
    """A checked :class:`IncomingArticle` from one record; ``resolve`` turns a label as written
    into a key of the codebook (None: not a label of it). Raises BadRecord for an unusable article."""
    record = _object(data, "the record")
    meta = _object(record.get("article"), "the article")
    text = _text(meta, "text", required=True, limit=MAX_TEXT)
    values = {key: _text(meta, key) for key in ARTICLE_FIELDS}
    claimed = meta.get("content_hash") if isinstance(meta.get("content_hash"), str) else None
    group = meta.get("dup_group")  # the near-duplicate group there: a key that groups records
    if isinstance(group, bool) or not isinstance(group, (int, str)):
        group = None
    article = Article(text=text, content_hash=content_hash(text), dup_group=group,
                      **{k: v for k, v in values.items() if k != "source"}, source=values["source"] or "")
    incoming = IncomingArticle(where=where, article=article, claimed_hash=claimed)
    for item in _list(record, "entities", MAX_ITEMS):
        try:
            incoming.entities.append(_entity(item, text))
        except BadRecord as exc:
            incoming.problems.append(f"{where}: an entity was left out: {exc}")
    for item in _list(record, "quotes", MAX_ITEMS):
        try:
            incoming.quotes.append(_quote(item, text, resolve, where, incoming.problems))
        except BadRecord as exc:
            incoming.problems.append(f"{where}: {_quote_name(item)} was left out with its codes: {exc}")
    return incoming


def _entity(data: object, text: str) -> Entity:
    data = _object(data, "the entity")
    span = _span(data, text, "entity")
    label = _text(data, "label", required=True, limit=64)
    return Entity(start=span.start, end=span.end, text=span.text, label=label,
                  origin=_choice(data, "origin", ORIGINS, "model"))


def _quote_name(data: object) -> str:
    if isinstance(data, dict) and isinstance(data.get("text"), str):
        words = " ".join(data["text"].split())
        return f"the quote “{words[:60]}{'…' if len(words) > 60 else ''}”"
    return "a quote"


def _quote(data: object, text: str, resolve: Callable[[str], str | None], where: str,
           problems: list[str]) -> IncomingQuote:
    data = _object(data, "the quote")
    span = _span(data, text, "quote")
    quote = Quote(
        start=span.start, end=span.end, text=span.text, kind=_choice(data, "kind", QUOTE_KINDS),
        cue=_span(data.get("cue"), text, "cue"), mention=_span(data.get("mention"), text, "speaker mention"),
        speaker=_speaker(data.get("speaker")), origin=_choice(data, "origin", ORIGINS, "coder"),
        confidence=_number(data, "confidence", 1.0),
    )
    incoming = IncomingQuote(quote=quote, status=_choice(data, "status", STATUSES, "active"),
                             proposal=_proposal(data.get("proposal"), text))
    name = f"{where}: {incoming.describe()}"
    for item in _list(data, "labels", MAX_CODES):
        try:
            incoming.labels.append(_label(item, resolve))
        except BadRecord as exc:
            problems.append(f"{name}: a label was left out: {exc}")
    for item in _list(data, "speaker_corrections", MAX_CODES):
        try:
            incoming.corrections.append(_correction(item))
        except BadRecord as exc:
            problems.append(f"{name}: a speaker correction was left out: {exc}")
    if data.get("adjudication") is not None:
        try:
            incoming.decision = _decision(data["adjudication"], resolve)
        except BadRecord as exc:
            problems.append(f"{name}: the adjudication was left out: {exc}")
    return incoming


def _proposal(data: object, text: str) -> dict | None:
    """The machine's original values of a corrected quote, checked (its speaker as name and type)."""
    if data is None:
        return None
    data = _object(data, "the machine's proposal")
    clean: dict = {}  # only the fields known here; any other is left out
    if "start" in data or "end" in data or "text" in data:
        clean.update(_span(data, text, "machine's quote").to_dict())
    if "kind" in data:
        clean["kind"] = _choice(data, "kind", QUOTE_KINDS)
    for key in ("cue", "mention"):
        if key in data:
            span = _span(data[key], text, f"machine's {key}")
            clean[key] = None if span is None else span.to_dict()
    if "speaker" in data:
        speaker = _speaker(data["speaker"])
        clean["speaker"] = None if speaker is None else {"name": speaker.name, "type": speaker.type}
    return clean


def _label(data: object, resolve: Callable[[str], str | None]) -> IncomingLabel:
    data = _object(data, "the label")
    return IncomingLabel(
        coder=_coder(data),
        label=_label_key(data.get("label"), resolve, "the label"),
        note=_text(data, "note", limit=MAX_NOTE) or "",
        coded_at=_text(data, "coded_at", required=True, limit=64),
        codebook_version=_int(data, "codebook_version", required=False),
    )


def _correction(data: object) -> IncomingCorrection:
    data = _object(data, "the speaker correction")
    return IncomingCorrection(coder=_coder(data), speaker=_speaker(data.get("speaker")),
                              at=_text(data, "at", required=True, limit=64))


def _decision(data: object, resolve: Callable[[str], str | None]) -> IncomingDecision:
    data = _object(data, "the adjudication")
    return IncomingDecision(
        coder=_coder(data),
        label=_label_key(data.get("label"), resolve, "the adjudicated label"),
        note=_text(data, "note", limit=MAX_NOTE) or "",
        decided_at=_text(data, "decided_at", required=True, limit=64),
    )


def _coder(data: dict) -> str:
    return _text(data, "coder", required=True, limit=200).strip()
