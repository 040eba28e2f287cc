"""Reading articles from files: plain text, CSV/TSV, JSON Lines, JSON and HTML. No database.

>>> for item in read_articles(["downloads/"], columns={"Body": "text"}):
...     if isinstance(item, ImportProblem):
...         print(item)             # "downloads/a.csv:7: row 7: missing the 'text' column value"
...     else:
...         store(item)             # an Article: text, metadata and content_hash set

Everything streams: one file (or one table row) is read at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from quotecoder.core.importers.columns import FIELDS, ColumnMap
from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.importers.html import read_html
from quotecoder.core.importers.jsonl import read_json, read_jsonl
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.importers.table import read_table
from quotecoder.core.importers.text import read_text
from quotecoder.core.importers.walk import iter_files
from quotecoder.core.model import Article

__all__ = [
    "FIELDS",
    "SUPPORTED",
    "Article",
    "ImportProblem",
    "content_hash",
    "parse_date",
    "read_articles",
]

_Reader = Callable[[Path, ColumnMap], Iterator[Article | ImportProblem]]
_READERS: dict[str, _Reader] = {
    ".txt": lambda path, _: read_text(path),
    ".text": lambda path, _: read_text(path),
    "": lambda path, _: read_text(path),
    ".csv": read_table,
    ".tsv": lambda path, columns: read_table(path, columns, delimiter="\t"),
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".html": lambda path, _: read_html(path),
    ".htm": lambda path, _: read_html(path),
}
SUPPORTED: tuple[str, ...] = tuple(sorted(suffix for suffix in _READERS if suffix))


def read_articles(
    paths: Iterable[str | Path] | str | Path, columns: Mapping[str, str] | None = None
) -> Iterator[Article | ImportProblem]:
    """Every article in ``paths`` (files; folders, recursively), or a problem per bad file or row.

    Files are dispatched by extension (see :data:`SUPPORTED`; no extension is
    plain text). ``columns`` maps table column names (or JSON keys) to fields,
    e.g. ``{"Headline": "title", "Body": "text"}``; an unknown field raises
    ValueError at once. Bad input never raises: it becomes an :class:`ImportProblem`.
    """
    column_map = ColumnMap.from_overrides(columns)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _read(paths, column_map)


def _read(paths: Iterable[str | Path], columns: ColumnMap) -> Iterator[Article | ImportProblem]:
    for path in iter_files(paths):
        if isinstance(path, ImportProblem):
            yield path
            continue
        reader = _READERS.get(path.suffix.lower())
        if reader is None:
            yield ImportProblem(
                str(path),
                None,
                f"unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED)} "
                "and files without an extension)",
            )
            continue
        try:
            yield from reader(path, columns)
        except OSError as error:
            message = f"could not read the file: {error.strerror or error}"
            yield ImportProblem(str(path), None, message)
