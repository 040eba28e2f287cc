"""Invisible characters around words (zero-width spaces and joiners, word joiners, byte-order
marks left by web pages) do not hide a quote or its cue, and every offset and text the
pre-tagger returns still matches the article as given. All people here are fictional."""

from __future__ import annotations

import pytest

from quotecoder.core.pretag import Pretagger
from pretagging import quote_with, run


@pytest.mark.parametrize(
    "paragraph",
    [
        "“The ferry is late again,” she said.\u200b",
        "\u200b“The ferry is late again,” she said.",
        "\ufeff“The ferry is late again,” she said.",
        "“The ferry is late again,”\u2060 she said.",
    ],
)
def test_an_invisible_character_beside_a_quote_leaves_it_a_direct_quote(tagger: Pretagger, paragraph: str) -> None:
    text = "Mara Fields, a ferry pilot, waited at the Gullport pier on Monday.\n\n" + paragraph
    ann = run(tagger, text)
    quote = quote_with(ann, "The ferry is late again")
    assert quote.kind == "direct"
    assert quote.speaker is not None and quote.speaker.name == "Mara Fields"


def test_texts_and_offsets_are_the_articles_own(tagger: Pretagger) -> None:
    text = "Ilse Mar\u200bten said the fares would rise.\u200b\n\n“We have no choice,” she said.\u200b"
    ann = run(tagger, text)
    assert len(ann.quotes) == 2
    for quote in ann.quotes:
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.cue, quote.mention):
            assert span is None or text[span.start : span.end] == span.text
    for entity in ann.entities:
        assert text[entity.start : entity.end] == entity.text
    assert quote_with(ann, "fares would rise").speaker.name == "Ilse Marten"  # the name's own zero-width space is dropped
