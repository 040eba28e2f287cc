"""Pronoun cues of issue 12: a he or she right after a person is introduced with an age or a
description means that newcomer, not an earlier speaker of the same gender. All people,
places and organisations here are fictional."""

from __future__ import annotations

import pytest

from pretagging import speaker_of, run


OPENING = 'Coach Emil Varga has run the rowing club for a decade. "We train every morning, rain or shine," he said. '


@pytest.mark.parametrize(
    "introduction",
    [
        "The new schedule also brought good news for Lakeview baker Tomas Brandl, 44.",
        "The new schedule brought good news for Tomas Brandl, a retired engineer from Lakeview.",
    ],
)
def test_a_pronoun_after_a_described_newcomer_means_the_newcomer(tagger, introduction):
    ann = run(tagger, OPENING + introduction + ' "I sleep better than I have in years," he says. "My doctor is delighted."')
    assert speaker_of(ann, "I sleep better") == "Tomas Brandl"
    assert speaker_of(ann, "My doctor is delighted") == "Tomas Brandl"  # the floating quote follows


def test_the_earlier_speaker_keeps_the_pronoun_when_he_is_named_with_the_newcomer(tagger):
    ann = run(tagger, OPENING + 'Varga recently hired Lakeview baker Tomas Brandl, 44. "I sleep better than I have in years," he says.')
    assert speaker_of(ann, "I sleep better") == "Emil Varga"

