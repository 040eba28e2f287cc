"""One table row or JSON object, already keyed by field, into an :class:`Article`.

A row without text is a problem and is skipped; web-page furniture is left out
of the text (see :mod:`.furniture`). A date that cannot be read leaves
``published`` None and adds a problem starting with ``"warning:"``: the article
is still imported (a raw, unreadable date would only spoil exports).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.decode import normalise_newlines
from quotecoder.core.importers.fields import Metadata, trim_body
from quotecoder.core.importers.furniture import remove_furniture
from quotecoder.core.importers.problem import WARNING, ImportProblem
from quotecoder.core.model import Article

_WHITESPACE = re.compile(r"\s+")


def record_articles(
    values: Mapping[str, object],
    path: str,
    line: int | None,
    where: str,
    source: str,
    noun: str = "column",
) -> Iterator[Article | ImportProblem]:
    """The article in one record (``values``: field → raw value), then any warning about it.

    ``where`` names the record in messages (``"row 7"``), ``line`` is where it starts
    in the file, ``source`` becomes :attr:`Article.source` and ``noun`` is what the
    file calls a field (``"column"``, ``"field"``).
    """
    raw_text = values.get("text")
    if raw_text is not None and not isinstance(raw_text, (str, int, float)):
        yield ImportProblem(path, line, f"{where}: the 'text' {noun} value is not a string")
        return
    text = trim_body(remove_furniture(normalise_newlines(_clean(str(raw_text))))) if raw_text is not None else ""
    if not text.strip():
        yield ImportProblem(path, line, f"{where}: missing the 'text' {noun} value")
        return
    if "\0" in text:
        yield ImportProblem(path, line, f"{where}: the text contains NUL bytes (binary data?)")
        return
    raw_date = _single_line(values.get("date"))
    published = parse_date(raw_date) if raw_date else None
    meta = Metadata(
        title=_single_line(values.get("title")),
        outlet=_single_line(values.get("outlet")),
        byline=_single_line(values.get("author")),
        published=published,
        url=_single_line(values.get("url")),
    )
    yield meta.article(text, source)
    if raw_date and published is None:
        message = f"{WARNING} {where}: unrecognised date {raw_date!r}; imported without a date"
        yield ImportProblem(path, line, message)


def _single_line(value: object) -> str | None:
    """A metadata value as one line of text, or None when it is missing or blank."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = _WHITESPACE.sub(" ", _clean(str(value))).strip()
    return text or None


def _clean(text: str) -> str:
    """``text`` with lone surrogates (possible in JSON escapes) replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text
