"""Attribution patterns of the third round of issue 12 (each measured on ggt_dev and
polnear_train): the lead clause's own verb before a quote, quotes signed with a name, and
reports inside relative clauses ("what critics said was …"). All people, places and
organisations here are fictional."""

from __future__ import annotations

import pytest

from pretagging import quote_with, run


OPENING = 'Mayor Ilsa Brandt defended the ferry budget on Monday. "We will not back down," she said.\n\n'


# ---- the lead clause before a quote -----------------------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "Councillor Tomas Reyes delivered a blunt message to the mayor:",
        "As Tomas Reyes, a professor of law, put it,",
        "When the mayor accused him of hiding the figures, Councillor Tomas Reyes shot back,",
    ],
)
def test_the_lead_clauses_own_subject_speaks_the_quote(tagger, lead):
    ann = run(tagger, OPENING + lead + ' "Nobody on this council reads the fine print."')
    q = quote_with(ann, "Nobody on this council")
    assert q.kind == "direct"
    assert q.speaker is not None and q.speaker.name == "Tomas Reyes"


def test_a_speech_verb_right_before_the_quote_keeps_its_own_subject(tagger):
    ann = run(tagger, OPENING + 'But Okafor said he heard students shout, "Sink the budget!" and "Go home!" as he left.')
    q = next(q for q in ann.quotes if q.kind == "direct" and q.text.startswith("Sink the budget"))
    assert q.speaker is not None and q.speaker.name == "students"


# ---- quotes signed with a name ------------------------------------------------------------------


def test_a_signature_line_under_a_quote_names_its_speaker(tagger):
    text = (
        "The tenants met on Tuesday night in the church hall.\n\n"
        '"Nobody reads the fine print. We signed what they gave us."\n\n'
        "— Jorun Vesk, a tenant since 2009\n\n"
        "Councillors will vote on the rent rules in March."
    )
    q = quote_with(run(tagger, text), "Nobody reads the fine print")
    assert q.speaker is not None and q.speaker.name == "Jorun Vesk"


def test_a_pull_quote_closed_by_a_name_is_a_quote_of_that_person(tagger):
    text = (
        "Rents in Lorn rose by a third last year.\n\n"
        "Governments at all levels will need to act or they will face angry tenants. Mira Okonjo, Lorn Tenants Union\n\n"
        "Mira Okonjo has led the union since 2015."
    )
    q = quote_with(run(tagger, text), "Governments at all levels")
    assert "Mira Okonjo" not in q.text
    assert q.speaker is not None and q.speaker.name == "Mira Okonjo"


@pytest.mark.parametrize(
    "paragraph",
    [
        "Protesters marched past the harbour office on Sunday afternoon. Jorun Vesk, Lorn Gazette Photo",
        "The ferry left the quay at noon with forty passengers aboard. Harbour Master",
    ],
)
def test_captions_and_headings_are_not_pull_quotes(tagger, paragraph):
    ann = run(tagger, "The ferry service resumed on Sunday.\n\n" + paragraph + "\n\nService continues daily.")
    assert not any("Protesters marched" in q.text or "forty passengers" in q.text for q in ann.quotes)


# ---- reports inside relative clauses ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("Members complained about what they said was a lack of transparency at the board.", "a lack of transparency", "Members"),
        ("The ferry sank in calm water, which critics said was proof of poor maintenance.", "proof of poor maintenance", "critics"),
    ],
)
def test_a_report_in_a_relative_clause_leaves_the_relative_word_out(tagger, text, fragment, speaker):
    q = quote_with(run(tagger, text), fragment)
    assert q.kind == "indirect"
    assert not q.text.lower().startswith(("what", "which"))
    assert q.speaker is not None and q.speaker.name.lower() == speaker.lower()


def test_what_someone_says_is_reported(tagger):
    text = "The Lorn Ferry Authority met on Monday. The authority is grappling with what it says is a $14 million shortfall."
    q = quote_with(run(tagger, text), "shortfall")
    assert q.text.startswith("is")
    assert q.speaker is not None and q.speaker.name == "Lorn Ferry Authority"


def test_some_can_suggest_something(tagger):
    q = quote_with(run(tagger, "Some suggested that the ferry season could be extended by a month."), "extended")
    assert q.kind == "indirect"


# ---- paragraph distance ------------------------------------------------------------------------


def test_blank_lines_between_paragraphs_do_not_change_attribution_or_confidence(tagger):
    paragraphs = [
        "Harbour master Ilse Marten spoke to the board on Tuesday.",
        "\u201cThe ferry cannot run on promises,\u201d Marten said.",
        "The board has met four times since June.",
        "Its budget was cut twice.",
        "\u201cWe need the crane before winter.\u201d",
    ]
    single, double = (run(tagger, sep.join(paragraphs)) for sep in ("\n", "\n\n"))
    a, b = quote_with(single, "crane"), quote_with(double, "crane")
    assert a.speaker is not None and b.speaker is not None and a.speaker.name == b.speaker.name == "Ilse Marten"
    assert a.speaker_confidence == b.speaker_confidence


def test_the_agent_of_a_passive_does_not_speak_for_a_joined_verb(tagger):
    text = 'The rally began at noon. Marla Quint was joined on stage by Senator Tobin Varga and joked, "I brought the loud one."'
    q = quote_with(run(tagger, text), "I brought the loud one")
    assert q.speaker is not None and q.speaker.name == "Marla Quint"
