"""The store: schema, transactions, migration, full-text search, errors."""

import os
import sqlite3

import pytest

from quotecoder.core.model import Annotation, Article, Codebook, CodebookLabel, Entity, Quote, Span, Speaker
from quotecoder.core.schema import MIGRATIONS, SCHEMA_VERSION
from quotecoder.core.store import (
    ArticleFilter,
    DatabaseCorrupt,
    DatabaseReadOnly,
    DatabaseTooNew,
    Store,
)

TEXT = (
    "Foreign Minister Lena Harlow said on Tuesday that Veskara needed protection. "
    "“We will not stand by,” Ms Harlow told reporters."
)


def make_article(
    text: str = TEXT, outlet: str = "The Coastal Ledger", digest: str = "h1", title: str = "Harlow backs mission"
) -> Article:
    return Article(text=text, source="a.txt", outlet=outlet, title=title, content_hash=digest)


def make_annotation(text: str = TEXT) -> Annotation:
    q_start = text.index("We will")
    q_end = text.index(",”")
    mention = text.index("Ms Harlow")
    cue = text.index("told reporters")
    return Annotation(
        entities=[Entity(17, 28, "PERSON", "Lena Harlow")],
        quotes=[
            Quote(
                start=q_start,
                end=q_end,
                text=text[q_start:q_end],
                kind="direct",
                cue=Span.of(text, cue, cue + len("told reporters")),
                mention=Span.of(text, mention, mention + len("Ms Harlow")),
                speaker=Speaker("Lena Harlow", "person"),
            )
        ],
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.db") as s:
        yield s


def test_new_database_has_current_schema_and_wal(store):
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_article_round_trip_with_annotation(store):
    article_id = store.add_article(make_article(), make_annotation())
    article = store.article(article_id)
    assert article.outlet == "The Coastal Ledger" and article.text == TEXT
    [quote] = store.quotes(article_id)
    assert TEXT[quote.start : quote.end] == quote.text == "We will not stand by"
    assert quote.speaker.name == "Lena Harlow" and quote.speaker.type == "person"
    assert quote.mention.text == "Ms Harlow" and quote.cue.text == "told reporters"
    [entity] = store.entities(article_id)
    assert entity.text == "Lena Harlow" and entity.origin == "model"


def test_duplicate_content_hash_is_skipped(store):
    assert store.add_article(make_article()) is not None
    assert store.add_article(make_article()) is None
    assert store.article_count() == 1


def test_a_bad_span_rolls_back_the_whole_article(store):
    bad = make_annotation()
    bad.quotes[0] = Quote(start=0, end=5, text="wrong", kind="direct")
    with pytest.raises(ValueError):
        store.add_article(make_article(), bad)
    assert store.article_count() == 0
    assert store.conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 0


def test_check_constraint_rejects_empty_span(store):
    article_id = store.add_article(make_article())
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO entities (article_id, start, end, label, text, origin) VALUES (?, 5, 5, 'X', '', 'model')",
                (article_id,),
            )


def test_labels_progress_and_status_filter(store):
    article_id = store.add_article(make_article(), make_annotation())
    store.add_article(make_article(TEXT + " More.", digest="h2"), make_annotation(TEXT + " More."))
    quote_id = store.quotes(article_id)[0].id
    assert store.progress("alice") == (0, 2)
    store.set_label(quote_id, "alice", "opposed", note="firm")
    store.set_label(quote_id, "alice", "threat")
    [label] = store.labels(article_id, "alice")
    assert label.label == "threat" and label.coded_at
    assert store.progress("alice") == (1, 2)
    assert store.article_ids(ArticleFilter(status="done"), coder="alice") == [article_id]
    assert len(store.article_ids(ArticleFilter(status="new"), coder="alice")) == 1
    assert store.article_ids(ArticleFilter(status="new"), coder="bob") == [article_id, article_id + 1]
    rows = store.article_rows(coder="alice")
    assert [(r.quotes, r.coded, r.status) for r in rows] == [(1, 1, "done"), (1, 0, "new")]


def test_full_text_search_and_outlet_filter(store):
    store.add_article(make_article())
    store.add_article(make_article("The Dravnian embassy issued a warning.", outlet="Harbour Post", digest="h2", title="Warning"))
    assert store.article_count(ArticleFilter(search="embassy")) == 1
    assert store.article_count(ArticleFilter(search="harl")) == 1  # prefix match
    assert store.article_count(ArticleFilter(search='"unbalanced')) == 0  # no syntax error
    assert store.article_count(ArticleFilter(outlet="Harbour Post")) == 1
    assert store.outlets() == ["Harbour Post", "The Coastal Ledger"]


def test_codebook_versions(store):
    book = Codebook.of_labels("Stance", 0, (CodebookLabel("opposed", "Opposed", colour="#ffcc99", shortcut="2"),))
    first = store.save_codebook(book)
    second = store.save_codebook(book.with_labels(book.labels + (CodebookLabel("threat", "Threat"),)))
    assert (first.version, second.version) == (1, 2)
    assert [lab.key for lab in store.codebook().labels] == ["opposed", "threat"]


def test_speakers_are_found_by_alias(store):
    store.add_speaker(Speaker("Lena Harlow", "person", aliases=("Ms Harlow", "the foreign minister")))
    article_id = store.add_article(make_article(), Annotation(quotes=[
        Quote(start=0, end=16, text=TEXT[:16], kind="indirect", speaker=Speaker("the foreign minister"))
    ]))
    assert store.quotes(article_id)[0].speaker.name == "Lena Harlow"
    assert len(store.speakers()) == 1


def version_one_database(path):
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO articles (source, text, content_hash, imported_at) VALUES ('old.txt', 'Old text.', 'x', '2025-01-01')"
    )
    conn.execute("INSERT INTO speakers (name, type, created_at) VALUES ('Lena Harlow', 'person', '2025-01-01')")
    conn.commit()
    conn.close()


def test_migration_from_version_one_keeps_data_and_backs_up(tmp_path):
    path = tmp_path / "old.db"
    version_one_database(path)
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.article(1).text == "Old text."
        assert store.speakers()[0].roles == ()
        assert store.conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
    backup = tmp_path / "old.db.schema1.bak"
    assert backup.exists()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer QuoteCoder"):
        Store(path)
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a text file, not a database.\n" * 10)
    with pytest.raises(DatabaseCorrupt, match="not an SQLite file"):
        Store(path)
    assert path.read_bytes().startswith(b"This is a text file")


def test_damaged_database_gives_clear_error(tmp_path):
    path = tmp_path / "damaged.db"
    Store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # clobber the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt, match="damaged"):
        Store(path)


def test_read_only_file(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as store:
        store.add_article(make_article())
    path.chmod(0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as root: file permissions do not stop writes")
        with pytest.raises(DatabaseReadOnly):
            Store(path)
    finally:
        path.chmod(0o644)


def test_read_only_mode_reads_but_refuses_writes(tmp_path):
    path = tmp_path / "ro.db"
    with Store(path) as store:
        store.add_article(make_article())
    with Store(path, readonly=True) as reader:
        assert reader.article_count() == 1
        with pytest.raises(DatabaseReadOnly):
            reader.set_setting("x", "y")


def test_settings(store):
    assert store.setting("last_article") is None
    store.set_setting("last_article", "3")
    store.set_setting("last_article", "4")
    assert store.setting("last_article") == "4"
