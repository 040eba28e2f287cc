"""Who said a quote a coder adds or re-attributes: the speaker guess and the speaker's mention.

Qt-free, so the window, the CLI and the tests share one rule:

* :func:`guess_speaker` — for a new quote (Q in the window): the PERSON named in the
  same sentence (nearest to the quote), else the speaker of the nearest earlier quote.
* :func:`mention_for` — after the speaker changes (S): the words in the text that name
  the new speaker near the quote (its name, an alias or a surname), or None.
* :func:`rank_similar` — registry speakers by how alike their names are (merging).
* :data:`REVIEW_THRESHOLD`, :func:`needs_review` — which machine attributions a coder should check.
* :func:`dependent_quotes`, :func:`alias_to_learn` — what one speaker correction carries over to:
  the machine quotes resting on the same decision, and the name form the registry learns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from quotecoder.core.model import Entity, Quote, Span, Speaker

SENTENCE_END = re.compile(r"[.!?\n]")
PARAGRAPH_END = re.compile(r"\n")
OPENING_MARKS = "\"“‘'«„‹"


@dataclass(frozen=True)
class Attribution:
    """A guess for a new quote: a new ``speaker`` (to be added to the registry) or a known
    ``speaker_id``, and the ``mention`` that names it in the text."""

    speaker: Speaker | None = None
    speaker_id: int | None = None
    mention: Span | None = None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence(s) holding ``text[start:end]`` begin and end."""
    return _bounds(SENTENCE_END, text, start, end)


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the paragraph(s) holding ``text[start:end]`` begin and end."""
    return _bounds(PARAGRAPH_END, text, start, end)


def _bounds(pattern: re.Pattern, text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in pattern.finditer(text, 0, start)]
    after = pattern.search(text, end)
    return (before[-1] if before else 0), (after.end() if after else len(text))


def _distance(a: int, b: int, start: int, end: int) -> int:
    """How far the span a:b lies from the quote start:end (0 when they touch)."""
    return min(abs(a - end), abs(b - start))


def quote_kind(text: str, start: int) -> str:
    """A new quote's kind: ``direct`` when it opens with a quotation mark, else ``indirect``."""
    return "direct" if 0 <= start < len(text) and text[start] in OPENING_MARKS else "indirect"


def guess_speaker(text: str, start: int, end: int, entities: Sequence[Entity],
                  quotes: Sequence[Quote]) -> Attribution:
    """The likely speaker of a new quote ``text[start:end]`` in an article with these
    ``entities`` and (stored) ``quotes``."""
    s_start, s_end = sentence_bounds(text, start, end)
    people = [e for e in entities if e.label == "PERSON" and s_start <= e.start and e.end <= s_end
              and not start <= e.start < end]
    if people:
        person = min(people, key=lambda e: _distance(e.start, e.end, start, end))
        return Attribution(Speaker(person.text, type="person"), None, Span(person.start, person.end, person.text))
    earlier = [q for q in quotes if q.start < start and q.speaker_id is not None]
    if earlier:
        return Attribution(None, max(earlier, key=lambda q: q.start).speaker_id, None)
    return Attribution()


def speaker_names(speaker: Speaker) -> list[str]:
    """The words that may name ``speaker`` in a text: name, aliases and, for a person, the surname."""
    names = [speaker.name, *speaker.aliases]
    parts = speaker.name.split()
    if speaker.type in ("person", "unknown") and len(parts) > 1 and len(parts[-1]) > 2:
        names.append(parts[-1])
    return [n for n in dict.fromkeys(n.strip() for n in names) if n]


def names_speaker(words: str, speaker: Speaker) -> bool:
    """True when ``words`` (a mention) name ``speaker``."""
    wanted = words.strip().casefold()
    return any(wanted == n.casefold() or wanted.endswith(" " + n.casefold()) for n in speaker_names(speaker))


def mention_for(text: str, quote: Quote, speaker: Speaker) -> Span | None:
    """The mention of ``speaker`` for ``quote`` once it is attributed to them.

    The quote's current mention stays when it names the speaker; otherwise the nearest
    occurrence of the speaker's name, an alias or surname in the quote's paragraph (outside
    the quote); None when the paragraph does not name them.
    """
    if quote.mention is not None and names_speaker(quote.mention.text, speaker):
        return quote.mention
    p_start, p_end = paragraph_bounds(text, quote.start, quote.end)
    found: list[Span] = []
    for name in sorted(speaker_names(speaker), key=len, reverse=True):  # full names before surnames
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for m in pattern.finditer(text, p_start, p_end):
            inside = quote.start <= m.start() < quote.end
            overlaps = any(f.start < m.end() and m.start() < f.end for f in found)
            if not inside and not overlaps:
                found.append(Span(m.start(), m.end(), m.group()))
    if not found:
        return None
    return min(found, key=lambda s: (_distance(s.start, s.end, quote.start, quote.end), -len(s.text)))


def name_similarity(a: str, b: str) -> float:
    """How alike two speaker names are, 0 to 1: their spelling, or their closest words
    ("Zelenskyy" and "Volodymyr Zelensky" are alike; a sentence and a name are not)."""
    a, b = a.casefold().strip(), b.casefold().strip()
    if not a or not b:
        return 0.0
    whole = SequenceMatcher(None, a, b).ratio()
    words_a = [w for w in re.findall(r"\w+", a) if len(w) > 2]
    words_b = [w for w in re.findall(r"\w+", b) if len(w) > 2]
    words = max((SequenceMatcher(None, x, y).ratio() for x in words_a for y in words_b), default=0.0)
    return max(whole, 0.9 * words)


def rank_similar(speaker: Speaker, others: Sequence[Speaker]) -> list[Speaker]:
    """``others`` ordered by how alike their names (and aliases) are to ``speaker``'s, most alike first."""
    mine = [speaker.name, *speaker.aliases]

    def score(other: Speaker) -> float:
        return max(name_similarity(x, y) for x in mine for y in (other.name, *other.aliases))

    return sorted(others, key=lambda other: (-score(other), other.name.casefold()))


# -- reviewing and correcting machine attributions (issue 12 §3) ---------------------------------

REVIEW_THRESHOLD = 0.6
"""Below this calibrated ``speaker_confidence`` a machine attribution is marked for review.

The confidence is a calibrated probability (``core/pretag/confidence.py``, fitted with
``bench/fit_confidence.py``): below 0.6 the machine's speaker is wrong about one time in
two or three, which is worth a coder's look; the well-founded attributions (a name or an
apposition as the subject of the cue) score far above it, floating quotes, pronouns,
roles and guesses below. A missing confidence (older data, a coder's quote) is not low."""


def needs_review(quote: Quote, threshold: float = REVIEW_THRESHOLD) -> bool:
    """True for a machine quote whose speaker the pre-tagger was less than ``threshold`` sure of."""
    return quote.origin == "model" and quote.speaker_confidence is not None and quote.speaker_confidence < threshold


@dataclass(frozen=True)
class SpeakerChoice:
    """One line of the speaker picker: a pre-tagger candidate (with its ``confidence``) or
    another speaker of the article (confidence None); ``current`` marks the quote's speaker."""

    name: str
    type: str = "unknown"
    confidence: float | None = None
    current: bool = False


#: Lines the speaker picker numbers (keys 1 to 9).
MAX_CHOICES = 9


def speaker_choices(quote: Quote, quotes: Sequence[Quote], limit: int = MAX_CHOICES) -> list[SpeakerChoice]:
    """What the speaker picker offers for ``quote``: the pre-tagger's ranked candidates first, then
    its current speaker if it is not among them, then the other speakers quoted in the article
    (``quotes``), nearest first; each name once."""
    current = quote.speaker.name.casefold() if quote.speaker else None
    out: dict[str, SpeakerChoice] = {}

    def add(name: str, type_: str, confidence: float | None) -> None:
        if name.strip() and name.casefold() not in out and len(out) < limit:
            out[name.casefold()] = SpeakerChoice(name, type_, confidence, name.casefold() == current)

    for c in quote.speaker_candidates:
        add(c.name, c.type, c.confidence)
    if quote.speaker is not None:
        add(quote.speaker.name, quote.speaker.type, None)
    for q in sorted(quotes, key=lambda q: _distance(q.start, q.end, quote.start, quote.end)):
        if q.speaker is not None:
            add(q.speaker.name, q.speaker.type, None)
    return list(out.values())


def _is_continuation(quote: Quote, source: Quote) -> bool:
    """A floating quote (no cue) with no mention of its own: none, or the one it carries from ``source``."""
    return quote.cue is None and (quote.mention is None or quote.mention == source.mention)


def dependent_quotes(quotes: Sequence[Quote], changed: Quote, old_speaker_id: int | None,
                     settled: Collection[int] = ()) -> list[int]:
    """The ids of the machine attributions in ``quotes`` (one article's, in reading order) that rest
    on the same decision as ``changed``, whose speaker a coder is changing from ``old_speaker_id``.

    * the floating quotes that continued it: the machine quotes after ``changed`` with no cue
      and no mention of their own (none, or the mention they carry from it), attributed to the
      old speaker, up to the first quote with an attribution of its own or another speaker;
    * the pronoun or role mentions ("she", "the harbour master") resolved to the old speaker,
      anywhere in the article.

    Quotes in ``settled`` (a coder already decided their speaker) and coders' quotes are left alone.
    """
    if old_speaker_id is None:
        return []
    from quotecoder.core.pretag.decisions import mention_form  # the pre-tagger's reading of a mention

    def machine(q: Quote) -> bool:
        return q.origin == "model" and q.id != changed.id and q.id not in settled

    found: list[int] = []
    after = [q for q in quotes if (q.start, q.end) > (changed.start, changed.end) and q.id != changed.id]
    for q in after:
        if q.speaker_id != old_speaker_id or not _is_continuation(q, changed):
            break
        if machine(q):
            found.append(q.id)
    for q in quotes:
        if (machine(q) and q.id not in found and q.speaker_id == old_speaker_id
                and mention_form(q.mention) in ("pronoun", "description")):
            found.append(q.id)
    order = {q.id: i for i, q in enumerate(quotes)}
    return sorted(found, key=order.__getitem__)


def alias_to_learn(mention: Span | None, speaker: Speaker, registry: Sequence[Speaker]) -> str | None:
    """The name form in a corrected quote's ``mention`` that the registry should learn as an alias
    of its new ``speaker`` (so later pre-tagging links it), or None.

    Only a name ("Dr Halvorsen", "the Harbour Authority"), cleaned the pre-tagger's way (titles
    and articles dropped); never a pronoun or role, a form that names ``speaker`` already, or the
    name or alias of another registry speaker (then the mention was wrong, not the name). A form
    that names nobody is learned; one that is only another person's surname is learned when it
    shares a word with the new speaker's names (two people with one surname)."""
    from quotecoder.core.pretag.decisions import mention_form
    from quotecoder.core.pretag.speakers import clean_name

    if mention is None or mention_form(mention) != "name":
        return None
    alias = clean_name(mention.text)
    if not alias or names_speaker(alias, speaker) or names_speaker(mention.text, speaker):
        return None
    others = [s for s in registry if s.id != speaker.id and s.name.casefold() != speaker.name.casefold()]
    folded = alias.casefold()
    if any(folded in (n.casefold() for n in (s.name, *s.aliases)) for s in others):
        return None
    if any(names_speaker(alias, s) for s in others):
        mine = {w.casefold() for n in (speaker.name, *speaker.aliases) for w in re.findall(r"\w+", n) if len(w) > 2}
        if not mine & {w.casefold() for w in re.findall(r"\w+", alias)}:
            return None
    return alias
