"""Which variable the number keys code (the *active* variable; Tab changes it), where they go
after a code, and the coder's View preferences that go with it (colour by, next quote).

The active variable is one of the codebook's quote variables (a column of the quote panel) or,
after them in Tab order, one of its article variables (shown in the article header). After a
code the keys move on (:meth:`VariableCursor.after_code`): to the quote's next variable still to
code, and when it has none left to the next quote needing codes (before they leave an article,
to its own variables it still lacks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from quotecoder.core.model import Variable
from quotecoder.gui.variables import coded_variables

if TYPE_CHECKING:
    from quotecoder.gui.coding import CodingSurface


class VariableCursor(QObject):
    """The active variable over ``surface``'s selection (its article, quote and this coder's codes),
    shown in its quote panel, article header and legend."""

    activeChanged = Signal(str)  # the key of the variable the number keys code now

    def __init__(self, surface: CodingSurface) -> None:
        super().__init__(surface)
        self.surface, self.session = surface, surface.session
        self.active: str | None = None  # the variable the number keys code
        self.colour_by: str | None = None  # the quote variable whose labels colour the text
        self.advance = True  # after a quote's last variable, go to the next quote needing codes

    def variables(self) -> tuple[Variable, ...]:
        """The variables the number keys can code, in Tab order."""
        return coded_variables(self.session.codebook)

    def active_variable(self) -> Variable | None:
        return self.session.codebook.variable(self.active) if self.active else None

    def set_active(self, key: str | None) -> None:
        """Make variable ``key`` the one the number keys code (an unknown key: the first variable)."""
        variables = self.variables()
        if not any(v.key == key for v in variables):
            key = variables[0].key if variables else None
        changed, self.active = key != self.active, key
        self.show_active()
        if changed:
            self.activeChanged.emit(key or "")

    def step_variable(self, delta: int) -> None:
        """Tab (+1) and Shift+Tab (-1): the next or previous variable, round the quote's and the article's."""
        keys = [v.key for v in self.variables()]
        if len(keys) < 2:
            self.session.note("The codebook has one variable: the number keys code it.", 3000)
            return
        i = keys.index(self.active) if self.active in keys else 0
        self.set_active(keys[(i + delta) % len(keys)])

    def codebook_changed(self) -> None:
        """The codebook or the coder changed: keep the colouring and the active variable if still there."""
        self.colour_by = self._colour_key(self.colour_by)
        self.set_active(self.active)

    def show_active(self) -> None:
        """The active variable in the quote panel's header, the article header and the legend."""
        codebook = self.session.codebook
        variable = self.active_variable()
        unit = variable.unit if variable else None
        several = len(self.variables()) > 1  # one variable: nothing to mark, the keys always code it
        self.surface.quote_panel.set_active(self.active if unit == "quote" and several else None)
        self.show_article_codes()
        self.surface.article_view.show_legend(codebook, variable, codebook.variable(self.colour_by or ""))

    def show_article_codes(self) -> None:
        """The open article's codes in its header, the active one marked."""
        variable = self.active_variable()
        self.surface.article_view.header.show_codes(
            self.session.codebook.by_unit("article"), self.surface.article_codes,
            self.active if variable and variable.unit == "article" else None)

    # -- where the keys go ----------------------------------------------------------------------

    def after_code(self, key: str) -> None:
        """Where the keys go after a code of variable ``key``: the next variable of the same quote
        (or article) still to code; when none is left, from a quote to the next quote needing codes
        (View › Next quote after the last variable; else to the quote's first variable), from the
        article back to the quotes (on to the next quote needing codes when this one is done).
        A codebook with one quote variable stays where it is."""
        codebook = self.session.codebook
        variable = codebook.variable(key)
        if variable is None:
            return
        siblings = [v.key for v in codebook.by_unit(variable.unit)]
        i = siblings.index(key)
        missing = self.missing(variable.unit)
        later = [k for k in siblings[i + 1:] + siblings[:i] if k in missing]  # in Tab order after this one
        several = len(codebook.by_unit("quote")) > 1
        if later:
            self.set_active(later[0])
        elif variable.unit == "article":
            if several and self.advance and not self.missing("quote"):
                self.surface.next_uncoded(first_missing=True)
            else:
                self.set_active(None)  # the first quote variable
        elif several:
            if self.advance:
                self.surface.next_uncoded(first_missing=True)
            else:
                self.set_active(siblings[0])

    def missing(self, unit: str) -> list[str]:
        """The variables of ``unit`` this coder has not coded for the selected quote (or the open article)."""
        surface = self.surface
        if unit == "article":
            coded = surface.article_codes if surface.article is not None else None
        else:
            coded = surface.codes.get(surface.quote_id, {}) if surface.quote_id is not None else None
        if coded is None:
            return []
        return [v.key for v in self.session.codebook.by_unit(unit) if v.key not in coded]

    def first_missing(self, force: bool) -> None:
        """After a jump to another quote: the first quote variable it lacks (``force``), or that
        variable only when the active one is coded already."""
        quote_keys = [v.key for v in self.session.codebook.by_unit("quote")]
        coded = self.surface.codes.get(self.surface.quote_id, {})
        if not force and (self.active not in quote_keys or self.active not in coded):
            return
        missing = next((k for k in quote_keys if k not in coded), None)
        if missing is not None:
            self.set_active(missing)
        elif force:
            self.set_active(quote_keys[0] if quote_keys else None)

    # -- preferences (View menu; per coder, saved with the database) ---------------------------

    def load_preferences(self) -> None:
        """The current coder's View › Colour by and Next quote choices."""
        coder = self.session.coder
        self.colour_by = self._colour_key(self.session.setting(f"colour_by:{coder}"))
        self.advance = self.session.setting(f"advance:{coder}") != "0"

    def _colour_key(self, wanted: str | None) -> str | None:
        codebook = self.session.codebook
        variable = codebook.variable(wanted) if wanted else None
        if variable is None or variable.unit != "quote":
            variable = codebook.stance
        return variable.key if variable else None

    def set_colour_by(self, key: str) -> None:
        """View › Colour by: the quote variable whose labels colour the highlights (remembered)."""
        self.colour_by = self._colour_key(key)
        self.session.set_setting(f"colour_by:{self.session.coder}", self.colour_by)
        self.surface.text.set_colour_by(self.colour_by)
        self.show_active()

    def set_advance(self, on: bool) -> None:
        """View › Next quote after the last variable (remembered)."""
        self.advance = bool(on)
        self.session.set_setting(f"advance:{self.session.coder}", "1" if on else "0")
