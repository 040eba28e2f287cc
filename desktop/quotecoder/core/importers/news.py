"""One document of a news-database bundle, as its reader found it, and turning it into an article.

The readers of LexisNexis, Nexis Uni and Factiva bundles each fill a
:class:`NewsDocument` per document (fields as printed, body paragraphs without
the database's furniture); :func:`bundle_items` turns them into articles and
problems, the same way for every database:

* a bundle without a single document is one problem ("no articles found in this
  Nexis Uni file"), never a silent zero;
* a malformed document is a problem naming its position ("document 3 of 5: ...")
  and the other documents are still imported;
* a date that cannot be read is a warning; the article is imported without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from quotecoder.core.importers.dates import date_at_start
from quotecoder.core.importers.fields import Metadata
from quotecoder.core.importers.header import byline_names
from quotecoder.core.importers.problem import NO_ARTICLES, WARNING, ImportProblem
from quotecoder.core.model import Article

_SPACES = re.compile(r"\s+")
_BY = re.compile(r"^(?:by|par|von|por|di|door|av|af)\s+", re.IGNORECASE)


@dataclass
class NewsDocument:
    """One document of a bundle: metadata as printed, and the body's paragraphs."""

    position: int  # 1-based, in the order of the file
    line: int | None = None  # where it starts in the file, for files made of lines
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # the date line as printed
    byline: str | None = None
    section: str | None = None
    length: str | None = None
    language: str | None = None
    doc_id: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    problem: str | None = None  # why this document cannot be imported, when it cannot


def one_line(value: str | None) -> str | None:
    """``value`` with whitespace runs (NBSPs and line breaks too) made single spaces; None if blank."""
    if value is None:
        return None
    text = _SPACES.sub(" ", value).strip()
    return text or None


def clean_byline(value: str | None) -> str | None:
    """A byline without its leading "By", with all-capital names title-cased and roles dropped.

    ``By JANE DOE, Political Editor`` → ``Jane Doe``; a byline that does not read as
    names (``Our Foreign Staff``), or is one word (``AFP``), is kept as printed, without the "By".
    """
    text = one_line(value)
    if text is None:
        return None
    text = _BY.sub("", text).strip(" ,;")
    if " " not in text:
        return text or None
    return byline_names(text) or text


def clean_language(value: str | None) -> str | None:
    """``ENGLISH`` → ``English``; other spellings as printed."""
    text = one_line(value)
    return text.capitalize() if text and text.isupper() else text


def bundle_items(
    documents: Sequence[NewsDocument], path: str, source: str, kind: str
) -> Iterator[Article | ImportProblem]:
    """The articles of a bundle's ``documents``, with a problem for each malformed one.

    ``path`` names the file in problems, ``source`` starts each article's source
    (``"<source>#document 3"``) and ``kind`` names the format ("Nexis Uni").
    """
    if not documents:
        yield ImportProblem(path, None, f"{NO_ARTICLES} in this {kind} file")
        return
    total = len(documents)
    for document in documents:
        where = f"document {document.position} of {total}"
        body = "\n\n".join(p for p in (one_line(p) for p in document.paragraphs) if p)
        problem = document.problem or (None if body else "no article text")
        if problem:
            yield ImportProblem(path, document.line, f"{where}: {problem}")
            continue
        raw_date = one_line(document.date)
        published = date_at_start(raw_date) if raw_date else None
        meta = Metadata(
            title=one_line(document.title),
            outlet=one_line(document.outlet),
            byline=clean_byline(document.byline),
            published=published,
            section=one_line(document.section),
            length=one_line(document.length),
            language=clean_language(document.language),
            doc_id=one_line(document.doc_id),
        )
        yield meta.article(body, f"{source}#document {document.position}")
        if raw_date and published is None:
            message = f"{WARNING} {where}: unrecognised date {raw_date!r}; imported without a date"
            yield ImportProblem(path, document.line, message)
