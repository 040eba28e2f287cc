"""What a machine attribution rests on, read from its mention.

A machine quote records what its attribution rests on through its ``mention``: a floating
quote carries the mention of the quote whose speaker it continues, a pronoun or a role
("he", "the mayor") is its own mention resolved to a person. :func:`mention_form` tells these
apart; :mod:`quotecoder.core.attribution` uses it to offer one correction for every quote that
rests on the same decision, and to learn name forms as aliases.
"""

from __future__ import annotations

from typing import Literal

from quotecoder.core.model import Span
from quotecoder.core.pretag.cues import PRONOUNS_FEMALE, PRONOUNS_MALE, PRONOUNS_PLURAL, PRONOUNS_SELF
from quotecoder.core.pretag.speakers import clean_name

MentionForm = Literal["name", "pronoun", "description", "none"]

#: Relative pronouns mention the speaker of their own clause ("the mayor, who said …") as he or she do.
_PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | PRONOUNS_SELF | {"it", "its", "you", "who", "which", "that"}


def mention_form(mention: Span | None) -> MentionForm:
    """How a mention names its speaker: by a name ("Ms Velkov"), a pronoun ("she", or the
    relative "who") or a description ("the harbour master", "a spokesperson")."""
    if mention is None or not mention.text.strip():
        return "none"
    words = mention.text.split()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    name = clean_name(mention.text)
    if name and all(w[:1].isupper() for w in name.split() if w[:1].isalpha()):
        return "name"
    return "description"
