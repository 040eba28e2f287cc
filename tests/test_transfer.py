"""Merging coder databases and re-importing backups, through the core API."""

import shutil

import pytest

from quotecoder.core.model import Annotation, Article, Quote, Speaker
from quotecoder.core.store import Store
from quotecoder.core.transfer import import_annotation_records, merge_database

TEXT = "“We will hold the line,” Colonel Ines Marrow said. Officials said the talks had stalled for a week."


def quote(text, start, end, kind="direct", speaker="Ines Marrow"):
    return Quote(start=start, end=end, text=text[start:end], kind=kind, speaker=Speaker(speaker, "person"))


@pytest.fixture
def pair(tmp_path):
    """Two copies of one database with one article and two machine quotes."""
    first = tmp_path / "ann.db"
    with Store(first) as store:
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
    with Store(tmp_path / "fresh.db") as fresh:
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
        with reader.snapshot():
            rows.append(sum(1 for r in reader.long_rows() if r["coder"]))
            writer.set_label(q1, "ben", "threat")  # committed by the other connection meanwhile
            rows.append(sum(1 for r in reader.long_rows() if r["coder"]))
        assert rows == [1, 1]
        assert sum(1 for r in reader.long_rows() if r["coder"]) == 2
        assert export(reader, "long", tmp_path / "x.csv") == 3  # two coded rows + one uncoded quote
