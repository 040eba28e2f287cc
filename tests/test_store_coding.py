"""The store's coding actions: each one transaction, corrections logged, the machine's proposal kept."""

from __future__ import annotations

import threading
import time

import pytest

from quotecoder.core.model import Annotation, Article, Entity, Quote, Span, Speaker
from quotecoder.core.store import ArticleFilter, DatabaseReadOnly, Store

TEXT = (
    "Mayor Ilse Varkonen said the harbour plan was reckless. "
    '"We will not sign it," said Tomas Brel of the Fenwick Council. '
    "Brel added that talks would continue."
)


def _quote(text: str, phrase: str, kind: str = "direct", speaker: str | None = None,
           mention: str | None = None, origin: str = "model") -> Quote:
    start = text.index(phrase)
    m = None
    if mention:
        ms = text.index(mention)
        m = Span(ms, ms + len(mention), mention)
    return Quote(start=start, end=start + len(phrase), text=phrase, kind=kind,
                 speaker=Speaker(speaker) if speaker else None, mention=m, origin=origin)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "coding.db")
    yield s
    s.close()


@pytest.fixture
def article_id(store):
    quotes = [
        _quote(TEXT, "the harbour plan was reckless", "indirect", "Ilse Varkonen", "Ilse Varkonen"),
        _quote(TEXT, '"We will not sign it,"', "direct", "Tomas Brel", "Tomas Brel"),
        _quote(TEXT, "talks would continue", "indirect", "Tomas Brel", "Brel"),
    ]
    ents = [Entity(start=TEXT.index("Fenwick Council"), end=TEXT.index("Fenwick Council") + 15,
                   label="ORG", text="Fenwick Council")]
    return store.add_article(Article(text=TEXT, source="a.txt", title="Harbour", content_hash="h1"),
                             Annotation(entities=ents, quotes=quotes))


def test_update_quote_boundaries_keeps_proposal_and_logs(store, article_id):
    q = store.quotes(article_id)[0]
    new_start = TEXT.index("harbour plan")
    updated = store.update_quote(q.id, "ana", start=new_start)
    assert updated.text == TEXT[new_start:q.end]
    proposal = store.quote_proposal(q.id)
    assert proposal["start"] == q.start and proposal["text"] == q.text
    # a second correction keeps the first proposal
    store.update_quote(q.id, "ana", kind="mixed")
    assert store.quote_proposal(q.id)["kind"] == "indirect"
    log = store.corrections("quote", q.id)
    assert [c["action"] for c in log] == ["update", "update"]
    assert log[0]["coder"] == "ana"
    assert log[0]["before"]["start"] == q.start and log[0]["after"]["start"] == new_start
    assert log[1]["before"] == {"kind": "indirect"} and log[1]["after"] == {"kind": "mixed"}


def test_update_quote_rejects_bad_boundaries(store, article_id):
    q = store.quotes(article_id)[0]
    with pytest.raises(ValueError):
        store.update_quote(q.id, "ana", start=q.end + 5)
    assert store.quote(q.id).start == q.start
    assert store.corrections() == []


def test_coder_quotes_have_no_proposal(store, article_id):
    phrase = "the harbour plan"
    qid = store.add_quote(article_id, _quote(TEXT, phrase, "indirect", origin="model"), "ana")
    quote = store.quote(qid)
    assert quote.origin == "coder" and quote.text == phrase
    store.update_quote(qid, "ana", kind="mixed")
    assert store.quote_proposal(qid) is None
    assert [c["action"] for c in store.corrections("quote", qid)] == ["add", "update"]


def test_reject_and_restore(store, article_id):
    q = store.quotes(article_id)[1]
    store.set_label(q.id, "ana", "opposed")
    store.reject_quote(q.id, "ana")
    assert q.id not in [x.id for x in store.quotes(article_id)]
    assert store.quote_status(q.id) == "rejected"
    assert store.label(q.id, "ana") == "opposed"  # kept, not deleted
    assert store.progress("ana") == (0, 2)
    store.restore_quote(q.id, "ana")
    assert store.quote_status(q.id) == "active"
    assert [c["action"] for c in store.corrections("quote", q.id)] == ["reject", "restore"]


def test_entities_add_remove_and_readd_with_same_id(store, article_id):
    start = TEXT.index("Ilse Varkonen")
    eid = store.add_entity(article_id, Entity(start=start, end=start + 13, label="PERSON",
                                              text="Ilse Varkonen", origin="coder"), "ana")
    assert any(e.id == eid and e.label == "PERSON" for e in store.entities(article_id))
    removed = store.remove_entity(eid, "ana")
    assert eid not in [e.id for e in store.entities(article_id)]
    again = store.add_entity(article_id, removed, "ana")
    assert again == eid
    with pytest.raises(ValueError):
        store.add_entity(article_id, Entity(start=0, end=5, label="ORG", text="wrong"), "ana")


def test_reassign_speaker_and_restore(store, article_id):
    quotes = store.quotes(article_id)
    new = store.add_speaker(Speaker("Fenwick Council", type="organisation"))
    previous = store.set_speakers({quotes[1].id: new, quotes[2].id: new}, "ana")
    assert {store.quote(q.id).speaker.name for q in quotes[1:]} == {"Fenwick Council"}
    assert store.quote_proposal(quotes[1].id)["speaker_id"] == previous[quotes[1].id]
    store.set_speakers(previous, "ana")
    assert {store.quote(q.id).speaker.name for q in quotes[1:]} == {"Tomas Brel"}


def test_quotes_with_mention(store, article_id):
    quotes = store.quotes(article_id)
    assert store.quotes_with_mention("brel") == [(quotes[2].id, article_id)]
    assert store.quotes_with_mention("Brel", exclude_speaker=quotes[2].speaker_id) == []


def test_merge_and_edit_speakers(store, article_id):
    quotes = store.quotes(article_id)
    brel = quotes[1].speaker_id
    dup = store.add_speaker(Speaker("T. Brel", type="person", roles=("councillor",)))
    store.set_speakers({quotes[2].id: dup}, "ana")
    merged = store.merge_speakers(brel, dup, "ana")
    assert "T. Brel" in merged.aliases and "councillor" in merged.roles
    assert store.quote(quotes[2].id).speaker_id == brel
    assert all(s.id != dup for s in store.speakers())
    edited = store.update_speaker(brel, "ana", name="Tomas Brel", type="person",
                                  aliases=["T. Brel", "Councillor Brel"], roles=["chair"])
    assert edited.type == "person" and set(edited.aliases) == {"T. Brel", "Councillor Brel"}
    assert edited.roles == ("chair",)


def test_next_uncoded_and_rows(store, article_id):
    quotes = store.quotes(article_id)
    assert store.next_uncoded("ana") == (article_id, quotes[0].id)
    store.set_label(quotes[0].id, "ana", "opposed")
    assert store.next_uncoded("ana", article_id, quotes[0].id) == (article_id, quotes[1].id)
    row = store.article_row(article_id, "ana")
    assert (row.quotes, row.coded, row.status) == (3, 1, "in progress")
    assert store.article_position(article_id) == 0
    assert store.article_position(article_id, ArticleFilter(status="new"), "ana") is None


def test_readonly_store_refuses_coding(tmp_path, store, article_id):
    q = store.quotes(article_id)[0]
    ro = Store(store.path, readonly=True)
    try:
        with pytest.raises(DatabaseReadOnly):
            ro.reject_quote(q.id, "ana")
    finally:
        ro.close()


def test_add_articles_is_one_transaction(store):
    items = [(Article(text=f"Fictional note {i}.", source=f"{i}.txt", content_hash=f"n{i}"), None) for i in range(3)]
    assert len([i for i in store.add_articles(items) if i]) == 3
    bad = [(Article(text="Fine text.", source="x.txt", content_hash="ok1"), None),
           (Article(text="Short.", source="y.txt", content_hash="bad1"),
            Annotation(entities=[Entity(start=0, end=4, label="ORG", text="nope")]))]
    with pytest.raises(ValueError):
        store.add_articles(bad)
    assert store.article_count() == 3  # the first article of the failed batch was rolled back


def test_merge_speakers_keeps_each_coders_speaker(store, article_id):
    quote = store.quotes(article_id)[1]
    jones = store.add_speaker(Speaker("Jones"))
    store.set_speakers({quote.id: jones}, "alice")
    store.set_label(quote.id, "alice", "opposed")
    store.merge_speakers(store.add_speaker(Speaker("Bob Jones")), jones, "ana")
    assert store.speaker_units()[quote.id] == {"alice": "Bob Jones"}


def test_merge_speakers_keeps_the_machines_proposal(store, article_id):
    quote = store.quotes(article_id)[0]  # the machine said Ilse Varkonen
    ilse, brel = quote.speaker_id, store.quotes(article_id)[1].speaker_id
    store.set_speakers({quote.id: brel}, "carl")
    for coder in ("bob", "carl"):  # bob accepted the machine's speaker
        store.set_label(quote.id, coder, "opposed")
    mayor = store.add_speaker(Speaker("Mayor Varkonen"))
    store.merge_speakers(mayor, ilse, "ana")
    assert store.speaker_units()[quote.id] == {"bob": "Mayor Varkonen", "carl": "Tomas Brel"}
    assert store.quote_proposal(quote.id)["speaker_id"] == mayor
    assert store.corrections("quote", quote.id)[-1]["before"] == {"speaker_id": mayor}


def test_stance_without_a_note_keeps_the_note(store, article_id):
    quote = store.quotes(article_id)[0]
    store.set_label(quote.id, "ana", "opposed", note="from the codes sheet")
    assert store.set_label(quote.id, "ana", "threat").note == "from the codes sheet"
    [label] = store.labels(article_id, "ana")
    assert (label.label, label.note) == ("threat", "from the codes sheet")
    store.set_label(quote.id, "ana", "threat", note="")
    assert store.labels(article_id, "ana")[0].note == ""
    assert store.set_label(store.quotes(article_id)[1].id, "ana", "neutral").note == ""


def test_next_uncoded_sees_a_quote_at_the_same_start(store, article_id):
    first = store.quotes(article_id)[0]
    shorter = store.add_quote(article_id, _quote(TEXT, "the harbour plan", "indirect"), "ana")
    store.set_label(shorter, "ana", "opposed")
    assert store.quote(shorter).start == first.start
    assert store.next_uncoded("ana", article_id, shorter) == (article_id, first.id)


def _while_another_writes(path, write, act):
    """Run ``act(store)`` on a second connection while ``write(store)`` holds the write lock
    (uncommitted); returns what ``act`` returned or raised once both are done."""
    outcome = {}

    def other():
        other_store = Store(path)
        try:
            outcome["value"] = act(other_store)
        except Exception as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc
        finally:
            other_store.close()

    writer = Store(path)
    try:
        with writer.transaction():
            write(writer)
            thread = threading.Thread(target=other)
            thread.start()
            time.sleep(0.4)  # the other connection reads now, then waits for the lock
    finally:
        writer.close()
    thread.join(10)
    return outcome


def test_two_connections_create_the_same_coder(store):
    outcome = _while_another_writes(store.path, lambda s: s.coder("zed"), lambda s: s.coder("zed"))
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"].id == store.coder("zed").id


def test_merge_reads_the_speakers_inside_its_transaction(store, article_id):
    keep, drop = store.add_speaker(Speaker("Tomas Brel")), store.add_speaker(Speaker("T. Brel"))
    store.coder("ana")
    outcome = _while_another_writes(store.path, lambda s: s.update_speaker(drop, "ben", roles=["mayor"]),
                                    lambda s: s.merge_speakers(keep, drop, "ana"))
    assert "error" not in outcome, outcome.get("error")
    assert store.speaker(keep).roles == ("mayor",)  # the role set meanwhile moved with the merge


def test_update_speaker_reads_the_speaker_inside_its_transaction(store, article_id):
    brel = store.quotes(article_id)[1].speaker_id
    store.coder("ana")
    outcome = _while_another_writes(store.path, lambda s: s.update_speaker(brel, "ben", name="T. Brel"),
                                    lambda s: s.update_speaker(brel, "ana", name="Tomas Brel"))
    assert "error" not in outcome, outcome.get("error")
    assert store.speaker(brel).name == "Tomas Brel"  # ana's rename back was not lost


def test_renaming_a_speaker_to_a_taken_name_is_refused(store, article_id):
    brel = store.quotes(article_id)[1].speaker_id
    with pytest.raises(ValueError, match="“Ilse Varkonen” exists already; merge"):
        store.update_speaker(brel, "ana", name="ilse varkonen", roles=["chair"])
    assert store.speaker(brel).name == "Tomas Brel" and store.speaker(brel).roles == ()
    assert store.update_speaker(brel, "ana", name="tomas brel").name == "tomas brel"  # its own name, any case


def test_add_speaker_strips_the_name_before_looking_it_up(store, article_id):
    brel = store.quotes(article_id)[1].speaker_id
    assert store.add_speaker(Speaker("  Tomas Brel ")) == brel


def test_update_quote_does_not_change_speakers(store, article_id):
    quote = store.quotes(article_id)[1]
    other = store.quotes(article_id)[0].speaker_id
    with pytest.raises(ValueError, match="set_speakers"):
        store.update_quote(quote.id, "ana", speaker_id=other, kind="mixed")
    assert store.quote(quote.id).speaker_id == quote.speaker_id and store.corrections() == []


def test_article_row_matches_the_list_and_positions_follow_the_filter(store, article_id):
    other = store.add_article(Article(text="A second fictional note.", source="b.txt", content_hash="h2"))
    store.set_label(store.quotes(article_id)[0].id, "ana", "opposed")
    assert [store.article_row(i, "ana") for i in (article_id, other)] == store.article_rows(coder="ana")
    assert store.article_row(other).title == "A second fictional note."  # untitled: its first sentence
    assert store.article_position(other) == 1
    assert store.article_position(other, ArticleFilter(status="new"), "ana") == 0
    assert store.article_position(article_id, ArticleFilter(status="new"), "ana") is None
    assert store.article_position(other, ArticleFilter(search="second")) == 0
    assert store.article_position(99) is None
