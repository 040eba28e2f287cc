"""The articles and what the pre-tagger found in them (entities, quotes); the article list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.clock import now
from quotecoder.core.model import Annotation, Article, Entity, Quote
from quotecoder.core.titles import display_title
from quotecoder.core.store.rows import check_span, quote_from_row

if TYPE_CHECKING:
    from quotecoder.core.store import Store


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a list shows: full-text ``search``, ``outlet``, ``status`` (new|in progress|done),
    and with ``sample`` only the articles of the reliability sample; ``sort`` "review" lists the
    articles with the most quotes to review first (else id order)."""

    search: str = ""
    outlet: str | None = None
    status: str | None = None
    sample: bool = False
    sort: str = ""


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list, with ``coder``'s progress on its quotes."""

    id: int
    title: str
    outlet: str
    published: str
    quotes: int
    coded: int
    dup_group: int | None = None  # near-duplicate group, if the article has copies
    copies: int = 0  # articles in that group, this one included
    sample: bool = False  # in the reliability sample
    to_review: int = 0  # machine speakers below the review threshold, not yet decided (issue 12)

    @property
    def status(self) -> str:
        if self.quotes and self.coded >= self.quotes:
            return "done"
        return "in progress" if self.coded else "new"


#: The article list's columns: id, title, outlet, date, source; near-duplicate group, its size,
#: membership of the reliability sample. :func:`_article_row` reads them.
_ROW_COLUMNS = (
    "a.id, a.title, a.outlet, a.published, a.source, "
    "a.dup_group, (SELECT count(*) FROM articles b WHERE b.dup_group = a.dup_group), "
    "a.id IN (SELECT article_id FROM reliability_sample), "
    "CASE WHEN coalesce(trim(a.title), '') = '' THEN substr(a.text, 1, 600) END"  # untitled: its start
)


def _article_row(r: Sequence, counts: tuple[int, int]) -> ArticleRow:
    """An :class:`ArticleRow` from a row of :data:`_ROW_COLUMNS` and its (quotes, coded) counts."""
    return ArticleRow(
        id=r[0],
        title=display_title(r[1], r[8], r[4], r[0]),
        outlet=r[2] or "",
        published=r[3] or "",
        quotes=counts[0],
        coded=counts[1],
        dup_group=r[5],
        copies=r[6] if r[5] is not None else 0,
        sample=bool(r[7]),
    )


def _fts_query(search: str) -> str:
    """A user's search words as a safe FTS5 query: every word must occur (prefix match)."""
    words = [w.replace('"', '""') for w in search.split()]
    return " ".join(f'"{w}"*' for w in words)


class Articles:
    """Articles, their entities and quotes, and the article list's queries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def has_article(self, content_hash: str) -> bool:
        row = self.db.conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,))
        return row.fetchone() is not None

    def add_article(
        self, article: Article, annotation: Annotation | None = None,
        joins: Sequence[int] = (), merges: Sequence[int] = (),
    ) -> int | None:
        """Store an article with its entities, quotes and speakers in one transaction.

        For a near-duplicate (``article.dup_group`` set), ``joins`` are stored articles
        that join its group and ``merges`` groups that merge into it. Returns the new
        id, or None when an article with the same content hash exists.
        """
        annotation = annotation or Annotation()
        with self.db.transaction() as conn:
            if self.has_article(article.content_hash):
                return None
            cursor = conn.execute(
                """INSERT INTO articles (source, outlet, title, byline, published, url, text,
                                         content_hash, imported_at, dup_group, minhash,
                                         section, length, language, doc_id, model)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    article.source,
                    article.outlet,
                    article.title,
                    article.byline,
                    article.published,
                    article.url,
                    article.text,
                    article.content_hash,
                    article.imported_at or now(),
                    article.dup_group,
                    article.minhash,
                    article.section,
                    article.length,
                    article.language,
                    article.doc_id,
                    article.model,
                ),
            )
            article_id = cursor.lastrowid
            if article.dup_group is not None and (joins or merges):
                conn.execute(
                    f"""UPDATE articles SET dup_group = ?
                        WHERE id IN ({",".join("?" * len(joins))}) OR dup_group IN ({",".join("?" * len(merges))})""",
                    [article.dup_group, *joins, *merges],
                )
            for entity in annotation.entities:
                self._insert_entity(article_id, article.text, entity)
            for quote in annotation.quotes:
                self._insert_quote(article_id, article.text, quote)
            return article_id

    def article(self, article_id: int) -> Article:
        row = self.db._row("SELECT * FROM articles WHERE id = ?", article_id)
        if row is None:
            raise KeyError(article_id)
        return Article(
            id=row["id"],
            source=row["source"],
            outlet=row["outlet"],
            title=row["title"],
            byline=row["byline"],
            published=row["published"],
            url=row["url"],
            text=row["text"],
            content_hash=row["content_hash"],
            imported_at=row["imported_at"],
            dup_group=row["dup_group"],
            section=row["section"],
            length=row["length"],
            language=row["language"],
            doc_id=row["doc_id"],
            model=row["model"],
        )

    def article_count(self, where: ArticleFilter = ArticleFilter(), coder: str | None = None) -> int:
        sql, params = self._article_query(where, coder, "count(*)")
        return self.db.conn.execute(sql, params).fetchone()[0]

    def article_rows(
        self,
        where: ArticleFilter = ArticleFilter(),
        coder: str | None = None,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ArticleRow]:
        """One page of the article list, in id order (or as ``where.sort`` asks)."""
        sql, params = self._article_query(where, coder, _ROW_COLUMNS)
        order, order_params = self._list_order(where)
        rows = self.db.conn.execute(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?",
                                 [*params, *order_params, limit, offset]).fetchall()
        counts = self._quote_counts([r[0] for r in rows], coder)
        return self.store.review._with_review([_article_row(r, counts.get(r[0], (0, 0))) for r in rows])

    def article_ids(self, where: ArticleFilter = ArticleFilter(), coder: str | None = None) -> list[int]:
        """The ids of the matching articles, in list order."""
        sql, params = self._article_query(where, coder, "a.id")
        order, order_params = self._list_order(where)
        return [r[0] for r in self.db.conn.execute(f"{sql} ORDER BY {order}", [*params, *order_params])]

    def _article_query(self, where: ArticleFilter, coder: str | None, columns: str) -> tuple[str, list]:
        clauses, params = [], []
        if where.search.strip():
            clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(_fts_query(where.search))
        if where.outlet:
            clauses.append("a.outlet = ?")
            params.append(where.outlet)
        if where.sample:
            clauses.append("a.id IN (SELECT article_id FROM reliability_sample)")
        if where.status:
            total = "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND q.status = 'active')"
            done, keys = self.store.codes.done_sql("q", "(SELECT id FROM coders WHERE name = ?)")
            coded = f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND q.status = 'active' AND {done})"
            started = (
                "EXISTS (SELECT 1 FROM quotes q JOIN quote_codes l ON l.quote_id = q.id "
                "WHERE q.article_id = a.id AND q.status = 'active' "
                "AND l.coder_id = (SELECT id FROM coders WHERE name = ?))"
            )
            condition, uses = {
                "new": (f"NOT {started}", [started]),
                "in progress": (f"{started} AND {coded} < {total}", [started, coded]),
                "done": (f"{total} > 0 AND {coded} >= {total}", [coded]),
            }[where.status]
            clauses.append(condition)
            for part in uses:
                params.extend([coder or "", *keys] if part is coded else [coder or ""])
        sql = f"SELECT {columns} FROM articles a"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return sql, params

    def _quote_counts(self, article_ids: Sequence[int], coder: str | None) -> dict[int, tuple[int, int]]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        done, keys = self.store.codes.done_sql("q", "(SELECT id FROM coders WHERE name = ?)")
        rows = self.db.conn.execute(
            f"""SELECT q.article_id, count(*), count(*) FILTER (WHERE {done})
                FROM quotes q
                WHERE q.status = 'active' AND q.article_id IN ({marks})
                GROUP BY q.article_id""",
            [coder or "", *keys, *article_ids],
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def outlets(self) -> list[str]:
        rows = self.db.conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != '' ORDER BY outlet"
        )
        return [r[0] for r in rows]

    def _insert_entity(self, article_id: int, text: str, entity: Entity) -> int:
        check_span(text, entity.start, entity.end, entity.text, "entity")
        cursor = self.db.conn.execute(
            "INSERT INTO entities (article_id, start, end, label, text, origin) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, entity.start, entity.end, entity.label, entity.text, entity.origin),
        )
        return cursor.lastrowid

    def _insert_quote(self, article_id: int, text: str, quote: Quote) -> int:
        check_span(text, quote.start, quote.end, quote.text, "quote")
        for span in (quote.cue, quote.mention):
            if span is not None:
                check_span(text, span.start, span.end, span.text, "quote cue or mention")
        speaker_id = quote.speaker_id
        if speaker_id is None and quote.speaker is not None:
            speaker_id = self.store.registry._speaker_for(quote.speaker)
        stamp = now()
        cue, mention = quote.cue, quote.mention
        cursor = self.db.conn.execute(
            """INSERT INTO quotes (article_id, start, end, text, kind, cue_start, cue_end, cue_text,
                                   mention_start, mention_end, mention_text, speaker_id, origin,
                                   confidence, speaker_confidence, speaker_candidates,
                                   created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article_id,
                quote.start,
                quote.end,
                quote.text,
                quote.kind,
                cue.start if cue else None,
                cue.end if cue else None,
                cue.text if cue else None,
                mention.start if mention else None,
                mention.end if mention else None,
                mention.text if mention else None,
                speaker_id,
                quote.origin,
                quote.confidence,
                quote.speaker_confidence,
                json.dumps([c.to_dict() for c in quote.speaker_candidates]),
                stamp,
                stamp,
            ),
        )
        return cursor.lastrowid

    def entities(self, article_id: int) -> list[Entity]:
        rows = self.db.query(
            "SELECT * FROM entities WHERE article_id = ? ORDER BY start, end", [article_id]
        )
        return [
            Entity(
                id=r["id"],
                article_id=r["article_id"],
                start=r["start"],
                end=r["end"],
                label=r["label"],
                text=r["text"],
                origin=r["origin"],
            )
            for r in rows
        ]

    def quotes(self, article_id: int, include_rejected: bool = False) -> list[Quote]:
        """The article's quotes in reading order, with their speakers."""
        status = "" if include_rejected else "AND q.status = 'active'"
        rows = self.db.query(
            f"""SELECT q.*, s.name AS speaker_name, s.type AS speaker_type
                FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
                WHERE q.article_id = ? {status} ORDER BY q.start, q.end, q.id""",
            [article_id],
        )
        return [quote_from_row(r) for r in rows]

    def quote_count(self) -> int:
        """Active quotes in the whole corpus."""
        return self.db.conn.execute("SELECT count(*) FROM quotes WHERE status = 'active'").fetchone()[0]

    def add_articles(self, items: Sequence[tuple[Article, Annotation | None]]) -> list[int | None]:
        """Store many articles (with their annotations) in ONE transaction: bulk loads and benchmarks."""
        with self.db.transaction():
            return [self.add_article(article, annotation) for article, annotation in items]

    def quote(self, quote_id: int) -> Quote:
        """One quote (active or rejected) with its speaker."""
        row = self.db._row(
            """SELECT q.*, s.name AS speaker_name, s.type AS speaker_type
               FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.id = ?""",
            quote_id,
        )
        if row is None:
            raise KeyError(quote_id)
        return quote_from_row(row)

    def article_row(self, article_id: int, coder: str | None = None) -> ArticleRow:
        """The article list's line for one article."""
        row = self.db.conn.execute(f"SELECT {_ROW_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return self.store.review._with_review([_article_row(row, self._quote_counts([article_id], coder).get(article_id, (0, 0)))])[0]

    def article_position(self, article_id: int, where: ArticleFilter = ArticleFilter(),
                         coder: str | None = None) -> int | None:
        """The row of ``article_id`` in the (id-ordered) filtered list, or None if it is not in it."""
        if where.sort:
            return self._sorted_position(article_id, where, coder)
        sql, params = self._article_query(where, coder, "a.id AS id")
        listed, before = self.db.conn.execute(
            f"WITH listed AS ({sql}) SELECT count(*) FILTER (WHERE id = ?), count(*) FILTER (WHERE id < ?) FROM listed",
            [*params, article_id, article_id],
        ).fetchone()
        return before if listed else None

    def next_uncoded(self, coder: str, article_id: int | None = None,
                     after_quote: int | None = None) -> tuple[int, int] | None:
        """(article id, quote id) of ``coder``'s next uncoded active quote after quote ``after_quote``
        (in reading order: start, end, id) in ``article_id``, else in a later article (wrapping to
        the first); None when all are coded."""
        done, keys = self.store.codes.done_sql("q", "(SELECT id FROM coders WHERE name = ?)")
        base = f"SELECT q.article_id, q.id FROM quotes q WHERE q.status = 'active' AND NOT {done}"
        first = (coder, *keys)
        if article_id is not None:
            current = None
            if after_quote is not None:
                current = self.db.conn.execute(
                    "SELECT start, end, id FROM quotes WHERE id = ? AND article_id = ?", (after_quote, article_id)
                ).fetchone()
            row = self.db.conn.execute(
                base + " AND q.article_id = ? AND (q.start, q.end, q.id) > (?, ?, ?)"
                       " ORDER BY q.start, q.end, q.id LIMIT 1",
                (*first, article_id, *(current or (-1, -1, -1))),
            ).fetchone()
            if row:
                return row[0], row[1]
            row = self.db.conn.execute(
                base + " AND q.article_id > ? ORDER BY q.article_id, q.start, q.end, q.id LIMIT 1",
                (*first, article_id),
            ).fetchone()
            if row:
                return row[0], row[1]
        row = self.db.conn.execute(base + " ORDER BY q.article_id, q.start, q.end, q.id LIMIT 1", first).fetchone()
        return (row[0], row[1]) if row else None

    def article_stamp(self) -> int:
        """The largest article id, 0 for none: instant, and it grows whenever articles are added."""
        return self.db.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]

    def _article_text(self, article_id: int) -> str:
        row = self.db.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return row[0]

    def _list_order(self, where: ArticleFilter) -> tuple[str, list]:
        """The article list's ORDER BY (and its parameters): id order, or most to review first."""
        if where.sort == "review":
            return (f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND {self.store.review._to_review_sql()}) DESC, a.id",
                    [REVIEW_THRESHOLD])
        return "a.id", []

    def article_rows_for(self, article_ids: Sequence[int], coder: str | None = None) -> list[ArticleRow]:
        """The article list's lines for these articles, in the order given (a page of a list whose
        order was read once with :meth:`article_ids`: sorting by review reads every quote)."""
        if not article_ids:
            return []
        rows = self.db.conn.execute(f"SELECT {_ROW_COLUMNS} FROM articles a WHERE a.id IN "
                                 f"({','.join('?' * len(article_ids))})", list(article_ids)).fetchall()
        counts = self._quote_counts([r[0] for r in rows], coder)
        found = {r[0]: _article_row(r, counts.get(r[0], (0, 0))) for r in rows}
        return self.store.review._with_review([found[i] for i in article_ids if i in found])

    def _sorted_position(self, article_id: int, where: ArticleFilter, coder: str | None) -> int | None:
        sql, params = self._article_query(where, coder, "a.id AS id")
        order, order_params = self._list_order(where)
        sql = sql.replace("SELECT a.id AS id", f"SELECT a.id AS id, row_number() OVER (ORDER BY {order}) - 1 AS pos", 1)
        row = self.db.conn.execute(f"SELECT pos FROM ({sql}) WHERE id = ?", [*order_params, *params, article_id]).fetchone()
        return row[0] if row else None
