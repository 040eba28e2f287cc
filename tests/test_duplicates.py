"""Near-duplicate detection."""

from quotecoder.core.duplicates import DuplicateIndex, Match, estimate, jaccard, shingles, signature
from quotecoder.core.importers import Article, read_articles
from quotecoder.core.workspace import sample_paths


def index_all(texts: dict[int, str]) -> DuplicateIndex:
    index = DuplicateIndex(texts.__getitem__)
    for article_id, text in texts.items():
        index.add(article_id, text)
    return index


def test_samples_group_only_the_syndicated_pair():
    articles = [a for a in read_articles(sample_paths()) if isinstance(a, Article)]
    texts = {i: a.text for i, a in enumerate(articles, start=1)}
    index = index_all(texts)
    names = {i: a.source.rsplit("/", 1)[-1][:2] for i, a in enumerate(articles, start=1)}
    groups = {}
    for i in texts:
        if index.group(i) is not None:
            groups.setdefault(index.group(i), []).append(names[i])
    assert list(groups.values()) == [["09", "10"]]


def test_seeds_rewrite_is_grouped(shared_corpus):
    articles = [a for a in read_articles([shared_corpus / "seeds"]) if isinstance(a, Article)]
    texts = {i: a.text for i, a in enumerate(articles, start=1)}
    index = index_all(texts)
    by_name = {a.source.rsplit("/", 1)[-1][:3]: i for i, a in texts.items() for a in [articles[i - 1]]}
    assert index.group(by_name["001"]) is not None
    assert index.group(by_name["001"]) == index.group(by_name["002"])
    assert index.group(by_name["000"]) is None


def test_group_returns_members_to_update():
    base = "The envoy said the ceasefire talks in Port Aldis would resume on Monday after a pause of two weeks."
    texts = {1: base, 2: "Unrelated: the harbour festival drew large crowds to the waterfront on Sunday evening.", 3: base + " More later."}
    index = DuplicateIndex(texts.__getitem__)
    assert index.add(1, texts[1]) is None
    assert index.add(2, texts[2]) is None
    sig = signature(texts[3])
    assert index.find(texts[3], sig) == Match(group=1, merges=(), joins=(1,))
    index.insert(3, sig, index.find(texts[3], sig))
    assert index.group(1) == index.group(3) == 1 and index.group(2) is None


def test_shingles_and_jaccard():
    assert shingles("One two three four") == {"one two three", "two three four"}
    assert shingles("Hi") == {"hi"} and shingles("") == set()
    assert jaccard({"a"}, {"a", "b"}) == 0.5 and jaccard(set(), set()) == 0.0


def test_a_story_copied_many_times_is_compared_once_per_copy():
    story = "The harbour board met again today and the chair said the ferry vote would wait until spring. "
    texts = {i: story * 3 + f"Copy {i}." for i in range(1, 301)}
    fetched = []

    def text_of(article_id):
        fetched.append(article_id)
        return texts[article_id]

    index = DuplicateIndex(text_of)
    for article_id, text in texts.items():
        index.add(article_id, text)
    assert {index.group(i) for i in texts} == {1}
    assert len(fetched) <= 2 * len(texts)  # not one comparison per earlier copy


STORY_A = "The harbour board met today and the chair said the ferry vote would wait until the spring thaw. "
STORY_B = "Farmers in the northern valley said the new dam had flooded three villages and ruined the harvest. "


def test_an_article_bridging_two_groups_merges_them_even_after_a_reload(tmp_path):
    from quotecoder.core.importing import import_paths
    from quotecoder.core.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "1a.txt": STORY_A * 3 + "First print.",
        "2a.txt": STORY_A * 3 + "Second print.",
        "3b.txt": STORY_B * 3 + "First print.",
        "4b.txt": STORY_B * 3 + "Second print.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        import_paths(store, [folder])
        assert [store.article(i).dup_group for i in store.article_ids()] == [1, 1, 3, 3]
        bridge = tmp_path / "5x.txt"
        bridge.write_text(STORY_A * 3 + STORY_B * 3, encoding="utf-8")
        import_paths(store, [bridge])
        assert {store.article(i).dup_group for i in store.article_ids()} == {1}
        later = tmp_path / "6b.txt"  # a later copy of story B, after the index is rebuilt from the store
        later.write_text(STORY_B * 3 + "Third print.", encoding="utf-8")
        import_paths(store, [later])
        assert store.article(6).dup_group == 1


def test_signatures_estimate_jaccard():
    a, b = STORY_A * 3, STORY_A * 2 + STORY_B
    exact = jaccard(shingles(a), shingles(b))
    assert abs(estimate(signature(a), signature(b)) - exact) < 0.15
    assert estimate(signature(a), signature(a)) == 1.0
    assert signature("") == signature("   ")  # an empty text has a signature too
