"""Writing CSV that opens cleanly in Excel, R, SPSS and Stata.

RFC 4180 quoting, UTF-8 (with an optional BOM for Excel), one row at a time so
nothing needs the whole table in memory, and a defence against formula
injection: a text cell that starts with = + - @, a tab or a carriage return is
prefixed with an apostrophe, so spreadsheets show it as text instead of running it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from quotecoder.core.outfile import atomic_text_file

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` made safe for a spreadsheet cell; numbers and None pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, object]],
    bom: bool = False,
) -> int:
    """Write ``rows`` (dicts keyed by ``columns``) to ``path``; returns the row count.

    The file appears only when it is complete: it is written beside ``path`` and
    renamed, so a failed export never leaves half a file behind.
    """
    count = 0
    with atomic_text_file(path, "utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
            count += 1
    return count
