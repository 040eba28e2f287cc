"""Serialisation of an :class:`Annotation` to the JSONL object the quote scorer reads."""

from __future__ import annotations

from collections.abc import Mapping

from quotecoder.core.model import (
    QUOTE_KINDS,
    SPEAKER_TYPES,
    Annotation,
    Entity,
    Quote,
    Span,
    Speaker,
    SpeakerCandidate,
)


def _span(span: Span | None) -> dict | None:
    return None if span is None else span.to_dict()


def to_record(source: str, text: str, annotation: Annotation) -> dict:
    """One JSON-ready object: source, text, entities and quotes with cue and speaker."""
    quotes = []
    for q in annotation.quotes:
        speaker = None
        if q.speaker is not None:
            speaker = {
                "name": q.speaker.name,
                "type": q.speaker.type,
                "mention": _span(q.mention),
                "confidence": q.speaker_confidence,
                "candidates": [c.to_dict() for c in q.speaker_candidates],
            }
        quote = {
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "kind": q.kind,
            "cue": _span(q.cue),
            "speaker": speaker,
            "confidence": q.confidence,
        }
        if speaker is None and q.mention is not None:  # an unresolved mention ("It added …")
            quote["mention"] = _span(q.mention)
        quotes.append(quote)
    return {
        "source": source,
        "text": text,
        "entities": [
            {"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in annotation.entities
        ],
        "quotes": quotes,
    }


def from_record(record: Mapping) -> Annotation:
    """The :class:`Annotation` in a record :func:`to_record` wrote (the reverse of it).

    Every span must match the record's ``text``; speaker confidence and candidates are
    read when present, and so is a quote's ``mention`` when it has no speaker. Raises ValueError naming what is wrong (records may come from
    another machine or a colleague: they are checked, not trusted).
    """
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("the 'text' value is not a string")
    entities = [_entity(text, value, f"entity {n}") for n, value in enumerate(_items(record, "entities"), 1)]
    quotes = [_quote(text, value, f"quote {n}") for n, value in enumerate(_items(record, "quotes"), 1)]
    return Annotation(entities=entities, quotes=quotes)


def _items(record: Mapping, key: str) -> list:
    value = record.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key!r} is not a list")
    return value


def _object(value: object, what: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise ValueError(f"{what} is not an object")
    return value


def _read_span(text: str, value: object, what: str) -> Span:
    value = _object(value, what)
    start, end = value.get("start"), value.get("end")
    if type(start) is not int or type(end) is not int:
        raise ValueError(f"{what} has no whole-number start and end")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{what} {start}:{end} lies outside the text")
    span = Span(start, end, text[start:end])
    if value.get("text", span.text) != span.text:
        raise ValueError(f"{what} {start}:{end} does not match the text")
    return span


def _optional_span(text: str, value: object, what: str) -> Span | None:
    return None if value is None else _read_span(text, value, what)


def _share(value: object, what: str, default: float | None) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"{what} is not a number from 0 to 1")
    return float(value)


def _name(value: Mapping, what: str) -> tuple[str, str]:
    name, kind = value.get("name"), value.get("type", "unknown")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{what} has no name")
    if kind not in SPEAKER_TYPES:
        raise ValueError(f"{what} has the type {kind!r} (expected one of {', '.join(SPEAKER_TYPES)})")
    return name.strip(), kind


def _entity(text: str, value: object, what: str) -> Entity:
    span = _read_span(text, value, what)
    label = value.get("label")
    if not isinstance(label, str) or not label:
        raise ValueError(f"{what} has no label")
    return Entity(span.start, span.end, label, span.text)


def _quote(text: str, value: object, what: str) -> Quote:
    span = _read_span(text, value, what)
    kind = value.get("kind")
    if kind not in QUOTE_KINDS:
        raise ValueError(f"{what} has the kind {kind!r} (expected one of {', '.join(QUOTE_KINDS)})")
    quote = Quote(span.start, span.end, span.text, kind, cue=_optional_span(text, value.get("cue"), f"{what}'s cue"),
                  confidence=_share(value.get("confidence"), f"{what}'s confidence", 1.0))
    if value.get("speaker") is None:  # an unresolved mention ("It added …") is kept beside the quote
        quote.mention = _optional_span(text, value.get("mention"), f"{what}'s speaker mention")
        return quote
    speaker = _object(value["speaker"], f"{what}'s speaker")
    name, kind = _name(speaker, f"{what}'s speaker")
    quote.speaker = Speaker(name, kind)
    quote.mention = _optional_span(text, speaker.get("mention"), f"{what}'s speaker mention")
    quote.speaker_confidence = _share(speaker.get("confidence"), f"{what}'s speaker confidence", None)
    candidates = speaker.get("candidates") or []
    if not isinstance(candidates, list):
        raise ValueError(f"{what}'s speaker candidates are not a list")
    quote.speaker_candidates = tuple(
        SpeakerCandidate(*_name(_object(c, f"{what}'s candidate {n}"), f"{what}'s candidate {n}"),
                         _share(c.get("confidence"), f"{what}'s candidate {n} confidence", 0.0))
        for n, c in enumerate(candidates, 1)
    )
    return quote
