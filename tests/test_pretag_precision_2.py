"""Quoted words that are not speech (issue 12, precision): programme and book titles, and
subheadings that repeat a phrase in single quotes. Each was measured on ggt_dev and
polnear_train. All people, places and organisations here are fictional."""

from __future__ import annotations

import pytest

from pretagging import quote_with, run


OPENING = 'Mayor Ilsa Brandt defended the ferry budget on Monday. "We will not back down," she said.\n\n'


def _bare(text: str) -> str:
    return text.strip("\"'\u201c\u201d\u2018\u2019,. ")


# ---- titles of programmes and books ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, title",
    [
        ('"The ferry will sail," Councillor Tomas Reyes said Sunday on Tarn Radio\'s "Morning Roundup." "It always has."', "Morning Roundup"),
        ('\u201cWe will see,\u201d Reyes said in an interview on Tarn Radio\u2019s \u201cValley Hour.\u201d', "Valley Hour"),
        ('"The ferry will sail," Councillor Tomas Reyes said on Tarn News\u2019 \u201cFace the Valley.\u201d He left soon after.', "Face the Valley"),
        ('Councillor Tomas Reyes told "Valley Talk" on Monday that the ferry would sail.', "Valley Talk"),
    ],
)
def test_a_programme_named_where_something_was_said_is_not_a_quote(tagger, sentence, title):
    ann = run(tagger, OPENING + sentence)
    assert not [q for q in ann.quotes if _bare(q.text).endswith(title) and len(q.text) < len(title) + 40], [q.text for q in ann.quotes]


def test_a_book_title_set_off_by_commas_is_not_a_quote(tagger):
    text = OPENING + 'Brandt\'s memoir, "Far From the Harbour," sold 20,000 copies in its first month.'
    ann = run(tagger, text)
    assert not [q for q in ann.quotes if "Far From the Harbour" in q.text], [q.text for q in ann.quotes]


def test_a_quote_split_by_its_cue_after_a_title_case_opening_stays(tagger):
    ann = run(tagger, OPENING + '"Good Morning," Reyes said, "and welcome to the ferry hearing."')
    assert quote_with(ann, "Good Morning").kind == "direct"


# ---- subheadings in single quotes ------------------------------------------------------------


STORY = (
    OPENING
    + 'Councillor Tomas Reyes disagreed. "The budget is a fantasy," he said.\n\n'
    + "'A fight to the finish.'\n\n"
    + 'The vote is set for Friday. "We have the numbers," Brandt said.\n\n'
)


def test_a_single_quoted_subheading_is_not_a_quote(tagger):
    ann = run(tagger, STORY)
    assert not [q for q in ann.quotes if "fight to the finish" in q.text], [q.text for q in ann.quotes]
    assert quote_with(ann, "We have the numbers").kind == "direct"


def test_a_story_quoted_in_single_marks_keeps_its_one_line_quotes(tagger):
    text = (
        "Mayor Ilsa Brandt defended the ferry budget. 'We will not back down,' she said.\n\n"
        + "'The budget is sound.'\n\n"
        + "Councillor Tomas Reyes disagreed. 'It is a fantasy,' he said.\n\n"
    )
    ann = run(tagger, text)
    assert quote_with(ann, "The budget is sound").kind == "direct"
