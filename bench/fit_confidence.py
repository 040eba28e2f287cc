"""Fit the speaker-confidence weights of core/pretag/confidence.py on the development corpora.

    python bench/fit_confidence.py [--cache DIR] [--corpora seeds,ggt_dev,polnear_train] [--check ggt_dev]

Pre-tags the development corpora (parsed documents are kept in ``--cache`` to re-run quickly),
judges each matched quote with the shared scorers' rules (bench/judging.py) and fits two
logistic regressions: the probability that the chosen speaker is right (from the quote's
Evidence) and the score of each alternative speaker (on quotes whose chosen speaker is wrong).
PolNeAR gives speaker mentions, not names: a PolNeAR quote counts for the model only when its
gold mention names someone, and is right when the surname matches. Each corpus family (the
Canadian set with the seeds, PolNeAR) weighs the same. Prints the weights to paste into
confidence.py and the calibration each corpus gets with them. Never use polnear_dev here:
it is the check.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT / "bench"))

from judging import CORPORA, Judged, confidence_report, judge, paths, scorer  # noqa: E402

from quotecoder.core.pretag import Pretagger, visible_text  # noqa: E402
from quotecoder.core.pretag.attribution import Trace  # noqa: E402
from quotecoder.core.pretag.confidence import ALTERNATIVE_WEIGHTS, SPEAKER_WEIGHTS, alternative_features  # noqa: E402
from quotecoder.core.pretag.entities import extract_entities  # noqa: E402
from quotecoder.core.pretag.quotes import extract_quotes  # noqa: E402
from quotecoder.core.pretag.records import to_record  # noqa: E402
from quotecoder.core.model import Annotation  # noqa: E402


def parsed(corpus: str, tagger: Pretagger, cache: pathlib.Path | None):
    """(source, Doc) for each article of ``corpus``, parsed once and cached as a DocBin."""
    from spacy.tokens import DocBin

    from quotecoder.core.importers import ImportProblem, read_articles

    if cache is not None and (cache / f"{corpus}.spacy").is_file():
        sources = json.loads((cache / f"{corpus}.sources.json").read_text())
        docs = list(DocBin().from_disk(cache / f"{corpus}.spacy").get_docs(tagger.nlp.vocab))
        return list(zip(sources, docs))
    articles, _ = paths(corpus)
    items = [a for a in read_articles([str(articles)], {}) if not isinstance(a, ImportProblem)]
    docs = list(tagger.parse([visible_text(a.text) for a in items]))  # as Pretagger.annotate parses them
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache / f"{corpus}.spacy")
        (cache / f"{corpus}.sources.json").write_text(json.dumps([a.source for a in items]))
    return list(zip([a.source for a in items], docs))


def run(corpus: str, tagger: Pretagger, cache: pathlib.Path | None) -> tuple[list[dict], dict[tuple[str, int], Trace]]:
    """The JSONL records of ``corpus`` and the trace of each quote, by (document, index)."""
    records, traces = [], {}
    for source, doc in parsed(corpus, tagger, cache):
        trace: list[Trace] = []
        entities = extract_entities(doc)
        quotes = extract_quotes(doc, entities, (), trace)
        records.append(to_record(source, doc.text, Annotation(entities, quotes)))
        name = pathlib.Path(source).name
        for i, t in enumerate(trace):
            traces[(name, i)] = t
    return records, traces


def alternative_rows(corpus: str, records: list[dict], judged: list[Judged], traces) -> list[tuple[dict, bool]]:
    """(features, right) for the alternatives of quotes whose chosen speaker is wrong."""
    quotes_scorer, spans_scorer = scorer("score_quotes"), scorer("score_spans")
    _, gold_path = paths(corpus)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    aliases = gold.get("aliases") or {}
    by_name = {pathlib.Path(r["source"]).name: r for r in records}
    rows = []
    for j in judged:
        if j.strict is not False:
            continue
        q = by_name[j.document]["quotes"][j.index]
        gq = max(gold["documents"][j.document]["quotes"], key=lambda g: min(g["end"], q["end"]) - max(g["start"], q["start"]))
        for sp, feats in traces[(j.document, j.index)].alternatives:
            if CORPORA[corpus][2] == "score_spans":
                ok = spans_scorer.surname_ok(sp.name, gq["speaker"])
            else:
                ok = quotes_scorer.speaker_ok(sp.name, gq["speaker"], aliases)
            rows.append((feats, ok))
    return rows


def fit(rows: list[tuple[dict, bool, float]], c: float) -> dict[str, float]:
    """Weighted, L2-regularised logistic regression; the weights by feature name."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([f for f, _, _ in rows])
    y = [int(ok) for _, ok, _ in rows]
    w = [wt for _, _, wt in rows]
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    model.fit(x, y, sample_weight=w)
    return {name: round(float(v), 3) for name, v in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(v) > 5e-4}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=pathlib.Path, default=None, help="folder for parsed documents (DocBin)")
    parser.add_argument("--corpora", default="seeds,ggt_dev,polnear_train")
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--check", default="", help="corpora to report calibration on without fitting on them")
    args = parser.parse_args(argv)
    corpora = [c for c in args.corpora.split(",") if c]
    if "polnear_dev" in corpora:
        parser.error("polnear_dev is the check, not training data")
    if not (paths(corpora[0])[1]).is_file():
        print("../shared is not present: nothing to fit.")
        return 0
    tagger = Pretagger()
    speaker_rows: list[tuple[dict, bool, float]] = []
    alt_rows: list[tuple[dict, bool, float]] = []
    family = {c: ("polnear" if c.startswith("polnear") else "canadian") for c in corpora}
    per_corpus = {}
    for corpus in corpora:
        records, traces = run(corpus, tagger, args.cache)
        judged = judge(corpus, records)
        per_corpus[corpus] = (judged, traces)
        rows = [(traces[(j.document, j.index)].evidence.features(), bool(j.strict)) for j in judged if j.strict is not None]
        alts = alternative_rows(corpus, records, judged, traces)
        per_corpus[corpus] += (rows, alts)
        print(f"{corpus}: {len(judged)} matched quotes, {len(rows)} with a named gold speaker, {len(alts)} alternatives")
    # each family weighs the same in the fit
    totals: dict[str, int] = {}
    for corpus in corpora:
        totals[family[corpus]] = totals.get(family[corpus], 0) + len(per_corpus[corpus][2])
    for corpus in corpora:
        weight = 1000.0 / max(1, totals[family[corpus]])
        speaker_rows += [(f, ok, weight) for f, ok in per_corpus[corpus][2]]
        alt_rows += [(f, ok, 1.0) for f, ok in per_corpus[corpus][3]]
    speaker_weights = fit(speaker_rows, args.C)
    alt_weights = fit([(alternative_features(f), ok, w) for f, ok, w in alt_rows], args.C)
    print("\nSPEAKER_WEIGHTS: dict[str, float] = " + json.dumps(speaker_weights, indent=4))
    print("ALTERNATIVE_WEIGHTS: dict[str, float] = " + json.dumps(alt_weights, indent=4))
    # calibration with the new weights, on each corpus (canonical names)
    SPEAKER_WEIGHTS.clear()
    SPEAKER_WEIGHTS.update(speaker_weights)
    ALTERNATIVE_WEIGHTS.clear()
    ALTERNATIVE_WEIGHTS.update(alt_weights)
    for corpus in corpora + [c for c in args.check.split(",") if c and c not in corpora]:
        records, traces = run(corpus, tagger, args.cache)
        print(f"\n{corpus} (canonical names{'' if corpus in corpora else ', not fitted on'}):")
        print("\n".join(confidence_report(judge(corpus, records), strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
