"""Every variable of a codebook crosses the study: the JSONL backup, import-annotations, merging a
colleague's database (of this schema or an older one), merging speakers, blind mode and the
near-duplicate suggestions (issue 14). Through the core API and the command line."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from quotecoder.cli import main
from quotecoder.core.codebook import load_codebook
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import Annotation, Article, Quote, Speaker, Variable
from quotecoder.core.resources import resource
from quotecoder.core.schema import MIGRATIONS
from quotecoder.core.study import merge_report, set_blind
from quotecoder.core.transfer import import_annotation_records, merge_database
from quotecoder.core.workspace import open_store

#: Two quote variables (stance, speaker_role), one article variable (frame), one speaker variable (gender).
CODEBOOK = load_codebook(resource("codebooks", "four-variables.json"))

FIRST = ("“We will not send troops without a mandate,” Defence Minister Alma Reyes said on Monday. "
         "The analyst Tomas Verin said the mission would cost far more than planned.")
SECOND = ("Colonel Petra Lind said the convoy had reached the border before dawn. "
          "“Nobody asked us,” said Jon Haldor, who farms near the crossing.")
THIRD = FIRST + " The ministry later repeated the statement in a written reply."  # a near-duplicate of FIRST


def quote(text: str, words: str, speaker: str, kind: str = "direct") -> Quote:
    start = text.index(words)
    return Quote(start=start, end=start + len(words), text=words, kind=kind, speaker=Speaker(speaker, "person"))


ARTICLES = {
    "Troops": (FIRST, [quote(FIRST, "We will not send troops without a mandate,", "Alma Reyes"),
                       quote(FIRST, "the mission would cost far more than planned", "Tomas Verin", "indirect")]),
    "Convoy": (SECOND, [quote(SECOND, "the convoy had reached the border before dawn", "Petra Lind", "indirect"),
                        quote(SECOND, "Nobody asked us,", "Jon Haldor")]),
}


def study_db(path: Path, articles: dict = ARTICLES, codebook=CODEBOOK) -> Path:
    """A database with the study's codebook and ``articles`` (title → text, quotes)."""
    with open_store(path) as store:
        store.save_codebook(codebook)
        for title, (text, quotes) in articles.items():
            store.add_article(Article(text=text, title=title, source=f"{title}.txt", content_hash=content_hash(text)),
                              Annotation(quotes=quotes))
    return path


def ids(store) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(article title → id, quote text → id, speaker name → id)."""
    articles = {store.article(a).title: a for a in store.article_ids()}
    quotes = {q.text: q.id for a in articles.values() for q in store.quotes(a)}
    return articles, quotes, {s.name: s.id for s in store.speakers()}


def code_study(store, coder: str, stance: str, role: str, frame: str) -> None:
    """``coder`` codes both quote variables of every quote and the article variable of every article."""
    articles, quotes, _ = ids(store)
    for quote_id in quotes.values():
        store.set_label(quote_id, coder, stance, note=f"{coder}'s note")
        store.set_label(quote_id, coder, role, variable="speaker_role")
    for article_id in articles.values():
        store.set_article_code(article_id, coder, "frame", frame, note="lead paragraph")


def every_code(path: Path) -> dict[str, set[tuple]]:
    """Every code and adjudication of every variable, as the tables hold them, keyed by what
    names an item in any database (the article's text hash, the quote's span, coder and speaker names)."""
    item = "JOIN quotes q ON q.id = x.quote_id JOIN articles a ON a.id = q.article_id"
    queries = {
        "quote_codes": f"""SELECT a.content_hash, q.start, q.end, c.name, x.variable, x.label, x.note, x.coded_at,
                                  x.codebook_version FROM quote_codes x {item} JOIN coders c ON c.id = x.coder_id""",
        "quote_adjudications": f"""SELECT a.content_hash, q.start, q.end, c.name, x.variable, x.label, x.note,
                                          x.decided_at FROM quote_adjudications x {item}
                                   JOIN coders c ON c.id = x.coder_id""",
        "article_codes": """SELECT a.content_hash, c.name, x.variable, x.label, x.note, x.coded_at, x.codebook_version
                            FROM article_codes x JOIN articles a ON a.id = x.article_id
                            JOIN coders c ON c.id = x.coder_id""",
        "article_adjudications": """SELECT a.content_hash, c.name, x.variable, x.label, x.note, x.decided_at
                                    FROM article_adjudications x JOIN articles a ON a.id = x.article_id
                                    JOIN coders c ON c.id = x.coder_id""",
        "speaker_codes": """SELECT s.name, x.variable, x.label, c.name, x.coded_at, x.codebook_version
                            FROM speaker_codes x JOIN speakers s ON s.id = x.speaker_id
                            LEFT JOIN coders c ON c.id = x.coder_id""",
    }
    with open_store(path) as store:
        return {table: {tuple(row) for row in store.conn.execute(sql)} for table, sql in queries.items()}


@pytest.fixture
def coded(tmp_path) -> Path:
    """ann.db: two coders coded every variable; adjudications of quote and article variables."""
    db = study_db(tmp_path / "ann.db")
    with open_store(db) as store:
        code_study(store, "ann", "opposed", "politician", "security")
        code_study(store, "ben", "threat", "military", "cost")
        articles, quotes, speakers = ids(store)
        first = quotes["We will not send troops without a mandate,"]
        store.adjudicate(first, "threat", "chair", "both heard the briefing")
        store.adjudicate(first, "military", "chair", variable="speaker_role")
        store.adjudicate(articles["Troops"], "cost", "chair", variable="frame", unit="article")
        store.set_speaker_code(speakers["Alma Reyes"], "gender", "woman", "ann")
        store.set_speaker_code(speakers["Tomas Verin"], "gender", "man", "ben")
        store.set_speaker_code(speakers["Petra Lind"], "gender", "woman")  # coded without a coder's name
    return db


# -- the JSONL backup ---------------------------------------------------------------------------


def test_a_backup_restored_into_a_new_database_loses_nothing_of_any_variable(coded, tmp_path, capsys):
    backup = tmp_path / "backup.jsonl"
    assert main(["export", "--db", str(coded), "--format", "jsonl", "--out", str(backup)]) == 0
    fresh = study_db(tmp_path / "fresh.db", articles={})  # the study's codebook, nothing else
    capsys.readouterr()
    assert main(["import-annotations", str(backup), "--db", str(fresh)]) == 0
    out = capsys.readouterr().out
    before = every_code(coded)
    assert all(before.values())  # every table holds codes
    assert every_code(fresh) == before
    assert "8 label(s), 0 speaker correction(s), 1 adjudication(s)." in out  # stance, as before
    assert ("Other variables: speaker_role: 8 code(s), 1 adjudication(s) added; frame: 4 code(s), "
            "1 adjudication(s) added; gender: 3 code(s) added.") in out
    with open_store(fresh) as store:  # each speaker's codes were brought once, though records repeat them
        report = import_annotation_records(store, [json.loads(line) for line in backup.read_text().splitlines()])
    assert not report.changed and not report.conflicts and sum(report.codes_same.values()) == 23


def test_a_record_of_the_older_format_still_loads_its_labels_as_stance(tmp_path):
    words = ARTICLES["Troops"][1][0]
    record = {"article": {"text": FIRST, "title": "Troops"},
              "quotes": [{"start": words.start, "end": words.end, "text": words.text, "kind": "direct",
                          "labels": [{"coder": "olga", "label": "Opposed", "note": "", "coded_at": "2024-05-01"}],
                          "adjudication": {"label": "threat", "coder": "chair", "note": "", "decided_at": "x"}}]}
    with open_store(study_db(tmp_path / "ann.db", articles={})) as store:
        report = import_annotation_records(store, [record])
        quote_id = store.quotes(1)[0].id
        assert store.units("stance") == {quote_id: {"olga": "opposed"}}
        assert store.adjudication(quote_id, "stance")[0] == "threat"
    assert report.codes_added == {"stance": 1} and report.adjudicated == {"stance": 1} and not report.problems


def test_a_tampered_backup_names_each_bad_code_and_brings_the_rest(coded, tmp_path, capsys):
    with open_store(coded) as store:
        good = list(store.annotation_records())
    troops = json.loads(json.dumps(good[0]))
    first = troops["quotes"][0]
    stamp = {"coder": "ann", "coded_at": "2024-05-01T10:00:00"}
    first["labels"] += [{**stamp, "variable": "tone", "label": "calm"},  # no such variable
                        {**stamp, "variable": "speaker_role", "label": "astronaut"},  # no such label
                        {**stamp, "variable": "frame", "label": "cost"}]  # an article variable on a quote
    first["adjudications"].append({"variable": "Speaker role", "label": ["military"], "coder": "chair",
                                   "note": "", "decided_at": "x"})  # a list as a label
    troops["article_codes"] += [{**stamp, "variable": "frame", "label": "weather"},
                                {**stamp, "variable": "gender", "label": "woman"},  # a speaker variable
                                {**stamp, "label": "security"}]  # no variable at all
    troops["speaker_codes"] += [{"speaker": {"name": "Alma Reyes", "type": "person"}, "variable": "party",
                                 "label": "green", "coded_at": "x"},  # a speaker variable that does not exist
                                {"speaker": {"name": "Alma Reyes", "type": "alien"}, "variable": "gender",
                                 "label": "man", "coded_at": "x"}]
    convoy = json.loads(json.dumps(good[1]))
    convoy["article_codes"] = "security"  # not a list: those codes alone are left out
    backup = tmp_path / "backup.jsonl"
    backup.write_text(json.dumps(troops) + "\n" + json.dumps(convoy) + "\n", encoding="utf-8")
    fresh = study_db(tmp_path / "fresh.db", articles={})
    capsys.readouterr()
    assert main(["import-annotations", str(backup), "--db", str(fresh)]) == 1  # problems: exit status 1
    out = capsys.readouterr().out
    expected = [
        "backup.jsonl:1: quote 1–43 “We will not send troops without a mandate,”: a label was left out: the label's "
        "variable “tone” is not in this database's codebook (quote variables: stance, speaker_role;",
        "the label “astronaut” is not a label of speaker_role in this database's codebook",
        "a label was left out: the label's variable frame is coded per article here, not per quote",
        "an adjudication was left out: the adjudicated label is a list, not a label",
        "backup.jsonl:1: an article code was left out: the article code “weather” is not a label of frame",
        "the article code's variable gender is coded per speaker here, not per article",
        "an article code was left out: the article code names no variable",
        "backup.jsonl:1: a speaker code was left out: the speaker code's variable “party” is not in this "
        "database's codebook (speaker variables: gender;",
        "a speaker code was left out: type 'alien' is not one of",
        "backup.jsonl:2: the article codes were left out: article_codes is text, not a list",
    ]
    for problem in expected:
        assert problem in out
    brought = every_code(fresh)
    source = every_code(coded)
    assert brought["article_codes"] == {row for row in source["article_codes"] if row[0] == content_hash(FIRST)}
    assert {t: rows for t, rows in brought.items() if t != "article_codes"} == {
        t: rows for t, rows in source.items() if t != "article_codes"}


# -- merging a colleague's database -------------------------------------------------------------


def test_merging_two_coders_databases_brings_every_variable_and_keeps_conflicts(tmp_path, capsys):
    mine = study_db(tmp_path / "ann.db")
    other = tmp_path / "ben.db"
    shutil.copy(mine, other)
    with open_store(mine) as store:
        code_study(store, "ann", "opposed", "politician", "security")
        articles, quotes, speakers = ids(store)
        nobody = quotes["Nobody asked us,"]
        store.set_label(nobody, "cat", "citizen", variable="speaker_role")
        store.set_article_code(articles["Convoy"], "cat", "frame", "humanitarian")
        store.set_speaker_code(speakers["Alma Reyes"], "gender", "woman", "ann")
    with open_store(other) as store:
        code_study(store, "ben", "threat", "military", "cost")
        store.set_label(nobody, "cat", "other", variable="speaker_role")  # cat coded otherwise there
        store.set_article_code(articles["Convoy"], "cat", "frame", "diplomacy")
        store.set_article_code(articles["Troops"], "cat", "frame", "security")
        store.adjudicate(articles["Troops"], "cost", "chair", variable="frame", unit="article")
        store.adjudicate(nobody, "expert", "chair", variable="speaker_role")
        store.set_speaker_code(speakers["Alma Reyes"], "gender", "unknown", "ben")  # otherwise here
        store.set_speaker_code(speakers["Jon Haldor"], "gender", "man", "ben")
        lone = store.add_speaker(Speaker("Ines Vall", "person"))  # coded, but no quote names her: in no record
        store.set_speaker_code(lone, "gender", "woman")
    ours, theirs = every_code(mine), every_code(other)
    conflicting = {("cat", "speaker_role", "other"), ("cat", "frame", "diplomacy"), ("Alma Reyes", "gender", "unknown")}

    def kept(table: str, row: tuple) -> bool:
        if table == "speaker_codes":
            return row[:3] not in conflicting and row[0] != "Ines Vall"
        return (row[3:6] if table.startswith("quote") else row[1:4]) not in conflicting

    capsys.readouterr()
    assert main(["merge", str(other), "--db", str(mine)]) == 0
    out = capsys.readouterr().out
    assert every_code(mine) == {t: ours[t] | {row for row in theirs[t] if kept(t, row)} for t in ours}
    assert "Other variables: speaker_role: 4 code(s), 1 adjudication(s) added; frame: 3 code(s), " \
           "1 adjudication(s) added; gender: 1 code(s) added." in out
    assert "cat coded “other” there for speaker_role, otherwise here" in out
    assert "Convoy: cat coded “diplomacy” there for frame, otherwise here" in out
    assert "speaker Alma Reyes: “unknown” there for gender, otherwise here" in out
    assert main(["merge", str(other), "--db", str(mine)]) == 0
    assert "Nothing new" in capsys.readouterr().out


def test_a_colleague_database_of_schema_4_merges_its_labels_as_stance(tmp_path):
    mine = study_db(tmp_path / "ann.db")
    old = tmp_path / "olga.db"
    words = "We will not send troops without a mandate,"
    start = FIRST.index(words)
    with sqlite3.connect(old) as conn:
        conn.executescript("".join(MIGRATIONS[:4]) + "PRAGMA user_version = 4;")
        conn.execute("INSERT INTO articles (source, text, content_hash, imported_at) VALUES ('a.txt', ?, 'old', 'x')",
                     (FIRST,))
        conn.execute("""INSERT INTO quotes (article_id, start, end, text, kind, origin, created_at, updated_at)
                        VALUES (1, ?, ?, ?, 'direct', 'model', 'x', 'x')""", (start, start + len(words), words))
        conn.execute("INSERT INTO coders (name, created_at) VALUES ('olga', 'x'), ('chair', 'x')")
        conn.execute("INSERT INTO stance_labels (quote_id, coder_id, label, coded_at) VALUES (1, 1, 'Opposed', 'x')")
        conn.execute("INSERT INTO adjudications (quote_id, label, coder_id, decided_at) VALUES (1, 'threat', 2, 'x')")
    with open_store(mine) as store:
        _, quotes, _ = ids(store)
        store.set_label(quotes[words], "olga", "politician", variable="speaker_role")
        report = merge_database(store, old)
        assert store.units("stance", ["olga"]) == {quotes[words]: {"olga": "opposed"}}
        assert store.units("speaker_role", ["olga"]) == {quotes[words]: {"olga": "politician"}}
        assert store.adjudication(quotes[words], "stance")[:2] == ("threat", "chair")
    assert report.codes_added == {"stance": 1} and report.adjudicated == {"stance": 1}
    assert not report.problems and not report.conflicts


def tamper(path: Path, *statements: str) -> None:
    """Change a colleague's file behind QuoteCoder's back (schema writable)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_a_colleagues_article_and_speaker_codes_are_untrusted_input(coded, tmp_path, monkeypatch):
    from quotecoder.core import colleague_db

    other = tmp_path / "ben.db"
    shutil.copy(coded, other)
    tamper(other, "UPDATE article_codes SET label = 'weather' WHERE coder_id = 2 AND article_id = 1",
           "UPDATE speaker_codes SET variable = 'party' WHERE label = 'man'",
           "UPDATE quote_codes SET variable = 'tone' WHERE coder_id = 1 AND variable = 'speaker_role' AND quote_id = 1",
           "UPDATE quote_adjudications SET label = 'maybe' WHERE variable = 'speaker_role'")
    mine = study_db(tmp_path / "mine.db", articles={})
    with open_store(mine) as store:
        report = merge_database(store, other)
    problems = "\n".join(report.problems)
    assert "ben.db, article 1: an article code was left out: the article code “weather” is not a label of frame" \
        in problems
    assert "ben.db, article 1: a speaker code was left out: the speaker code's variable “party”" in problems
    assert "the label's variable “tone” is not in this database's codebook" in problems
    assert "the adjudicated label “maybe” is not a label of speaker_role" in problems
    assert len(report.problems) == 4
    source, brought = every_code(coded), every_code(mine)
    assert len(brought["article_codes"]) == len(source["article_codes"]) - 1
    assert len(brought["speaker_codes"]) == len(source["speaker_codes"]) - 1
    assert len(brought["quote_codes"]) == len(source["quote_codes"]) - 1
    assert brought["article_adjudications"] == source["article_adjudications"]

    # a value over the size bound in the new tables: that article alone is not read
    monkeypatch.setattr(colleague_db, "MAX_VALUE_BYTES", 5_000)
    big = tmp_path / "big.db"
    shutil.copy(coded, big)
    tamper(big, "UPDATE article_codes SET note = printf('%.*c', 6000, 'x') WHERE article_id = 2")
    with open_store(study_db(tmp_path / "other.db", articles={})) as store:
        report = merge_database(store, big)
    assert report.articles_added == ["Troops"]
    assert any("big.db, article 2: not read" in p and "larger than 5,000 bytes" in p for p in report.problems)

    # SQL of its own in the new tables: refused before anything is read
    for number, (statement, why) in enumerate([
        ("CREATE TRIGGER spy AFTER INSERT ON speaker_codes BEGIN SELECT 1; END", "trigger spy"),
        ("ALTER TABLE article_codes ADD COLUMN bomb BLOB AS (zeroblob(1000000000)) VIRTUAL", "article_codes"),
        ("ALTER TABLE speaker_codes ADD COLUMN extra TEXT", "speaker_codes has other columns"),
        ("DROP TABLE article_adjudications", "no table article_adjudications"),
    ]):
        hostile = tmp_path / "hostile.db"
        shutil.copy(coded, hostile)
        tamper(hostile, statement)
        with open_store(study_db(tmp_path / f"receiver{number}.db", articles={})) as store, \
                pytest.raises(ValueError, match=why):
            merge_database(store, hostile)
        hostile.unlink()


# -- blind mode, near-duplicates, speakers ------------------------------------------------------


def test_merging_in_blind_mode_keeps_every_variable_and_lists_no_label(tmp_path, capsys):
    mine = study_db(tmp_path / "ann.db")
    other = tmp_path / "ben.db"
    shutil.copy(mine, other)
    with open_store(mine) as store:
        code_study(store, "cat", "opposed", "politician", "security")
        store.set_speaker_code(ids(store)[2]["Alma Reyes"], "gender", "woman", "cat")
        set_blind(store, True)
    with open_store(other) as store:
        code_study(store, "cat", "neutral", "expert", "diplomacy")  # every code conflicts
        code_study(store, "ben", "threat", "military", "humanitarian")
        store.set_speaker_code(ids(store)[2]["Alma Reyes"], "gender", "not-a-person", "ben")
    capsys.readouterr()
    assert main(["merge", str(other), "--db", str(mine)]) == 0
    out = capsys.readouterr().out
    for label in ("neutral", "expert", "diplomacy", "not-a-person", "threat", "military", "humanitarian"):
        assert label not in out  # blind mode lists no coder's label
    assert "Conflicts (kept as they are here): 11 (not listed in blind mode" in out
    with open_store(mine) as store:  # yet every code came in
        assert len(store.units("speaker_role", ["ben"])) == 4 and len(store.units("frame", ["ben"], "article")) == 2
        assert store.units("frame", ["cat"], "article") == {1: {"cat": "security"}, 2: {"cat": "security"}}
        assert store.speaker_codes()[ids(store)[2]["Alma Reyes"]] == {"gender": "woman"}
    assert main(["export", "--db", str(mine), "--format", "jsonl", "--out", str(tmp_path / "all.jsonl")]) == 2
    assert "blind mode" in capsys.readouterr().err  # a backup holds every coder's codes: refused, not thinned


def test_a_merged_coders_codes_are_suggested_on_near_duplicate_copies_for_every_quote_variable(tmp_path):
    articles = {**ARTICLES, "Troops again": (THIRD, [quote(THIRD, "We will not send troops without a mandate,",
                                                           "Alma Reyes")])}
    other = study_db(tmp_path / "ben.db", articles)
    with open_store(other) as store:
        titles, quotes, _ = ids(store)
        store.join_duplicates([titles["Troops"], titles["Troops again"]])
        original = store.quotes(titles["Troops"])[0].id
        store.set_label(original, "ben", "threat")
        store.set_label(original, "ben", "foreign-government", variable="speaker_role")
    mine = study_db(tmp_path / "ann.db", {})
    with open_store(mine) as store:
        merge_database(store, other)
        titles, _, _ = ids(store)
        copy = store.quotes(titles["Troops again"])[0].id
        assert store.suggested_label(copy, "ben") == "threat"
        assert store.suggested_label(copy, "ben", "speaker_role") == "foreign-government"


def test_merging_speakers_keeps_the_kept_ones_codes_and_takes_the_others_and_undo_restores_both(tmp_path):
    party = Variable.from_dict({"key": "party", "name": "Party", "unit": "speaker",
                                "labels": [{"key": "green"}, {"key": "labour"}]})
    db = study_db(tmp_path / "ann.db", codebook=replace(CODEBOOK, variables=(*CODEBOOK.variables, party)))
    with open_store(db) as store:
        _, _, speakers = ids(store)
        keep, drop = speakers["Alma Reyes"], speakers["Tomas Verin"]
        store.set_speaker_code(keep, "gender", "woman", "ann")
        store.set_speaker_code(drop, "gender", "man", "ann")
        store.set_speaker_code(drop, "party", "green", "ben")
        before = store.speaker_codes()
        with store.transaction():
            snapshot = store.snapshot(store.merge_scope(keep, drop))
            store.merge_speakers(keep, drop, "ann")
        assert store.speaker_codes() == {keep: {"gender": "woman", "party": "green"}}
        logged = store.conn.execute("SELECT before FROM corrections WHERE action = 'merge'").fetchone()[0]
        assert json.loads(logged)["dropped"]["codes"] == {"gender": "man", "party": "green"}
        store.restore(snapshot)
        assert store.speaker_codes() == before

        # a speaker someone coded is in use, even without quotes: never removed with its codes
        lone = store.add_speaker(Speaker("Ines Vall", "person"))
        store.set_speaker_code(lone, "party", "labour")
        assert lone not in store.unused_speakers()
        with pytest.raises(ValueError, match="Ines Vall"):
            store.remove_speakers([lone])
        assert store.speaker_codes()[lone] == {"party": "labour"}
