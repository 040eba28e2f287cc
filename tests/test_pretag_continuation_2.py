"""Which cue a direct quote takes when two verbs compete for it (issue 12, names and floating
quotes; each measured on ggt_dev and polnear_train): a negated verb in the sentence after a quote
that closes its own sentence is no attribution, and the main verb after a long subordinate clause
introduces the quote rather than the clause's own speech verb. All people, places and
organisations here are fictional."""

from __future__ import annotations

from pretagging import quote_with, run, speaker_of


OPENING = 'Mayor Ilsa Brandt defended the ferry budget on Monday. "We will not back down," she said.\n\n'


def test_a_negated_verb_after_a_closed_quote_does_not_take_it(tagger):
    ann = run(
        tagger,
        OPENING + "Councillor Tomas Reyes seemed to mock the mayor's budget, saying at one point, "
        "\u201cThe answer is not simply to cut the ferries.\u201d But Brandt, again, did not respond.",
    )
    assert quote_with(ann, "The answer is not simply").kind == "direct"
    assert speaker_of(ann, "The answer is not simply") == "Tomas Reyes"


def test_the_main_verb_after_a_long_subordinate_clause_introduces_the_quote(tagger):
    ann = run(
        tagger,
        OPENING + "After former harbour commissioner Anton Brask criticized Ola Fenn during a debate on the "
        "ferry budget, Mira Dahl shot back, \u201cI suppose I could have chosen to stay home.\u201d",
    )
    assert speaker_of(ann, "I suppose I could have chosen") == "Mira Dahl"


def test_a_speech_verb_in_a_short_lead_clause_still_speaks(tagger):
    ann = run(tagger, OPENING + "When the mayor asked about the fares, Tomas Reyes replied, \u201cNobody reads the fine print.\u201d")
    assert speaker_of(ann, "Nobody reads the fine print") == "Tomas Reyes"
