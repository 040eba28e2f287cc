"""Plain-text files: a news-database bundle, or one article with metadata from its header.

:func:`text_items` is shared by every reader that ends in text (Word and RTF
files too): a bundle of LexisNexis, Nexis Uni or Factiva documents gives one
article per document; any other text is one article, its header read by
:mod:`.header` and web-page furniture (:mod:`.furniture`) left out of its body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quotecoder.core.importers.bundles import bundle_documents
from quotecoder.core.importers.decode import decoded_items
from quotecoder.core.importers.fields import trim_body
from quotecoder.core.importers.furniture import remove_furniture
from quotecoder.core.importers.header import split_header
from quotecoder.core.importers.news import bundle_items
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.model import Article


def read_text(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The article(s) in the text file ``path``, or the problems with it."""
    return decoded_items(path, options.encoding, text_items)


def text_items(name: str, text: str) -> Iterator[Article | ImportProblem]:
    """The articles in ``text`` read from the file ``name``: a bundle's documents, or one article."""
    bundle = bundle_documents(text)
    if bundle is not None:
        kind, documents = bundle
        yield from bundle_items(documents, name, name, kind)
        return
    meta, body = split_header(text)
    body = trim_body(remove_furniture(body))
    if not body:
        yield ImportProblem(name, None, "no article text after the header")
        return
    yield meta.article(body, name)
