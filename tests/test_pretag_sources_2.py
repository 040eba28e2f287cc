"""Offices, bodies and datelines as sources (issue 12, measured on ggt_dev and polnear_train):
a dateline or a description the parser made the subject gives way to the
name after it ("GULLPORT (CP) — Jo Brandt says", "wrote the envoy at the time, Ed Marten"). All
people, places and organisations here are fictional."""

from __future__ import annotations

import pytest

from pretagging import run, speaker_of


# ---- a dateline or a description before the name --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "GULLPORT (CP) — Jo Brandt says the deficit will shrink next year.",
        "GULLPORT, Ont. — Finance Minister Jo Brandt says the deficit will shrink next year.",
    ],
)
def test_a_dateline_is_not_the_speaker(tagger, text):
    assert speaker_of(run(tagger, text), "deficit will shrink") == "Jo Brandt"


def test_the_name_after_a_description_and_a_comma_speaks(tagger):
    text = "Ed Marten served in Talvik for years. Jo Brandt met him there. “It was bad,” wrote the envoy at the time, Ed Marten."
    assert speaker_of(run(tagger, text), "It was bad") == "Ed Marten"


# ---- "the conservancy": the organisation named before with that word in its name ----------------------


@pytest.mark.parametrize(
    "text, fragment, name",
    [
        (
            "The Harbour Valley Conservancy condemned the fare rise on Saturday. The conservancy said that an investigation will look into the matter.",
            "investigation will look",
            "Harbour Valley Conservancy",
        ),
        (
            "The Harbour Policy Institute of Talvik polled 900 voters. Among Liberals alone, Jo Brandt leads 49 percent to 41 percent, the institute said.",
            "Jo Brandt leads",
            "Harbour Policy Institute of Talvik",
        ),
    ],
)
def test_a_description_is_the_organisation_with_its_word(tagger, text, fragment, name):
    assert speaker_of(run(tagger, text), fragment) == name


def test_a_description_needs_an_organisation_so_named(tagger):
    text = "The Talvik Harbour Foundation met on Monday. The institute said that the fares were too high."
    assert speaker_of(run(tagger, text), "fares were too high") != "Talvik Harbour Foundation"


# ---- "it" after a document: the document's author ---------------------------------------------------


def test_it_after_a_signed_letter_is_its_signers(tagger):
    text = (
        "The minister did not call for their release.\n\n"
        "Three dozen scholars at Gullport universities have signed an open letter on the issue.\n\n"
        "READ MORE: Talvik official slams the arrests\n\n"
        "“We are deeply concerned about the detentions. We ask the Gullport Government to support the call for their release,” it stated."
    )
    assert speaker_of(run(tagger, text), "deeply concerned") == "Three dozen scholars at Gullport universities"


def test_it_after_a_memo_is_its_sender(tagger):
    text = (
        "In an internal memo sent on Wednesday, Harbex told employees it is “working closely” with Talvo to restore access. "
        "It also told workers to install the public versions of the apps. "
        "Apps that it said “may not work” included internal versions of the chat tool."
    )
    assert speaker_of(run(tagger, text), "may not work") == "Harbex"


def test_it_after_a_document_yields_to_an_organisation_named_since(tagger):
    text = (
        "Jo Brandt wrote a letter to the council on Monday. The Gullport Ferry Union met on Tuesday. "
        "“We will not accept the cuts,” it said."
    )
    assert speaker_of(run(tagger, text), "will not accept") != "Jo Brandt"
