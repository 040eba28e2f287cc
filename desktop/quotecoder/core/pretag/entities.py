"""Named entities from spaCy's NER, as model-origin :class:`Entity` objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quotecoder.core.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_entities(doc: Doc) -> list[Entity]:
    """The document's entities, with offsets into ``doc.text``."""
    return [
        Entity(start=ent.start_char, end=ent.end_char, label=ent.label_, text=ent.text)
        for ent in doc.ents
        if ent.text.strip()
    ]
