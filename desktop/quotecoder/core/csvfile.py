"""Writing CSV that opens cleanly in Excel, R, SPSS and Stata.

RFC 4180 quoting, UTF-8 (with an optional BOM for Excel), one row at a time so
nothing needs the whole table in memory, and a defence against formula
injection: a text cell that a spreadsheet would run as a formula gets a leading
apostrophe, so it shows as text. That is a cell starting with ``= + - @`` (or their
full-width forms ``＝ ＋ － ＠``), also after leading spaces, no-break spaces or
invisible zero-width characters, and a cell starting with a tab or a carriage return.
:func:`unguard` takes the apostrophe off again when codes come back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from quotecoder.core.outfile import atomic_text_file

#: Characters a spreadsheet may read as the start of a formula.
FORMULA_MARKS = "=+-@＝＋－＠"
#: Blank or invisible characters a spreadsheet may skip before a formula: any whitespace
#: (space, no-break space, ideographic space…), zero-width spaces and joiners, word joiner,
#: invisible operators, direction marks and the byte-order mark.
_INVISIBLE = r"\s\u00a0\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_FORMULA = re.compile(rf"[\t\r]|[{_INVISIBLE}]*[{re.escape(FORMULA_MARKS)}]")


def is_formula(value: str) -> bool:
    """True when a spreadsheet could run the text cell ``value`` as a formula."""
    if not value or value[0].isalnum():  # the usual cell: no formula can start with a letter or digit
        return False
    return _FORMULA.match(value) is not None


def neutralise(value: object) -> object:
    """``value`` made safe for a spreadsheet cell; numbers, None and safe text pass through."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def unguard(value: str) -> str:
    """The text :func:`neutralise` guarded, without its apostrophe (any other text unchanged)."""
    if value.startswith("'") and is_formula(value[1:]):
        return value[1:]
    return value


def write_csv(
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, object]],
    bom: bool = False,
    formula_guard: bool = True,
) -> int:
    """Write ``rows`` (dicts keyed by ``columns``) to ``path``; returns the row count.

    ``formula_guard=False`` writes text cells exactly as they are (for R, Stata or SPSS,
    which never run formulas). The file appears only when it is complete: it is written
    beside ``path`` and renamed, so a failed export never leaves half a file behind.
    """
    count = 0
    with atomic_text_file(path, "utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            cells = ["" if v is None else v for v in map(row.get, columns)]
            writer.writerow(list(map(neutralise, cells)) if formula_guard else cells)
            count += 1
    return count
