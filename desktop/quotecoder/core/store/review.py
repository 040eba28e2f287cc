"""Speaker review (issue 12 §3): machine attributions below the review threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.store.articles import ArticleRow

if TYPE_CHECKING:
    from quotecoder.core.store import Store


class Review:
    """Which machine speakers are to review, and the coders' decisions on them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    #: SQL true when a coder has decided the speaker of quote ``q``.
    _SPEAKER_DECIDED = """coalesce((SELECT CASE k.action WHEN 'review' THEN json_extract(k.after, '$.reviewed')
                                          ELSE 1 END FROM corrections k
                                   WHERE k.item = 'quote' AND k.item_id = q.id AND k.action IN ('speaker', 'review')
                                   ORDER BY k.id DESC LIMIT 1), 0)"""

    def _to_review_sql(self) -> str:
        """SQL true for a quote ``q`` that is to review (one ``?``: the threshold)."""
        return (f"(q.status = 'active' AND q.origin = 'model' AND q.speaker_confidence < ? "
                f"AND NOT {self._SPEAKER_DECIDED})")

    def _review_counts(self, article_ids: Sequence[int]) -> dict[int, int]:
        """Quotes to review per article (one query for a page of the article list)."""
        if not article_ids:
            return {}
        rows = self.db.conn.execute(
            f"""SELECT q.article_id, count(*) FROM quotes q
                WHERE q.article_id IN ({",".join("?" * len(article_ids))}) AND {self._to_review_sql()}
                GROUP BY q.article_id""",
            [*article_ids, REVIEW_THRESHOLD],
        )
        return dict(rows.fetchall())

    def _with_review(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        counts = self._review_counts([r.id for r in rows])
        return [replace(r, to_review=counts.get(r.id, 0)) for r in rows]

    def has_speaker_confidence(self) -> bool:
        """True when the pre-tagger said how sure it was of some speaker (older studies: never)."""
        return bool(self.db.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM quotes WHERE speaker_confidence IS NOT NULL)").fetchone()[0])

    def reviewed_quotes(self, article_id: int) -> set[int]:
        """The article's quotes whose speaker a coder has decided (changed or confirmed)."""
        rows = self.db.conn.execute(f"SELECT q.id FROM quotes q WHERE q.article_id = ? AND {self._SPEAKER_DECIDED}",
                                 (article_id,))
        return {r[0] for r in rows}

    def speakers_decided(self, quote_ids: Sequence[int]) -> set[int]:
        """Those of ``quote_ids`` whose speaker a coder has decided."""
        if not quote_ids:
            return set()
        rows = self.db.conn.execute(f"SELECT q.id FROM quotes q WHERE q.id IN ({','.join('?' * len(quote_ids))}) "
                                 f"AND {self._SPEAKER_DECIDED}", list(quote_ids))
        return {r[0] for r in rows}

    def mark_reviewed(self, quote_ids: Sequence[int], coder: str, reviewed: bool = True) -> list[int]:
        """Record that ``coder`` decided (or, for undo, had not decided) these quotes' speakers;
        returns the quotes whose state changed."""
        coder_id = self.store.coding.coder(coder).id
        changed = []
        with self.db.transaction():
            for quote_id in dict.fromkeys(quote_ids):
                row = self.db.conn.execute(f"SELECT {self._SPEAKER_DECIDED} FROM quotes q WHERE q.id = ?",
                                        (quote_id,)).fetchone()
                if row is None:
                    raise KeyError(quote_id)
                if bool(row[0]) != reviewed:
                    self.store.coding._log(coder_id, "quote", quote_id, "review", {"reviewed": not reviewed}, {"reviewed": reviewed})
                    changed.append(quote_id)
        return changed

    def next_to_review(self, article_id: int | None = None, after_quote: int | None = None) -> tuple[int, int] | None:
        """(article id, quote id) of the next quote to review after ``after_quote`` in ``article_id``
        (reading order), else in a later article (wrapping to the first); None when there is none."""
        base = f"SELECT q.article_id, q.id FROM quotes q WHERE {self._to_review_sql()}"
        order = " ORDER BY q.article_id, q.start, q.end, q.id LIMIT 1"
        if article_id is not None:
            current = None
            if after_quote is not None:
                current = self.db.conn.execute("SELECT start, end, id FROM quotes WHERE id = ? AND article_id = ?",
                                            (after_quote, article_id)).fetchone()
            row = self.db.conn.execute(base + " AND q.article_id = ? AND (q.start, q.end, q.id) > (?, ?, ?)" + order,
                                    (REVIEW_THRESHOLD, article_id, *(current or (-1, -1, -1)))).fetchone()
            row = row or self.db.conn.execute(base + " AND q.article_id > ?" + order,
                                           (REVIEW_THRESHOLD, article_id)).fetchone()
            if row:
                return row[0], row[1]
        row = self.db.conn.execute(base + order, (REVIEW_THRESHOLD,)).fetchone()
        return (row[0], row[1]) if row else None
