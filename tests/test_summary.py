"""The study summary (core/summary.py): every figure checked against the CLI's exports,
`quotecoder agreement` and the krippendorff package, on the sample articles coded by two
invented coders.

Every article, person and outlet here is fictional.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections import Counter, defaultdict
from contextlib import redirect_stdout

import krippendorff
import numpy as np
import pytest

from quotecoder.cli import main as cli
from quotecoder.core.agreement import pattern_alpha, pattern_interval, value_patterns
from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.study import BlindModeError
from quotecoder.core.summary import (
    DISPUTED,
    NOT_CODED,
    SummaryFilter,
    compute_reliability,
    compute_summary,
    study_variables,
)
from quotecoder.core.workspace import open_store, sample_paths

STANCES = ("pro-deployment", "opposed", "threat", "neutral")
CODERS = ("ana", "ben")


def build_study(path) -> dict:
    """The sample articles, pre-tagged, coded by two invented coders through the Store's API:
    ana codes every quote, ben the reliability sample (agreeing three times in four) and a few
    more; both correct some speakers, boundaries and kinds, reject and add quotes; some
    disagreements are adjudicated."""
    from quotecoder.core.importing import import_paths
    from quotecoder.core.pretag import Pretagger

    rng = random.Random(15)
    store = open_store(path)
    import_paths(store, sample_paths(), Pretagger())
    sample = store.draw_reliability_sample(fraction=0.4, seed=3)
    quotes = {a: store.quotes(a) for a in store.article_ids()}
    speakers = [s.id for s in store.speakers()]
    every = [q for a in sorted(quotes) for q in quotes[a]]
    rejected = [every[5].id, every[40].id, every[90].id]
    for quote_id in rejected:
        store.reject_quote(quote_id, "ana")
    text = store.article(every[0].article_id).text
    added = store.add_quote(every[0].article_id, Quote(0, 20, text[:20], "indirect"), "ben")
    for q in every[10:14]:
        store.update_quote(q.id, "ana", start=q.start + 1)
    for q in every[20:23]:
        store.update_quote(q.id, "ben", kind="mixed" if q.kind != "mixed" else "direct")
    coded = [q for q in every if q.id not in rejected] + [store.quote(added)]
    for i, q in enumerate(coded):
        ana = rng.choice(STANCES)
        store.set_label(q.id, "ana", ana)
        if q.article_id in sample or i % 9 == 0:
            store.set_label(q.id, "ben", ana if rng.random() < 0.75 else rng.choice(STANCES))
        if i % 11 == 0:
            store.set_speakers({q.id: rng.choice(speakers)}, "ana")
        if i % 13 == 0 and store.label(q.id, "ben"):
            store.set_speakers({q.id: rng.choice(speakers)}, "ben")
    disputed = store.disagreements()
    for d in disputed[::2]:
        store.adjudicate(d.quote_id, d.labels["ana"], "ana")
    store.close()
    return {"path": path, "sample": sample, "rejected": rejected, "added": added}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return build_study(tmp_path_factory.mktemp("summary") / "study.db")


def run(*args) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli([str(a) for a in args]) == 0
    return out.getvalue()


def export(study, fmt: str, tmp_path, *more) -> list[dict]:
    out = tmp_path / f"{fmt}.csv"
    run("export", "--db", study["path"], "--format", fmt, "--out", out, *more)
    with open(out, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def final_values(study, tmp_path) -> dict[int, tuple[dict, str]]:
    """quote id -> (its wide-export row, its final stance as the exports define it)."""
    result = {}
    for row in export(study, "wide", tmp_path):
        labels = {row[k] for k in row if k.startswith("stance_") and k != "stance_adjudicated" and row[k]}
        value = row["stance_adjudicated"] or (labels.pop() if len(labels) == 1 else DISPUTED if labels else NOT_CODED)
        result[int(row["quote_id"])] = (row, value)
    return result


def outlet_of(row) -> str:
    return row["outlet"].strip()


# -- counts against the exports --------------------------------------------------------------------


def test_quotes_by_stance_per_outlet_match_the_exports(study, tmp_path):
    with open_store(study["path"]) as store:
        summary = compute_summary(store)
    expected: dict[str, Counter] = defaultdict(Counter)
    for row, value in final_values(study, tmp_path).values():
        expected[outlet_of(row)][value] += 1
    counts = summary.counts["stance"]
    assert {o: +c for o, c in counts.by_outlet.items()} == dict(expected)
    assert summary.overview.quotes == sum(sum(c.values()) for c in expected.values())
    assert counts.total[DISPUTED] > 0 and counts.total[NOT_CODED] == 0
    # the articles export counts each article's quotes by final stance in the same way
    per_outlet: dict[str, Counter] = defaultdict(Counter)
    for row in export(study, "articles", tmp_path):
        for key in STANCES:
            per_outlet[outlet_of(row)][key] += int(row[f"n_{key.replace('-', '_')}"])
        per_outlet[outlet_of(row)][DISPUTED] += int(row["disputed"])
    assert {o: +c for o, c in per_outlet.items()} == dict(expected)


def test_one_coders_counts_match_the_long_export_for_that_coder(study, tmp_path):
    with open_store(study["path"]) as store:
        summary = compute_summary(store, SummaryFilter(coder="ben"))
    rows = export(study, "long", tmp_path, "--coders", "ben")
    expected: dict[str, Counter] = defaultdict(Counter)
    speakers: Counter = Counter()
    for row in rows:
        expected[outlet_of(row)][row["stance"] or NOT_CODED] += 1
        if row["speaker"]:
            speakers[row["speaker"]] += 1
    assert {o: +c for o, c in summary.counts["stance"].by_outlet.items()} == dict(expected)
    top = summary.speakers
    assert len(top) == 12
    for s in top:  # ben's own speakers: his corrections, else the machine's
        assert s.quotes == speakers[s.name]
        assert sum(s.values["stance"].values()) == s.quotes
    left_out = [n for name, n in speakers.items() if name not in {s.name for s in top}]
    assert min(s.quotes for s in top) >= max(left_out)
    assert [p.coder for p in summary.progress] == ["ben"]
    assert summary.progress[0].coded == sum(1 for r in rows if r["coder"] == "ben")


def test_stance_over_time_follows_the_months_of_the_data(study, tmp_path):
    with open_store(study["path"]) as store:
        summary = compute_summary(store)
    assert summary.overview.period == "month"  # the samples span March to September
    expected: dict[str, Counter] = defaultdict(Counter)
    undated: Counter = Counter()
    for row, value in final_values(study, tmp_path).values():
        if re.match(r"\d{4}-\d\d-\d\d", row["published"]):
            expected[row["published"][:7]][value] += 1
        else:
            undated[value] += 1
    counts = summary.counts["stance"]
    assert {p: +c for p, c in counts.by_period.items() if c} == dict(expected)
    assert +counts.undated == undated
    # every month from the first to the last, the empty ones too, in order
    assert list(counts.by_period) == ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]


def test_a_short_date_range_is_charted_by_week(study):
    with open_store(study["path"]) as store:
        summary = compute_summary(store, SummaryFilter(start="2025-03-01", end="2025-04-30"))
    assert summary.overview.period == "week"
    weeks = list(summary.counts["stance"].by_period)
    assert weeks and all(re.fullmatch(r"\d{4}-\d\d-\d\d", w) for w in weeks)
    from datetime import date

    assert all(date.fromisoformat(w).weekday() == 0 for w in weeks)  # each week starts on its Monday
    assert summary.overview.first_day >= "2025-03-01" and summary.overview.last_day <= "2025-04-30"


def test_top_speakers_match_the_wide_export(study, tmp_path):
    with open_store(study["path"]) as store:
        summary = compute_summary(store, top=5)
    finals = final_values(study, tmp_path)
    per_speaker: dict[str, Counter] = defaultdict(Counter)
    for row, value in finals.values():
        if row["speaker"]:
            per_speaker[row["speaker"]][value] += 1
    ranked = sorted(per_speaker.items(), key=lambda item: -sum(item[1].values()))
    assert len(summary.speakers) == 5
    for s in summary.speakers:
        assert +s.values["stance"] == per_speaker[s.name]
        assert s.quotes == sum(per_speaker[s.name].values())
    assert summary.speakers[0].quotes == sum(ranked[0][1].values())
    assert [s.quotes for s in summary.speakers] == sorted((s.quotes for s in summary.speakers), reverse=True)


def test_progress_per_coder_and_of_the_reliability_sample(study, tmp_path):
    with open_store(study["path"]) as store:
        summary = compute_summary(store)
    rows = export(study, "long", tmp_path)
    sample = set(study["sample"])
    quotes = {r["quote_id"] for r in rows}
    sample_quotes = {r["quote_id"] for r in rows if int(r["article_id"]) in sample}
    by_coder = {c: {r["quote_id"] for r in rows if r["coder"] == c} for c in CODERS}
    assert [(p.coder, p.coded, p.quotes) for p in summary.progress] == [
        (c, len(by_coder[c]), len(quotes)) for c in CODERS]
    assert [p.sample_coded for p in summary.progress] == [len(by_coder[c] & sample_quotes) for c in CODERS]
    twice = {q for q in sample_quotes if all(q in by_coder[c] for c in CODERS)}
    assert summary.sample.quotes == len(sample_quotes)
    assert summary.sample.coded_twice == len(twice)
    assert summary.sample.coded_once + summary.sample.coded_twice + summary.sample.not_coded == len(sample_quotes)
    assert summary.overview.sample_articles == len(sample)
    assert summary.overview.sample_seed == 3


def test_filters_restrict_every_count(study, tmp_path):
    with open_store(study["path"]) as store:
        outlets = compute_summary(store).overview.outlets
        outlet = next(o for o in outlets if o)
        one = compute_summary(store, SummaryFilter(outlet=outlet))
        none = compute_summary(store, SummaryFilter(outlet=""))
        sample = compute_summary(store, SummaryFilter(sample=True))
    finals = final_values(study, tmp_path)
    assert one.overview.quotes == sum(1 for row, _ in finals.values() if outlet_of(row) == outlet)
    assert list(one.counts["stance"].by_outlet) == [outlet]
    assert none.overview.outlets == [""]
    assert none.overview.quotes == sum(1 for row, _ in finals.values() if not outlet_of(row))
    assert sample.overview.articles == len(study["sample"])
    assert sample.overview.quotes == sum(1 for row, _ in finals.values() if int(row["article_id"]) in study["sample"])
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        SummaryFilter(start="14 March")
    with pytest.raises(ValueError, match="before it starts"):
        SummaryFilter(start="2025-05-01", end="2025-04-01")


# -- reliability against `quotecoder agreement` and krippendorff ------------------------------------


def cli_alpha(study, variable: str) -> tuple[str, str, str]:
    text = run("agreement", "--db", study["path"], "--variable", variable)
    found = re.search(r"alpha \(nominal\): (\S+)\s+95% CI \[(\S+), (\S+)\]", text)
    return found.groups()


def test_alpha_per_variable_equals_quotecoder_agreement(study):
    with open_store(study["path"]) as store:
        reliability = compute_reliability(store)
        units = {"stance": store.stance_units(), "speaker": store.speaker_units()}
    assert [v.variable.key for v in reliability.variables] == ["stance", "speaker"]
    for found in reliability.variables:
        alpha, low, high = cli_alpha(study, found.variable.key)
        assert f"{found.alpha:.3f}" == alpha
        assert (f"{found.ci[0]:.3f}", f"{found.ci[1]:.3f}") == (low, high)
        kept = {u: v for u, v in units[found.variable.key].items() if len(v) >= 2}
        assert found.units == len(kept)
        categories = sorted({x for v in kept.values() for x in v.values()})
        data = [[categories.index(v[c]) if c in v else np.nan for v in kept.values()] for c in CODERS]
        assert found.alpha == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        assert found.kappas and found.kappas[0].units == len(kept)
    stance = reliability.variables[0]
    assert {c.category for c in stance.categories} <= set(STANCES)


def test_machine_as_a_coder(study, tmp_path):
    with open_store(study["path"]) as store:
        summary = compute_summary(store)
        corrections = store.corrections("quote")
    rows = export(study, "long", tmp_path)
    machine_rows = [r for r in rows if r["origin"] == "model" and r["coder"]]
    changed = sum(r["speaker_corrected"] == "yes" for r in machine_rows)
    speaker = summary.machine.checks[0]
    assert speaker.key == "speaker"
    assert speaker.decisions == len(machine_rows)
    assert sum(speaker.changed.values()) == changed
    machine = summary.machine.agreement
    assert machine.decisions == len(machine_rows) and machine.kept == len(machine_rows) - changed
    # α with the machine as one more coder, against krippendorff
    units = defaultdict(dict)
    with open_store(study["path"]) as store:
        proposals = {}
        for r in machine_rows:
            qid = int(r["quote_id"])
            if qid not in proposals:
                proposal = store.quote_proposal(qid)
                sid = proposal["speaker_id"] if proposal and "speaker_id" in proposal else store.quote(qid).speaker_id
                proposals[qid] = store.speaker(sid).name if sid else "(unknown)"
            units[qid]["machine"] = proposals[qid]
            units[qid][r["coder"]] = r["speaker"] or "(unknown)"
    values = sorted({v for u in units.values() for v in u.values()})
    data = [[values.index(u[c]) if c in u else np.nan for u in units.values()] for c in ("machine", *CODERS)]
    assert machine.alpha == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    assert machine.units == len(units)
    # boundaries and kind: the quotes whose proposal differs from what coders left
    moved = {c["item_id"] for c in corrections if c["action"] == "update" and "start" in (c["before"] or {})}
    rekinded = {c["item_id"] for c in corrections if c["action"] == "update" and "kind" in (c["before"] or {})}
    boundaries, kind = summary.machine.checks[1:]
    assert sum(boundaries.changed.values()) == len(moved - set(study["rejected"]))
    assert sum(kind.changed.values()) == len(rekinded - set(study["rejected"]))
    assert sum(summary.machine.rejected.values()) == len(study["rejected"])
    assert summary.machine.added == 1
    with open_store(study["path"]) as store:
        machine_quotes = [q for a in store.article_ids() for q in store.quotes(a, include_rejected=True)
                          if q.origin == "model"]
    confident = sum(q.speaker_confidence is not None for q in machine_quotes)
    assert summary.machine.speaker_band_source == (
        "speaker confidence" if confident == len(machine_quotes) else "quote confidence" if not confident
        else "speaker confidence where set, else quote confidence")


def test_speaker_confidence_bands_are_used_where_the_pretagger_set_them(tmp_path):
    text = "\u201cWe sail at dawn,\u201d said Captain Mira Ostrand. \u201cNot before,\u201d said Orrin Vale."
    first, second = "\u201cWe sail at dawn,\u201d", "\u201cNot before,\u201d"
    with open_store(tmp_path / "bands.db") as store:
        article = store.add_article(
            Article(text=text, outlet="Harlow Bay Post", published="2024-02-02", content_hash="bands"),
            Annotation(quotes=[
                Quote(text.index(first), text.index(first) + len(first), first, "direct",
                      speaker=Speaker("Mira Ostrand", "person"), confidence=0.9, speaker_confidence=0.3),
                Quote(text.index(second), text.index(second) + len(second), second, "direct",
                      speaker=Speaker("Orrin Vale", "person"), confidence=0.6),
            ]))
        a, b = store.quotes(article)
        store.set_label(a.id, "ana", "neutral")
        store.set_label(b.id, "ana", "neutral")
        store.set_speakers({a.id: b.speaker_id}, "ana")
        summary = compute_summary(store)
    speaker = summary.machine.checks[0]
    assert speaker.changed == Counter(low=1)  # its speaker confidence (0.3), not its quote confidence (0.9)
    assert speaker.kept == Counter(medium=1)  # no speaker confidence: its quote confidence (0.6)
    assert summary.machine.speaker_band_source == "speaker confidence where set, else quote confidence"


# -- blind mode and edge cases -------------------------------------------------------------------


def test_blind_mode_shows_only_the_viewers_own_codes(study, tmp_path):
    with open_store(study["path"]) as store:
        store.set_setting("blind_mode", "1")
        try:
            with pytest.raises(BlindModeError, match="Blind mode is on"):
                compute_summary(store)
            with pytest.raises(BlindModeError, match="not those of ana"):
                compute_summary(store, SummaryFilter(coder="ana"), viewer="ben")
            summary = compute_summary(store, viewer="ben")
            reliability = compute_reliability(store, viewer="ben")
        finally:
            store.set_setting("blind_mode", "0")
    assert summary.blind and summary.filter.coder == "ben"
    assert [p.coder for p in summary.progress] == ["ben"]
    assert summary.sample.coded_twice is None
    assert DISPUTED not in summary.counts["stance"].total
    assert reliability.variables == [] and "Blind mode" in reliability.withheld


def test_an_empty_study_gives_an_empty_summary(tmp_path):
    with open_store(tmp_path / "empty.db") as store:
        summary = compute_summary(store)
        reliability = compute_reliability(store)
    assert summary.overview.articles == 0 and summary.overview.quotes == 0
    assert summary.counts["stance"].by_outlet == {} and summary.speakers == [] and summary.progress == []
    assert all(math.isnan(v.alpha) and v.units == 0 for v in reliability.variables)
    assert summary.machine.agreement is None


def test_variables_come_from_the_codebook(study):
    with open_store(study["path"]) as store:
        variables = study_variables(store)
        codebook = store.codebook()
    assert [v.key for v in variables] == ["stance", "speaker"]
    assert [c.key for c in variables[0].categories] == [lab.key for lab in codebook.labels]
    assert variables[0].charted and not variables[1].charted


# -- α from patterns --------------------------------------------------------------------------------


def test_pattern_alpha_equals_krippendorff_with_missing_values_and_three_coders():
    rng = random.Random(2)
    for _ in range(40):
        coders = ["a", "b", "c"]
        labels = ["p", "q", "r", "s"][: rng.randint(2, 4)]
        units = {i: {c: rng.choice(labels) for c in coders if rng.random() < 0.75} for i in range(rng.randint(3, 50))}
        kept = {u: v for u, v in units.items() if len(v) >= 2}
        values = sorted({x for v in kept.values() for x in v.values()})
        if len(values) < 2:
            continue
        data = [[values.index(v[c]) if c in v else np.nan for v in kept.values()] for c in coders]
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert pattern_alpha(value_patterns(units)) == pytest.approx(expected)


def test_pattern_interval_is_reproducible_and_brackets_alpha():
    rng = random.Random(4)
    units = {}
    for i in range(400):
        a = rng.choice("pqrs")
        units[i] = {"a": a, "b": a if rng.random() < 0.8 else rng.choice("pqrs")}
    patterns = value_patterns(units)
    low, high = pattern_interval(patterns, 500, seed=1)
    assert low < pattern_alpha(patterns) < high
    assert pattern_interval(patterns, 500, seed=1) == (low, high)
    assert pattern_interval(patterns, 500, seed=2) != (low, high)
    assert all(math.isnan(x) for x in pattern_interval(value_patterns({1: {"a": "p", "b": "p"}}), 100))


# -- charts ----------------------------------------------------------------------------------------


def test_every_chart_draws_names_with_dollar_signs_as_written(tmp_path):
    from quotecoder.core.charts import CHARTS, save_chart, summary_charts, svg

    text = "\u201cPrices will rise,\u201d said Dana $ Holt. \u201cNot for long,\u201d said Rue Ames."
    first, second = "\u201cPrices will rise,\u201d", "\u201cNot for long,\u201d"
    with open_store(tmp_path / "dollars.db") as store:
        article = store.add_article(
            Article(text=text, outlet="The $5 Daily $", published="2024-02-02", content_hash="dollars"),
            Annotation(quotes=[
                Quote(text.index(first), text.index(first) + len(first), first, "direct", speaker=Speaker("Dana $ Holt")),
                Quote(text.index(second), text.index(second) + len(second), second, "direct", speaker=Speaker("Rue Ames")),
            ]))
        for quote in store.quotes(article):
            store.set_label(quote.id, "$ana$", "neutral")
            store.set_label(quote.id, "ben", "neutral")
        summary = compute_summary(store)
        reliability = compute_reliability(store)
    figures = summary_charts(summary, reliability)
    assert list(figures) == list(CHARTS)
    for name, fig in figures.items():
        save_chart(fig, tmp_path / f"{name}.png")  # mathematics would fail or garble here
        assert svg(fig).startswith("<svg")
    outlets = figures["outlets"].axes[0]
    assert [t.get_text() for t in outlets.get_yticklabels()] == [r"The \$5 Daily \$"]  # printed as "$", not maths
    assert "The $5 Daily $" in svg(figures["outlets"])
    with pytest.raises(ValueError, match=".png or .svg"):
        save_chart(figures["outlets"], tmp_path / "chart.pdf")


def test_pattern_interval_matches_resampling_the_units_one_by_one():
    from quotecoder.core.agreement import krippendorff_alpha

    rng = random.Random(9)
    units = {}
    for i in range(150):
        a = rng.choice("pqrs")
        units[i] = {"a": a, "b": a if rng.random() < 0.7 else rng.choice("pqrs")}
        if i % 3 == 0:
            units[i]["c"] = a if rng.random() < 0.7 else rng.choice("pqrs")
    keys = list(units)
    draws = sorted(krippendorff_alpha({j: units[rng.choice(keys)] for j in range(len(keys))}, ["a", "b", "c"])
                   for _ in range(1500))
    naive = (draws[int(0.025 * 1499)], draws[math.ceil(0.975 * 1499)])
    low, high = pattern_interval(value_patterns(units), 1500, seed=3)
    assert low == pytest.approx(naive[0], abs=0.03) and high == pytest.approx(naive[1], abs=0.03)
