"""Reports the pre-tagger used to miss, round 3 (issue 12, recall; each measured on ggt_dev and
polnear_train): "one of" a group as the speaker, with the apposed name as the person; "it" as
the speaker of a cue other than "said"; a participle of "point out", "acknowledge" and the like
hung on another verb; a report in a subordinate clause ("Though X said …, …") that ends with
that clause instead of running on into the main one. All people, places and organisations here
are fictional."""

from __future__ import annotations

import pytest

from pretagging import quote_with, run, speaker_of


def texts(ann) -> list[str]:
    return [q.text for q in ann.quotes]


# ---- "one of" a group speaks ---------------------------------------------------------------------------


def test_one_of_a_group_is_a_speaker(tagger):
    ann = run(tagger, "One of the organisers said the march through Kelm would go ahead.")
    assert quote_with(ann, "the march through Kelm would go ahead").speaker is not None


def test_one_of_a_group_with_an_apposed_name_is_that_person(tagger):
    ann = run(tagger, "One of the organisers, Tad Morrow, told reporters that the march would go ahead.")
    assert speaker_of(ann, "the march would go ahead") == "Tad Morrow"


# ---- "it" as the speaker of a cue other than "said" ---------------------------------------------------


def test_it_told_is_the_organisation(tagger):
    ann = run(tagger, "Velmar Ferries said the boats were safe. It also told staff to wear life jackets on deck.")
    assert speaker_of(ann, "staff to wear life jackets on deck") == "Velmar Ferries"


# ---- participles of reporting verbs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "report", "speaker"),
    [
        (
            "Lena Ostrova went ahead with the vote, pointing out that the council had already approved the budget.",
            "the council had already approved the budget",
            "Lena Ostrova",
        ),
        (
            "Ida Venn defended the plan, acknowledging that the ferry had been late all winter.",
            "the ferry had been late all winter",
            "Ida Venn",
        ),
    ],
)
def test_participle_cue_reports(tagger, text, report, speaker):
    ann = run(tagger, text)
    assert speaker_of(ann, report) == speaker


# ---- a report in a subordinate clause ends with that clause -------------------------------------------


@pytest.mark.parametrize(
    ("text", "report"),
    [
        (
            "Though Ida Venn said she was loath to penalize a charity, the station had acted improperly.",
            "she was loath to penalize a charity",
        ),
        (
            "While Lena Ostrova argues that the ferry should stay, most residents of Kelm want a bridge.",
            "that the ferry should stay",
        ),
    ],
)
def test_report_in_a_subordinate_clause_stops_at_the_main_clause(tagger, text, report):
    ann = run(tagger, text)
    assert quote_with(ann, report).text == report
