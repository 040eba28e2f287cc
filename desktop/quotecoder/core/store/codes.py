"""The coders' codes for the codebook's variables: per quote, per article, per speaker.

A quote or article variable is coded by each coder (``quote_codes``, ``article_codes``);
a speaker variable is coded once per registry speaker (``speaker_codes``) and carried
into every row of that speaker. A quote counts as done for a coder when every quote
variable of the codebook has that coder's code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quotecoder.core.clock import now
from quotecoder.core.model import STANCE, QuoteCode
from quotecoder.core.store.coding import codebook_from_row
from quotecoder.core.store.snapshot import Scope

if TYPE_CHECKING:
    from quotecoder.core.store import Store


@dataclass(frozen=True)
class CodedUnit:
    """Where a unit's codes live: its table, its id column and its adjudications."""

    table: str
    id_column: str
    adjudications: str


#: The units coded by each coder, and their tables.
CODED_UNITS: dict[str, CodedUnit] = {
    "quote": CodedUnit("quote_codes", "quote_id", "quote_adjudications"),
    "article": CodedUnit("article_codes", "article_id", "article_adjudications"),
}


def coded_unit(unit: str) -> CodedUnit:
    try:
        return CODED_UNITS[unit]
    except KeyError:
        raise ValueError(f"{unit!r} variables are not coded per coder (quote or article only)") from None


class Codes:
    """Quote, article and speaker codes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        self._quote_keys: tuple[tuple | None, tuple[str, ...]] = (None, (STANCE,))  # (codebook row, its keys)

    # -- quote variables ---------------------------------------------------------------

    def set_label(self, quote_id: int, coder: str, label: str, note: str | None = None,
                  variable: str = STANCE) -> QuoteCode:
        """Record ``coder``'s code for a quote variable (replacing their earlier one).

        ``note=None`` keeps the note the code has (none for a new code).
        """
        note, stamp = self._set("quote", quote_id, coder, variable, label, note)
        return QuoteCode(quote_id=quote_id, coder=coder, label=label, note=note, coded_at=stamp, variable=variable)

    def clear_label(self, quote_id: int, coder: str, variable: str = STANCE) -> None:
        """Remove ``coder``'s code for a quote variable."""
        self._clear("quote", quote_id, coder, variable)

    def label(self, quote_id: int, coder: str, variable: str = STANCE) -> str | None:
        """``coder``'s code for a quote variable, or None."""
        return self._get("quote", quote_id, coder, variable)

    def labels(self, article_id: int, coder: str | None = None,
               variable: str | None = STANCE) -> list[QuoteCode]:
        """Codes on an article's quotes, by one coder or all, for one variable or (``None``) all."""
        sql = """SELECT l.quote_id, c.name AS coder, l.label, l.note, l.coded_at, l.variable
                 FROM quote_codes l JOIN coders c ON c.id = l.coder_id
                 JOIN quotes q ON q.id = l.quote_id WHERE q.article_id = ?"""
        params: list = [article_id]
        if coder is not None:
            sql += " AND c.name = ?"
            params.append(coder)
        if variable is not None:
            sql += " AND l.variable = ?"
            params.append(variable)
        return [QuoteCode(**r) for r in self.db.query(sql + " ORDER BY q.start, q.id, l.variable", params)]

    def quote_variables(self) -> tuple[str, ...]:
        """The keys of the codebook's quote variables (``stance`` before any codebook is saved).

        Asked on every code and article-list query, so the keys are kept with the codebook row
        they come from and parsed again only when that row changes (a new version saved here
        or by another process)."""
        row = self.store.coding.latest_codebook_row()
        stored = None if row is None else tuple(row)
        if stored != self._quote_keys[0]:
            codebook = codebook_from_row(row)
            keys = tuple(v.key for v in codebook.by_unit("quote")) if codebook else ()
            self._quote_keys = (stored, keys or (STANCE,))
        return self._quote_keys[1]

    def done_sql(self, quote: str = "q", coder_id: str = "?") -> tuple[str, list[str]]:
        """An SQL condition, true when ``coder_id`` (an SQL expression) has coded every quote
        variable of quote ``quote`` (a table alias), and its parameters."""
        keys = self.quote_variables()
        marks = ",".join("?" * len(keys))
        return (f"(SELECT count(*) FROM quote_codes d WHERE d.quote_id = {quote}.id AND d.coder_id = {coder_id}"
                f" AND d.variable IN ({marks})) >= {len(keys)}", list(keys))

    def progress(self, coder: str) -> tuple[int, int]:
        """(active quotes ``coder`` has coded for every quote variable, active quotes in the corpus)."""
        row = self.db.conn.execute("SELECT id FROM coders WHERE name = ?", (coder,)).fetchone()
        total = self.store.articles.quote_count()
        if row is None:
            return 0, total
        keys = self.quote_variables()
        done = self.db.conn.execute(
            f"""SELECT count(*) FROM (SELECT l.quote_id FROM quote_codes l JOIN quotes q ON q.id = l.quote_id
                   WHERE q.status = 'active' AND l.coder_id = ? AND l.variable IN ({','.join('?' * len(keys))})
                   GROUP BY l.quote_id HAVING count(*) >= ?)""",
            (row[0], *keys, len(keys)),
        ).fetchone()[0]
        return done, total

    # -- article variables -------------------------------------------------------------

    def set_article_code(self, article_id: int, coder: str, variable: str, label: str,
                         note: str | None = None) -> None:
        """Record ``coder``'s code for an article variable."""
        self._set("article", article_id, coder, variable, label, note)

    def clear_article_code(self, article_id: int, coder: str, variable: str) -> None:
        self._clear("article", article_id, coder, variable)

    def article_code(self, article_id: int, coder: str, variable: str) -> str | None:
        return self._get("article", article_id, coder, variable)

    def article_codes(self, article_id: int, coder: str) -> dict[str, str]:
        """``coder``'s codes for an article: variable → label."""
        return dict(self.db.conn.execute(
            """SELECT l.variable, l.label FROM article_codes l JOIN coders c ON c.id = l.coder_id
               WHERE l.article_id = ? AND c.name = ?""",
            (article_id, coder),
        ))

    # -- speaker variables -------------------------------------------------------------

    def set_speaker_code(self, speaker_id: int, variable: str, label: str, coder: str | None = None) -> None:
        """Code a registry speaker once for a speaker variable (``coder`` is who did it)."""
        coder_id = self.store.coding.coder(coder).id if coder else None
        with self.db.transaction() as conn:
            conn.execute(
                """INSERT INTO speaker_codes (speaker_id, variable, label, coder_id, codebook_version, coded_at)
                   VALUES (?, ?, ?, ?, (SELECT max(version) FROM codebooks), ?)
                   ON CONFLICT (speaker_id, variable) DO UPDATE SET label = excluded.label,
                       coder_id = excluded.coder_id, codebook_version = excluded.codebook_version,
                       coded_at = excluded.coded_at""",
                (speaker_id, variable, label, coder_id, now()),
            )

    def clear_speaker_code(self, speaker_id: int, variable: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM speaker_codes WHERE speaker_id = ? AND variable = ?", (speaker_id, variable))

    def speaker_codes(self, speaker_id: int | None = None) -> dict[int, dict[str, str]]:
        """Speaker id → {variable: label}, for one speaker or every coded one."""
        sql, params = "SELECT speaker_id, variable, label FROM speaker_codes", []
        if speaker_id is not None:
            sql, params = sql + " WHERE speaker_id = ?", [speaker_id]
        result: dict[int, dict[str, str]] = {}
        for sid, variable, label in self.db.conn.execute(sql, params):
            result.setdefault(sid, {})[variable] = label
        return result

    # -- every coded unit --------------------------------------------------------------

    def units(self, variable: str = STANCE, coders: Sequence[str] | None = None,
              unit: str = "quote") -> dict[int, dict[str, str]]:
        """``item id -> {coder: label}`` for one quote or article variable (active quotes only)."""
        where = coded_unit(unit)
        sql = f"""SELECT l.{where.id_column}, c.name, l.label FROM {where.table} l
                  JOIN coders c ON c.id = l.coder_id WHERE l.variable = ?"""
        if unit == "quote":
            sql += " AND (SELECT status FROM quotes WHERE id = l.quote_id) = 'active'"
        params: list = [variable]
        if coders:
            sql += f" AND c.name IN ({','.join('?' * len(coders))})"
            params += list(coders)
        result: dict[int, dict[str, str]] = {}
        for item_id, coder, label in self.db.conn.execute(sql + f" ORDER BY l.{where.id_column}", params):
            result.setdefault(item_id, {})[coder] = label
        return result

    def label_counts(self, variable: str = STANCE, unit: str = "quote") -> dict[str, int]:
        """How often each label of a variable was used, by any coder."""
        if unit == "speaker":
            sql = "SELECT label, count(*) FROM speaker_codes WHERE variable = ? GROUP BY label"
        else:
            sql = f"SELECT label, count(*) FROM {coded_unit(unit).table} WHERE variable = ? GROUP BY label"
        return dict(self.db.conn.execute(sql, (variable,)))

    def relabel_scope(self, variable: str, old: str, unit: str = "quote") -> list[Scope]:
        """Every row :meth:`relabel` changes when it retires ``old`` (take the snapshot first, to undo it)."""
        tables = ("speaker_codes",) if unit == "speaker" else (coded_unit(unit).table, coded_unit(unit).adjudications)
        return [Scope(table, "variable = ? AND label = ?", (variable, old)) for table in tables]

    def relabel(self, variable: str, old: str, new: str, unit: str = "quote") -> int:
        """Merge label ``old`` into ``new`` in every code and adjudication of a variable; returns
        how many codes changed (a codebook edit that retires a label in use)."""
        with self.db.transaction() as conn:
            if unit == "speaker":
                return conn.execute("UPDATE speaker_codes SET label = ? WHERE variable = ? AND label = ?",
                                    (new, variable, old)).rowcount
            where = coded_unit(unit)
            changed = conn.execute(f"UPDATE {where.table} SET label = ? WHERE variable = ? AND label = ?",
                                   (new, variable, old)).rowcount
            conn.execute(f"UPDATE {where.adjudications} SET label = ? WHERE variable = ? AND label = ?",
                         (new, variable, old))
            return changed

    # -- shared by quote and article codes ---------------------------------------------

    def _set(self, unit: str, item_id: int, coder: str, variable: str, label: str,
             note: str | None) -> tuple[str, str]:
        where = coded_unit(unit)
        coder_id = self.store.coding.coder(coder).id
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute(
                f"""INSERT INTO {where.table} ({where.id_column}, coder_id, variable, label, note,
                                                codebook_version, coded_at)
                    VALUES (?, ?, ?, ?, coalesce(?, ''), (SELECT max(version) FROM codebooks), ?)
                    ON CONFLICT ({where.id_column}, coder_id, variable) DO UPDATE SET
                        label = excluded.label, note = coalesce(?, {where.table}.note),
                        codebook_version = excluded.codebook_version, coded_at = excluded.coded_at""",
                (item_id, coder_id, variable, label, note, stamp, note),
            )
            note = conn.execute(
                f"SELECT note FROM {where.table} WHERE {where.id_column} = ? AND coder_id = ? AND variable = ?",
                (item_id, coder_id, variable),
            ).fetchone()[0]
        return note, stamp

    def _clear(self, unit: str, item_id: int, coder: str, variable: str) -> None:
        where = coded_unit(unit)
        with self.db.transaction() as conn:
            conn.execute(
                f"""DELETE FROM {where.table} WHERE {where.id_column} = ? AND variable = ?
                    AND coder_id = (SELECT id FROM coders WHERE name = ?)""",
                (item_id, variable, coder),
            )

    def _get(self, unit: str, item_id: int, coder: str, variable: str) -> str | None:
        where = coded_unit(unit)
        row = self.db.conn.execute(
            f"""SELECT l.label FROM {where.table} l JOIN coders c ON c.id = l.coder_id
                WHERE l.{where.id_column} = ? AND c.name = ? AND l.variable = ?""",
            (item_id, coder, variable),
        ).fetchone()
        return row[0] if row else None
