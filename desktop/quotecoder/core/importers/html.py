"""Saved web pages: the article's main text and metadata, found by trafilatura.

A page exported from a news database (Factiva, LexisNexis) is a bundle instead,
read by :mod:`.bundles`: one article per document. For an ordinary page,
navigation, headers, footers and reader comments are dropped. The page's
headline, when trafilatura repeats it as the first line of the text, is removed
from the text (it is the title), as header lines are for text files.
Metadata: title, author → byline, date → published, site name → outlet, url.

trafilatura returns menu words ("Home") for pages without an article, so the
text counts only when some line of it reads as prose: at least six words,
ending like a sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quotecoder.core.importers.bundles import html_bundle
from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.decode import decoded_items
from quotecoder.core.importers.fields import Metadata, trim_body
from quotecoder.core.importers.furniture import remove_furniture
from quotecoder.core.importers.markup import BadMarkup
from quotecoder.core.importers.news import bundle_items
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.model import Article

NO_TEXT = "no article text found in the HTML"
_MIN_WORDS = 6
_SENTENCE_ENDS = tuple(".!?…")
_CLOSERS = "\"'’”»)] \t"


def read_html(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The article(s) in the HTML file ``path``, or the problems with it."""
    return decoded_items(path, options.encoding, html_items)


def html_items(name: str, page: str) -> Iterator[Article | ImportProblem]:
    """The articles in the HTML ``page`` of the file ``name``: a bundle's documents, or one article."""
    try:
        bundle = html_bundle(page)
    except BadMarkup as error:
        yield ImportProblem(name, None, f"could not read the HTML: {error}")
        return
    if bundle is not None:
        kind, documents = bundle
        yield from bundle_items(documents, name, name, kind)
        return
    yield from _web_page(Path(name), page)


def _web_page(path: Path, page: str) -> Iterator[Article | ImportProblem]:
    import trafilatura  # slow to import; only needed for HTML

    try:
        document = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    except Exception as error:  # third-party parser: a page it chokes on is a problem, not a crash
        yield ImportProblem(str(path), None, f"could not read the HTML ({type(error).__name__})")
        return
    text = getattr(document, "text", None) or ""
    meta = Metadata(
        title=_value(document, "title"),
        outlet=_value(document, "sitename"),
        byline=_value(document, "author"),
        published=parse_date(_value(document, "date") or ""),
        url=_value(document, "url"),
    )
    body = trim_body(remove_furniture(_without_title(text, meta.title)))
    if not _has_prose(body):
        yield ImportProblem(str(path), None, NO_TEXT)
        return
    yield meta.article(body, str(path))


def _value(document: object, name: str) -> str | None:
    value = getattr(document, name, None)
    return (value.strip() or None) if isinstance(value, str) else None


def _has_prose(text: str) -> bool:
    return any(
        line.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS) and len(line.split()) >= _MIN_WORDS
        for line in text.splitlines()
    )


def _without_title(text: str, title: str | None) -> str:
    first, _, rest = text.partition("\n")
    return rest if title and first.strip() == title else text
