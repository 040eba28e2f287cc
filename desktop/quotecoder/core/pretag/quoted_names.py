"""Quoted text that names something instead of reporting speech.

News quotes the names of programmes, books and campaigns ('said on Tarn TV's “Morning
Roundup.”', 'her memoir “Hard Roads”', 'the so-called “Coalition of the Willing”') and sets
subheadings in quotation marks; none of them is a quote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quotecoder.core.pretag.marks import DOUBLE, SINGLE

if TYPE_CHECKING:
    from quotecoder.core.pretag.marks import Segment

#: Small words inside a title: 'Face the Nation', 'Friends of the Harbour'.
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "to", "at", "&", "de", "la", "le"})
#: Words before a quoted title: on “Meet the Press,” / the book “Hard Choices.”
TITLE_LEADS = frozenset("""on in of to from the his her their its told titled entitled called named dubbed show
    program programme book film movie series column album song""".split())
_OPENING_MARKS = "\"'\u201c\u2018`"
_MARKS_AND_STOPS = "\"'\u201c\u201d\u2018\u2019`,.;: "
#: Possessive endings before a quoted programme name: ABC's “This Week”, CBS’ “Face the Nation”.
_POSSESSIVE_ENDS = ("'s", "\u2019s", "s'", "s\u2019")


def is_titled(words: list[str]) -> bool:
    """Every word capitalised, a joiner or not a word: 'Face the Nation', 'Lost Tycoon: The Many Lives'."""
    return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _NAME_JOINERS for w in words)


def quoted_title(text: str, seg: Segment) -> bool:
    """A quoted programme, book or show named after a preposition, possessive or "told", not words
    spoken: said on Tarn TV's “Morning Roundup.”, told “Valley Talk”, in her memoir “Hard Roads.”"""
    words = text[seg.inner_start : seg.inner_end].split()
    if not words or len(words) > 10 or not is_titled(words):
        return False
    return _after_title_lead(text, seg.start)


def bare_title(text: str, s: int, e: int) -> bool:
    """A report that is nothing but a quoted programme name the parse took for a clause: said on
    Tarn TV's “Face the Valley.”"""
    if text[s : s + 1] not in _OPENING_MARKS:
        return False
    words = text[s:e].strip(_MARKS_AND_STOPS).split()
    return bool(words) and len(words) <= 10 and is_titled(words) and _after_title_lead(text, s)


def single_quoted_heading(seg: Segment, words: list[str], segments: list[Segment]) -> bool:
    """A short paragraph in single quotes in a story quoted in double ones: a subheading that
    repeats a phrase, not a quote ('A fight to the finish.' standing alone between paragraphs)."""
    if seg.style != SINGLE or seg.continued or len(words) > 10:
        return False
    doubles = sum(s.style == DOUBLE for s in segments)
    return doubles > 2 * sum(s.style == SINGLE for s in segments)


def _after_title_lead(text: str, pos: int) -> bool:
    """A possessive, preposition, determiner or "told" right before ``pos``: on Tarn TV's “…”, told “…”."""
    before = text[max(0, pos - 40) : pos].rstrip().lower()
    return before.endswith(_POSSESSIVE_ENDS) or prev_word(text, pos).lower() in TITLE_LEADS


def prev_word(text: str, pos: int) -> str:
    """The word just before ``pos`` (skipping spaces and punctuation other than letters)."""
    i = pos - 1
    while i >= 0 and not text[i].isalnum():
        if text[i] == "\n":
            return ""
        i -= 1
    j = i
    while j >= 0 and (text[j].isalnum() or text[j] in "'\u2019"):
        j -= 1
    return text[j + 1 : i + 1]
