"""Documents, statements and places as sources (issue 12, measured on ggt_dev and
polnear_train): who put out a statement speaks it, a document's maker is its author (not
whoever obtained it), "a statement said" is the speaker just quoted, and a town with its
region's short form ("Harrowfield, Ont.") is not a person. All people, places and
organisations here are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag.entities import extract_entities
from pretagging import quote_with, run


# ---- who put out a statement speaks it ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, mention, name",
    [
        ("The Harbour Party issued a statement saying the ferry fares were unfair.", "The Harbour Party", "Harbour Party"),
        ("Later, the Gullport Ferry Union put out a statement saying the fares were unfair.", "the Gullport Ferry Union", "Gullport Ferry Union"),
    ],
)
def test_who_issued_a_statement_is_the_mention(tagger, text, mention, name):
    q = quote_with(run(tagger, text), "fares were unfair")
    assert q.mention is not None and q.mention.text == mention
    assert q.speaker is not None and q.speaker.name == name


# ---- the maker of a document, not whoever obtained it -------------------------------------------


EARLIER = "The Gullport Council released a report in May on ferry costs. "


def test_a_document_made_by_someone_in_a_relative_clause(tagger):
    ann = run(tagger, EARLIER + "Ferry use will fall by half, according to a study which is being released Monday by the Harbour Institute.")
    q = quote_with(ann, "Ferry use will fall")
    assert q.speaker is not None and q.speaker.name == "Harbour Institute"


def test_whoever_obtained_a_memo_did_not_write_it(tagger):
    ann = run(tagger, EARLIER + "According to the memo obtained by the Gullport Gazette, the council will cut two routes.")
    q = quote_with(ann, "cut two routes")
    assert q.speaker is None or q.speaker.name != "Gullport Gazette"


@pytest.mark.parametrize("owner", ["Talvik's", "the firm's"])
def test_who_wrote_in_a_firms_post_is_the_posts_author(tagger, owner):
    text = (
        f"Tom Becker, a technical researcher at Talvik Security, stated in {owner} blog post that the attack "
        "came from abroad. According to the post, the attackers had struck twice before."
    )
    q = quote_with(run(tagger, text), "struck twice before")
    assert q.speaker is not None and q.speaker.name == "Tom Becker"


# ---- "a statement said": a new document, from the speaker just quoted ------------------------------


def test_a_statement_said_is_the_speaker_just_quoted_not_an_earlier_statements_author(tagger):
    text = (
        "In its two-page statement, the Harbour Party said the strike would go on. The aid group Marlow Trust "
        'said its director was among the injured. A statement said the trust was "shocked and saddened" by the attack.'
    )
    q = quote_with(run(tagger, text), "shocked and saddened")
    assert q.speaker is not None and q.speaker.name == "Marlow Trust"


# ---- a town and its region are not people -----------------------------------------------------------


DATELINE = (
    "HARROWFIELD, Ont. — Dana Whitfield says she is worried about cuts to the ferry service. Whitfield spoke "
    "at a town hall meeting at a Harrowfield, Ont., high school. "
)


def test_a_town_and_its_region_are_not_people(tagger):
    doc = next(tagger.parse([DATELINE]))
    persons = {e.text for e in extract_entities(doc) if e.label == "PERSON"}
    assert "Ont" not in persons and "Harrowfield" not in persons


def test_a_bare_title_is_not_given_to_a_region(tagger):
    ann = run(tagger, DATELINE + 'The premier said she was "deeply concerned" about the cuts.')
    q = quote_with(ann, "deeply concerned")
    assert q.speaker is not None and q.speaker.name == "Dana Whitfield"


@pytest.mark.parametrize(
    "text, name",
    [
        ("The pact was drafted by Uzi Marek, Mr. Dorn's adviser, in 2009.", "Uzi Marek"),
        ("Her father, Brent Holloway, Jr. was a writer.", "Brent Holloway"),
    ],
)
def test_a_name_before_a_title_or_a_suffix_stays_a_person(tagger, text, name):
    doc = next(tagger.parse([text]))
    labels = {e.text: e.label for e in extract_entities(doc)}
    assert labels.get(name) in (None, "PERSON")
