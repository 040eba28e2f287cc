"""Long articles are pre-tagged in paragraph chunks with their offsets kept (issue 10 §3).

spaCy refuses a text longer than ``nlp.max_length`` (error E088, 1,000,000 characters by
default); here the limit and the chunk size are made small so a fictional text of a few
pages shows the same behaviour quickly (bench/pretag.py times a 1.2-million-character one).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotecoder.core.pretag import Pretagger, cached_pipeline, split_chunks

PARAGRAPH = (
    "The harbour board of Gullport met again on day {n}. “We will not be rushed,” chair Edda Morn said.\n\n"
    "“The ferry runs at a loss and the council knows it,” Olek Brandt said. He added that the port needed a crane.\n\n"
)


def long_text(chars: int) -> str:
    parts, n = [], 0
    while sum(map(len, parts)) < chars:
        parts.append(PARAGRAPH.format(n=n))
        n += 1
    return "".join(parts)


@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=8, max_value=60))
def test_chunks_join_back_to_the_text_and_respect_the_limit(text, limit):
    chunks = split_chunks(text, limit)
    assert "".join(chunks) == text
    assert all(len(c) <= limit for c in chunks)


def test_chunks_are_cut_after_line_breaks():
    text = long_text(5_000)
    chunks = split_chunks(text, 1_000)
    assert len(chunks) > 4
    assert all(c.endswith("\n") for c in chunks[:-1])


@pytest.fixture
def small_limit():
    nlp = cached_pipeline()
    saved = nlp.max_length
    nlp.max_length = 6_000
    yield nlp
    nlp.max_length = saved


def test_a_text_over_the_pipeline_limit_is_pre_tagged_whole(small_limit):
    nlp = small_limit
    text = long_text(20_000)
    with pytest.raises(ValueError, match="E088"):
        nlp(text)  # the limit that used to stop a whole import
    tagger = Pretagger(nlp=nlp)
    tagger.chunk_chars = 4_000
    (annotation,) = list(tagger.annotate([text, ""]))[:1]
    n_paragraphs = text.count("“We will not be rushed,”")
    assert len([q for q in annotation.quotes if q.text.startswith("We will not be rushed")]) == n_paragraphs
    for q in annotation.quotes:
        assert text[q.start : q.end] == q.text
        if q.text.startswith("The ferry runs"):
            assert q.speaker is not None and q.speaker.name == "Olek Brandt"
    for e in annotation.entities:
        assert text[e.start : e.end] == e.text
    last = max(annotation.quotes, key=lambda q: q.start)
    assert last.start > len(text) - 400  # offsets run to the end of the whole text


def test_long_and_short_texts_keep_their_order(small_limit):
    tagger = Pretagger(nlp=small_limit)
    tagger.chunk_chars = 4_000
    short = "“We sail at dawn,” Ona Pell said."
    texts = [short, long_text(12_000), short]
    annotations = list(tagger.annotate(texts, batch_size=2))
    assert len(annotations) == 3
    assert annotations[0].quotes[0].text == annotations[2].quotes[0].text == "We sail at dawn,"
    assert len(annotations[1].quotes) > 20
