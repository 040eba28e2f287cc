"""Speaker candidates: the alternatives offered after the chosen speaker (fictional texts)."""

from __future__ import annotations

from pretagging import quote_with, run

JUDGE = ("Mayor Olek Brandt defended the harbour plan on Monday. Brandt said the plan would save money. "
         "Councillor Mira Tesk disagreed. Tesk said the costs were hidden.\n\n"
         "A provincial judge criticised the harbour council on Friday, saying the vote on the plan had been rushed and unfair.\n\n"
         "Justice Ilsa Marrow ordered the council to publish its minutes by March.")


def test_the_person_named_just_after_a_quote_is_a_candidate(tagger):
    # "a provincial judge" is only named in the next sentence: a coder should get her with one key
    q = quote_with(run(tagger, JUDGE), "rushed and unfair")
    assert "Ilsa Marrow" in [c.name for c in q.speaker_candidates[1:]]


def test_a_name_far_after_the_quote_is_not_offered(tagger):
    text = JUDGE.replace("\n\nJustice", "\n\n" + "The harbour has three piers and a ferry terminal that opened in spring. " * 5 + "\n\nJustice")
    q = quote_with(run(tagger, text), "rushed and unfair")
    assert "Ilsa Marrow" not in [c.name for c in q.speaker_candidates]


FERRY = ("Olek Brandt, the harbour master, said the ferry would run late. "
         "Mira Tesk, who chairs the port board, said the board had not been told. "
         "Tesk said the schedule was a mess. Tesk said the crews were tired. Tesk said the fuel was short. "
         "Tesk said the pier needed repairs. Tesk said the tickets cost too much. "
         "Residents Jon Ferel and Ama Lind have complained. Ferel and Lind wrote to the council. "
         "Tesk said the council would meet on Friday.")


def test_a_run_of_quotes_by_the_chosen_speaker_does_not_push_the_other_speaker_out(tagger):
    q = quote_with(run(tagger, FERRY), "meet on Friday")
    assert q.speaker is not None and q.speaker.name == "Mira Tesk"
    assert "Olek Brandt" in [c.name for c in q.speaker_candidates[1:]]


def test_previous_speakers_are_distinct_and_skip_the_chosen_one():
    from quotecoder.core.model import Speaker
    from quotecoder.core.pretag.attribution import previous_speakers

    brandt, tesk, marsh = Speaker("Olek Brandt"), Speaker("Mira Tesk"), Speaker("Ida Marsh")
    earlier = [(0, brandt), (10, tesk), (20, brandt), (30, marsh), (40, marsh)]
    assert [sp.name for sp in previous_speakers(earlier, marsh)] == ["Olek Brandt", "Mira Tesk"]
