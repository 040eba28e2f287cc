"""Pre-tagged JSON Lines: articles with the pre-tagger's proposals, as ``quotecoder pretag`` writes them.

One object per line::

    {"source": "in/a.txt", "text": "...", "title": "...", "outlet": "...", "published": "2025-04-03",
     "model": "en_core_web_sm 3.8.0", "entities": [...], "quotes": [...]}

The metadata keys are those of :data:`METADATA` (present when known); ``entities`` and
``quotes`` are :func:`quotecoder.core.pretag.records.to_record`'s. A record whose
pre-tagging failed has empty lists and an ``error``; it is imported without proposals,
with a warning. A ``.jsonl`` file whose first record has ``text`` and ``quotes`` or
``entities`` is read here; its text is kept exactly as written, since every offset
points into it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.decode import UNDECODABLE_REST, DecodeError, open_text
from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.importers.jsonl import read_jsonl
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import WARNING, ImportProblem
from quotecoder.core.model import Annotation, Article
from quotecoder.core.pretag.records import from_record

#: The article fields a record carries beside ``source`` and ``text``.
METADATA = ("title", "outlet", "byline", "published", "url", "section", "length", "language", "doc_id")
_PROPOSALS = ("entities", "quotes")


@dataclass
class PretaggedArticle(Article):
    """An article read together with the proposals a pre-tagger made for it elsewhere."""

    annotation: Annotation = field(default_factory=Annotation)


def article_record(article: Article, proposals: Mapping[str, object], model: str | None) -> dict:
    """The record of ``article``: source, text, its known metadata, ``model``, then ``proposals``.

    ``proposals`` is ``to_record``'s output without source and text, or
    ``{"entities": [], "quotes": [], "error": "..."}``.
    """
    record: dict[str, object] = {"source": article.source, "text": article.text}
    record.update((key, getattr(article, key)) for key in METADATA if getattr(article, key) is not None)
    if model is not None:
        record["model"] = model
    record.update(proposals)
    return record


def is_pretagged(record: object) -> bool:
    """True for a record with text and the pre-tagger's proposals."""
    return isinstance(record, dict) and "text" in record and any(key in record for key in _PROPOSALS)


def read_jsonl_file(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """A ``.jsonl`` file: pre-tagged records when its first record is one, else plain JSON Lines."""
    if is_pretagged(_first_record(path)):
        return read_pretagged(path)
    return read_jsonl(path, options)


def read_pretagged(path: Path) -> Iterator[PretaggedArticle | ImportProblem]:
    """The articles of a pre-tagged JSON Lines file; a bad line is a problem naming it, and skipped."""
    name = str(path)
    try:
        stream = open_text(path)
    except DecodeError as error:
        yield ImportProblem(name, None, str(error))
        return
    with stream:
        try:
            for number, line in enumerate(stream, 1):
                if line.strip():
                    yield from _article(line, name, number)
        except UnicodeDecodeError:
            yield ImportProblem(name, None, UNDECODABLE_REST)


def _article(line: str, path: str, number: int) -> Iterator[PretaggedArticle | ImportProblem]:
    where = f"line {number}"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        yield ImportProblem(path, number, f"{where}: invalid JSON ({type(error).__name__})")
        return
    if not is_pretagged(record):
        yield ImportProblem(path, number, f"{where}: not a pre-tagged record (text with quotes or entities)")
        return
    try:
        text = _text(record.get("text"))
        meta = {key: _one_line(record.get(key), key) for key in (*METADATA, "model")}
        failed = record.get("error")
        annotation = Annotation() if failed else from_record(record)
    except ValueError as error:
        yield ImportProblem(path, number, f"{where}: {error}; the article was not imported")
        return
    raw_date, meta["published"] = meta["published"], parse_date(meta["published"] or "")
    if failed:
        meta["model"] = None  # no model tagged it
    yield PretaggedArticle(
        text=text, source=_one_line(record.get("source"), "source") or f"{path}#{where}",
        content_hash=content_hash(text), annotation=annotation, **meta,
    )
    if failed:
        yield ImportProblem(path, number, f"{WARNING} {where}: pre-tagging failed ({str(failed)[:300]}); "
                                          "imported without proposals")
    if raw_date and meta["published"] is None:
        yield ImportProblem(path, number, f"{WARNING} {where}: unrecognised date {raw_date!r}; imported without a date")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("the 'text' value is missing or not a string")
    if "\0" in value:
        raise ValueError("the text contains NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode (a lone surrogate escape)") from None
    return value


def _one_line(value: object, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"the {key!r} value is not a string")
    return " ".join(value.split()) or None


def _first_record(path: Path) -> object:
    """The first non-blank line of ``path`` parsed as JSON, or None (only that line is read)."""
    try:
        with path.open("rb") as stream:
            for line in stream:
                if line.strip():
                    return json.loads(line.decode("utf-8-sig", errors="replace"))
    except (OSError, ValueError, RecursionError):
        pass
    return None
