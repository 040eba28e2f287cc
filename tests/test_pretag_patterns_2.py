"""Attribution patterns added for issue 12 (each measured on two development corpora): nested
closing marks, short quotes before their cue, "accuse X of", "call on X to", "ask X to", and
names after an owner's possessive. All people, places and organisations here are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag.speakers import clean_name, person_clean
from pretagging import quote_with, run


# ---- quotation marks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Part of my job is to say: ‘Hey, this ferry plan is real,’” Ilse Marten said of the harbour board.",
        "''Part of my job is to say: 'Hey, this ferry plan is real,''' Ilse Marten said of the harbour board.",
    ],
)
def test_a_quote_ending_in_a_nested_quote_is_still_direct(tagger, text):
    q = quote_with(run(tagger, text), "Part of my job")
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


@pytest.mark.parametrize(
    "text",
    [
        "“Follow me,” Olek Brandt said, and the children trailed behind him to the quay.",
        "''Not yet,'' said Olek Brandt as the ferry left the quay.",
    ],
)
def test_a_two_word_quote_before_its_cue_is_a_direct_quote(tagger, text):
    ann = run(tagger, text)
    q = quote_with(ann, "Follow me" if "Follow" in text else "Not yet")
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.name == "Olek Brandt"


def test_two_quoted_words_in_a_sentence_stay_a_fragment(tagger):
    ann = run(tagger, "The board called the plan “too hasty” and the vote was delayed.")
    assert all(q.kind != "direct" for q in ann.quotes)


# ---- cues with an object ---------------------------------------------------------------------------


def test_accuse_someone_of_something_is_a_report(tagger):
    ann = run(tagger, "Harbour master Ilse Marten accused the ferry company of ignoring the safety rules.")
    q = quote_with(ann, "of ignoring the safety rules")
    assert q.text == "the ferry company of ignoring the safety rules"
    assert q.kind == "indirect" and q.cue is not None and q.cue.text == "accused"
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_accusing_a_thing_is_not_a_report(tagger):
    ann = run(tagger, "Olek Brandt accused the new ferry plan of being too slow for commuters.")
    assert not [q for q in ann.quotes if "ferry plan" in q.text]


def test_call_on_someone_to_act_is_a_report(tagger):
    ann = run(tagger, "The Gullport dockers' union called on the council to reopen the talks.")
    q = quote_with(ann, "to reopen the talks")
    assert q.text == "the council to reopen the talks"
    assert q.cue is not None and q.cue.text.startswith("called")


def test_call_without_a_demand_reports_nothing(tagger):
    ann = run(tagger, "The union called on Tuesday and the council called back.")
    assert ann.quotes == []


def test_ask_someone_to_act_is_a_report(tagger):
    ann = run(tagger, "Councillor Jo Brandt asked the harbour minister to resign.")
    q = quote_with(ann, "to resign")
    assert q.text == "the harbour minister to resign"
    assert q.speaker is not None and q.speaker.name == "Jo Brandt"


# ---- names -----------------------------------------------------------------------------------------


def test_a_person_after_an_owner_possessive_is_named_alone():
    assert person_clean("the Harbour Gazette’s Jo Brandt") == "Jo Brandt"
    assert person_clean("Norland's Ilse Marten") == "Ilse Marten"
    assert person_clean("Jo Brandt’s") == "Jo Brandt"
    # organisations keep their possessive words: only people lose the owner
    assert clean_name("St. Agnes's Harbour Clinic") == "St. Agnes's Harbour Clinic"


# ---- speakers ----------------------------------------------------------------------------------


def test_a_description_with_an_apposed_name_is_that_person(tagger):
    text = ("Critics blamed Olek Brandt for the delay. The author of the book, Mitchell Zuckoff, "
            "said in a telephone interview that he stands by it.")
    q = quote_with(run(tagger, text), "he stands by it")
    assert q.speaker is not None and q.speaker.name == "Mitchell Zuckoff"


def test_a_party_member_with_an_apposed_name_is_that_person(tagger):
    text = "Olek Brandt spoke first. One red-state Democrat, Montana Sen. Jon Tesk, said Sunday that the wall was a waste."
    q = quote_with(run(tagger, text), "the wall was a waste")
    assert q.speaker is not None and q.speaker.name == "Jon Tesk"


def test_according_to_ends_where_another_speaker_reports(tagger):
    text = ("According to the harbour board, the ferry target is met in 90 per cent of cases but Brandt "
            "says that’s not what the union is seeing.")
    ann = run(tagger, text)
    board = quote_with(ann, "ferry target")
    assert board.text == "the ferry target is met in 90 per cent of cases"
    union = quote_with(ann, "not what the union is seeing")
    assert union.speaker is not None and union.speaker.name == "Brandt"


def test_a_newspaper_named_the_post_is_not_a_document(tagger):
    text = ("Olek Brandt wrote a post about the ferry.\n\n"
            "The Gullport Post reported on the ferry.\n\n"
            "“The crossing is unsafe,” the Post said in an editorial.")
    q = quote_with(run(tagger, text), "The crossing is unsafe")
    assert q.speaker is not None and q.speaker.name == "Gullport Post"
    assert q.speaker.type == "organisation"


def test_a_place_is_not_completed_to_an_organisation(tagger):
    text = ("The University of Ottawa published a study.\n\n"
            "Ottawa said the ferry subsidy would rise next year.")
    q = quote_with(run(tagger, text), "the ferry subsidy would rise")
    assert q.speaker is not None and q.speaker.name == "Ottawa"


# ---- non-reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "main"),
    [
        ("The ferry crossing was cancelled across the harbour as Mayor Jo Brandt announced the end of the strike.",
         "The ferry crossing was cancelled"),
        ("Velkov's big performance came two days after the forward agreed to a five-year contract.",
         "big performance came"),
        ("A statement from the harbour board came after a group of skippers wrote a letter to the council.",
         "A statement from the harbour board"),
    ],
)
def test_a_cue_in_a_time_clause_does_not_report_the_main_clause(tagger, text, main):
    ann = run(tagger, text)
    assert not [q for q in ann.quotes if main in q.text], [q.text for q in ann.quotes]


def test_a_report_before_its_cue_still_reports(tagger):
    ann = run(tagger, "The ferry will run on Sunday, the harbour master said.")
    q = quote_with(ann, "The ferry will run on Sunday")
    assert q.speaker is not None


def test_a_surname_tagged_as_an_adverb_is_still_the_speaker(tagger):
    # "-ly" surnames after "said" are often tagged as adverbs; the cue's own mention must be used
    text = ("But Ansel Tweedly, a harbour data analyst, vouched for the plan.\n\n"
            "“The ferry file is valuable,” said Tweedly, explaining the vote was close.")
    q = quote_with(run(tagger, text), "The ferry file is valuable")
    assert q.mention is not None and q.mention.text == "Tweedly"
    assert q.speaker is not None and q.speaker.name == "Ansel Tweedly"


def test_a_relative_pronoun_is_the_mention_of_its_antecedent(tagger):
    from quotecoder.core.pretag.decisions import mention_form

    text = "Critics of the plan include Olek Velkov, who says the harbour cannot afford a second crane."
    q = quote_with(run(tagger, text), "cannot afford a second crane")
    assert q.speaker is not None and q.speaker.name == "Olek Velkov"
    assert q.mention is not None and q.mention.text == "who"
    assert mention_form(q.mention) == "pronoun"


def test_a_floating_quote_carries_the_relative_mention_it_continues(tagger):
    text = ("The ferry plan was backed by harbour master Jo Brandt, who said: “We need the ferry.”\n\n"
            "“It runs at a loss, but the island needs it.”")
    ann = run(tagger, text)
    first, floating = quote_with(ann, "We need the ferry"), quote_with(ann, "It runs at a loss")
    assert first.mention is not None and first.mention.text == "who"
    assert floating.cue is None and floating.mention == first.mention
    assert floating.speaker is not None and floating.speaker.name == "Jo Brandt"


# ---- candidates ----------------------------------------------------------------------------------

ROWING = ("Coach Irma Delacroix runs the harbour rowing club. Delacroix said the club had grown. Tomas Reyk, "
          "the treasurer, said money was tight. Reyk added that the boats were old.\n\n"
          "Olek Pemberton has lost eight kilos since he joined the club. “My blood pressure is normal now,” he adds. "
          "Regular rowing also helped ferry mechanic Babu Okonjo, 50. “I had a gym pass, but this club really "
          "helped me,” he says.")


def test_the_person_just_named_is_offered_as_a_candidate(tagger):
    q = quote_with(run(tagger, ROWING), "I had a gym pass")
    assert "Babu Okonjo" in [c.name for c in q.speaker_candidates]


def test_candidates_do_not_repeat_the_chosen_name(tagger):
    q = quote_with(run(tagger, ROWING), "the club had grown")
    names = [c.name for c in q.speaker_candidates]
    assert names[0] == "Irma Delacroix" and "Delacroix" not in names[1:]
