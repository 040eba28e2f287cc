"""More reports the pre-tagger used to miss (issue 12, recall; each measured on ggt_dev and
polnear_train): a cue clause set off by commas inside the sentence it reports, whatever the
parse made of it, reported as its pieces on either side; a second cue conjoined to a reported
clause, which ends that clause and shares the first cue's speaker; a reported clause whose
subject the parse took for the cue's object. All people, places and organisations here are
fictional."""

from __future__ import annotations

import pytest

from pretagging import run


def texts(ann) -> list[str]:
    return [q.text for q in ann.quotes]


def speakers(ann) -> set[str | None]:
    return {q.speaker.name if q.speaker is not None else None for q in ann.quotes}


# ---- a cue clause set off by commas inside its report -------------------------------------------


@pytest.mark.parametrize(
    ("text", "pieces", "speaker"),
    [
        # one word before the cue clause
        (
            "Officers, Pell says, have no policies to deal with the floods.",
            ["Officers", "have no policies to deal with the floods"],
            "Pell",
        ),
        # the parse hung the cue on the report's subject
        (
            "Ivo Brandt described the attack. Mira Tolk and some colleagues hid under desks, he said, "
            "but one person ran to the roof and was shot.",
            ["Mira Tolk and some colleagues hid under desks", "but one person ran to the roof and was shot"],
            "Ivo Brandt",
        ),
        (
            "Dara Quell unveiled the plan on Monday. Almost all revenues, she promised, will be returned to families.",
            ["Almost all revenues", "will be returned to families"],
            "Dara Quell",
        ),
        # a clause before the cue that is the subject of the predicate after it
        (
            "Riding alone at night in the park, the cyclists said, can be hazardous.",
            ["Riding alone at night in the park", "can be hazardous"],
            "the cyclists",
        ),
    ],
)
def test_an_interposed_cue_reports_both_sides(tagger, text, pieces, speaker):
    ann = run(tagger, text)
    assert texts(ann) == pieces
    assert speakers(ann) == {speaker}


def test_a_lead_before_an_interposed_cue_is_not_reported(tagger):
    ann = run(tagger, "Even then, he said, he’s learned enough about Harlan Voss that he’s sure he can’t support him.")
    assert texts(ann) == ["he’s learned enough about Harlan Voss that he’s sure he can’t support him"]


def test_an_aside_after_an_interposed_cue_is_not_reported(tagger):
    ann = run(
        tagger,
        "Lars Ebbe spoke in Dunmore. There are people trying to spread fear across Dunmore, he said, though he did not name any groups.",
    )
    assert texts(ann) == ["There are people trying to spread fear across Dunmore"]
    assert speakers(ann) == {"Lars Ebbe"}


def test_an_interposed_cue_before_a_quotation_is_not_a_report(tagger):
    ann = run(tagger, "Asked about the ferry, Brandt said, “It will run on Sunday.”")
    assert texts(ann) == ["It will run on Sunday."]


# ---- a second cue conjoined to a reported clause ------------------------------------------------


def test_a_conjoined_cue_ends_the_clause_before_it(tagger):
    ann = run(tagger, "Mayor Orla Venn said it takes time to build trust but added, “I strongly support the new council.”")
    assert sorted(texts(ann)) == ["I strongly support the new council.", "it takes time to build trust"]
    assert speakers(ann) == {"Orla Venn"}


def test_a_conjoined_cue_with_its_own_subject_reports_its_own_clause(tagger):
    ann = run(tagger, "Ona Drell said the vote sent a message that her party has to change and she said things are going to change in the council.")
    assert texts(ann) == [
        "the vote sent a message that her party has to change",
        "things are going to change in the council",
    ]
    assert speakers(ann) == {"Ona Drell"}


def test_a_conjoined_cue_shares_the_first_cues_speaker(tagger):
    ann = run(tagger, "Ina Vale said the obvious answer was to close the old pier and says she introduced a motion to do that.")
    assert texts(ann) == ["the obvious answer was to close the old pier", "she introduced a motion to do that"]
    assert speakers(ann) == {"Ina Vale"}


# ---- a reported clause whose subject the parse took for the cue's object ------------------------


@pytest.mark.parametrize(
    ("text", "report"),
    [
        (
            "Ida Lorn said smaller bakers who are always introducing new breads — especially those that sell "
            "to other towns — are likely to suffer most.",
            "smaller bakers who are always introducing new breads — especially those that sell to other towns — are likely to suffer most",
        ),
        (
            "Harbour chief Ida Lorn said Thursday one of Venn's suggestions, to find places where the pier could "
            "not be raised, could save money.",
            "one of Venn's suggestions, to find places where the pier could not be raised, could save money",
        ),
    ],
)
def test_a_subject_taken_for_the_cues_object_starts_the_report(tagger, text, report):
    ann = run(tagger, text)
    assert texts(ann) == [report]
    assert speakers(ann) == {"Ida Lorn"}

