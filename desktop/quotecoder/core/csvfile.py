"""Writing CSV that opens cleanly in Excel, R, SPSS and Stata.

RFC 4180 quoting, UTF-8 (with an optional BOM for Excel), one row at a time so
nothing needs the whole table in memory, and a defence against formula
injection: a text cell that starts with = + - @, a tab or a carriage return is
prefixed with an apostrophe, so spreadsheets show it as text instead of running it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

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
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8-sig" if bom else "utf-8", newline="", dir=path.parent or ".",
        prefix=f".{path.name}.", suffix=".part", delete=False,
    )
    count = 0
    try:
        with handle:
            writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else neutralise(row.get(c)) for c in columns])
                count += 1
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return count
