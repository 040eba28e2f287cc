"""Codebooks with several variables, and the old single-list format."""

import json
from dataclasses import replace

import pytest

from quotecoder.core.codebook import default_codebook, load_codebook
from quotecoder.core.model import Codebook, CodebookLabel, Variable
from quotecoder.core.resources import resource


def test_old_format_is_one_quote_variable_stance(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"name": "Old", "version": 2, "labels": [{"key": "opposed", "name": "Opposed"}]}))
    book = load_codebook(path)
    assert [(v.key, v.unit, v.level) for v in book.variables] == [("stance", "quote", "nominal")]
    assert [lab.key for lab in book.labels] == ["opposed"]


def test_four_variable_example_loads_with_every_unit():
    book = load_codebook(resource("codebooks", "four-variables.json"))
    assert [v.key for v in book.variables] == ["stance", "speaker_role", "frame", "gender"]
    assert [v.key for v in book.by_unit("article")] == ["frame"]
    assert [v.key for v in book.by_unit("speaker")] == ["gender"]
    assert book.stance.labels == default_codebook().labels
    assert Codebook.from_dict(json.loads(json.dumps(book.to_dict()))) == book


def test_labels_are_found_by_key_or_name_ignoring_case():
    stance = default_codebook().stance
    assert stance.find("OPPOSED").key == "opposed"
    assert stance.find(" pro-deployment ").key == "pro-deployment"
    assert stance.find("Pro-deployment").key == "pro-deployment"
    assert stance.find("nonsense") is None


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "JSON object"),
        ({"variables": []}, "non-empty"),
        ({"variables": [{"name": "No key"}]}, "no key"),
        ({"variables": [{"key": "a", "unit": "paragraph"}]}, "unit"),
        ({"variables": [{"key": "a", "level": "ratio"}]}, "level"),
        ({"variables": [{"key": "a"}, {"key": "a"}]}, "same key"),
        ({"variables": [{"key": "a", "labels": [{"key": "x"}, {"key": "x"}]}]}, "same key"),
        ({"version": "three", "labels": []}, "whole number"),
    ],
)
def test_bad_codebooks_are_refused_with_the_reason(data, message):
    with pytest.raises(ValueError, match=message):
        Codebook.from_dict(data)


def test_replacing_stance_labels_keeps_other_variables():
    book = load_codebook(resource("codebooks", "four-variables.json"))
    changed = book.with_labels((CodebookLabel("yes", "Yes"),))
    assert [v.key for v in changed.variables] == [v.key for v in book.variables]
    assert [lab.key for lab in changed.labels] == ["yes"]
    assert changed.variable("frame") == book.variable("frame")


def test_a_codebook_saved_by_another_process_changes_what_a_quote_needs(tmp_path):
    """The store keeps the quote variables of the codebook it read; a newer codebook replaces them."""
    from quotecoder.core.store import Store

    with Store(tmp_path / "a.db") as mine, Store(tmp_path / "a.db") as theirs:
        mine.save_codebook(Codebook.of_labels("one", 1, (CodebookLabel("yes", "Yes"),)))
        assert mine.quote_variables() == ("stance",)
        book = theirs.codebook()
        theirs.save_codebook(replace(book, variables=(*book.variables, Variable("tone", "Tone", labels=(
            CodebookLabel("calm", "Calm"),)))))
        assert mine.quote_variables() == ("stance", "tone")
