"""Canonical names of issue 12: an honorific ("Mrs. Marten", "Mr. Marten") picks the full name of
its gender when several people in an article share a surname, and does not teach the wrong
person a gender. All people, places and organisations here are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag import Pretagger
from pretagging import run, speaker_of


def test_mr_picks_the_man_when_a_couple_shares_a_surname(tagger: Pretagger) -> None:
    ann = run(
        tagger,
        "Piet Marten, the mayor of Gullport, opened the new harbour on Monday. His wife, Ilse Marten, "
        'runs the ferry company. "We waited ten years for this," Mrs. Marten said. '
        '"It is a good day for the town," Mr. Marten said.',
    )
    assert speaker_of(ann, "We waited ten years") == "Ilse Marten"
    assert speaker_of(ann, "It is a good day") == "Piet Marten"


def test_mrs_picks_the_woman_named_before_her_husband(tagger: Pretagger) -> None:
    ann = run(
        tagger,
        "Ilse Marten runs the ferry company in Gullport. She met the council on Monday. Her husband, "
        'Piet Marten, is the mayor. "We waited ten years for this," Mrs. Marten said. '
        "She added that the fares would fall.",
    )
    assert speaker_of(ann, "We waited ten years") == "Ilse Marten"
    assert speaker_of(ann, "the fares would fall") == "Ilse Marten"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('"We are ready," said Sgt. Piet Vang of the Gullport police.', "Piet Vang"),
        ('"We are at sea," said Navy spokesman Navy Capt. Jo Brandt, who was asked about it.', "Jo Brandt"),
    ],
)
def test_an_abbreviated_title_does_not_cut_off_the_name(tagger: Pretagger, text: str, name: str) -> None:
    ann = run(tagger, text)
    assert speaker_of(ann, "We are") == name


def test_a_company_name_keeps_the_dot_of_its_abbreviation(tagger: Pretagger) -> None:
    ann = run(
        tagger,
        "Harbourline Shipping Co. said on Tuesday it would close the Gullport depot. "
        '"We regret this," the company said.',
    )
    assert speaker_of(ann, "it would close") == "Harbourline Shipping Co."
    assert speaker_of(ann, "We regret this") == "Harbourline Shipping Co."


def test_a_spokesperson_named_in_apposition_is_the_speaker(tagger: Pretagger) -> None:
    ann = run(
        tagger,
        "The Gullport ferry fares rise in May. The company's spokesperson, Ida Brun, said the "
        "new fares were fair. A Harbour Party spokesman, Olek Varga, said they were not.",
    )
    assert speaker_of(ann, "the new fares were fair") == "Ida Brun"
    assert speaker_of(ann, "they were not") == "Olek Varga"
