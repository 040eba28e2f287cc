"""Speaker names of the third round of issue 12 (each measured on ggt_dev and polnear_train):
headline words glued to a person's name, possessives inside a person entity, and a relative
introduced by a first name that another person shares. All people, places and organisations
here are fictional."""

from __future__ import annotations

from pretagging import quote_with, run


def _persons(ann) -> list[str]:
    return [e.text for e in ann.entities if e.label == "PERSON"]


# ---- headline words glued to a name ------------------------------------------------------------


def test_title_case_headline_words_are_cut_from_a_persons_name(tagger):
    ann = run(tagger, "Ilsa Brandt Explained Why She Felt Invisible As A Child\n\nMayor Ilsa Brandt explained why she felt invisible.")
    assert "Ilsa Brandt Explained" not in _persons(ann)
    assert _persons(ann).count("Ilsa Brandt") == 2


def test_a_name_at_the_end_of_a_signature_line_keeps_its_surname(tagger):
    ann = run(tagger, "The council met behind closed doors, two people said.\n\n— Harbour Correspondent Julie Pace.\n\nThe pace of talks slowed.")
    assert "Julie" not in _persons(ann)


# ---- possessives inside a person entity --------------------------------------------------------


def test_a_person_entity_spanning_a_possessive_is_cut_to_the_owner(tagger):
    text = 'Hilde Varga’s Greens won four seats in Velmar. The Greens said their campaign would go on. "We are not done," Varga said.'
    ann = run(tagger, text)
    assert "Hilde Varga" in _persons(ann)
    assert not any("’s" in name for name in _persons(ann))
    speaker = quote_with(ann, "their campaign").speaker
    assert speaker is not None and "’s" not in speaker.name


# ---- a relative introduced by a first name -----------------------------------------------------


def test_a_relatives_first_name_still_joins_the_full_name_of_the_family(tagger):
    text = (
        "Ola Brask was sworn in on Monday, and Mira Brask watched. "
        "Brask's wife, Mira, said the family was proud of him."
    )
    speaker = quote_with(run(tagger, text), "the family was proud").speaker
    assert speaker is not None and speaker.name == "Mira Brask"


def test_a_surname_that_is_also_a_common_word_stays_when_the_text_repeats_the_name(tagger):
    text = "Ilsa Young Wins Harbour Seat In Velmar\n\nIlsa Young won the harbour seat, and she wins it again after beating a young rival."
    assert _persons(run(tagger, text))[0] == "Ilsa Young"
