"""How sure an attribution is, and the alternatives offered: through the core API and the
``quotecoder pretag --jsonl`` surface. All people and places are fictional."""

from __future__ import annotations

import json

import pytest

from quotecoder.cli import main
from quotecoder.core.pretag import Pretagger, cached_pipeline
from quotecoder.core.pretag.confidence import Evidence, rank, speaker_probability
from quotecoder.core.pretag.decisions import mention_form

ARTICLE = (
    "Edda Morn, the chair of the Gullport harbour board, met the ferry crews on Monday.\n\n"
    "“The ferry will run every hour from May,” Edda Morn said.\n\n"
    "Olek Brandt, who runs the ferry company, said the crews had not agreed to the new rota.\n\n"
    "“Nobody has asked the crews,” he said. “They learn everything from the radio.”\n\n"
    "The harbour board said in a statement that the rota was final.\n\n"
    "“This is the last word on the matter.”\n"
)


@pytest.fixture(scope="session")
def annotation():
    return next(Pretagger(nlp=cached_pipeline()).annotate([ARTICLE]))


def quote_with(annotation, fragment):
    found = [q for q in annotation.quotes if fragment in q.text]
    assert found, [q.text for q in annotation.quotes]
    return found[0]


def test_every_attributed_quote_has_a_confidence_and_ranked_candidates(annotation):
    attributed = [q for q in annotation.quotes if q.speaker is not None]
    assert attributed
    for q in attributed:
        assert q.speaker_confidence is not None and 0.0 < q.speaker_confidence < 1.0
        assert 1 <= len(q.speaker_candidates) <= 3
        first = q.speaker_candidates[0]
        assert (first.name, first.type, first.confidence) == (q.speaker.name, q.speaker.type, q.speaker_confidence)
        names = [c.name for c in q.speaker_candidates]
        assert len(set(names)) == len(names)
        assert all(c.confidence <= first.confidence for c in q.speaker_candidates[1:])
        assert sum(c.confidence for c in q.speaker_candidates) <= 1.0 + 1e-6


def test_a_named_speaker_is_surer_than_a_floating_quote(annotation):
    named = quote_with(annotation, "every hour from May")
    floating = quote_with(annotation, "last word on the matter")
    assert named.speaker.name == "Edda Morn"
    assert named.speaker_confidence >= 0.9
    assert floating.speaker_confidence < named.speaker_confidence


def test_pronoun_quote_offers_the_other_person(annotation):
    q = quote_with(annotation, "Nobody has asked the crews")
    assert q.speaker.name == "Olek Brandt"
    assert "Edda Morn" in [c.name for c in q.speaker_candidates[1:]]


def test_the_model_rewards_a_full_name_and_penalises_a_guess():
    base = dict(kind="direct", speaker_type="person", mentions=3, rivals=1, distance=0, chained=False, persons=4)
    named = speaker_probability(Evidence(basis="name", full_name=True, **base))
    guessed = speaker_probability(Evidence(basis="guess", full_name=True, **base))
    assert 0.0 < guessed < named < 1.0
    assert speaker_probability(Evidence(basis="name", full_name=False, **base)) < named


def test_alternatives_share_what_the_chosen_speaker_leaves():
    shares = rank(0.8, [{"previous": 1.0, "mentions": 2.0}, {"frequent": 1.0, "mentions": 1.0}])
    assert all(0.0 <= s <= 0.8 for s in shares)
    assert sum(shares) <= 0.2 + 1e-9


def test_pretag_jsonl_carries_confidence_and_candidates(tmp_path, capsys):
    (tmp_path / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["pretag", str(tmp_path / "harbour.txt"), "--jsonl"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    speakers = [q["speaker"] for q in record["quotes"] if q["speaker"] is not None]
    assert speakers
    for sp in speakers:
        assert {"name", "type", "mention", "confidence", "candidates"} <= sp.keys()
        assert isinstance(sp["confidence"], float) and 0.0 < sp["confidence"] < 1.0
        assert 1 <= len(sp["candidates"]) <= 3
        assert all(set(c) == {"name", "type", "confidence"} for c in sp["candidates"])
        assert sp["candidates"][0] == {"name": sp["name"], "type": sp["type"], "confidence": sp["confidence"]}
    # the quote's own confidence (that the span is a quote) stays
    assert all(isinstance(q["confidence"], float) for q in record["quotes"])


# ---- what a correction can be offered for (the data behind the window's propagation) -----------

DECISIONS = (
    "Olek Brandt runs the ferry company. Edda Morn chairs the harbour board.\n\n"
    "“The crews have not agreed to the new rota,” Brandt told the council.\n\n"
    "“They learn everything from the radio.”\n\n"
    "“We will strike in May,” he said.\n\n"
    "“The rota is final,” Edda Morn said.\n"
)


def test_attributions_record_the_mention_they_rest_on():
    annotation = next(Pretagger(nlp=cached_pipeline()).annotate([DECISIONS]))
    named = quote_with(annotation, "have not agreed")
    floating = quote_with(annotation, "from the radio")
    pronoun = quote_with(annotation, "strike in May")
    other = quote_with(annotation, "rota is final")
    assert mention_form(named.mention) == "name" and mention_form(pronoun.mention) == "pronoun"
    assert floating.mention == named.mention  # a floating quote carries the mention it continues
    assert floating.speaker.name == pronoun.speaker.name == named.speaker.name != other.speaker.name
