"""The coders' work: coders, the codebook, and the audited edits of quotes and entities.

Codes for the codebook's variables are in :mod:`quotecoder.core.store.codes`.

Every edit is logged in the corrections table (who, what, before, after).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

from quotecoder.core.clock import now
from quotecoder.core.model import QUOTE_KINDS, Codebook, Coder, Entity, Quote, Span
from quotecoder.core.store.rows import check_span

if TYPE_CHECKING:
    from quotecoder.core.store import Store


def codebook_from_row(row: sqlite3.Row | None) -> Codebook | None:
    """The codebook a ``codebooks`` row stores (None for no row)."""
    if row is None:
        return None
    data = json.loads(row["labels"])
    body = data if isinstance(data, dict) else {"labels": data}  # the old format: one stance list
    return Codebook.from_dict({**body, "name": row["name"], "version": row["version"]})


class Coding:
    """Coders, the codebook and audited edits."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    _QUOTE_FIELDS = ("start", "end", "kind", "cue", "mention")

    _PROPOSAL_FIELDS = ("start", "end", "text", "kind", "speaker_id", "cue", "mention")

    def _proposal(self, old: dict) -> str | None:
        """The machine's proposal to keep for a quote about to change (``old``: its
        :meth:`_quote_values`): the one already kept, else, for a machine quote, its values now."""
        if old["proposal"] is None and old["origin"] == "model":
            return json.dumps({k: old[k] for k in self._PROPOSAL_FIELDS}, ensure_ascii=False)
        return old["proposal"]

    def coder(self, name: str) -> Coder:
        """The coder called ``name``, created on first use."""
        name = name.strip()
        if not name:
            raise ValueError("A coder needs a name.")
        find = "SELECT id FROM coders WHERE name = ?"
        row = self.db.conn.execute(find, (name,)).fetchone()
        if row is None:  # another process may create the same coder meanwhile: insert or find theirs
            with self.db.transaction() as conn:
                conn.execute("INSERT OR IGNORE INTO coders (name, created_at) VALUES (?, ?)", (name, now()))
                row = conn.execute(find, (name,)).fetchone()
        return Coder(name=name, id=row[0])

    def coders(self) -> list[Coder]:
        return [Coder(name=r["name"], id=r["id"]) for r in self.db.query("SELECT * FROM coders ORDER BY name")]

    def codebook(self) -> Codebook | None:
        """The latest codebook version, or None before one is saved."""
        return codebook_from_row(self.latest_codebook_row())

    def latest_codebook_row(self) -> sqlite3.Row | None:
        """The latest codebook's stored row (version, name, labels), or None before one is saved."""
        return self.db._row("SELECT version, name, labels FROM codebooks ORDER BY version DESC LIMIT 1")

    def save_codebook(self, codebook: Codebook) -> Codebook:
        """Store ``codebook`` as a new version; returns it with its version number."""
        with self.db.transaction() as conn:
            latest = conn.execute("SELECT coalesce(max(version), 0) FROM codebooks").fetchone()[0]
            version = latest + 1
            body = {"variables": codebook.to_dict()["variables"]}
            conn.execute(
                "INSERT INTO codebooks (version, name, labels, created_at) VALUES (?, ?, ?, ?)",
                (version, codebook.name, json.dumps(body, ensure_ascii=False), now()),
            )
        return replace(codebook, version=version)

    def ensure_codebook(self, codebook: Codebook) -> Codebook:
        """The latest codebook; ``codebook`` becomes version 1 of a database that has none
        (once, even when several processes create the database at the same moment)."""
        with self.db.transaction():
            return self.codebook() or self.save_codebook(codebook)

    def quote_status(self, quote_id: int) -> str:
        """'active' or 'rejected'."""
        row = self.db.conn.execute("SELECT status FROM quotes WHERE id = ?", (quote_id,)).fetchone()
        if row is None:
            raise KeyError(quote_id)
        return row[0]

    def quote_proposal(self, quote_id: int) -> dict | None:
        """The machine's original values of a corrected model-origin quote, or None."""
        row = self.db.conn.execute("SELECT proposal FROM quotes WHERE id = ?", (quote_id,)).fetchone()
        if row is None:
            raise KeyError(quote_id)
        return json.loads(row[0]) if row[0] else None

    def corrections(self, item: str | None = None, item_id: int | None = None) -> list[dict]:
        """The correction log (oldest first), optionally for one item; before/after decoded."""
        sql = """SELECT k.id, c.name AS coder, k.item, k.item_id, k.action, k.before, k.after, k.at
                 FROM corrections k LEFT JOIN coders c ON c.id = k.coder_id"""
        clauses, params = [], []
        if item is not None:
            clauses.append("k.item = ?")
            params.append(item)
        if item_id is not None:
            clauses.append("k.item_id = ?")
            params.append(item_id)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        out = []
        for r in self.db.query(sql + " ORDER BY k.id", params):
            r = dict(r)
            r["before"] = json.loads(r["before"]) if r["before"] else None
            r["after"] = json.loads(r["after"]) if r["after"] else None
            out.append(r)
        return out

    def _log(self, coder_id: int | None, item: str, item_id: int, action: str,
             before: object = None, after: object = None) -> None:
        self.db.conn.execute(
            """INSERT INTO corrections (coder_id, item, item_id, action, before, after, at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (
                coder_id,
                item,
                item_id,
                action,
                None if before is None else json.dumps(before, ensure_ascii=False),
                None if after is None else json.dumps(after, ensure_ascii=False),
                now(),
            ),
        )

    def _quote_values(self, quote_id: int) -> dict:
        row = self.db._row("SELECT * FROM quotes WHERE id = ?", quote_id)
        if row is None:
            raise KeyError(quote_id)
        values = {k: row[k] for k in ("start", "end", "text", "kind", "speaker_id", "origin", "article_id")}
        for prefix in ("cue", "mention"):
            values[prefix] = (
                None if row[f"{prefix}_start"] is None
                else {"start": row[f"{prefix}_start"], "end": row[f"{prefix}_end"], "text": row[f"{prefix}_text"]}
            )
        values["proposal"] = row["proposal"]
        return values

    def update_quote(self, quote_id: int, coder: str, **changes: object) -> Quote:
        """Change a quote's ``start``/``end`` (boundaries), ``kind``, ``cue`` or ``mention``.

        ``cue`` and ``mention`` are :class:`Span` objects (or dicts, or None to clear).
        The quote's text follows its boundaries. The first correction of a
        model-origin quote stores the machine's values in ``proposal``. Speakers
        change through :meth:`set_speakers`, which logs them per coder.
        """
        if "speaker_id" in changes:
            raise ValueError("update_quote does not change speakers; use set_speakers.")
        unknown = set(changes) - set(self._QUOTE_FIELDS)
        if unknown:
            raise ValueError(f"Cannot change {', '.join(sorted(unknown))} of a quote.")
        coder_id = self.coder(coder).id
        with self.db.transaction() as conn:
            old = self._quote_values(quote_id)
            text = conn.execute(
                "SELECT text FROM articles WHERE id = ?", (old["article_id"],)
            ).fetchone()[0]
            new = dict(old)
            for key, value in changes.items():
                if key in ("cue", "mention") and isinstance(value, Span):
                    value = value.to_dict()
                new[key] = value
            start, end = int(new["start"]), int(new["end"])
            if not 0 <= start < end <= len(text):
                raise ValueError(f"invalid quote boundaries {start}:{end}")
            new["text"] = text[start:end]
            if new["kind"] not in QUOTE_KINDS:
                raise ValueError(f"unknown quote kind {new['kind']!r}")
            for key in ("cue", "mention"):
                span = new[key]
                if span is not None:
                    check_span(text, span["start"], span["end"], text[span["start"]:span["end"]], key)
                    new[key] = {"start": span["start"], "end": span["end"], "text": text[span["start"]:span["end"]]}
            before = {k: old[k] for k in changes if old[k] != new[k]}
            after = {k: new[k] for k in before}
            if "start" in before or "end" in before:
                before["text"], after["text"] = old["text"], new["text"]
            if not before:
                return self.store.articles.quote(quote_id)
            proposal = self._proposal(old)
            cue, mention = new["cue"], new["mention"]
            conn.execute(
                """UPDATE quotes SET start = ?, end = ?, text = ?, kind = ?,
                       cue_start = ?, cue_end = ?, cue_text = ?,
                       mention_start = ?, mention_end = ?, mention_text = ?,
                       proposal = ?, updated_at = ? WHERE id = ?""",
                (
                    start, end, new["text"], new["kind"],
                    cue["start"] if cue else None, cue["end"] if cue else None, cue["text"] if cue else None,
                    mention["start"] if mention else None, mention["end"] if mention else None,
                    mention["text"] if mention else None,
                    proposal, now(), quote_id,
                ),
            )
            self._log(coder_id, "quote", quote_id, "update", before, after)
        return self.store.articles.quote(quote_id)

    def add_quote(self, article_id: int, quote: Quote, coder: str) -> int:
        """Add a quote a coder found (origin 'coder'); returns its id."""
        coder_id = self.coder(coder).id
        with self.db.transaction():
            quote = replace(quote, origin="coder", id=None, article_id=article_id)
            quote_id = self.store.articles._insert_quote(article_id, self.store.articles._article_text(article_id), quote)
            self._log(coder_id, "quote", quote_id, "add", None,
                      {"start": quote.start, "end": quote.end, "text": quote.text, "kind": quote.kind,
                       "speaker_id": self._quote_values(quote_id)["speaker_id"]})
            return quote_id

    def _set_quote_status(self, quote_id: int, coder: str, status: str, action: str) -> None:
        coder_id = self.coder(coder).id
        with self.db.transaction() as conn:
            old = self.quote_status(quote_id)
            if old == status:
                return
            conn.execute("UPDATE quotes SET status = ?, updated_at = ? WHERE id = ?", (status, now(), quote_id))
            self._log(coder_id, "quote", quote_id, action, {"status": old}, {"status": status})

    def reject_quote(self, quote_id: int, coder: str) -> None:
        """Mark a false quote as rejected (kept, with its labels, but no longer counted)."""
        self._set_quote_status(quote_id, coder, "rejected", "reject")

    def restore_quote(self, quote_id: int, coder: str) -> None:
        """Undo :meth:`reject_quote`."""
        self._set_quote_status(quote_id, coder, "active", "restore")

    def add_entity(self, article_id: int, entity: Entity, coder: str) -> int:
        """Add an entity (origin 'coder'); reuses ``entity.id`` when it is given and free (redo)."""
        coder_id = self.coder(coder).id
        with self.db.transaction() as conn:
            check_span(self.store.articles._article_text(article_id), entity.start, entity.end, entity.text, "entity")
            wanted = entity.id
            if wanted is not None and conn.execute("SELECT 1 FROM entities WHERE id = ?", (wanted,)).fetchone():
                wanted = None
            cursor = conn.execute(
                "INSERT INTO entities (id, article_id, start, end, label, text, origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (wanted, article_id, entity.start, entity.end, entity.label, entity.text, entity.origin),
            )
            entity_id = cursor.lastrowid
            self._log(coder_id, "entity", entity_id, "add", None,
                      {"start": entity.start, "end": entity.end, "label": entity.label, "text": entity.text})
            return entity_id

    def remove_entity(self, entity_id: int, coder: str) -> Entity:
        """Delete an entity; returns it (with its id and origin) so it can be added back."""
        coder_id = self.coder(coder).id
        with self.db.transaction() as conn:
            row = self.db._row("SELECT * FROM entities WHERE id = ?", entity_id)
            if row is None:
                raise KeyError(entity_id)
            conn.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
            self._log(coder_id, "entity", entity_id, "remove",
                      {"start": row["start"], "end": row["end"], "label": row["label"],
                       "text": row["text"], "origin": row["origin"]}, None)
        return Entity(id=row["id"], article_id=row["article_id"], start=row["start"], end=row["end"],
                      label=row["label"], text=row["text"], origin=row["origin"])

    def set_speakers(self, speakers: dict[int, int | None], coder: str) -> dict[int, int | None]:
        """Set each quote's speaker (quote id → speaker id) in one transaction; returns the old ones."""
        coder_id = self.coder(coder).id
        previous: dict[int, int | None] = {}
        with self.db.transaction() as conn:
            for quote_id, speaker_id in speakers.items():
                old = self._quote_values(quote_id)
                previous[quote_id] = old["speaker_id"]
                if old["speaker_id"] == speaker_id:
                    continue
                proposal = self._proposal(old)
                conn.execute(
                    "UPDATE quotes SET speaker_id = ?, proposal = ?, updated_at = ? WHERE id = ?",
                    (speaker_id, proposal, now(), quote_id),
                )
                self._log(coder_id, "quote", quote_id, "speaker",
                          {"speaker_id": old["speaker_id"]}, {"speaker_id": speaker_id})
        return previous
