"""Speaker guessing for a coder's new quote, and the mention after a re-attribution (core API).

Every person here is fictional.
"""

from quotecoder.core.attribution import guess_speaker, mention_for, names_speaker, quote_kind, rank_similar
from dataclasses import replace

from quotecoder.core.model import Entity, Quote, Span, Speaker

TEXT = (
    "Councillor Mira Tesh said the ferry plan would ruin the old quay. "
    "\u201cWe cannot afford another white elephant,\u201d Tesh told the meeting on Monday. "
    "Harbourmaster Olek Brandt disagreed. \u201cThe ferry will bring trade back,\u201d Brandt said. "
    "Ivo Lanner, a fisherman, added that nobody had asked the crews.\n"
    "Officials declined to comment."
)


def span(phrase: str, after: int = 0) -> Span:
    start = TEXT.index(phrase, after)
    return Span(start, start + len(phrase), phrase)


def person(name: str) -> Entity:
    s = span(name)
    return Entity(s.start, s.end, "PERSON", name)


ENTITIES = [person("Mira Tesh"), person("Olek Brandt"), person("Ivo Lanner")]


def stored_quote(phrase: str, speaker_id: int, mention: str | None = None) -> Quote:
    s = span(phrase)
    m = span(mention, max(0, s.start - 40)) if mention else None
    return Quote(s.start, s.end, phrase, "direct", mention=m, speaker_id=speaker_id, id=speaker_id * 10)


QUOTES = [stored_quote("\u201cThe ferry will bring trade back,\u201d", 7, "Brandt")]


def test_a_person_in_the_same_sentence_is_the_speaker_with_its_mention():
    s = span("nobody had asked the crews")
    found = guess_speaker(TEXT, s.start, s.end, ENTITIES, QUOTES)
    assert found.speaker == Speaker("Ivo Lanner", type="person")
    assert found.mention == span("Ivo Lanner")
    assert found.speaker_id is None


def test_the_nearest_person_wins_and_a_name_inside_the_quote_does_not_count():
    s = span("the ferry plan would ruin the old quay")
    assert guess_speaker(TEXT, s.start, s.end, ENTITIES, QUOTES).speaker.name == "Mira Tesh"
    whole = span("Councillor Mira Tesh said the ferry plan")
    assert guess_speaker(TEXT, whole.start, whole.end, ENTITIES, []).speaker is None


def test_without_a_person_the_previous_quotes_speaker_is_taken():
    s = span("Officials declined to comment")
    found = guess_speaker(TEXT, s.start, s.end, ENTITIES, QUOTES)
    assert (found.speaker, found.speaker_id, found.mention) == (None, 7, None)
    assert guess_speaker(TEXT, s.start, s.end, [], []).speaker_id is None


def test_the_kind_follows_the_opening_mark():
    assert quote_kind(TEXT, span("\u201cWe cannot").start) == "direct"
    assert quote_kind(TEXT, span("nobody had").start) == "indirect"


def test_the_mention_follows_a_new_speaker():
    quote = stored_quote("\u201cWe cannot afford another white elephant,\u201d", 3, "Tesh")
    # still named by the old mention: kept
    assert mention_for(TEXT, quote, Speaker("Mira Tesh", "person")) == quote.mention
    # a speaker named near the quote: the nearest words naming them, the full name before a surname
    assert mention_for(TEXT, quote, Speaker("Olek Brandt", "person")) == span("Olek Brandt")
    # an alias counts
    assert mention_for(TEXT, quote, Speaker("The harbour office", "organisation", aliases=("Harbourmaster",))) \
        == span("Harbourmaster")
    # nobody of that name in the paragraph: no mention
    assert mention_for(TEXT, quote, Speaker("Ruda Voss", "person")) is None


def test_names_speaker_reads_surnames_and_titles():
    olek = Speaker("Olek Brandt", "person")
    assert names_speaker("Brandt", olek) and names_speaker("Harbourmaster Olek Brandt", olek)
    assert not names_speaker("Tesh", olek)


def test_the_most_similar_speaker_comes_first():
    zelenskyy = Speaker("Zelenskyy", "person")
    others = [Speaker("a concept paper circulated among diplomats", "unknown"), Speaker("Mira Tesh", "person"),
              Speaker("Volodymyr Zelensky", "person"), Speaker("Zelenskyy's office", "organisation")]
    ranked = [s.name for s in rank_similar(zelenskyy, others)]
    assert ranked[:2] == ["Zelenskyy's office", "Volodymyr Zelensky"]  # never the alphabetically first
    # an alias counts as the name
    candidates = [Speaker("Mira Tesh"), Speaker("Harbourmaster", aliases=("Olek Brandt",))]
    assert rank_similar(Speaker("O. Brandt"), candidates)[0].name == "Harbourmaster"


def test_an_untitled_article_is_called_by_its_first_sentence():
    from quotecoder.core.titles import display_title, first_sentence

    assert first_sentence("\n\n  The quay reopens today.  More follows. ") == "The quay reopens today."
    assert first_sentence("BRENHOLM, March 27\nThe summit opened.") == "BRENHOLM, March 27"
    long = "word " * 60
    assert first_sentence(long, 40).endswith("…") and len(first_sentence(long, 40)) <= 40
    assert display_title("  ", "It rained. Then it stopped.", "a/b/03_rain.txt", 3) == "It rained."
    assert display_title(None, "", "a/b/03_rain.txt", 3) == "03_rain.txt"
    assert display_title("Headline", "It rained.") == "Headline"
    assert display_title(None, None, None, 7) == "Article 7"


# -- reviewing and correcting machine attributions (issue 12 §3) ---------------------------------

from quotecoder.core.attribution import (  # noqa: E402
    REVIEW_THRESHOLD,
    alias_to_learn,
    dependent_quotes,
    needs_review,
    speaker_choices,
)
from quotecoder.core.model import Annotation, Article, SpeakerCandidate  # noqa: E402

PIER = (
    "Harbour Mayor Petra Lund opened the meeting. \u201cWe will rebuild the pier,\u201d Lund said. "
    "\u201cIt will take two years.\u201d \u201cNobody will lose a berth.\u201d\n"
    "She added that the council would pay. The harbour master said the money was not there. "
    "\u201cWe have asked twice,\u201d said Jon Eriksen. \u201cTwice.\u201d Petra Lund said the pier comes first."
)


def pier_span(phrase: str, after: int = 0) -> Span:
    start = PIER.index(phrase, after)
    return Span(start, start + len(phrase), phrase)


def pier_quote(qid: int, phrase: str, speaker_id: int, mention: Span | None = None, cue: str | None = None,
               origin: str = "model") -> Quote:
    s = pier_span(phrase)
    c = pier_span(cue, max(0, s.start - 30)) if cue else None
    names = {1: "Petra Lund", 2: "Jon Eriksen", 3: "Karin Lund"}
    return Quote(s.start, s.end, phrase, "direct", cue=c, mention=mention, speaker_id=speaker_id,
                 speaker=Speaker(names[speaker_id], "person", id=speaker_id), origin=origin, id=qid)


LUND = pier_span("Lund", PIER.index("pier"))


def pier_quotes(**changes) -> list[Quote]:
    quotes = [
        pier_quote(1, "\u201cWe will rebuild the pier,\u201d", 1, LUND, "said"),
        pier_quote(2, "\u201cIt will take two years.\u201d", 1, LUND),  # floating: carries Lund
        pier_quote(3, "\u201cNobody will lose a berth.\u201d", 1),  # floating, older data: no mention
        pier_quote(4, "the council would pay", 1, pier_span("She"), "added"),  # a pronoun
        pier_quote(5, "the money was not there", 1, pier_span("The harbour master"), "said"),  # a role
        pier_quote(6, "\u201cWe have asked twice,\u201d", 2, pier_span("Jon Eriksen"), "said"),
        pier_quote(7, "\u201cTwice.\u201d", 2, pier_span("Jon Eriksen")),  # continues Eriksen
        pier_quote(8, "the pier comes first", 1, pier_span("Petra Lund", PIER.index("Twice")), "said"),
    ]
    for qid, change in changes.items():
        i = int(qid[1:]) - 1
        quotes[i] = replace(quotes[i], **change)
    return quotes


def test_a_correction_carries_to_the_floating_quotes_and_the_pronouns_and_roles_of_that_person():
    quotes = pier_quotes()
    # Lund's quote corrected: the quotes that continued it, "She" and "The harbour master" resolved to
    # the same person; never Eriksen's, nor the quote that names Petra Lund in full
    assert dependent_quotes(quotes, quotes[0], 1) == [2, 3, 4, 5]
    # settled quotes (a coder decided them) and coders' quotes stay as they are
    assert dependent_quotes(quotes, quotes[0], 1, settled={3}) == [2, 4, 5]
    assert dependent_quotes(pier_quotes(q4={"origin": "coder"}), quotes[0], 1) == [2, 3, 5]
    # the chain of floating quotes ends at a quote attributed to someone else
    broken = pier_quotes(q2={"speaker_id": 2, "speaker": Speaker("Jon Eriksen", id=2)})
    assert dependent_quotes(broken, broken[0], 1) == [4, 5]
    # a floating quote corrected: the ones after it, never the quote with a cue it continued
    assert dependent_quotes(quotes, quotes[1], 1) == [3, 4, 5]
    # a pronoun corrected: the other pronouns and roles of that person
    assert dependent_quotes(quotes, quotes[3], 1) == [5]
    assert dependent_quotes(quotes, quotes[5], 2) == [7]
    assert dependent_quotes(quotes, quotes[0], None) == []


def test_the_registry_learns_a_name_form_only():
    registry = [Speaker("Petra Lund", "person", id=1), Speaker("Jon Eriksen", "person", id=2),
                Speaker("Ada Berg", "person", id=3)]
    board = Speaker("Harbour Board", "organisation", id=4)
    authority = Span(0, 27, "the Gullport Port Authority")
    assert alias_to_learn(authority, board, registry) == "Gullport Port Authority"  # titles and articles dropped
    assert alias_to_learn(Span(0, 3, "She"), board, registry) is None  # a pronoun
    assert alias_to_learn(Span(0, 18, "the harbour master"), board, registry) is None  # a role
    assert alias_to_learn(None, board, registry) is None
    # a form that names the new speaker already teaches nothing
    assert alias_to_learn(Span(0, 10, "Mayor Lund"), Speaker("Karin Lund", "person", id=5), registry) is None
    # another speaker's name: the mention was wrong, not the name
    assert alias_to_learn(Span(0, 11, "Jon Eriksen"), board, registry) is None
    # another person's surname: only when it shares a word with the new speaker
    assert alias_to_learn(Span(0, 7, "Eriksen"), Speaker("Mira Holm", "person", id=6), registry) is None
    assert alias_to_learn(Span(0, 4, "Berg"), Speaker("Berg Shipping", "organisation", id=7), registry) == "Berg"


def test_review_and_the_pickers_lines():
    low = pier_quote(1, "\u201cWe will rebuild the pier,\u201d", 1, LUND, "said")
    low = replace(low, speaker_confidence=0.41, speaker_candidates=(
        SpeakerCandidate("Petra Lund", "person", 0.41), SpeakerCandidate("Karin Lund", "person", 0.33)))
    assert 0.5 <= REVIEW_THRESHOLD <= 0.8
    assert needs_review(low)
    assert not needs_review(replace(low, speaker_confidence=None))  # older data: not low
    assert not needs_review(replace(low, speaker_confidence=0.95))
    assert not needs_review(replace(low, origin="coder"))
    lines = speaker_choices(low, pier_quotes())
    assert [(c.name, c.confidence, c.current) for c in lines] == [
        ("Petra Lund", 0.41, True), ("Karin Lund", 0.33, False), ("Jon Eriksen", None, False)]
    # no candidates (older data): the current speaker, then the article's others
    assert [c.name for c in speaker_choices(replace(low, speaker_candidates=()), pier_quotes())] == [
        "Petra Lund", "Jon Eriksen"]


def test_the_store_counts_finds_and_sorts_the_quotes_to_review(tmp_path):
    from quotecoder.core.store import ArticleFilter, Store

    store = Store(tmp_path / "review.db")
    sure, unsure = 0.93, 0.35
    ids = []
    for n, confidences in enumerate([(sure, sure), (unsure, None, unsure), (unsure, sure)]):
        quotes = [replace(q, id=None, speaker_id=None, speaker_confidence=c)
                  for q, c in zip(pier_quotes(), confidences)]
        ids.append(store.add_article(Article(text=PIER, title=f"Pier {n}", content_hash=f"pier{n}"),
                                     Annotation(quotes=quotes)))
    assert [r.to_review for r in store.article_rows()] == [0, 2, 1]
    assert [r.id for r in store.article_rows(ArticleFilter(sort="review"))] == [ids[1], ids[2], ids[0]]
    assert store.article_ids(ArticleFilter(sort="review")) == [ids[1], ids[2], ids[0]]
    assert store.article_position(ids[0], ArticleFilter(sort="review")) == 2
    assert store.article_row(ids[1]).to_review == 2
    assert [(r.id, r.to_review) for r in store.article_rows_for([ids[2], ids[0]])] == [(ids[2], 1), (ids[0], 0)]
    second = store.quotes(ids[1])
    assert store.next_to_review() == (ids[1], second[0].id)
    assert store.next_to_review(ids[1], second[0].id) == (ids[1], second[2].id)
    assert store.next_to_review(ids[1], second[2].id) == (ids[2], store.quotes(ids[2])[0].id)
    # a coder's decision (a change or a confirmation) settles a quote; undo can unsettle it
    store.set_speakers({second[0].id: store.add_speaker(Speaker("Karin Lund", "person"))}, "ana")
    assert store.mark_reviewed([second[2].id], "ana") == [second[2].id]
    assert store.article_row(ids[1]).to_review == 0
    assert store.reviewed_quotes(ids[1]) == {second[0].id, second[2].id}
    assert store.mark_reviewed([second[0].id], "ana", False) == [second[0].id]
    assert store.article_row(ids[1]).to_review == 1
    assert store.speakers_decided([q.id for q in second]) == {second[2].id}
    store.close()
