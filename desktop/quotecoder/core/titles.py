"""What an article is called on screen when it has no headline: its first sentence."""

from __future__ import annotations

import re
from pathlib import PurePath

#: The first sentence ends at . ! ? (then a blank) or at the end of the first line.
_SENTENCE = re.compile(r"(.+?[.!?][\"”’»)]*)(?=\s)|([^\n]+)")
LONGEST = 140


def first_sentence(text: str, longest: int = LONGEST) -> str:
    """The text's first sentence (or line), cut at a word with "…" when longer than ``longest``."""
    found = _SENTENCE.search(text.strip())
    sentence = " ".join((found.group(0) if found else "").split())
    if len(sentence) <= longest:
        return sentence
    cut = sentence[: longest - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"


def display_title(title: str | None, text: str | None, source: str | None = "", article_id: int | None = None,
                  longest: int = LONGEST) -> str:
    """The headline, else the first sentence of the text, else the file name, else "Article N"."""
    return ((title or "").strip() or first_sentence(text or "", longest) or PurePath(source or "").name
            or f"Article {article_id}")
