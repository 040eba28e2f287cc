"""Quote extraction and attribution (to be filled in by the pre-tagger work)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quotecoder.core.model import Entity, Quote, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_quotes(doc: Doc, entities: Sequence[Entity], registry: Sequence[Speaker] = ()) -> list[Quote]:
    """The quotes of ``doc`` with cue, speaker mention and canonical speaker."""
    return []
