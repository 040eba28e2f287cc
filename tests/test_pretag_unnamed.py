"""Unnamed speakers (issue 12): a person known only by a description is a person that a later
pronoun can refer to; a definite description of a person ("the businessman") is someone named
before, not a described stranger; a group described again with the same head noun and modifier
is the same group. All people, places and organisations here are fictional."""

from __future__ import annotations


from quotecoder.core.pretag import Pretagger
from pretagging import run, speaker_of


def test_described_person_is_referred_to_by_he(tagger: Pretagger) -> None:
    text = (
        "Governor Piet Marten opened the new ferry terminal in Harbourtown on Tuesday.\n\n"
        "The crowd rushed the gate just after noon, a security consultant at the terminal told reporters. "
        "Then the police closed the road and turned the buses back, he said."
    )
    ann = run(tagger, text)
    assert speaker_of(ann, "The crowd rushed the gate") == "a security consultant at the terminal"
    assert speaker_of(ann, "the police closed the road") == "a security consultant at the terminal"


def test_definite_description_is_the_named_person_not_a_described_one(tagger: Pretagger) -> None:
    text = (
        "Jo Brandt backed the ferry register on Thursday. “Should there be a register of the boats here?” "
        "a reporter asked Brandt after an event in Harbourtown.\n\n"
        "“There should be a lot of registers,” the businessman replied.\n\n"
        "“I would certainly do that, absolutely,” he added."
    )
    ann = run(tagger, text)
    assert speaker_of(ann, "a register of the boats") == "a reporter"
    assert speaker_of(ann, "a lot of registers") == "Jo Brandt"
    assert speaker_of(ann, "certainly do that") == "Jo Brandt"
