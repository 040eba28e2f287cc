"""Speakers the pre-tagger used to leave as a bare description or a guess (issue 12, measured
on ggt_dev and polnear_train): a name the parse glued to its verb, a name apposed to a
description through dashes or split off by a hyphen, a description that names whom it is
about ("Aides to Tallon"), a headline's "Name: ‘…’" and a participle hung on a thing ("rejected
the notion …, saying"). All people, places and organisations here are fictional."""

from __future__ import annotations

import pytest

from pretagging import quote_with, run, speaker_of


# ---- a name the parse glued to its reporting verb ------------------------------------------------


def test_a_name_glued_to_its_verb_is_the_speaker(tagger):
    # the parse spaCy gives "“Go back to Harbour TV,” Varrick barked and a guard escorted Pellan
    # out." for some names: "Varrick barked" as one noun phrase, apposed to the quotation
    from spacy.tokens import Doc

    from quotecoder.core.pretag.speakers import SpeakerResolver

    words = ["“", "Go", "back", ",", "”", "Varrick", "barked", "and", "a", "guard", "escorted", "Pellan", "out", "."]
    heads = [1, 1, 1, 1, 1, 6, 1, 6, 9, 10, 6, 10, 10, 10]
    deps = ["punct", "ROOT", "advmod", "punct", "punct", "compound", "appos", "cc", "det", "nsubj", "conj", "dobj", "prt", "punct"]
    pos = ["PUNCT", "VERB", "ADV", "PUNCT", "PUNCT", "PROPN", "VERB", "CCONJ", "DET", "NOUN", "VERB", "PROPN", "ADP", "PUNCT"]
    tags = ["``", "VB", "RB", ",", "''", "NNP", "VBN", "CC", "DT", "NN", "VBD", "NNP", "RP", "."]
    lemmas = ["“", "go", "back", ",", "”", "Varrick", "bark", "and", "a", "guard", "escort", "Pellan", "out", "."]
    spaces = [False, True, False, False, True, True, True, True, True, True, True, True, False, False]
    doc = Doc(tagger.nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    res = SpeakerResolver(doc, []).resolve(doc[6])
    assert res.speaker is not None and res.speaker.name == "Varrick"


# ---- a name beside a description as a second subject ---------------------------------------------


def test_a_name_apposed_through_dashes_is_the_speaker(tagger):
    text = "A former senator -- Jo Pellow, who lost the 2008 race -- said the plan was a failure."
    assert speaker_of(run(tagger, text), "the plan was a failure") == "Jo Pellow"


def test_a_name_after_a_hyphenated_description_is_the_speaker(tagger):
    text = "“Imagine the two of them on one stage,” mused Blaze co-host Stu Barrow. “Not to mention the ratings.”"
    ann = run(tagger, text)
    assert speaker_of(ann, "Imagine the two") == "Stu Barrow"


# ---- a description that names whom or what it is about -------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("Aides to Tallon say she is shifting her tack toward her rival.", "shifting her tack", "Aides to Tallon"),
        ("A longtime adviser to Varrick said the campaign would change course.", "change course", "A longtime adviser to Varrick"),
        ("Turnout will be high, according to a count by the Drelton Herald.", "Turnout will be high", "a count by the Drelton Herald"),
    ],
)
def test_a_description_keeps_the_name_it_is_about(tagger, text, fragment, speaker):
    assert speaker_of(run(tagger, text), fragment) == speaker


# ---- a headline's "Name: ‘…’" -------------------------------------------------------------------


def test_a_headline_quote_is_spoken_by_the_name_before_its_colon(tagger):
    text = (
        "Reid: 'Never, ever underestimate Varrick.'\n\n"
        "Senate leader Harry Reid has warned his party about Dax Varrick, and Varrick laughed."
    )
    q = quote_with(run(tagger, text), "underestimate Varrick")
    assert q.speaker is not None and q.speaker.name == "Harry Reid"


def test_a_headline_name_stops_at_its_preposition(tagger):
    text = (
        "Pellow on Varrick Releasing Her Speech Transcripts: ‘I Think She Will.’\n\n"
        "Friday on NTV, Sen. Ida Pellow told the host she believed Varrick would release the transcripts."
    )
    assert speaker_of(run(tagger, text), "I Think She Will") == "Ida Pellow"


# ---- a participle the parse hung on a thing -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Continuing to explain his view, Pellow rejected the notion that the episode should be water under the bridge, "
            'saying that if he "found something that was rotten, I would leave."',
            "found something that was rotten",
            "Pellow",
        ),
        (
            "On Sunday morning Mr. Varrick made a third attempt to deflect Mr. Pellan's criticism, writing on Twitter "
            "that the real issue at stake in the election was the ferry.",
            "the real issue at stake",
            "Varrick",
        ),
    ],
)
def test_a_participle_on_a_thing_shares_the_clauses_subject(tagger, text, fragment, speaker):
    assert speaker_of(run(tagger, text), fragment) == speaker


def test_a_dateline_before_a_headline_colon_names_nobody(tagger):
    text = "HARBOUR CITY — Here is what we know: ‘The ferry is late again.’\n\nThe ferry to Norland was late on Monday."
    q = quote_with(run(tagger, text), "ferry is late again")
    assert q.speaker is None or q.speaker.name != "HARBOUR CITY"
