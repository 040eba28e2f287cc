"""The domain model: articles, entities, quotes, speakers, coders, stance labels, codebooks.

Offsets are Python string indices into the stored article text, and every span
satisfies ``text[start:end] == span.text`` (see :func:`Span.of`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["person", "organisation", "group", "unknown"]
Origin = Literal["model", "coder"]

QUOTE_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")
SPEAKER_TYPES: tuple[str, ...] = ("person", "organisation", "group", "unknown")
ORIGINS: tuple[str, ...] = ("model", "coder")


@dataclass(frozen=True)
class Span:
    """A character span of an article's text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``; raises ValueError for an empty or out-of-range span."""
        if not 0 <= start < end <= len(text):
            raise ValueError(f"invalid span {start}:{end} in a text of {len(text)} characters")
        return cls(start, end, text[start:end])

    def fits(self, text: str) -> bool:
        """True when the span is non-empty and matches ``text``."""
        return 0 <= self.start < self.end <= len(text) and text[self.start : self.end] == self.text

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    """One news article, with the metadata its source gave."""

    text: str
    source: str = ""
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or datetime
    url: str | None = None
    content_hash: str = ""
    imported_at: str | None = None
    id: int | None = None
    dup_group: int | None = None  # near-duplicate group: the first article's id
    minhash: bytes | None = None  # MinHash signature for near-duplicate search
    section: str | None = None  # the news database's section field
    length: str | None = None  # the news database's length field, as given ("523 words")
    language: str | None = None
    doc_id: str | None = None  # the news database's document id (Factiva AN, Nexis number)
    model: str | None = None  # the spaCy pipeline that pre-tagged it ("en_core_web_sm 3.8.0")


@dataclass
class Entity:
    """A named entity in an article."""

    start: int
    end: int
    label: str
    text: str
    origin: Origin = "model"
    id: int | None = None
    article_id: int | None = None


@dataclass
class Speaker:
    """A canonical speaker: a person, organisation or group that is quoted."""

    name: str
    type: SpeakerType = "unknown"
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class SpeakerCandidate:
    """One ranked alternative for a quote's canonical speaker."""

    name: str
    type: SpeakerType = "unknown"
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "confidence": self.confidence}


@dataclass
class Quote:
    """A quoted or reported statement and its attribution.

    ``speaker`` carries the canonical speaker as the pre-tagger found it;
    ``speaker_id`` is its row once stored.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: Span | None = None
    mention: Span | None = None
    speaker: Speaker | None = None
    speaker_id: int | None = None
    origin: Origin = "model"
    confidence: float = 1.0  # that the span is a quote
    speaker_confidence: float | None = None  # that ``speaker`` is right (machine attributions)
    speaker_candidates: tuple[SpeakerCandidate, ...] = ()  # ranked; the first is ``speaker``
    id: int | None = None
    article_id: int | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


@dataclass
class Coder:
    """A person who codes quotes."""

    name: str
    id: int | None = None


@dataclass
class StanceLabel:
    """One coder's stance label on one quote."""

    quote_id: int
    coder: str
    label: str
    note: str = ""
    coded_at: str | None = None


@dataclass(frozen=True)
class CodebookLabel:
    """One category of a codebook."""

    key: str
    name: str
    description: str = ""
    colour: str = "#cccccc"
    shortcut: str = ""


@dataclass
class Codebook:
    """A versioned set of stance labels."""

    name: str
    version: int
    labels: tuple[CodebookLabel, ...] = field(default_factory=tuple)

    def label(self, key: str) -> CodebookLabel | None:
        return next((lab for lab in self.labels if lab.key == key), None)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "labels": [asdict(lab) for lab in self.labels],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Codebook:
        return cls(
            name=str(data.get("name", "Codebook")),
            version=int(data.get("version", 1)),
            labels=tuple(CodebookLabel(**lab) for lab in data.get("labels", [])),
        )


@dataclass
class Annotation:
    """What the pre-tagger found in one text."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
