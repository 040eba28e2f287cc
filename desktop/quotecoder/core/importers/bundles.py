"""Which news database made a file, told from its content, and its documents.

Text (from a .txt, a Word or an RTF file) is a bundle when it holds, in this order
of precedence, LexisNexis ``N of M DOCUMENTS`` lines, Nexis Uni ``End of
Document`` lines, or Factiva articles (field codes, or ``Document <accession
number>`` lines after a word count). A file with a database's cover page but no
documents is a bundle with no articles, so the user hears so. HTML is a bundle
when its markup shows Factiva articles or one of the text layouts. Anything else
is an ordinary article, and :func:`bundle_documents` returns None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from quotecoder.core.importers import factiva, lexisnexis, nexisuni
from quotecoder.core.importers.markup import html_lines, parse_html
from quotecoder.core.importers.news import NewsDocument

Bundle = tuple[str, list[NewsDocument]]  # the format's name and its documents

_FACTIVA_MARKUP = re.compile(
    r"class\s*=\s*[\"']?article\s+[a-z]{2}Article\b|articleParagraph|<b>\s*(?:HD|TD|AN)\s*</b>", re.IGNORECASE
)
_FACTIVA_PAGE = re.compile(r"<title>\s*(?:Dow Jones\s+)?Factiva\s*(?:[-|–:][^<]*)?</title>", re.IGNORECASE)
_TEXT_MARKUP = re.compile(r"\d+\s+of\s+\d+\s+DOCUMENTS?|<DOCFULL|End of Document", re.IGNORECASE)
_HEADLINE = ".//div[@id='hd'] | .//*[contains(@class, 'Headline') and not(ancestor::div[@id='hd'])]"
_AUTHOR = ".//div[@class='author']"
_PARAGRAPHS = ".//p[contains(@class, 'articleParagraph')]"
_ARTICLE_DIVS = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ') and contains(@class, 'Article')]"
)


def bundle_documents(text: str) -> Bundle | None:
    """The database and documents of a text bundle, or None when ``text`` is not one."""
    return lines_bundle(text.split("\n"))


def lines_bundle(lines: Sequence[str]) -> Bundle | None:
    """Like :func:`bundle_documents`, for text already split into lines."""
    if lexisnexis.is_lexisnexis(lines):
        return lexisnexis.KIND, lexisnexis.parse_lexisnexis(lines)
    if nexisuni.is_nexis_uni(lines):
        return nexisuni.KIND, nexisuni.parse_nexis_uni(lines)
    if factiva.is_factiva(lines):
        return factiva.KIND, factiva.parse_factiva(factiva.split_articles(lines))
    head = "\n".join(lines[:400])
    if nexisuni.has_cover(head):
        return nexisuni.KIND, []
    if lexisnexis.has_cover(head):
        return lexisnexis.KIND, []
    return None


def html_bundle(page: str) -> Bundle | None:
    """The database and documents of an HTML bundle, or None for an ordinary web page.

    Raises :class:`~quotecoder.core.importers.markup.BadMarkup` for a page lxml cannot read.
    """
    is_factiva = bool(_FACTIVA_MARKUP.search(page))
    if not is_factiva and not _TEXT_MARKUP.search(page):
        return _empty_factiva(page)
    tree = parse_html(page)
    if is_factiva:
        articles = [(div.sourceline, html_lines(div), _marks(div)) for div in _outermost(tree.xpath(_ARTICLE_DIVS))]
        if articles:
            return factiva.KIND, factiva.parse_factiva(articles)
    return lines_bundle(html_lines(tree)) or _empty_factiva(page)


def _marks(article: etree._Element) -> factiva.Marks:
    """The headline, byline and text paragraphs a Factiva article's markup names."""

    def texts(xpath: str) -> list[str]:
        found = (" ".join(" ".join(html_lines(element)).split()) for element in article.xpath(xpath))
        return [text for text in found if text]

    title = texts(_HEADLINE)
    byline = texts(_AUTHOR)
    return factiva.Marks(title[0] if title else None, byline[0] if byline else None, tuple(texts(_PARAGRAPHS)))


def _outermost(elements: list) -> list:
    inside = {id(child) for element in elements for child in element.iterdescendants()}
    return [element for element in elements if id(element) not in inside]


def _empty_factiva(page: str) -> Bundle | None:
    return (factiva.KIND, []) if _FACTIVA_PAGE.search(page) else None
