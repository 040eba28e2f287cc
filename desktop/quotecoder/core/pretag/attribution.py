"""Attribution: each quote's speaker, what the link rests on, ranked alternatives and confidence.

The quotes of a document are attributed in text order:

* a quote with a speaker mention (the subject of its cue) is resolved through
  :class:`~quotecoder.core.pretag.speakers.SpeakerResolver`;
* a direct quote with no cue takes the person who is the subject of the narrative sentence
  just before it ("Jo Brandt was not convinced. “It is a bad deal.”"), else continues the
  speaker of the previous attributed quote (a floating quote); it then carries that quote's
  mention, so a correction of one can be offered for the other.

Each attributed quote also gets up to two alternative speakers (the previous speakers,
the people in view, the people named just before it, a proxy's principal, …) and a calibrated
probability that its speaker is right (:mod:`~quotecoder.core.pretag.confidence`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from quotecoder.core.model import Span, Speaker, SpeakerCandidate
from quotecoder.core.pretag.confidence import Evidence, alternative_score, rank, speaker_probability
from quotecoder.core.pretag.cues import SUBJECT_PRONOUNS
from quotecoder.core.pretag.speakers import SpeakerResolver, surname

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Paragraphs a floating quote may lie after the quote whose speaker it continues.
FLOAT_REACH = 12
#: Candidates offered for a quote's speaker, the chosen one first.
MAX_CANDIDATES = 3


class Attributable(Protocol):
    """What attribution reads and writes on a quote candidate."""

    start: int
    end: int
    kind: str
    subj: Token | None
    chained: bool
    speaker: Speaker | None
    mention: Span | None
    basis: str
    source: Attributable | None
    confidence: float
    speaker_confidence: float | None
    candidates: tuple[SpeakerCandidate, ...]


@dataclass
class Trace:
    """What the confidence of one quote was computed from (for fitting and inspection)."""

    evidence: Evidence
    alternatives: list[tuple[Speaker, dict[str, float]]]


def attribute(
    cands: Sequence[Attributable],
    doc: Doc,
    resolver: SpeakerResolver,
    paragraph: Callable[[int], int],
    in_quote: Callable[[int], object],
    trace: list[Trace] | None = None,
) -> None:
    """Set speaker, mention, basis, candidates and speaker confidence on ``cands`` (in text order)."""
    last: Attributable | None = None
    last_para = -1
    speakers_so_far: list[tuple[int, Speaker]] = []
    for c in cands:
        para = paragraph(c.start)
        if c.subj is not None:
            res = resolver.resolve(c.subj)
            c.mention, c.speaker, c.basis = res.mention, res.speaker, res.basis
            if res.basis == "pronoun" and (new := resolver.newcomer_before(min(c.start, c.subj.idx), c.subj.lower_, c.speaker)):
                c.speaker = new
            if c.speaker is None and c.subj.lower_ in SUBJECT_PRONOUNS and last is not None and c.subj.lower_ not in ("i", "we", "you", "it"):
                c.speaker, c.basis, c.source = last.speaker, "pronoun-previous", last
        elif c.kind == "direct" and (narrator := narrative_subject(doc, c.start, in_quote)) is not None and (
            res := resolver.resolve(narrator)
        ).speaker is not None and res.speaker.type == "person":
            c.mention, c.speaker, c.basis = res.mention, res.speaker, "narrative"
            c.confidence = min(c.confidence, 0.6)
        elif c.kind == "direct" and last is not None and last.speaker is not None and para - last_para <= FLOAT_REACH:
            c.speaker, c.basis, c.source = last.speaker, "continuation", last
            c.mention = last.mention
            c.confidence = min(c.confidence, 0.6)
        if c.speaker is None and c.kind != "indirect" and (lead := headline_speaker(doc, c.start, resolver)) is not None:
            c.mention, c.speaker, c.basis = lead[0], lead[1], "headline"
        evidence = _evidence(c, resolver, para, last_para if c.basis == "continuation" else para)
        if c.basis == "continuation" and last is not None:
            evidence = replace(evidence, bridged=bridged(doc, last.end, c.start, c.speaker, in_quote))
        alternatives = _alternatives(c, resolver, speakers_so_far)
        if c.speaker is None and alternatives:
            # nothing links the quote to a speaker: offer the likeliest one, with a low confidence
            c.speaker, c.basis = alternatives[0][0], "guess"
            alternatives = alternatives[1:]
            evidence = _evidence(c, resolver, para, para)
        if c.speaker is not None:
            c.speaker_confidence = speaker_probability(evidence)
            others = alternatives[: MAX_CANDIDATES - 1]
            shares = rank(c.speaker_confidence, [feats for _, feats in others])
            c.candidates = (SpeakerCandidate(c.speaker.name, c.speaker.type, round(c.speaker_confidence, 3)),) + tuple(
                SpeakerCandidate(sp.name, sp.type, round(p, 3)) for (sp, _), p in zip(others, shares)
            )
            resolver.note_speaker(c.start, c.speaker)
            speakers_so_far.append((c.start, c.speaker))
            last = c
            last_para = para
        if trace is not None:
            trace.append(Trace(evidence, alternatives))


def narrative_subject(doc: Doc, start: int, in_quote: Callable[[int], object]) -> Token | None:
    """The person subject of the sentence right before a quote that has no cue of its own
    ("Jo Brandt was not convinced. “It is a bad deal.”"), when that sentence is narrative."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    j = span[0].sent.start - 1
    while j >= 0 and (doc[j].is_space or doc[j].is_punct):
        j -= 1
    if j < 0:
        return None
    sent = doc[j].sent
    if any(in_quote(t.idx) is not None for t in sent if not t.is_space):
        return None
    root = sent.root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None and not any(c.dep_ == "agent" for c in root.children):
        subj = next((c for c in root.children if c.dep_ == "nsubjpass"), None)  # "Brandt was not convinced."
    if subj is None:
        return None
    if subj.pos_ == "PRON":
        return subj if subj.lower_ in ("he", "she") else None
    if subj.pos_ == "PROPN" and subj.ent_type_ in ("PERSON", ""):
        return subj
    return None


#: Words that end the name opening a headline ("Pellow on Varrick: ‘…’", "NTV Chief To Varrick: ‘…’").
_HEADLINE_STOP_TAGS = frozenset({"IN", "TO", "CC", "POS", "VBZ", "VBD", "VBP", "VB", "VBG", "MD", "DT"})


def headline_speaker(doc: Doc, start: int, resolver: SpeakerResolver) -> tuple[Span, Speaker] | None:
    """The speaker a headline names before its colon, for a quote after the colon that nothing
    else attributes ("Ida Marsh heckles fans: ‘You are ridiculous.’", "Pellow on the vote: ‘…’")."""
    text = resolver.text  # not doc.text, which spaCy rebuilds on every call
    if text.find("\n", 0, start) != -1:
        return None  # not on the first line
    line_end = text.find("\n")
    line_end = len(text) if line_end == -1 else line_end
    colon = next((t for t in doc[:9] if t.idx >= line_end or t.text == ":"), None)  # doc[:9]: not every token per quote
    if colon is None or colon.text != ":" or colon.idx > start or colon.i > 8:
        return None
    run = []
    for t in doc[: colon.i]:
        if not t.text[:1].isupper() or t.tag_ in _HEADLINE_STOP_TAGS or t.is_punct:
            break
        run.append(t)
    if not run or doc[len(run)].is_punct and doc[len(run)].i != colon.i:
        return None  # "HARBOUR CITY — Here is what we know: …": a dateline, not a speaker
    mention = Span.of(text, run[0].idx, run[-1].idx + len(run[-1].text))
    if any(t.ent_type_ == "PERSON" for t in run) or run[-1].lower_ in resolver.full_by_key:
        return mention, Speaker(name=resolver.person_name(mention.text, run[0].idx), type="person")
    return mention, Speaker(name=mention.text, type="organisation" if any(t.ent_type_ in ("ORG", "NORP") for t in run) else "unknown")


def bridged(doc: Doc, source_end: int, start: int, speaker: Speaker | None, in_quote: Callable[[int], object]) -> bool:
    """True when narrative that names neither the speaker nor a he/she lies between a floating
    quote and the quote it continues ("“…,” Brandt said. The council voted 5-2 on Monday. “…”")."""
    span = doc.char_span(source_end, start, alignment_mode="expand") if start > source_end else None
    if span is None or speaker is None:
        return False
    name = surname(speaker.name)
    for sent in span.sents:
        if sent.start_char < source_end or sent.end_char > start:
            continue
        words = [t for t in sent if t.is_alpha]
        if len(words) >= 4 and not any(
            in_quote(t.idx) is not None or t.lower_ in ("he", "she") or t.text.lower() == name for t in sent
        ):
            return True
    return False


def _evidence(c: Attributable, resolver: SpeakerResolver, para: int, source_para: int) -> Evidence:
    sp = c.speaker
    name = sp.name if sp is not None else ""
    mentions = resolver.mentions_of(name) if sp is not None else 0
    rivals = resolver.rivals(c.start, sp) if sp is not None else 0
    return Evidence(
        basis=c.basis or "none",
        kind=c.kind,
        speaker_type=sp.type if sp is not None else "unknown",
        full_name=len(name.split()) >= 2 and sp is not None and sp.type == "person",
        mentions=mentions,
        rivals=rivals,
        distance=max(0, para - source_para),
        chained=c.chained,
        persons=len(resolver.person_counts),
    )


def _alternatives(c: Attributable, resolver: SpeakerResolver, earlier: list[tuple[int, Speaker]]) -> list[tuple[Speaker, dict[str, float]]]:
    """Other speakers the quote may belong to, each with its ranking features, best first."""
    chosen = c.speaker
    seen: set[str] = {surname(chosen.name)} if chosen is not None else set()
    out: list[tuple[Speaker, dict[str, float]]] = []

    def add(sp: Speaker | None, **feats: float) -> None:
        if sp is None or not sp.name:
            return
        key = surname(sp.name)
        if not key or key in seen and not (feats.get("related") and chosen is not None and sp.name.lower() != chosen.name.lower()):
            return  # the same speaker by surname; but "a spokesperson for Tesk" still offers "Joram Tesk"
        seen.add(key)
        feats.setdefault("mentions", float(resolver.mentions_of(sp.name)))
        out.append((sp, feats))

    if c.basis != "non-speaker":
        for sp in resolver.related(c.mention, chosen):  # a proxy's principal, a description's words
            add(sp, related=1.0)
    for rank_, sp in enumerate(previous_speakers(earlier[-6:], chosen)):
        add(sp, previous=1.0, recency=float(rank_))
    for rank_, sp in enumerate(resolver.in_view(c.start, limit=6)):
        add(sp, in_view=1.0, recency=float(rank_))
    for rank_, sp in enumerate(resolver.named_before(c.start)):
        add(sp, named=1.0, recency=float(rank_))
    for sp in resolver.most_mentioned(limit=2):
        add(sp, frequent=1.0)
    for sp in named_after(resolver, c.end):
        add(sp, after=1.0)
    out.sort(key=lambda item: -alternative_score(item[1]))
    return out


def named_after(resolver: SpeakerResolver, end: int, reach: int = 250) -> list[Speaker]:
    """The first person named just after a quote, who may be the one a description before it
    stands for ("A judge said the deal was unfair. Justice Ida Marsh ordered …" → Ida Marsh)."""
    k = bisect.bisect_left(resolver.all_persons, (end, ""))
    if k < len(resolver.all_persons) and resolver.all_persons[k][0] - end <= reach:
        return [Speaker(name=resolver.all_persons[k][1], type="person")]
    return []


def previous_speakers(earlier: list[tuple[int, Speaker]], chosen: Speaker | None) -> list[Speaker]:
    """The distinct earlier speakers other than the chosen one, latest first, so that a run of
    quotes by one person does not push the others back (Jo Brandt, Mira Tesk, Jo Brandt, Ida Marsh,
    chosen Ida Marsh → Jo Brandt, Mira Tesk)."""
    skip = {surname(chosen.name)} if chosen is not None else set()
    out: list[Speaker] = []
    for _, sp in reversed(earlier):
        if surname(sp.name) not in skip:
            skip.add(surname(sp.name))
            out.append(sp)
    return out
