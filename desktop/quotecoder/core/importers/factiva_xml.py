"""Factiva XML exports (``ppsArticleResponse``): one ``article`` element per article.

Read from each article (namespaces ignored): ``headline``, ``byline``,
``publicationDate/date``, ``sourceName``, ``sectionName``, ``wordCount``,
``baseLanguage``, the accession number (``accessionNo`` attribute or element, or
the end of ``reference``), and the text: ``leadParagraph`` then
``tailParagraphs``, a paragraph per ``paragraph`` element. Copyright and indexing
are left out. Entities are never expanded and nothing is fetched from the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from quotecoder.core.importers.decode import DecodeError, read_limited
from quotecoder.core.importers.news import NewsDocument, bundle_items
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.model import Article

KIND = "Factiva XML"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


_LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch",
    "pt": "Portuguese", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish",
    "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic", "tr": "Turkish",
}  # fmt: skip

MAX_XML_BYTES = 200 * 1024 * 1024


class NotFactiva(ValueError):
    """The XML is not well-formed, or not a Factiva export; ``str(error)`` says which."""


def read_factiva_xml(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The articles of a Factiva XML export, or the problem with the file."""
    name = str(path)
    try:
        documents = parse_factiva_xml(read_limited(path, MAX_XML_BYTES, "an XML file"))
    except (DecodeError, NotFactiva) as error:
        yield ImportProblem(name, None, str(error))
        return
    yield from bundle_items(documents, name, name, KIND)


def parse_factiva_xml(data: bytes) -> list[NewsDocument]:
    """The documents in a Factiva XML export; raises :class:`NotFactiva`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise NotFactiva(f"not well-formed XML: {error.msg} (line {error.lineno})") from None
    if not any(_name(element) == "ppsArticleResponse" for element in root.iter(etree.Element)):
        raise NotFactiva("an XML file, but not a Factiva export (no ppsArticleResponse element)")
    articles = [a for a in root.iter(etree.Element) if _name(a) == "article" and _child(a, "headline") is not None]
    return [_document(article, n) for n, article in enumerate(articles, start=1)]


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in element.iter(etree.Element) if _name(e) == name), None)


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return " ".join("".join(element.itertext()).split()) or None


def _paragraphs(element: etree._Element | None) -> list[str]:
    if element is None:
        return []
    found = [_text(e) for e in element.iter(etree.Element) if _name(e) == "paragraph"]
    texts = [text for text in found if text] if found else [_text(element)]
    return [text for text in texts if text]


def _day(value: str | None) -> str | None:
    """``2011-12-29T00:00:00`` → ``2011-12-29``: Factiva gives the day, not a time."""
    return value[:10] if value and _ISO_DAY.match(value) else value


def _language(value: str | None) -> str | None:
    """``EN`` → ``English``: Factiva gives the language as an ISO 639-1 code."""
    return _LANGUAGES.get(value.lower(), value) if value else None


def _words(value: str | None) -> str | None:
    return f"{value} words" if value and value.isdigit() else value


def _document(article: etree._Element, position: int) -> NewsDocument:
    date = _child(article, "publicationDate")
    accession = article.get("accessionNo") or _text(_child(article, "accessionNo"))
    if accession is None:
        reference = _text(_child(article, "reference"))
        accession = reference.rsplit("/", 1)[-1] if reference else None
    document = NewsDocument(
        position,
        line=article.sourceline,
        title=_text(_child(article, "headline")),
        byline=_text(_child(article, "byline")),
        date=_day(_text(_child(date, "date") if date is not None else None) or _text(date)),
        outlet=_text(_child(article, "sourceName")),
        section=_text(_child(article, "sectionName")),
        length=_words(_text(_child(article, "wordCount"))),
        language=_language(_text(_child(article, "baseLanguage"))),
        doc_id=accession,
        paragraphs=_paragraphs(_child(article, "leadParagraph")) + _paragraphs(_child(article, "tailParagraphs")),
    )
    if not document.paragraphs:
        document.problem = "no article text (no leadParagraph or tailParagraphs)"
    return document
