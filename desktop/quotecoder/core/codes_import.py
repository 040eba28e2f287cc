"""Reading stance codes back from a spreadsheet (``import-codes``).

The sheet is a long-format CSV with the columns quote_id, coder and stance (note and
coded_at are optional), as the long export writes it and Excel saves it back: comma,
semicolon (European locales) or tab as the delimiter, the apostrophe the export puts
before ``= + - @`` taken off again. A stance is a label's key or its name, in any case.
A row without a coder is the ``coder`` given (``--coder``). Each bad row is named by
its line and left out; the rest comes in as one action.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from quotecoder.core.annotation_record import MAX_ID, MAX_NOTE
from quotecoder.core.clock import now
from quotecoder.core.csvfile import unguard
from quotecoder.core.importers.decode import DecodeError, open_text
from quotecoder.core.store import Store

REQUIRED = ("quote_id", "coder", "stance")
DELIMITERS = (",", ";", "\t")
MAX_CODER = 200


@dataclass
class CodesReport:
    """What ``import-codes`` did."""

    added: int = 0
    replaced: int = 0
    same: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the rest of the file was not read

    def summary(self) -> str:
        replaced = f" replaced {self.replaced};" if self.replaced else ""
        lines = [f"Added {self.added} label(s);{replaced} {self.same} were already here."]
        if self.problems:
            lines.append(f"{len(self.problems)} row(s) not imported:")
            lines += [f"  {p}" for p in self.problems]
        if self.stopped:
            lines.append(self.stopped)
        return "\n".join(lines)


def import_codes(store: Store, path: str | Path, coder: str | None = None, replace: bool = False) -> CodesReport:
    """Read stance codes from a long-format CSV into ``store``.

    Rows with an empty coder cell are ``coder``'s. A label differing from one the coder
    already gave is reported and kept, unless ``replace``.
    """
    path = Path(path)
    if store.is_own_file(path):
        raise ValueError(f"{path} is the database itself, not a spreadsheet of codes.")
    if not path.is_file():  # a folder, a device or a pipe (stat opens nothing)
        raise ValueError(f"{path} is not a file.")
    try:
        handle = open_text(path, newline="")
    except DecodeError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    report = CodesReport()
    with handle, store.transaction():  # one file of codes is one action
        reader = _reader(handle, path)
        sheet = _Sheet(store, path, coder.strip() if coder else None, replace)
        try:
            for row in reader:
                sheet.bring(row, reader.line_num + 1, report)  # + 1: the header line read before
        except (csv.Error, UnicodeDecodeError) as exc:
            line = reader.reader.line_num + 1
            why = _csv_problem(exc) if isinstance(exc, csv.Error) else f"not readable as {handle.encoding}"
            report.stopped = f"{path}, line {line}: {why}; the rest of the file was not read (the rows before it were)."
    return report


def _reader(handle: TextIO, path: Path) -> csv.DictReader:
    """A DictReader with the sheet's delimiter (found from the header) and clean column names."""
    header = handle.readline()
    delimiter = next((d for d in DELIMITERS if set(REQUIRED) <= set(_names(header, d))), None)
    if delimiter is None:
        found = _names(header, max(DELIMITERS, key=header.count))
        missing = [c for c in REQUIRED if c not in found]
        raise ValueError(f"{path} has no column(s) {', '.join(missing)}; it needs quote_id, coder and stance.")
    return csv.DictReader(handle, fieldnames=_names(header, delimiter), delimiter=delimiter)


def _names(header: str, delimiter: str) -> list[str]:
    cells = next(csv.reader([header.lstrip("\ufeff").rstrip("\r\n")], delimiter=delimiter), [])
    return [unguard(c).strip().lower() for c in cells]


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return f"the CSV cannot be read ({exc})"


@dataclass
class _Sheet:
    """Brings the rows of one sheet into the store."""

    store: Store
    path: Path
    coder: str | None
    replace: bool

    def __post_init__(self) -> None:
        codebook = self.store.codebook()
        self.stance = codebook.stance if codebook else None

    def bring(self, row: dict, line: int, report: CodesReport) -> None:
        cell = {k: unguard(v).strip() if isinstance(v, str) else "" for k, v in row.items() if k is not None}
        stance, coder = cell.get("stance", ""), cell.get("coder", "") or (self.coder or "")
        if not stance:
            return  # a quote nobody coded: nothing to bring
        problem = self._problem(cell, stance, coder)
        if problem:
            report.problems.append(f"line {line}: {problem}")
            return
        key = self.stance.find(stance).key
        quote_id = int(cell["quote_id"])
        note = unguard(row["note"]) if isinstance(row.get("note"), str) else ""
        outcome = self.store.bring_label(quote_id, coder, key, note, cell.get("coded_at") or now(),
                                         replace=self.replace)
        if outcome == "added":
            report.added += 1
        elif outcome == "replaced":
            report.replaced += 1
        elif outcome == "same":
            report.same += 1
        else:
            report.problems.append(f"line {line}: {coder} already coded quote {quote_id} differently "
                                   "(kept; use --replace to change it)")

    def _problem(self, cell: dict, stance: str, coder: str) -> str | None:
        """Why the row cannot be brought in, or None."""
        if not coder:
            return "no coder; name one with --coder NAME (it is used for rows without a coder)"
        if len(coder) > MAX_CODER:
            return f"the coder's name has {len(coder):,} characters (at most {MAX_CODER})"
        if self.stance is None or self.stance.find(stance) is None:
            return f"“{stance[:40]}” is not a label of the codebook"
        raw = cell.get("quote_id", "")
        if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
            return f"quote_id “{raw[:30]}” is not a quote id (a whole number from the export)"
        if not self.store.has_quote(int(raw)):
            return f"there is no quote {int(raw)} in this database"
        if len(cell.get("note", "")) > MAX_NOTE:
            return f"the note has {len(cell['note']):,} characters (at most {MAX_NOTE:,}); not imported"
        return None
