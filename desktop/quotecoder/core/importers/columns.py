"""Which table column (or JSON key) holds which article field.

Fields are ``text``, ``title``, ``outlet``, ``date``, ``url`` and ``author``.
Column names match case-insensitively, as the field's own name or a synonym
(``body``/``content``/``article`` → text, ``headline`` → title,
``source``/``publication``/``publisher`` → outlet, ``published``/``pubdate`` → date,
``byline`` → author, ``link`` → url). Explicit ``NAME=FIELD`` overrides win,
then a column named exactly like the field, then the first synonym.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

FIELDS = ("text", "title", "outlet", "date", "url", "author")
_SYNONYMS = {
    "body": "text", "content": "text", "article": "text", "full text": "text", "fulltext": "text",
    "headline": "title",
    "source": "outlet", "publication": "outlet", "publisher": "outlet", "newspaper": "outlet",
    "published": "date", "pubdate": "date", "publication date": "date", "published_at": "date",
    "link": "url",
    "byline": "author", "authors": "author",
}  # fmt: skip


def _field_name(name: str) -> str | None:
    key = name.strip().lower()
    return _exact(key) or _SYNONYMS.get(key)


def _exact(key: str) -> str | None:
    return key if key in FIELDS else None


@dataclass(frozen=True)
class ColumnMap:
    """The column-name overrides of one import; resolves a header to field positions."""

    overrides: Mapping[str, str] = field(default_factory=dict)  # lower-case column name → field

    @classmethod
    def from_overrides(cls, columns: Mapping[str, str] | None) -> ColumnMap:
        """Check ``NAME=FIELD`` overrides; raises ValueError for a FIELD that is not a field."""
        overrides = {}
        for name, target in (columns or {}).items():
            resolved = _field_name(target)
            if resolved is None:
                raise ValueError(
                    f"unknown field {target!r} for column {name!r}; use one of: {', '.join(FIELDS)}"
                )
            overrides[name.strip().lower()] = resolved
        return cls(overrides)

    @staticmethod
    def missing_text(noun: str, names: Sequence[str]) -> str:
        """The message for a file whose ``names`` (columns or keys) include no text."""
        found = ", ".join(repr(name) for name in names) or "none"
        return f"no 'text' {noun} (the {noun}s are {found}); map one with --column NAME=text"

    def resolve(self, names: Sequence[str]) -> dict[str, int]:
        """Field → position in ``names`` for every field some column provides."""
        keys = [str(name).strip().lower() for name in names]
        positions: dict[str, int] = {}
        for rank in (self.overrides.get, _exact, _SYNONYMS.get):
            for i, key in enumerate(keys):
                target = rank(key)
                if target is not None and target not in positions and i not in positions.values():
                    positions[target] = i
        return positions
