"""Round trips a team relies on (issue 10, section 4), through the command line's entry point:
codes back from a spreadsheet, labels by key or name, exports for Excel and R, speaker
corrections in the long export, the research output's final stance, blind mode, and clear
one-line errors.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from quotecoder.cli import main
from quotecoder.core.export import export
from quotecoder.core.model import Annotation, Article, Codebook, CodebookLabel, Quote, Speaker
from quotecoder.core.workspace import open_store

TEXT = ("“We will hold the line,” Colonel Ines Marrow said. Officials said the talks had stalled. "
        "Prices rose -5 percent, the bureau said. “No comment,” said Tamsin Orlov. "
        "“Wait and see,” Orlov added.")
PHRASES = ("We will hold the line,", "the talks had stalled", "Prices rose -5 percent", "No comment,",
           "Wait and see,")


def quotes() -> list[Quote]:
    found = []
    for phrase in PHRASES:
        start = TEXT.index(phrase)
        found.append(Quote(start=start, end=start + len(phrase), text=phrase, kind="direct",
                           speaker=Speaker("Ines Marrow" if "line" in phrase else "Officials", "person")))
    return found


@pytest.fixture
def db(tmp_path) -> Path:
    """A database with one article of five machine quotes, nothing coded."""
    path = tmp_path / "study.db"
    with open_store(path) as store:
        store.add_article(Article(text=TEXT, source="a.txt", title="Marrow holds", content_hash="h1"),
                          Annotation(quotes=quotes()))
    return path


def ids(db: Path) -> list[int]:
    with open_store(db) as store:
        return [q.id for q in store.quotes(1)]


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def read_csv(path: Path, delimiter: str = ",") -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def write_rows(path: Path, rows: list[dict], delimiter: str = ",", bom: bool = False) -> None:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


# -- import-codes -------------------------------------------------------------------------------


def test_a_filled_in_blank_export_comes_back_under_the_coder_named(db, tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    assert run(capsys, "export", "--db", db, "--format", "long", "--out", sheet)[0] == 0
    rows = read_csv(sheet)
    assert {r["coder"] for r in rows} == {""}
    for row, stance in zip(rows, ("opposed", "Threat", "NEUTRAL", "", "opposed")):
        row["stance"] = stance
    write_rows(sheet, rows)
    code, out, _ = run(capsys, "import-codes", sheet, "--db", db)
    assert code == 1 and "Added 0 label(s)" in out and "no coder; name one with --coder NAME" in out
    code, out, _ = run(capsys, "import-codes", sheet, "--db", db, "--coder", "kim")
    assert code == 0 and "Added 4 label(s)" in out
    with open_store(db) as store:
        assert sorted(store.stance_units(["kim"]).values(), key=str) == sorted(
            [{"kim": "opposed"}, {"kim": "threat"}, {"kim": "neutral"}, {"kim": "opposed"}], key=str)


def test_coders_and_labels_that_look_like_formulas_come_back_as_they_were(db, tmp_path, capsys):
    with open_store(db) as store:
        store.save_codebook(Codebook.of_labels("Scale", 2, (CodebookLabel("-1", "Against"), CodebookLabel("+1", "For"),
                                                            CodebookLabel("=0", "Neither"))))
        q = [q.id for q in store.quotes(1)]
        store.set_label(q[0], "@ann", "-1", note="-meant as irony")
        store.set_label(q[1], "-bob", "+1")
        store.set_label(q[2], "=cy", "=0")
    sheet = tmp_path / "codes.csv"
    assert run(capsys, "export", "--db", db, "--format", "long", "--out", sheet, "--bom")[0] == 0
    coded = [r for r in read_csv(sheet) if r["coder"]]
    assert {r["coder"] for r in coded} == {"'@ann", "'-bob", "'=cy"}  # guarded for spreadsheets
    fresh = tmp_path / "fresh.db"
    shutil.copy(db, fresh)
    with open_store(fresh) as store:
        for quote_id in q:
            for coder in ("@ann", "-bob", "=cy"):
                store.clear_label(quote_id, coder)
    code, out, _ = run(capsys, "import-codes", sheet, "--db", fresh)
    assert code == 0 and "Added 3 label(s)" in out
    with open_store(fresh) as store:
        assert {c.name for c in store.coders()} >= {"@ann", "-bob", "=cy"}
        assert not any(c.name.startswith("'") for c in store.coders())
        assert store.stance_units() == {q[0]: {"@ann": "-1"}, q[1]: {"-bob": "+1"}, q[2]: {"=cy": "=0"}}
        assert store.labels(1, "@ann")[0].note == "-meant as irony"


def test_a_semicolon_sheet_from_excel_is_read(db, tmp_path, capsys):
    q = ids(db)
    sheet = tmp_path / "excel.csv"
    write_rows(sheet, [{"quote_id": q[0], "coder": "lea", "stance": "opposed", "note": "a; b"},
                       {"quote_id": q[1], "coder": "lea", "stance": "Threat", "note": ""}], delimiter=";", bom=True)
    code, out, _ = run(capsys, "import-codes", sheet, "--db", db)
    assert code == 0 and "Added 2 label(s)" in out
    with open_store(db) as store:
        assert store.labels(1, "lea")[0].note == "a; b"


def test_replace_changes_existing_codes(db, tmp_path, capsys):
    q = ids(db)
    with open_store(db) as store:
        store.set_label(q[0], "lea", "opposed")
    sheet = tmp_path / "changed.csv"
    write_rows(sheet, [{"quote_id": q[0], "coder": "lea", "stance": "neutral"}])
    code, out, _ = run(capsys, "import-codes", sheet, "--db", db)
    assert code == 1 and "already coded quote" in out and "--replace" in out
    code, out, _ = run(capsys, "import-codes", sheet, "--db", db, "--replace")
    assert code == 0 and "replaced 1" in out
    with open_store(db) as store:
        assert store.label(q[0], "lea") == "neutral"


def test_overflowing_ids_huge_notes_and_huge_cells_get_clear_messages(db, tmp_path, capsys):
    q = ids(db)
    sheet = tmp_path / "odd.csv"
    write_rows(sheet, [
        {"quote_id": q[0], "coder": "lea", "stance": "opposed", "note": ""},
        {"quote_id": "99999999999999999999999", "coder": "lea", "stance": "opposed", "note": ""},
        {"quote_id": "-3", "coder": "lea", "stance": "opposed", "note": ""},
        {"quote_id": q[1], "coder": "lea", "stance": "opposed", "note": "x" * 50_000},
        {"quote_id": q[2], "coder": "lea", "stance": "opposed", "note": "y" * 200_000},
        {"quote_id": q[3], "coder": "lea", "stance": "opposed", "note": ""},
    ])
    saved = csv.field_size_limit(131_072)  # Python's default; importing a table raises it for the process
    try:
        code, out, _ = run(capsys, "import-codes", sheet, "--db", db)
    finally:
        csv.field_size_limit(saved)
    assert code == 1
    assert "line 3: quote_id “99999999999999999999999” is not a quote id" in out
    assert "line 4: quote_id “-3” is not a quote id" in out
    assert "line 5: the note has 50,000 characters" in out
    assert "line 6: a cell is longer than" in out and "the rest of the file was not read" in out
    with open_store(db) as store:
        assert store.stance_units(["lea"]) == {q[0]: {"lea": "opposed"}}  # the row before the broken one


# -- labels by key or name ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Opposed", "opposed", "OPPOSED", " opposed "])
def test_adjudicate_accepts_a_label_by_key_or_name_in_any_case(db, capsys, typed):
    q = ids(db)
    code, out, _ = run(capsys, "adjudicate", q[0], typed, "--coder", "chair", "--db", db)
    assert code == 0 and "adjudicated as opposed" in out
    code, _, err = run(capsys, "adjudicate", q[0], "sideways", "--coder", "chair", "--db", db)
    assert code == 2 and "not a label of the codebook" in err and "opposed (Opposed)" in err


def test_an_overflowing_quote_id_is_a_clear_error(db, capsys):
    code, _, err = run(capsys, "adjudicate", "99999999999999999999999", "opposed", "--coder", "chair", "--db", db)
    assert code == 2 and "There is no quote" in err


# -- exports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_exports_honour_the_umask(db, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        with open_store(db) as store:
            for fmt in ("long", "jsonl"):
                target = tmp_path / f"out-{fmt}"
                export(store, fmt, target)
                assert target.stat().st_mode & 0o777 == mode
    finally:
        os.umask(old)


def test_no_formula_guard_writes_cells_as_they_are(db, tmp_path, capsys):
    guarded, plain = tmp_path / "guarded.csv", tmp_path / "plain.csv"
    assert run(capsys, "export", "--db", db, "--out", guarded)[0] == 0
    assert run(capsys, "export", "--db", db, "--out", plain, "--no-formula-guard")[0] == 0
    assert "'Prices rose -5 percent" not in {r["quote_text"] for r in read_csv(guarded)}
    assert "Prices rose -5 percent" in {r["quote_text"] for r in read_csv(plain)}
    with open_store(db) as store:
        store.set_label(ids(db)[0], "-bob", "opposed")
    run(capsys, "export", "--db", db, "--out", guarded)
    run(capsys, "export", "--db", db, "--out", plain, "--no-formula-guard")
    assert "'-bob" in {r["coder"] for r in read_csv(guarded)}
    assert "-bob" in {r["coder"] for r in read_csv(plain)}


def test_an_export_never_overwrites_the_database(db, capsys):
    for target in (db, Path(f"{db}-wal")):
        code, _, err = run(capsys, "export", "--db", db, "--out", target)
        assert code == 2 and "the database itself" in err
    with open_store(db) as store:
        assert store.integrity_check() == "ok" and store.article_count() == 1


# -- speaker corrections and the research output ------------------------------------------------


def long_export(db: Path, tmp_path: Path, coder: str | None = None) -> list[dict]:
    out = tmp_path / "long.csv"
    with open_store(db) as store:
        export(store, "long", out, coders=[coder] if coder else None)
    return read_csv(out)


def test_speaker_corrected_and_the_speaker_of_each_coder(db, tmp_path):
    q = ids(db)
    with open_store(db) as store:
        army = store.add_speaker(Speaker("Army", "organisation"))
        marrow = store.quotes(1)[0].speaker_id
        store.set_label(q[0], "ann", "opposed")
        store.set_speakers({q[0]: army}, "ann")       # corrected
        store.set_label(q[1], "ann", "neutral")
        store.set_speakers({q[1]: army}, "ann")
        store.set_speakers({q[1]: store.quotes(1)[1].speaker_id and marrow}, "ann")
        store.set_speakers({q[1]: store.quote(q[1]).speaker_id}, "ann")  # set to what it is: no change
        store.set_label(q[2], "ann", "threat")         # not corrected
        store.set_speakers({q[3]: army}, "ben")        # a correction without a stance
        added = store.add_quote(1, Quote(start=TEXT.index("Wait"), end=TEXT.index("Wait") + 13,
                                         text="Wait and see,", kind="indirect", speaker=Speaker("Tamsin Orlov")),
                                "ann")
        store.set_label(added, "ann", "neutral")       # the coder's own quote
    rows = {(int(r["quote_id"]), r["coder"]): r for r in long_export(db, tmp_path)}
    assert (rows[(q[0], "ann")]["speaker"], rows[(q[0], "ann")]["speaker_corrected"]) == ("Army", "yes")
    assert rows[(q[1], "ann")]["speaker_corrected"] == "yes"  # Army, then Marrow's id only if still Marrow
    assert (rows[(q[2], "ann")]["speaker"], rows[(q[2], "ann")]["speaker_corrected"]) == ("Officials", "no")
    assert rows[(q[3], "ben")]["stance"] == "" and (rows[(q[3], "ben")]["speaker"],
                                                    rows[(q[3], "ben")]["speaker_corrected"]) == ("Army", "yes")
    assert rows[(added, "ann")]["speaker_corrected"] == "no"
    assert rows[(q[4], "")]["speaker_corrected"] == ""  # nobody coded it
    assert long_export(db, tmp_path, "ann") and all(r["coder"] in ("ann", "") for r in long_export(db, tmp_path, "ann"))


def test_a_speaker_correction_undone_is_not_a_correction(db, tmp_path):
    q = ids(db)
    with open_store(db) as store:
        machine = store.quote(q[0]).speaker_id
        store.set_label(q[0], "ann", "opposed")
        store.set_speakers({q[0]: store.add_speaker(Speaker("Army", "organisation"))}, "ann")
        store.set_speakers({q[0]: machine}, "ann")
    row = next(r for r in long_export(db, tmp_path) if r["coder"] == "ann")
    assert (row["speaker"], row["speaker_corrected"]) == ("Ines Marrow", "no")


def test_speaker_corrected_is_the_same_after_a_merge(db, tmp_path, capsys):
    other = tmp_path / "ben.db"
    shutil.copy(db, other)
    q = ids(db)
    with open_store(other) as store:
        army = store.add_speaker(Speaker("Army", "organisation"))
        store.set_label(q[0], "ben", "opposed")
        store.set_speakers({q[0]: army}, "ben")
        store.set_speakers({q[1]: army}, "ben")  # no stance
        store.set_label(q[2], "ben", "threat")
    with open_store(db) as store:
        store.set_speakers({q[2]: store.add_speaker(Speaker("Bureau", "organisation"))}, "ann")
        store.set_label(q[2], "ann", "threat")
    before = [{k: r[k] for k in ("quote_id", "stance", "speaker", "speaker_corrected")}
              for r in long_export(other, tmp_path, "ben") if r["coder"]]
    assert run(capsys, "merge", other, "--db", db)[0] == 0
    after = [{k: r[k] for k in ("quote_id", "stance", "speaker", "speaker_corrected")}
             for r in long_export(db, tmp_path, "ben") if r["coder"]]
    assert after == before and len(after) == 3
    ann = next(r for r in long_export(db, tmp_path, "ann") if r["coder"] == "ann")
    assert (ann["speaker"], ann["speaker_corrected"]) == ("Bureau", "yes")


def test_the_articles_export_counts_final_stances(db, tmp_path):
    q = ids(db)
    with open_store(db) as store:
        store.set_label(q[0], "ann", "opposed")   # agreed: opposed
        store.set_label(q[0], "ben", "opposed")
        store.set_label(q[1], "ann", "threat")    # disputed
        store.set_label(q[1], "ben", "neutral")
        store.set_label(q[2], "ann", "threat")    # disputed, adjudicated: neutral
        store.set_label(q[2], "ben", "opposed")
        store.adjudicate(q[2], "neutral", "chair")
        store.set_label(q[3], "ann", "threat")    # one coder: threat
        store.set_label(q[4], "ann", "opposed")   # rejected: not counted
        store.reject_quote(q[4], "ann")
        store.add_article(Article(text="Nothing quoted here.", title="Empty", content_hash="h2"))
    out = tmp_path / "articles.csv"
    with open_store(db) as store:
        export(store, "articles", out)
    first, empty = read_csv(out)
    assert {k: first[k] for k in ("quotes", "coded", "disputed", "n_pro_deployment", "n_opposed", "n_threat",
                                  "n_neutral")} == {
        "quotes": "4", "coded": "4", "disputed": "1", "n_pro_deployment": "0", "n_opposed": "1", "n_threat": "1",
        "n_neutral": "1"}
    assert (empty["quotes"], empty["coded"], empty["n_opposed"]) == ("0", "0", "0")


# -- blind mode ---------------------------------------------------------------------------------


def test_blind_mode_is_a_rule_of_the_database(db, tmp_path, capsys):
    q = ids(db)
    with open_store(db) as store:
        store.set_label(q[0], "ann", "opposed")
        store.set_label(q[0], "ben", "threat")
        store.adjudicate(q[0], "threat", "chair")
    assert run(capsys, "blind", "on", "--db", db)[1].startswith("Blind mode is on")
    out = tmp_path / "mine.csv"
    code, _, err = run(capsys, "export", "--db", db, "--out", out)
    assert code == 2 and "--coder NAME" in err and not out.exists()
    code, _, err = run(capsys, "export", "--db", db, "--out", out, "--coder", "ann", "--coders", "ann,ben")
    assert code == 2 and "not those of ben" in err
    assert run(capsys, "export", "--db", db, "--out", out, "--coder", "ann")[0] == 0
    assert {r["coder"] for r in read_csv(out)} == {"ann", ""}
    assert run(capsys, "export", "--db", db, "--format", "wide", "--out", out, "--coder", "ann")[0] == 0
    assert list(read_csv(out)[0]).count("stance_ben") == 0 and "stance_adjudicated" not in read_csv(out)[0]
    for command in (("export", "--format", "articles", "--out", out), ("export", "--format", "jsonl", "--out", out),
                    ("agreement",), ("adjudicate",)):
        code, _, err = run(capsys, *command, "--db", db, "--coder", "ann")
        assert code == 2 and "off in blind mode" in err
    assert run(capsys, "blind", "off", "--db", db)[1].startswith("Blind mode is off")
    assert run(capsys, "agreement", "--db", db)[0] == 0


def test_a_merge_report_in_blind_mode_counts_conflicts_without_showing_them(db, tmp_path, capsys):
    other = tmp_path / "ben.db"
    q = ids(db)
    with open_store(db) as store:
        store.set_label(q[0], "cat", "opposed")
    shutil.copy(db, other)
    with open_store(other) as store:
        store.set_label(q[0], "cat", "threat", note="secret")
    run(capsys, "blind", "on", "--db", db)
    code, out, _ = run(capsys, "merge", other, "--db", db)
    assert code == 0 and "1 conflict(s)" in out and "not listed in blind mode" in out and "threat" not in out


# -- clear one-line errors ----------------------------------------------------------------------


def test_agreement_names_an_unknown_coder(db, capsys):
    with open_store(db) as store:
        store.set_label(ids(db)[0], "ann", "opposed")
    code, _, err = run(capsys, "agreement", "--db", db, "--coders", "ann,zed")
    assert code == 2 and "There is no coder zed" in err and "coders: ann" in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_model_is_a_one_line_error(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("“We will hold the line,” Colonel Ines Marrow said.", encoding="utf-8")
    for args in (("import", article), ()):  # the import, and the window (which then never opens)
        code, _, err = run(capsys, *args, "--model", "no_such_pipeline", "--db", tmp_path / "x.db")
        assert code == 2 and "no_such_pipeline" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()
