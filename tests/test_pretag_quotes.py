"""Quote extraction: every quotation style and attribution pattern, on invented sentences.

All people, places and organisations here are fictional.
"""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotecoder.core.model import Annotation
from quotecoder.core.pretag import Pretagger, cached_pipeline
from quotecoder.core.pretag.marks import find_segments
from quotecoder.core.pretag.records import to_record


@pytest.fixture(scope="session")
def tagger() -> Pretagger:
    return Pretagger(nlp=cached_pipeline())


def run(tagger: Pretagger, text: str) -> Annotation:
    return next(tagger.annotate([text]))


def quote_with(ann: Annotation, fragment: str):
    found = [q for q in ann.quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in ann.quotes]}"
    return found[0]


def assert_offsets(text: str, ann: Annotation) -> None:
    for e in ann.entities:
        assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text
    for q in ann.quotes:
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text
        assert q.kind in ("direct", "indirect", "mixed")
        for span in (q.cue, q.mention):
            if span is not None:
                assert span.fits(text)


# ---- quotation marks ---------------------------------------------------------------------------


def test_marks_tell_apostrophes_from_closing_quotes():
    text = "‘It doesn’t help Norland’s farmers or the students’ union,’ she said."
    segs = find_segments(text)
    assert len(segs) == 1
    assert text[segs[0].inner_start : segs[0].inner_end] == "It doesn’t help Norland’s farmers or the students’ union,"


def test_marks_every_style():
    for text, inner in [
        ("“Curly double,” he said.", "Curly double,"),
        ('"Straight double," he said.', "Straight double,"),
        ("‘Curly single,’ he said.", "Curly single,"),
        ("'Straight single,' he said.", "Straight single,"),
        ("«Guillemets here,» he said.", "Guillemets here,"),
    ]:
        segs = find_segments(text)
        assert [text[s.inner_start : s.inner_end] for s in segs] == [inner], text


def test_marks_multi_paragraph_quote():
    text = "“First paragraph of the statement.\n\n“Second paragraph,” she said."
    segs = find_segments(text)
    assert len(segs) == 2
    assert not segs[0].closed and segs[0].continued
    assert segs[1].continues and segs[1].closed


# ---- direct quotes -----------------------------------------------------------------------------


def test_direct_speaker_after_quote(tagger):
    text = "Mara Velkov leads the Harbour Party.\n\n“We will not retreat from the valley,” Ms Velkov told reporters."
    q = quote_with(run(tagger, text), "We will not retreat")
    assert q.kind == "direct"
    assert q.cue is not None and q.cue.text == "told"
    assert q.mention is not None and "Velkov" in q.mention.text
    assert q.speaker is not None and q.speaker.name == "Mara Velkov"


def test_direct_daily_mail_single_quotes_with_apostrophes(tagger):
    text = (
        "Tomas Brandt spoke in Lunport on Friday.\n\n"
        "‘It just doesn’t make sense for Norland’s farmers,’ Mr Brandt told reporters."
    )
    ann = run(tagger, text)
    q = quote_with(ann, "doesn’t make sense")
    assert "Norland’s farmers" in q.text
    assert q.speaker is not None and q.speaker.name == "Tomas Brandt"
    assert len(ann.quotes) == 1


def test_direct_straight_quotes_inverted(tagger):
    text = 'Tomas Brandt chairs the port board.\n\n"The harbour will stay closed until spring," said Brandt.'
    q = quote_with(run(tagger, text), "harbour will stay closed")
    assert q.kind == "direct" and q.speaker is not None and q.speaker.name == "Tomas Brandt"


def test_direct_speaker_before_with_colon(tagger):
    text = "Ilse Marten said: “The vote on the new bridge is final and it will not be repeated.”"
    q = quote_with(run(tagger, text), "The vote on the new bridge")
    assert q.kind == "direct" and q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_direct_guillemets(tagger):
    text = "Ilse Marten arrived late.\n\n«We stay here until the river is safe,» Marten said."
    q = quote_with(run(tagger, text), "We stay here")
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_multi_paragraph_quote_shares_speaker(tagger):
    text = (
        "Joram Tesk addressed the council.\n\n"
        "“We have waited long enough,” Tesk said. “The harbour must reopen.\n\n"
        "“And it must reopen before the winter storms arrive in the valley.”"
    )
    ann = run(tagger, text)
    q = quote_with(ann, "before the winter storms")
    assert q.kind == "direct" and q.speaker is not None and q.speaker.name == "Joram Tesk"
    assert "\n" not in q.text


def test_floating_quote_continues_previous_speaker(tagger):
    text = (
        "Ilse Marten runs the Lunport ferry service.\n\n"
        "“Our boats are older than our captains,” Marten said.\n\n"
        "“Without new engines we will have to cancel the winter timetable entirely.”"
    )
    q = quote_with(run(tagger, text), "Without new engines")
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


# ---- mixed and indirect quotes -----------------------------------------------------------------


def test_mixed_quote(tagger):
    text = "Joram Tesk said he would ‘consider sending engineers to the northern valley’ next year."
    q = quote_with(run(tagger, text), "consider sending engineers")
    assert q.kind == "mixed"
    assert q.speaker is not None and q.speaker.name == "Joram Tesk"


@pytest.mark.parametrize(
    "sentence, fragment",
    [
        ("Ilse Marten said that the bridge would open in May.", "the bridge would open"),
        ("Ilse Marten warned the ferry fleet was running out of spare parts.", "ferry fleet was running out"),
        ("Ilse Marten insisted the budget for the harbour had never been cut.", "budget for the harbour"),
        ("Ilse Marten told reporters the council would meet again on Tuesday.", "council would meet again"),
    ],
)
def test_indirect_quotes(tagger, sentence, fragment):
    q = quote_with(run(tagger, sentence), fragment)
    assert q.kind == "indirect"
    assert q.cue is not None
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_according_to(tagger):
    text = "The harbour will stay closed until the spring thaw, according to the Lunport Port Authority."
    q = quote_with(run(tagger, text), "harbour will stay closed")
    assert q.kind == "indirect"
    assert q.cue is not None and q.cue.text.lower() == "according to"
    assert q.speaker is not None and "Lunport Port Authority" in q.speaker.name


def test_reporting_noun_statement(tagger):
    text = "A statement from the Estovian Embassy said the proposal to station troops near the border was unacceptable."
    q = quote_with(run(tagger, text), "proposal to station troops")
    assert q.speaker is not None and q.speaker.name == "Estovian Embassy"
    assert q.speaker.type == "organisation"


# ---- not quotes --------------------------------------------------------------------------------


def test_scare_quotes_and_names_are_not_quotes(tagger):
    text = (
        "Norland joined roughly 30 nations in a ‘coalition of the hopeful’ last spring.\n\n"
        "‘Harbour of Hope’\n\n"
        "The council screened the film \"Blue Valley Nights\" on Sunday."
    )
    ann = run(tagger, text)
    assert ann.quotes == []


def test_headline_with_quoted_name_is_not_a_quote(tagger):
    text = "‘Coalition of the UNREADY’: Norland council rejects the bridge plan"
    assert run(tagger, text).quotes == []


# ---- records -----------------------------------------------------------------------------------


def test_to_record_matches_scorer_format(tagger):
    text = "Mara Velkov spoke first.\n\n“We will rebuild the pier,” Velkov said."
    rec = to_record("a.txt", text, run(tagger, text))
    assert set(rec) == {"source", "text", "entities", "quotes"}
    assert rec["source"] == "a.txt" and rec["text"] == text
    for e in rec["entities"]:
        assert set(e) == {"start", "end", "label", "text"}
    (q,) = rec["quotes"]
    assert set(q) == {"start", "end", "text", "kind", "cue", "speaker", "confidence"}
    assert set(q["cue"]) == {"start", "end", "text"}
    assert set(q["speaker"]) == {"name", "type", "mention", "confidence", "candidates"}
    assert q["speaker"]["name"] == "Mara Velkov"
    assert 0.0 < q["speaker"]["confidence"] <= 1.0
    assert q["speaker"]["candidates"][0] == {"name": "Mara Velkov", "type": "person", "confidence": q["speaker"]["confidence"]}
    assert text[q["start"] : q["end"]] == q["text"]


# ---- robustness --------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("abcdefghij KLMNOP.,;:!?-—\n\n")
    + ["“", "”", '"', "'", "‘", "’", "«", "»", "‹", "›", "„"]
    + [" said ", " says ", "He ", " according to ", "Ms Velkov", " told reporters"]
    + ["😀", "🇳🇴", "שלום", "مرحبا", "\u200f", "\u202e", "\t", "  "]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_random_text_never_raises_and_offsets_are_valid(tagger, text):
    ann = tagger.annotate_doc(tagger.nlp(text))
    assert_offsets(text, ann)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(tagger, text):
    ann = tagger.annotate_doc(tagger.nlp(text))
    assert_offsets(text, ann)


def test_empty_and_blank_texts(tagger):
    for text in ["", "\n\n\n", "“", "”", "'''", "“\n\n”"]:
        assert_offsets(text, tagger.annotate_doc(tagger.nlp(text)))


def test_shared_corpus_runs_cleanly(tagger, shared_corpus: pathlib.Path):
    files = sorted((shared_corpus / "seeds").glob("*.txt")) + sorted((shared_corpus / "ggt_dev" / "articles").glob("*.txt"))
    assert files
    texts = [f.read_text(encoding="utf-8") for f in files]
    for text, ann in zip(texts, tagger.annotate(texts)):
        assert_offsets(text, ann)


def test_indirect_clause_before_x_said(tagger):
    text = "Ilse Marten runs the harbour.\n\nThe timber on the old pier is rotten, Marten said on Tuesday."
    ann = run(tagger, text)
    q = quote_with(ann, "timber on the old pier is rotten")
    assert q.kind == "indirect" and not q.text.endswith(",")
    assert "Marten said" not in q.text
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_clause_before_colon_or_object_is_not_a_report(tagger):
    text = (
        "The council announced a plan that surprised everyone: mayor Jorin Vale promised a new bridge.\n\n"
        "Every time a ferry is late, they tweet it out."
    )
    ann = run(tagger, text)
    assert not any("ferry is late" in q.text for q in ann.quotes)
    assert not any("surprised everyone" in q.text for q in ann.quotes)


def test_shared_that_reports_speech(tagger):
    text = "Premier Joram Tesk shared on social media that the talks with Estovia had gone well."
    q = quote_with(run(tagger, text), "talks with Estovia had gone well")
    assert q.speaker is not None and q.speaker.name == "Joram Tesk"


def test_abbreviation_before_lower_case_does_not_split_the_sentence(tagger):
    text = (
        "Harlan Ostby spoke to the club on Monday. Pell Varga, who lost 7 kg. “and a belt notch” "
        "over the summer, says the walking group changed his life."
    )
    q = quote_with(run(tagger, text), "walking group changed his life")
    assert q.speaker is not None and q.speaker.name == "Pell Varga"


def test_participle_report_inside_the_clause_is_its_own_quote(tagger):
    text = (
        "Premier Joram Tesk has said the province will keep its promise to spend $10 million, "
        "insisting his government won't spend another cent."
    )
    ann = run(tagger, text)
    first = quote_with(ann, "keep its promise")
    assert "another cent" not in first.text
    second = quote_with(ann, "another cent")
    assert second.speaker is not None and second.speaker.name == "Joram Tesk"


def test_reported_clause_misparsed_as_an_object_is_still_found(tagger):
    text = "Senator Ilse Marten blamed the governor. She said legalizing it could put thousands of people to work in the northern valley."
    q = quote_with(run(tagger, text), "legalizing it")
    assert q.kind == "indirect"
    assert q.speaker is not None and q.speaker.name == "Ilse Marten"


def test_person_named_before_the_colon_of_a_quote_speaks(tagger):
    text = (
        "“We will win the north,” Mayor Tomas Brandt said on Monday. Forty percent of voters agreed.\n\n"
        "The swing does not surprise veteran pollster Margaret Okafor: “Newcomers often win early contests.”"
    )
    q = quote_with(run(tagger, text), "Newcomers")
    assert q.speaker is not None and q.speaker.name == "Margaret Okafor"


def test_apposed_speaker_the_parse_hung_elsewhere(tagger):
    text = (
        "Sources close to the campaign said the candidate was ready.\n\n"
        "In a statement to the Courier, her senior policy adviser, Jorun Vesk, said: “Mara Lind believes that cooperation is essential.”"
    )
    q = quote_with(run(tagger, text), "cooperation is essential")
    assert q.speaker is not None and q.speaker.name == "Jorun Vesk"


def test_quoted_as_saying_takes_the_subject_of_quoted(tagger):
    text = (
        "“The budget is fine,” said analyst Hamish Telwood, a professor at the college.\n\n"
        "A press release, issued just after midnight on Nov. 27, Mayor Doug McAllister expressed serious concern about the city’s debt.\n\n"
        "“When the books were shown to me, I was deeply dismayed,” he was quoted as saying in the press release."
    )
    q = quote_with(run(tagger, text), "deeply dismayed")
    assert q.mention is not None and q.mention.text == "he"
    assert q.speaker is not None and q.speaker.name == "Doug McAllister"


def test_verb_with_its_own_clause_after_a_closed_quote_is_not_its_cue(tagger):
    text = (
        "“We are very pleased with the first year,” says fund director Adam Jelinek. “We are setting ourselves up "
        "for the second and third years.” While some critics say the city should not pay a middle man, "
        "Jelinek says the premium makes everyone work harder."
    )
    q = quote_with(run(tagger, text), "second and third years")
    assert q.speaker is not None and q.speaker.name == "Adam Jelinek"
