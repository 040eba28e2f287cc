"""The store's coding-study queries: near-duplicate groups, the reliability sample,
each coder's speaker attribution, agreement units and adjudication.

A part of :class:`quotecoder.core.store.Store`; it keeps the study's SQL beside
the rest of the store's, in a module of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quotecoder.core.clock import now
from quotecoder.core.model import STANCE
from quotecoder.core.store.codes import coded_unit
from quotecoder.core.sampling import draw_sample

if TYPE_CHECKING:
    from quotecoder.core.duplicates import DuplicateIndex
    from quotecoder.core.store import Store


@dataclass
class Disagreement:
    """A quote (or, for an article variable, an article) that several coders labelled
    differently, with any adjudicated label. For an article, ``quote_id`` is None and
    ``text`` is its title."""

    quote_id: int | None
    article_id: int
    article_title: str
    text: str
    speaker: str
    labels: dict[str, str] = field(default_factory=dict)
    adjudicated: str | None = None
    variable: str = STANCE

    @property
    def item_id(self) -> int:
        """The id adjudication takes: the quote's, or the article's."""
        return self.article_id if self.quote_id is None else self.quote_id


def _in(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


class Study:
    """Queries for coding studies."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def duplicate_index(self) -> DuplicateIndex:
        """An index of every stored article's MinHash signature and group."""
        from quotecoder.core.duplicates import DuplicateIndex  # numpy: loaded only when needed

        def text_of(article_id: int) -> str:
            return self.db.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]

        index = DuplicateIndex(text_of)
        for article_id, sig, group in self.db.conn.execute(
            "SELECT id, minhash, dup_group FROM articles WHERE minhash IS NOT NULL ORDER BY id"
        ):
            index.load(article_id, sig, group)
        return index

    def duplicate_group(self, article_id: int) -> list[int]:
        """The ids of the articles in ``article_id``'s near-duplicate group (empty if none)."""
        rows = self.db.conn.execute(
            """SELECT b.id FROM articles a JOIN articles b ON b.dup_group = a.dup_group
               WHERE a.id = ? AND a.dup_group IS NOT NULL ORDER BY b.id""",
            (article_id,),
        )
        return [r[0] for r in rows]

    def linked_quotes(self, quote_id: int) -> list[int]:
        """Quotes with the same words in the other articles of the quote's near-duplicate group."""
        row = self.db.conn.execute(
            """SELECT q.text, a.dup_group, a.id FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE q.id = ?""",
            (quote_id,),
        ).fetchone()
        if row is None or row[1] is None:
            return []
        key = _quote_key(row[0])
        rows = self.db.conn.execute(
            """SELECT q.id, q.text FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE a.dup_group = ? AND a.id != ? AND q.status = 'active' ORDER BY q.id""",
            (row[1], row[2]),
        )
        return [qid for qid, text in rows if _quote_key(text) == key]

    def suggested_label(self, quote_id: int, coder: str, variable: str = STANCE) -> str | None:
        """The label ``coder`` gave a linked copy of this quote for ``variable``, offered as a suggestion."""
        linked = self.linked_quotes(quote_id)
        if not linked:
            return None
        row = self.db.conn.execute(
            f"""SELECT l.label FROM quote_codes l JOIN coders c ON c.id = l.coder_id
                WHERE c.name = ? AND l.variable = ? AND l.quote_id IN ({_in(linked)})
                ORDER BY l.coded_at DESC LIMIT 1""",
            [coder, variable, *linked],
        ).fetchone()
        return row[0] if row else None

    def draw_reliability_sample(
        self, size: int | None = None, fraction: float | None = None, seed: int = 0
    ) -> list[int]:
        """Draw a stratified sample for double coding (replacing any earlier one)."""
        articles = [tuple(r) for r in self.db.conn.execute("SELECT id, outlet FROM articles ORDER BY id")]
        chosen = draw_sample(articles, size=size, fraction=fraction, seed=seed)
        stamp = now()
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM reliability_sample")
            conn.executemany(
                "INSERT INTO reliability_sample (article_id, seed, drawn_at) VALUES (?, ?, ?)",
                [(article_id, seed, stamp) for article_id in chosen],
            )
        return chosen

    def reliability_sample(self) -> list[int]:
        return [r[0] for r in self.db.conn.execute("SELECT article_id FROM reliability_sample ORDER BY article_id")]

    def stance_units(self, coders: Sequence[str] | None = None) -> dict[int, dict[str, str]]:
        """``quote_id -> {coder: stance}`` for active quotes."""
        return self.store.codes.units(STANCE, coders)

    def speaker_units(self, coders: Sequence[str] | None = None) -> dict[int, dict[str, str]]:
        """``quote_id -> {coder: canonical speaker}`` for the quotes each coder labelled."""
        names = dict(self.db.conn.execute("SELECT id, name FROM speakers"))
        speakers = self.coder_speakers()
        units: dict[int, dict[str, str]] = {}
        for quote_id, coder, _ in self._coded_by(coders):
            speaker_id = speakers.get((quote_id, coder), speakers.get((quote_id, None)))
            units.setdefault(quote_id, {})[coder] = names.get(speaker_id, "(unknown)")
        return units

    def coder_speakers(self) -> dict[tuple[int, str | None], int | None]:
        """Speaker ids by (quote, coder): the speaker each coder last set, from the corrections log.

        The key (quote, None) holds the machine's proposal (or the creator's speaker,
        for a quote a coder added), which a coder who changed nothing accepted.
        """
        result: dict[tuple[int, str | None], int | None] = {}
        for quote_id, speaker_id, proposal in self.db.conn.execute("SELECT id, speaker_id, proposal FROM quotes"):
            if proposal:
                speaker_id = json.loads(proposal).get("speaker_id", speaker_id)
            result[(quote_id, None)] = speaker_id
        for quote_id, coder, after in self.db.conn.execute(
            """SELECT k.item_id, c.name, k.after FROM corrections k JOIN coders c ON c.id = k.coder_id
               WHERE k.item = 'quote' AND k.action = 'speaker' ORDER BY k.id"""
        ):
            result[(quote_id, coder)] = json.loads(after or "{}").get("speaker_id")
        return result

    def boundary_agreement(self, coders: Sequence[str]) -> dict[tuple[str, str], float]:
        """For each ordered pair (a, b): the share of a's quotes that b also coded."""
        coded: dict[str, set[int]] = {c: set() for c in coders}
        for quote_id, coder, _ in self._coded_by(coders):
            coded[coder].add(quote_id)
        return {
            (a, b): len(coded[a] & coded[b]) / len(coded[a])
            for a in coders
            for b in coders
            if a != b and coded[a]
        }

    def _coded_by(self, coders: Sequence[str] | None) -> Iterator[tuple[int, str, str]]:
        """(quote id, coder, '') for each active quote and coder who coded any of its variables."""
        sql = """SELECT DISTINCT l.quote_id, c.name, '' FROM quote_codes l
                 JOIN coders c ON c.id = l.coder_id JOIN quotes q ON q.id = l.quote_id
                 WHERE q.status = 'active'"""
        params: list = []
        if coders:
            sql += f" AND c.name IN ({_in(coders)})"
            params = list(coders)
        return iter(self.db.conn.execute(sql + " ORDER BY l.quote_id", params).fetchall())

    def disagreements(self, coders: Sequence[str] | None = None, include_decided: bool = True,
                      variable: str = STANCE, unit: str = "quote") -> list[Disagreement]:
        """Quotes (or articles) whose coders disagree on ``variable``, in corpus order."""
        units = {i: v for i, v in self.store.codes.units(variable, coders, unit).items() if len(set(v.values())) > 1}
        if not units:
            return []
        where = coded_unit(unit)
        decided = dict(self.db.conn.execute(
            f"SELECT {where.id_column}, label FROM {where.adjudications} WHERE variable = ?", (variable,)))
        ids = list(units)
        if unit == "quote":
            rows = self.db.conn.execute(
                f"""SELECT q.id, q.article_id, coalesce(a.title, a.source), q.text, coalesce(s.name, '')
                    FROM quotes q JOIN articles a ON a.id = q.article_id
                    LEFT JOIN speakers s ON s.id = q.speaker_id
                    WHERE q.id IN ({_in(ids)}) ORDER BY q.article_id, q.start""",
                ids,
            )
            result = [Disagreement(qid, aid, title, text, speaker, units[qid], decided.get(qid), variable)
                      for qid, aid, title, text, speaker in rows]
        else:
            rows = self.db.conn.execute(
                f"SELECT id, coalesce(title, source) FROM articles WHERE id IN ({_in(ids)}) ORDER BY id", ids)
            result = [Disagreement(None, aid, title, title, "", units[aid], decided.get(aid), variable)
                      for aid, title in rows]
        return result if include_decided else [d for d in result if d.adjudicated is None]

    def adjudicate(self, item_id: int, label: str, adjudicator: str, note: str = "",
                   variable: str = STANCE, unit: str = "quote") -> None:
        """Set the final, adjudicated label of a quote (or article) for ``variable``, recording who
        decided and when."""
        where = coded_unit(unit)
        coder_id = self.store.coding.coder(adjudicator).id
        with self.db.transaction() as conn:
            conn.execute(
                f"""INSERT INTO {where.adjudications} ({where.id_column}, variable, label, coder_id, note, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT ({where.id_column}, variable) DO UPDATE SET label = excluded.label,
                        coder_id = excluded.coder_id, note = excluded.note, decided_at = excluded.decided_at""",
                (item_id, variable, label, coder_id, note, now()),
            )

    def clear_adjudication(self, item_id: int, variable: str = STANCE, unit: str = "quote") -> None:
        where = coded_unit(unit)
        with self.db.transaction() as conn:
            conn.execute(f"DELETE FROM {where.adjudications} WHERE {where.id_column} = ? AND variable = ?",
                         (item_id, variable))

    def adjudication(self, item_id: int, variable: str = STANCE,
                     unit: str = "quote") -> tuple[str, str, str] | None:
        """(label, adjudicator, decided_at) of a quote (or article) for ``variable``, or None."""
        where = coded_unit(unit)
        row = self.db.conn.execute(
            f"""SELECT a.label, c.name, a.decided_at FROM {where.adjudications} a JOIN coders c ON c.id = a.coder_id
                WHERE a.{where.id_column} = ? AND a.variable = ?""",
            (item_id, variable),
        ).fetchone()
        return tuple(row) if row else None

def _quote_key(text: str) -> str:
    """A quote's words, for matching copies: case, quote marks and spacing ignored."""
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())
