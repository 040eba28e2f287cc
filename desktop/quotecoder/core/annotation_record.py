"""Annotation records as untrusted input: one article with its entities, quotes, every
coder's codes for every variable of the codebook, speaker corrections and adjudications,
as a JSONL backup line or a colleague's database carries it.

A record is one JSON object::

    {"article": {"text": …, "title": …, …},
     "entities": [{"start", "end", "text", "label", "origin"}, …],
     "quotes": [{"start", "end", "text", "kind", "speaker": {"name", "type"}, …,
                 "labels": [{"coder", "variable", "label", "note", "coded_at", "codebook_version"}, …],
                 "speaker_corrections": [{"coder", "speaker", "at"}, …],
                 "adjudications": [{"variable", "label", "coder", "note", "decided_at"}, …]}, …],
     "article_codes": [{"coder", "variable", "label", "note", "coded_at", "codebook_version"}, …],
     "article_adjudications": [{"variable", "label", "coder", "note", "decided_at"}, …],
     "speaker_codes": [{"speaker": {"name", "type"}, "variable", "label", "coder", "coded_at",
                        "codebook_version"}, …]}

Quote variables are coded in ``labels`` and ``adjudications``; a label without ``variable``
is a stance label, and a quote's single ``adjudication`` object (the format before codebooks
had several variables) is its stance adjudication, so older backups load as they are.
Article variables are coded on the record itself. A speaker variable is coded once per
registry speaker: the record lists the codes of every speaker it names (a quote's speaker,
the machine's, a coder's correction), keyed by the speaker's name, so each record carries
what its rows need, and a speaker named by several articles is listed in each of them.

A backup's first record also carries the codebook of the database it came from, under
``"codebook"`` (``{"name", "version", "variables": [...]}``, as
:meth:`~quotecoder.core.model.Codebook.to_dict` writes it), so the file stays one article per
line and a restore can add the variables and labels the receiving codebook lacks.
:func:`parse_codebook` checks it like the rest: its size, its fields, and the rules of
:func:`~quotecoder.core.codebook.check_codebook`.

:func:`parse_record` checks every field of a record before anything is stored. A record
whose article is unusable is refused whole (:class:`BadRecord`); a bad entity, quote,
code, correction or decision is left out and named in :attr:`IncomingArticle.problems`,
and the rest comes in. The content hash is always computed from the text, never taken
from the file. Variables and labels must belong to this database's codebook (by key or
name, in any case, as :meth:`~quotecoder.core.model.Variable.find` reads them), and each
variable must be coded on its own unit: quote, article or speaker.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from quotecoder.core.codebook import check_codebook
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import (
    ORIGINS,
    QUOTE_KINDS,
    SPEAKER_TYPES,
    STANCE,
    Article,
    Codebook,
    Entity,
    Quote,
    Span,
    Speaker,
    Variable,
)

#: Bounds on what one record may hold.
MAX_TEXT = 20_000_000  # characters of an article
MAX_FIELD = 10_000  # characters of a title, name, date or other short field
MAX_NOTE = 20_000  # characters of a coder's note
MAX_ITEMS = 200_000  # entities or quotes of one article
MAX_CODES = 10_000  # codes, speaker corrections or adjudications of one quote or article
MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_VARIABLES = 200  # variables of a codebook
MAX_LABELS = 1_000  # labels of one codebook variable
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
    """A coder's code for a quote or article variable (keys of this database's codebook)."""

    coder: str
    label: str
    note: str
    coded_at: str
    codebook_version: int | None = None
    variable: str = STANCE


@dataclass
class IncomingCorrection:
    coder: str
    speaker: Speaker | None
    at: str


@dataclass
class IncomingDecision:
    """An adjudicated label of a quote or article variable."""

    coder: str
    label: str
    note: str
    decided_at: str
    variable: str = STANCE


@dataclass
class IncomingSpeakerCode:
    """A registry speaker's code for a speaker variable (coded once, by ``coder`` if known)."""

    speaker: Speaker
    variable: str
    label: str
    coder: str | None
    coded_at: str
    codebook_version: int | None = None


@dataclass
class IncomingQuote:
    """A quote with everything coders said about it."""

    quote: Quote
    status: str = "active"
    proposal: dict | None = None  # the machine's values; its speaker as {"name", "type"}
    labels: list[IncomingLabel] = field(default_factory=list)
    corrections: list[IncomingCorrection] = field(default_factory=list)
    decisions: list[IncomingDecision] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        return self.quote.start, self.quote.end

    def describe(self) -> str:
        return f"quote {self.quote.start}–{self.quote.end} “{_snippet(self.quote.text)}”"


def _snippet(text: str) -> str:
    """``text`` on one line, cut at 60 characters."""
    words = " ".join(text.split())
    return f"{words[:60]}{'…' if len(words) > 60 else ''}"


@dataclass
class IncomingArticle:
    """A checked record: the article, its items, and what was left out and why."""

    where: str
    article: Article
    claimed_hash: str | None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[IncomingQuote] = field(default_factory=list)
    codes: list[IncomingLabel] = field(default_factory=list)  # article variables
    decisions: list[IncomingDecision] = field(default_factory=list)  # article variables
    speaker_codes: list[IncomingSpeakerCode] = field(default_factory=list)
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


class CodebookCheck:
    """The codebook of the database a record comes into: turns a variable and a label as the
    record writes them (a key or a name, in any case) into its keys, or says why it cannot."""

    def __init__(self, codebook: Codebook | None) -> None:
        self.codebook = codebook or Codebook("none", 0)

    def variable(self, value: object, unit: str, what: str) -> Variable:
        """The ``unit`` variable ``value`` names (BadRecord when there is none)."""
        if value is None:
            raise BadRecord(f"the {what} names no variable")
        if not isinstance(value, str):
            raise BadRecord(f"the {what}'s variable is {_kind(value)}, not a variable")
        found = self.codebook.find_variable(value)
        if found is not None and found.unit == unit:
            return found
        if found is not None:
            raise BadRecord(f"the {what}'s variable {found.key} is coded per {found.unit} here, not per {unit}")
        known = ", ".join(v.key for v in self.codebook.by_unit(unit)) or "none"
        raise BadRecord(f"the {what}'s variable “{value[:40]}” is not in this database's codebook "
                        f"({unit} variables: {known}; load the study's codebook first)")

    def code(self, data: dict, unit: str, what: str, default: str | None = None) -> tuple[str, str]:
        """(variable key, label key) of a code or decision ``data`` of a ``unit`` variable;
        ``default`` is the variable of a code that names none (older records: stance)."""
        variable = self.variable(data.get("variable", default), unit, what)
        value = data.get("label")
        if not isinstance(value, str):
            raise BadRecord(f"the {what} is {_kind(value)}, not a label")
        label = variable.find(value)
        if label is None:
            raise BadRecord(f"the {what} “{value[:40]}” is not a label of {variable.key} in this database's codebook")
        return variable.key, label.key


def _each(data: dict, key: str, limit: int, read: Callable[[object], object], into: list, problems: list[str],
          place: str, what: str) -> None:
    """Each item of the list ``data[key]``, read into ``into``; a bad item, or a list that is
    not one, is left out and named in ``problems`` (``what`` names one item, at ``place``)."""
    try:
        items = _list(data, key, limit)
    except BadRecord as exc:
        problems.append(f"{place}: the {what}s were left out: {exc}")
        return
    for item in items:
        try:
            into.append(read(item))
        except BadRecord as exc:
            problems.append(f"{place}: {_one(what)} was left out: {exc}")


def _one(what: str) -> str:
    return f"{'an' if what[0] in 'aeiou' else 'a'} {what}"


# -- the codebook a backup carries ---------------------------------------------------------------

#: The text fields of a codebook's variables and labels, and the characters each may hold.
_VARIABLE_FIELDS = {"key": 200, "name": MAX_FIELD, "unit": 64, "level": 64}
_LABEL_FIELDS = {"key": 200, "name": MAX_FIELD, "description": MAX_NOTE, "colour": 64, "shortcut": 16}


def parse_codebook(data: object) -> Codebook:
    """The codebook a record carries, checked (BadRecord saying what is wrong): an object of
    bounded size whose fields are text, that :meth:`Codebook.from_dict` reads and
    :func:`check_codebook` accepts."""
    data = _object(data, "the codebook")
    _text(data, "name")
    variables = _list(data, "variables", MAX_VARIABLES) if "variables" in data else [{"labels": data.get("labels")}]
    for variable in variables:
        variable = _object(variable, "a variable of the codebook")
        for key, limit in _VARIABLE_FIELDS.items():
            _text(variable, key, limit=limit)
        for label in _list(variable, "labels", MAX_LABELS):
            label = _object(label, "a label of the codebook")
            for key, limit in _LABEL_FIELDS.items():
                _text(label, key, limit=limit)
    try:
        codebook = Codebook.from_dict(data)
        check_codebook(codebook)
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadRecord(str(exc)) from None
    return codebook


# -- records ------------------------------------------------------------------------------------


def parse_record(data: object, where: str, codebook: Codebook | None) -> IncomingArticle:
    """A checked :class:`IncomingArticle` from one record, its codes turned into keys of
    ``codebook`` (the receiving database's). Raises BadRecord for an unusable article."""
    check = CodebookCheck(codebook)
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
            incoming.quotes.append(_quote(item, text, check, where, incoming.problems))
        except BadRecord as exc:
            incoming.problems.append(f"{where}: {_quote_name(item)} was left out with its codes: {exc}")
    problems = incoming.problems
    _each(record, "article_codes", MAX_CODES, lambda item: _code(item, check, "article"), incoming.codes,
          problems, where, "article code")
    _each(record, "article_adjudications", MAX_CODES, lambda item: _decision(item, check, "article"),
          incoming.decisions, problems, where, "article adjudication")
    _each(record, "speaker_codes", MAX_ITEMS, lambda item: _speaker_code(item, check), incoming.speaker_codes,
          problems, where, "speaker code")
    return incoming


def _entity(data: object, text: str) -> Entity:
    data = _object(data, "the entity")
    span = _span(data, text, "entity")
    label = _text(data, "label", required=True, limit=64)
    return Entity(start=span.start, end=span.end, text=span.text, label=label,
                  origin=_choice(data, "origin", ORIGINS, "model"))


def _quote_name(data: object) -> str:
    if isinstance(data, dict) and isinstance(data.get("text"), str):
        return f"the quote “{_snippet(data['text'])}”"
    return "a quote"


def _quote(data: object, text: str, check: CodebookCheck, where: str, problems: list[str]) -> IncomingQuote:
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
    _each(data, "labels", MAX_CODES, lambda item: _code(item, check, "quote"), incoming.labels, problems,
          name, "label")
    _each(data, "speaker_corrections", MAX_CODES, _correction, incoming.corrections, problems,
          name, "speaker correction")
    if data.get("adjudication") is not None:  # older records' one adjudication (of stance)
        try:
            incoming.decisions.append(_decision(data["adjudication"], check, "quote"))
        except BadRecord as exc:
            problems.append(f"{name}: the adjudication was left out: {exc}")
    _each(data, "adjudications", MAX_CODES, lambda item: _decision(item, check, "quote"), incoming.decisions,
          problems, name, "adjudication")
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


def _code(data: object, check: CodebookCheck, unit: str) -> IncomingLabel:
    """A coder's code for a quote variable (a label: stance unless it names another) or an article variable."""
    what = "label" if unit == "quote" else f"{unit} code"
    data = _object(data, f"the {what}")
    variable, label = check.code(data, unit, what, STANCE if unit == "quote" else None)
    return IncomingLabel(
        coder=_coder(data),
        label=label,
        note=_text(data, "note", limit=MAX_NOTE) or "",
        coded_at=_text(data, "coded_at", required=True, limit=64),
        codebook_version=_int(data, "codebook_version", required=False),
        variable=variable,
    )


def _correction(data: object) -> IncomingCorrection:
    data = _object(data, "the speaker correction")
    return IncomingCorrection(coder=_coder(data), speaker=_speaker(data.get("speaker")),
                              at=_text(data, "at", required=True, limit=64))


def _decision(data: object, check: CodebookCheck, unit: str) -> IncomingDecision:
    data = _object(data, "the adjudication")
    variable, label = check.code(data, unit, "adjudicated label", STANCE if unit == "quote" else None)
    return IncomingDecision(
        coder=_coder(data),
        label=label,
        note=_text(data, "note", limit=MAX_NOTE) or "",
        decided_at=_text(data, "decided_at", required=True, limit=64),
        variable=variable,
    )


def _speaker_code(data: object, check: CodebookCheck) -> IncomingSpeakerCode:
    data = _object(data, "the speaker code")
    speaker = _speaker(data.get("speaker"))
    if speaker is None:
        raise BadRecord("the speaker code names no speaker")
    variable, label = check.code(data, "speaker", "speaker code")
    coder = (_text(data, "coder", limit=200) or "").strip()
    return IncomingSpeakerCode(
        speaker=speaker, variable=variable, label=label, coder=coder or None,
        coded_at=_text(data, "coded_at", required=True, limit=64),
        codebook_version=_int(data, "codebook_version", required=False),
    )


def _coder(data: dict) -> str:
    return _text(data, "coder", required=True, limit=200).strip()
