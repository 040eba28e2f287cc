"""The keyboard table: every action's name, text and shortcuts.

The main window builds its QActions from :func:`action_table`, and Help › Keyboard
shortcuts lists the same rows, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.model import Codebook, Variable
from quotecoder.gui.variables import coded_variables, label_keys


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcuts: tuple[str, ...]
    help: str
    edits: bool = False  # disabled in a read-only window
    menu: str = "Code"
    code: tuple[str, str] | None = None  # (variable key, label key): the action codes this label
    surface: bool = False  # a key only while the quotes or the article have the keys (Tab, Shift+Tab)


BASE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next_quote", "Next quote", ("J", "Down"), "Select the next quote"),
    ActionSpec("prev_quote", "Previous quote", ("K", "Up"), "Select the previous quote"),
    ActionSpec("next_article", "Next article", ("N",), "Open the next article in the list"),
    ActionSpec("prev_article", "Previous article", ("P",), "Open the previous article in the list"),
    ActionSpec("next_uncoded", "Next uncoded quote", ("Shift+N",),
               "Jump to your next quote that lacks a code (for any quote variable)"),
    ActionSpec("next_review", "Next speaker to review", ("L",),
               f"Jump to the next quote whose machine speaker is less than {REVIEW_THRESHOLD:.0%} sure (marked ⚠)"),
    ActionSpec("accept_suggestion", "Accept suggestion", ("Return", "Enter"),
               "Give the quote the codes you gave its copy in a near-duplicate article, or say yes to "
               "the offer under the quotes", True),
    ActionSpec("speaker", "Change speaker…", ("S",),
               "Pick the quote's speaker: 1, 2, 3 choose a candidate; typing searches the article and the registry",
               True),
    ActionSpec("dismiss", "Dismiss offer", ("Esc",),
               "Say no to the offer under the quotes (Enter says yes)"),
    ActionSpec("kind", "Change kind", ("D",), "Cycle the quote's kind: direct → indirect → mixed", True),
    ActionSpec("new_quote", "New quote from selection", ("Q",), "Make the selected text a quote", True),
    ActionSpec("reject", "Reject quote", ("Delete",), "Mark the quote as a false detection", True),
    ActionSpec("boundaries", "Set boundaries to selection", ("B",), "The quote becomes the selected text", True),
    ActionSpec("entity", "New entity from selection…", ("E",), "Mark the selected text as an entity", True),
    ActionSpec("remove_entity", "Remove entity", ("Shift+E",), "Remove the entity under the cursor", True),
    ActionSpec("search", "Search articles", ("Ctrl+F",), "Focus the search box", menu="View"),
    ActionSpec("undo", "Undo", ("Ctrl+Z",), "Undo the last change", True, menu="Edit"),
    ActionSpec("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo the last undone change", True, menu="Edit"),
    ActionSpec("import", "Import…", ("Ctrl+O",), "Import article files or folders", True, menu="File"),
    ActionSpec("shortcuts", "Keyboard shortcuts", ("F1",), "This list", menu="Help"),
)


VARIABLE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next_variable", "Next variable", ("Tab",),
               "The number keys code the next variable (the legend under the article names the active one); "
               "after the quote's variables come the article's, in the header", surface=True),
    ActionSpec("prev_variable", "Previous variable", ("Shift+Tab",),
               "The number keys code the previous variable", surface=True),
)


def code_actions(codebook: Codebook) -> list[ActionSpec]:
    """One action per label of every quote and article variable; its key codes the label while its
    variable is active (Tab changes the active variable when the codebook has several)."""
    variables = coded_variables(codebook)
    specs = []
    for variable in variables:
        when = ""
        if len(variables) > 1:
            where = "the article, in its header" if variable.unit == "article" else "the selected quote"
            when = f"When {variable.name} is active (Tab), codes {where}. "
        specs.extend(
            ActionSpec(f"{variable.key}:{label.key}", f"{variable.name}: {label.name}", (key,) if key else (),
                       when + (label.description or label.name), True, code=(variable.key, label.key))
            for label, key in label_keys(variable)
        )
    return specs


def codebook_actions(codebook: Codebook) -> list[ActionSpec]:
    """The actions that follow the codebook: its labels, and Tab / Shift+Tab when it has several variables."""
    several = len(coded_variables(codebook)) > 1
    return [*code_actions(codebook), *(VARIABLE_ACTIONS if several else ())]


def action_table(codebook: Codebook) -> list[ActionSpec]:
    """All actions, the codebook's first (their keys come from the codebook)."""
    return [*codebook_actions(codebook), *BASE_ACTIONS]


#: Keys of Tools › Adjudicate disagreements (the adjudication window builds its actions from these).
ADJUDICATION_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("next", "Adjudication: next disagreement", ("J", "Down"), "Move to the next disagreement",
               menu="Adjudication"),
    ActionSpec("prev", "Adjudication: previous disagreement", ("K", "Up"), "Move to the previous disagreement",
               menu="Adjudication"),
    ActionSpec("clear", "Adjudication: clear decision", ("0", "Backspace"), "Remove the final label", True,
               menu="Adjudication"),
    ActionSpec("open", "Adjudication: open the quote", ("Return", "Enter"),
               "Show the quote in its article in the coding window", menu="Adjudication"),
    ActionSpec("undecided", "Adjudication: undecided only", ("U",), "Show only the undecided disagreements",
               menu="Adjudication"),
    ActionSpec("undo", "Adjudication: undo", ("Ctrl+Z",), "Undo the last decision (or any last change)", True,
               menu="Adjudication"),
    ActionSpec("redo", "Adjudication: redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo what was undone", True,
               menu="Adjudication"),
)


def adjudication_table(codebook: Codebook, variable: Variable | None = None) -> list[ActionSpec]:
    """The adjudication window's keys: the number keys of ``variable`` (stance unless given) set
    the final label."""
    variable = variable or codebook.stance
    what = "article" if variable is not None and variable.unit == "article" else "quote"
    labels = [
        ActionSpec(f"label:{label.key}", f"Adjudication: final label {label.name}",
                   (key,) if key else (), f"Decide the {what} is {label.name}", True, menu="Adjudication")
        for label, key in (label_keys(variable) if variable is not None else ())
    ]
    return [*labels, *ADJUDICATION_ACTIONS]


def help_table(codebook: Codebook) -> list[ActionSpec]:
    """Every key QuoteCoder has: the coding window's, then the adjudication window's."""
    return [*action_table(codebook), *adjudication_table(codebook)]
