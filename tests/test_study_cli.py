"""A coding study end to end through the CLI: two coders, merge, agreement, adjudication, export."""

import csv
import json
import random
import re
import shutil
import subprocess
import sys

import krippendorff
import numpy as np
import pytest

from quotecoder.core.workspace import sample_paths

STANCES = ["pro-deployment", "opposed", "threat", "neutral"]


def quotecoder(*args):
    result = subprocess.run(
        [sys.executable, "-m", "quotecoder", *map(str, args)], capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_codes(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["quote_id", "coder", "stance", "note"])
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """Two coder databases made from one import of the samples, each coded from a spreadsheet."""
    root = tmp_path_factory.mktemp("study")
    ann_db, ben_db = root / "ann.db", root / "ben.db"
    assert quotecoder("import", *sample_paths(), "--db", ann_db).returncode == 0
    shutil.copy(ann_db, ben_db)
    assert quotecoder("export", "--db", ann_db, "--format", "long", "--out", root / "blank.csv").returncode == 0
    quote_ids = sorted({int(r["quote_id"]) for r in read_csv(root / "blank.csv")})
    assert len(quote_ids) > 20
    rng = random.Random(5)
    ann = {q: rng.choice(STANCES) for q in quote_ids}
    ben = {q: (ann[q] if rng.random() < 0.75 else rng.choice(STANCES)) for q in quote_ids[: len(quote_ids) * 2 // 3]}
    notes = {quote_ids[0]: 'Said "twice",\nonce on radio; =not a formula'}
    write_codes(root / "ann.csv", [{"quote_id": q, "coder": "ann", "stance": s, "note": notes.get(q, "")} for q, s in ann.items()])
    write_codes(root / "ben.csv", [{"quote_id": q, "coder": "ben", "stance": s, "note": ""} for q, s in ben.items()])
    assert quotecoder("import-codes", root / "ann.csv", "--db", ann_db).returncode == 0
    assert quotecoder("import-codes", root / "ben.csv", "--db", ben_db).returncode == 0
    return {"root": root, "db": ann_db, "other": ben_db, "ann": ann, "ben": ben, "notes": notes}


def test_merge_brings_labels_once(study):
    first = quotecoder("merge", study["other"], "--db", study["db"])
    assert first.returncode == 0, first.stderr
    assert f"{len(study['ben'])} label(s)" in first.stdout
    again = quotecoder("merge", study["other"], "--db", study["db"])
    assert "Nothing new" in again.stdout
    assert "added 0 article(s), 0 quote(s), 0 label(s)" in again.stdout


def test_agreement_matches_reference(study):
    quotecoder("merge", study["other"], "--db", study["db"])
    result = quotecoder("agreement", "--variable", "stance", "--db", study["db"])
    assert result.returncode == 0, result.stderr
    both = [q for q in study["ben"] if q in study["ann"]]
    data = [[STANCES.index(study[c][q]) for q in both] for c in ("ann", "ben")]
    alpha = krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement="nominal")
    shown = float(re.search(r"Krippendorff's alpha \(nominal\): (-?[\d.]+)", result.stdout).group(1))
    assert shown == pytest.approx(alpha, abs=0.0005)
    assert f"{len(both)} unit(s)" in result.stdout
    percent = float(re.search(r"Percent agreement: ([\d.]+)%", result.stdout).group(1))
    assert percent == pytest.approx(100 * np.mean([study["ann"][q] == study["ben"][q] for q in both]), abs=0.05)
    assert "Cohen's kappa ann vs ben" in result.stdout
    assert "ben → ann: 100.0%" in result.stdout
    speakers = quotecoder("agreement", "--db", study["db"], "--variable", "speaker")
    assert "alpha" in speakers.stdout
    table = quotecoder("agreement", "--db", study["db"]).stdout  # every variable: here stance and speaker
    assert [line.split()[:3] for line in table.splitlines()[2:4]] == [["stance", "quote", "nominal"],
                                                                        ["speaker", "quote", "nominal"]]
    assert f"{shown:.3f}" in table.splitlines()[2]


def test_adjudicate_and_export_everything(study):
    db = study["db"]
    quotecoder("merge", study["other"], "--db", db)
    listing = quotecoder("adjudicate", "--db", db)
    disputed = [int(m) for m in re.findall(r"^quote (\d+) ", listing.stdout, re.M)]
    expected = [q for q in study["ben"] if study["ann"][q] != study["ben"][q]]
    assert sorted(disputed) == sorted(expected)
    decided = quotecoder("adjudicate", disputed[0], "threat", "--coder", "chair", "--db", db)
    assert decided.returncode == 0, decided.stderr
    bad = quotecoder("adjudicate", disputed[0], "maybe", "--coder", "chair", "--db", db)
    assert bad.returncode == 2 and "not a label" in bad.stderr

    out = study["root"]
    for fmt in ("long", "wide", "articles", "codebook", "jsonl"):
        suffix = "jsonl" if fmt == "jsonl" else "csv"
        result = quotecoder("export", "--db", db, "--format", fmt, "--out", out / f"{fmt}.{suffix}", "--bom")
        assert result.returncode == 0, result.stderr

    long_rows = read_csv(out / "long.csv")
    assert (out / "long.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(long_rows[0]) == 26  # 21, and byline, section, language, source, doc_id (issue 13)
    coded = [r for r in long_rows if r["coder"]]
    assert len(coded) == len(study["ann"]) + len(study["ben"])
    first = next(r for r in coded if int(r["quote_id"]) == min(study["notes"]) and r["coder"] == "ann")
    assert first["note"] == study["notes"][min(study["notes"])]  # newline, quotes and comma survive
    assert all(r["published"][:4].isdigit() for r in long_rows if r["published"])

    wide = read_csv(out / "wide.csv")
    assert {"stance_ann", "stance_ben", "stance_adjudicated"} <= set(wide[0])
    by_id = {int(r["quote_id"]): r for r in wide}
    assert by_id[disputed[0]]["stance_adjudicated"] == "threat"
    assert all(by_id[q]["stance_ann"] == s for q, s in study["ann"].items())

    articles = read_csv(out / "articles.csv")
    assert len(articles) == len(sample_paths())
    assert sum(int(a["quotes"]) for a in articles) == len(wide)
    codebook = read_csv(out / "codebook.csv")
    assert [r["value"] for r in codebook] == STANCES

    records = [json.loads(line) for line in (out / "jsonl.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(sample_paths())
    fresh = out / "restored.db"
    restored = quotecoder("import-annotations", out / "jsonl.jsonl", "--db", fresh)
    assert restored.returncode == 0, restored.stderr
    assert quotecoder("export", "--db", fresh, "--format", "wide", "--out", out / "wide2.csv").returncode == 0
    assert [
        (r["quote_text"], r["stance_ann"], r["stance_ben"], r["stance_adjudicated"]) for r in read_csv(out / "wide2.csv")
    ] == [(r["quote_text"], r["stance_ann"], r["stance_ben"], r["stance_adjudicated"]) for r in wide]


def test_import_codes_reports_bad_rows(study, tmp_path):
    bad = tmp_path / "bad.csv"
    write_codes(bad, [
        {"quote_id": "x", "coder": "cat", "stance": "opposed", "note": ""},
        {"quote_id": 999999, "coder": "cat", "stance": "opposed", "note": ""},
        {"quote_id": min(study["ann"]), "coder": "cat", "stance": "sideways", "note": ""},
        {"quote_id": min(study["ann"]), "coder": "cat", "stance": "Opposed", "note": ""},
    ])
    result = quotecoder("import-codes", bad, "--db", study["db"])
    assert result.returncode == 1
    assert "line 2" in result.stdout and "line 3" in result.stdout and "line 4" in result.stdout
    assert "Added 1 label(s)" in result.stdout  # the label's name is accepted for its key


def test_sample_is_reproducible(study):
    first = quotecoder("sample", "--percent", "30", "--seed", "9", "--db", study["db"])
    second = quotecoder("sample", "--percent", "30", "--seed", "9", "--db", study["db"])
    assert first.returncode == 0 and first.stdout == second.stdout
    assert "Marked 3 article(s)" in first.stdout
