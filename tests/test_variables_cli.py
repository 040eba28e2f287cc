"""Codebooks with several variables through the command line (issue 14): a codebook with quote,
article and speaker variables, one of them ordinal; two coders' codes read in with import-codes
and merged; agreement on each variable against the krippendorff package; adjudication; every
export read back with csv, and the long and article-codes exports read back by import-codes."""

import contextlib
import csv
import io
import json
import random
import re
import shutil

import krippendorff
import numpy as np
import pytest

from quotecoder.cli import main
from quotecoder.core.workspace import sample_paths

STANCES = ["pro-deployment", "opposed", "threat", "neutral"]
TONES = ["calm", "concerned", "alarmed", "furious"]  # ordinal, in this order
FRAMES = ["security", "humanitarian", "cost"]
GENDERS = ["woman", "man", "unknown"]


def variable(key, unit, level, keys):
    return {"key": key, "name": key.replace("_", " ").capitalize(), "unit": unit, "level": level,
            "labels": [{"key": k, "name": k.capitalize(), "description": f"The {key} is {k}.",
                        "colour": "#aabbcc", "shortcut": str(i + 1)} for i, k in enumerate(keys)]}


CODEBOOK = {"name": "Deployment study, three coded variables and a speaker variable", "version": 7, "variables": [
    variable("stance", "quote", "nominal", STANCES),
    variable("tone", "quote", "ordinal", TONES),
    variable("frame", "article", "nominal", FRAMES),
    variable("gender", "speaker", "nominal", GENDERS),
]}


def quotecoder(*args):
    """Run the command line in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return status, out.getvalue(), err.getvalue()


def ok(*args):
    status, out, err = quotecoder(*args)
    assert status == 0, (args, out, err)
    return out


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path, columns, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def shown_alpha(text, level):
    return float(re.search(rf"Krippendorff's alpha \({level}\): (-?[\d.]+)", text).group(1))


def reference_alpha(first, second, order, level):
    """The krippendorff package's α for two coders' values (dicts unit → value)."""
    units = sorted(first.keys() | second.keys())
    data = [[order.index(codes[u]) if u in codes else np.nan for u in units] for codes in (first, second)]
    return krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement=level)


def second_opinion(rng, first, order, share, agree=0.7):
    """Another coder's values for the first ``share`` of the units: mostly the same, else any."""
    units = sorted(first)[: int(len(first) * share)]
    return {u: first[u] if rng.random() < agree else rng.choice(order) for u in units}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """ann.db with ann's codes and ben's merged in from ben.db; blank.db, the study before any code."""
    root = tmp_path_factory.mktemp("variables")
    ann_db, ben_db, blank_db = root / "ann.db", root / "ben.db", root / "blank.db"
    ok("import", *sample_paths(), "--db", ann_db)
    (root / "codebook.json").write_text(json.dumps(CODEBOOK), encoding="utf-8")
    assert "as codebook version 2" in ok("codebook", "load", root / "codebook.json", "--db", ann_db)
    shutil.copy(ann_db, ben_db)
    shutil.copy(ann_db, blank_db)
    ok("export", "--format", "long", "--out", root / "blank.csv", "--db", ann_db)
    blank = read_csv(root / "blank.csv")
    quotes = sorted({int(r["quote_id"]) for r in blank})
    articles = sorted({int(r["article_id"]) for r in blank})
    speakers = sorted({r["speaker"] for r in blank if r["speaker"]})
    assert len(quotes) > 50 and len(articles) == 10 and len(speakers) > 5

    rng = random.Random(14)
    ann = {"stance": {q: rng.choice(STANCES) for q in quotes}, "tone": {q: rng.choice(TONES) for q in quotes},
           "frame": {a: rng.choice(FRAMES) for a in articles}}
    ben = {"stance": second_opinion(rng, ann["stance"], STANCES, 0.7),
           "tone": {q: TONES[min(3, max(0, TONES.index(t) + rng.choice((-1, 0, 0, 1))))]
                    for q, t in sorted(ann["tone"].items())[: len(quotes) * 2 // 3]},
           "frame": second_opinion(rng, ann["frame"], FRAMES, 0.9)}
    genders = {name: GENDERS[i % 3] for i, name in enumerate(speakers)}
    note = 'Said "twice",\nonce on radio'
    # ann's sheet: stance by its label's name in capitals, tone by key; a semicolon sheet as Excel saves it
    write_csv(root / "ann-quotes.csv", ["quote_id", "coder", "stance", "tone", "note"], [
        {"quote_id": q, "coder": "ann", "stance": ann["stance"][q].upper(), "tone": ann["tone"][q],
         "note": note if q == quotes[0] else ""} for q in quotes], delimiter=";")
    write_csv(root / "ben-quotes.csv", ["quote_id", "coder", "stance", "tone"], [
        {"quote_id": q, "coder": "ben", "stance": ben["stance"].get(q, ""), "tone": ben["tone"].get(q, "")}
        for q in quotes])  # blank cells: not coded
    for coder, codes in (("ann", ann), ("ben", ben)):
        write_csv(root / f"{coder}-articles.csv", ["article_id", "coder", "frame"],
                  [{"article_id": a, "coder": coder, "frame": f} for a, f in codes["frame"].items()])
    write_csv(root / "speakers.csv", ["speaker", "gender"], [{"speaker": s, "gender": g} for s, g in genders.items()])

    assert f"Added {2 * len(quotes)} label(s)" in ok("import-codes", root / "ann-quotes.csv", "--db", ann_db)
    ok("import-codes", root / "ann-articles.csv", "--db", ann_db)
    out = ok("import-codes", root / "speakers.csv", "--db", ann_db, "--coder", "ann")
    assert f"Added {len(speakers)} label(s)" in out and "speaker codes: gender" in out
    ok("import-codes", root / "ben-quotes.csv", "--db", ben_db)
    ok("import-codes", root / "ben-articles.csv", "--db", ben_db)
    merged = ok("merge", ben_db, "--db", ann_db)
    assert "Nothing new" not in merged
    return {"root": root, "db": ann_db, "blank": blank_db, "ann": ann, "ben": ben, "genders": genders,
            "note": note, "quotes": quotes, "articles": articles}


@pytest.mark.parametrize("key, order, level", [("stance", STANCES, "nominal"), ("tone", TONES, "ordinal"),
                                               ("frame", FRAMES, "nominal")])
def test_agreement_on_each_variable_is_the_krippendorff_packages(study, key, order, level):
    out = ok("agreement", "--variable", key, "--db", study["db"])
    alpha = reference_alpha(study["ann"][key], study["ben"][key], order, level)
    assert shown_alpha(out, level) == pytest.approx(alpha, abs=0.0005)
    both = study["ann"][key].keys() & study["ben"][key].keys()
    assert f"{len(both)} unit(s) coded by 2+ coders" in out
    percent = float(re.search(r"Percent agreement: ([\d.]+)%", out).group(1))
    assert percent == pytest.approx(100 * np.mean([study["ann"][key][u] == study["ben"][key][u] for u in both]),
                                    abs=0.05)
    assert ("ben → ann: 100.0%" in out) == (key != "frame")  # quote boundaries come with quote variables


def test_one_table_shows_every_variable(study):
    out = ok("agreement", "--db", study["db"])
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:] if line.startswith("  ")}
    assert list(rows) == ["stance", "tone", "frame", "speaker"]
    for key, order, level in (("stance", STANCES, "nominal"), ("tone", TONES, "ordinal"), ("frame", FRAMES, "nominal")):
        unit, shown_level, alpha, low, high, percent, units = rows[key][1:]
        assert shown_level == level
        assert float(alpha) == pytest.approx(reference_alpha(study["ann"][key], study["ben"][key], order, level),
                                             abs=0.0005)
        assert float(low.strip("[,")) <= float(alpha) <= float(high.strip("]"))
        assert int(units) == len(study["ann"][key].keys() & study["ben"][key].keys())
    assert "gender" in out.splitlines()[-2]  # coded once per speaker: no agreement to measure
    status, _, err = quotecoder("agreement", "--variable", "gender", "--db", study["db"])
    assert status == 2 and "once per speaker" in err
    status, _, err = quotecoder("agreement", "--variable", "frmae", "--db", study["db"])
    assert status == 2 and "no variable “frmae”" in err and "stance, tone, frame" in err


def test_adjudicate_a_quote_and_an_article_variable(study):
    db = study["db"]
    listing = ok("adjudicate", "--variable", "tone", "--db", db)
    disputed = [int(m) for m in re.findall(r"^quote (\d+) ", listing, re.M)]
    ann, ben = study["ann"]["tone"], study["ben"]["tone"]
    assert sorted(disputed) == sorted(q for q in ben if ann[q] != ben[q])
    assert "Quote" in ok("adjudicate", disputed[0], "Furious", "--variable", "tone", "--coder", "chair", "--db", db)
    articles = ok("adjudicate", "--variable", "frame", "--db", db)
    split = [int(m) for m in re.findall(r"^article (\d+):", articles, re.M)]
    ann, ben = study["ann"]["frame"], study["ben"]["frame"]
    assert sorted(split) == sorted(a for a in ben if ann[a] != ben[a])
    assert split, "the fixture should leave an article disputed"
    ok("adjudicate", split[0], "cost", "--variable", "frame", "--coder", "chair", "--db", db)
    status, _, err = quotecoder("adjudicate", disputed[0], "cost", "--variable", "tone", "--coder", "chair", "--db", db)
    assert status == 2 and "not a label of tone" in err and "calm (Calm)" in err
    status, _, err = quotecoder("adjudicate", 99999, "cost", "--variable", "frame", "--coder", "chair", "--db", db)
    assert status == 2 and "no article 99999" in err
    decided = [line for line in ok("adjudicate", "--variable", "tone", "--db", db).splitlines() if "→" in line]
    assert [line.split()[1] for line in decided] == [str(disputed[0])] and decided[0].endswith("→ furious")


@pytest.fixture(scope="module")
def exported(study):
    """Every export of the study, adjudicated (a tone and a frame), with a byte-order mark."""
    db, out = study["db"], study["root"]
    tone = study["ben"]["tone"]
    disputed = next(q for q in sorted(tone) if study["ann"]["tone"][q] != tone[q])
    ok("adjudicate", disputed, "alarmed", "--variable", "tone", "--coder", "chair", "--db", db)
    frame = next(a for a in sorted(study["ben"]["frame"]))
    ok("adjudicate", frame, "humanitarian", "--variable", "frame", "--coder", "chair", "--db", db)
    files = {}
    for fmt in ("long", "wide", "articles", "article-codes", "codebook", "jsonl"):
        files[fmt] = out / f"export-{fmt}.{'jsonl' if fmt == 'jsonl' else 'csv'}"
        assert "Wrote" in ok("export", "--format", fmt, "--out", files[fmt], "--bom", "--db", db)
    return {"files": files, "tone": (disputed, "alarmed"), "frame": (frame, "humanitarian")}


def test_every_export_reads_back_with_csv(study, exported):
    files = exported["files"]
    long = read_csv(files["long"])
    assert files["long"].read_bytes().startswith(b"\xef\xbb\xbf")
    columns = list(long[0])
    assert columns.index("speaker_type") < columns.index("gender") < columns.index("stance") < columns.index("tone")
    coded = [r for r in long if r["coder"]]
    assert len(coded) == len(study["ann"]["stance"]) + len(study["ben"]["stance"].keys() | study["ben"]["tone"].keys())
    for row in coded:
        quote = int(row["quote_id"])
        assert row["stance"] == study[row["coder"]]["stance"].get(quote, "")
        assert row["tone"] == study[row["coder"]]["tone"].get(quote, "")
        assert row["gender"] == study["genders"].get(row["speaker"], "")
    first = next(r for r in coded if int(r["quote_id"]) == study["quotes"][0] and r["coder"] == "ann")
    assert first["note"] == study["note"]  # newline, quotes and comma survive

    wide = {int(r["quote_id"]): r for r in read_csv(files["wide"])}
    assert {"stance_ann", "stance_ben", "stance_adjudicated", "tone_ann", "tone_ben", "tone_adjudicated"} <= set(
        next(iter(wide.values())))
    quote, tone = exported["tone"]
    assert wide[quote]["tone_adjudicated"] == tone
    assert all(wide[q]["tone_ben"] == t for q, t in study["ben"]["tone"].items())

    article_codes = read_csv(files["article-codes"])
    assert list(article_codes[0])[:3] == ["article_id", "outlet", "published"]
    assert {(int(r["article_id"]), r["coder"], r["frame"]) for r in article_codes} == {
        (a, coder, f) for coder in ("ann", "ben") for a, f in study[coder]["frame"].items()}
    article, frame = exported["frame"]
    assert {r["frame_adjudicated"] for r in article_codes if int(r["article_id"]) == article} == {frame}
    metadata = ("outlet", "published", "title", "url", "byline", "section", "language", "source", "doc_id")
    of_article = {r["article_id"]: [r[c] for c in metadata] for r in long}
    assert all([r[c] for c in metadata] == of_article[r["article_id"]] for r in article_codes)

    codebook = read_csv(files["codebook"])
    assert [(r["variable"], r["value"]) for r in codebook] == [
        (v["key"], lab["key"]) for v in CODEBOOK["variables"] for lab in v["labels"]]
    tone_rows = [r for r in codebook if r["variable"] == "tone"]
    assert {(r["unit"], r["level"], r["version"]) for r in tone_rows} == {("quote", "ordinal", "2")}
    assert tone_rows[0]["name"] == "Calm" and tone_rows[0]["description"] == "The tone is calm."
    assert sum(int(r["times_used"]) for r in codebook if r["variable"] == "gender") == len(study["genders"])

    articles = read_csv(files["articles"])
    assert len(articles) == len(sample_paths())
    records = [json.loads(line) for line in files["jsonl"].read_text(encoding="utf-8").splitlines()]
    assert records


def test_import_codes_reads_the_long_and_article_codes_exports_back(study, exported, tmp_path):
    blank = tmp_path / "fresh.db"
    shutil.copy(study["blank"], blank)
    files = exported["files"]
    out = ok("import-codes", files["long"], "--db", blank)
    coded = sum(len(study[c][k]) for c in ("ann", "ben") for k in ("stance", "tone"))
    assert f"Added {coded} label(s)" in out and "Not read" not in out  # the export's other columns are no variables
    ok("import-codes", files["article-codes"], "--db", blank)
    again = tmp_path / "again.csv"
    ok("export", "--format", "long", "--out", again, "--db", blank)
    pick = ("quote_id", "coder", "stance", "tone", "note")
    assert [[r[c] for c in pick] for r in read_csv(again) if r["coder"]] == [
        [r[c] for c in pick] for r in read_csv(files["long"]) if r["coder"]]
    ok("export", "--format", "article-codes", "--out", again, "--db", blank)
    assert [(r["article_id"], r["coder"], r["frame"]) for r in read_csv(again)] == [
        (r["article_id"], r["coder"], r["frame"]) for r in read_csv(files["article-codes"])]
    # read again: nothing new, nothing lost
    assert "Added 0 label(s)" in ok("import-codes", files["long"], "--db", blank)


def test_bad_rows_and_cells_are_named_by_file_and_line_and_the_rest_comes_in(study, tmp_path):
    db = tmp_path / "bad.db"
    shutil.copy(study["blank"], db)
    quote = study["quotes"][3]
    sheet = tmp_path / "sheet.csv"
    write_csv(sheet, ["quote_id", "coder", "stance", "tone", "frmae"], [
        {"quote_id": quote, "coder": "cat", "stance": "sideways", "tone": "Alarmed"},  # a bad cell, a good one
        {"quote_id": "x", "coder": "cat", "stance": "opposed"},
        {"quote_id": 999999, "coder": "cat", "stance": "opposed"},
        {"quote_id": quote, "coder": "", "stance": "opposed"},
        {"quote_id": study["quotes"][4], "coder": "cat", "stance": "", "tone": "", "frmae": "cost"},  # nothing coded
    ])
    status, out, _ = quotecoder("import-codes", sheet, "--db", db)
    assert status == 1
    assert "sheet.csv, line 2: “sideways” is not a label of stance" in out
    assert "sheet.csv, line 3: quote_id “x” is not a quote id" in out
    assert "sheet.csv, line 4: there is no quote 999999" in out
    assert "sheet.csv, line 5: no coder" in out
    assert "Added 1 label(s)" in out and "Not read: column(s) frmae" in out
    # --coder fills the empty coder cells; --replace changes a coder's code
    write_csv(sheet, ["quote_id", "coder", "tone"], [{"quote_id": quote, "coder": "", "tone": "calm"}])
    status, out, _ = quotecoder("import-codes", sheet, "--db", db, "--coder", "cat")
    assert status == 1 and "cat already coded quote" in out and "--replace" in out
    assert "replaced 1;" in ok("import-codes", sheet, "--db", db, "--coder", "cat", "--replace")
    speakers = tmp_path / "speakers.csv"
    name = next(iter(study["genders"]))
    write_csv(speakers, ["speaker", "gender"], [{"speaker": name.upper(), "gender": "Woman"},
                                                {"speaker": "Nobody Known", "gender": "man"}])
    status, out, _ = quotecoder("import-codes", speakers, "--db", db)
    assert status == 1 and "Added 1 label(s)" in out
    assert "speakers.csv, line 3: there is no speaker “Nobody Known” in the registry" in out
    articles = tmp_path / "articles.csv"
    write_csv(articles, ["article_id", "coder", "frame"], [{"article_id": study["articles"][0], "coder": "cat",
                                                            "frame": "costs"}])
    status, out, _ = quotecoder("import-codes", articles, "--db", db)
    assert status == 1 and "articles.csv, line 2: “costs” is not a label of frame" in out
    nothing = tmp_path / "nothing.csv"
    write_csv(nothing, ["quote_id", "coder", "stnce"], [])
    status, _, err = quotecoder("import-codes", nothing, "--db", db)
    assert status == 2 and "nothing.csv has quote_id but no column for a quote variable (stance, tone)" in err
    write_csv(nothing, ["id", "stance"], [])
    status, _, err = quotecoder("import-codes", nothing, "--db", db)
    assert status == 2 and "no column quote_id, article_id or speaker" in err


def test_codebook_show_export_and_load_round_trip(study, tmp_path):
    db = tmp_path / "book.db"
    shutil.copy(study["db"], db)
    shown = ok("codebook", "show", "--db", db)
    assert "tone: Tone (coded per quote, ordinal)" in shown and "frame: Frame (coded per article, nominal)" in shown
    assert re.search(r"^\s+3\s+alarmed\s+Alarmed$", shown, re.M)
    ok("codebook", "export", "--out", tmp_path / "book.json", "--db", db)
    exported = json.loads((tmp_path / "book.json").read_text(encoding="utf-8"))
    assert exported["variables"] == CODEBOOK["variables"] and exported["version"] == 2
    assert "as codebook version 3" in ok("codebook", "load", tmp_path / "book.json", "--db", db)
    assert ok("codebook", "show", "--db", db).replace("version 3", "version 2") == shown


def test_a_codebook_that_drops_a_label_in_use_is_refused_unless_merged(study, tmp_path):
    db = tmp_path / "book.db"
    shutil.copy(study["db"], db)
    smaller = json.loads(json.dumps(CODEBOOK))
    smaller["variables"][1]["labels"] = [lab for lab in smaller["variables"][1]["labels"] if lab["key"] != "furious"]
    (tmp_path / "smaller.json").write_text(json.dumps(smaller), encoding="utf-8")
    uses = sum(t == "furious" for c in ("ann", "ben") for t in study[c]["tone"].values())
    status, _, err = quotecoder("codebook", "load", tmp_path / "smaller.json", "--db", db)
    assert status == 2 and "smaller.json" in err and f"tone: furious ({uses:,} code(s))" in err
    assert "--merge tone:furious=" in err
    out = ok("codebook", "load", tmp_path / "smaller.json", "--merge", "tone:furious=alarmed", "--db", db)
    assert f"Merged {uses} code(s)" in out
    ok("export", "--format", "long", "--out", tmp_path / "long.csv", "--db", db)
    assert "furious" not in {r["tone"] for r in read_csv(tmp_path / "long.csv")}
    ok("blind", "on", "--db", db)  # in blind mode the refusal does not count others' codes
    fewer = json.loads(json.dumps(smaller))
    fewer["variables"][0]["labels"] = fewer["variables"][0]["labels"][:2]
    (tmp_path / "fewer.json").write_text(json.dumps(fewer), encoding="utf-8")
    status, _, err = quotecoder("codebook", "load", tmp_path / "fewer.json", "--db", db)
    assert status == 2 and "stance: neutral; stance: threat." in err and "code(s)" not in err


@pytest.mark.parametrize("text, message", [
    ('{"variables": [', "line 1, column 16: not valid JSON"),
    ('{"variables": [{"key": "speaker", "labels": [{"key": "a"}]}]}', "taken by the speaker attribution"),
    ('{"variables": [{"key": "tone", "labels": []}]}', "tone has no labels"),
    ('{"variables": [{"key": "tone", "unit": "paragraph", "labels": [{"key": "a"}]}]}', "unit must be one of"),
    ('{"variables": [{"key": "a b", "labels": [{"key": "a"}]}]}', "a key is a letter"),
    ('{"variables": [{"key": "tone", "labels": [{"key": "a", "shortcut": "1"}, {"key": "b", "shortcut": "1"}]}]}',
     "shortcut 1 is given to two labels"),
])
def test_a_bad_codebook_file_is_named_with_what_is_wrong(study, tmp_path, text, message):
    path = tmp_path / "book.json"
    path.write_text(text, encoding="utf-8")
    status, _, err = quotecoder("codebook", "load", path, "--db", study["blank"])
    assert status == 2 and "book.json" in err and message in err


def test_blind_mode_keeps_each_coder_to_their_own_codes_in_every_variable(study, tmp_path):
    db = tmp_path / "blind.db"
    shutil.copy(study["db"], db)
    ok("blind", "on", "--db", db)
    status, _, err = quotecoder("export", "--format", "article-codes", "--out", tmp_path / "a.csv", "--db", db)
    assert status == 2 and "--coder" in err
    ok("export", "--format", "article-codes", "--out", tmp_path / "a.csv", "--coder", "ben", "--db", db)
    rows = read_csv(tmp_path / "a.csv")
    assert {r["coder"] for r in rows} <= {"ben", ""} and "frame_adjudicated" not in rows[0]
    ok("export", "--format", "wide", "--out", tmp_path / "w.csv", "--coder", "ben", "--db", db)
    assert not [c for c in read_csv(tmp_path / "w.csv")[0] if c.endswith(("_ann", "_adjudicated"))]
    ok("export", "--format", "codebook", "--out", tmp_path / "c.csv", "--coder", "ben", "--db", db)
    used = {(r["variable"], r["value"]): int(r["times_used"]) for r in read_csv(tmp_path / "c.csv")}
    assert sum(n for (key, _), n in used.items() if key == "tone") == len(study["ben"]["tone"])
    ok("export", "--format", "codebook", "--out", tmp_path / "c.csv", "--db", db)
    assert "times_used" not in read_csv(tmp_path / "c.csv")[0]
    status, _, err = quotecoder("adjudicate", "--variable", "frame", "--db", db)
    assert status == 2 and "blind mode" in err


def test_the_summary_and_report_cover_every_variable_with_its_own_alpha(study, tmp_path):
    from quotecoder.core.store import Store
    from quotecoder.core.summary import compute_reliability, count_study

    with Store(study["db"]) as store:
        summary = count_study(store)
        reliability = compute_reliability(store)  # 1,000 resamples, seed 0: as `quotecoder agreement` draws them
    assert [v.key for v in summary.variables] == ["stance", "tone", "frame", "gender", "speaker"]
    assert list(summary.counts) == ["stance", "tone", "frame"]  # gender is coded once per speaker
    assert sum(summary.counts["frame"].total.values()) == len(study["articles"])  # articles, counted once each
    assert sum(summary.counts["tone"].total.values()) == len(study["quotes"])
    coded = {p.coder: p.coded for p in summary.progress}  # a quote is coded once every quote variable is
    assert coded == {"ann": len(study["quotes"]),
                     "ben": len(study["ben"]["stance"].keys() & study["ben"]["tone"].keys())}
    found = {a.variable.key: a for a in reliability.variables}
    assert list(found) == ["stance", "tone", "frame", "speaker"]
    for key, order, level in (("stance", STANCES, "nominal"), ("tone", TONES, "ordinal"), ("frame", FRAMES, "nominal")):
        alpha = reference_alpha(study["ann"][key], study["ben"][key], order, level)
        assert found[key].alpha == pytest.approx(alpha)
        assert found[key].units == len(study["ann"][key].keys() & study["ben"][key].keys())
        shown = ok("agreement", "--variable", key, "--db", study["db"])  # the same interval as the command line's
        interval = re.search(r"95% CI \[(-?[\d.]+), (-?[\d.]+)\]", shown).groups()
        assert found[key].ci == pytest.approx(tuple(map(float, interval)), abs=0.0005)
    ok("report", "--out", tmp_path / "report.html", "--db", study["db"])
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for key in ("stance", "tone", "frame"):
        cell = re.search(rf'data-alpha="{key}">(-?[\d.]+)<', html).group(1)
        assert float(cell) == pytest.approx(found[key].alpha, abs=0.0005)
    assert 'data-variable="frame" data-by="outlet"' in html and "Articles by frame per outlet" in html
    assert "ordinal" in html and "the articles were coded for frame" in html


def test_a_codebook_that_drops_a_variable_in_use_is_refused(study, tmp_path):
    without = json.loads(json.dumps(CODEBOOK))
    without["variables"] = [v for v in without["variables"] if v["key"] != "frame"]
    (tmp_path / "without.json").write_text(json.dumps(without), encoding="utf-8")
    status, _, err = quotecoder("codebook", "load", tmp_path / "without.json", "--db", study["db"])
    assert status == 2 and "frame is coded per article and has codes, but the new codebook drops it" in err
    moved = json.loads(json.dumps(CODEBOOK))
    moved["variables"][2]["unit"] = "quote"
    (tmp_path / "moved.json").write_text(json.dumps(moved), encoding="utf-8")
    status, _, err = quotecoder("codebook", "load", tmp_path / "moved.json", "--db", study["db"])
    assert status == 2 and "codes it per quote" in err
    assert "version 2:" in ok("codebook", "show", "--db", study["db"])  # nothing changed
