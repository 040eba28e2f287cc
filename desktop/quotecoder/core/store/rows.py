"""Reading the store's rows into model objects (helpers every part shares)."""

from __future__ import annotations

import json

from quotecoder.core.model import Quote, Span, Speaker, SpeakerCandidate


def quote_from_row(r: dict) -> Quote:
    speaker = None
    if r["speaker_id"] is not None:
        speaker = Speaker(id=r["speaker_id"], name=r["speaker_name"], type=r["speaker_type"])
    return Quote(
        id=r["id"],
        article_id=r["article_id"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        kind=r["kind"],
        cue=row_span(r, "cue"),
        mention=row_span(r, "mention"),
        speaker=speaker,
        speaker_id=r["speaker_id"],
        origin=r["origin"],
        confidence=r["confidence"],
        speaker_confidence=r["speaker_confidence"],
        speaker_candidates=_candidates(r["speaker_candidates"]),
    )


def _candidates(raw: str | None) -> tuple[SpeakerCandidate, ...]:
    """The stored candidate list; anything malformed reads as no candidates."""
    try:
        items = json.loads(raw or "[]")
        return tuple(
            SpeakerCandidate(str(c["name"]), c.get("type", "unknown"), float(c.get("confidence", 0.0)))
            for c in items if isinstance(c, dict) and c.get("name")
        )
    except (ValueError, TypeError, KeyError):
        return ()


def check_span(text: str, start: int, end: int, span_text: str, what: str) -> None:
    if not (0 <= start < end <= len(text)) or text[start:end] != span_text:
        raise ValueError(f"The {what} span {start}:{end} does not match the article text.")


def row_span(row: dict, prefix: str) -> Span | None:
    """The ``<prefix>_start/_end/_text`` columns of a row as a span (None when unset)."""
    if row[f"{prefix}_start"] is None:
        return None
    return Span(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"])
