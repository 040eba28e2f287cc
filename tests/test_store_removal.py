"""Removing articles and speakers, and undo by snapshot (core API).

Every article and person here is fictional.
"""

from __future__ import annotations

import sqlite3

import pytest

from quotecoder.core.model import Annotation, Article, Entity, Quote, Speaker
from quotecoder.core.store import ArticleFilter, Store
from quotecoder.core.workspace import open_store

TEXTS = [
    "The quay reopens. \u201cWe are ready,\u201d harbourmaster Olek Brandt said.",
    "The ferry is late. \u201cIt will improve,\u201d Councillor Mira Tesh said.",
    "A calm day at the harbour with no quotes at all.",
]


def quote(text: str, speaker: str) -> Quote:
    start, end = text.index("\u201c"), text.index("\u201d") + 1
    return Quote(start, end, text[start:end], "direct", speaker=Speaker(speaker, "person"))


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "study.db") as store:
        for i, text in enumerate(TEXTS):
            quotes = [quote(text, "Olek Brandt" if i == 0 else "Mira Tesh")] if "\u201c" in text else []
            name = text.index("Olek") if i == 0 else None
            entities = [Entity(name, name + 11, "PERSON", "Olek Brandt")] if name is not None else []
            store.add_article(Article(text=text, source=f"{i}.txt", title=None if i == 2 else f"Story {i}",
                                      content_hash=f"h{i}"), Annotation(entities=entities, quotes=quotes))
        yield store


def dump(path) -> dict[str, list[tuple]]:
    """Every row of every ordinary table (not the search index's internals: its segments differ)."""
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'articles_fts%' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def test_removing_articles_takes_everything_with_them_and_restore_brings_it_back(store):
    first, second, _ = store.article_ids()
    q1 = store.quotes(first)[0].id
    store.set_label(q1, "ana", "opposed")
    store.set_label(q1, "ben", "threat")
    store.adjudicate(q1, "opposed", "chair")
    store.draw_reliability_sample(size=3, seed=1)
    before = dump(store.path)

    summary = store.removal_summary([first, second])
    assert (summary.quotes, summary.labels, summary.adjudications, summary.entities) == (2, 2, 1, 1)
    assert summary.coders == ["ana", "ben"] and summary.titles == ["Story 0", "Story 1"]

    snapshot = store.remove_articles([first, second])
    assert store.article_ids() == [3]
    assert store.stance_units() == {} and store.adjudication(q1) is None
    assert store.article_count(ArticleFilter(search="harbourmaster")) == 0
    store.restore(snapshot)
    assert dump(store.path) == before
    assert store.article_count(ArticleFilter(search="harbourmaster")) == 1  # the search index is back
    assert store.label(q1, "ben") == "threat"


def test_an_untitled_article_is_listed_by_its_first_sentence(store):
    row = store.article_row(store.article_ids()[2])
    assert row.title == "A calm day at the harbour with no quotes at all."
    assert store.removal_summary([row.id]).titles == [row.title]


def test_samples_are_found_by_their_text(store):
    assert store.articles_with_hashes(["h1", "nope", "h2"]) == [2, 3]
    assert store.articles_with_hashes([]) == []


def test_unused_speakers_can_be_removed_and_restored(store):
    extra = store.add_speaker(Speaker("Tove Halm", "person", aliases=("T. Halm",)))
    ids = {s.name: s.id for s in store.speakers()}
    assert store.unused_speakers() == [extra]
    with pytest.raises(ValueError, match="Olek Brandt"):
        store.remove_speakers([ids["Olek Brandt"], extra])
    assert len(store.speakers()) == 3  # nothing removed
    before = dump(store.path)
    snapshot = store.remove_speakers([extra])
    assert "Tove Halm" not in {s.name for s in store.speakers()}
    store.restore(snapshot)
    assert dump(store.path) == before


def test_a_coders_earlier_choice_keeps_a_speaker_in_use(store):
    ids = {s.name: s.id for s in store.speakers()}
    q = store.quotes(store.article_ids()[0])[0].id
    store.set_speakers({q: ids["Mira Tesh"]}, "ana")  # Olek Brandt remains the machine's proposal
    store.set_speakers({q: ids["Mira Tesh"]}, "ben")
    assert ids["Olek Brandt"] not in store.unused_speakers()


def test_a_merge_is_undone_by_its_snapshot(store):
    ids = {s.name: s.id for s in store.speakers()}
    q = store.quotes(store.article_ids()[0])[0].id
    store.set_speakers({q: ids["Olek Brandt"]}, "ana")
    before = dump(store.path)
    with store.transaction():
        snapshot = store.snapshot(store.merge_scope(ids["Mira Tesh"], ids["Olek Brandt"]))
        store.merge_speakers(ids["Mira Tesh"], ids["Olek Brandt"], "ana")
    assert store.quote(q).speaker.name == "Mira Tesh"
    store.restore(snapshot)
    after = dump(store.path)
    after["corrections"] = [r for r in after["corrections"] if '"merge"' not in repr(r) and "'merge'" not in repr(r)]
    assert after == before  # only the log of the merge itself remains
    assert store.quote(q).speaker.name == "Olek Brandt"


def test_a_new_sample_is_undone_by_its_snapshot(store):
    store.draw_reliability_sample(size=1, seed=3)
    store.set_setting("sample_seed", "3")
    snapshot = store.snapshot(store.sample_scope())
    store.draw_reliability_sample(size=3, seed=9)
    store.set_setting("sample_seed", "9")
    store.restore(snapshot)
    assert len(store.reliability_sample()) == 1 and store.setting("sample_seed") == "3"


def test_data_version_and_article_stamp_see_another_connection(store):
    version, stamp = store.data_version(), store.article_stamp()
    assert stamp == 3
    with Store(store.path) as other:
        other.add_article(Article(text="The gulls are back.", source="g.txt", content_hash="gulls"))
    assert store.data_version() != version
    assert store.article_stamp() == 4
    store.remove_articles(store.article_ids())
    assert store.article_stamp() == 0
