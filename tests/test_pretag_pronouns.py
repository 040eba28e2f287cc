"""Pronoun speakers (issue 12): which person a he/she stands for (the subject of a main clause
before one in a subordinate clause, a gender learnt from pronouns with one possible antecedent,
surnames the tagger took for nouns), what "it" stands for (a speaking thing, not an
organisation named inside a quotation) and relative pronouns ("a voice that said …"). Each was
measured on ggt_dev and polnear_train. All people, places and organisations here are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag import Pretagger
from pretagging import run, speaker_of


def speaker_in(tagger: Pretagger, text: str, fragment: str) -> str | None:
    return speaker_of(run(tagger, text), fragment)


# ---- he and she --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "She left the hall before Mayor Petra Holm arrived.",
        "She was angry because Mayor Petra Holm had cut the ferry budget.",
    ],
)
def test_a_main_clause_pronoun_outranks_a_subject_in_a_subordinate_clause(tagger, middle):
    text = f'Councillor Ada Lindqvist spoke at the rally on Friday. {middle}\n\n"The harbour cannot pay for this," she said.'
    assert speaker_in(tagger, text, "The harbour cannot") == "Ada Lindqvist"


def test_a_gender_is_learnt_from_pronouns_with_one_possible_antecedent(tagger):
    # "He" right after "… met Dana Whitlock" is Brenner: it says nothing of Whitlock's gender,
    # "The vote was close. Dana Whitlock said she was pleased." does
    text = (
        "Tomas Brenner met Dana Whitlock on Monday. He said the ferry was late.\n\n"
        "Tomas Brenner thanked Dana Whitlock. He praised the budget.\n\n"
        "Tomas Brenner called Dana Whitlock twice. He was worried.\n\n"
        "The vote was close. Dana Whitlock said she was pleased.\n\n"
        'Dana Whitlock spoke last. "We need a new plan," she said.'
    )
    assert speaker_in(tagger, text, "We need a new plan") == "Dana Whitlock"


def test_a_surname_tagged_as_a_common_noun_is_still_a_subject(tagger):
    text = (
        "Councillor Mara Fields chaired the meeting.\n\n"
        "Governor Tom Baker defended the ferry tax on Monday.\n\n"
        "Fields is also collecting signatures against the budget.\n\n"
        '"The tax will hurt families," she said.'
    )
    assert speaker_in(tagger, text, "hurt families") == "Mara Fields"


# ---- it ------------------------------------------------------------------------------------------


def test_an_organisation_inside_a_reported_clause_is_no_referent_for_it(tagger):
    text = "Velora Foods Inc. said on Monday that Marrow Shipping Ltd. had cancelled the contract. It said talks would continue next week."
    assert (speaker_in(tagger, text, "talks would continue") or "").startswith("Velora Foods")


def test_it_stands_for_the_speaking_thing_just_before(tagger):
    text = (
        "Flooding closed the Kessel bridge on Monday. The transport agency said repairs would take a month. "
        "It said a ferry would run in the meantime."
    )
    assert speaker_in(tagger, text, "a ferry would run") == "The transport agency"


def test_it_for_a_description_no_named_organisation_fits_stays_that_description(tagger):
    text = (
        "Premier Ilse Marten said on Tuesday that the ferry service will continue next year.\n\n"
        "The service was started by former premier Tomas Reyes and was fully rolled out in 2014. It saves "
        "families thousands of dollars a year, but it costs the province $2-billion a year, at a time when "
        "the government is grappling with what it says is a $9-billion deficit."
    )
    assert speaker_in(tagger, text, "deficit") == "the government"


# ---- relative pronouns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "Mourners gathered in Dunmore on Sunday to remember Ilse Dorn. The Rev. Anton Pike said the town "
            'had lost a voice that said "love is stronger than fear."',
            "love is stronger",
            "a voice",
        ),
        (
            "The rally was small. Senator Ruth Okafor was campaigning for a young teacher named Lena Varga, who is "
            "running for the council and who worked the crowd, praising \"Okafor's honesty\" as she spoke.",
            "honesty",
            "Lena Varga",
        ),
    ],
)
def test_a_relative_pronoun_speaks_for_its_antecedent(tagger, text, fragment, speaker):
    assert speaker_in(tagger, text, fragment) == speaker
