"""Web-page furniture in copied or saved articles, kept out of the body.

Recognised, line by line (a line is a paragraph in such texts):

* footers and widgets: ``Read more at DailyMail.co.uk``, ``***``, a lone ``:``
  and the related-article title after it at the end, ``Scroll down for video``,
  ``Share this article``, ``Advertisement``, ``Story continues below advertisement``,
  ``Related articles``, ...;
* newsletter sign-ups: the block from ``skip past newsletter promotion`` to
  ``after newsletter promotion``, short ``Sign up to ...`` lines, and
  ``Privacy Notice: ...`` paragraphs;
* a paragraph repeated at once (a picture caption printed twice, as the Daily
  Mail does): the first copy is kept, so it yields one quote, not two.

Everything else is kept verbatim, including the blank lines between paragraphs.
"""

from __future__ import annotations

import re

_FOOTER = re.compile(
    r"read more at \S+|read more:?|\*(?: ?\*){2,}|:|scroll down for (?:the )?video|"
    r"share this article|share or comment on this article:?|advertisement\.?|related articles|"
    r"story continues below(?: the)? advertisement\.?|article continued below|"
    r"explore more on these topics|reuse this content",
    re.IGNORECASE,
)
_SIGN_UP = re.compile(r"sign up(?: to| for|:)\s.{0,120}", re.IGNORECASE)
_PRIVACY = re.compile(r"privacy notice:\s.*", re.IGNORECASE)
_BLOCK_START = re.compile(r"skip past newsletter promotion", re.IGNORECASE)
_BLOCK_END = re.compile(r"after newsletter promotion", re.IGNORECASE)
_SENTENCE_END = tuple(".!?\"'”’»")
_MAX_SIGN_UP_WORDS = 14
_MIN_REPEAT = 20  # shorter repeated lines ("No." "No.") may be the article's own
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\xa0": " "})


def remove_furniture(text: str) -> str:
    """``text`` without web-page furniture lines and repeated paragraphs."""
    lines = text.split("\n")
    drop = _furniture_lines(lines)
    _mark_repeats(lines, drop)
    if not drop:
        return text
    kept: list[str] = []
    skip_blank = False
    for i, line in enumerate(lines):
        if i in drop:
            skip_blank = not kept or not kept[-1].strip()
            continue
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        kept.append(line)
    return "\n".join(kept).strip("\n")


def _furniture_lines(lines: list[str]) -> set[int]:
    drop: set[int] = set()
    in_block = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if in_block:
            drop.add(i)
            in_block = not _BLOCK_END.fullmatch(line)
        elif _BLOCK_START.fullmatch(line):
            drop.add(i)
            in_block = _has_block_end(lines, i)
        elif line and _is_furniture(line):
            drop.add(i)
    _mark_related_title(lines, drop)
    return drop


def _has_block_end(lines: list[str], start: int) -> bool:
    return any(_BLOCK_END.fullmatch(line.strip()) for line in lines[start + 1 : start + 40])


def _is_furniture(line: str) -> bool:
    if _FOOTER.fullmatch(line) or _PRIVACY.fullmatch(line):
        return True
    return (
        bool(_SIGN_UP.fullmatch(line))
        and len(line.split()) <= _MAX_SIGN_UP_WORDS
        and not line.endswith(_SENTENCE_END)
    )


def _mark_related_title(lines: list[str], drop: set[int]) -> None:
    """After a lone ``:`` at the end of the text, the related article's title goes too."""
    content = [i for i, line in enumerate(lines) if line.strip() and i not in drop]
    if not content:
        return
    last = content[-1]
    before = [i for i in range(last) if lines[i].strip()]
    if before and lines[before[-1]].strip() == ":" and not lines[last].strip().endswith(_SENTENCE_END):
        drop.add(last)


def _mark_repeats(lines: list[str], drop: set[int]) -> None:
    previous: str | None = None
    for i, line in enumerate(lines):
        if i in drop or not line.strip():
            continue
        normal = " ".join(line.translate(_QUOTES).casefold().split())
        if normal == previous and len(normal) >= _MIN_REPEAT:
            drop.add(i)
        previous = normal
