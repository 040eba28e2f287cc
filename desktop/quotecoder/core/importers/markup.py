"""HTML as lines of text, the way a browser lays it out, for the news-database readers.

Block elements (``p``, ``div``, ``tr``, headings, ...) become paragraphs separated
by a blank line, ``br`` a line break, and table cells end with ``" | "`` (as an
RTF converter writes them), so a Factiva row ``<td>HD</td><td>Headline</td>``
reads ``HD | Headline |``. Whitespace inside a paragraph collapses to one space,
NBSPs included. Scripts, styles and the page head are left out.
"""

from __future__ import annotations

import re

from lxml import etree, html

_BLOCKS = frozenset(
    "p div tr li h1 h2 h3 h4 h5 h6 table tbody thead tfoot blockquote section article header footer "
    "center hr dd dt dl ul ol pre form address figure figcaption main aside nav body doc docfull".split()
)
_CELLS = frozenset({"td", "th"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "button"})
_BLANKS = re.compile(r"\n[ ]*\n(?:[ ]*\n)+")
_WHITESPACE = re.compile(r"\s+")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


class BadMarkup(ValueError):
    """lxml could not make a tree of the page."""


def parse_html(page: str) -> etree._Element:
    """The page's element tree; raises :class:`BadMarkup`."""
    try:
        return html.document_fromstring(_DECLARATION.sub("", page, count=1))
    except (etree.ParserError, ValueError) as error:
        raise BadMarkup(str(error)) from None


def html_lines(element: etree._Element) -> list[str]:
    """The text of ``element`` as lines: paragraphs separated by one blank line."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if closing:
            parts.append(" | " if tag in _CELLS else "\n\n" if tag in _BLOCKS else "")
        elif tag and tag not in _SKIPPED:
            parts.append("\n" if tag == "br" else "\n\n" if tag in _BLOCKS else "")
            parts.append(_collapse(node.text))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
            continue
        if node is not element:  # the tail follows the element (comments: only their tail)
            parts.append(_collapse(node.tail))
    text = _BLANKS.sub("\n\n", "".join(parts))
    return [" ".join(line.split()) for line in text.strip("\n").split("\n")]


def _collapse(text: str | None) -> str:
    """``text`` with whitespace runs (source line breaks included) as single spaces."""
    return _WHITESPACE.sub(" ", text) if text else ""
