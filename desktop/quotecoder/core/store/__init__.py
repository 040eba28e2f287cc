"""The annotation store: one SQLite database, composed of parts around one connection.

All SQL lives in this package. Every public method that writes is one transaction, so a
crash leaves each user action and each imported article either wholly saved or absent.
The database runs in WAL mode with foreign keys on.

>>> store = Store("annotations.db")
>>> article_id = store.add_article(article, annotation)
>>> store.set_label(quote_id, "alice", "opposed")

Parts: :class:`Database` (the connection), ``articles``, ``coding`` (the audited edits),
``codes`` (codes for the codebook's variables),
``registry`` (speakers), ``review`` (speaker review), ``study``, ``transfer`` (annotation
records), ``exports`` (export rows) and ``removal`` (removing rows, undo snapshots). Each holds the store
and reaches the others through it. ``store.add_article(...)`` is ``store.articles.add_article(...)``:
the store offers every part's public methods under their own names (see :data:`PARTS`).
"""

from __future__ import annotations

from pathlib import Path

from quotecoder.core.clock import now
from quotecoder.core.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    StoreError,
)
from quotecoder.core.store.articles import ArticleFilter, ArticleRow, Articles
from quotecoder.core.store.codes import Codes
from quotecoder.core.store.coding import Coding
from quotecoder.core.store.database import Database
from quotecoder.core.store.exports import Exports
from quotecoder.core.store.review import Review
from quotecoder.core.store.snapshot import Removal
from quotecoder.core.store.speakers import Speakers
from quotecoder.core.store.study import Disagreement, Study
from quotecoder.core.store.transfer import Transfer

#: The store's parts: the attribute each is kept under, and its class.
PARTS: dict[str, type] = {
    "articles": Articles,
    "coding": Coding,
    "codes": Codes,
    "registry": Speakers,
    "review": Review,
    "study": Study,
    "transfer": Transfer,
    "exports": Exports,
    "removal": Removal,
}

#: What the store offers of its connection, beside the parts' methods.
_DATABASE_API = ("path", "readonly", "conn", "schema_version", "backup", "is_own_file", "close", "transaction",
                 "integrity_check", "read_snapshot", "data_version", "setting", "set_setting")


def _api() -> dict[str, str]:
    """Each public name the store offers → the attribute of the part that has it."""
    table = dict.fromkeys(_DATABASE_API, "db")
    for attribute, part in PARTS.items():
        for name in vars(part):
            if not name.startswith("_"):
                if name in table:
                    raise TypeError(f"{name} is offered by both {table[name]} and {attribute}")
                table[name] = attribute
    return table


class Store:
    """An open QuoteCoder database.

    ``readonly`` opens it without write access (for a second window, or a read-only file).
    Raises a :class:`StoreError` subclass with a clear message when the file is not usable.
    """

    API = _api()

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 5.0) -> None:
        self.db = Database(path, readonly=readonly, timeout=timeout)
        for attribute, part in PARTS.items():
            setattr(self, attribute, part(self))

    def __getattr__(self, name: str) -> object:
        # Called only for names the store itself lacks: a part's method, or the connection's.
        attribute = Store.API.get(name)
        if attribute is None or attribute not in self.__dict__:
            raise AttributeError(f"'Store' object has no attribute '{name}'")
        return getattr(self.__dict__[attribute], name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *Store.API})

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "ArticleFilter",
    "ArticleRow",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "Disagreement",
    "Store",
    "StoreError",
    "now",
]
