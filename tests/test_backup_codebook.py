"""Nothing lost: a JSONL backup carries the codebook, and a restore or a merge adds what the
other file's codebook has and ours lacks (variables, labels) before its codes come in; nothing
of ours is removed or renamed, and what cannot be added is named. Through the command line
and the core API, with the fictional four-variable study of test_variables_transfer."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from test_variables_transfer import CODEBOOK, FIRST, code_study, coded, every_code, ids, study_db  # noqa: F401

from quotecoder.cli import main
from quotecoder.core.codebook import adopt
from quotecoder.core.model import Codebook, CodebookLabel, Variable
from quotecoder.core.schema import MIGRATIONS
from quotecoder.core.transfer import import_annotation_records
from quotecoder.core.workspace import open_store

SCEPTICAL = CodebookLabel("sceptical", "Sceptical", "Doubts the deployment without opposing it.", "#C9DAF8", "5")


def backup_of(db: Path, path: Path, capsys) -> list[dict]:
    """Export ``db`` as a JSONL backup at ``path`` through the command line; its records."""
    assert main(["export", "--db", str(db), "--format", "jsonl", "--out", str(path)]) == 0
    capsys.readouterr()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_backup(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def restore(backup: Path, db: Path, capsys) -> tuple[int, str]:
    """(exit status, output) of ``import-annotations`` into ``db``."""
    capsys.readouterr()
    status = main(["import-annotations", str(backup), "--db", str(db)])
    return status, capsys.readouterr().out


def codebook_of(db: Path) -> Codebook:
    with open_store(db) as store:
        return store.codebook()


def stance_codes(db: Path) -> set[tuple]:
    """The stance codes of ``db`` as a database without its codebook version receives them."""
    return {(*row[:-1], None) for row in every_code(db)["quote_codes"] if row[4] == "stance"}


def with_variable(codebook: Codebook, key: str, change) -> Codebook:
    """``codebook`` with its variable ``key`` changed by ``change(variable) -> variable``."""
    return replace(codebook, variables=tuple(change(v) if v.key == key else v for v in codebook.variables))


# -- the backup carries the codebook ----------------------------------------------------------


def test_a_backup_restored_into_a_brand_new_database_brings_the_codebook_and_every_code(coded, tmp_path, capsys):
    records = backup_of(coded, tmp_path / "backup.jsonl", capsys)
    assert len(records) == 2 and all("article" in r for r in records)  # one article a line, no header line
    assert records[0]["codebook"] == codebook_of(coded).to_dict()
    assert "codebook" not in records[1]

    fresh = tmp_path / "new" / "annotations.db"  # made by the restore, with the default stance codebook
    fresh.parent.mkdir()
    status, out = restore(tmp_path / "backup.jsonl", fresh, capsys)
    assert status == 0, out
    assert "Codebook: took variables speaker_role, frame, gender from " in out and "(now version 2)." in out
    assert every_code(fresh) == every_code(coded)  # every code of every variable, by both coders
    assert all(every_code(coded).values())
    restored, original = codebook_of(fresh), codebook_of(coded)
    assert restored.version == 2 and restored.variables == original.variables

    # restoring it again changes nothing, not even the codebook
    status, out = restore(tmp_path / "backup.jsonl", fresh, capsys)
    assert status == 0 and "Nothing new" in out and "Codebook:" not in out
    assert codebook_of(fresh).version == 2


def test_a_restore_adds_only_what_our_codebook_lacks_and_keeps_ours_as_it_is(coded, tmp_path, capsys):
    records = backup_of(coded, tmp_path / "backup.jsonl", capsys)

    # a codebook with all of it already: no new version
    complete = study_db(tmp_path / "complete.db", articles={})
    status, out = restore(tmp_path / "backup.jsonl", complete, capsys)
    assert status == 0 and "Codebook:" not in out
    assert codebook_of(complete).version == 2 and every_code(complete) == every_code(coded)

    # ours has stance (named otherwise, one label short) and frame (one label more): one new version
    ours = Codebook("Our study", 1, (
        replace(CODEBOOK.variable("frame"), name="Article frame",
                labels=(*CODEBOOK.variable("frame").labels, CodebookLabel("economy", "Economy"))),
        replace(CODEBOOK.variable("stance"), name="Position", labels=CODEBOOK.variable("stance").labels[:3]),
    ))
    partial = study_db(tmp_path / "partial.db", articles={}, codebook=ours)
    status, out = restore(tmp_path / "backup.jsonl", partial, capsys)
    assert status == 0, out
    assert "Codebook: took variables speaker_role, gender and label stance: neutral from " in out
    assert "(now version 3)." in out
    grown = codebook_of(partial)
    assert grown.version == 3 and grown.name == "Our study"
    assert [v.key for v in grown.variables] == ["frame", "stance", "speaker_role", "gender"]
    assert grown.variable("frame") == ours.variables[0]  # ours, untouched
    assert grown.variable("stance").name == "Position"
    assert [lab.key for lab in grown.variable("stance").labels] == ["pro-deployment", "opposed", "threat", "neutral"]
    assert every_code(partial) == every_code(coded)
    assert records[0]["codebook"]["version"] == 2


@pytest.mark.parametrize("tamper, why", [
    (lambda cb: "four variables", "the codebook is text, not an object"),
    (lambda cb: {**cb, "variables": [*cb["variables"][:3], {**cb["variables"][3], "unit": "paragraph"}]},
     "variable 'gender': unit must be one of quote, article, speaker, not 'paragraph'"),
    (lambda cb: {**cb, "variables": [{**cb["variables"][1], "labels": [
        {**cb["variables"][1]["labels"][0], "description": "x" * 20_001}]}]},
     "description has 20,001 characters (at most 20,000)"),
    (lambda cb: {**cb, "variables": cb["variables"] * 60}, "variables holds 240 items (at most 200)"),
    (lambda cb: {**cb, "variables": [{**cb["variables"][2], "key": "speaker"}]},
     "variable speaker: the key speaker is taken by the speaker attribution"),
])
def test_a_tampered_codebook_is_named_and_the_rest_comes_in_as_without_one(coded, tmp_path, capsys, tamper, why):
    records = backup_of(coded, tmp_path / "backup.jsonl", capsys)
    tampered = write_backup(tmp_path / "tampered.jsonl", [{**records[0], "codebook": tamper(records[0]["codebook"])},
                                                           records[1]])
    bare = write_backup(tmp_path / "bare.jsonl", [{k: v for k, v in records[0].items() if k != "codebook"},
                                                  records[1]])
    status, out = restore(tampered, tmp_path / "tampered.db", capsys)
    assert status == 1
    assert f"tampered.jsonl:1: the codebook was not read: {why}" in out
    assert "codes of variables and labels this database's codebook lacks are left out" in out
    assert "Codebook:" not in out and codebook_of(tmp_path / "tampered.db").version == 1
    assert restore(bare, tmp_path / "bare.db", capsys)[0] == 1
    brought = every_code(tmp_path / "tampered.db")
    assert brought == every_code(tmp_path / "bare.db")
    assert brought["quote_codes"] == stance_codes(coded)


def test_an_older_backup_without_a_codebook_restores_as_before(coded, tmp_path, capsys):
    records = backup_of(coded, tmp_path / "backup.jsonl", capsys)
    assert "codebook" in records[0]  # today's backups carry it; older ones did not
    older = write_backup(tmp_path / "older.jsonl", [{k: v for k, v in r.items() if k != "codebook"} for r in records])
    status, out = restore(older, tmp_path / "fresh.db", capsys)
    assert status == 1 and "Codebook:" not in out
    assert "the label's variable “speaker_role” is not in this database's codebook" in out
    assert "load the study's codebook first" in out
    assert codebook_of(tmp_path / "fresh.db").version == 1
    brought, source = every_code(tmp_path / "fresh.db"), every_code(coded)
    assert brought["quote_codes"] == stance_codes(coded)
    assert not brought["article_codes"] and not brought["speaker_codes"]

    # the same backup with its codebook into the same database: the rest comes in now
    status, out = restore(tmp_path / "backup.jsonl", tmp_path / "fresh.db", capsys)
    assert status == 0 and "Codebook: took variables speaker_role, frame, gender" in out
    now = every_code(tmp_path / "fresh.db")
    assert now["quote_codes"] == stance_codes(coded) | {row for row in source["quote_codes"] if row[4] != "stance"}
    assert {t: rows for t, rows in now.items() if t != "quote_codes"} == {
        t: rows for t, rows in source.items() if t != "quote_codes"}


# -- merging a colleague's database -----------------------------------------------------------


def test_a_merge_adopts_a_colleagues_extra_label_before_bringing_its_codes(tmp_path, capsys):
    mine = study_db(tmp_path / "ann.db")
    ben = tmp_path / "ben.db"
    shutil.copy(mine, ben)
    with open_store(ben) as store:
        store.save_codebook(with_variable(CODEBOOK, "stance", lambda v: replace(v, labels=(*v.labels, SCEPTICAL))))
        code_study(store, "ben", "sceptical", "military", "cost")
    capsys.readouterr()
    assert main(["merge", str(ben), "--db", str(mine)]) == 0
    out = capsys.readouterr().out
    assert "Codebook: took label stance: sceptical from ben.db (now version 3)." in out
    assert "4 label(s)" in out
    grown = codebook_of(mine)
    assert grown.variable("stance").labels[-1] == SCEPTICAL and grown.variables[1:] == CODEBOOK.variables[1:]
    assert every_code(mine) == every_code(ben)
    capsys.readouterr()
    assert main(["merge", str(ben), "--db", str(mine)]) == 0  # again: nothing new, no new version
    assert "Nothing new" in capsys.readouterr().out and codebook_of(mine).version == 3


def test_a_merge_refuses_a_variable_of_another_unit_and_a_taken_shortcut_and_says_why(tmp_path, capsys):
    tone = Variable.from_dict({"key": "tone", "name": "Tone", "unit": "quote",
                               "labels": [{"key": "calm"}, {"key": "angry"}]})
    undecided = CodebookLabel("undecided", "Undecided", shortcut="5")  # ours; their sceptical has key 5 too
    ours = with_variable(CODEBOOK, "stance", lambda v: replace(v, labels=(*v.labels, undecided)))
    mine = study_db(tmp_path / "ann.db", codebook=replace(ours, variables=(*ours.variables, tone)))
    ben = tmp_path / "ben.db"
    shutil.copy(mine, ben)
    theirs = with_variable(CODEBOOK, "stance", lambda v: replace(v, labels=(*v.labels, SCEPTICAL)))
    theirs = replace(theirs, variables=(*theirs.variables, replace(tone, unit="article")))
    with open_store(ben) as store:
        store.save_codebook(theirs)
        articles, quotes, _ = ids(store)
        store.set_label(quotes["Nobody asked us,"], "ben", "sceptical")
        store.set_article_code(articles["Troops"], "ben", "tone", "calm")
        store.set_label(quotes["Nobody asked us,"], "ben", "military", variable="speaker_role")
    capsys.readouterr()
    assert main(["merge", str(ben), "--db", str(mine)]) == 1
    out = capsys.readouterr().out
    assert ("ben.db: not taken from its codebook, so their codes are left out: label stance: sceptical "
            "(variable stance: the shortcut 5 is given to two labels); variable tone (coded per article there, "
            "per quote here)") in out
    assert "a label was left out: the label “sceptical” is not a label of stance" in out  # the per-code problems
    assert "an article code was left out: the article code's variable tone is coded per quote here" in out
    assert "Codebook: took" not in out
    assert codebook_of(mine).version == 2
    with open_store(mine) as store:
        assert store.units("speaker_role", ["ben"]) == {quotes["Nobody asked us,"]: {"ben": "military"}}


def test_a_colleague_database_of_schema_4_lends_its_extra_stance_label(tmp_path):
    mine = study_db(tmp_path / "ann.db", articles={})
    old = tmp_path / "olga.db"
    words = "We will not send troops without a mandate,"
    start = FIRST.index(words)
    labels = [*(dict(vars(lab)) for lab in CODEBOOK.variable("stance").labels), dict(vars(SCEPTICAL))]
    with sqlite3.connect(old) as conn:
        conn.executescript("".join(MIGRATIONS[:4]) + "PRAGMA user_version = 4;")
        conn.execute("INSERT INTO codebooks (version, name, labels, created_at) VALUES (1, 'Olga''s stance', ?, 'x')",
                     (json.dumps(labels),))  # the old format: one list of stance labels
        conn.execute("INSERT INTO articles (source, text, content_hash, imported_at) VALUES ('a.txt', ?, 'old', 'x')",
                     (FIRST,))
        conn.execute("""INSERT INTO quotes (article_id, start, end, text, kind, origin, created_at, updated_at)
                        VALUES (1, ?, ?, ?, 'direct', 'coder', 'x', 'x')""", (start, start + len(words), words))
        conn.execute("INSERT INTO coders (name, created_at) VALUES ('olga', 'x')")
        conn.execute("INSERT INTO stance_labels (quote_id, coder_id, label, coded_at) VALUES (1, 1, 'Sceptical', 'x')")
    from quotecoder.core.transfer import merge_database

    with open_store(mine) as store:
        report = merge_database(store, old)
        assert report.codebook_taken == ["label stance: sceptical from olga.db (now version 3)"]
        assert store.codebook().variable("stance").labels[-1] == SCEPTICAL
        assert store.units("stance", ["olga"]) == {store.quotes(1)[0].id: {"olga": "sceptical"}}
    assert not report.problems


# -- the core API -----------------------------------------------------------------------------


def test_adopt_matches_variables_as_codes_name_them_and_leaves_ordinal_order_to_the_study():
    ordinal = Variable.from_dict({"key": "intensity", "unit": "quote", "level": "ordinal",
                                  "labels": [{"key": "low"}, {"key": "high"}]})
    ours = Codebook("ours", 4, (replace(CODEBOOK.variable("stance"), key="position", name="Stance"), ordinal))
    theirs = Codebook("theirs", 9, (
        with_variable(CODEBOOK, "stance", lambda v: replace(v, labels=(*v.labels, SCEPTICAL))).variable("stance"),
        replace(ordinal, labels=(ordinal.labels[0], CodebookLabel("medium", "Medium"), ordinal.labels[1])),
    ))
    adoption = adopt(ours, theirs)
    assert adoption.labels == (("position", "sceptical"),) and adoption.variables == ()  # stance is our “Stance”
    assert adoption.refused == ("label medium of the ordinal variable intensity (where they go in its order is "
                                "yours to decide: quotecoder codebook load)",)
    assert adoption.codebook.variable("intensity") == ordinal
    assert adoption.taken_text() == "label position: sceptical"
    assert adopt(adoption.codebook, theirs).took is False


def test_records_carrying_a_codebook_through_the_core_api(coded, tmp_path):
    with open_store(coded) as store:
        records = list(store.annotation_records())
        codebook = store.codebook().to_dict()
    assert all("codebook" not in r for r in records)  # the store's records are articles; the backup adds it
    with open_store(tmp_path / "fresh.db") as store:
        report = import_annotation_records(store, [{**records[0], "codebook": codebook}, records[1]],
                                           origin="ann's records")
        assert report.codebook_taken == ["variables speaker_role, frame, gender from ann's records (now version 2)"]
        assert not report.problems and report.changed
    assert every_code(tmp_path / "fresh.db") == every_code(coded)


def test_a_colleagues_unreadable_codebook_is_named_and_the_merge_goes_on_as_without_it(coded, tmp_path, capsys):
    from test_variables_transfer import tamper

    ben = tmp_path / "ben.db"
    shutil.copy(coded, ben)
    tamper(ben, "UPDATE codebooks SET labels = '{\"variables\": [{\"key\": \"frame\", \"unit\": \"article\", "
                "\"labels\": \"cost\"}]}' WHERE version = 2")
    fresh = tmp_path / "fresh.db"
    open_store(fresh).close()  # a new database: the default stance codebook
    capsys.readouterr()
    assert main(["merge", str(ben), "--db", str(fresh)]) == 1
    out = capsys.readouterr().out
    assert ("ben.db: the codebook was not read: labels is text, not a list; codes of variables and labels this "
            "database's codebook lacks are left out") in out
    assert "Codebook:" not in out and codebook_of(fresh).version == 1
    assert every_code(fresh)["quote_codes"] == stance_codes(coded)
