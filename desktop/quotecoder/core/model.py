"""The domain model: articles, entities, quotes, speakers, coders, codes, codebooks.

Offsets are Python string indices into the stored article text, and every span
satisfies ``text[start:end] == span.text`` (see :func:`Span.of`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
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
class QuoteCode:
    """One coder's label for one quote variable (``stance`` unless said otherwise)."""

    quote_id: int
    coder: str
    label: str
    note: str = ""
    coded_at: str | None = None
    variable: str = "stance"


@dataclass(frozen=True)
class CodebookLabel:
    """One category of a codebook."""

    key: str
    name: str
    description: str = ""
    colour: str = "#cccccc"
    shortcut: str = ""


Unit = Literal["quote", "article", "speaker"]
Level = Literal["nominal", "ordinal"]
UNITS: tuple[str, ...] = ("quote", "article", "speaker")
LEVELS: tuple[str, ...] = ("nominal", "ordinal")
STANCE = "stance"


@dataclass(frozen=True)
class Variable:
    """One coded variable of a codebook: its unit (what is coded), level and labels.

    ``unit`` is ``quote`` (per quote and coder), ``article`` (per article and coder) or
    ``speaker`` (per registry speaker, coded once). ``level`` is ``nominal`` or
    ``ordinal``; the labels of an ordinal variable are in order.
    """

    key: str
    name: str
    unit: Unit = "quote"
    level: Level = "nominal"
    labels: tuple[CodebookLabel, ...] = ()

    def label(self, key: str) -> CodebookLabel | None:
        return next((lab for lab in self.labels if lab.key == key), None)

    def find(self, value: str) -> CodebookLabel | None:
        """The label whose key or name is ``value``, ignoring case and surrounding space."""
        wanted = value.strip().casefold()
        return next(
            (lab for lab in self.labels if wanted in (lab.key.casefold(), lab.name.casefold())), None
        )

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "level": self.level,
            "labels": [asdict(lab) for lab in self.labels],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Variable:
        key = str(data.get("key") or "").strip()
        if not key:
            raise ValueError("a codebook variable has no key")
        unit = data.get("unit", "quote")
        level = data.get("level", "nominal")
        if unit not in UNITS:
            raise ValueError(f"variable {key!r}: unit must be one of {', '.join(UNITS)}, not {unit!r}")
        if level not in LEVELS:
            raise ValueError(f"variable {key!r}: level must be one of {', '.join(LEVELS)}, not {level!r}")
        return cls(
            key=key,
            name=str(data.get("name") or key),
            unit=unit,
            level=level,
            labels=_labels(data.get("labels", []), key),
        )


def _labels(items: object, variable: str) -> tuple[CodebookLabel, ...]:
    if not isinstance(items, list):
        raise ValueError(f"variable {variable!r}: labels must be a list")
    fields = set(CodebookLabel.__dataclass_fields__)
    labels = []
    for item in items:
        if not isinstance(item, dict) or not str(item.get("key") or "").strip():
            raise ValueError(f"variable {variable!r}: every label needs a key")
        values = {k: str(v) for k, v in item.items() if k in fields and v is not None}
        values.setdefault("name", values["key"])
        labels.append(CodebookLabel(**values))
    keys = [lab.key for lab in labels]
    if len(keys) != len(set(keys)):
        raise ValueError(f"variable {variable!r}: two labels have the same key")
    return tuple(labels)


@dataclass
class Codebook:
    """A versioned set of variables. The old single-list format is one quote variable, stance."""

    name: str
    version: int
    variables: tuple[Variable, ...] = field(default_factory=tuple)

    @classmethod
    def of_labels(cls, name: str, version: int, labels: tuple[CodebookLabel, ...]) -> Codebook:
        """A codebook with the one quote variable ``stance``."""
        return cls(name, version, (Variable(STANCE, "Stance", labels=tuple(labels)),))

    def variable(self, key: str) -> Variable | None:
        return next((v for v in self.variables if v.key == key), None)

    def find_variable(self, value: str) -> Variable | None:
        """The variable whose key or name is ``value``, ignoring case and surrounding space."""
        wanted = value.strip().casefold()
        return next((v for v in self.variables if wanted in (v.key.casefold(), v.name.casefold())), None)

    def by_unit(self, unit: str) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables if v.unit == unit)

    @property
    def stance(self) -> Variable | None:
        """The variable the window colours and codes first: ``stance``, else the first quote variable."""
        return self.variable(STANCE) or next(iter(self.by_unit("quote")), None)

    @property
    def labels(self) -> tuple[CodebookLabel, ...]:
        """The labels of :attr:`stance` (the one variable of older codebooks)."""
        stance = self.stance
        return stance.labels if stance else ()

    def label(self, key: str) -> CodebookLabel | None:
        stance = self.stance
        return stance.label(key) if stance else None

    def with_labels(self, labels: tuple[CodebookLabel, ...]) -> Codebook:
        """This codebook with :attr:`stance`'s labels replaced."""
        stance = self.stance or Variable(STANCE, "Stance")
        new = replace(stance, labels=tuple(labels))
        others = tuple(new if v.key == stance.key else v for v in self.variables)
        return replace(self, variables=others if stance in self.variables else (new, *others))

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "variables": [v.to_dict() for v in self.variables],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Codebook:
        """Read either format; raises ValueError naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("a codebook is a JSON object")
        name = str(data.get("name") or "Codebook")
        try:
            version = int(data.get("version", 1))
        except (TypeError, ValueError):
            raise ValueError("the codebook's version must be a whole number") from None
        if "variables" in data:
            if not isinstance(data["variables"], list) or not data["variables"]:
                raise ValueError("the codebook's variables must be a non-empty list")
            variables = tuple(Variable.from_dict(v if isinstance(v, dict) else {}) for v in data["variables"])
            keys = [v.key for v in variables]
            if len(keys) != len(set(keys)):
                raise ValueError("two variables have the same key")
            return cls(name, version, variables)
        return cls.of_labels(name, version, _labels(data.get("labels", []), STANCE))


@dataclass
class Annotation:
    """What the pre-tagger found in one text."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
