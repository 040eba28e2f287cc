"""A colleague's database or backup is untrusted input (issue 10, section 2).

Every file here is built by the test: views and triggers that would run SQL, a schema that
is not QuoteCoder's, NULLs, wrong types, invalid UTF-8, labels given as lists or outside the
codebook, a speaker of type "alien", JSON nested 100,000 levels deep, a forged content hash,
nested quotes, the same article spaced differently. Nothing raises a traceback: bad records
are skipped and named, the rest comes in.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.export import LONG_COLUMNS
from quotecoder.core.transfer import import_annotation_records, merge_database, read_annotation_jsonl
from quotecoder.core.workspace import open_store

TEXT = ("“We will hold the line,” Colonel Ines Marrow said on Tuesday.\n\n"
        "Officials said the talks in Veskara had stalled for a week.")
OTHER = "The envoy Tamsin Orlov said the harbour would reopen “within days, not weeks.”"


def quote(text: str, words: str, kind: str = "direct", speaker: str = "Ines Marrow") -> Quote:
    start = text.index(words)
    return Quote(start=start, end=start + len(words), text=words, kind=kind, speaker=Speaker(speaker, "person"))


def make_db(path: Path, articles: list[tuple[str, list[Quote]]]) -> list[int]:
    """A database as QuoteCoder makes it; returns the article ids."""
    with open_store(path) as store:
        return [store.add_article(Article(text=text, source=f"{n}.txt", title=f"Story {n}",
                                          content_hash=content_hash(text)), Annotation(quotes=quotes))
                for n, (text, quotes) in enumerate(articles)]


@pytest.fixture
def colleague(tmp_path) -> Path:
    """ben.db: two articles, each quote labelled by ben."""
    path = tmp_path / "ben.db"
    make_db(path, [(TEXT, [quote(TEXT, "We will hold the line,"), quote(TEXT, "the talks in Veskara had stalled",
                                                                          "indirect", "Officials")]),
                   (OTHER, [quote(OTHER, "within days, not weeks.", speaker="Tamsin Orlov")])])
    with open_store(path) as store:
        for article_id in store.article_ids():
            for q in store.quotes(article_id):
                store.set_label(q.id, "ben", "opposed")
    return path


@pytest.fixture
def mine(tmp_path) -> Path:
    path = tmp_path / "ann.db"
    make_db(path, [])
    return path


def tamper(path: Path, *statements: str) -> None:
    """Change a colleague's file behind QuoteCoder's back (checks off, schema writable)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def long_rows(store, coder: str) -> list[dict]:
    """The long export's rows for ``coder``, as the file has them."""
    return [{k: r[k] for k in LONG_COLUMNS} for r in store.long_rows([coder])]


def labels(db: Path) -> dict[str, set[str]]:
    """Each article's title → its labels as 'coder:label@quote text'."""
    with open_store(db) as store:
        result = {}
        for article_id in store.article_ids():
            quotes = {q.id: q.text for q in store.quotes(article_id, include_rejected=True)}
            result[store.article(article_id).title] = {f"{l.coder}:{l.label}@{quotes[l.quote_id]}"
                                                       for l in store.labels(article_id)}
        return result


# -- SQL in the colleague's database ------------------------------------------------------------


@pytest.mark.parametrize("statements, why", [
    (["DROP TABLE articles",
      """CREATE VIEW articles AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)
         SELECT i AS id, '' AS source, NULL AS outlet, NULL AS title, NULL AS byline, NULL AS published,
                NULL AS url, printf('%.*c', 100000, 'x') AS text, i AS content_hash, '' AS imported_at,
                NULL AS dup_group, NULL AS minhash, NULL AS section, NULL AS length, NULL AS language,
                NULL AS doc_id, NULL AS model FROM r"""], "view"),
    (["CREATE VIEW huge AS SELECT zeroblob(5000000000) AS blob"], "view"),
    (["CREATE TRIGGER spy AFTER INSERT ON coders BEGIN SELECT 1; END"], "trigger spy"),
    (["ALTER TABLE quotes ADD COLUMN bomb BLOB AS (zeroblob(1000000000)) VIRTUAL"], "quotes"),
    (["DROP TABLE quote_adjudications"], "no table quote_adjudications"),
    (["ALTER TABLE quotes DROP COLUMN confidence"], "lacks confidence"),
    (["CREATE INDEX odd ON quotes(length(text))"], "index odd"),
])
def test_a_database_with_sql_of_its_own_or_another_schema_is_refused(colleague, mine, statements, why):
    tamper(colleague, *statements)
    started = time.monotonic()
    with open_store(mine) as store, pytest.raises(ValueError, match=why):
        merge_database(store, colleague)
    assert time.monotonic() - started < 10
    assert labels(mine) == {}  # nothing came in


def test_a_file_that_is_not_a_database_is_a_clear_error(mine, tmp_path):
    fake = tmp_path / "fake.db"
    fake.write_text("not a database at all\n" * 100)
    with open_store(mine) as store, pytest.raises(ValueError, match="not a QuoteCoder database"):
        merge_database(store, fake)


def test_bad_rows_are_skipped_and_named_and_the_rest_is_merged(colleague, mine, tmp_path):
    tamper(colleague,  # the colleague's schema was edited to allow NULLs where QuoteCoder's does not
           "UPDATE sqlite_master SET sql = replace(sql, 'coded_at TEXT NOT NULL', 'coded_at TEXT') "
           "WHERE name = 'quote_codes'")
    tamper(
        colleague,
        "UPDATE quote_codes SET coded_at = NULL WHERE quote_id = 1",
        # wrong types, a label given as a list, an alien speaker, invalid UTF-8
        "UPDATE quotes SET start = 'one' WHERE id = 2",
        "UPDATE quote_codes SET label = '[\"opposed\"]' WHERE quote_id = 3",
        "UPDATE speakers SET type = 'alien' WHERE name = 'Tamsin Orlov'",
        "UPDATE articles SET title = CAST(x'53746f7279ff' AS TEXT) WHERE id = 2",
    )
    with open_store(mine) as store:
        report = merge_database(store, colleague)
    problems = "\n".join(report.problems)
    assert "ben.db, article 1" in problems and "coded_at is missing" in problems
    assert "start is text, not a whole number" in problems
    assert "ben.db, article 2: skipped: title is not valid UTF-8 text" in problems
    assert report.articles_added == ["Story 0"]
    assert labels(mine) == {"Story 0": set()}  # each of its two labels and the quote were bad

    # the same file with only the list label and the alien speaker: those alone are left out
    fresh = tmp_path / "fresh.db"
    make_db(fresh, [])
    clean = tmp_path / "ben2.db"
    make_db(clean, [(OTHER, [quote(OTHER, "within days, not weeks.", speaker="Tamsin Orlov"),
                             quote(OTHER, "The envoy Tamsin Orlov", "indirect", "Harbour Office")])])
    with open_store(clean) as store:
        first, second = sorted(store.quotes(1), key=lambda q: q.text != "within days, not weeks.")
        first, second = first.id, second.id
        store.set_label(first, "ben", "opposed")
        store.set_label(second, "ben", "threat")
    tamper(clean, f"UPDATE quote_codes SET label = '[\"x\"]' WHERE quote_id = {first}",
           "UPDATE speakers SET type = 'alien' WHERE name = 'Harbour Office'")
    with open_store(fresh) as store:
        report = merge_database(store, clean)
    assert any("“[\"x\"]” is not a label" in p for p in report.problems)
    assert any("type 'alien' is not one of person, organisation, group, unknown" in p for p in report.problems)
    assert labels(fresh) == {"Story 0": set()} and report.articles_added == ["Story 0"]


def test_a_read_that_takes_too_long_is_stopped(colleague, mine, monkeypatch):
    from quotecoder.core import colleague_db

    monkeypatch.setattr(colleague_db, "QUERY_SECONDS", 0.0)
    many = "".join(f"“Point {n} stands,” she said. " for n in range(400))
    quotes = [quote(many, f"Point {n} stands,") for n in range(400)]
    with open_store(colleague) as store:
        for n in range(3):
            store.add_article(Article(text=many + str(n), title=f"Long {n}", content_hash=f"long{n}"),
                              Annotation(quotes=quotes))
    with open_store(mine) as store, pytest.raises(ValueError, match="too long|took over"):
        merge_database(store, colleague)


def test_a_value_over_the_size_bound_skips_its_article(colleague, mine, monkeypatch):
    from quotecoder.core import colleague_db

    monkeypatch.setattr(colleague_db, "MAX_VALUE_BYTES", 10_000)
    with open_store(colleague) as store:
        store.add_article(Article(text="Long. " * 3000, title="Huge", content_hash="huge"))
    with open_store(mine) as store:
        report = merge_database(store, colleague)
    assert report.articles_added == ["Story 0", "Story 1"]
    assert any("ben.db, article 3: not read" in p and "larger than 10,000 bytes" in p for p in report.problems)


# -- content hashes, nested quotes, spacing, near-duplicate groups -----------------------------


def test_a_forged_content_hash_never_blocks_the_genuine_article(mine, tmp_path):
    forged = tmp_path / "forged.jsonl"
    lines = [{"article": {"text": "Forged text.", "content_hash": content_hash(TEXT), "title": "Forged"}}]
    forged.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with open_store(mine) as store:
        import_annotation_records(store, read_annotation_jsonl(forged))
        genuine = store.add_article(Article(text=TEXT, title="Genuine", content_hash=content_hash(TEXT)))
        assert genuine is not None
        assert store.article(genuine).text == TEXT


def test_nested_quotes_keep_their_own_labels_through_merge_and_restore(tmp_path):
    outer = "“We will hold the line,” Colonel Ines Marrow said on Tuesday."
    text = outer + "\n\n" + "Officials said the talks in Veskara had stalled for a week."
    inner = quote(text, "hold the line")
    base = tmp_path / "base.db"
    make_db(base, [(text, [quote(text, outer), inner])])
    ben = tmp_path / "ben.db"
    shutil.copy(base, ben)
    with open_store(ben) as store:
        big, small = store.quotes(1)
        store.set_label(small.id, "ben", "threat")
        store.set_speakers({small.id: store.add_speaker(Speaker("Army", "organisation"))}, "ben")
        expected = long_rows(store, "ben")
        records = list(store.annotation_records())
    with open_store(base) as store:
        report = merge_database(store, ben)
        assert not report.conflicts
        assert long_rows(store, "ben") == expected  # the label, speaker and speaker_corrected of the inner one
    with open_store(tmp_path / "fresh.db") as fresh:
        import_annotation_records(fresh, records)
        assert [(q.start, q.end) for q in fresh.quotes(1)] == [(big.start, big.end), (small.start, small.end)]
        assert [{k: r[k] for k in ("quote_text", "stance", "speaker", "speaker_corrected")}
                for r in long_rows(fresh, "ben")] == [
            {k: r[k] for k in ("quote_text", "stance", "speaker", "speaker_corrected")} for r in expected]


def test_the_same_article_spaced_differently_gets_its_codes_on_the_same_words(tmp_path):
    respaced = TEXT.replace("\n\n", "\n").replace(" said", "  said")
    mine, ben = tmp_path / "ann.db", tmp_path / "ben.db"
    make_db(mine, [(TEXT, [])])
    make_db(ben, [(respaced, [quote(respaced, "We will hold the line,"),
                              quote(respaced, "the talks in Veskara had stalled", "indirect", "Officials")])])
    with open_store(ben) as store:
        for q in store.quotes(1):
            store.set_label(q.id, "ben", "neutral")
    with open_store(mine) as store:
        report = merge_database(store, ben)
        assert report.articles_aligned == ["Story 0"] and report.quotes_added == 2
        assert {(q.text, q.start) for q in store.quotes(1)} == {
            ("We will hold the line,", TEXT.index("We will")),
            ("the talks in Veskara had stalled", TEXT.index("the talks"))}
        assert len(store.labels(1, "ben")) == 2


def test_an_article_that_cannot_be_aligned_is_skipped_whole_and_the_rest_comes_in(tmp_path):
    composed = "Café owners said prices rose."
    decomposed = "Cafe\u0301 owners said prices rose."  # the same words in another Unicode form
    mine, ben = tmp_path / "ann.db", tmp_path / "ben.db"
    make_db(mine, [(composed, [])])
    make_db(ben, [(decomposed, [Quote(start=0, end=4, text="Cafe", kind="indirect")]),
                  (OTHER, [quote(OTHER, "within days, not weeks.", speaker="Tamsin Orlov")])])
    with open_store(ben) as store:
        for article_id in store.article_ids():
            for q in store.quotes(article_id):
                store.set_label(q.id, "ben", "opposed")
    with open_store(mine) as store:
        report = merge_database(store, ben)
        assert any("article 1: skipped" in p and "spacing differs" in p for p in report.problems)
        assert store.quotes(1) == [] and store.labels(1) == []  # nothing of it was committed
        assert report.articles_added == ["Story 1"] and len(store.labels(2)) == 1


def test_near_duplicate_groups_survive_merge_and_restore(tmp_path):
    copy = TEXT + "\nFiled from the desk in Veskara."
    ben = tmp_path / "ben.db"
    ids = make_db(ben, [(TEXT, []), (copy, []), (OTHER, [])])
    with open_store(ben) as store:
        store.join_duplicates(ids[:2])
        records = list(store.annotation_records())
    with open_store(tmp_path / "fresh.db") as fresh:
        import_annotation_records(fresh, records)
        assert fresh.duplicate_group(1) == [1, 2] and fresh.duplicate_group(3) == []
    mine = tmp_path / "ann.db"
    make_db(mine, [(copy, []), (OTHER, [])])  # has the copy, not the first article
    with open_store(mine) as store:
        merge_database(store, ben)
        grouped = store.duplicate_group(store.article_by_hash(content_hash(copy))[0])
        assert sorted(store.article(i).text for i in grouped) == sorted([TEXT, copy])
        merge_database(store, ben)  # again: nothing changes
        assert store.duplicate_group(grouped[0]) == grouped


# -- hostile JSONL backups ----------------------------------------------------------------------


def test_a_hostile_backup_is_read_line_by_line(mine, colleague, tmp_path):
    with open_store(colleague) as store:
        good = list(store.annotation_records())
    bad_label = json.loads(json.dumps(good[1]))
    bad_label["quotes"][0]["labels"][0]["label"] = ["opposed"]  # a list as a label
    alien = json.loads(json.dumps(good[1]))
    alien["quotes"][0]["speaker"]["type"] = "alien"
    outside = json.loads(json.dumps(good[1]))
    outside["quotes"][0]["labels"][0]["label"] = "maybe"
    outside["quotes"][0]["adjudication"] = {"label": "perhaps", "coder": "chair", "note": "", "decided_at": "x"}
    lines = [
        json.dumps(good[0]).encode(),                               # 1: fine
        b"null",                                                    # 2
        b"[]",                                                      # 3
        json.dumps({"article": {"text": None}}).encode(),           # 4: NULL text
        json.dumps({"article": {"text": 5}}).encode(),              # 5: wrong type
        b'{"article": {"text": "caf\xe9"}}',                        # 6: invalid UTF-8
        b"[" * 100_000 + b"]" * 100_000,                            # 7: nested 100k deep
        json.dumps(bad_label).encode(),                             # 8
        json.dumps(alien).encode(),                                 # 9
        json.dumps(outside).encode(),                               # 10
        json.dumps({"article": {"text": "x"}, "quotes": [{"start": 10**30, "end": 1, "text": "x",
                                                          "kind": "direct"}]}).encode(),  # 11
    ]
    backup = tmp_path / "backup.jsonl"
    backup.write_bytes(b"\n".join(lines) + b"\n")
    with open_store(mine) as store:
        report = import_annotation_records(store, read_annotation_jsonl(backup), origin="backup.jsonl")
        problems = "\n".join(report.problems)
        for line in (2, 3, 4, 5, 6, 7):
            assert f"backup.jsonl:{line}:" in problems
        assert "backup.jsonl:7: the JSON is nested too deeply" in problems
        assert "backup.jsonl:8: quote" in problems and "not a label" in problems
        assert "backup.jsonl:9: the quote" in problems and "'alien'" in problems
        assert "“maybe” is not a label" in problems and "“perhaps” is not a label" in problems
        assert "backup.jsonl:11:" in problems and "out of range" in problems
        assert store.article_count() == 3  # lines 1, 8-10 (one article twice) and 11
        assert store.stance_units() and all(v == {"ben": "opposed"} for v in store.stance_units().values())
        assert store.adjudication(store.quotes(2)[0].id) is None


def test_a_backup_holding_no_record_at_all_is_refused(mine, tmp_path):
    notes = tmp_path / "notes.jsonl"
    notes.write_text("this is not a backup\n", encoding="utf-8")
    with open_store(mine) as store, pytest.raises(ValueError, match="notes.jsonl:1"):
        import_annotation_records(store, read_annotation_jsonl(notes), origin="notes.jsonl")


@pytest.mark.parametrize("path", ["/dev/zero", "FOLDER", "FIFO"])
def test_a_device_a_pipe_or_a_folder_is_refused_not_read_for_ever(mine, tmp_path, path):
    import os

    from quotecoder.core.codes_import import import_codes

    if path == "FOLDER":
        path = tmp_path
    elif path == "FIFO":
        path = tmp_path / "pipe.jsonl"
        os.mkfifo(path)
    elif not Path(path).exists():
        pytest.skip("no /dev/zero here")
    with open_store(mine) as store:
        with pytest.raises(ValueError, match="not a file"):
            import_annotation_records(store, read_annotation_jsonl(path))
        with pytest.raises(ValueError, match="not a file"):
            import_codes(store, path)
