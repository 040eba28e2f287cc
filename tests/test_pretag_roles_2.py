"""Roles, epithets and descriptions linked to the named person they describe (fictional texts)."""

from __future__ import annotations

from pretagging import run, speaker_of


def test_description_named_in_place(tagger) -> None:
    """ "An official … named X told": X speaks, not the description."""
    ann = run(tagger, "A harbour official in Gullport named Tomas Orrin told reporters most passengers were tourists.")
    assert speaker_of(ann, "most passengers were tourists") == "Tomas Orrin"


def test_description_known_as(tagger) -> None:
    """ "The base chief known as X said": X speaks."""
    ann = run(tagger, "The base chief known as Bob Tarrant said there was no order to wait.")
    assert speaker_of(ann, "there was no order to wait") == "Bob Tarrant"


def test_hyphenated_title_after_named_person(tagger) -> None:
    """ "The former sergeant-at-arms …" right after a paragraph about Velkov is Velkov."""
    text = (
        "Ina Velkov, who was hailed as a hero after the flood, is considering a move into politics.\n\n"
        "The former sergeant-at-arms of the Gullport council said Monday she is considering a run for mayor."
    )
    assert speaker_of(run(tagger, text), "considering a run for mayor") == "Ina Velkov"


def test_epithet_after_named_person(tagger) -> None:
    """ "The presumptive Republican nominee said" after a sentence about Orrin is Orrin."""
    text = "Tomas Orrin spoke to farmers in Brellin on Tuesday.\n\nThe presumptive Republican nominee said he would cut taxes on fuel."
    assert speaker_of(run(tagger, text), "cut taxes on fuel") == "Tomas Orrin"


def test_epithet_agrees_in_gender(tagger) -> None:
    """The epithet's person agrees with the pronoun of its clause: "she" skips the farmer Orrin."""
    text = (
        "Ina Velkov met voters in Brellin on Monday. She later toured a port with Tomas Orrin, a local farmer.\n\n"
        "The presumptive Republican nominee said she would cut taxes on fuel."
    )
    assert speaker_of(run(tagger, text), "cut taxes on fuel") == "Ina Velkov"


def test_epithet_of_someone_else_stays(tagger) -> None:
    """ "The Orrin aide" and "the Harbour Line employee" are not Orrin."""
    ann = run(tagger, "Tomas Orrin toured a factory in Brellin on Tuesday.\n\nThe Orrin aide said the tour had gone well.")
    assert speaker_of(ann, "the tour had gone well") != "Tomas Orrin"
    ann = run(tagger, "Tomas Orrin toured a factory in Brellin on Tuesday.\n\nThe Harbour Line employee said he had lost his job.")
    assert speaker_of(ann, "he had lost his job") != "Tomas Orrin"


def test_age_epithet_after_named_person(tagger) -> None:
    """ "said the 46-year-old" after a paragraph about Velkov is Velkov."""
    text = "Ina Velkov addressed the crowd in Brellin on Monday.\n\n“The harbour will reopen by spring,” said the 46-year-old."
    assert speaker_of(run(tagger, text), "harbour will reopen") == "Ina Velkov"
