"""Reading codes back from a spreadsheet (``import-codes``).

Three kinds of sheet, told apart by their header:

* **quote codes**: ``quote_id``, ``coder``, then a column per quote variable named by its key
  (``stance``, ``speaker_role``); the ``long`` export is one;
* **article codes**: ``article_id``, ``coder``, then a column per article variable; the
  ``article-codes`` export is one;
* **speaker codes**: ``speaker`` (the registry's canonical name, or an alias), then a column per
  speaker variable; ``coder`` (who coded them) is optional.

Other columns (the exports' metadata) are not read. A blank cell is "not coded"; a value is
a label's key or its name, in any case. ``note`` and ``coded_at`` are optional. A row without
a coder is the ``coder`` given (``--coder``). Sheets come as Excel saves them back: comma,
semicolon (European locales) or tab as the delimiter, the apostrophe the export puts before
``= + - @`` taken off again. Each bad row or cell is named by its file and line and left out;
the rest comes in as one action.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from quotecoder.core.annotation_record import MAX_ID, MAX_NOTE
from quotecoder.core.clock import now
from quotecoder.core.csvfile import unguard
from quotecoder.core.export_columns import (
    ARTICLE_CODES_CODER,
    ARTICLE_COLUMNS,
    LONG_CODER,
    LONG_QUOTE,
    LONG_WORDS,
    code_columns,
)
from quotecoder.core.importers.decode import DecodeError, open_text
from quotecoder.core.model import Codebook
from quotecoder.core.store import Store
from quotecoder.core.study import label_choices

DELIMITERS = (",", ";", "\t")
MAX_CODER = 200


@dataclass(frozen=True)
class SheetKind:
    """One kind of sheet: its unit, the column naming each row's item, and the other columns
    its export has (not variables)."""

    unit: str
    id_column: str
    fixed: tuple[str, ...]
    coder_needed: bool = True

    @property
    def title(self) -> str:
        return f"{self.unit} codes"


#: The kinds of sheet, in the order their id column is looked for (the long export has both ids).
KINDS = (
    SheetKind("quote", "quote_id", (*LONG_QUOTE, *LONG_WORDS, *LONG_CODER)),
    SheetKind("article", "article_id", (*ARTICLE_COLUMNS, "coder", *ARTICLE_CODES_CODER)),
    SheetKind("speaker", "speaker", ("speaker", "coder", "coded_at"), coder_needed=False),
)


@dataclass
class CodesReport:
    """What ``import-codes`` did."""

    added: int = 0
    replaced: int = 0
    same: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the rest of the file was not read
    kind: str = ""  # "quote codes", "article codes" or "speaker codes"
    variables: list[str] = field(default_factory=list)  # the variables read
    ignored: list[str] = field(default_factory=list)  # columns that look like codes but name no variable

    def summary(self) -> str:
        replaced = f" replaced {self.replaced};" if self.replaced else ""
        lines = [f"Added {self.added} label(s);{replaced} {self.same} were already here."]
        if self.kind:
            lines.append(f"Read {self.kind}: {', '.join(self.variables)}.")
        if self.ignored:
            lines.append(f"Not read: column(s) {', '.join(self.ignored)} (not a variable of the codebook).")
        if self.problems:
            lines.append(f"{len(self.problems)} row(s) or cell(s) not imported:")
            lines += [f"  {p}" for p in self.problems]
        if self.stopped:
            lines.append(self.stopped)
        return "\n".join(lines)


def import_codes(store: Store, path: str | Path, coder: str | None = None, replace: bool = False) -> CodesReport:
    """Read quote, article or speaker codes from a CSV sheet into ``store``.

    Rows with an empty coder cell are ``coder``'s. A label differing from one already given
    (by the same coder, or to the speaker) is reported and kept, unless ``replace``.
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
        reader, kind = _reader(handle, path)
        sheet = _Sheet(store, path, kind, list(reader.fieldnames or ()), coder.strip() if coder else None, replace)
        report.kind, report.variables, report.ignored = kind.title, list(sheet.columns.values()), sheet.ignored
        try:
            for row in reader:
                sheet.bring(row, reader.line_num + 1, report)  # + 1: the header line read before
        except (csv.Error, UnicodeDecodeError) as exc:
            line = reader.reader.line_num + 1
            why = _csv_problem(exc) if isinstance(exc, csv.Error) else f"not readable as {handle.encoding}"
            report.stopped = f"{path}, line {line}: {why}; the rest of the file was not read (the rows before it were)."
    return report


def _reader(handle: TextIO, path: Path) -> tuple[csv.DictReader, SheetKind]:
    """A DictReader with the sheet's delimiter (found from the header) and clean column names, and its kind."""
    header = handle.readline()
    for delimiter in DELIMITERS:
        names = _names(header, delimiter)
        kind = next((k for k in KINDS if k.id_column in names), None)
        if kind is not None:
            return csv.DictReader(handle, fieldnames=names, delimiter=delimiter), kind
    raise ValueError(f"{path} has no column quote_id, article_id or speaker: it needs one to say what each row codes "
                     "(quote_id for quote codes, article_id for article codes, speaker for speaker codes).")


def _names(header: str, delimiter: str) -> list[str]:
    cells = next(csv.reader([header.lstrip("\ufeff").rstrip("\r\n")], delimiter=delimiter), [])
    return [unguard(c).strip().lower() for c in cells]


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return f"the CSV cannot be read ({exc})"


def variable_columns(codebook: Codebook | None, kind: SheetKind) -> dict[str, str]:
    """Column name (lower case) → variable key of the sheet kind's variables, as the exports name them."""
    keys = [v.key for v in codebook.by_unit(kind.unit)] if codebook else []
    return {column.lower(): key for column, key in code_columns(keys, kind.fixed).items()}


def _known_columns(codebook: Codebook | None) -> set[str]:
    """Every column an export writes: its fixed ones and each variable's (with ``_adjudicated``)."""
    known = {c for kind in KINDS for c in kind.fixed}
    for kind in KINDS:
        for column in variable_columns(codebook, kind):
            known |= {column, f"{column}_adjudicated"}
    return known


@dataclass
class _Sheet:
    """Brings the rows of one sheet into the store."""

    store: Store
    path: Path
    kind: SheetKind
    header: list[str]
    coder: str | None
    replace: bool

    def __post_init__(self) -> None:
        codebook = self.store.codebook()
        self.variables = {v.key: v for v in codebook.by_unit(self.kind.unit)} if codebook else {}
        wanted = variable_columns(codebook, self.kind)
        self.columns = {c: wanted[c] for c in dict.fromkeys(self.header) if c in wanted}
        if not self.columns:
            listed = ", ".join(self.variables) or f"the codebook has no {self.kind.unit} variable"
            raise ValueError(f"{self.path} has {self.kind.id_column} but no column for a {self.kind.unit} variable "
                             f"({listed}). Name each column by its variable's key.")
        if self.kind.coder_needed and "coder" not in self.header and not self.coder:
            raise ValueError(f"{self.path} has no coder column: add one, or name the coder with --coder NAME.")
        known = _known_columns(codebook)
        self.ignored = [c for c in dict.fromkeys(self.header)
                        if c and c not in known and not c.endswith("_adjudicated") and c not in self.columns]
        self.speakers: dict[str, int] | None = None

    def bring(self, row: dict, line: int, report: CodesReport) -> None:
        cell = {k: unguard(v).strip() if isinstance(v, str) else "" for k, v in row.items() if k is not None}
        values = {key: cell[column] for column, key in self.columns.items() if cell.get(column)}
        if not values:
            return  # nothing coded in this row: nothing to bring
        where = f"{self.path.name}, line {line}"
        coder = cell.get("coder", "") or (self.coder or "")
        item_id, problem = self._item(cell, coder)
        if problem:
            report.problems.append(f"{where}: {problem}")
            return
        note = unguard(row["note"]) if isinstance(row.get("note"), str) else ""
        stamp = cell.get("coded_at") or now()
        for key, value in values.items():
            variable = self.variables[key]
            label = variable.find(value)
            if label is None:
                report.problems.append(f"{where}: “{value[:40]}” is not a label of {key} "
                                       f"({label_choices(variable.labels) or 'no labels'})")
                continue
            outcome = self._bring(item_id, coder, key, label.key, note, stamp)
            note = ""  # the row's note goes with its first code
            if outcome == "conflict":
                report.problems.append(f"{where}: {self._conflict(item_id, coder, key)} (kept; use --replace "
                                       "to change it)")
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)

    def _item(self, cell: dict, coder: str) -> tuple[int, str | None]:
        """(the row's quote, article or speaker id, why the row cannot be brought in or None)."""
        if coder and len(coder) > MAX_CODER:
            return 0, f"the coder's name has {len(coder):,} characters (at most {MAX_CODER})"
        if len(cell.get("note", "")) > MAX_NOTE:
            return 0, f"the note has {len(cell['note']):,} characters (at most {MAX_NOTE:,}); not imported"
        raw = cell.get(self.kind.id_column, "")
        if self.kind.unit == "speaker":
            speaker_id = self._speaker(raw)
            if speaker_id is None:
                return 0, f"there is no speaker “{raw[:60]}” in the registry (give the canonical name or an alias)"
            return speaker_id, None
        if not coder:
            return 0, "no coder; name one with --coder NAME (it is used for rows without a coder)"
        unit = self.kind.unit
        if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
            return 0, f"{self.kind.id_column} “{raw[:30]}” is not a {unit} id (a whole number from the export)"
        if not self.store.has_item(unit, int(raw)):
            return 0, f"there is no {unit} {int(raw)} in this database"
        return int(raw), None

    def _speaker(self, name: str) -> int | None:
        """The registry speaker named ``name`` (any case), or with it as their one alias."""
        if self.speakers is None:
            self.speakers, aliases = {}, {}
            for speaker in self.store.speakers():
                self.speakers[speaker.name.casefold()] = speaker.id
                for alias in speaker.aliases:
                    aliases.setdefault(alias.casefold(), set()).add(speaker.id)
            for alias, ids in aliases.items():
                if len(ids) == 1:
                    self.speakers.setdefault(alias, next(iter(ids)))
        return self.speakers.get(name.strip().casefold()) if name.strip() else None

    def _bring(self, item_id: int, coder: str, variable: str, label: str, note: str, stamp: str) -> str:
        """"added", "same", "replaced" or "conflict"."""
        if self.kind.unit != "speaker":
            return self.store.bring_code(self.kind.unit, item_id, coder, variable, label, note, stamp,
                                         replace=self.replace)
        old = self.store.speaker_codes(item_id).get(item_id, {}).get(variable)
        if old == label:
            return "same"
        if old is not None and not self.replace:
            return "conflict"
        self.store.set_speaker_code(item_id, variable, label, coder or None)
        return "added" if old is None else "replaced"

    def _conflict(self, item_id: int, coder: str, variable: str) -> str:
        if self.kind.unit == "speaker":
            return f"speaker {self.store.speaker(item_id).name} already has another {variable}"
        return f"{coder} already coded {self.kind.unit} {item_id} differently for {variable}"
