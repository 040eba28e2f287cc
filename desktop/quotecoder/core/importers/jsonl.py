"""JSON Lines (one object per line, streamed) and JSON files (a list of objects, or JSON Lines).

Each object carries the same fields as a table row (see :mod:`.columns`).
``Article.source`` is ``"path#line N"`` for JSON Lines and ``"path#item N"`` for
the N-th object of a JSON list. When the first object has no text field the file
gets one problem naming its keys; later objects without text get one each.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from quotecoder.core.importers.columns import ColumnMap
from quotecoder.core.importers.decode import UNDECODABLE_REST, DecodeError, encoding_warning, open_text
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.importers.records import record_articles
from quotecoder.core.model import Article

MAX_JSON_BYTES = 512 * 1024 * 1024  # a JSON list is parsed whole; JSON Lines stream
_TOO_LARGE = "too large for a JSON list; convert it to JSON Lines (.jsonl)"

_Item = tuple[int | None, str, object]  # (line or None, how messages name it, parsed value)


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The articles in a JSON Lines file, and its problems (bad lines are skipped)."""
    try:
        stream = open_text(path, encoding=options.encoding)
    except DecodeError as error:
        yield ImportProblem(str(path), None, str(error))
        return
    with stream:
        yield from _json_lines(enumerate(stream, 1), str(path), options.columns)
    yield from _encoding_note(path, stream, options)


def _encoding_note(path: Path, stream: TextIO, options: ReadOptions) -> Iterator[ImportProblem]:
    note = encoding_warning(str(path), stream.encoding, forced=options.encoding is not None)
    if note:
        yield note


def read_json(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The articles in a ``.json`` file: a list of objects, one object, or JSON Lines."""
    name, columns = str(path), options.columns
    try:
        stream = open_text(path, encoding=options.encoding)
    except DecodeError as error:
        yield ImportProblem(name, None, str(error))
        return
    yield from _encoding_note(path, stream, options)
    with stream:
        try:
            first = stream.readline()
            if _is_object_line(first):
                lines = enumerate(itertools.chain([first], stream), 1)
                yield from _json_lines(lines, name, columns)
                return
            if path.stat().st_size > MAX_JSON_BYTES:
                yield ImportProblem(name, None, _TOO_LARGE)
                return
            data = json.loads(first + stream.read())
        except UnicodeDecodeError:
            yield ImportProblem(name, None, UNDECODABLE_REST)
            return
        except (ValueError, RecursionError) as error:
            line = getattr(error, "lineno", None)
            yield ImportProblem(name, line, f"invalid JSON: {_json_message(error)}")
            return
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield ImportProblem(name, None, "expected a list of JSON objects (or JSON Lines)")
        return
    items = ((None, f"item {number}", value) for number, value in enumerate(data, 1))
    yield from _records(items, name, columns)


def _json_lines(
    lines: Iterable[tuple[int, str]], path: str, columns: ColumnMap
) -> Iterator[Article | ImportProblem]:
    """The articles in numbered JSON lines; ends with a problem if the stream stops decoding."""
    try:
        yield from _records(_parse_lines(lines, path), path, columns)
    except UnicodeDecodeError:
        yield ImportProblem(path, None, UNDECODABLE_REST)


def _parse_lines(lines: Iterable[tuple[int, str]], path: str) -> Iterator[_Item | ImportProblem]:
    for number, line in lines:
        if not line.strip():
            continue
        try:
            yield number, f"line {number}", json.loads(line)
        except (ValueError, RecursionError) as error:
            message = f"line {number}: invalid JSON: {_json_message(error)}"
            yield ImportProblem(path, number, message)


def _records(
    items: Iterable[_Item | ImportProblem], path: str, columns: ColumnMap
) -> Iterator[Article | ImportProblem]:
    first = True
    for item in items:
        if isinstance(item, ImportProblem):
            yield item
            continue
        line, where, value = item
        if not isinstance(value, dict):
            message = f"{where}: expected a JSON object, found {_kind(value)}"
            yield ImportProblem(path, line, message)
            continue
        keys = list(value)
        positions = columns.resolve(keys)
        if first and "text" not in positions:
            yield ImportProblem(path, line, columns.missing_text("key", keys))
            return
        first = False
        fields = {field: value[keys[i]] for field, i in positions.items()}
        yield from record_articles(fields, path, line, where, f"{path}#{where}", noun="field")


def _is_object_line(line: str) -> bool:
    """True when ``line`` alone is a complete JSON object (so the file is JSON Lines)."""
    if not line.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _json_message(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} (column {error.colno})"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def _kind(value: object) -> str:
    names = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")
