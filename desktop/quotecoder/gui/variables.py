"""The codebook's variables as the coding window shows them: their Tab order, each label's
number key, a code's name and its coloured chip."""

from __future__ import annotations

import html

from quotecoder.core.model import Codebook, CodebookLabel, Variable

NOT_CODED = "not coded"


def coded_variables(codebook: Codebook) -> tuple[Variable, ...]:
    """The variables coded in the coding window, in Tab order: the quote variables, then the article's."""
    return (*codebook.by_unit("quote"), *codebook.by_unit("article"))


def label_keys(variable: Variable) -> list[tuple[CodebookLabel, str]]:
    """Each label of ``variable`` with its key: its shortcut, else its place (1 to 9)."""
    return [(label, label.shortcut or (str(i + 1) if i < 9 else "")) for i, label in enumerate(variable.labels)]


def label_name(variable: Variable, key: str | None) -> str:
    """The name of code ``key`` (the key itself for a label the codebook no longer has)."""
    if key is None:
        return NOT_CODED
    label = variable.label(key)
    return label.name if label else key


def codes_text(variables: tuple[Variable, ...] | list[Variable], codes: dict[str, str]) -> str:
    """"Stance: Supportive · Tone: not coded": ``codes`` (variable -> label) for ``variables``, as escaped rich text."""
    return " · ".join(f"{html.escape(v.name)}: {html.escape(label_name(v, codes.get(v.key)))}" for v in variables)


def chip(background: str, text: str, colour: str = "#000", extra: str = "") -> str:
    """``text`` on a coloured background, for rich-text labels (never broken across lines)."""
    text = html.escape(text).replace(" ", "&nbsp;")
    return f"<span style='background:{background}; color:{colour}; {extra}'>&nbsp;{text}&nbsp;</span>"


def code_html(variable: Variable, key: str | None) -> str:
    """A code as rich text: its label's name on its colour, or *not coded*."""
    if key is None:
        return f"<i>{NOT_CODED}</i>"
    label = variable.label(key)
    return chip(label.colour, label.name) if label else html.escape(key)
