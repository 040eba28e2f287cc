"""Saved web pages: the article's main text and metadata, found by trafilatura.

Navigation, headers, footers and reader comments are dropped. The page's
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

from quotecoder.core.importers.dates import parse_date
from quotecoder.core.importers.decode import DecodeError, read_article_file
from quotecoder.core.importers.fields import Metadata, trim_body
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.model import Article

NO_TEXT = "no article text found in the HTML"
_MIN_WORDS = 6
_SENTENCE_ENDS = tuple(".!?…")
_CLOSERS = "\"'’”»)] \t"


def read_html(path: Path) -> Iterator[Article | ImportProblem]:
    """The article in the HTML file ``path``, or the problem with it."""
    try:
        page = read_article_file(path)
    except DecodeError as error:
        yield ImportProblem(str(path), None, str(error))
        return
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
    body = trim_body(_without_title(text, meta.title))
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
