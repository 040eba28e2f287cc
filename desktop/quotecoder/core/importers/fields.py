"""The metadata an importer finds beside the text, and turning both into an :class:`Article`."""

from __future__ import annotations

from dataclasses import dataclass, fields

from quotecoder.core.importers.fingerprint import content_hash
from quotecoder.core.model import Article


@dataclass
class Metadata:
    """Article metadata found in a file; None when the file did not say."""

    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601
    url: str | None = None
    section: str | None = None  # the fields below come from news databases
    length: str | None = None  # as printed: "523 words"
    language: str | None = None
    doc_id: str | None = None  # Factiva accession number, Nexis document number

    def fill(self, other: Metadata) -> None:
        """Take ``other``'s values for the fields still missing here."""
        for field in fields(self):
            if getattr(self, field.name) is None:
                setattr(self, field.name, getattr(other, field.name))

    def article(self, text: str, source: str) -> Article:
        """An :class:`Article` with this metadata, ``text`` as given and its content hash."""
        return Article(
            text=text,
            source=source,
            outlet=self.outlet,
            title=self.title,
            byline=self.byline,
            published=self.published,
            url=self.url,
            content_hash=content_hash(text),
            section=self.section,
            length=self.length,
            language=self.language,
            doc_id=self.doc_id,
        )


def trim_body(text: str) -> str:
    """``text`` without leading blank lines and trailing whitespace; nothing else changes."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0 or text[start:end].strip():
            break
        start = end + 1
    return text[start:].rstrip()
