"""Quotation-mark pairing beyond the basic styles, on invented sentences (all names are fictional)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quotecoder.core.pretag.marks import QUOTE_CHARS, find_segments


def inners(text: str) -> list[str]:
    return [text[s.inner_start : s.inner_end] for s in find_segments(text)]


def test_news_archive_double_apostrophes():
    text = "''We will not sell the ferry,'' said Edda Morn, the harbour chair. ''Not this year.''"
    assert inners(text) == ["We will not sell the ferry,", "Not this year."]


def test_double_apostrophes_with_a_nested_quote_closing_together():
    text = "''I told the board, 'Nobody here wants a bridge,''' Mr. Brandt recalled."
    segs = find_segments(text)
    assert len(segs) == 1
    assert text[segs[0].inner_start : segs[0].inner_end] == "I told the board, 'Nobody here wants a bridge,'"
    assert text[segs[0].end :].startswith(" Mr. Brandt")


def test_backtick_openers():
    text = "``The pier is safe,'' the engineer said."
    assert inners(text) == ["The pier is safe,"]


def test_german_low_openers():
    text = "„Wir bleiben hier“, sagte Jonas Feld. ‚Nie wieder‘, rief die Menge."
    assert inners(text) == ["Wir bleiben hier", "Nie wieder"]


def test_elisions_do_not_open_quotes():
    for text in (
        "In the '90s the ferry ran at a loss, and in '19 it stopped. 'We miss it,' said Ona Pell.",
        "In the ’90s the ferry ran at a loss. ‘We miss it,’ said Ona Pell.",
        "Tell 'em the ferry is back. 'We miss it,' said Ona Pell.",
    ):
        assert inners(text) == ["We miss it,"], text


def test_plural_possessive_before_a_closing_single_quote():
    text = "'The land belongs to the farmers'' was all Ona Pell would say."
    assert inners(text) == ["The land belongs to the farmers'"]
    text = "'Our nurses' pay has not moved in years,' said Mira Stone."
    assert inners(text) == ["Our nurses' pay has not moved in years,"]


def test_a_misprinted_closer_still_closes():
    text = "“Do you want the bridge?“ the host asked. “No,” said Ona Pell."
    assert inners(text) == ["Do you want the bridge?", "No,"]


def test_an_unclosed_nested_quote_ends_with_its_outer_quote():
    text = "“He said ‘never again,” Ona Pell recalled, “and he meant it.”"
    assert inners(text) == ["He said ‘never again,", "and he meant it."]


@given(st.text(alphabet=sorted(QUOTE_CHARS) + [" ", "\n", ".", ","], max_size=60))
def test_text_made_only_of_marks_has_no_quotes(text):
    assert find_segments(text) == []
