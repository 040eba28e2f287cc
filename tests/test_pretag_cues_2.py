"""Pre-tagger: direct quotes whose lead-in cue the parser garbles (fictional sentences)."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag import Pretagger
from pretagging import run


def _speakers(tagger: Pretagger, text: str) -> list[tuple[str, str | None]]:
    ann = run(tagger, text)
    return [(text[q.start:q.end], q.speaker.name if q.speaker else None) for q in ann.quotes if q.kind == "direct"]


@pytest.mark.parametrize(
    "text, first, speaker_word",
    [
        # the tagger takes "read" for a noun after "the editorial"
        (
            "Dana Holm spoke in Brantwell on Monday.\n\n"
            "“If she wants to be the next mayor, Lisa Marr should come to Brantwell.” the editorial read.\n\n"
            "The newspaper said more.",
            "If she wants",
            "editorial",
        ),
        # inverted: the speaker follows "reads", then a place phrase
        (
            "Dana Holm spoke in Brantwell on Monday.\n\n"
            "“There are frogs that have shown more spine than Dana Holm,” reads a Wednesday editorial in The Brantwell Courier.\n\n"
            "Matt Sorel, executive director of the group, said more.",
            "There are frogs",
            "editorial",
        ),
        (
            "Dana Holm spoke in Brantwell on Monday.\n\n"
            "\"Friend, let me be blunt. I can beat Lisa Marr.\" the email read. It stated that Marr was rattled.",
            "Friend",
            "email",
        ),
    ],
)
def test_trailing_read_clause(tagger: Pretagger, text: str, first: str, speaker_word: str) -> None:
    """“…” the editorial read. / “…,” reads an editorial: the document speaks, not the person named before."""
    found = [s for q, s in _speakers(tagger, text) if q.startswith(first)]
    assert found and found[0] is not None and speaker_word in found[0].lower()


def test_cue_subject_outside_the_quote(tagger: Pretagger) -> None:
    """“…,” said X: when the parser also makes a word inside the quote a subject of "said",
    the speaker is the subject outside the quote, not the previous quote's speaker."""
    text = (
        "\"Word is,\" Dana Holm said last month, \"that the mill is going to stay in Brantwell.\"\n\n"
        "It didn't.\n\n"
        "\"Watch a fully formed fetus on the table, its heart beating, its legs kicking while someone says, "
        "'We have to keep it alive to harvest its brain,' \" said former tech executive Marla Quint during "
        "the second debate, suggesting that she had seen such a video."
    )
    found = [s for q, s in _speakers(tagger, text) if q.startswith("Watch")]
    assert found == ["Marla Quint"]
