"""Quote extraction and attribution.

Three passes over one parsed document, each linear in its length:

1. :func:`~quotecoder.core.pretag.marks.find_segments` pairs quotation marks into
   top-level segments. A segment that stands as its own clause (at a paragraph or
   sentence start, after a colon, or followed by ", X said") is a *direct* quote.
2. Reporting verbs (and "according to") with a clausal complement give *indirect*
   quotes, or *mixed* ones when the complement holds quoted fragments.
3. Quoted fragments embedded in a clause whose head chain reaches a reporting verb
   are *mixed* quotes; the others are scare quotes, names or titles, and skipped.

Attribution looks for a cue after a direct quote (in the rest of its sentence),
then before it, then in a paragraph ending with a colon; multi-paragraph quotes
share one attribution; unattributed quoted paragraphs continue the previous speaker.
Speaker mentions resolve to canonical speakers through :class:`SpeakerResolver`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quotecoder.core.model import Entity, Quote, Span, Speaker, SpeakerCandidate
from quotecoder.core.pretag.attribution import Trace, attribute
from quotecoder.core.pretag.cues import (
    OBJECT_CUES,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    COMPLEMENT_ONLY,
    EXPRESSIVE_VERBS,
    REPORTING_VERBS,
    NONHUMAN_SOURCES,
    REPORTING_NOUNS,
    WEAK_VERBS,
    WH_WORDS,
    is_according,
    is_reporting_verb,
)
from quotecoder.core.pretag.marks import Segment, find_segments
from quotecoder.core.pretag.signatures import pull_quote, signature_speaker
from quotecoder.core.pretag.speakers import SpeakerResolver, agentive, speaker_phrase
from quotecoder.core.pretag.quoted_names import TITLE_LEADS, bare_title, is_titled, prev_word, quoted_title, single_quoted_heading

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_END_PUNCT = ",.?!\u2026\u2014\u2013-:;"
_SENT_END = ".?!"
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_FURNITURE = re.compile(
    r"^\s*(?:(?:READ MORE|READ|WATCH|RELATED|MORE|LISTEN|SEE|PHOTOS|VIDEO|UPDATE|CLICK HERE)\b[^:\n]{0,20}:"
    r"|Story continues below|Advertisement\s*$|Sign up\b|Skip past newsletter|After newsletter promotion)",
    re.I,
)
_CREDIT = re.compile(r"(?:\([^()\n]*(?:/|Getty|Canadian Press|Reuters|AP Photo|Photo|File)[^()\n]*\)|\(\s*[A-Z][A-Z.'\- ]+\))\s*$")


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    cue: Token | None = None
    subj: Token | None = None
    confidence: float = 0.8
    seg: Segment | None = None
    chain: int = -1
    speaker: Speaker | None = None
    mention: Span | None = None
    segs: list[Segment] = field(default_factory=list)
    basis: str = ""  # what the attribution rests on (see speakers.Resolution)
    source: _Cand | None = None  # the quote whose speaker this one continues
    chained: bool = False  # cue and subject shared from another paragraph of the same quote
    speaker_confidence: float | None = None
    candidates: tuple[SpeakerCandidate, ...] = ()


class _DocIndex:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = [t.idx for t in doc]
        self.paras: list[tuple[int, int]] = []
        pos = 0
        text = self.text
        while pos <= len(text):
            nl = text.find("\n", pos)
            end = len(text) if nl < 0 else nl
            self.paras.append((pos, end))
            if nl < 0:
                break
            pos = nl + 1
        self.para_starts = [p[0] for p in self.paras]
        # the rank of each line among the lines with text: blank lines between paragraphs do not count
        self.rank: list[int] = []
        seen = 0
        for ps, pe in self.paras:
            self.rank.append(seen)
            seen += bool(text[ps:pe].strip())

    def tokens(self, start: int, end: int) -> list[Token]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        doc = self.doc
        while i < len(doc) and doc[i].idx < end:
            out.append(doc[i])
            i += 1
        return out

    def iter_tokens(self, start: int, end: int) -> Iterator[Token]:
        """The tokens of :meth:`tokens`, one at a time, for a scan that may stop early."""
        i = bisect.bisect_left(self.starts, start)
        doc, starts = self.doc, self.starts
        while i < len(starts) and starts[i] < end:
            yield doc[i]
            i += 1

    def token_at(self, pos: int) -> Token | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    def para_of(self, pos: int) -> tuple[int, int, int]:
        k = bisect.bisect_right(self.para_starts, pos) - 1
        k = max(k, 0)
        return k, self.paras[k][0], self.paras[k][1]


def extract_quotes(
    doc: Doc, entities: Sequence[Entity], registry: Sequence[Speaker] = (), trace: list[Trace] | None = None
) -> list[Quote]:
    """The quotes of ``doc`` with cue, speaker mention, canonical speaker, ranked candidates and
    speaker confidence. ``trace``, when given, receives what each confidence was computed from."""
    text = doc.text
    if not text.strip() or len(doc) == 0:
        return []
    idx = _DocIndex(doc)
    all_segments = find_segments(text)
    resolver = SpeakerResolver(doc, entities, registry, [(s.start, s.end) for s in all_segments])
    skip_paras = _furniture_paragraphs(text, idx)
    segments = [s for s in all_segments if s.paragraph not in skip_paras]
    seg_starts = [s.start for s in segments]
    resolver.forget_inside([(s.start, s.end) for s in segments] + [idx.paras[k] for k in skip_paras])

    def in_segment(pos: int) -> Segment | None:
        k = bisect.bisect_right(seg_starts, pos) - 1
        if k >= 0 and segments[k].start <= pos < segments[k].end:
            return segments[k]
        return None

    cands: list[_Cand] = []
    direct_ranges: list[tuple[int, int]] = []
    embedded: list[Segment] = []
    chain_id = 0
    chains: dict[int, list[_Cand]] = {}
    for si, seg in enumerate(segments):
        kind = _classify_segment(text, idx, seg, segments, si)
        if kind == "skip":
            continue
        if kind == "embedded":
            embedded.append(seg)
            continue
        cand = _Cand(seg.inner_start, seg.inner_end, "direct", seg=seg, confidence=0.9)
        _attribute_direct(cand, idx, seg, segments, si, in_segment)
        if seg.continues and cands and cands[-1].seg is not None and cands[-1].seg.continued:
            cand.chain = cands[-1].chain
        else:
            chain_id += 1
            cand.chain = chain_id
        chains.setdefault(cand.chain, []).append(cand)
        cands.append(cand)
        direct_ranges.append((seg.start, seg.end))
    # pull quotes: unmarked words closed by the speaker's name
    quoted_paras = {s.paragraph for s in segments}
    for k, (ps, pe) in enumerate(idx.paras):
        if k not in skip_paras and k not in quoted_paras and (pulled := pull_quote(doc, text, ps, pe)) is not None:
            cands.append(_Cand(pulled[0], pulled[1], "direct", subj=pulled[2], confidence=0.7))
            direct_ranges.append((pulled[0], pulled[1]))
    # multi-paragraph quotes share one attribution
    for members in chains.values():
        if len(members) > 1:
            src = next((m for m in members if m.cue is not None or m.subj is not None), None)
            if src is not None:
                for m in members:
                    if m.cue is None and m.subj is None:
                        m.cue, m.subj, m.chained = src.cue, src.subj, True
                        m.confidence = 0.8

    # reporting verbs with clausal complements: indirect and mixed quotes
    direct_starts = [s for s, _ in direct_ranges]
    emb_used: set[int] = set()
    for tok in doc:
        if in_segment(tok.idx) is not None or tok.lower_ not in _CUE_FORMS and tok.lemma_.lower() not in _CUE_LEMMAS:
            continue
        if idx.para_of(tok.idx)[0] in skip_paras:
            continue
        comp = None
        if is_according(tok):
            comp = _according_range(tok, idx)
            subj = _according_source(tok)
        elif is_reporting_verb(tok, with_complement=True):
            comp = _complement_range(tok, idx)
            subj = _subject(tok)
            if subj is None and comp is not None and tok.i > 0 and tok.dep_ == "ROOT":
                prev = doc[tok.i - 1]
                if prev.pos_ in ("PROPN", "PRON") and prev.lower_ not in ("it", "i", "you", "we"):
                    subj = prev  # the parser split "Matlow | said …"
                elif comp[0] > tok.idx:
                    subj = _person_before(tok, resolver)  # a misparsed subject: the person named before the cue
        if comp is None and is_reporting_verb(tok) and (inter := _interposed_report(tok, idx)) is not None:
            comp, subj = inter  # "Police, Pell says, have no policies"
        if comp is None and is_reporting_verb(tok) and (closing := _closing_cue(tok, idx)) is not None:
            comp, subj = closing
        if comp is not None and (shared := _reporter_of_conjunct(tok)) is not None:
            subj = shared  # "said the vote is lost and urged calm": the speaker urged, not the vote
        if comp is None and tok.lemma_.lower() in OBJECT_CUES:
            comp, subj = _object_range(tok, idx), _subject(tok)
        if comp is None:
            continue
        if not _plausible_source(subj, tok) or not _asserted(tok):
            continue
        for cs, ce in _around_cue(tok, comp, idx):  # "Most costs, according to the board, fall on tenants": two pieces
            covered = _covered(direct_ranges, direct_starts, cs, ce)
            if covered > 0.4 * (ce - cs) or bare_title(text, cs, ce):
                continue
            inside = [s for s in embedded if cs <= s.start and s.end <= ce]
            kind = "mixed" if inside else "indirect"
            for s in inside:
                emb_used.add(id(s))
            cands.append(_Cand(cs, ce, kind, cue=tok, subj=subj, confidence=0.75 if inside else 0.7, segs=inside))

    # quoted fragments under a reporting verb: mixed quotes
    for seg in embedded:
        if id(seg) in emb_used:
            continue
        res = _embedded_cue(seg, idx, in_segment)
        if res is None:
            continue
        cue, (cs, ce) = res
        if quoted_title(text, seg) and _only_setting(idx, cue, (cs, seg.start), (seg.end, ce)):
            continue  # said on Tarn TV's “Morning Roundup.”: where it was said, not what
        subj = _according_source(cue) if is_according(cue) else _subject(cue)
        cands.append(_Cand(cs, ce, "mixed", cue=cue, subj=subj, confidence=0.6, segs=[seg]))

    cands = _dedupe(cands)
    cands.sort(key=lambda c: c.start)
    for c in cands:
        if c.subj is not None and c.cue is not None and in_segment(c.subj.idx) is not None and in_segment(c.cue.idx) is None:
            c.subj = _person_before(c.cue, resolver)  # a quoted phrase is not the speaker
    # names inside reported clauses are not what later pronouns refer to
    resolver.forget_inside([(c.start, c.end) for c in cands if c.kind != "direct"])
    traces: list[Trace] | None = [] if trace is not None else None
    attribute(cands, doc, resolver, lambda pos: idx.rank[idx.para_of(pos)[0]], in_segment, traces)
    for c in cands:  # "…, who said …": the cue's own clause mentions the speaker as "who"
        rel = _relative_subject(c.cue)
        if rel is not None and c.speaker is not None and c.source is None:
            c.mention = Span.of(text, rel.idx, rel.idx + len(rel.text))
        elif c.source is not None and c.basis == "continuation":
            c.mention = c.source.mention  # a floating quote carries its source's mention
    quotes = [_to_quote(text, c) for c in cands]
    if trace is not None and traces is not None:
        trace.extend(t for q, t in zip(quotes, traces) if q is not None)
    return [q for q in quotes if q is not None]


def _covered(ranges: list[tuple[int, int]], starts: list[int], s: int, e: int) -> int:
    """Characters of ``s:e`` inside ``ranges`` (sorted, not overlapping; ``starts`` their starts)."""
    total = 0
    k = bisect.bisect_left(starts, e) - 1
    while k >= 0 and ranges[k][1] > s:
        total += min(e, ranges[k][1]) - max(s, ranges[k][0])
        k -= 1
    return total


def _to_quote(text: str, c: _Cand) -> Quote | None:
    start, end = c.start, c.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    cue = None
    if c.cue is not None:
        cue = Span.of(text, c.cue.idx, c.cue.idx + len(c.cue.text))
        if c.cue.lower_ == "according":
            to = next((t for t in c.cue.children if t.lower_ == "to"), None)
            if to is not None:
                cue = Span.of(text, c.cue.idx, to.idx + len(to.text))
        else:
            prt = [t for t in c.cue.children if t.dep_ == "prt"]
            if prt and prt[0].i > c.cue.i:
                cue = Span.of(text, c.cue.idx, prt[0].idx + len(prt[0].text))
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=c.kind,  # type: ignore[arg-type]
        cue=cue,
        mention=c.mention,
        speaker=c.speaker,
        confidence=round(c.confidence, 2),
        speaker_confidence=None if c.speaker_confidence is None else round(c.speaker_confidence, 3),
        speaker_candidates=c.candidates,
    )


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """Drop candidates contained in a larger one (nested reporting)."""
    cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
    out: list[_Cand] = []
    max_end = -1
    for c in cands:
        if out and c.end <= max_end and c.kind != "direct":
            continue
        if out and c.kind == "direct" and c.end <= max_end and out[-1].kind != "direct":
            # a direct quote inside an indirect/mixed one: keep the direct one
            prev = out[-1]
            if prev.start <= c.start and c.end <= prev.end:
                if (c.end - c.start) >= 0.5 * (prev.end - prev.start):
                    out[-1] = c
                    continue
        out.append(c)
        max_end = max(max_end, c.end)
    return out


# ---- segments ---------------------------------------------------------------------------------


_ABBREV = frozenset(
    """mr ms mrs dr st jr sr prof gen col lt sgt rev gov sen rep no vs etc inc ltd co corp jan feb mar apr
    jun jul aug sep sept oct nov dec mt ft u.s u.k a.m p.m""".split()
)


def _is_sentence_end(text: str, i: int) -> bool:
    """A '.', '?' or '!' at ``i`` that ends a sentence (not an initial or an abbreviation)."""
    ch = text[i]
    if ch not in _SENT_END:
        return False
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1] in "\"\u201d\u2019'"):
        return False
    if ch == ".":
        j = i
        while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
            j -= 1
        word = text[j:i].lower()
        if len(word) == 1 and text[j].isupper() or word in _ABBREV:
            return False
    return True


def _lead_start(text: str, seg: Segment, segments: list[Segment], si: int, para_start: int) -> int:
    lo = para_start
    if si > 0 and segments[si - 1].end > lo and segments[si - 1].end <= seg.start:
        lo = segments[si - 1].end
    i = seg.start - 1
    while i >= lo:
        if text[i] in _SENT_END and _is_sentence_end(text, i):
            return i + 1
        i -= 1
    return lo


def _trail_end(text: str, seg: Segment, segments: list[Segment], si: int, para_end: int) -> int:
    hi = para_end
    if si + 1 < len(segments) and segments[si + 1].start < hi:
        hi = segments[si + 1].start
    i = seg.end
    while i < hi:
        if text[i] in _SENT_END and _is_sentence_end(text, i):
            return i + 1
        i += 1
    return hi


def _classify_segment(text: str, idx: _DocIndex, seg: Segment, segments: list[Segment], si: int) -> str:
    """'direct', 'embedded' or 'skip'."""
    _, ps, pe = idx.para_of(seg.start)
    inner = text[seg.inner_start : seg.inner_end]
    words = inner.split()
    if not words:
        return "skip"
    lead = text[_lead_start(text, seg, segments, si, ps) : seg.start].strip()
    trail = text[seg.end : _trail_end(text, seg, segments, si, pe)].strip()
    # the last character before any nested closing marks: “… ‘we are one of us,’” ends with ","
    last_char = inner.rstrip().rstrip("'\u2019\"\u201d\u00bb\u203a")[-1:]
    end_punct = bool(last_char) and last_char in _END_PUNCT
    if not seg.closed or seg.continues:
        return "direct"
    if len(words) <= 2 and not (last_char in ".?!" and lead == "") and not (lead == "" and end_punct and _cue_follows(idx, seg.end)):
        return "embedded"
    prev_tok = idx.token_at(seg.start - 1) if seg.start > ps else None
    lead_ok = lead == "" or lead[-1] in ":,\u2014\u2013-" or (prev_tok is not None and is_reporting_verb(prev_tok))
    titled = is_titled(words)
    if not end_punct and len(words) <= 12 and titled:
        return "embedded"  # a name or title: 'Coalition of the Willing'
    if titled and len(words) <= 6 and prev_word(text, seg.start).lower() in TITLE_LEADS:
        return "embedded"  # a programme or book named after a preposition: told “Fox News Sunday.”
    if not end_punct and inner.isupper():
        return "embedded"
    if titled and last_char == "," and _named_in_passing(idx, seg, words):
        return "embedded"
    trail_ok = trail == "" or trail[0] in ",.?!;\u2014\u2013-:" or end_punct
    whole_para = lead == "" and text[seg.end : pe].strip() == ""
    if whole_para and not end_punct and len(words) < 15:
        # a quoted heading or caption
        return "skip"
    if whole_para and single_quoted_heading(seg, words, segments):
        return "skip"
    if lead_ok and trail_ok:
        if len(words) <= 2 and not end_punct and lead == "":
            return "embedded"
        if lead and lead[-1] in ",\u2014\u2013-" and not end_punct and len(words) <= 4:
            return "embedded"
        return "direct"
    return "embedded"


def _named_in_passing(idx: _DocIndex, seg: Segment, words: list[str]) -> bool:
    """A capitalised title set off by commas with no cue after it: his memoir, “Far From Tarn,” sold well."""
    return len(words) >= 2 and not _cue_follows(idx, seg.end)


def _cue_follows(idx: _DocIndex, pos: int) -> bool:
    """A short attribution right after ``pos``: “No,” she said. / “Follow us,” said Jo Brandt."""
    words = [t for t in idx.tokens(pos, pos + 60) if not t.is_space and not t.is_punct][:4]
    return any(is_reporting_verb(t) for t in words)


def _only_setting(idx: _DocIndex, cue: Token, *ranges: tuple[int, int]) -> bool:
    """At most four words, or no verb but the cue, in ``ranges``: they say where or when it was
    said ("on Tarn TV's", "in an interview with Tarn TV's"), not what."""
    if sum(len(idx.text[s:e].split()) for s, e in ranges) <= 4:
        return True
    return not any(t.pos_ in ("VERB", "AUX") and t.i != cue.i for s, e in ranges for t in idx.tokens(s, e))


def _find_cue(toks: list[Token], in_segment, reverse: bool = False) -> Token | None:
    seq = reversed(toks) if reverse else toks
    for t in seq:
        if in_segment(t.idx) is not None:
            continue
        if is_according(t) or is_reporting_verb(t):
            return t
    return None


def _attribute_direct(cand: _Cand, idx: _DocIndex, seg: Segment, segments: list[Segment], si: int, in_segment) -> None:
    text = idx.text
    k, ps, pe = idx.para_of(seg.start)
    te = _trail_end(text, seg, segments, si, pe)
    trail_toks = idx.tokens(seg.end, te)
    cue = _find_cue(trail_toks, in_segment)
    if cue is not None and _negated_after_close(cue, text, seg):
        cue = None
    if cue is not None and text[seg.inner_start : seg.inner_end].rstrip()[-1:] == "." and any(
        c.dep_ == "ccomp" and c.i > cue.i for c in cue.children
    ):
        # "“… or not.” While some critics say the plan is wasteful, …": after a quote closed by a
        # full stop, a verb with a clause of its own reports that clause, not the quote
        cue = None
    if cue is not None and text[seg.inner_start : seg.inner_end].rstrip()[-1:] in _SENT_END:
        # "X said “… .” When asked, he replied …": a verb right before a quote that
        # closes its sentence introduces it; the next sentence's verb does not
        before = idx.token_at(seg.start - 1) if seg.start > ps else None
        while before is not None and before.text in (":", ",") and before.i > 0:
            before = before.doc[before.i - 1]
        if before is not None and before.idx >= ps and in_segment(before.idx) is None and is_reporting_verb(before):
            if _asserted(before) and _subject(before) is not None:
                cue = before
    inner_end_char = text[seg.inner_start : seg.inner_end].rstrip()[-1:]
    if cue is None and inner_end_char in _ATTRIBUTION_PUNCT:
        # "…,” an angry Lorn retorted. / "…,” the letter read.
        cue = _clause_cue(trail_toks, in_segment, trailing=True) or _trailing_clause(trail_toks, in_segment)
    if cue is None and (read := _read_clause(trail_toks, in_segment)) is not None:
        cand.cue, cand.subj = read  # “…” the email read. / “…,” read the sign.
        return
    if cue is None:
        ls = _lead_start(text, seg, segments, si, ps)
        lead_toks = idx.tokens(ls, seg.start)
        cue = _find_cue(lead_toks, in_segment, reverse=True)
        if text[ls : seg.start].rstrip()[-1:] in (":", ","):
            lead = _clause_cue(lead_toks, in_segment, trailing=False)  # Lorn took to the radio with this: “…”
            if cue is None or lead is not None and _governs(lead, cue) and cue.right_edge.i < lead.i:
                cue = lead  # "When Lorn accused her of it, Vesk shot back: “…”": the lead's own verb, not the aside's
            elif cue is not None and lead is None:
                cue = _main_after_aside(cue, lead_toks) or cue
            if cue is None:
                label = _label_speaker(lead_toks, in_segment) or _name_before_colon(lead_toks, in_segment)  # Lorn: “…”  /  From Lorn's blog post: “…”
                if label is not None:
                    cand.subj = label
                    return
        if cue is None and ls == ps and k > 0 and not text[ps : seg.start].strip():
            # "... X said:" closing the previous paragraph
            j = k - 1
            while j >= 0 and not text[idx.paras[j][0] : idx.paras[j][1]].strip():
                j -= 1
            if j >= 0:
                pps, ppe = idx.paras[j]
                prev = text[pps:ppe].rstrip()
                if prev.endswith(":"):
                    prev_toks = idx.tokens(pps, ppe)
                    cue = _find_cue(prev_toks, in_segment, reverse=True) or _clause_cue(prev_toks, in_segment, trailing=False)
    if cue is None:
        signed = _signed_after(idx, seg, k)
        if signed is not None:
            cand.subj = signed  # “…” / — Jo Brandt, a tenant
            return
        lead_subj = _lead_subject(idx, seg, segments, si, in_segment)
        if lead_subj is not None:
            cand.subj = lead_subj
            cand.confidence = 0.6
            return
        cand.confidence = 0.6
        return
    cand.cue = cue
    if is_according(cue):
        cand.subj = _according_source(cue)
    else:
        cand.subj = _subject(cue) or _nearby_nominal(cue, idx, seg) or _governing_subject(cue)
        if cand.subj is not None and in_segment(cand.subj.idx) is not None:
            cand.subj = _outside_subject(cue, in_segment) or cand.subj


def _negated_after_close(cue: Token, text: str, seg: Segment) -> bool:
    """A negated verb in the sentence after a quote that closes its own: "“It is lost.” But Vell
    did not respond." is no attribution of the quote."""
    closed = text[seg.inner_start : seg.inner_end].rstrip().rstrip("'\u2019\"\u201d")[-1:] in _SENT_END
    return closed and any(c.dep_ == "neg" for c in cue.children)


def _main_after_aside(cue: Token, lead: list[Token]) -> Token | None:
    """The main verb of a long lead whose reporting verb sits in a subordinate clause before it:
    "After the former mayor Ivo Brask criticized her during a debate, Mira shot back, “…”"."""
    head = cue.head
    inside = {t.i for t in lead}
    if cue.dep_ != "advcl" or head.i not in inside or head.i < cue.right_edge.i or head.pos_ != "VERB":
        return None
    subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON" and subj.lower_ not in _SPEAKING_PRONOUNS:
        return None
    return head if subj.pos_ in ("PROPN", "PRON") or _speaker_noun(subj) else None


#: Links a subjectless cue may climb to reach the clause that has its subject.
_CLIMB_DEPS = frozenset({"pcomp", "prep", "advcl", "advmod", "xcomp", "conj", "parataxis", "dep"})


def _governing_subject(verb: Token) -> Token | None:
    """The subject of the clause a subjectless cue hangs from: "Vell deflected questions
    before saying, “…”", "Vell, exasperated, responded: “…”" (parsed as hanging from "exasperated")."""
    cur = verb
    for _ in range(4):
        if cur.dep_ not in _CLIMB_DEPS or cur.head.i == cur.i:
            return None
        cur = cur.head
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP")), None)
        if subj is not None:
            return subj
    return None


def _lead_tokens(idx: _DocIndex, seg: Segment, segments: list[Segment], si: int, in_segment) -> list[Token]:
    """The words that lead into a quote: the start of its own sentence when that ends with a
    colon, a comma or a dash ("Vell has since apologized: “…”"), else the last sentence of the
    paragraph before when it ends with a colon ("The letter continues:" / “…”)."""
    text = idx.text
    k, ps, _ = idx.para_of(seg.start)
    start = _lead_start(text, seg, segments, si, ps)
    end, marks = seg.start, (":", ",", "\u2014", "\u2013")
    if not text[start:end].strip() and start == ps and k > 0:
        j = k - 1
        while j >= 0 and not text[idx.paras[j][0] : idx.paras[j][1]].strip():
            j -= 1
        last = idx.token_at(idx.paras[j][1] - 1) if j >= 0 else None
        if last is None:
            return []
        start, end, marks = max(idx.paras[j][0], last.sent.start_char), idx.paras[j][1], (":",)
    if text[start:end].rstrip()[-1:] not in marks:
        return []
    return [t for t in idx.tokens(start, end) if not t.is_space and in_segment(t.idx) is None]


def _lead_subject(idx: _DocIndex, seg: Segment, segments: list[Segment], si: int, in_segment) -> Token | None:
    """The subject of the clause leading into a quote with no speech verb of its own: "The letter
    continues: “…”", "Councillor Vell has since apologized for the delay: “…”"."""
    toks = _lead_tokens(idx, seg, segments, si, in_segment)
    if not toks:
        return None
    inside = {t.i for t in toks}
    verb = next((v for v in reversed(toks) if v.pos_ in ("VERB", "AUX") and (v.dep_ == "ROOT" or v.head.i not in inside)), None)
    if verb is None or any(c.dep_ == "mark" for c in verb.children):
        return None  # a subordinate clause: "… that once the vote is over, “…”"
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) or _governing_subject(verb)
    agent = next((a for c in verb.children if c.dep_ == "agent" for a in c.children if a.dep_ == "pobj"), None)
    if subj is not None and subj.dep_ == "nsubjpass" and agent is not None:
        subj = agent  # "Vell's speech was interrupted by a protester — “…”"
    if subj is None or subj.i not in inside or subj.tag_ in ("WDT", "WP", "EX"):
        return None
    if subj.pos_ == "PRON":
        return subj if subj.lower_ in _SPEAKING_PRONOUNS or subj.lower_ == "it" else None
    if subj.pos_ == "NOUN" and subj.tag_ == "NN" and not any(c.dep_ in ("det", "poss") for c in subj.children) and not _speaker_noun(subj):
        return None  # a bare singular noun is a misparse, not a speaker ("the rationale they use is …")
    return subj if subj.pos_ in ("PROPN", "NOUN") else None


def _signed_after(idx: _DocIndex, seg: Segment, k: int) -> Token | None:
    """The name on a signature line under a quote that closes its paragraph."""
    text = idx.text
    if text[seg.end : idx.paras[k][1]].strip(" ."):
        return None
    j = k + 1
    while j < len(idx.paras) and not text[idx.paras[j][0] : idx.paras[j][1]].strip():
        j += 1
    return signature_speaker(idx.doc, text, *idx.paras[j]) if j < len(idx.paras) else None


_ATTRIBUTION_PUNCT = frozenset(",?!\u2026\u2014\u2013-")
_SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


def _clause_cue(toks: list[Token], in_segment, trailing: bool) -> Token | None:
    """The verb of a short attribution clause next to a quote, whatever the verb
    ("…,” Lorn retorted. / “…?” pressed the host. / Lorn took to the radio with this: “…”).

    A trailing clause has at most seven words, one finite verb and a speaker-like subject
    (a name, a person or group noun, or he/she/they); a leading clause (at most 14 words) ends
    with a colon or a comma and its main verb has such a subject.
    """
    words = [t for t in toks if not t.is_space and in_segment(t.idx) is None]
    if trailing:  # the clause before an apposition: "…,” recalled Jo Brandt, the former mayor.
        comma = next((k for k, t in enumerate(words) if t.text in (",", "(", "\u2014") and k > 1), len(words))
        words = words[:comma]
    words = [t for t in words if not t.is_punct]
    if not words or len(words) > (7 if trailing else 14):
        return None
    verbs = [t for t in words if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP")]
    if trailing and len(verbs) != 1 or not verbs and trailing:
        return None
    if trailing:
        verb = verbs[0]
    else:
        # the lead's own verb: the last one whose head is not inside the lead (the parser often
        # hangs the lead on the quote: “As Lorn put it, “…”” / “Lorn shot back, “…””)
        inside = {t.i for t in toks}
        verb = next((v for v in reversed(words) if v.pos_ == "VERB" and (v.dep_ == "ROOT" or v.head.i not in inside)
                     and (v.tag_ in ("VBD", "VBZ", "VBP") or _put_it(v))), None)
    if verb is None or any(c.dep_ == "neg" for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and trailing and verb is words[0] and len(words) > 1:
        subj = words[1]  # inverted: "…,” pressed the host.
        while subj.dep_ in ("compound", "det", "amod") and subj.head.i != subj.i and subj.head.i > subj.i:
            subj = subj.head
    if subj is None:
        return None
    if subj.pos_ == "PRON":
        return verb if subj.lower_ in _SPEAKING_PRONOUNS else None
    if subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP"):
        return verb
    if subj.pos_ == "NOUN" and _speaker_noun(subj):
        return verb
    return None


def _trailing_clause(toks: list[Token], in_segment) -> Token | None:
    """The verb of a short clause right after a quote that ends with a comma, whatever its
    subject: "“…,” the letter read.", "“…,” read the sign.", "“…!” the crowd shouted back."."""
    words = [t for t in toks if not t.is_space and in_segment(t.idx) is None]
    comma = next((k for k, t in enumerate(words) if t.text in (",", "(", "\u2014") and k > 1), len(words))
    words = [t for t in words[:comma] if not t.is_punct]
    if not words or len(words) > 6:
        return None
    verbs = [t for t in words if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP")]
    if len(verbs) != 1 or words.index(verbs[0]) > 3 or any(c.dep_ == "neg" for c in verbs[0].children):
        return None
    verb = verbs[0]
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb is words[0] and len(words) > 1:
        subj = next((c for c in verb.children if c.dep_ in ("dobj", "attr") and c.pos_ in ("NOUN", "PROPN")), None)  # read the sign
    if subj is None or subj.pos_ == "PRON" and subj.lower_ != "it":
        return None  # "…, you know, …"; he, she and they are _clause_cue's
    return verb if subj.pos_ in ("NOUN", "PROPN", "PRON") or _mistagged_name(subj) else None


#: The present and past of "read", which the tagger often takes for a noun or a bare verb.
_READ_FORMS = frozenset({"read", "reads"})


def _read_clause(toks: list[Token], in_segment) -> tuple[Token, Token] | None:
    """(verb, subject) of a trailing "read" clause the tagger misreads: "“…” the email read.",
    "“…,” reads a Tuesday editorial in the Courier."."""
    words = [t for t in toks if not t.is_space and in_segment(t.idx) is None]
    end = next((k for k, t in enumerate(words) if t.is_punct and t.text not in ("'", "\u2019")), len(words))
    words = words[:end]
    if not words or not words[0].text[:1].islower():
        return None
    if words[0].lower_ in _READ_FORMS and len(words) > 1:
        nouns = []
        for t in words[1:]:
            if t.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ") or t.tag_ in ("WDT", "WP"):
                break
            nouns.append(t)
        subj = next((t for t in reversed(nouns) if t.pos_ in ("NOUN", "PROPN", "NUM", "PRON")), None)
        return (words[0], subj) if subj is not None else None
    if words[-1].lower_ not in _READ_FORMS or not 1 < len(words) <= 4:
        return None
    if not all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PRON", "PART") for t in words[:-1]):
        return None
    subj = words[-2]  # "the editorial read": the tagger often calls "editorial" an adjective here
    return (words[-1], subj) if subj.pos_ in ("NOUN", "PROPN", "ADJ") else None


def _outside_subject(verb: Token, in_segment) -> Token | None:
    """The cue's subject outside the quote when the parser gives it two: "“Anyone who asks, it's
    fine,” said Lou Tarrow" (with "Anyone" also a subject of "said")."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and in_segment(c.idx) is None), None)


def _governs(verb: Token, other: Token) -> bool:
    """True when ``other`` hangs below ``verb`` in the parse (``verb`` is one of its ancestors)."""
    return any(a.i == verb.i for a in other.ancestors)


def _put_it(verb: Token) -> bool:
    """'as X put it' (tagged as a bare verb)."""
    return verb.lemma_.lower() == "put" and any(c.lower_ == "it" and c.dep_ == "dobj" for c in verb.children)


def _speaker_noun(tok: Token) -> bool:
    """A common noun that can name a speaker: a person noun, an agent noun or people in the plural."""
    lemma = tok.lemma_.lower()
    if lemma in NONHUMAN_SOURCES or lemma in REPORTING_NOUNS:
        return False
    return lemma in PERSON_NOUNS or agentive(tok.lower_) or tok.tag_ == "NNS"


def _label_speaker(toks: list[Token], in_segment) -> Token | None:
    """The speaker of a lead that names it without a verb: "Lorn: “…”", "From Lorn's post: “…”"."""
    words = [t for t in toks if not t.is_space and not t.is_punct and in_segment(t.idx) is None]
    if not words or len(words) > 8 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    if words[0].lower_ == "from" and len(words) > 1:
        head = next((t for t in words[1:] if t.dep_ == "pobj" and t.head.i == words[0].i), None)
        if head is not None and (head.lemma_.lower() in REPORTING_NOUNS or head.ent_type_ in ("PERSON", "ORG")):
            return head
        return None
    if len(words) <= 4 and all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in words):
        return words[-1]
    return None


def _name_before_colon(toks: list[Token], in_segment) -> Token | None:
    """A person named right before the colon that opens a quote, whatever comes before:
    "The result does not surprise pollster Daron Okafor: “…”"."""
    words = [t for t in toks if not t.is_space and in_segment(t.idx) is None]
    if len(words) < 2 or words[-1].text != ":":
        return None
    last = words[-2]
    if last.dep_ == "pobj" and last.head.lower_ not in ("by", "from"):
        return None  # "contrasted him with Clinton: “…”"
    return last if last.ent_type_ == "PERSON" and last.pos_ == "PROPN" else None


def _person_before(cue: Token, resolver: SpeakerResolver) -> Token | None:
    """The last person named between the start of the cue's sentence and the cue."""
    found = None
    for t in cue.sent:
        if t.i >= cue.i:
            break
        ent = resolver.ent_of_tok.get(t.i)
        if ent is not None and ent.label == "PERSON":
            found = t
    return found


def _nearby_nominal(cue: Token, idx: _DocIndex, seg: Segment) -> Token | None:
    """A speaker when the parse gave the cue no subject: the nominal right before or after it."""
    doc = cue.doc
    near = [cue.i - 1, cue.i + 1, cue.i + 2]
    if cue.i >= 2 and doc[cue.i - 1].text == "," and (doc[cue.i - 2].ent_type_ == "PERSON" or _speaker_noun(doc[cue.i - 2])):
        near.insert(1, cue.i - 2)  # "her adviser, Jorun Vesk, said:" parsed as an apposition of something earlier
    for j in near:
        if 0 <= j < len(doc):
            t = doc[j]
            if seg.start <= t.idx < seg.end:
                continue
            if t.pos_ in ("PROPN", "PRON", "NOUN") and t.lower_ not in ("it",) or _mistagged_name(t):
                # climb to the head of a compound name
                while t.dep_ in ("compound", "flat") and t.head.i != t.i:
                    t = t.head
                return t
    return None


def _relative_subject(cue: Token | None) -> Token | None:
    """The relative pronoun that is the cue's subject ("the mayor, who said …"): the speaker is
    its antecedent, and the pronoun is how the cue's own clause mentions it."""
    if cue is None or cue.dep_ != "relcl":
        return None
    return next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") and c.lower_ in ("who", "that", "which")), None)


def _mistagged_name(tok: Token) -> bool:
    """A capitalised word inside a sentence that the tagger took for another part of speech:
    "said Skelly," tagged as an adverb."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.text.isupper() and not tok.is_sent_start and tok.pos_ in ("ADV", "ADJ", "VERB")


def _subject(verb: Token) -> Token | None:
    """The subject of a reporting verb, inherited through conjunctions and participles."""
    if verb.tag_ == "VBG" and verb.dep_ == "advcl":
        # "X said the vote is lost, noting that …": the participle hangs inside the reported
        # clause but shares the reporting verb's subject
        anc = verb.head
        for _ in range(4):
            if anc.dep_ == "ccomp" and anc.head.i != anc.i and is_reporting_verb(anc.head):
                return _subject(anc.head)
            if anc.head.i == anc.i:
                break
            anc = anc.head
    cur = verb
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "what":  # "what X says is …": X speaks
                if c.dep_ == "nsubjpass" or (c.tag_ == "WP" and c.lower_ in ("who", "that")):
                    if c.tag_ in ("WP", "WDT") and cur.dep_ == "relcl":
                        return cur.head
                    if c.dep_ == "nsubjpass" and cur is verb:
                        # "X was quoted/told ..." – the agent, if any, is the speaker (not through
                        # a conjunction: in "X was joined by Y and joked, “…”" X speaks)
                        agent = next((a for a in cur.children if a.dep_ == "agent"), None)
                        if agent is not None:
                            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                            if pobj is not None:
                                return pobj
                return c
        if cur.head.i != cur.i and (cur.dep_ in ("conj", "xcomp", "advcl") or cur.tag_ == "VBG" and cur.dep_ in ("ccomp", "pcomp")):
            cur = cur.head
            if cur.dep_ == "prep" and cur.lower_ == "as" and cur.head.lemma_.lower() in ("quote", "cite"):
                # "X was quoted as saying …"; "the paper quoted X as saying …" is the paper's
                # report, as PolNeAR attributes it
                cur = cur.head
            continue
        if cur.dep_ == "relcl" and cur.head.i != cur.i:
            return cur.head
        if cur.dep_ == "acl" and cur.head.i != cur.i:
            return _participle_owner(cur.head) if cur.tag_ == "VBG" else cur.head
        break
    return None


def _speaking(tok: Token) -> bool:
    """A word that can stand for a speaker: a name, a pronoun, an organisation, a person noun."""
    return tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or _speaker_noun(tok)


def _participle_owner(noun: Token) -> Token:
    """The subject a participle shares when the parse hung it on a thing ("Pellow rejected the
    notion that the fight was over, saying …": Pellow, not "the notion"), else ``noun``."""
    if _speaking(noun) or noun.lemma_.lower() in REPORTING_NOUNS or noun.lemma_.lower() in NONHUMAN_SOURCES:
        return noun
    cur = noun
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != noun.i), None)
            if subj is not None and _speaking(subj):
                return subj
    return noun


def _according_source(tok: Token) -> Token | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def _edges(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:\u2014\u2013"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:.\u2014\u2013"):
        e -= 1
    return s, e


def _clamp_para(idx: _DocIndex, anchor: int, s: int, e: int) -> tuple[int, int]:
    _, ps, pe = idx.para_of(anchor)
    return max(s, ps), min(e, pe)


def _valid_clause(toks: list[Token]) -> bool:
    if len(toks) < 3:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in toks)


def _complement_range(verb: Token, idx: _DocIndex) -> tuple[int, int] | None:
    text = idx.text
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    comp = next((c for c in comps if c.i > verb.i), comps[0] if comps else None)
    if comp is None:
        comp = _misparsed_complement(verb) or _stranded_that_clause(verb)
    if comp is None:
        # inverted: "<clause>, X said." parsed with the clause as the head
        if verb.dep_ in ("parataxis", "ccomp") and verb.head.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJ for c in verb.children):
            # "<clause>, X said." / "Police, X says, have no policies" / "X admits in this instance, there were …"
            head = verb.head
            hs, he = _edges(head)
            vs, ve = _edges(verb)
            before, after = (hs, vs), (ve, he)
            s, e = before if (before[1] - before[0]) >= (after[1] - after[0]) else after
            if _interposed(verb, idx, before):
                # "Nothing, advisers say, will change": one report around its cue
                s, e = hs, max(he, verb.right_edge.idx + len(verb.right_edge.text))
            s, e = _clamp_para(idx, verb.idx, s, e)
            s, e = _trim(text, s, e)
            if e > s and _valid_clause(idx.tokens(s, e)):
                return s, e
        elif verb.dep_ == "csubj" and verb.head.i > verb.i and any(c.lower_ == "what" for c in verb.children):
            # "what it says is a $14-billion deficit": the report is the predicate after the cue
            head = verb.head
            s, e = _clamp_para(idx, verb.idx, head.idx, head.right_edge.idx + len(head.right_edge.text))
            s, e = _trim(text, s, e)
            if e > s and _valid_clause(idx.tokens(s, e)):
                return s, e
        elif verb.dep_ == "advcl" and verb.head.i < verb.i and any(c.dep_ in _SUBJ for c in verb.children) and not any(
            c.dep_ == "mark" or c.dep_ == "advmod" and c.tag_ == "WRB" for c in verb.children
        ):  # not "… were shown as the mayor announced …", "… came after the forward agreed …"
            head = verb.head
            s = head.left_edge.idx
            e = verb.left_edge.idx
            s, e = _clamp_para(idx, verb.idx, s, e)
            s, e = _trim(text, s, e)
            if e > s and _valid_clause(idx.tokens(s, e)):
                return s, e
        return None
    if comp.i < verb.i and comp.dep_ == "ccomp":
        s, e = _edges(comp)
        # "<clause>, X said": the clause ends where the verb's own left material begins
        # (the verb's left edge is the clause itself, so use the dependents after it)
        after = [c.left_edge.idx for c in verb.lefts if c.i > comp.i and c.dep_ != "punct"]
        e = min(e, min(after, default=verb.idx))
        subj = _subject(verb)
        if subj is not None and subj.i < verb.i:
            e = min(e, subj.left_edge.idx)
        # only "<clause>, X said" / "<clause> — X said": not "<clause>: X promised …"
        # nor "<clause>, they tweet it out" (the verb's object is what was said)
        bound = min(after, default=verb.idx)
        if subj is not None and subj.i < verb.i:
            bound = min(bound, subj.left_edge.idx)
        sep = idx.token_at(bound - 1) if bound > 0 else None
        while sep is not None and sep.is_space and sep.i > 0:
            sep = verb.doc[sep.i - 1]
        if sep is None or sep.text not in (",", "\u2014", "\u2013", "--") or _says_object(verb):
            return None
    else:
        s, e = _edges(comp)
        s = min(s, _taken_subject(verb, comp) or s)
        if comp.left_edge.i < verb.i:
            # "what critics said was a sign of …", "which he says is false": the relative word
            # before the cue is not part of what was said
            s = next(t.idx for t in comp.subtree if t.i > verb.i)
        # ", noting that …", ", insisting …": a participial report of its own ends the clause
        for t in idx.tokens(s, e):
            if (
                t.i > comp.i
                and t.tag_ == "VBG"
                and t.dep_ == "advcl"
                and t.lemma_.lower() in _PARTICIPLE_CUES
                and t.i > 0
                and t.doc[t.i - 1].text == ","
                and _complement_range(t, idx) is not None
            ):
                e = t.doc[t.i - 1].idx
                break
        # the parse often cuts a long complement short: run on to the end of the sentence
        sent_end = _clause_end(verb)
        if sent_end > e:
            for t in idx.iter_tokens(e, sent_end):  # not tokens(): a run-on sentence made this quadratic
                if t.idx >= sent_end or is_reporting_verb(t) or is_according(t) or t.text in ";":
                    break
                if t.dep_ == "punct" and t.text in ".?!":
                    break
                e = t.idx + len(t.text)
        e = min(e, _conjoined_cue(verb, comp))
    s, e = _clamp_para(idx, verb.idx, s, e)
    s, e = _trim(text, s, e)
    if e <= s:
        return None
    toks = idx.tokens(s, e)
    if not _valid_clause(toks):
        return None
    if toks[0].lower_ in WH_WORDS and not (toks[0].lower_ in ("if", "when") and verb.lemma_.lower() not in _ASKING):
        return None  # "declined to say why …", "asked whether …" (but "said if he won, …" reports)
    return s, e


def _clause_end(verb: Token) -> int:
    """Where a report can run on to: the end of the sentence, or of the cue's own clause when it
    is a subordinate clause before the main one ("Though Brandt said the pier was safe, | he …")."""
    if verb.dep_ == "advcl" and verb.head.i > verb.i and any(c.dep_ == "mark" for c in verb.children):
        right = verb.right_edge
        return min(verb.sent.end_char, right.idx + len(right.text))
    return verb.sent.end_char


def _taken_subject(verb: Token, comp: Token) -> int | None:
    """The start of a reported clause whose subject the parse took for the cue's object ("said
    smaller bakers who sell abroad are likely to suffer": "smaller bakers …" is its subject)."""
    if comp.i < verb.i or any(c.dep_ in _SUBJ or c.dep_ == "expl" for c in comp.children):
        return None
    if comp.tag_ not in _FINITE and not any(c.dep_ == "aux" and c.tag_ in _FINITE for c in comp.children):
        return None  # "told them to wait", "urged members to vote"
    obj = next((c for c in verb.children if verb.i < c.i < comp.i and c.dep_ in ("dobj", "npadvmod")), None)
    if obj is None or obj.right_edge.i >= comp.left_edge.i or _hearer(obj):
        return None  # not "told CTV News it is …"
    first = next((t for t in obj.subtree if t.ent_type_ not in ("DATE", "TIME") and not t.is_punct), None)
    return first.idx if first is not None and first.i < comp.i else None


def _reporter_of_conjunct(verb: Token) -> Token | None:
    """The speaker of a cue the parse conjoined to the clause another cue reports ("Ana Roe said
    the dam is safe and urged calm": Ana Roe urged), when the cue has no subject of its own."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or not is_reporting_verb(head.head) or any(c.dep_ in _SUBJ for c in verb.children):
        return None
    return _subject(head.head)


def _conjoined_cue(verb: Token, comp: Token) -> int:
    """Where a reported clause ends at a second cue conjoined to it or to its own cue: "said the
    vote is lost but added, “…”" ends before "but added" (the end of the text when there is none)."""
    for t in sorted((c for head in (comp, verb) for c in head.children), key=lambda c: c.i):
        if t.dep_ == "conj" and t.i > comp.i and t.tag_ in ("VBD", "VBZ", "VBP") and is_reporting_verb(t):
            first = t.left_edge
            cc = next((c for c in t.head.children if c.dep_ == "cc" and first.i - 2 <= c.i < t.i), None)
            return (cc or first).idx
    last = comp.doc[-1]
    return last.idx + len(last.text_with_ws)


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Verbs of saying whose clause the parser sometimes hangs as an object ("said legalizing it
#: could put …" parsed as an xcomp).
_SAYING = frozenset({"say", "add", "tell", "insist", "claim", "argue", "warn", "explain", "note"})


def _says_object(verb: Token) -> bool:
    """The verb has an object that is what was said ("…, they tweet it out"), not the hearer
    of "told" ("The vote is lost, Jo Brandt told reporters")."""
    return any(c.dep_ in ("dobj", "dative") and not _hearer(c) for c in verb.children)


def _hearer(obj: Token) -> bool:
    """The object of "tell", which is who was told: "told reporters"."""
    return obj.dep_ == "dobj" and obj.head.lemma_.lower() == "tell"


_NOMINAL_POS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM", "PRON", "PART", "ADV", "CCONJ"})
#: Cues that close a sentence after the report: "…, Brandt said." / "…, argued Jo Brandt."
_CLOSING_CUES = _SAYING | {"write", "state", "report", "post", "tweet"}
_SUBORDINATORS = frozenset({"when", "as", "after", "before", "if", "while", "although", "though", "because", "since", "once", "until", "unless"})
#: Dependents of a cue that hold what was said: a cue that has one does not close a sentence.
_SAID_ARGS = frozenset({"ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "dative"})


def _closing_cue(verb: Token, idx: _DocIndex) -> tuple[tuple[int, int], Token] | None:
    """A cue clause after a comma that closes its sentence, whatever the parse made of it: the
    report is the sentence before the comma, the speaker the cue clause's own subject
    ("The ferry will run late, Brandt's office said." / "…, argued Jo Brandt.")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ in ("relcl", "acl") or verb.lemma_.lower() not in _CLOSING_CUES:
        return None
    doc, sent = verb.doc, verb.sent
    if verb.i > 0 and doc[verb.i - 1].text == ",":  # "…, said Jo Brandt, a tenant."
        comma = verb.i - 1
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i), None)
        if subj is None and verb.i + 1 < sent.end and doc[verb.i + 1].pos_ == "PROPN":
            subj = doc[verb.i + 1]
            while subj.dep_ in ("compound", "flat") and subj.head.i > subj.i:
                subj = subj.head
        if subj is None:
            return None
        own = {t.i for t in subj.subtree}
    else:  # "…, Brandt's office said."
        comma = next((j for j in range(verb.i - 1, max(sent.start, verb.i - 11) - 1, -1) if doc[j].text == ","), None)
        if comma is None or comma == verb.i - 1:
            return None
        words = [t for t in doc[comma + 1 : verb.i] if not t.is_space]
        if not words or words[0].pos_ == "CCONJ" or any(t.pos_ not in _NOMINAL_POS and not (t.lower_ == "of" and t.i > comma + 1) for t in words):
            return None  # "…, after 55 percent said so", "…, and he responded"
        subj = next((t for t in reversed(words) if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
        if subj is None:
            return None
        own = set()
    for t in doc[verb.i + 1 : sent.end]:  # nothing after the cue but its own circumstances
        if t.text == ":" or t.is_quote:
            return None  # "Asked about it, Brandt said: “…”"
        if t.i in own or t.is_punct or t.is_space:
            continue
        if not _governs(verb, t) or t.head.i == verb.i and t.dep_ in _SAID_ARGS and not _hearer(t):
            return None
    s, e = _clamp_para(idx, verb.idx, sent.start_char, doc[comma].idx)
    s, e = _trim(idx.text, s, e)
    toks = idx.tokens(s, e)
    if e <= s or not _valid_clause(toks):
        return None
    if toks[0].lower_ in _SUBORDINATORS and not any(t.text == "," for t in toks) or toks[0].tag_ in ("VBN", "VBG"):
        return None  # "When the vote closed, Brandt said." / "Asked about it, Brandt laughed." report nothing
    if subj.ent_type_ in ("DATE", "TIME") or any(is_reporting_verb(t) or is_according(t) for t in toks):
        return None
    return (s, e), subj


def _stranded_that_clause(verb: Token) -> Token | None:
    """The reported clause of a verb of saying that the parse hung as a relative clause of a noun
    after it ("said for the first time that some letters have been found", "told the council on
    Monday that …"): a clause with its own subject opened by the conjunction "that"."""
    if verb.lemma_.lower() not in _SAYING or verb.tag_ == "VBG":
        return None
    for c in verb.rights:
        if c.dep_ not in ("prep", "npadvmod", "dobj", "dative"):
            continue
        for d in c.subtree:
            if d.dep_ in ("relcl", "acl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in d.children) and any(
                m.dep_ in ("nsubj", "nsubjpass") for m in d.children
            ):
                return d
    return None


def _misparsed_complement(verb: Token) -> Token | None:
    """The reported clause of a verb of saying that the parse hung as its object or xcomp
    ("He said legalizing it could put people to work"): a right dependent with a finite verb
    of its own below it (not in a relative clause or a prepositional phrase: "said the thing
    that he wanted", "told the story of how he won")."""
    if verb.lemma_.lower() not in _SAYING or verb.tag_ == "VBN":
        return None
    for c in verb.rights:
        if c.dep_ not in ("xcomp", "dobj"):
            continue
        for t in c.subtree:
            if t.tag_ not in _FINITE or t.i < c.i:
                continue
            cur, ok = t, True
            while cur.i != c.i:
                if cur.dep_ in ("relcl", "acl", "advcl", "conj", "prep", "pcomp", "pobj") or cur.head.i == cur.i:
                    ok = False
                    break
                cur = cur.head
            if ok:
                return c
        return None
    return None


def _object_range(verb: Token, idx: _DocIndex) -> tuple[int, int] | None:
    """What a verb of calling, describing or urging reports: "called the plan a gift to
    developers", "described the talks as frank", "urged members to vote no"."""
    lemma = verb.lemma_.lower()
    kind = OBJECT_CUES[lemma]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    if obj is None and lemma == "call" and verb.tag_ != "VBN":
        demand = _demand_range(verb, idx)  # "called on the council to act"
        if demand is not None:
            return demand
    if obj is None:
        # "what she calls a sell-off": only the predicate is reported
        pred = next((c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i), None) if kind == "naming" else None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if pred is None or subj is None or verb.tag_ == "VBN":  # "a campaign called Harbour First" names, reports nothing
            return None
        s, e = _trim(idx.text, *_clamp_para(idx, verb.idx, pred.left_edge.idx, pred.right_edge.idx + len(pred.right_edge.text)))
        return (s, e) if e > s and len(idx.tokens(s, e)) >= 2 else None
    last = None
    if kind == "naming":  # call X Y
        last = next((c for c in verb.children if c.dep_ in ("oprd", "xcomp") and c.i > obj.i and c.pos_ in ("NOUN", "PROPN", "ADJ", "PRON", "NUM")), None)
        if last is None:  # the parse hung Y under X: "called the plan a gift"
            nested = next((c for c in obj.children if c.dep_ in ("dobj", "oprd", "attr", "appos") and c.i > obj.i and c.pos_ in ("NOUN", "ADJ")), None)
            if nested is not None and any(g.dep_ == "det" and g.lower_ in ("a", "an") for g in nested.children):
                last = nested
    elif kind == "describing":  # describe X as Y
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i), None)
        if prep is None:
            prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        last = prep if prep is not None and any(prep.children) else None
    elif kind == "accusing" and speaker_phrase(obj):  # accuse X of Y (a person or a group, not "the plan")
        last = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > obj.i and any(c.children)), None)
        if last is None:
            last = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" and any(c.children)), None)
    elif kind == "urging":  # urge X to do Y
        last = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > obj.i and c.pos_ in ("VERB", "AUX")
                     and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    if last is None:
        return None
    first = last.left_edge if obj.tag_ in ("WP", "WDT") else obj.left_edge  # "what he calls a scam"
    s, e = first.idx, last.right_edge.idx + len(last.right_edge.text)
    s, e = _clamp_para(idx, verb.idx, s, e)
    s, e = _trim(idx.text, s, e)
    if e <= s or len(idx.tokens(s, e)) < 3:
        return None
    return s, e


def _demand_range(verb: Token, idx: _DocIndex) -> tuple[int, int] | None:
    """What "call on" urges: the people called on with what they are to do ("called on the
    council to reopen the talks"), as for "urge X to do Y"."""
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i == verb.i + 1), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    todo = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and pobj is not None and c.i > pobj.i
                 and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    if todo is None:
        return None
    first, last = pobj.left_edge, todo.right_edge
    s, e = _trim(idx.text, *_clamp_para(idx, verb.idx, first.idx, last.idx + len(last.text)))
    return (s, e) if e > s and len(idx.tokens(s, e)) >= 2 else None


def _around_cue(cue: Token, comp: tuple[int, int], idx: _DocIndex) -> list[tuple[int, int]]:
    """A report with "according to" set off by commas inside it, as two pieces ("Most costs,
    according to the board, fall on tenants" gives "Most costs" and "fall on tenants"); any
    other report as it is."""
    cs, ce = comp
    if (pieces := _interposed_pieces(cue, comp, idx)) is not None:
        return pieces
    if not (cs < cue.idx < ce and is_according(cue) and _set_off(cue)):
        return [comp]
    doc = cue.doc
    left = _trim(idx.text, cs, doc[cue.left_edge.i - 1].idx)
    right = _trim(idx.text, doc[cue.right_edge.i + 1].idx + 1, ce)
    # not a lead ("In 2019, according to …, …") nor an apposition ("…, according to X, a record")
    pieces = [r for r in (left, right) if any(t.dep_ in _SUBJ or t.tag_ in _FINITE for t in idx.tokens(*r))]
    if pieces:
        return pieces
    longer = max(left, right, key=lambda r: r[1] - r[0])
    return [longer] if _valid_clause(idx.tokens(*longer)) else []


def _set_off(tok: Token) -> bool:
    """A phrase set off by commas on both sides: ", according to the board,"."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i
    return lo > 0 and hi + 1 < len(doc) and doc[lo - 1].text == "," and doc[hi + 1].text == ","


def _cue_commas(verb: Token) -> tuple[int, int] | None:
    """The commas around a cue clause set off inside its sentence: "Most costs, Brandt said on
    Monday, fall on tenants" gives the token indices of both commas."""
    doc, sent = verb.doc, verb.sent
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ in ("relcl", "acl"):
        return None
    left = next((j for j in range(verb.i - 1, max(sent.start, verb.i - 8) - 1, -1) if doc[j].text == ","), None)
    if left is None or left <= sent.start or left == verb.i - 1:
        return None
    words = [t for t in doc[left + 1 : verb.i] if not t.is_space]
    if not words or words[0].pos_ == "CCONJ" or any(t.pos_ not in _NOMINAL_POS for t in words) or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
        return None  # "…, and he said, …", "…, as he said, …"
    for t in verb.doc[verb.i + 1 : min(sent.end, verb.i + 8)]:
        if t.text == ",":
            rest = [u for u in doc[t.i + 1 : sent.end] if not u.is_space]
            # not "Asked about it, Brandt said, “…”": the cue introduces a quotation
            return (left, t.i) if rest and not rest[0].is_quote and any(not u.is_punct for u in rest) else None
        if t.text == ":" or t.is_quote or not _governs(verb, t) or t.head.i == verb.i and t.dep_ in _SAID_ARGS and not _hearer(t):
            return None
    return None


def _interposed_report(verb: Token, idx: _DocIndex) -> tuple[tuple[int, int], Token] | None:
    """The sentence around a cue clause set off by commas, whatever the parse made of it; the
    speaker is the clause's own subject ("Most costs, Brandt's office said, fall on tenants")."""
    commas = _cue_commas(verb)
    if commas is None or verb.lemma_.lower() in WEAK_VERBS:
        return None
    doc, sent = verb.doc, verb.sent
    before = [t for t in doc[sent.start : commas[0]] if not t.is_punct and not t.is_space]
    if not before or any(is_reporting_verb(t) or is_according(t) for t in before):
        return None
    subj = next((t for t in reversed(doc[commas[0] + 1 : verb.i]) if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    s, e = _trim(idx.text, *_clamp_para(idx, verb.idx, sent.start_char, sent.end_char))
    return ((s, e), subj) if subj is not None and e > s and _valid_clause(idx.tokens(s, e)) else None


def _interposed_pieces(cue: Token, comp: tuple[int, int], idx: _DocIndex) -> list[tuple[int, int]] | None:
    """A report around a cue clause set off by commas, as its pieces before and after the clause
    ("Most costs, Brandt said, fall on tenants" gives "Most costs" and "fall on tenants"); a
    lead before the clause ("On Monday, Brandt said, …") is not part of what was said."""
    commas = _cue_commas(cue)
    if commas is None or is_according(cue):
        return None
    doc = cue.doc
    a, b = doc[commas[0]].idx, doc[commas[1]].idx
    cs, ce = comp
    if b < cs and not idx.text[b + 1 : cs].strip():  # the parse gave only the words after the clause
        cs = max(cue.sent.start_char, idx.para_of(cue.idx)[1])
    if not cs < a < b < ce:
        return None
    after = next(t for t in doc[commas[1] + 1 :] if not t.is_space)
    if after.pos_ in ("ADP", "PART"):
        return None  # "Nor is there any plan, advisers say, to sell the ferry": one phrase around the cue
    left, right = _trim(idx.text, cs, a), _trim(idx.text, b + 1, ce)
    pieces = [right] if right[1] > right[0] else []
    predicate = after.pos_ in ("AUX", "VERB")  # "Riding alone, they said, can be hazardous": the left piece is its subject
    if left[1] > left[0] and (predicate or _reported_piece(idx.tokens(*left))):
        if after.lower_ in ("though", "although"):
            pieces = []  # "…, he said, though he named no one": the writer's concession
        pieces.insert(0, left)
    return pieces or None


def _reported_piece(toks: list[Token]) -> bool:
    """Words before an interposed cue that belong to the report: a subject or a clause
    ("Police", "Most of the costs"), not a lead ("On Monday", "Even then", "In particular")."""
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words or words[0].pos_ in ("ADP", "SCONJ") or words[0].lower_ in _SUBORDINATORS or words[0].tag_ in ("VBG", "VBN") and words[0].dep_ not in _SUBJ:
        return False  # "As the crowd cheered", "Despite the vote", "Weighing in"
    ids = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return any(
        t.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "VERB", "AUX") and t.dep_ not in ("prep", "pobj", "advmod", "npadvmod", "mark", "cc", "punct")
        for t in roots
    )


def _interposed(verb: Token, idx: _DocIndex, before: tuple[int, int]) -> bool:
    """A cue clause set off by commas inside the clause it reports ("…, advisers say, …"),
    with at least two words of the report on each side."""
    doc = verb.doc
    subj = next((c for c in verb.children if c.dep_ in _SUBJ and c.i < verb.i), None)
    if subj is None:
        return False
    left, right = subj.left_edge.i - 1, verb.i + 1
    if left < 0 or right + 1 >= len(doc) or doc[left].text != "," or doc[right].text != ",":
        return False
    after = [t for t in doc[right + 1 : right + 4] if not t.is_punct and not t.is_space]
    return len([t for t in idx.tokens(*before) if not t.is_punct and not t.is_space]) >= 2 and len(after) >= 2


def _plausible_source(subj: Token | None, cue: Token) -> bool:
    """Indirect quotes need a speaker: a person, organisation, group or pronoun, not a document."""
    if subj is None:
        return False
    low = subj.lower_
    if low in ("it", "this", "that", "which", "there", "what", "you", "one"):
        return cue.lemma_.lower() in _IT_CUES and low == "it" or _one_of_them(subj)
    if subj.lemma_.lower() in NONHUMAN_SOURCES or low in NONHUMAN_SOURCES:
        return cue.lemma_.lower() in ("say", "state") or is_according(cue)
    if cue.lemma_.lower() in WEAK_VERBS:
        # "the move signals a shift", "the roads were maintained": speech only as "X signalled that …"
        lemma = subj.lemma_.lower()
        speaking = (
            subj.pos_ == "PROPN"
            or subj.ent_type_ in ("PERSON", "ORG", "NORP")
            or low in ("he", "she", "they", "we", "i", "some", "others", "many", "several", "both", "most")
            or lemma in PERSON_NOUNS
            or low in PEOPLE_NOUNS
            or agentive(lemma)
        )
        that = any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children) for c in cue.children)
        return speaking and (that or cue.lemma_.lower() not in ("maintain", "share"))
    return True


#: Cues whose subject "it" is an organisation speaking ("It also told staff to …"), not a document.
_IT_CUES = frozenset({"say", "tell", "add", "explain", "report", "announce", "admit", "confirm", "warn"})


def _one_of_them(subj: Token) -> bool:
    """"One" that names a member of a group or a person: "One of the organisers said …",
    "One of his aides, Jo Brandt, said …"."""
    return subj.lower_ == "one" and any(
        c.dep_ == "appos" or c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" for g in c.children) for c in subj.children
    )


_ASKING = frozenset({"ask", "wonder", "question", "inquire", "enquire", "query"})
_PARTICIPLE_CUES = frozenset({"say", "add", "note", "tell", "explain", "insist", "warn", "argue", "claim", "state", "write", "point", "acknowledge", "stress", "emphasize", "emphasise", "admit"})
_HYPOTHETICAL = frozenset({"will", "would", "could", "might", "may", "should", "to", "must", "can", "'ll", "wo", "ca"})


def _asserted(cue: Token) -> bool:
    """A report of something said, not a negated, hypothetical, passive or infinitival use."""
    if is_according(cue):
        return True
    for c in cue.children:
        if c.dep_ == "neg":
            return False
        if c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL:
            return False
        if c.dep_ == "nsubjpass" and cue.lemma_.lower() in ("tell", "ask", "inform"):
            return False
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "acl", "conj") and cue.lemma_.lower() not in _PARTICIPLE_CUES:
        return False
    return True


def _furniture_paragraphs(text: str, idx: _DocIndex) -> set[int]:
    """Paragraphs that are page furniture (READ MORE: links) or photo captions."""
    out = set()
    for k, (ps, pe) in enumerate(idx.paras):
        para = text[ps:pe]
        if _FURNITURE.match(para) or _CREDIT.search(para):
            out.add(k)
    return out


def _according_range(tok: Token, idx: _DocIndex) -> tuple[int, int] | None:
    text = idx.text
    head = _according_clause(tok)
    if head.i == tok.i:
        return None
    s, e = _edges(head)
    a_s, a_e = _edges(tok)
    if a_s <= s:
        s = a_e
    elif a_e >= e:
        e = a_s
    elif not _set_off(tok):  # "Most costs, according to the board, fall on tenants": both sides (see _around_cue)
        if (a_s - s) >= (e - a_e):
            e = a_s
        else:
            s = a_e
    s, e = _clamp_para(idx, tok.idx, s, e)
    # "According to the board, the ferry is late, but Brandt says it is not": the report ends
    # where a coordinated report with a speaker of its own begins
    for t in idx.tokens(max(s, a_e), e):
        if t.dep_ == "cc" and t.i + 1 < len(t.doc) and _opens_report(t.doc[t.i + 1 : t.i + 6]):
            e = t.idx
            break
    s, e = _trim(text, s, e)
    if e <= s or not _valid_clause(idx.tokens(s, e)):
        return None
    return s, e


def _according_clause(tok: Token) -> Token:
    """The clause "according to" qualifies: its head, or the verb of a subject the parse hung it
    on ("Some of the costs, according to the board, fall on tenants")."""
    head = tok.head
    if head.dep_ in _SUBJ and head.i < tok.i and head.head.pos_ in ("VERB", "AUX") and head.head.i > tok.i:
        return head.head
    return head


def _opens_report(toks) -> bool:
    """A clause that opens with its own reporting verb and subject: "Brandt says …", "she added …"."""
    verb = next((t for t in toks if is_reporting_verb(t)), None)
    return verb is not None and any(c.dep_ in _SUBJ and c.i < verb.i and c.i >= toks[0].i for c in verb.children)


def _embedded_cue(seg: Segment, idx: _DocIndex, in_segment) -> tuple[Token, tuple[int, int]] | None:
    toks = idx.tokens(seg.inner_start, seg.inner_end)
    if not toks:
        return None
    # the token of the fragment whose head lies outside it
    root = next((t for t in toks if not (seg.inner_start <= t.head.idx < seg.inner_end) or t.head.i == t.i), toks[0])
    child, cur = root, root
    _, ps, pe = idx.para_of(seg.start)
    for _ in range(8):
        if cur.head.i == cur.i:
            break
        child, cur = cur, cur.head
        if not ps <= cur.idx < pe:
            return None
        if in_segment(cur.idx) is not None:
            continue
        if is_according(cur) or is_reporting_verb(cur) or is_reporting_verb(cur, with_complement=True) and child.dep_ == "ccomp":
            if child.dep_ in _SUBJ:
                return None
            s, e = _edges(child)
            s, e = min(s, seg.start), max(e, seg.end)
            s, e = _clamp_para(idx, seg.start, s, e)
            s, e = _trim(idx.text, s, e)
            if e > s:
                return cur, (s, e)
            return None
    return _expressive_cue(seg, idx, root, in_segment)


_EXPRESSIVE_PREPS = frozenset({"as", "like"})
_CUE_LEMMAS: frozenset[str] = REPORTING_VERBS | COMPLEMENT_ONLY | frozenset(OBJECT_CUES)
_CUE_FORMS: frozenset[str] = frozenset({"according"})
_NON_SPEAKERS = frozenset({"it", "this", "that", "there", "which", "what", "these", "those", "i", "we", "you", "me", "us"})


def _expressive_cue(seg: Segment, idx: _DocIndex, root: Token, in_segment) -> tuple[Token, tuple[int, int]] | None:
    """A quoted fragment in a clause whose subject is a person or organisation: a mixed quote
    attributed to that subject (X welcomed the talks as a 'serious step'; X called it 'hasty')."""
    text = idx.text
    inner = text[seg.inner_start : seg.inner_end]
    words = inner.split()
    if not words or len(words) > 25:
        return None
    # names and titles: every word capitalised, or in capitals
    if len(words) > 1 and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return None
    if inner.isupper():
        return None
    prev = idx.token_at(seg.start - 1) if seg.start > 0 else None
    head = root.head if root.head.i != root.i else root
    if prev is not None and prev.dep_ in ("det", "poss") and head.dep_ == "pobj" and head.head.lower_ not in _EXPRESSIVE_PREPS:
        return None
    if root.dep_ == "pobj" and root.head.lower_ not in _EXPRESSIVE_PREPS and prev is not None and prev.dep_ == "det":
        return None
    _, ps, pe = idx.para_of(seg.start)
    cur = root
    for _ in range(10):
        if cur.pos_ in ("VERB", "AUX") and not (seg.inner_start <= cur.idx < seg.inner_end):
            break
        if cur.head.i == cur.i:
            break
        cur = cur.head
    if cur.pos_ not in ("VERB", "AUX") or not ps <= cur.idx < pe or in_segment(cur.idx) is not None:
        return None
    if cur.lemma_.lower() not in EXPRESSIVE_VERBS:
        return None
    subj = _subject(cur)
    if subj is None and cur.tag_ == "VBG" and cur.dep_ == "acl":
        subj = cur.head
    if subj is None:
        return None
    if subj.pos_ not in ("PROPN", "NOUN", "PRON") or subj.lower_ in _NON_SPEAKERS:
        return None
    if subj.pos_ == "NOUN" and subj.tag_ != "NNS" and not subj.ent_type_ and not any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.children):
        return None
    if subj.idx >= seg.inner_start and subj.idx < seg.inner_end:
        return None
    s, e = _trim(text, seg.inner_start, seg.inner_end)
    if e <= s:
        return None
    return cur, (s, e)
