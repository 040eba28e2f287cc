"""Merging coder databases and re-importing backups, through the core API."""

import shutil

import pytest

from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.store import Store
from quotecoder.core.transfer import import_annotation_records, merge_database
from quotecoder.core.workspace import open_store

TEXT = "“We will hold the line,” Colonel Ines Marrow said. Officials said the talks had stalled for a week."


def quote(text, start, end, kind="direct", speaker="Ines Marrow"):
    return Quote(start=start, end=end, text=text[start:end], kind=kind, speaker=Speaker(speaker, "person"))


@pytest.fixture
def pair(tmp_path):
    """Two copies of one database with one article and two machine quotes."""
    first = tmp_path / "ann.db"
    with open_store(first) as store:  # a database as QuoteCoder makes it, with the default codebook
        store.add_article(
            Article(text=TEXT, source="a.txt", title="Marrow holds", content_hash="c1"),
            Annotation(quotes=[quote(TEXT, 1, 22), quote(TEXT, 66, 99, "indirect", "Officials")]),
        )
    second = tmp_path / "ben.db"
    shutil.copy(first, second)
    return first, second


def test_merge_adds_labels_reports_conflicts_and_is_idempotent(pair):
    first, second = pair
    with Store(first) as a:
        q1, q2 = [q.id for q in a.quotes(1)]
        a.set_label(q1, "ann", "opposed")
        a.set_label(q2, "cat", "neutral")
    with Store(second) as b:
        b.set_label(q1, "ben", "threat")
        b.set_label(q2, "cat", "threat")  # cat coded differently in the other copy
        b.set_speakers({q2: b.add_speaker(Speaker("Ines Marrow", "person"))}, "ben")
        b.adjudicate(q1, "opposed", "chair")
    with Store(first) as a:
        report = merge_database(a, second)
        assert report.labels_added == 1 and report.speaker_corrections_added == 1 and report.adjudications_added == 1
        assert any("cat coded “threat” there" in c for c in report.conflicts)
        assert {(l.coder, l.label) for l in a.labels(1)} == {("ann", "opposed"), ("ben", "threat"), ("cat", "neutral")}
        assert a.speaker_units(["ben"])[q1] == {"ben": "Ines Marrow"}
        assert a.speaker_units()[q2] == {"cat": "Officials"}  # cat did not correct the speaker
        again = merge_database(a, second)
        assert not again.changed and "Nothing new" in again.summary()


def test_coder_quotes_and_changed_boundaries(pair):
    first, second = pair
    with Store(second) as b:
        q1 = b.quotes(1)[0].id
        b.update_quote(q1, "ben", start=2, end=20)
        new_id = b.add_quote(1, Quote(start=51, end=64, text=TEXT[51:64], kind="indirect"), "ben")
        b.set_label(new_id, "ben", "neutral")
    with Store(first) as a:
        report = merge_database(a, second)
        assert report.quotes_added == 1 and report.labels_added == 1
        assert any("boundaries differ" in c for c in report.conflicts)
        assert [(q.start, q.end) for q in a.quotes(1)][0] == (1, 22)  # not overwritten
        assert merge_database(a, second).quotes_added == 0


def test_unmatched_article_is_added_and_reported(pair, tmp_path):
    first, second = pair
    with Store(second) as b:
        other = "A second story: the envoy said nothing."
        b.add_article(Article(text=other, source="b.txt", title="Envoy", content_hash="c2"))
    with Store(first) as a:
        report = merge_database(a, second)
        assert report.articles_added == ["Envoy"] and a.article_count() == 2


def test_restore_into_empty_database_keeps_machine_quotes(pair, tmp_path):
    first, _ = pair
    with Store(first) as a:
        a.set_label(a.quotes(1)[0].id, "ann", "opposed")
        records = list(a.annotation_records())
    with open_store(tmp_path / "fresh.db") as fresh:
        report = import_annotation_records(fresh, records)
        assert report.articles_added == ["Marrow holds"] and report.quotes_added == 2
        assert [q.speaker.name for q in fresh.quotes(1)] == ["Ines Marrow", "Officials"]
        assert fresh.labels(1, "ann")[0].label == "opposed"


def test_merging_into_itself_or_missing_file_is_refused(pair, tmp_path):
    first, _ = pair
    with Store(first) as a:
        with pytest.raises(ValueError, match="itself"):
            merge_database(a, first)
        with pytest.raises(ValueError, match="does not exist"):
            merge_database(a, tmp_path / "nope.db")


def test_export_reads_one_snapshot_while_another_connection_writes(pair, tmp_path):
    from quotecoder.core.export import export

    first, _ = pair
    with Store(first) as reader, Store(first) as writer:
        q1 = reader.quotes(1)[0].id
        writer.set_label(q1, "ann", "opposed")
        rows = []
        with reader.read_snapshot():
            rows.append(sum(1 for r in reader.long_rows() if r["coder"]))
            writer.set_label(q1, "ben", "threat")  # committed by the other connection meanwhile
            rows.append(sum(1 for r in reader.long_rows() if r["coder"]))
        assert rows == [1, 1]
        assert sum(1 for r in reader.long_rows() if r["coder"]) == 2
        assert export(reader, "long", tmp_path / "x.csv") == 3  # two coded rows + one uncoded quote


def test_restore_keeps_the_machine_proposal_and_each_coders_speaker(pair, tmp_path):
    first, _ = pair
    with Store(first) as a:
        quote_id = a.quotes(1)[1].id  # the machine said "Officials"
        a.set_label(quote_id, "ann", "neutral")
        a.set_label(quote_id, "ben", "neutral")
        a.set_speakers({quote_id: a.add_speaker(Speaker("Ines Marrow", "person"))}, "ann")
        before = a.speaker_units()
        records = list(a.annotation_records())
    assert before[quote_id] == {"ann": "Ines Marrow", "ben": "Officials"}
    with open_store(tmp_path / "fresh.db") as fresh:
        import_annotation_records(fresh, records)
        assert list(fresh.speaker_units().values()) == list(before.values())


def test_wide_export_keeps_coders_whose_names_look_alike(pair, tmp_path):
    import csv

    from quotecoder.core.export import export

    first, _ = pair
    with Store(first) as a:
        quote_id = a.quotes(1)[0].id
        a.set_label(quote_id, "Anna Smith", "opposed")
        a.set_label(quote_id, "anna-smith", "threat")
        assert export(a, "wide", tmp_path / "wide.csv") == 2
    with open(tmp_path / "wide.csv", encoding="utf-8", newline="") as handle:
        header, first_row = list(csv.reader(handle))[:2]
    assert header.count("stance_anna_smith") == 1 and "stance_anna_smith_2" in header
    assert {first_row[header.index("stance_anna_smith")], first_row[header.index("stance_anna_smith_2")]} == {
        "opposed", "threat"}


def test_long_export_for_some_coders_still_lists_every_quote(pair):
    first, _ = pair
    with Store(first) as a:
        q1, q2 = [q.id for q in a.quotes(1)]
        a.set_label(q1, "ann", "opposed")
        a.set_label(q2, "ben", "threat")
        rows = list(a.long_rows(["ann"]))
    assert [(r["quote_id"], r["coder"]) for r in rows] == [(q1, "ann"), (q2, None)]


def test_merging_a_database_from_an_older_version_upgrades_a_copy(pair, tmp_path):
    import sqlite3

    from quotecoder.core.schema import MIGRATIONS

    first, _ = pair
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "PRAGMA user_version = 2;")
        conn.execute("INSERT INTO articles (source, text, content_hash, imported_at) VALUES ('a.txt', ?, 'c1', 'x')",
                     (TEXT,))
        conn.execute("""INSERT INTO quotes (article_id, start, end, text, kind, origin, created_at, updated_at)
                        VALUES (1, 1, 22, ?, 'direct', 'model', 'x', 'x')""", (TEXT[1:22],))
        conn.execute("INSERT INTO coders (name, created_at) VALUES ('olga', 'x')")
        conn.execute("INSERT INTO stance_labels (quote_id, coder_id, label, coded_at) VALUES (1, 1, 'threat', 'x')")
    before = old.read_bytes()
    with Store(first) as a:
        report = merge_database(a, old)
        assert report.labels_added == 1
        assert a.stance_units(["olga"]) == {a.quotes(1)[0].id: {"olga": "threat"}}
    assert old.read_bytes() == before  # the colleague's file is untouched


def test_a_damaged_backup_line_is_named(tmp_path):
    from quotecoder.core.transfer import read_annotation_jsonl

    backup = tmp_path / "backup.jsonl"
    backup.write_text('{"article": {"title": "no text"}}\n', encoding="utf-8")
    with open_store(tmp_path / "x.db") as store, pytest.raises(ValueError, match=r"backup.jsonl:1: .*text"):
        import_annotation_records(store, read_annotation_jsonl(backup), origin="backup.jsonl")
