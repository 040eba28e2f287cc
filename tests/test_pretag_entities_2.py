"""Entity name hygiene (issue 12): an ordinary word that a headline or a sentence start
capitalises is not part of the person's name that follows it. All people and places here
are fictional."""

from __future__ import annotations


from quotecoder.core.pretag import Pretagger
from quotecoder.core.pretag.entities import extract_entities
from pretagging import run


def persons(tagger: Pretagger, text: str) -> list[str]:
    doc = next(tagger.parse([text]))
    return [e.text for e in extract_entities(doc) if e.label == "PERSON"]


def test_headline_preposition_before_a_name_is_dropped(tagger: Pretagger) -> None:
    text = (
        "Beneath Oskar Pell's calm, a storm\n\n"
        'The trouble lies beneath the surface. Oskar Pell said the vote was close. "We need more time," Pell said.'
    )
    names = persons(tagger, text)
    assert names and all(not n.startswith("Beneath") for n in names), names
    assert "Oskar Pell" in names


def test_leading_verb_before_a_name_is_not_a_speaker(tagger: Pretagger) -> None:
    text = (
        "Telling Mara Fields to resign, the mayor left.\n\n"
        'The mayor was telling everyone. "It is over," Fields said.'
    )
    assert persons(tagger, text)[0] == "Mara Fields"
    ann = run(tagger, text)
    speakers = {q.speaker.name for q in ann.quotes if q.speaker}
    assert speakers and all(not n.startswith("Telling") for n in speakers), speakers


def test_a_given_name_that_is_also_a_word_stays(tagger: Pretagger) -> None:
    text = 'Bill Tran backed the bill on Monday. "It is a fair bill," Tran said.'
    assert persons(tagger, text)[0] == "Bill Tran"
    ann = run(tagger, text)
    assert ann.quotes[0].speaker.name == "Bill Tran"
