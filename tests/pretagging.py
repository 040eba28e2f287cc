"""Helpers for the pre-tagger's pattern tests: annotate a fictional text, find a quote in it.

The ``tagger`` fixture they take is in conftest.py."""

from __future__ import annotations

from quotecoder.core.model import Annotation, Quote
from quotecoder.core.pretag import Pretagger


def run(tagger: Pretagger, text: str) -> Annotation:
    """The pre-tagger's annotation of ``text``."""
    return next(tagger.annotate([text]))


def quote_with(ann: Annotation, fragment: str) -> Quote:
    """The first quote whose text contains ``fragment`` (failing the test when there is none)."""
    found = [q for q in ann.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in ann.quotes]}"
    return found[0]


def speaker_of(ann: Annotation, fragment: str) -> str | None:
    """The speaker's name of the first quote containing ``fragment``."""
    quote = quote_with(ann, fragment)
    return quote.speaker.name if quote.speaker is not None else None
