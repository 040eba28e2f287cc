"""The store is composed of parts around one connection (issue 11): each public method the
store offers is its part's, and every part shares the store's one connection."""

import pytest

from quotecoder.core.model import Article, Speaker
from quotecoder.core.store import PARTS, Store


def test_the_store_offers_each_parts_methods_under_their_own_names(tmp_path):
    with Store(tmp_path / "a.db") as store:
        assert store.add_article == store.articles.add_article
        assert store.set_label == store.codes.set_label
        assert store.speakers == store.registry.speakers
        assert store.long_rows == store.exports.long_rows
        assert store.transaction == store.db.transaction
        for attribute in PARTS:
            assert getattr(store, attribute).db is store.db
        assert "add_article" in dir(store)
        with pytest.raises(AttributeError, match="no attribute 'no_such_method'"):
            store.no_such_method  # noqa: B018


def test_parts_reach_each_other_through_the_store_in_one_transaction(tmp_path):
    with Store(tmp_path / "a.db") as store:
        article_id = store.add_article(Article(source="a.txt", outlet="Herald", title="T",
                                               text="Mara Lind said it was fine.", content_hash="h1"))
        speaker_id = store.add_speaker(Speaker(name="Mara Lind", type="person"))  # the speaker registry
        with store.transaction():  # a coding edit inside another part's transaction joins it
            store.coder("ann")
            assert store.db.conn.in_transaction
        assert [s.id for s in store.speakers()] == [speaker_id]
        assert store.article(article_id).title == "T"


def test_a_method_offered_by_two_parts_is_refused():
    from quotecoder.core import store as package

    class Clash:
        def add_article(self):  # already the articles part's
            return None

    PARTS["clash"] = Clash
    try:
        with pytest.raises(TypeError, match="add_article is offered by both articles and clash"):
            package._api()
    finally:
        del PARTS["clash"]
