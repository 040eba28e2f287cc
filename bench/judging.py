"""Per-quote judgements with the shared scorers' own rules (../shared/tools), for the benches.

``judge(corpus, records)`` matches a pre-tagger's JSONL records to a corpus's gold quotes as
score_quotes.py (canonical speakers: seeds, ggt_dev) or score_spans.py (PolNeAR: mention
spans) do, and says for each matched quote with a gold source whether the speaker is right,
whether the gold speaker is among the first three candidates, and, for PolNeAR, whether the
canonical name is right (``strict``: the surname rule alone; None when the gold mention is
a pronoun or a description without a name, which names nobody). ``confidence_report`` prints the figures of
``score_quotes.py --confidence`` for any such rows.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TOOLS = SHARED / "tools"

#: name: (articles folder, gold file, scorer)
CORPORA: dict[str, tuple[str, str, str]] = {
    "seeds": ("corpus/seeds", "corpus/seeds.gold.json", "score_quotes"),
    "ggt_dev": ("corpus/ggt_dev/articles", "corpus/ggt_dev/gold.json", "score_quotes"),
    "polnear_train": ("corpus/polnear_train/articles", "corpus/polnear_train/gold.json", "score_spans"),
    "polnear_dev": ("corpus/polnear_dev/articles", "corpus/polnear_dev/gold.json", "score_spans"),
}

BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))


@dataclass
class Judged:
    """One matched quote with a gold source."""

    document: str
    index: int  # of the predicted quote in its record
    right: bool  # by the corpus's scorer
    top3: bool  # the gold speaker is the speaker or among the first three candidates
    strict: bool | None  # the canonical name is right (None: the gold names nobody)
    confidence: float | None


def scorer(name: str):
    """The shared scorer module ``name`` (score_quotes or score_spans)."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def paths(corpus: str) -> tuple[pathlib.Path, pathlib.Path]:
    articles, gold, _ = CORPORA[corpus]
    return SHARED / articles, SHARED / gold


def judge(corpus: str, records: list[dict], thr: float = 0.3) -> list[Judged]:
    """The matched quotes of ``records`` (one per article) judged against ``corpus``'s gold."""
    articles, gold_path = paths(corpus)
    quotes_scorer, spans_scorer = scorer("score_quotes"), scorer("score_spans")
    spans = CORPORA[corpus][2] == "score_spans"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    aliases = gold.get("aliases") or {}
    by_name = {pathlib.Path(r.get("source", "")).name: r for r in records}
    out: list[Judged] = []
    for name, doc in sorted(gold["documents"].items()):
        record = by_name.get(name)
        if record is None:
            continue
        gold_text = (articles / name).read_text(encoding="utf-8")
        text = record.get("text") or gold_text
        golds = []
        if spans:
            at = spans_scorer.Aligner(gold_text, text)
            for q in doc["quotes"]:
                pieces = [(at(a), at(b)) for a, b in (q.get("spans") or [[q["start"], q["end"]]])]
                src = [(at(a), at(b)) for a, b in (q.get("source_spans") or [])]
                if not src and q.get("source_start") is not None:
                    src = [(at(q["source_start"]), at(q["source_end"]))]
                golds.append((pieces, src, bool(src) or bool(q.get("speaker")), q))
        else:
            for q in doc["quotes"]:
                loc = quotes_scorer.locate(gold_text, q, text)
                golds.append(([loc] if loc else [], [], True, q))
        preds = record.get("quotes", [])
        pairs = []
        for gi, (pieces, _, _, _) in enumerate(golds):
            length = sum(b - a for a, b in pieces)
            for pi, p in enumerate(preds):
                ov = spans_scorer.overlap(p["start"], p["end"], pieces)
                if ov > 0 and ov > thr * length:
                    pairs.append((-ov, gi, pi))
        pairs.sort()
        g2p: dict[int, int] = {}
        used: set[int] = set()
        for _, gi, pi in pairs:
            if gi not in g2p and pi not in used:
                g2p[gi] = pi
                used.add(pi)
        for gi, pi in sorted(g2p.items()):
            pieces, src, has_source, q = golds[gi]
            if not has_source:
                continue
            speaker = preds[pi].get("speaker") or {}
            mention = speaker.get("mention") or {}
            mspan = (mention["start"], mention["end"]) if mention.get("start") is not None else None
            names = [c.get("name") for c in (speaker.get("candidates") or [])[:3]]
            if spans:
                def named(n: str | None) -> bool:
                    return bool(n) and spans_scorer.surname_ok(n, q["speaker"])

                right = bool(mspan and any(min(mspan[1], b) > max(mspan[0], a) for a, b in src)) or named(speaker.get("name"))
                last = [w for w in q["speaker"].replace("(", " ").split() if w[:1].isalpha()][-1:]
                nobody = spans_scorer.last_word(q["speaker"]) in spans_scorer.STOP_LAST or not (last and last[0][:1].isupper())
                strict = None if nobody else named(speaker.get("name"))
                top3 = right or any(named(n) for n in names)
            else:
                def named(n: str | None) -> bool:
                    return quotes_scorer.speaker_ok(n, q["speaker"], aliases)

                right = named(speaker.get("name"))
                strict = right
                top3 = right or any(named(n) for n in names)
            c = speaker.get("confidence")
            out.append(Judged(name, pi, right, top3, strict, float(c) if isinstance(c, (int, float)) else None))
    return out


def confidence_report(rows: list[Judged], strict: bool = False) -> list[str]:
    """The lines of ``score_quotes.py --confidence`` for ``rows`` (``strict``: canonical names)."""
    if strict:
        rows = [r for r in rows if r.strict is not None]
    n = len(rows)
    if not n:
        return ["no matched quotes"]
    right = (lambda r: r.strict) if strict else (lambda r: r.right)
    given = [r for r in rows if r.confidence is not None]
    lines = [f"confidence given on {len(given)}/{n} matched quotes"]
    ece = 0.0
    for lo, hi in BANDS:
        band = [r for r in given if lo <= r.confidence < hi]  # type: ignore[operator]
        if band:
            acc = sum(map(right, band)) / len(band)
            mean = sum(r.confidence for r in band) / len(band)  # type: ignore[misc]
            ece += len(band) / n * abs(acc - mean)
            lines.append(f"  confidence {lo:.2f}-{min(hi, 1.0):.2f}: {len(band):5d} quotes, accuracy {acc:.3f}, mean confidence {mean:.3f}")
    high = [r for r in given if r.confidence >= 0.9]  # type: ignore[operator]
    if len(given) < n:
        ece = 1.0
    top3 = sum(r.top3 for r in rows) / n
    hi_acc = sum(map(right, high)) / len(high) if high else 0.0
    lines.append(f"top3={top3:.3f} hi-conf share={len(high) / n:.3f} hi-conf acc={hi_acc:.3f} ece={ece:.3f}")
    return lines
