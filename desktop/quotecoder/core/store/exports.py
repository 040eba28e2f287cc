"""The store's export queries: rows for the exporters, streamed from SQLite cursors.

Every export query streams its rows from an SQLite cursor, so no export holds the whole
database in memory. What the columns are called in a file is the exporters' business
(:mod:`quotecoder.core.export`): the queries take the column names, each with the variable
(and coder) it holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from quotecoder.core.store.codes import coded_unit

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
#: Every (quote, coder) a coder worked on: a code for any quote variable, or a speaker correction without one.
_CODER_PAIRS = """SELECT quote_id, coder_id FROM quote_codes
                  UNION SELECT item_id, coder_id FROM corrections
                        WHERE item = 'quote' AND action = 'speaker' AND coder_id IS NOT NULL"""

#: The article columns that identify an article's origin in every export (the exporters name them).
ARTICLE_IDENTITY = ("byline", "section", "language", "source", "doc_id")
_IDENTITY_SQL = ", ".join(f"a.{column}" for column in ARTICLE_IDENTITY)
_ARTICLE_SQL = f"a.id AS article_id, a.outlet, a.published, a.title, a.url, {_IDENTITY_SQL}, a.dup_group"
#: A coder's notes on one item's codes, each once, one per line (SQLite's group_concat(DISTINCT)
#: takes no separator: commas are set aside while it joins with its own).
_NOTES = r"""replace(replace(group_concat(DISTINCT replace(note, ',', char(30))), ',', char(10)), char(30), ',')"""


def _name(column: str) -> str:
    """``column`` as an SQL identifier."""
    return '"{}"'.format(column.replace('"', '""'))


def _coders_clause(column: str, coders: Sequence[str] | None, params: dict) -> str:
    """SQL keeping the rows of ``coders`` (all when None), the names going into ``params``."""
    if not coders:
        return ""
    marks = []
    for i, name in enumerate(coders):
        params[f"coder{i}"] = name
        marks.append(f":coder{i}")
    return f"AND {column} IN (SELECT id FROM coders WHERE name IN ({', '.join(marks)}))"


def _code_picks(columns: Mapping[str, str], lookup: str, prefix: str, params: dict) -> str:
    """``, (lookup) AS column`` for each column → variable, the variable a parameter of ``lookup``."""
    picks = []
    for i, (column, variable) in enumerate(columns.items()):
        params[f"{prefix}{i}"] = variable
        picks.append(f", ({lookup.format(variable=f':{prefix}{i}')}) AS {_name(column)}")
    return "".join(picks)


class Exports:
    """Rows for the export files (and what ``import-codes`` checks when they come back)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def _stream(self, sql: str, params: Mapping[str, object]) -> Iterator[dict]:
        cursor = self.db.conn.cursor()
        cursor.row_factory = sqlite3.Row
        for row in cursor.execute(sql, params):
            yield dict(row)

    def _codebook_columns(self, unit: str) -> dict[str, str]:
        codebook = self.store.coding.codebook()
        return {v.key: v.key for v in codebook.by_unit(unit)} if codebook else {}

    def long_rows(self, coders: Sequence[str] | None = None, quote_variables: Mapping[str, str] | None = None,
                  speaker_variables: Mapping[str, str] | None = None) -> Iterator[dict]:
        """One row per quote × coder who coded it or corrected its speaker (a quote nobody coded
        gives one row without a coder; a speaker correction without codes, a row without them).

        ``quote_variables`` and ``speaker_variables`` map a column to the variable it holds (by
        default the codebook's, each column named by its key): the coder's code for each quote
        variable, and the row's speaker's code for each speaker variable. ``coded_at`` is the
        coder's latest code on the quote, ``note`` their notes on it (one per line).
        """
        quote_variables = self._codebook_columns("quote") if quote_variables is None else quote_variables
        speaker_variables = self._codebook_columns("speaker") if speaker_variables is None else speaker_variables
        params: dict = {}
        chosen = _coders_clause("p.coder_id", coders, params)  # other coders' codes are left out, never a quote
        codes = _code_picks(quote_variables, """SELECT label FROM quote_codes WHERE quote_id = p.quote_id
                                                 AND coder_id = p.coder_id AND variable = {variable}""", "q", params)
        speaker_codes = _code_picks(speaker_variables, """SELECT label FROM speaker_codes WHERE speaker_id = s.id
                                                          AND variable = {variable}""", "s", params)
        sql = f"""
            SELECT x.*, s.name AS speaker, s.type AS speaker_type{speaker_codes},
                   CASE WHEN x.coder IS NULL THEN NULL
                        WHEN x.origin = 'model' AND x.corrected
                             AND coalesce(x.chosen_id, -1) != coalesce(x.original_id, -1) THEN 'yes'
                        ELSE 'no' END AS speaker_corrected
            FROM (
                SELECT {_ARTICLE_SQL},
                       q.id AS quote_id, q.kind, q.start, q.end, q.text AS quote_text,
                       q.mention_text AS speaker_mention, q.cue_text AS cue{codes},
                       c.name AS coder,
                       (SELECT max(coded_at) FROM quote_codes
                        WHERE quote_id = p.quote_id AND coder_id = p.coder_id) AS coded_at,
                       q.origin,
                       (SELECT {_NOTES} FROM quote_codes
                        WHERE quote_id = p.quote_id AND coder_id = p.coder_id AND note != '') AS note,
                       q.speaker_id AS current_id,
                       {_ORIGINAL_SPEAKER} AS original_id, {_CODER_CORRECTED} AS corrected,
                       {_CODER_SPEAKER} AS chosen_id
                FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN ({_CODER_PAIRS}) p ON p.quote_id = q.id {chosen}
                LEFT JOIN coders c ON c.id = p.coder_id
                WHERE q.status = 'active'
            ) AS x
            LEFT JOIN speakers s ON s.id = CASE WHEN x.coder IS NULL THEN x.current_id
                                                WHEN x.corrected THEN x.chosen_id ELSE x.original_id END
            ORDER BY x.article_id, x.start, x.quote_id, x.coder
        """
        return self._stream(sql, params)

    def coder_names(self, unit: str = "quote") -> list[str]:
        """Coders who coded at least one quote (or article), by name."""
        table = coded_unit(unit).table
        return [r[0] for r in self.db.conn.execute(
            f"SELECT name FROM coders WHERE id IN (SELECT coder_id FROM {table}) ORDER BY name")]

    def wide_rows(self, codes: Sequence[tuple[str, str, str]], adjudicated: Mapping[str, str] | None = None
                  ) -> Iterator[dict]:
        """One row per quote: ``codes`` are (column, variable, coder), each coder's code for a quote
        variable; ``adjudicated`` maps a column to the variable whose adjudicated label it holds.

        ``speaker`` is the quote's current (shared) speaker; the long format has each coder's own.
        """
        params: dict = {}
        picks = []
        for i, (column, variable, coder) in enumerate(codes):
            params[f"v{i}"], params[f"c{i}"] = variable, coder
            picks.append(f", max(CASE WHEN l.variable = :v{i} AND c.name = :c{i} THEN l.label END) AS {_name(column)}")
        decided = _code_picks(adjudicated or {}, """SELECT label FROM quote_adjudications WHERE quote_id = q.id
                                                    AND variable = {variable}""", "a", params)
        sql = f"""
            SELECT a.id AS article_id, a.outlet, a.published, {_IDENTITY_SQL}, a.dup_group, q.id AS quote_id,
                   q.kind, s.name AS speaker, q.text AS quote_text{''.join(picks)}{decided}
            FROM quotes q JOIN articles a ON a.id = q.article_id
            LEFT JOIN speakers s ON s.id = q.speaker_id
            LEFT JOIN quote_codes l ON l.quote_id = q.id
            LEFT JOIN coders c ON c.id = l.coder_id
            WHERE q.status = 'active'
            GROUP BY q.id ORDER BY a.id, q.start, q.id
        """
        return self._stream(sql, params)

    def article_code_rows(self, variables: Mapping[str, str], adjudicated: Mapping[str, str] | None = None,
                          coders: Sequence[str] | None = None) -> Iterator[dict]:
        """One row per article × coder who coded it (an article nobody coded: one row without a
        coder): its metadata, ``coder``, the coder's code for each article variable (``variables``
        maps a column to its variable), ``coded_at`` (the latest), ``note`` (one per line), and
        the adjudicated label of the variables ``adjudicated`` names."""
        params: dict = {}
        chosen = _coders_clause("c.id", coders, params)
        codes = _code_picks(variables, """SELECT label FROM article_codes WHERE article_id = a.id
                                          AND coder_id = c.id AND variable = {variable}""", "v", params)
        decided = _code_picks(adjudicated or {}, """SELECT label FROM article_adjudications WHERE article_id = a.id
                                                    AND variable = {variable}""", "a", params)
        sql = f"""
            SELECT {_ARTICLE_SQL}, c.name AS coder{codes}{decided},
                   (SELECT max(coded_at) FROM article_codes
                    WHERE article_id = a.id AND coder_id = c.id) AS coded_at,
                   (SELECT {_NOTES} FROM article_codes
                    WHERE article_id = a.id AND coder_id = c.id AND note != '') AS note
            FROM articles a
            LEFT JOIN coders c ON EXISTS (SELECT 1 FROM article_codes WHERE article_id = a.id AND coder_id = c.id)
                 {chosen}
            ORDER BY a.id, c.name
        """
        return self._stream(sql, params)

    def quote_outcomes(self) -> Iterator[dict]:
        """Per quote, ordered by article: its speaker, the coders' stance labels, the adjudicated one."""
        sql = f"""
            SELECT {_ARTICLE_SQL},
                   q.id AS quote_id, s.name AS speaker,
                   (SELECT label FROM quote_adjudications WHERE quote_id = q.id AND variable = 'stance') AS adjudicated,
                   (SELECT group_concat(label, char(31)) FROM quote_codes
                    WHERE quote_id = q.id AND variable = 'stance') AS labels
            FROM articles a LEFT JOIN quotes q ON q.article_id = a.id AND q.status = 'active'
            LEFT JOIN speakers s ON s.id = q.speaker_id
            ORDER BY a.id, q.start
        """
        for row in self._stream(sql, {}):
            row["labels"] = row["labels"].split("\x1f") if row["labels"] else []
            yield row

    def label_uses(self, variable: str, unit: str, coders: Sequence[str] | None = None) -> dict[str, int]:
        """How often each label of a variable was used: by ``coders`` (all when None) for a quote
        or article variable; per speaker for a speaker variable."""
        if unit == "speaker":
            sql, params = "SELECT label, count(*) FROM speaker_codes WHERE variable = :variable GROUP BY label", {}
        else:
            params = {}
            sql = f"""SELECT label, count(*) FROM {coded_unit(unit).table} l WHERE variable = :variable
                      {_coders_clause('l.coder_id', coders, params)} GROUP BY label"""
        return dict(self.db.conn.execute(sql, {**params, "variable": variable}))

    def labels_in_use(self, variable: str, unit: str) -> set[str]:
        """The labels of a variable that any code or adjudication holds."""
        if unit == "speaker":
            return set(self.label_uses(variable, unit))
        where = coded_unit(unit)
        return {r[0] for r in self.db.conn.execute(
            f"""SELECT label FROM {where.table} WHERE variable = ?
                UNION SELECT label FROM {where.adjudications} WHERE variable = ?""", (variable, variable))}

    def has_item(self, unit: str, item_id: int) -> bool:
        """True when quote (or article) ``item_id`` exists: files read back name them by id."""
        if not 0 < item_id < 2**63:  # no such row, and SQLite could not even compare it
            return False
        table = {"quote": "quotes", "article": "articles"}[unit]
        return self.db.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (item_id,)).fetchone() is not None
