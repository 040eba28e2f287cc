"""Reading articles from files: plain text, CSV/TSV, JSON Lines, JSON, HTML, Word, RTF, XML and zip.
No database.

>>> for item in read_articles(["downloads/"], columns={"Body": "text"}):
...     if isinstance(item, ImportProblem):
...         print(item)             # "downloads/a.csv:7: row 7: missing the 'text' column value"
...     else:
...         store(item)             # an Article: text, metadata and content_hash set

Everything streams: one file (or one table row) is read at a time. News-database
bundles (LexisNexis, Nexis Uni, Factiva; see :mod:`.bundles`) give one article per
document, and are recognised by their content, whatever the file is called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from quotecoder.core.importers.columns import FIELDS, ColumnMap
from quotecoder.core.importers.archive import read_zip
from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.decode import check_encoding
from quotecoder.core.importers.factiva_xml import read_factiva_xml
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.importers.html import read_html
from quotecoder.core.importers.jsonl import read_json
from quotecoder.core.importers.pretagged import read_jsonl_file  # pre-tagged records, else plain JSON Lines
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.importers.sniff import content_suffix
from quotecoder.core.importers.table import read_table
from quotecoder.core.importers.text import read_text
from quotecoder.core.importers.walk import iter_files
from quotecoder.core.importers.wordfiles import read_docx, read_rtf
from quotecoder.core.model import Article

__all__ = [
    "FIELDS",
    "FILE_DIALOG_FILTER",
    "SUPPORTED",
    "Article",
    "ImportProblem",
    "content_hash",
    "parse_date",
    "read_articles",
]

_Reader = Callable[[Path, ReadOptions], Iterator[Article | ImportProblem]]
_READERS: dict[str, _Reader] = {
    ".txt": read_text,
    ".text": read_text,
    "": read_text,
    ".csv": read_table,
    ".tsv": lambda path, options: read_table(path, options, delimiter="\t"),
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".json": read_json,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".rtf": read_rtf,
    ".xml": read_factiva_xml,
    ".zip": lambda path, options: read_zip(path, options, _read_file),
}
SUPPORTED: tuple[str, ...] = tuple(sorted(suffix for suffix in _READERS if suffix))


def _patterns(suffixes: Iterable[str]) -> str:
    """``*.docx *.DOCX ...``: both cases, since the databases name files ``Files(100).DOCX``."""
    return " ".join(f"*{suffix} *{suffix.upper()}" for suffix in suffixes)


#: The File › Import dialog's filter (Qt's "Name (*.a *.b);;..." syntax): every readable file.
FILE_DIALOG_FILTER = ";;".join((
    f"Articles and news-database exports ({_patterns(SUPPORTED)})",
    f"LexisNexis, Nexis Uni and Factiva ({_patterns(('.txt', '.docx', '.rtf', '.html', '.htm', '.xml', '.zip'))})",
    f"Tables and JSON ({_patterns(('.csv', '.tsv', '.json', '.jsonl', '.ndjson'))})",
    "All files (*)",
))


def read_articles(
    paths: Iterable[str | Path] | str | Path,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Iterator[Article | ImportProblem]:
    """Every article in ``paths`` (files; folders, recursively), or a problem per bad file or row.

    Files are dispatched by content (zip, Word, RTF, HTML, Factiva XML), else by
    extension (see :data:`SUPPORTED`; no extension is plain text). ``columns`` maps
    table column names (or JSON keys) to fields, e.g. ``{"Headline": "title",
    "Body": "text"}``; ``encoding`` forces the text encoding of text, HTML, table and
    JSON files. An unknown field or encoding raises ValueError at once. Bad input
    never raises: it becomes an :class:`ImportProblem`.
    """
    options = ReadOptions(
        ColumnMap.from_overrides(columns), check_encoding(encoding) if encoding is not None else None
    )
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _read(paths, options)


def _read(paths: Iterable[str | Path], options: ReadOptions) -> Iterator[Article | ImportProblem]:
    for path in iter_files(paths):
        if isinstance(path, ImportProblem):
            yield path
        else:
            yield from _read_file(path, options)


def _read_file(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The articles of one regular file, by its content or else its extension."""
    try:
        reader = _READERS.get(content_suffix(path) or path.suffix.lower())
        if reader is None:
            yield ImportProblem(
                str(path),
                None,
                f"unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED)} "
                "and files without an extension)",
            )
            return
        yield from reader(path, options)
    except OSError as error:
        message = f"could not read the file: {error.strerror or error}"
        yield ImportProblem(str(path), None, message)
