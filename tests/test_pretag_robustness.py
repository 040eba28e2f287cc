"""Robustness of the pre-tagger on odd input (found by fuzzing; fictional texts): it never raises,
every span's offsets match the text, and the time stays about linear in the text's length."""

from __future__ import annotations

import time

from pretagging import run


def _spans_hold(text, ann):
    spans = list(ann.entities)
    for q in ann.quotes:
        spans += [s for s in (q, q.cue, q.mention) if s is not None]
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text


def test_lone_surrogates_do_not_crash_and_offsets_hold(tagger):
    # a broken "\ud83d" escape or surrogateescape decoding leaves lone surrogates; spaCy cannot
    # encode them and raised UnicodeEncodeError
    text = "\ud83d“We stay\ud800,” said Ilsa Brandt. Brandt’s crew left.\udc80"
    ann = run(tagger, text)
    _spans_hold(text, ann)
    assert any("We stay" in q.text for q in ann.quotes)
    assert run(tagger, "\udfff").quotes == []


def test_many_unattributed_quotes_on_one_line_take_linear_time(tagger):
    # the headline speaker looked for the first line's colon through every token, once per quote
    from quotecoder.core.pretag.entities import extract_entities
    from quotecoder.core.pretag.quotes import extract_quotes

    text = "“We are fine today, and the sea is calm.” " * 1400  # 60,000 characters, no line break
    doc = next(tagger.parse([text]))
    ents = extract_entities(doc)
    t = time.perf_counter()
    quotes = extract_quotes(doc, ents, ())
    assert time.perf_counter() - t < 2.0  # was about 5 s
    assert len(quotes) > 1000


def test_many_people_on_one_long_line_take_linear_time(tagger):
    # the headline-words cut split the whole line again for every person on it
    from quotecoder.core.pretag.entities import extract_entities

    text = "Brandt Kerrigan Halvorsen said that " * 4200  # 150,000 characters, no line break
    doc = next(tagger.parse([text]))
    t = time.perf_counter()
    ents = extract_entities(doc)
    assert time.perf_counter() - t < 1.0  # was about 2.5 s
    assert all(text[e.start : e.end] == e.text for e in ents)


def test_thousands_of_unclosed_nested_marks_take_linear_time():
    # every mark scanned all the openers still open, and they never closed
    from quotecoder.core.pretag.marks import find_segments

    text = "“a ‘b " * 20000
    t = time.perf_counter()
    segments = find_segments(text)
    assert time.perf_counter() - t < 2.0  # was about 40 s
    assert segments and segments[0].start == 0


def test_odd_texts_keep_every_offset(tagger):
    texts = [
        "",
        " \t\r\n ",
        "„“«»‹›「」''``\"‘’",
        "Ilsa Brandt:",
        "Ilsa Brandt: “",
        "—\n–\n-\n— — —\n“—”",
        "“We stay,” she said",
        ", said Brandt.",
        "”Hello,” she said.",
        "“We stay,” said Ilsa Brandt. Brandt’s",
        "“We stay,” said Ilsa\u200b Brandt.\u200b\r\n«Nous restons», a dit D’Arcy-O’Neill.\u202e",
        "“a ‘b " * 100 + "” she said.",
    ]
    for text in texts:
        _spans_hold(text, run(tagger, text))


def test_a_long_run_of_dashes_takes_linear_time(tagger):
    # spaCy's tokenizer is quadratic in a run of punctuation without spaces (15,000 dashes took
    # about 20 s); such a run is parsed with a space every 1,000 characters
    text = "“We stay,” said Ilsa Brandt. " + "—" * 15000 + " “We go,” said Tomas Kerrigan."
    t = time.perf_counter()
    ann = run(tagger, text)
    assert time.perf_counter() - t < 10.0
    _spans_hold(text, ann)
    assert {q.speaker.name for q in ann.quotes if q.speaker} == {"Ilsa Brandt", "Tomas Kerrigan"}
