"""Entity fixes on top of spaCy's NER (fictional names; docs built by hand where the NER is not
deterministic enough to test a rule)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from quotecoder.core.pretag import cached_pipeline
from quotecoder.core.pretag.entities import extract_entities


@pytest.fixture(scope="session")
def nlp():
    return cached_pipeline()


def hand_doc(nlp, words, spaces, ents):
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [SpacySpan(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_offsets_always_match(nlp):
    text = "Joram Tesk’s government and the Estovian Embassy met in Lunport on 3 May. Norland's navy waited."
    for e in extract_entities(nlp(text)):
        assert text[e.start : e.end] == e.text
        assert e.origin == "model"
        assert not e.text.endswith(("’s", "'s"))


def test_possessive_inside_entity_is_trimmed(nlp):
    doc = hand_doc(nlp, ["Norland’s", "navy", "waited", "."], [True, True, False, False], [(0, 1, "GPE")])
    (ent,) = extract_entities(doc)
    assert ent.text == "Norland" and (ent.start, ent.end) == (0, 7)


def test_name_glued_to_led_is_trimmed(nlp):
    words = ["The", "Tesk-led", "coalition", "met", "."]
    doc = hand_doc(nlp, words, [True, True, True, False, False], [(1, 2, "NORP")])
    (ent,) = extract_entities(doc)
    assert ent.text == "Tesk"
    assert doc.text[ent.start : ent.end] == "Tesk"


def test_person_mislabelled_elsewhere_is_relabelled(nlp):
    words = ["Joram", "Tesk", "spoke", ".", "Later", ",", "Tesk", "left", "."]
    spaces = [True, False, False, True, False, True, True, False, False]
    doc = hand_doc(nlp, words, spaces, [(0, 2, "PERSON"), (6, 7, "GPE")])
    labels = [(e.text, e.label) for e in extract_entities(doc)]
    assert labels == [("Joram Tesk", "PERSON"), ("Tesk", "PERSON")]


def test_norp_subject_of_reporting_verb_becomes_person(nlp):
    doc = nlp("Vesterhagen said the harbour would reopen.")
    # force the NER error the rule repairs, keeping the parse
    doc.ents = [SpacySpan(doc, 0, 1, label="NORP")]
    (ent,) = extract_entities(doc)
    if doc[0].dep_ == "nsubj":
        assert ent.label == "PERSON"


def test_empty_doc(nlp):
    assert extract_entities(nlp("")) == []
