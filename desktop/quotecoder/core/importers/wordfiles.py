"""Word (.docx) and RTF files as text: one paragraph per line, a blank line between paragraphs.

python-docx reads DOCX (every paragraph in document order, table cells included;
a page break becomes a form feed line, which marks where a Nexis Uni document begins),
striprtf reads RTF (table cells end with ``|``). The text then goes to the same
reader as a plain-text file, which recognises news-database bundles and
otherwise takes the file as one article.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from quotecoder.core.importers.decode import DecodeError, read_limited
from quotecoder.core.importers.nexisuni import PAGE_BREAK
from quotecoder.core.importers.options import ReadOptions
from quotecoder.core.importers.problem import ImportProblem
from quotecoder.core.importers.text import text_items
from quotecoder.core.model import Article

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # a Word or RTF bundle larger than this is refused

_PAGE_BREAK_XPATH = './w:r/w:br[@w:type="page"]'
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class BadDocument(ValueError):
    """The file could not be read as Word or RTF; ``str(error)`` says so for the user."""


def read_docx(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The article(s) in a Word file: a Nexis Uni bundle's documents, or the whole file as one."""
    yield from _read(path, docx_text, "a Word file")


def read_rtf(path: Path, options: ReadOptions) -> Iterator[Article | ImportProblem]:
    """The article(s) in an RTF file: a Nexis Uni, LexisNexis or Factiva bundle's, or one article."""
    yield from _read(path, rtf_text, "an RTF file")


def _read(path: Path, convert: Callable[[bytes], str], what: str) -> Iterator[Article | ImportProblem]:
    name = str(path)
    try:
        text = convert(read_limited(path, MAX_DOCUMENT_BYTES, what))
    except (DecodeError, BadDocument) as error:
        yield ImportProblem(name, None, str(error))
        return
    if not text.strip():
        yield ImportProblem(name, None, f"no text in this file ({what} without paragraphs)")
        return
    yield from text_items(name, text)


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx file; raises :class:`BadDocument`."""
    import docx  # python-docx; imported only when a Word file comes

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise BadDocument(f"could not read the Word file (damaged, or not a .docx?): {error}") from None
    except Exception as error:  # a third-party parser: a file it chokes on is a problem, not a crash
        raise BadDocument(f"could not read the Word file ({type(error).__name__})") from None
    return _paragraph_text(lines)


def _docx_lines(document: object) -> Iterator[str]:
    """The text of every paragraph in the body, in order: top level, in tables, in content controls
    and text boxes (a text box's fallback copy is skipped, so nothing is read twice)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iter(qn("w:p")):
        if any(True for _ in element.iterancestors(_FALLBACK)):
            continue
        paragraph = Paragraph(element, document)
        if paragraph.paragraph_format.page_break_before:
            yield PAGE_BREAK
        yield from paragraph.text.split("\n")
        if element.xpath(_PAGE_BREAK_XPATH):
            yield PAGE_BREAK


def rtf_text(data: bytes) -> str:
    """The paragraphs of an RTF file; raises :class:`BadDocument`."""
    from striprtf.striprtf import rtf_to_text

    try:
        text = rtf_to_text(data.decode("cp1252", errors="replace"), encoding="cp1252", errors="replace")
    except Exception as error:  # striprtf raises IndexError and others on damaged files
        raise BadDocument(f"could not read the RTF file ({type(error).__name__})") from None
    return _paragraph_text(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _paragraph_text(lines: list[str]) -> str:
    kept = (PAGE_BREAK if line == PAGE_BREAK else line.strip() for line in lines)
    return "\n\n".join(line for line in kept if line)
