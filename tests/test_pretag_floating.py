"""Floating quotes (issue 12): quotes with no speech verb of their own used to take the speaker
of the previous quote. Measured on ggt_dev and polnear_train: the subject of a cue the parser
hung elsewhere, the subject of a lead clause ending with a colon or a comma, a short clause after
the quote whatever its subject ("…,” it read.), and a confidence feature for floating quotes that
narrative about others separates from their source. All people, places and organisations here
are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag import Pretagger
from quotecoder.core.pretag.attribution import Trace
from quotecoder.core.pretag.entities import extract_entities
from quotecoder.core.pretag.quotes import extract_quotes
from pretagging import run, speaker_of


OPENING = 'Mayor Ilsa Brandt defended the ferry budget on Monday. "We will not back down," she said.\n\n'


# ---- a cue whose subject the parser hung elsewhere ----------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "Councillor Tomas Vell explained the headline by saying:",  # "saying" under "by"
        "The columnist Tomas Vell went so far as to say:",  # "say" under "far"
    ],
)
def test_a_cue_under_a_preposition_or_adverb_takes_the_clause_subject(tagger, lead):
    ann = run(tagger, OPENING + lead + ' "It was because last night I asked a simple question."')
    assert speaker_of(ann, "It was because last night") == "Tomas Vell"


# ---- a lead clause that is not a speech verb ------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "speaker"),
    [
        ("Councillor Tomas Vell has since apologized for the delay:", "Tomas Vell"),
        (
            "Dashing into the chamber, Councillor Rina Okafor, who chairs the harbour committee, called over her shoulder,",
            "Rina Okafor",
        ),
    ],
)
def test_the_subject_of_a_lead_clause_speaks_the_quote(tagger, lead, speaker):
    ann = run(tagger, OPENING + lead + ' "I should have read the figures twice."')
    assert speaker_of(ann, "I should have read the figures") == speaker


def test_a_document_that_continues_speaks_the_quote(tagger):
    ann = run(tagger, OPENING + 'The union\'s letter continues: "No crew should sail without a second engineer."')
    assert speaker_of(ann, "No crew should sail") != "Ilsa Brandt"


def test_a_lead_with_no_subject_still_continues_the_previous_speaker(tagger):
    ann = run(tagger, OPENING + 'Then, after a pause: "We will find the money."')
    assert speaker_of(ann, "We will find the money") == "Ilsa Brandt"


# ---- a short clause after the quote, whatever its subject -----------------------------------------


def test_it_read_after_a_quote_points_to_the_document_not_the_previous_speaker(tagger):
    text = OPENING + (
        "The Marrow Valley Ferry Workers Union sent a letter to the council on Friday.\n\n"
        '"The crews have not been paid for six weeks," it read.'
    )
    assert speaker_of(run(tagger, text), "The crews have not been paid") == "Marrow Valley Ferry Workers Union"


def test_an_audience_that_answers_speaks_its_answer(tagger):
    text = OPENING + '"Who will pay for the new boats?" she asked.\n\n"The province!" the audience screamed back.'
    assert speaker_of(run(tagger, text), "The province!") == "the audience"


# ---- the risk of a floating quote, for the confidence model ---------------------------------------


def _floating_evidence(tagger: Pretagger, text: str):
    doc = tagger.nlp(text)
    trace: list[Trace] = []
    quotes = extract_quotes(doc, extract_entities(doc), (), trace)
    floating = [t.evidence for q, t in zip(quotes, trace) if t.evidence.basis == "continuation"]
    assert floating, [q.text for q in quotes]
    return floating[-1]


def test_narrative_about_others_between_a_floating_quote_and_its_source_is_evidence(tagger):
    bridged = _floating_evidence(
        tagger, OPENING + "The harbour board voted five to two to sell the old ferry to a museum in Tarlow.\n\n"
        '"It is the end of an era."',
    )
    assert bridged.bridged and bridged.features()["bridged"] == 1.0
    direct = _floating_evidence(tagger, OPENING + '"It is the end of an era."')
    assert not direct.bridged
