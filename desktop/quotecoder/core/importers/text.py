"""Plain-text article files: one article per file, metadata from its header."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quotecoder.core.importers.decode import DecodeError, read_article_file
from quotecoder.core.importers.header import split_header
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.model import Article


def read_text(path: Path) -> Iterator[Article | ImportProblem]:
    """The article in the text file ``path``, or the problem with it."""
    try:
        text = read_article_file(path)
    except DecodeError as error:
        yield ImportProblem(str(path), None, str(error))
        return
    meta, body = split_header(text)
    if not body:
        yield ImportProblem(str(path), None, "no article text after the header")
        return
    yield meta.article(body, str(path))
