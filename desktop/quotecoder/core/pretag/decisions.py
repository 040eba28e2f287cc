"""Which machine attributions rest on the same decision, so one correction can be offered for all.

A machine quote records what its attribution rests on through its ``mention``: a floating
quote carries the mention of the quote whose speaker it continues, a pronoun or a role
("he", "the mayor") is its own mention resolved to a person. When a coder changes one
quote's speaker, :func:`resting_on_same_decision` lists the other machine quotes of the
article that the change should be offered for; :func:`alias_to_learn` says which name form
the registry may learn as an alias of the new speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from quotecoder.core.model import Quote, Span
from quotecoder.core.pretag.cues import PRONOUNS_FEMALE, PRONOUNS_MALE, PRONOUNS_PLURAL, PRONOUNS_SELF
from quotecoder.core.pretag.speakers import clean_name

MentionForm = Literal["name", "pronoun", "description", "none"]

_PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | PRONOUNS_SELF | {"it", "its", "you"}


def mention_form(mention: Span | None) -> MentionForm:
    """How a mention names its speaker: by a name ("Ms Velkov"), a pronoun ("she") or a
    description ("the harbour master", "a spokesperson")."""
    if mention is None or not mention.text.strip():
        return "none"
    words = mention.text.split()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    name = clean_name(mention.text)
    if name and all(w[:1].isupper() for w in name.split() if w[:1].isalpha()):
        return "name"
    return "description"


def _speaker_key(quote: Quote) -> object:
    if quote.speaker_id is not None:
        return quote.speaker_id
    return quote.speaker.name.lower() if quote.speaker is not None else None


def resting_on_same_decision(quotes: Sequence[Quote], corrected: Quote) -> list[Quote]:
    """The machine quotes among ``quotes`` (one article's) whose attribution rests on the same
    decision as ``corrected`` before its speaker changed: the same speaker, and either the same
    mention (floating quotes that continued it) or a pronoun or description resolved to that
    speaker. ``corrected`` itself is not listed."""
    key = _speaker_key(corrected)
    if key is None:
        return []
    out = []
    for q in quotes:
        if q is corrected or (q.id is not None and q.id == corrected.id) or q.origin != "model" or _speaker_key(q) != key:
            continue
        if q.mention is not None and q.mention == corrected.mention or mention_form(q.mention) in ("pronoun", "description"):
            out.append(q)
    return out


def alias_to_learn(corrected: Quote, new_name: str) -> str | None:
    """The name form in ``corrected``'s mention that the registry can learn as an alias of
    ``new_name`` (None for a pronoun or description, or when it is the name itself)."""
    if mention_form(corrected.mention) != "name":
        return None
    alias = clean_name(corrected.mention.text)  # type: ignore[union-attr]
    return alias if alias and alias.lower() != new_name.lower() else None
