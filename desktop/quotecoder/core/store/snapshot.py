"""Undo by snapshot: the rows an action removes or rewrites, kept so they can be put back.

The window's undo stack holds a :class:`RowSnapshot` for actions that touch many rows
(removing articles or speakers, merging speakers, drawing the reliability sample).
:func:`restore_snapshot` puts the rows back exactly: rows still there get their old
values, missing rows are inserted with their old ids, and rows that came into the
scope since are deleted. Functions here take an open connection; the
:class:`~quotecoder.core.store.Store` wraps them in its transactions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quotecoder.core.titles import display_title

if TYPE_CHECKING:
    from quotecoder.core.store import Store


@dataclass(frozen=True)
class Scope:
    """Rows of one table: ``SELECT … FROM table WHERE where`` with ``params``."""

    table: str
    where: str
    params: tuple = ()


@dataclass(frozen=True)
class SnapshotPart:
    scope: Scope
    rows: tuple[dict, ...]  # each with its "rowid"


@dataclass(frozen=True)
class RowSnapshot:
    """Rows as they were, parents before children."""

    parts: tuple[SnapshotPart, ...]

    def count(self, table: str) -> int:
        return sum(len(p.rows) for p in self.parts if p.scope.table == table)


@dataclass(frozen=True)
class RemovalSummary:
    """What removing articles takes with it (for the confirmation the window asks)."""

    titles: list[str]
    quotes: int
    labels: int
    coders: list[str]
    adjudications: int
    entities: int


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def placeholders(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def take_snapshot(conn: sqlite3.Connection, scope: Sequence[Scope]) -> RowSnapshot:
    """The rows of every part of ``scope`` (call inside the transaction that changes them)."""
    parts = []
    for part in scope:
        cursor = conn.execute(f"SELECT rowid AS rowid, * FROM {_name(part.table)} WHERE {part.where}",
                              list(part.params))
        names = [d[0] for d in cursor.description]
        parts.append(SnapshotPart(part, tuple(dict(zip(names, row)) for row in cursor)))
    return RowSnapshot(tuple(parts))


def restore_snapshot(conn: sqlite3.Connection, snapshot: RowSnapshot) -> None:
    """Put the snapshot's rows back as they were (call inside a transaction)."""
    for part in reversed(snapshot.parts):  # rows new to a scope go first, children before parents
        kept = {row["rowid"] for row in part.rows}
        table = _name(part.scope.table)
        stale = [r[0] for r in conn.execute(f"SELECT rowid FROM {table} WHERE {part.scope.where}",
                                            list(part.scope.params)) if r[0] not in kept]
        conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(r,) for r in stale])
    for part in snapshot.parts:  # parents before children
        table = _name(part.scope.table)
        for row in part.rows:
            columns = [c for c in row if c != "rowid"]
            values = [row[c] for c in columns]
            if conn.execute(f"SELECT 1 FROM {table} WHERE rowid = ?", (row["rowid"],)).fetchone():
                assignments = ", ".join(f"{_name(c)} = ?" for c in columns)
                conn.execute(f"UPDATE {table} SET {assignments} WHERE rowid = ?", [*values, row["rowid"]])
            else:
                names = ", ".join(["rowid", *(_name(c) for c in columns)])
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({placeholders([0, *columns])})",
                             [row["rowid"], *values])


def cascade_scope(conn: sqlite3.Connection, table: str, where: str, params: Sequence[object]) -> list[Scope]:
    """``table``'s rows matching ``where`` and every row a DELETE of them removes with them
    (foreign keys ``ON DELETE CASCADE``, followed down), parents first."""
    scope = [Scope(table, where, tuple(params))]
    for child, column, parent_column in _cascading_children(conn, table):
        inner = f"SELECT {_name(parent_column)} FROM {_name(table)} WHERE {where}"
        scope += cascade_scope(conn, child, f"{_name(column)} IN ({inner})", params)
    return scope


def _cascading_children(conn: sqlite3.Connection, parent: str) -> list[tuple[str, str, str]]:
    """(table, column, parent column) of each foreign key to ``parent`` declared ON DELETE CASCADE."""
    found = []
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    for table in tables:
        for fk in conn.execute(f"PRAGMA foreign_key_list({_name(table)})"):
            # id, seq, table, from, to, on_update, on_delete, match
            if fk[2] == parent and fk[6].upper() == "CASCADE":
                found.append((table, fk[3], fk[4] or "rowid"))
    return found


class Removal:
    """Removing articles and speakers, and the snapshots that undo it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def snapshot(self, scope: Sequence[Scope]) -> RowSnapshot:
        """The rows in ``scope`` as they are now (see :func:`restore`)."""
        with self.db.transaction() as conn:
            return take_snapshot(conn, scope)

    def restore(self, snapshot: RowSnapshot) -> None:
        """Put a snapshot's rows back exactly as they were, in one transaction."""
        with self.db.transaction() as conn:
            restore_snapshot(conn, snapshot)

    def _article_scope(self, article_ids: Sequence[int]) -> list[Scope]:
        return cascade_scope(self.db.conn, "articles", f"id IN ({placeholders(article_ids)})", list(article_ids))

    def removal_summary(self, article_ids: Sequence[int]) -> RemovalSummary:
        """What removing these articles would take with them."""
        snap = take_snapshot(self.db.conn, self._article_scope(article_ids))
        names = dict(self.db.conn.execute("SELECT id, name FROM coders"))
        coders = sorted({names.get(row["coder_id"], "?") for part in snap.parts if part.scope.table == "quote_codes"
                         for row in part.rows})
        titles = [display_title(r["title"], r["text"], r["source"], r["id"])
                  for part in snap.parts if part.scope.table == "articles" for r in part.rows]
        return RemovalSummary(titles=titles, quotes=snap.count("quotes"), labels=snap.count("quote_codes"),
                              coders=coders, adjudications=snap.count("quote_adjudications") + snap.count("article_adjudications"),
                              entities=snap.count("entities"))

    def remove_articles(self, article_ids: Sequence[int]) -> RowSnapshot:
        """Delete articles with their quotes, entities, labels and decisions; returns what
        :meth:`restore` needs to bring them all back."""
        ids = list(article_ids)
        with self.db.transaction() as conn:
            snap = take_snapshot(conn, self._article_scope(ids))
            conn.execute(f"DELETE FROM articles WHERE id IN ({placeholders(ids)})", ids)
        return snap

    def articles_with_hashes(self, hashes: Sequence[str]) -> list[int]:
        """The ids of the stored articles whose content hash is one of ``hashes``."""
        hashes = list(hashes)
        if not hashes:
            return []
        rows = self.db.conn.execute(
            f"SELECT id FROM articles WHERE content_hash IN ({placeholders(hashes)}) ORDER BY id", hashes)
        return [r[0] for r in rows]

    def sample_scope(self) -> list[Scope]:
        """The reliability sample and its seed setting (what drawing a new sample replaces)."""
        return [Scope("reliability_sample", "1"), Scope("settings", "key = 'sample_seed'")]
