"""Serialisation of an :class:`Annotation` to the JSONL object the quote scorer reads."""

from __future__ import annotations

from quotecoder.core.model import Annotation, Span


def _span(span: Span | None) -> dict | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def to_record(source: str, text: str, annotation: Annotation) -> dict:
    """One JSON-ready object: source, text, entities and quotes with cue and speaker."""
    quotes = []
    for q in annotation.quotes:
        speaker = None
        if q.speaker is not None:
            speaker = {"name": q.speaker.name, "type": q.speaker.type, "mention": _span(q.mention)}
        quotes.append(
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "kind": q.kind,
                "cue": _span(q.cue),
                "speaker": speaker,
                "confidence": q.confidence,
            }
        )
    return {
        "source": source,
        "text": text,
        "entities": [
            {"start": e.start, "end": e.end, "label": e.label, "text": e.text} for e in annotation.entities
        ],
        "quotes": quotes,
    }
