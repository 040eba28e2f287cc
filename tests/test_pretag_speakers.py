"""Canonical speakers within an article, on invented sentences (all names are fictional)."""

from __future__ import annotations

import pytest

from quotecoder.core.model import Speaker
from quotecoder.core.pretag import Pretagger, cached_pipeline
from quotecoder.core.pretag.speakers import clean_name


@pytest.fixture(scope="session")
def nlp():
    return cached_pipeline()


def quotes(nlp, text, registry=()):
    return Pretagger(nlp=nlp, registry=registry).annotate_doc(nlp(text)).quotes


def speaker_of(qs, fragment):
    found = [q for q in qs if fragment in q.text]
    assert found, f"no quote containing {fragment!r}: {[q.text for q in qs]}"
    return found[0]


def test_clean_name():
    assert clean_name("Mr Velkov’s") == "Velkov"
    assert clean_name("the Estovian Embassy") == "Estovian Embassy"
    assert clean_name("Prime Minister Joram Tesk") == "Joram Tesk"


def test_surname_and_title_forms_join_the_full_name(nlp):
    text = (
        "Opposition leader Tomas Brandt visited Lunport on Monday.\n\n"
        "“The port needs new cranes,” Mr Brandt said.\n\n"
        "“We cannot wait another decade,” Brandt told the local radio station."
    )
    qs = quotes(nlp, text)
    for frag in ("new cranes", "another decade"):
        q = speaker_of(qs, frag)
        assert q.speaker is not None and q.speaker.name == "Tomas Brandt"
        assert q.speaker.type == "person"


def test_pronoun_resolves_to_earlier_speaker(nlp):
    text = (
        "Ilse Marten, the harbour master, inspected the pier on Tuesday.\n\n"
        "“The timber is rotten from end to end,” she said."
    )
    q = speaker_of(quotes(nlp, text), "timber is rotten")
    assert q.mention is not None and q.mention.text == "she"
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_role_nominal_through_apposition(nlp):
    text = (
        "Tomas Brandt, the opposition leader, toured the shipyard.\n\n"
        "The opposition leader said the yard would close within two years without new orders."
    )
    q = speaker_of(quotes(nlp, text), "yard would close")
    assert q.speaker is not None and q.speaker.name == "Tomas Brandt"
    assert q.mention is not None and q.mention.text.lower() == "the opposition leader"


def test_role_nominal_through_title(nlp):
    text = (
        "Prime Minister Joram Tesk met the fishing unions in Lunport.\n\n"
        "The prime minister said the quota system would be reviewed before the summer."
    )
    q = speaker_of(quotes(nlp, text), "quota system")
    assert q.speaker is not None and q.speaker.name == "Joram Tesk"


def test_office_and_spokesperson_speak_for_their_principal(nlp):
    text = (
        "Joram Tesk returned from the summit on Sunday.\n\n"
        "“The talks were warm and constructive,” stated Tesk’s office.\n\n"
        "“The leaders discussed fishing rights in the northern sea,” a spokesperson for Tesk said."
    )
    qs = quotes(nlp, text)
    office = speaker_of(qs, "warm and constructive")
    assert office.speaker is not None and office.speaker.name == "Joram Tesk"
    assert office.mention is not None and office.mention.text == "Tesk’s office"
    spokes = speaker_of(qs, "fishing rights")
    assert spokes.speaker is not None and spokes.speaker.name == "Joram Tesk"
    assert spokes.mention is not None and "spokesperson" in spokes.mention.text


def test_organisation_speaks_as_itself(nlp):
    text = "“Foreign boots on the ground are unacceptable for Estovia,” the Estovian Embassy said in a statement."
    q = speaker_of(quotes(nlp, text), "Foreign boots")
    assert q.speaker is not None and q.speaker.name == "Estovian Embassy"
    assert q.speaker.type == "organisation"


def test_statement_noun_resolves_to_its_source(nlp):
    text = (
        "A statement from the Estovian Embassy said the exercise was a provocation.\n\n"
        "The stern statement added that Estovia would not remain a passive observer of the manoeuvres."
    )
    q = speaker_of(quotes(nlp, text), "passive observer")
    assert q.speaker is not None and q.speaker.name == "Estovian Embassy"


def test_registry_alias_and_role(nlp):
    registry = [Speaker(name="Joram Tesk", type="person", aliases=("JT",), roles=("chief negotiator",))]
    text = (
        "The talks in Lunport resumed on Thursday.\n\n"
        "The chief negotiator said the fishing agreement was almost ready to be signed."
    )
    q = speaker_of(quotes(nlp, text, registry), "fishing agreement")
    assert q.speaker is not None and q.speaker.name == "Joram Tesk"
    assert q.mention is not None and q.mention.text.lower() == "the chief negotiator"


def test_floating_paragraph_keeps_speaker_across_quotes(nlp):
    text = (
        "Mara Velkov chairs the Lunport water board.\n\n"
        "“Our reservoirs are at their lowest level in forty years,” Velkov said.\n\n"
        "“Every household will have to cut its use by a third until the rain returns.”"
    )
    q = speaker_of(quotes(nlp, text), "Every household")
    assert q.speaker is not None and q.speaker.name == "Mara Velkov"


def test_pronoun_resolves_to_name_apposed_to_the_subject(nlp):
    text = (
        "Harlan Ostby wrote that the scam was new.\n\n"
        "Director of research at security firm Quillon, Tavi Renn, agreed with the finding.\n\n"
        "“We believe it is the same group,” he said."
    )
    q = speaker_of(quotes(nlp, text), "same group")
    assert q.speaker is not None and q.speaker.name == "Tavi Renn"


def test_kin_noun_gives_the_gender_for_pronouns(nlp):
    text = (
        "Mira Castel wants a passport for herself, husband Dorin Paskal, and their children.\n\n"
        "“I am not a visitor here,” she said."
    )
    q = speaker_of(quotes(nlp, text), "not a visitor")
    assert q.speaker is not None and q.speaker.name == "Mira Castel"


def test_surname_the_ner_calls_an_organisation_joins_the_person(nlp):
    text = (
        "Estovian Vice-President Lu Qirang spoke at the forum in Port Alder.\n\n"
        "Lu said that the tariffs \"will not resolve the problems\" of either country."
    )
    q = speaker_of(quotes(nlp, text), "tariffs")
    assert q.speaker is not None and q.speaker.name == "Lu Qirang"


def test_description_with_apposed_name_speaks_as_the_name(nlp):
    text = "A veteran Democrat, Senator Jorin Vale, said Sunday that the bridge plan was a mistake."
    q = speaker_of(quotes(nlp, text), "bridge plan was a mistake")
    assert q.speaker is not None and q.speaker.name == "Jorin Vale"


def test_statement_sent_by_a_person_is_theirs(nlp):
    text = (
        "A statement e-mailed to the Courier by Reagan Tolle, who joined the board last month, "
        "said “the station will respect the order of the court.”"
    )
    q = speaker_of(quotes(nlp, text), "respect the order")
    assert q.speaker is not None and q.speaker.name == "Reagan Tolle"


def test_verb_right_before_a_closed_quote_is_its_cue(nlp):
    text = (
        "Judge Petra Lind criticised the station on Friday.\n\n"
        "Board member Arno Vesk said “the station will respect the order.” When asked about the judge, "
        "he replied that the board would say more next week."
    )
    q = speaker_of(quotes(nlp, text), "respect the order")
    assert q.speaker is not None and q.speaker.name == "Arno Vesk"


def test_two_named_subjects_speak_together(nlp):
    text = (
        "Jo Bloggs and Sam Jones met on the steps of the town hall.\n\n"
        "Both Bloggs and Jones have said they were trying to keep the peace."
    )
    q = speaker_of(quotes(nlp, text), "keep the peace")
    assert q.speaker is not None and q.speaker.name == "Jo Bloggs and Sam Jones"
    assert q.speaker.type == "group"


def test_mention_stops_before_a_relative_clause(nlp):
    text = "Another member of the public, whose name is withheld, wrote: “The ferry should never have been sold.”"
    q = speaker_of(quotes(nlp, text), "ferry should never")
    assert q.speaker is not None and q.speaker.name == "Another member of the public"


def test_bare_indefinite_statement_comes_from_the_last_source(nlp):
    text = (
        "The aid group Norvale Relief said its programmes director was among those killed. "
        "A statement said the group was shocked and saddened to confirm the death."
    )
    q = speaker_of(quotes(nlp, text), "shocked and saddened")
    assert q.speaker is not None and q.speaker.name.endswith("Norvale Relief")
