"""Reports the pre-tagger used to miss (issue 12, recall; each measured on ggt_dev and
polnear_train): a cue clause that closes its sentence whatever the parse made of it, "told"
with its hearer after the report, "according to" set off inside a clause, a that-clause the
parse hung on a noun after the cue, and "called X one of …". All people, places and
organisations here are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.model import Annotation
from pretagging import run


def only_quote(ann: Annotation, text: str):
    found = [q for q in ann.quotes if q.text == text]
    assert found, f"no quote {text!r} in {[q.text for q in ann.quotes]}"
    return found[0]


# ---- a cue clause that closes its sentence ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "report", "speaker"),
    [
        # the cue parsed as a conjunct of the report, its subject as an object
        (
            "That’s not just a problem for the tenants who live on the pier, but for the whole town, argued Reyes.",
            "That’s not just a problem for the tenants who live on the pier, but for the whole town",
            "Reyes",
        ),
        # the cue parsed as a conjunct, its subject after it
        (
            "In nearby Lorvik, the old cannery is hanging on, but it is under intense pressure from cheap imports, "
            "said the company's chief executive, Jorun Vesk.",
            "In nearby Lorvik, the old cannery is hanging on, but it is under intense pressure from cheap imports",
            "Jorun Vesk",
        ),
        # the report's subject taken for the cue's
        (
            "The harbour board preferred captains who were local residents; specifically, those that were born in the town, Okafor writes.",
            "The harbour board preferred captains who were local residents; specifically, those that were born in the town",
            "Okafor",
        ),
        (
            "Couple a long winter with a ferry strike and islanders get nervous, said Ilsa Brandt, a tenant advocate.",
            "Couple a long winter with a ferry strike and islanders get nervous",
            "Ilsa Brandt",
        ),
    ],
)
def test_a_cue_clause_closing_its_sentence_reports_what_comes_before(tagger, sentence, report, speaker):
    q = only_quote(run(tagger, sentence), report)
    assert q.kind == "indirect"
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    ("cue", "speaker"),
    [
        ("Jorun Vesk told reporters", "Jorun Vesk"),
        (
            "the deputy director of the Lorvik harbour authority's ferry operations unit told reporters",
            "the deputy director of the Lorvik harbour authority's ferry operations unit",
        ),
    ],
)
def test_told_with_its_hearer_closes_a_report(tagger, cue, speaker):
    q = only_quote(run(tagger, f"The ferry will stop running at midnight, {cue}."), "The ferry will stop running at midnight")
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Asked about the delay, Brandt said nothing.",
        "The ferry left the pier at noon, and the captain told the crew.",
        "When the ferry finally docked, the captain laughed.",
    ],
)
def test_a_closing_clause_without_a_report_gives_none(tagger, sentence):
    assert run(tagger, sentence).quotes == []


# ---- "according to" set off inside a clause ---------------------------------------------------


def test_according_to_inside_a_clause_reports_both_sides(tagger):
    ann = run(tagger, "Tenants on the pier, according to the harbour board, are worried about losing their moorings.")
    assert sorted(q.text for q in ann.quotes) == ["Tenants on the pier", "are worried about losing their moorings"]
    assert all(q.speaker is not None and q.speaker.name == "the harbour board" for q in ann.quotes)


def test_according_to_hung_on_the_subject_qualifies_its_clause(tagger):
    ann = run(tagger, "Some of the repair costs, according to the harbour board, will fall on tenants.")
    assert sorted(q.text for q in ann.quotes) == ["Some of the repair costs", "will fall on tenants"]


@pytest.mark.parametrize(
    ("sentence", "report"),
    [
        ("In 2019, according to the harbour board, the ferry lost money on every crossing.", "the ferry lost money on every crossing"),
        ("The ferry lost two million dollars last year, according to the harbour board, a record for the town.", "The ferry lost two million dollars last year"),
    ],
)
def test_a_lead_or_an_apposition_around_according_to_is_not_a_report(tagger, sentence, report):
    assert [q.text for q in run(tagger, sentence).quotes] == [report]


# ---- complements the parse hung elsewhere -------------------------------------------------------


def test_a_that_clause_hung_on_a_noun_after_the_cue_is_reported(tagger):
    ann = run(tagger, "Councillor Jo Marlow also said for the first time that some letters from the mayor's office have been located.")
    q = only_quote(ann, "that some letters from the mayor's office have been located")
    assert q.speaker is not None and q.speaker.name == "Jo Marlow"


def test_calling_something_one_of_a_kind_is_reported(tagger):
    ann = run(tagger, "The Lorvik Institute, a think tank, called the program one of the biggest giveaways in the town's history.")
    q = only_quote(ann, "the program one of the biggest giveaways in the town's history")
    assert q.speaker is not None and q.speaker.name == "Lorvik Institute"
