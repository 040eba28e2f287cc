"""CSV and TSV files: a header row, then one article per row, read as a stream.

Rows are numbered as a spreadsheet shows them (the header is row 1), so
``Article.source`` is ``"path#row N"``; an :class:`ImportProblem`'s ``line`` is the
physical line where the row starts (the two differ only after multi-line cells).
A bad row is reported and skipped; the rows around it still import. A ``.csv``
may use ``,``, ``;`` or tabs: the header line decides.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quotecoder.core.importers.columns import ColumnMap
from quotecoder.core.importers.decode import (
    MAX_ARTICLE_BYTES,
    UNDECODABLE_REST,
    DecodeError,
    encoding_warning,
    open_text,
)
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.importers.records import record_articles
from quotecoder.core.model import Article

if TYPE_CHECKING:
    from _csv import Reader

_DELIMITERS = (",", ";", "\t")
_CSV_ERRORS = {"unexpected end of data": 'unterminated quoted field (a " is never closed)'}
_FIELD_LIMIT = "field larger than field limit"


def read_table(
    path: Path, options: ReadOptions, delimiter: str | None = None
) -> Iterator[Article | ImportProblem]:
    """The articles and problems of a CSV (``delimiter`` None: sniffed) or TSV (``"\\t"``) file."""
    name = str(path)
    try:
        stream = open_text(path, newline="", encoding=options.encoding)
    except DecodeError as error:
        yield ImportProblem(name, None, str(error))
        return
    with stream:
        try:
            yield from _read(stream, name, options.columns, delimiter)
        except UnicodeDecodeError:
            yield ImportProblem(name, None, UNDECODABLE_REST)
    note = encoding_warning(name, stream.encoding, forced=options.encoding is not None)
    if note:
        yield note


def _read(
    stream: TextIO, path: str, columns: ColumnMap, delimiter: str | None
) -> Iterator[Article | ImportProblem]:
    first = stream.readline()
    if not first.strip():
        yield ImportProblem(path, 1, "no header row (the first line is blank)")
        return
    csv.field_size_limit(max(csv.field_size_limit(), MAX_ARTICLE_BYTES))
    dialect = delimiter or max(_DELIMITERS, key=first.count)
    reader = csv.reader(itertools.chain([first], stream), delimiter=dialect, strict=True)
    yield from _rows(reader, path, columns)


def _rows(reader: Reader, path: str, columns: ColumnMap) -> Iterator[Article | ImportProblem]:
    try:
        header = next(reader)
    except csv.Error as error:
        yield ImportProblem(path, 1, f"row 1: malformed CSV header: {_csv_message(error)}")
        return
    positions = columns.resolve(header)
    if "text" not in positions:
        yield ImportProblem(path, 1, columns.missing_text("column", header))
        return
    row_number, line, seen = 1, reader.line_num + 1, False
    while True:
        row_number, start = row_number + 1, line
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            seen = True
            if _FIELD_LIMIT in str(error):  # the rest would be fragments of one huge cell
                yield ImportProblem(path, start, _too_large(row_number))
                return
            message = f"row {row_number}: malformed CSV: {_csv_message(error)}"
            yield ImportProblem(path, start, message)
            continue
        finally:
            line = reader.line_num + 1
        if any(cell.strip() for cell in row):
            seen = True
            yield from _row(row, len(header), positions, path, start, row_number)
    if not seen and row_number == 2:
        yield ImportProblem(path, None, "no rows under the header")
    elif not seen:
        yield ImportProblem(path, None, "only blank rows under the header")


def _row(
    row: list[str], width: int, positions: dict[str, int], path: str, line: int, number: int
) -> Iterator[Article | ImportProblem]:
    while len(row) > width and not row[-1].strip():
        row.pop()  # trailing empty cells, as spreadsheets export them
    where = f"row {number}"
    if len(row) != width:
        yield ImportProblem(path, line, f"{where}: expected {width} fields but found {len(row)}")
        return
    values = {field: row[i] for field, i in positions.items()}
    yield from record_articles(values, path, line, where, f"{path}#{where}")


def _too_large(row_number: int) -> str:
    limit = csv.field_size_limit()
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} characters"
    return (
        f"row {row_number}: a cell is longer than {size} (is a closing quote missing?); "
        "stopped reading this file so that no fragments are imported as articles"
    )


def _csv_message(error: csv.Error) -> str:
    return _CSV_ERRORS.get(str(error), str(error))
