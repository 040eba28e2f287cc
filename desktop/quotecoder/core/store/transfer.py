"""The store's annotation transfer (backup, merge of coder databases).

The export queries are in :mod:`quotecoder.core.store.exports`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from quotecoder.core.annotation_record import ARTICLE_FIELDS
from quotecoder.core.model import STANCE, Quote, Speaker
from quotecoder.core.store.codes import coded_unit
from quotecoder.core.store.rows import row_span

if TYPE_CHECKING:
    from quotecoder.core.store import Store


class Transfer:
    """Annotation records, and bringing in another database's annotations."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def annotation_records(self) -> Iterator[dict]:
        """Every article with its entities, quotes, every variable's codes (quote, article and
        speaker), corrections and adjudications (see :class:`RecordReader`)."""
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

    def quote_spans(self, article_id: int) -> list[tuple[int, int, int, str]]:
        """(id, start, end, status) of every quote of an article, rejected ones included."""
        return [
            tuple(r)
            for r in self.db.conn.execute(
                "SELECT id, start, end, status FROM quotes WHERE article_id = ? ORDER BY start", (article_id,)
            )
        ]

    def insert_quote(
        self, article_id: int, text: str, quote: Quote, status: str = "active", proposal: dict | None = None
    ) -> int:
        """Store a quote brought in from elsewhere, as it was there: origin, status, and the
        machine's proposal (whose ``speaker`` {name, type} is matched to this registry).
        ``text`` is the stored article's text (its spans are checked against it)."""
        with self.db.transaction() as conn:
            quote_id = self.store.articles._insert_quote(article_id, text, quote)
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

    def bring_code(self, unit: str, item_id: int, coder: str, variable: str, label: str, note: str,
                   coded_at: str, codebook_version: int | None = None, replace: bool = False) -> str:
        """Add a code for a quote or article variable from elsewhere, unless this coder already
        coded the item for that variable.

        Returns "added", "same" or "conflict" (a different label is kept as it is here);
        with ``replace``, a different label is replaced instead ("replaced").
        """
        where = coded_unit(unit)
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            row = conn.execute(
                f"SELECT label FROM {where.table} WHERE {where.id_column} = ? AND coder_id = ? AND variable = ?",
                (item_id, coder_id, variable),
            ).fetchone()
            if row is not None and (row[0] == label or not replace):
                return "same" if row[0] == label else "conflict"
            conn.execute(
                f"""INSERT INTO {where.table} ({where.id_column}, coder_id, variable, label, note, codebook_version,
                                                coded_at)
                    VALUES (?, ?, ?, ?, ?, (SELECT version FROM codebooks WHERE version = ?), ?)
                    ON CONFLICT ({where.id_column}, coder_id, variable) DO UPDATE SET label = excluded.label,
                        note = excluded.note, codebook_version = excluded.codebook_version,
                        coded_at = excluded.coded_at""",
                (item_id, coder_id, variable, label, note or "", codebook_version, coded_at),
            )
            return "added" if row is None else "replaced"

    def bring_label(self, quote_id: int, coder: str, label: str, note: str, coded_at: str,
                    codebook_version: int | None = None, replace: bool = False, variable: str = STANCE) -> str:
        """:meth:`bring_code` for a quote variable (stance unless ``variable`` says otherwise)."""
        return self.bring_code("quote", quote_id, coder, variable, label, note, coded_at, codebook_version, replace)

    def bring_speaker_code(self, speaker: Speaker, variable: str, label: str, coder: str | None, coded_at: str,
                           codebook_version: int | None = None) -> str:
        """Add a registry speaker's code from elsewhere unless the speaker (found by name or
        alias, added to the registry if new) has one for ``variable``: "added", "same" or
        "conflict" (a different label is kept as it is here)."""
        coder_id = self.store.coding.coder(coder).id if coder else None
        with self.db.transaction() as conn:
            speaker_id = self.store.registry._speaker_for(speaker)
            row = conn.execute("SELECT label FROM speaker_codes WHERE speaker_id = ? AND variable = ?",
                               (speaker_id, variable)).fetchone()
            if row is not None:
                return "same" if row[0] == label else "conflict"
            conn.execute(
                """INSERT INTO speaker_codes (speaker_id, variable, label, coder_id, codebook_version, coded_at)
                   VALUES (?, ?, ?, ?, (SELECT version FROM codebooks WHERE version = ?), ?)""",
                (speaker_id, variable, label, coder_id, codebook_version, coded_at),
            )
            return "added"

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

    def bring_adjudication(self, item_id: int, label: str, coder: str, note: str, decided_at: str,
                           variable: str = STANCE, unit: str = "quote") -> str:
        """Add another database's adjudicated label of a quote or article variable unless one
        exists: "added", "same" or "conflict"."""
        where = coded_unit(unit)
        coder_id = self.store.coding.coder(coder).id
        with self.db.transaction() as conn:
            row = conn.execute(f"SELECT label FROM {where.adjudications} WHERE {where.id_column} = ? AND variable = ?",
                               (item_id, variable)).fetchone()
            if row is not None:
                return "same" if row[0] == label else "conflict"
            conn.execute(
                f"""INSERT INTO {where.adjudications} ({where.id_column}, variable, label, coder_id, note, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?)""",
                (item_id, variable, label, coder_id, note or "", decided_at),
            )
            return "added"


def _span(row: dict, prefix: str) -> dict | None:
    span = row_span(row, prefix)
    return None if span is None else span.to_dict()


#: The tables annotation records are read from.
RECORD_TABLES = {"articles", "entities", "quotes", "speakers", "coders", "corrections", "codebooks",
                 "quote_codes", "quote_adjudications", "article_codes", "article_adjudications", "speaker_codes",
                 "stance_labels", "adjudications"}  # the last two: schema 4 and older
#: This schema's tables of quote codes and decisions → what schema 4 and older called them
#: (they held stance alone, without a variable column).
_OLDER_TABLES = {"quote_codes": "stance_labels", "quote_adjudications": "adjudications"}


#: The article columns an annotation record carries (besides ``text``).
RECORD_ARTICLE_COLUMNS = ("content_hash", "dup_group", *ARTICLE_FIELDS)


class RecordReader:
    """Reads annotation records from a QuoteCoder database, one article at a time.

    Works on this version's schema and on older ones (a column or table an older schema
    lacks reads as empty; the stance labels and adjudications of schema 4 and older read as
    codes of the variable ``stance``). It reads only what a record needs, with plain queries
    on the tables, so it also serves for a colleague's database (see ``core/colleague_db.py``).
    Unreadable JSON is passed on as it is, for the record's checks to refuse. The record
    format is described in :mod:`quotecoder.core.annotation_record`.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.columns = {t: {r[1] for r in conn.execute(f"PRAGMA table_xinfo({t})")} for t in RECORD_TABLES & tables}
        self._speakers: dict[int, dict] = {}
        self._speaker_codes: dict[int, list[dict]] = {}
        self._named: dict[int, None] = {}  # the speakers the record being read names, in order

    def _pick(self, table: str, alias: str, columns: Sequence[str]) -> str:
        have = self.columns.get(table, set())
        return ", ".join(f"{alias}.{c}" if c in have else f"NULL AS {c}" for c in columns)

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[dict]:
        cursor = self.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def article_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def codebook(self) -> dict | None:
        """The latest codebook as a record carries it (``{"name", "version", "variables"}``, or
        the older ``labels`` list in place of the variables); None when the file has none. Read as
        it is stored: the import checks it."""
        if "codebooks" not in self.columns:
            return None
        found = self._rows("SELECT version, name, labels FROM codebooks ORDER BY version DESC LIMIT 1")
        if not found:
            return None
        body = _json(found[0]["labels"])
        return {**(body if isinstance(body, dict) else {"labels": body}),
                "name": found[0]["name"], "version": found[0]["version"]}

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
        self._named = {}
        return {"article": found[0], "entities": entities, "quotes": [self._quote(q) for q in quotes],
                "article_codes": self._codes("article", article_id),
                "article_adjudications": self._decisions("article", article_id),
                "speaker_codes": [code for speaker_id in self._named for code in self._codes_of_speaker(speaker_id)]}

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
        return {
            "start": row["start"], "end": row["end"], "text": row["text"], "kind": row["kind"],
            "status": row["status"] or "active", "origin": row["origin"], "confidence": row["confidence"],
            "cue": _span(row, "cue"), "mention": _span(row, "mention"),
            "speaker": self._speaker(row["speaker_id"]), "proposal": proposal,
            "labels": self._codes("quote", quote_id), "speaker_corrections": corrections,
            "adjudications": self._decisions("quote", quote_id),
        }

    def _table(self, table: str) -> tuple[str, str] | None:
        """(the table to read, the SQL of its variable) for one of this schema's tables of codes
        or decisions, or for what an older schema called it; None when the file has neither."""
        if table in self.columns:
            return table, "x.variable"
        older = _OLDER_TABLES.get(table)
        return (older, f"'{STANCE}'") if older in self.columns else None

    def _codes(self, unit: str, item_id: int) -> list[dict]:
        """Every coder's codes of one quote or article, for every variable."""
        where = coded_unit(unit)
        found = self._table(where.table)
        if found is None:
            return []
        table, variable = found
        return self._rows(f"""SELECT c.name AS coder, {variable} AS variable, x.label, x.note, x.coded_at,
                                     {self._pick(table, 'x', ['codebook_version'])}
                              FROM {table} x JOIN coders c ON c.id = x.coder_id
                              WHERE x.{where.id_column} = ? ORDER BY 2, c.name""", [item_id])

    def _decisions(self, unit: str, item_id: int) -> list[dict]:
        """The adjudicated labels of one quote or article, one per variable."""
        where = coded_unit(unit)
        found = self._table(where.adjudications)
        if found is None:
            return []
        table, variable = found
        return self._rows(f"""SELECT {variable} AS variable, x.label, c.name AS coder, x.note, x.decided_at
                              FROM {table} x JOIN coders c ON c.id = x.coder_id
                              WHERE x.{where.id_column} = ? ORDER BY 1""", [item_id])

    def _codes_of_speaker(self, speaker_id: int) -> list[dict]:
        """A registry speaker's codes, each naming the speaker (read once per speaker)."""
        if speaker_id not in self._speaker_codes:
            rows = [] if "speaker_codes" not in self.columns else self._rows(
                """SELECT x.variable, x.label, c.name AS coder, x.coded_at, x.codebook_version
                   FROM speaker_codes x LEFT JOIN coders c ON c.id = x.coder_id
                   WHERE x.speaker_id = ? ORDER BY x.variable""", [speaker_id])
            self._speaker_codes[speaker_id] = [{"speaker": self._speakers[speaker_id], **row} for row in rows]
        return self._speaker_codes[speaker_id]

    def _speaker(self, speaker_id: object) -> object:
        """{"name", "type"} of a registry speaker; None for none (an id of another type is passed on).
        A speaker found is one the record names (its codes go with it)."""
        if speaker_id is None or isinstance(speaker_id, bool) or not isinstance(speaker_id, int):
            return speaker_id
        if speaker_id not in self._speakers:
            found = self._rows("SELECT name, type FROM speakers WHERE id = ?", [speaker_id])
            self._speakers[speaker_id] = found[0] if found else None
        if self._speakers[speaker_id] is not None:
            self._named[speaker_id] = None
        return self._speakers[speaker_id]


def _json(value: object) -> object:
    """JSON text decoded; anything unreadable is passed on as it is."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return value
