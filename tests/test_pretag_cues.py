"""Cues beyond "X said": attribution clauses with any verb, labels, calling and urging,
interposed cues, and verbs that are not always speech. All people and places are fictional."""

from __future__ import annotations

import pytest

from pretagging import quote_with, run, speaker_of as speaker_name


# ---- attribution clauses whatever their verb ---------------------------------------------------


@pytest.mark.parametrize("verb", ["retorted", "pressed", "laughed", "continued"])
def test_short_clause_after_a_quote_attributes_it(tagger, verb):
    text = (
        "Edda Morn chairs the harbour board. Olek Brandt runs the ferry company.\n\n"
        f"“Who will pay for the new pier?” Brandt {verb}. “Not the ferry company.”"
    )
    ann = run(tagger, text)
    assert speaker_name(ann, "Who will pay") == "Olek Brandt"


def test_inverted_clause_with_an_apposition(tagger):
    text = (
        "The harbour board met on Monday.\n\n"
        "“Nobody asked the fishermen,” remembered Ilse Marten, the former harbour master of Gullport."
    )
    ann = run(tagger, text)
    assert speaker_name(ann, "Nobody asked") == "Ilse Marten"


def test_clause_ending_with_a_colon_introduces_the_quote(tagger):
    text = (
        "Olek Brandt spoke after Edda Morn.\n\n"
        "Edda Morn took to the local radio with this: “The ferry will run every hour from May.”"
    )
    ann = run(tagger, text)
    assert speaker_name(ann, "The ferry will run") == "Edda Morn"


def test_previous_paragraph_ending_with_any_verb_and_a_colon(tagger):
    text = (
        "Olek Brandt said the pier was safe.\n\n"
        "The retired engineer Ilse Marten disagreed:\n\n"
        "“The timber under the pier is rotten from end to end.”"
    )
    ann = run(tagger, text)
    assert speaker_name(ann, "timber under the pier") == "Ilse Marten"


def test_a_name_and_a_colon_label_the_quote(tagger):
    text = (
        "Two candidates answered the same question.\n\n"
        "Marten: “The ferry must stay public.” Brandt: “The ferry must be sold.”"
    )
    ann = run(tagger, text)
    assert speaker_name(ann, "must stay public") == "Marten"
    assert speaker_name(ann, "must be sold") == "Brandt"


def test_from_a_document_of_someone(tagger):
    text = "Ilse Marten posted her reply overnight.\n\nFrom Marten’s blog post: “The board has lost its way.”"
    ann = run(tagger, text)
    assert speaker_name(ann, "lost its way") == "Ilse Marten"


def test_a_name_the_tagger_misreads_after_said(tagger):
    text = (
        "But Bill Skelly, a data consultant, vouched for the harbour board.\n\n"
        "“ Having access to the ferry records is valuable, ” said Skelly, explaining his work."
    )
    ann = run(tagger, text)
    assert speaker_name(ann, "access to the ferry records") == "Bill Skelly"


@pytest.mark.parametrize("verb", ["confessed", "chanted", "blurted", "crowed", "scolded"])
def test_more_speech_verbs(tagger, verb):
    text = f"The harbour board met on Monday.\n\n“We lost the vote,” Olek Brandt {verb}."
    ann = run(tagger, text)
    assert speaker_name(ann, "We lost the vote") == "Olek Brandt"


# ---- reports through an object -----------------------------------------------------------------


def test_call_x_y(tagger):
    text = "Ilse Marten called the pier plan a gift to the ferry company and its shareholders."
    q = quote_with(run(tagger, text), "a gift to the ferry company")
    assert q.kind == "indirect" and q.speaker is not None and q.speaker.name == "Ilse Marten"
    assert q.cue is not None and q.cue.text == "called"


def test_describe_x_as_y(tagger):
    text = "Olek Brandt described the talks with the harbour board as frank and useful."
    q = quote_with(run(tagger, text), "frank and useful")
    assert q.speaker is not None and q.speaker.name == "Olek Brandt"


@pytest.mark.parametrize("verb", ["urged", "advised", "told"])
def test_urge_x_to(tagger, verb):
    text = f"Edda Morn {verb} harbour workers to reject the new contract at Friday's meeting."
    q = quote_with(run(tagger, text), "to reject the new contract")
    assert q.kind == "indirect" and q.speaker is not None and q.speaker.name == "Edda Morn"


def test_what_someone_calls_is_the_complement_only(tagger):
    text = "Protesters gathered against what organizer Dana Wilk calls the harbour board's quiet sell-off."
    q = quote_with(run(tagger, text), "quiet sell-off")
    assert not q.text.startswith("what")


# ---- interposed cues and conditionals ----------------------------------------------------------


def test_interposed_cue_keeps_the_whole_report(tagger):
    text = "Nor does the harbour board have any plan, advisers say, to sell the ferry before the election."
    q = quote_with(run(tagger, text), "sell the ferry")
    assert "Nor does the harbour board" in q.text
    assert q.speaker is not None and q.speaker.name.lower() == "advisers"


def test_said_if_reports_a_conditional(tagger):
    text = "Olek Brandt said if he won the vote, the ferry would run every hour from May."
    q = quote_with(run(tagger, text), "the ferry would run")
    assert q.kind == "indirect" and q.speaker is not None and q.speaker.name == "Olek Brandt"


def test_asked_whether_is_still_not_a_report(tagger):
    text = "Reporters asked whether the ferry would run in May."
    assert run(tagger, text).quotes == []


# ---- what is not a quote -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The sudden move signals a shift in the harbour board's plans for the ferry.",
        "Crews maintain the coastal roads of Gullport through the winter months.",
        "The survey results suggest the ferry will lose money again this year.",
    ],
)
def test_non_speech_senses_of_cue_verbs(tagger, text):
    assert run(tagger, text).quotes == []


def test_a_person_signalling_that_still_reports(tagger):
    text = "Edda Morn signalled that the harbour board would not sell the ferry this year."
    q = quote_with(run(tagger, text), "would not sell the ferry")
    assert q.speaker is not None and q.speaker.name == "Edda Morn"


def test_a_quoted_programme_title_is_not_a_quote(tagger):
    text = "Olek Brandt appeared on “Harbour Morning.” He spoke for ten minutes."
    assert all("Harbour Morning" not in q.text for q in run(tagger, text).quotes)
