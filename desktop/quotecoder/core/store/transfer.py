"""The store's export queries and annotation transfer (backup, merge of coder databases).

Every export query streams its rows from an SQLite cursor, so no export holds the whole
database in memory. What the columns are called in a file is the exporters' business
(:mod:`quotecoder.core.export`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from quotecoder.core.model import STANCE, Quote, Speaker
from quotecoder.core.store.rows import row_span

if TYPE_CHECKING:
    from quotecoder.core.store import Store


#: The speaker each (quote, coder) row carries: the coder's last speaker correction,
#: else the machine's proposal that the coder accepted.
_ORIGINAL_SPEAKER = """CASE WHEN q.proposal IS NOT NULL AND json_type(q.proposal, '$.speaker_id') IS NOT NULL
                            THEN json_extract(q.proposal, '$.speaker_id') ELSE q.speaker_id END"""
_CODER_SPEAKER = """(SELECT json_extract(k.after, '$.speaker_id') FROM corrections k
                     WHERE k.item = 'quote' AND k.action = 'speaker' AND k.item_id = q.id AND k.coder_id = p.coder_id
                     ORDER BY k.id DESC LIMIT 1)"""
_CODER_CORRECTED = """EXISTS (SELECT 1 FROM corrections k WHERE k.item = 'quote' AND k.action = 'speaker'
                              AND k.item_id = q.id AND k.coder_id = p.coder_id)"""
#: Every (quote, coder) a coder worked on: a stance label, or a speaker correction without one.
_CODER_PAIRS = """SELECT quote_id, coder_id FROM quote_codes
                  UNION SELECT item_id, coder_id FROM corrections
                        WHERE item = 'quote' AND action = 'speaker' AND coder_id IS NOT NULL"""

#: The article columns that identify an article's origin in every export (the exporters name them).
ARTICLE_IDENTITY = ("byline", "section", "language", "source", "doc_id")
_IDENTITY_SQL = ", ".join(f"a.{column}" for column in ARTICLE_IDENTITY)


class Transfer:
    """Export rows and annotation records."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def _stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[dict]:
        for row in self.db.query(sql, params):
            yield dict(row)

    def long_rows(self, coders: Sequence[str] | None = None) -> Iterator[dict]:
        """One row per quote × coder who labelled it or corrected its speaker (a quote nobody
        coded gives one row without a coder; a speaker correction without a stance, a row without one)."""
        chosen, params = "", []
        if coders:  # other coders' labels are left out, but never a quote
            chosen = f"AND p.coder_id IN (SELECT id FROM coders WHERE name IN ({','.join('?' * len(coders))}))"
            params = list(coders)
        sql = f"""
            SELECT x.*, s.name AS speaker, s.type AS speaker_type,
                   CASE WHEN x.coder IS NULL THEN NULL
                        WHEN x.origin = 'model' AND x.corrected
                             AND coalesce(x.chosen_id, -1) != coalesce(x.original_id, -1) THEN 'yes'
                        ELSE 'no' END AS speaker_corrected
            FROM (
                SELECT a.id AS article_id, a.outlet, a.published, a.title, a.url, {_IDENTITY_SQL}, a.dup_group,
                       q.id AS quote_id, q.kind, q.start, q.end, q.text AS quote_text,
                       q.mention_text AS speaker_mention, q.cue_text AS cue, l.label AS stance,
                       c.name AS coder, l.coded_at, q.origin, l.note, q.speaker_id AS current_id,
                       {_ORIGINAL_SPEAKER} AS original_id, {_CODER_CORRECTED} AS corrected,
                       {_CODER_SPEAKER} AS chosen_id
                FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN ({_CODER_PAIRS}) p ON p.quote_id = q.id {chosen}
                LEFT JOIN quote_codes l ON l.quote_id = p.quote_id AND l.coder_id = p.coder_id AND l.variable = 'stance'
                LEFT JOIN coders c ON c.id = p.coder_id
                WHERE q.status = 'active'
            ) AS x
            LEFT JOIN speakers s ON s.id = CASE WHEN x.coder IS NULL THEN x.current_id
                                                WHEN x.corrected THEN x.chosen_id ELSE x.original_id END
            ORDER BY x.article_id, x.start, x.quote_id, x.coder
        """
        return self._stream(sql, params)

    def coder_names(self) -> list[str]:
        """Coders who labelled at least one quote, by name."""
        return [
            r[0]
            for r in self.db.conn.execute(
                "SELECT name FROM coders WHERE id IN (SELECT coder_id FROM quote_codes) ORDER BY name"
            )
        ]

    def wide_rows(self, coders: Sequence[str], columns: Sequence[str]) -> Iterator[dict]:
        """One row per quote with a stance column per coder and the adjudicated stance; ``columns``
        names each coder's stance column (the exporter's names).

        ``speaker`` is the quote's current (shared) speaker; the long format has each coder's own.
        """
        if len(columns) != len(coders):
            raise ValueError("wide_rows needs one column name per coder")
        picks = ", ".join(
            'max(CASE WHEN c.name = ? THEN l.label END) AS "{}"'.format(column.replace('"', '""'))
            for column in columns
        )
        sql = f"""
            SELECT a.id AS article_id, a.outlet, a.published, {_IDENTITY_SQL}, a.dup_group, q.id AS quote_id,
                   q.kind, s.name AS speaker, q.text AS quote_text, {picks + ',' if picks else ''}
                   (SELECT label FROM quote_adjudications WHERE quote_id = q.id AND variable = 'stance') AS stance_adjudicated
            FROM quotes q JOIN articles a ON a.id = q.article_id
            LEFT JOIN speakers s ON s.id = q.speaker_id
            LEFT JOIN quote_codes l ON l.quote_id = q.id AND l.variable = 'stance'
            LEFT JOIN coders c ON c.id = l.coder_id
            WHERE q.status = 'active'
            GROUP BY q.id ORDER BY a.id, q.start, q.id
        """
        return self._stream(sql, list(coders))

    def quote_outcomes(self) -> Iterator[dict]:
        """Per quote, ordered by article: its speaker, the coders' labels, the adjudicated label."""
        sql = f"""
            SELECT a.id AS article_id, a.outlet, a.published, a.title, a.url, {_IDENTITY_SQL}, a.dup_group,
                   q.id AS quote_id, s.name AS speaker,
                   (SELECT label FROM quote_adjudications WHERE quote_id = q.id AND variable = 'stance') AS adjudicated,
                   (SELECT group_concat(label, char(31)) FROM quote_codes WHERE quote_id = q.id AND variable = 'stance') AS labels
            FROM articles a LEFT JOIN quotes q ON q.article_id = a.id AND q.status = 'active'
            LEFT JOIN speakers s ON s.id = q.speaker_id
            ORDER BY a.id, q.start
        """
        for row in self._stream(sql):
            row["labels"] = row["labels"].split("\x1f") if row["labels"] else []
            yield row

    def annotation_records(self) -> Iterator[dict]:
        """Every article with its entities, quotes, coder labels, corrections and adjudications."""
        reader = RecordReader(self.db.conn)
        for article_id in reader.article_ids():
            yield reader.record(article_id)

    def article_by_hash(self, content_hash: str) -> tuple[int, str] | None:
        """(id, text) of the article stored under ``content_hash``, or None."""
        row = self.db.conn.execute("SELECT id, text FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return (row[0], row[1]) if row else None

    def join_duplicates(self, article_ids: Sequence[int]) -> int:
        """Put these articles, with the near-duplicate groups they are in, into one group; returns
        its id (the lowest existing group, else the lowest article id)."""
        ids = list(article_ids)
        marks = ",".join("?" * len(ids))
        with self.db.transaction() as conn:
            groups = sorted({r[0] for r in conn.execute(
                f"SELECT dup_group FROM articles WHERE id IN ({marks}) AND dup_group IS NOT NULL", ids)})
            target = groups[0] if groups else min(ids)
            conn.execute(
                f"""UPDATE articles SET dup_group = ?
                    WHERE id IN ({marks}) OR dup_group IN ({",".join("?" * len(groups)) or "NULL"})""",
                [target, *ids, *groups],
            )
        return target

    def has_quote(self, quote_id: int) -> bool:
        if not 0 < quote_id < 2**63:  # no such row, and SQLite could not even compare it
            return False
        return self.db.conn.execute("SELECT 1 FROM quotes WHERE id = ?", (quote_id,)).fetchone() is not None

    def quote_spans(self, article_id: int) -> list[tuple[int, int, int, str]]:
        """(id, start, end, status) of every quote of an article, rejected ones included."""
        return [
            tuple(r)
            for r in self.db.conn.execute(
                "SELECT id, start, end, status FROM quotes WHERE article_id = ? ORDER BY start", (article_id,)
            )
        ]

    def insert_quote(
        self, article_id: int, quote: Quote, status: str = "active", proposal: dict | None = None
    ) -> int:
        """Store a quote brought in from elsewhere, as it was there: origin, status, and the
        machine's proposal (whose ``speaker`` {name, type} is matched to this registry)."""
        with self.db.transaction() as conn:
            quote_id = self.store.articles._insert_quote(article_id, self.store.articles._article_text(article_id), quote)
            if proposal is not None:
                proposal = dict(proposal)
                if "speaker" in proposal:
                    speaker = proposal.pop("speaker")
                    proposal["speaker_id"] = None if not speaker else self.store.registry._speaker_for(
                        Speaker(speaker["name"], speaker.get("type") or "unknown"))
                conn.execute("UPDATE quotes SET proposal = ? WHERE id = ?",
                             (json.dumps(proposal, ensure_ascii=False), quote_id))
            if status != "active":
                conn.execute("UPDATE quotes SET status = ? WHERE id = ?", (status, quote_id))
            return quote_id

    def bring_label(self, quote_id: int, coder: str, label: str, note: str, coded_at: str,
                    codebook_version: int | None = None, replace: bool = False, variable: str = STANCE) -> str:
        """Add a label from elsewhere unless this coder already labelled the quote.

        Returns "added", "same" or "conflict" (a different label is kept as it is here);
        with ``replace``, a different label is replaced instead ("replaced").
        """
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT label FROM quote_codes WHERE quote_id = ? AND coder_id = ? AND variable = ?",
                (quote_id, coder_id, variable),
            ).fetchone()
            if row is not None and (row[0] == label or not replace):
                return "same" if row[0] == label else "conflict"
            conn.execute(
                """INSERT INTO quote_codes (quote_id, coder_id, variable, label, note, codebook_version, coded_at)
                   VALUES (?, ?, ?, ?, ?, (SELECT version FROM codebooks WHERE version = ?), ?)
                   ON CONFLICT (quote_id, coder_id, variable) DO UPDATE SET label = excluded.label,
                       note = excluded.note, codebook_version = excluded.codebook_version,
                       coded_at = excluded.coded_at""",
                (quote_id, coder_id, variable, label, note or "", codebook_version, coded_at),
            )
            return "added" if row is None else "replaced"

    def bring_speaker_correction(self, quote_id: int, coder: str, speaker: Speaker | None, at: str) -> bool:
        """Log another database's speaker correction (once); the quote's shared speaker is kept."""
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            speaker_id = None if speaker is None else self.store.registry._speaker_for(speaker)
            after = json.dumps({"speaker_id": speaker_id})
            exists = conn.execute(
                """SELECT 1 FROM corrections WHERE item = 'quote' AND action = 'speaker' AND item_id = ?
                   AND coder_id = ? AND at = ? AND after = ?""",
                (quote_id, coder_id, at, after),
            ).fetchone()
            if exists:
                return False
            conn.execute(
                """INSERT INTO corrections (coder_id, item, item_id, action, before, after, at)
                   VALUES (?, 'quote', ?, 'speaker', NULL, ?, ?)""",
                (coder_id, quote_id, after, at),
            )
            return True

    def bring_adjudication(self, quote_id: int, label: str, coder: str, note: str, decided_at: str,
                           variable: str = STANCE) -> str:
        """Add another database's adjudicated label unless one exists: "added", "same" or "conflict"."""
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            row = conn.execute("SELECT label FROM quote_adjudications WHERE quote_id = ? AND variable = ?",
                               (quote_id, variable)).fetchone()
            if row is not None:
                return "same" if row[0] == label else "conflict"
            conn.execute(
                """INSERT INTO quote_adjudications (quote_id, variable, label, coder_id, note, decided_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (quote_id, variable, label, coder_id, note or "", decided_at),
            )
            return "added"


def _span(row: dict, prefix: str) -> dict | None:
    span = row_span(row, prefix)
    return None if span is None else span.to_dict()


#: The tables annotation records are read from.
RECORD_TABLES = {"articles", "entities", "quotes", "speakers", "coders", "corrections",
                 "quote_codes", "quote_adjudications", "article_codes", "article_adjudications", "speaker_codes",
                 "stance_labels", "adjudications"}  # the last two: schema 4 and older


#: The article columns an annotation record carries (besides ``text``).
RECORD_ARTICLE_COLUMNS = ("content_hash", "dup_group", "source", "outlet", "title", "byline", "published", "url",
                          "imported_at", "section", "length", "language", "doc_id", "model")


class RecordReader:
    """Reads annotation records from a QuoteCoder database, one article at a time.

    Works on this version's schema and on older ones (a column or table an older schema
    lacks reads as empty). It reads only what a record needs, with plain queries on the
    tables, so it also serves for a colleague's database (see ``core/colleague_db.py``).
    Unreadable JSON is passed on as it is, for the record's checks to refuse.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.columns = {t: {r[1] for r in conn.execute(f"PRAGMA table_xinfo({t})")} for t in RECORD_TABLES & tables}
        self._speakers: dict[int, dict] = {}

    def _pick(self, table: str, alias: str, columns: Sequence[str]) -> str:
        have = self.columns.get(table, set())
        return ", ".join(f"{alias}.{c}" if c in have else f"NULL AS {c}" for c in columns)

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict]:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def article_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def record(self, article_id: int) -> dict:
        """The record of one article (KeyError when there is no such article)."""
        found = self._rows(f"SELECT a.text, {self._pick('articles', 'a', RECORD_ARTICLE_COLUMNS)} "
                           "FROM articles a WHERE a.id = ?", [article_id])
        if not found:
            raise KeyError(article_id)
        entities = self._rows("SELECT start, end, label, text, origin FROM entities WHERE article_id = ? "
                              "ORDER BY start, id", [article_id])
        quote_columns = ("proposal", "status", "cue_start", "cue_end", "cue_text", "mention_start", "mention_end",
                         "mention_text", "speaker_id", "origin", "confidence")
        quotes = self._rows(f"SELECT q.id, q.start, q.end, q.text, q.kind, {self._pick('quotes', 'q', quote_columns)} "
                            "FROM quotes q WHERE q.article_id = ? ORDER BY q.start, q.id", [article_id])
        return {"article": found[0], "entities": entities, "quotes": [self._quote(q) for q in quotes]}

    def _quote(self, row: dict) -> dict:
        quote_id = row["id"]
        proposal = _json(row["proposal"]) if row["proposal"] is not None else None
        if isinstance(proposal, dict) and "speaker_id" in proposal:
            proposal["speaker"] = self._speaker(proposal.pop("speaker_id"))
        corrections = []
        if "corrections" in self.columns:
            for r in self._rows("""SELECT c.name AS coder, k.after, k.at FROM corrections k
                                   JOIN coders c ON c.id = k.coder_id
                                   WHERE k.item = 'quote' AND k.action = 'speaker' AND k.item_id = ?
                                   ORDER BY k.id""", [quote_id]):
                after = _json(r["after"]) if r["after"] is not None else {}
                chosen = self._speaker(after.get("speaker_id")) if isinstance(after, dict) else after
                corrections.append({"coder": r["coder"], "speaker": chosen, "at": r["at"]})
        decision = None
        decided = next((t for t in ("quote_adjudications", "adjudications") if t in self.columns), None)
        if decided:
            stance = " AND a.variable = 'stance'" if decided == "quote_adjudications" else ""
            decision = next(iter(self._rows(f"""SELECT a.label, c.name AS coder, a.note, a.decided_at
                                                FROM {decided} a JOIN coders c ON c.id = a.coder_id
                                                WHERE a.quote_id = ?{stance}""", [quote_id])), None)
        coded = "quote_codes" if "quote_codes" in self.columns else "stance_labels"
        stance = " AND l.variable = 'stance'" if coded == "quote_codes" else ""
        labels = self._rows(f"""SELECT c.name AS coder, l.label, l.note, l.coded_at,
                                       {self._pick(coded, 'l', ['codebook_version'])}
                                FROM {coded} l JOIN coders c ON c.id = l.coder_id
                                WHERE l.quote_id = ?{stance} ORDER BY c.name""", [quote_id])
        return {
            "start": row["start"], "end": row["end"], "text": row["text"], "kind": row["kind"],
            "status": row["status"] or "active", "origin": row["origin"], "confidence": row["confidence"],
            "cue": _span(row, "cue"), "mention": _span(row, "mention"),
            "speaker": self._speaker(row["speaker_id"]), "proposal": proposal,
            "labels": labels, "speaker_corrections": corrections, "adjudication": decision,
        }

    def _speaker(self, speaker_id: object) -> object:
        """{"name", "type"} of a registry speaker; None for none (an id of another type is passed on)."""
        if speaker_id is None or isinstance(speaker_id, bool) or not isinstance(speaker_id, int):
            return speaker_id
        if speaker_id not in self._speakers:
            found = self._rows("SELECT name, type FROM speakers WHERE id = ?", [speaker_id])
            self._speakers[speaker_id] = found[0] if found else None
        return self._speakers[speaker_id]


def _json(value: object) -> object:
    """JSON text decoded; anything unreadable is passed on as it is."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return value
