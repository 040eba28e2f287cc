"""The annotation store: one SQLite database, through sqlite-utils.

All SQL lives here. Every public method that writes is one transaction, so a
crash leaves each user action and each imported article either wholly saved or
absent. The database runs in WAL mode with foreign keys on.

>>> store = Store("annotations.db")
>>> article_id = store.add_article(article, annotation)
>>> store.set_label(quote_id, "alice", "opposed")
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from quotecoder.core.clock import now
from quotecoder.core.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseTooNew,
    StoreError,
)
from quotecoder.core.model import (
    QUOTE_KINDS,
    SPEAKER_TYPES,
    Annotation,
    Article,
    Codebook,
    Coder,
    Entity,
    Quote,
    Span,
    Speaker,
    SpeakerCandidate,
    StanceLabel,
)
from quotecoder.core.schema import MIGRATIONS, SCHEMA_VERSION
from quotecoder.core.store_study import StudyStore
from quotecoder.core.store_transfer import TransferStore, row_span
from quotecoder.core.store_snapshot import (
    RemovalSummary,
    RowSnapshot,
    Scope,
    cascade_scope,
    placeholders,
    restore_snapshot,
    take_snapshot,
)
from quotecoder.core.attribution import REVIEW_THRESHOLD
from quotecoder.core.titles import display_title

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


class Store(StudyStore, TransferStore):
    """An open QuoteCoder database.

    ``readonly`` opens it without write access (for a second window, or a
    read-only file). Raises a :class:`StoreError` subclass with a clear message
    when the file is not usable.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._tx_depth = 0  # > 0 inside transaction(): a nested one joins the outer one
        # The file belongs to SQLite alone: never open() it (nor its -wal or -shm). On POSIX,
        # closing any descriptor of the file drops the locks this process's connections hold,
        # and another process then deletes the WAL they still write to. SQLite itself says
        # "file is not a database" for anything else (see _translate).
        if not readonly and self.path.exists() and not _writable(self.path):
            raise DatabaseReadOnly(
                f"{self.path} is read-only. Open it read-only, or copy it somewhere you can write."
            )
        try:
            if readonly:
                # In a folder nobody can write (a read-only disk or share), SQLite cannot make the
                # WAL index it needs to read; the file cannot change there, so read it as immutable.
                frozen = "&immutable=1" if not os.access(self.path.parent, os.W_OK) else ""
                uri = f"{self.path.resolve().as_uri()}?mode=ro{frozen}"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
            self.conn = conn
            self.db = sqlite_utils.Database(conn)
            self._configure(timeout)
        except sqlite3.DatabaseError as exc:
            raise _translate(exc, self.path) from exc

    # -- connection --------------------------------------------------------------------------

    def _configure(self, timeout: float) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._migrate()  # refuses a newer schema before anything changes the file
        if not self.readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Bring the schema up to date, in one write transaction.

        The version is read again once the write lock is held: another process may have
        created or upgraded the database meanwhile (two windows started at once). The copy
        kept before an upgrade is made first (SQLite's backup cannot read a database its own
        connection is writing); a copy another process's upgrade made needless is removed.
        """
        version = self.schema_version
        if self._check_version(version):
            return
        kept = self._backup_before_upgrade(version) if version > 0 else None
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            current = self.schema_version
            if not self._check_version(current):
                for number in range(current + 1, SCHEMA_VERSION + 1):
                    for statement in _statements(MIGRATIONS[number - 1]):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if kept is not None and current != version:
            kept.unlink(missing_ok=True)

    def _check_version(self, version: int) -> bool:
        """True when schema ``version`` is current; raises when it cannot be used or upgraded here."""
        if version > SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"{self.path} was written by a newer QuoteCoder (schema {version}; this version "
                f"knows up to {SCHEMA_VERSION}). Update QuoteCoder to open it; nothing was changed."
            )
        if version < SCHEMA_VERSION and self.readonly:
            raise DatabaseReadOnly(
                f"{self.path} needs an upgrade (schema {version} → {SCHEMA_VERSION}), "
                "which a read-only database cannot have."
            )
        return version == SCHEMA_VERSION

    def _backup_before_upgrade(self, version: int) -> Path:
        """A copy of the database as it was, beside it, before an upgrade changes it
        (never over an earlier copy)."""
        target = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.schema{version}-{n}.bak")
        return self.backup(target)

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the database at ``target`` (SQLite's online backup API:
        the database file is only ever read by SQLite)."""
        if self.is_own_file(target):
            raise ValueError(f"{target} is the database itself: choose another file for the copy.")
        return _copy_database(self.conn, target)

    def is_own_file(self, path: str | Path) -> bool:
        """True when ``path`` is this database or one of SQLite's files beside it (-wal, -shm,
        -journal): files nothing but SQLite may open. Compared by name and by inode (``stat``
        never opens a file)."""
        path = Path(path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            own = self.path.with_name(self.path.name + suffix)
            try:
                if path.resolve() == own.resolve() or os.path.samefile(path, own):
                    return True
            except OSError:  # one of the two does not exist
                continue
        return False

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it.

        A transaction opened inside another one joins it (see :meth:`add_articles`).
        """
        if self.readonly:
            raise DatabaseReadOnly(f"{self.path} is open read-only; nothing can be saved.")
        if self._tx_depth > 0:
            self._tx_depth += 1
            try:
                yield self.conn
            finally:
                self._tx_depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _translate(exc, self.path) from exc
        self._tx_depth = 1
        try:
            yield self.conn
        except BaseException as exc:
            self._tx_depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
                raise _translate(exc, self.path) from exc  # disk full, I/O error, lock: say so plainly
            raise
        self._tx_depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _translate(exc, self.path) from exc

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check``: "ok" for a sound database."""
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    # -- articles ----------------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,))
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
        with self.transaction() as conn:
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
        row = self._row("SELECT * FROM articles WHERE id = ?", article_id)
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
        return self.conn.execute(sql, params).fetchone()[0]

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
        rows = self.conn.execute(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?",
                                 [*params, *order_params, limit, offset]).fetchall()
        counts = self._quote_counts([r[0] for r in rows], coder)
        return self._with_review([_article_row(r, counts.get(r[0], (0, 0))) for r in rows])

    def article_ids(self, where: ArticleFilter = ArticleFilter(), coder: str | None = None) -> list[int]:
        """The ids of the matching articles, in list order."""
        sql, params = self._article_query(where, coder, "a.id")
        order, order_params = self._list_order(where)
        return [r[0] for r in self.conn.execute(f"{sql} ORDER BY {order}", [*params, *order_params])]

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
            coded = (
                "(SELECT count(*) FROM quotes q JOIN stance_labels l ON l.quote_id = q.id "
                "JOIN coders c ON c.id = l.coder_id "
                "WHERE q.article_id = a.id AND q.status = 'active' AND c.name = ?)"
            )
            condition = {
                "new": f"{coded} = 0",
                "in progress": f"{coded} > 0 AND {coded} < {total}",
                "done": f"{total} > 0 AND {coded} >= {total}",
            }[where.status]
            clauses.append(condition)
            params.extend([coder or ""] * condition.count("?"))
        sql = f"SELECT {columns} FROM articles a"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return sql, params

    def _quote_counts(self, article_ids: Sequence[int], coder: str | None) -> dict[int, tuple[int, int]]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(
            f"""SELECT q.article_id, count(*),
                       count(l.quote_id)
                FROM quotes q
                LEFT JOIN stance_labels l ON l.quote_id = q.id
                     AND l.coder_id = (SELECT id FROM coders WHERE name = ?)
                WHERE q.status = 'active' AND q.article_id IN ({marks})
                GROUP BY q.article_id""",
            [coder or "", *article_ids],
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def outlets(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != '' ORDER BY outlet"
        )
        return [r[0] for r in rows]

    # -- entities and quotes -----------------------------------------------------------------

    def _insert_entity(self, article_id: int, text: str, entity: Entity) -> int:
        _check_span(text, entity.start, entity.end, entity.text, "entity")
        cursor = self.conn.execute(
            "INSERT INTO entities (article_id, start, end, label, text, origin) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, entity.start, entity.end, entity.label, entity.text, entity.origin),
        )
        return cursor.lastrowid

    def _insert_quote(self, article_id: int, text: str, quote: Quote) -> int:
        _check_span(text, quote.start, quote.end, quote.text, "quote")
        for span in (quote.cue, quote.mention):
            if span is not None:
                _check_span(text, span.start, span.end, span.text, "quote cue or mention")
        speaker_id = quote.speaker_id
        if speaker_id is None and quote.speaker is not None:
            speaker_id = self._speaker_for(quote.speaker)
        stamp = now()
        cue, mention = quote.cue, quote.mention
        cursor = self.conn.execute(
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
        return [_quote_from_row(r) for r in rows]

    def quote_count(self) -> int:
        """Active quotes in the whole corpus."""
        return self.conn.execute("SELECT count(*) FROM quotes WHERE status = 'active'").fetchone()[0]

    # -- speakers ----------------------------------------------------------------------------

    def _speaker_for(self, speaker: Speaker) -> int:
        """The id of the registry speaker whose name or alias is ``speaker.name``; created if new."""
        name = speaker.name.strip()
        row = self.conn.execute(
            """SELECT id FROM speakers WHERE name = ?
               UNION ALL SELECT speaker_id FROM speaker_aliases WHERE alias = ? LIMIT 1""",
            (name, name),
        ).fetchone()
        if row:
            return row[0]
        cursor = self.conn.execute(
            "INSERT INTO speakers (name, type, roles, created_at) VALUES (?, ?, ?, ?)",
            (name, speaker.type, json.dumps(list(speaker.roles)), now()),
        )
        speaker_id = cursor.lastrowid
        for alias in speaker.aliases:
            self.conn.execute(
                "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                (speaker_id, alias),
            )
        return speaker_id

    def add_speaker(self, speaker: Speaker) -> int:
        """Add a speaker to the registry (or find the existing one with that name or alias)."""
        with self.transaction():
            return self._speaker_for(speaker)

    def speakers(self) -> list[Speaker]:
        """The speaker registry, with aliases and roles."""
        aliases: dict[int, list[str]] = {}
        for speaker_id, alias in self.conn.execute(
            "SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias"
        ):
            aliases.setdefault(speaker_id, []).append(alias)
        return [
            Speaker(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                aliases=tuple(aliases.get(r["id"], ())),
                roles=tuple(json.loads(r["roles"] or "[]")),
            )
            for r in self.db.query("SELECT * FROM speakers ORDER BY name")
        ]

    # -- coders, codebooks and labels --------------------------------------------------------

    def coder(self, name: str) -> Coder:
        """The coder called ``name``, created on first use."""
        name = name.strip()
        if not name:
            raise ValueError("A coder needs a name.")
        find = "SELECT id FROM coders WHERE name = ?"
        row = self.conn.execute(find, (name,)).fetchone()
        if row is None:  # another process may create the same coder meanwhile: insert or find theirs
            with self.transaction() as conn:
                conn.execute("INSERT OR IGNORE INTO coders (name, created_at) VALUES (?, ?)", (name, now()))
                row = conn.execute(find, (name,)).fetchone()
        return Coder(name=name, id=row[0])

    def coders(self) -> list[Coder]:
        return [Coder(name=r["name"], id=r["id"]) for r in self.db.query("SELECT * FROM coders ORDER BY name")]

    def codebook(self) -> Codebook | None:
        """The latest codebook version, or None before one is saved."""
        row = self._row("SELECT * FROM codebooks ORDER BY version DESC LIMIT 1")
        if row is None:
            return None
        data = json.loads(row["labels"])
        body = data if isinstance(data, dict) else {"labels": data}  # the old format: one stance list
        return Codebook.from_dict({**body, "name": row["name"], "version": row["version"]})

    def save_codebook(self, codebook: Codebook) -> Codebook:
        """Store ``codebook`` as a new version; returns it with its version number."""
        with self.transaction() as conn:
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
        with self.transaction():
            return self.codebook() or self.save_codebook(codebook)

    def set_label(self, quote_id: int, coder: str, label: str, note: str | None = None) -> StanceLabel:
        """Record ``coder``'s stance on a quote (replacing their earlier one).

        ``note=None`` keeps the note the label has (none for a new label).
        """
        coder_id = self.coder(coder).id
        stamp = now()
        with self.transaction() as conn:
            version = conn.execute("SELECT max(version) FROM codebooks").fetchone()[0]
            conn.execute(
                """INSERT INTO stance_labels (quote_id, coder_id, label, note, codebook_version, coded_at)
                   VALUES (?, ?, ?, coalesce(?, ''), ?, ?)
                   ON CONFLICT (quote_id, coder_id) DO UPDATE SET
                       label = excluded.label, note = coalesce(?, stance_labels.note),
                       codebook_version = excluded.codebook_version, coded_at = excluded.coded_at""",
                (quote_id, coder_id, label, note, version, stamp, note),
            )
            note = conn.execute(
                "SELECT note FROM stance_labels WHERE quote_id = ? AND coder_id = ?", (quote_id, coder_id)
            ).fetchone()[0]
        return StanceLabel(quote_id=quote_id, coder=coder, label=label, note=note, coded_at=stamp)

    def clear_label(self, quote_id: int, coder: str) -> None:
        """Remove ``coder``'s stance on a quote."""
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM stance_labels WHERE quote_id = ? AND coder_id = (SELECT id FROM coders WHERE name = ?)",
                (quote_id, coder),
            )

    def labels(self, article_id: int, coder: str | None = None) -> list[StanceLabel]:
        """Stance labels on an article's quotes, by one coder or all."""
        sql = """SELECT l.quote_id, c.name AS coder, l.label, l.note, l.coded_at
                 FROM stance_labels l JOIN coders c ON c.id = l.coder_id
                 JOIN quotes q ON q.id = l.quote_id WHERE q.article_id = ?"""
        params: list = [article_id]
        if coder is not None:
            sql += " AND c.name = ?"
            params.append(coder)
        return [StanceLabel(**r) for r in self.db.query(sql + " ORDER BY q.start", params)]

    def progress(self, coder: str) -> tuple[int, int]:
        """(quotes ``coder`` has coded, active quotes in the corpus)."""
        coded = self.conn.execute(
            """SELECT count(*) FROM stance_labels l JOIN quotes q ON q.id = l.quote_id
               WHERE q.status = 'active' AND l.coder_id = (SELECT id FROM coders WHERE name = ?)""",
            (coder,),
        ).fetchone()[0]
        return coded, self.quote_count()

    def add_articles(self, items: Sequence[tuple[Article, Annotation | None]]) -> list[int | None]:
        """Store many articles (with their annotations) in ONE transaction: bulk loads and benchmarks."""
        with self.transaction():
            return [self.add_article(article, annotation) for article, annotation in items]

    # -- coding actions (the GUI's undoable edits) -------------------------------------------
    #
    # Each method is one transaction. Changes to model-origin quotes keep the machine's
    # proposal in ``quotes.proposal`` (first correction only), and every change is logged
    # in ``corrections`` with the coder, the item, the action, before and after (JSON).

    _QUOTE_FIELDS = ("start", "end", "kind", "cue", "mention")
    _PROPOSAL_FIELDS = ("start", "end", "text", "kind", "speaker_id", "cue", "mention")

    def quote(self, quote_id: int) -> Quote:
        """One quote (active or rejected) with its speaker."""
        row = self._row(
            """SELECT q.*, s.name AS speaker_name, s.type AS speaker_type
               FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.id = ?""",
            quote_id,
        )
        if row is None:
            raise KeyError(quote_id)
        return _quote_from_row(row)

    def quote_status(self, quote_id: int) -> str:
        """'active' or 'rejected'."""
        row = self.conn.execute("SELECT status FROM quotes WHERE id = ?", (quote_id,)).fetchone()
        if row is None:
            raise KeyError(quote_id)
        return row[0]

    def quote_proposal(self, quote_id: int) -> dict | None:
        """The machine's original values of a corrected model-origin quote, or None."""
        row = self.conn.execute("SELECT proposal FROM quotes WHERE id = ?", (quote_id,)).fetchone()
        if row is None:
            raise KeyError(quote_id)
        return json.loads(row[0]) if row[0] else None

    def label(self, quote_id: int, coder: str) -> str | None:
        """``coder``'s stance label on a quote, or None."""
        row = self.conn.execute(
            """SELECT l.label FROM stance_labels l JOIN coders c ON c.id = l.coder_id
               WHERE l.quote_id = ? AND c.name = ?""",
            (quote_id, coder),
        ).fetchone()
        return row[0] if row else None

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
        self.conn.execute(
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
        row = self._row("SELECT * FROM quotes WHERE id = ?", quote_id)
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
        with self.transaction() as conn:
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
                    _check_span(text, span["start"], span["end"], text[span["start"]:span["end"]], key)
                    new[key] = {"start": span["start"], "end": span["end"], "text": text[span["start"]:span["end"]]}
            before = {k: old[k] for k in changes if old[k] != new[k]}
            after = {k: new[k] for k in before}
            if "start" in before or "end" in before:
                before["text"], after["text"] = old["text"], new["text"]
            if not before:
                return self.quote(quote_id)
            proposal = old["proposal"]
            if proposal is None and old["origin"] == "model":
                proposal = json.dumps({k: old[k] for k in self._PROPOSAL_FIELDS}, ensure_ascii=False)
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
        return self.quote(quote_id)

    def add_quote(self, article_id: int, quote: Quote, coder: str) -> int:
        """Add a quote a coder found (origin 'coder'); returns its id."""
        coder_id = self.coder(coder).id
        with self.transaction():
            quote = replace(quote, origin="coder", id=None, article_id=article_id)
            quote_id = self._insert_quote(article_id, self._article_text(article_id), quote)
            self._log(coder_id, "quote", quote_id, "add", None,
                      {"start": quote.start, "end": quote.end, "text": quote.text, "kind": quote.kind,
                       "speaker_id": self._quote_values(quote_id)["speaker_id"]})
            return quote_id

    def _set_quote_status(self, quote_id: int, coder: str, status: str, action: str) -> None:
        coder_id = self.coder(coder).id
        with self.transaction() as conn:
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
        with self.transaction() as conn:
            _check_span(self._article_text(article_id), entity.start, entity.end, entity.text, "entity")
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
        with self.transaction() as conn:
            row = self._row("SELECT * FROM entities WHERE id = ?", entity_id)
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
        with self.transaction() as conn:
            for quote_id, speaker_id in speakers.items():
                old = self._quote_values(quote_id)
                previous[quote_id] = old["speaker_id"]
                if old["speaker_id"] == speaker_id:
                    continue
                proposal = old["proposal"]
                if proposal is None and old["origin"] == "model":
                    proposal = json.dumps({k: old[k] for k in self._PROPOSAL_FIELDS}, ensure_ascii=False)
                conn.execute(
                    "UPDATE quotes SET speaker_id = ?, proposal = ?, updated_at = ? WHERE id = ?",
                    (speaker_id, proposal, now(), quote_id),
                )
                self._log(coder_id, "quote", quote_id, "speaker",
                          {"speaker_id": old["speaker_id"]}, {"speaker_id": speaker_id})
        return previous

    def quotes_with_mention(self, mention: str, exclude_speaker: int | None = None) -> list[tuple[int, int]]:
        """(quote id, article id) of active quotes whose speaker mention reads ``mention`` (any case)."""
        rows = self.conn.execute(
            """SELECT id, article_id FROM quotes
               WHERE status = 'active' AND mention_text = ? COLLATE NOCASE
                 AND (? IS NULL OR speaker_id IS NOT ?) ORDER BY article_id, start""",
            (mention, exclude_speaker, exclude_speaker),
        )
        return [(r[0], r[1]) for r in rows]

    def speaker(self, speaker_id: int) -> Speaker:
        found = next((s for s in self.speakers() if s.id == speaker_id), None)
        if found is None:
            raise KeyError(speaker_id)
        return found

    def speaker_quote_counts(self) -> dict[int, int]:
        """Active quotes per speaker id."""
        rows = self.conn.execute(
            "SELECT speaker_id, count(*) FROM quotes WHERE status = 'active' AND speaker_id IS NOT NULL GROUP BY speaker_id"
        )
        return {r[0]: r[1] for r in rows}

    def update_speaker(self, speaker_id: int, coder: str, *, name: str | None = None, type: str | None = None,
                       aliases: Sequence[str] | None = None, roles: Sequence[str] | None = None) -> Speaker:
        """Rename a registry speaker, or change its type, aliases or roles.

        Raises ValueError when another speaker has the new name (any case): merge those instead.
        """
        coder_id = self.coder(coder).id
        with self.transaction() as conn:
            old = self.speaker(speaker_id)
            before, after = {}, {}
            if name is not None and name.strip() and name.strip() != old.name:
                taken = conn.execute("SELECT name FROM speakers WHERE name = ? AND id != ?",
                                     (name.strip(), speaker_id)).fetchone()
                if taken:
                    raise ValueError(f"A speaker called “{taken[0]}” exists already; merge the two instead.")
                conn.execute("UPDATE speakers SET name = ? WHERE id = ?", (name.strip(), speaker_id))
                before["name"], after["name"] = old.name, name.strip()
            if type is not None and type != old.type:
                if type not in SPEAKER_TYPES:
                    raise ValueError(f"unknown speaker type {type!r}")
                conn.execute("UPDATE speakers SET type = ? WHERE id = ?", (type, speaker_id))
                before["type"], after["type"] = old.type, type
            if roles is not None and tuple(roles) != old.roles:
                conn.execute("UPDATE speakers SET roles = ? WHERE id = ?",
                             (json.dumps([r for r in roles if r.strip()], ensure_ascii=False), speaker_id))
                before["roles"], after["roles"] = list(old.roles), list(roles)
            if aliases is not None:
                clean = sorted({a.strip() for a in aliases if a.strip()}, key=str.lower)
                if clean != sorted(old.aliases, key=str.lower):
                    conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", (speaker_id,))
                    for alias in clean:
                        conn.execute("INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                                     (speaker_id, alias))
                    before["aliases"], after["aliases"] = list(old.aliases), clean
            if before:
                self._log(coder_id, "speaker", speaker_id, "update", before, after)
        return self.speaker(speaker_id)

    def merge_speakers(self, keep_id: int, drop_id: int, coder: str) -> Speaker:
        """Merge speaker ``drop_id`` into ``keep_id``: its quotes, aliases and roles move; its name becomes an alias."""
        if keep_id == drop_id:
            raise ValueError("A speaker cannot be merged with itself.")
        coder_id = self.coder(coder).id
        with self.transaction() as conn:
            keep, drop = self.speaker(keep_id), self.speaker(drop_id)
            moved = [r[0] for r in conn.execute("SELECT id FROM quotes WHERE speaker_id = ?", (drop_id,))]
            conn.execute("UPDATE quotes SET speaker_id = ?, updated_at = ? WHERE speaker_id = ?",
                         (keep_id, now(), drop_id))
            # the machine's proposals and each coder's logged speakers name the kept speaker too
            conn.execute("""UPDATE quotes SET proposal = json_set(proposal, '$.speaker_id', ?)
                            WHERE json_extract(proposal, '$.speaker_id') = ?""", (keep_id, drop_id))
            for column in ("before", "after"):
                conn.execute(f"""UPDATE corrections SET {column} = json_set({column}, '$.speaker_id', ?)
                                 WHERE item = 'quote' AND json_extract({column}, '$.speaker_id') = ?""",
                             (keep_id, drop_id))
            for alias in (drop.name, *drop.aliases):
                if alias.lower() != keep.name.lower():
                    conn.execute("INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                                 (keep_id, alias))
            roles = list(dict.fromkeys([*keep.roles, *drop.roles]))
            conn.execute("UPDATE speakers SET roles = ? WHERE id = ?", (json.dumps(roles, ensure_ascii=False), keep_id))
            if keep.type == "unknown" and drop.type != "unknown":
                conn.execute("UPDATE speakers SET type = ? WHERE id = ?", (drop.type, keep_id))
            conn.execute("DELETE FROM speakers WHERE id = ?", (drop_id,))
            self._log(coder_id, "speaker", keep_id, "merge",
                      {"dropped": {"id": drop.id, "name": drop.name, "type": drop.type,
                                   "aliases": list(drop.aliases), "roles": list(drop.roles)}, "quotes": moved},
                      {"kept": keep_id})
        return self.speaker(keep_id)

    def article_row(self, article_id: int, coder: str | None = None) -> ArticleRow:
        """The article list's line for one article."""
        row = self.conn.execute(f"SELECT {_ROW_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return self._with_review([_article_row(row, self._quote_counts([article_id], coder).get(article_id, (0, 0)))])[0]

    def article_position(self, article_id: int, where: ArticleFilter = ArticleFilter(),
                         coder: str | None = None) -> int | None:
        """The row of ``article_id`` in the (id-ordered) filtered list, or None if it is not in it."""
        if where.sort:
            return self._sorted_position(article_id, where, coder)
        sql, params = self._article_query(where, coder, "a.id AS id")
        listed, before = self.conn.execute(
            f"WITH listed AS ({sql}) SELECT count(*) FILTER (WHERE id = ?), count(*) FILTER (WHERE id < ?) FROM listed",
            [*params, article_id, article_id],
        ).fetchone()
        return before if listed else None

    def next_uncoded(self, coder: str, article_id: int | None = None,
                     after_quote: int | None = None) -> tuple[int, int] | None:
        """(article id, quote id) of ``coder``'s next uncoded active quote after quote ``after_quote``
        (in reading order: start, end, id) in ``article_id``, else in a later article (wrapping to
        the first); None when all are coded."""
        base = """SELECT q.article_id, q.id FROM quotes q
                  WHERE q.status = 'active' AND NOT EXISTS (
                      SELECT 1 FROM stance_labels l JOIN coders c ON c.id = l.coder_id
                      WHERE l.quote_id = q.id AND c.name = ?)"""
        if article_id is not None:
            current = None
            if after_quote is not None:
                current = self.conn.execute(
                    "SELECT start, end, id FROM quotes WHERE id = ? AND article_id = ?", (after_quote, article_id)
                ).fetchone()
            row = self.conn.execute(
                base + " AND q.article_id = ? AND (q.start, q.end, q.id) > (?, ?, ?)"
                       " ORDER BY q.start, q.end, q.id LIMIT 1",
                (coder, article_id, *(current or (-1, -1, -1))),
            ).fetchone()
            if row:
                return row[0], row[1]
            row = self.conn.execute(
                base + " AND q.article_id > ? ORDER BY q.article_id, q.start, q.end, q.id LIMIT 1",
                (coder, article_id),
            ).fetchone()
            if row:
                return row[0], row[1]
        row = self.conn.execute(base + " ORDER BY q.article_id, q.start, q.end, q.id LIMIT 1", (coder,)).fetchone()
        return (row[0], row[1]) if row else None

    # -- removing articles and speakers; undo by snapshot (the window's undo stack) ---------
    # Kept together in this section: the rows such an action removes or rewrites are
    # snapshotted in its transaction (quotecoder.core.store_snapshot) so undo puts them back.

    def snapshot(self, scope: Sequence[Scope]) -> RowSnapshot:
        """The rows in ``scope`` as they are now (see :func:`restore`)."""
        with self.transaction() as conn:
            return take_snapshot(conn, scope)

    def restore(self, snapshot: RowSnapshot) -> None:
        """Put a snapshot's rows back exactly as they were, in one transaction."""
        with self.transaction() as conn:
            restore_snapshot(conn, snapshot)

    def _article_scope(self, article_ids: Sequence[int]) -> list[Scope]:
        return cascade_scope(self.conn, "articles", f"id IN ({placeholders(article_ids)})", list(article_ids))

    def removal_summary(self, article_ids: Sequence[int]) -> RemovalSummary:
        """What removing these articles would take with them."""
        snap = take_snapshot(self.conn, self._article_scope(article_ids))
        names = dict(self.conn.execute("SELECT id, name FROM coders"))
        coders = sorted({names.get(row["coder_id"], "?") for part in snap.parts if part.scope.table == "stance_labels"
                         for row in part.rows})
        titles = [display_title(r["title"], r["text"], r["source"], r["id"])
                  for part in snap.parts if part.scope.table == "articles" for r in part.rows]
        return RemovalSummary(titles=titles, quotes=snap.count("quotes"), labels=snap.count("stance_labels"),
                              coders=coders, adjudications=snap.count("adjudications"),
                              entities=snap.count("entities"))

    def remove_articles(self, article_ids: Sequence[int]) -> RowSnapshot:
        """Delete articles with their quotes, entities, labels and decisions; returns what
        :meth:`restore` needs to bring them all back."""
        ids = list(article_ids)
        with self.transaction() as conn:
            snap = take_snapshot(conn, self._article_scope(ids))
            conn.execute(f"DELETE FROM articles WHERE id IN ({placeholders(ids)})", ids)
        return snap

    def articles_with_hashes(self, hashes: Sequence[str]) -> list[int]:
        """The ids of the stored articles whose content hash is one of ``hashes``."""
        hashes = list(hashes)
        if not hashes:
            return []
        rows = self.conn.execute(
            f"SELECT id FROM articles WHERE content_hash IN ({placeholders(hashes)}) ORDER BY id", hashes)
        return [r[0] for r in rows]

    def unused_speakers(self) -> list[int]:
        """Registry speakers nothing refers to: no quote (active or rejected), no machine
        proposal and no coder's logged choice names them."""
        rows = self.conn.execute(
            """SELECT s.id FROM speakers s
               WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = s.id
                                 OR json_extract(q.proposal, '$.speaker_id') = s.id)
                 AND NOT EXISTS (SELECT 1 FROM corrections k WHERE k.item = 'quote' AND k.action = 'speaker'
                                 AND (json_extract(k.before, '$.speaker_id') = s.id
                                      OR json_extract(k.after, '$.speaker_id') = s.id))
               ORDER BY s.name""")
        return [r[0] for r in rows]

    def remove_speakers(self, speaker_ids: Sequence[int]) -> RowSnapshot:
        """Delete unused registry speakers (see :meth:`unused_speakers`) with their aliases."""
        ids = list(speaker_ids)
        with self.transaction() as conn:
            used = set(ids) - set(self.unused_speakers())
            if used:
                names = ", ".join(self.speaker(i).name for i in sorted(used))
                raise ValueError(f"Still named by quotes or coders' choices, so not removed: {names}.")
            snap = take_snapshot(conn, cascade_scope(conn, "speakers", f"id IN ({placeholders(ids)})", ids))
            conn.execute(f"DELETE FROM speakers WHERE id IN ({placeholders(ids)})", ids)
        return snap

    def merge_scope(self, keep_id: int, drop_id: int) -> list[Scope]:
        """Every row :meth:`merge_speakers` may change (take the snapshot in its transaction)."""
        pair = (keep_id, drop_id)
        named = "json_extract({0}, '$.speaker_id') = ?"
        return [
            *cascade_scope(self.conn, "speakers", "id IN (?, ?)", pair),
            Scope("quotes", f"speaker_id = ? OR {named.format('proposal')}", (drop_id, drop_id)),
            Scope("corrections", f"item = 'quote' AND ({named.format('before')} OR {named.format('after')})",
                  (drop_id, drop_id)),
        ]

    def sample_scope(self) -> list[Scope]:
        """The reliability sample and its seed setting (what drawing a new sample replaces)."""
        return [Scope("reliability_sample", "1"), Scope("settings", "key = 'sample_seed'")]

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the database."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def article_stamp(self) -> int:
        """The largest article id, 0 for none: instant, and it grows whenever articles are added."""
        return self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]

    # -- speaker review (issue 12 §3): machine attributions below the review threshold ------
    # A machine quote is "to review" while its speaker_confidence is below
    # core.attribution.REVIEW_THRESHOLD (NULL is not low) and no coder has decided its speaker:
    # the quote's last 'speaker' correction, or 'review' entry ({"reviewed": true|false}, which
    # undo writes), in the corrections log says so. Kept together in this section.

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
        rows = self.conn.execute(
            f"""SELECT q.article_id, count(*) FROM quotes q
                WHERE q.article_id IN ({",".join("?" * len(article_ids))}) AND {self._to_review_sql()}
                GROUP BY q.article_id""",
            [*article_ids, REVIEW_THRESHOLD],
        )
        return dict(rows.fetchall())

    def _with_review(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        counts = self._review_counts([r.id for r in rows])
        return [replace(r, to_review=counts.get(r.id, 0)) for r in rows]

    def _list_order(self, where: ArticleFilter) -> tuple[str, list]:
        """The article list's ORDER BY (and its parameters): id order, or most to review first."""
        if where.sort == "review":
            return (f"(SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND {self._to_review_sql()}) DESC, a.id",
                    [REVIEW_THRESHOLD])
        return "a.id", []

    def has_speaker_confidence(self) -> bool:
        """True when the pre-tagger said how sure it was of some speaker (older studies: never)."""
        return bool(self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM quotes WHERE speaker_confidence IS NOT NULL)").fetchone()[0])

    def article_rows_for(self, article_ids: Sequence[int], coder: str | None = None) -> list[ArticleRow]:
        """The article list's lines for these articles, in the order given (a page of a list whose
        order was read once with :meth:`article_ids`: sorting by review reads every quote)."""
        if not article_ids:
            return []
        rows = self.conn.execute(f"SELECT {_ROW_COLUMNS} FROM articles a WHERE a.id IN "
                                 f"({','.join('?' * len(article_ids))})", list(article_ids)).fetchall()
        counts = self._quote_counts([r[0] for r in rows], coder)
        found = {r[0]: _article_row(r, counts.get(r[0], (0, 0))) for r in rows}
        return self._with_review([found[i] for i in article_ids if i in found])

    def _sorted_position(self, article_id: int, where: ArticleFilter, coder: str | None) -> int | None:
        sql, params = self._article_query(where, coder, "a.id AS id")
        order, order_params = self._list_order(where)
        sql = sql.replace("SELECT a.id AS id", f"SELECT a.id AS id, row_number() OVER (ORDER BY {order}) - 1 AS pos", 1)
        row = self.conn.execute(f"SELECT pos FROM ({sql}) WHERE id = ?", [*order_params, *params, article_id]).fetchone()
        return row[0] if row else None

    def reviewed_quotes(self, article_id: int) -> set[int]:
        """The article's quotes whose speaker a coder has decided (changed or confirmed)."""
        rows = self.conn.execute(f"SELECT q.id FROM quotes q WHERE q.article_id = ? AND {self._SPEAKER_DECIDED}",
                                 (article_id,))
        return {r[0] for r in rows}

    def speakers_decided(self, quote_ids: Sequence[int]) -> set[int]:
        """Those of ``quote_ids`` whose speaker a coder has decided."""
        if not quote_ids:
            return set()
        rows = self.conn.execute(f"SELECT q.id FROM quotes q WHERE q.id IN ({','.join('?' * len(quote_ids))}) "
                                 f"AND {self._SPEAKER_DECIDED}", list(quote_ids))
        return {r[0] for r in rows}

    def mark_reviewed(self, quote_ids: Sequence[int], coder: str, reviewed: bool = True) -> list[int]:
        """Record that ``coder`` decided (or, for undo, had not decided) these quotes' speakers;
        returns the quotes whose state changed."""
        coder_id = self.coder(coder).id
        changed = []
        with self.transaction():
            for quote_id in dict.fromkeys(quote_ids):
                row = self.conn.execute(f"SELECT {self._SPEAKER_DECIDED} FROM quotes q WHERE q.id = ?",
                                        (quote_id,)).fetchone()
                if row is None:
                    raise KeyError(quote_id)
                if bool(row[0]) != reviewed:
                    self._log(coder_id, "quote", quote_id, "review", {"reviewed": not reviewed}, {"reviewed": reviewed})
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
                current = self.conn.execute("SELECT start, end, id FROM quotes WHERE id = ? AND article_id = ?",
                                            (after_quote, article_id)).fetchone()
            row = self.conn.execute(base + " AND q.article_id = ? AND (q.start, q.end, q.id) > (?, ?, ?)" + order,
                                    (REVIEW_THRESHOLD, article_id, *(current or (-1, -1, -1)))).fetchone()
            row = row or self.conn.execute(base + " AND q.article_id > ?" + order,
                                           (REVIEW_THRESHOLD, article_id)).fetchone()
            if row:
                return row[0], row[1]
        row = self.conn.execute(base + order, (REVIEW_THRESHOLD,)).fetchone()
        return (row[0], row[1]) if row else None

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- helpers -----------------------------------------------------------------------------

    def _article_text(self, article_id: int) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return row[0]

    def _row(self, sql: str, *params: object) -> dict | None:
        return next(iter(self.db.query(sql, list(params))), None)


def _quote_from_row(r: dict) -> Quote:
    speaker = None
    if r["speaker_id"] is not None:
        speaker = Speaker(id=r["speaker_id"], name=r["speaker_name"], type=r["speaker_type"])
    return Quote(
        id=r["id"],
        article_id=r["article_id"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        kind=r["kind"],
        cue=row_span(r, "cue"),
        mention=row_span(r, "mention"),
        speaker=speaker,
        speaker_id=r["speaker_id"],
        origin=r["origin"],
        confidence=r["confidence"],
        speaker_confidence=r["speaker_confidence"],
        speaker_candidates=_candidates(r["speaker_candidates"]),
    )


def _candidates(raw: str | None) -> tuple[SpeakerCandidate, ...]:
    """The stored candidate list; anything malformed reads as no candidates."""
    try:
        items = json.loads(raw or "[]")
        return tuple(
            SpeakerCandidate(str(c["name"]), c.get("type", "unknown"), float(c.get("confidence", 0.0)))
            for c in items if isinstance(c, dict) and c.get("name")
        )
    except (ValueError, TypeError, KeyError):
        return ()


def _check_span(text: str, start: int, end: int, span_text: str, what: str) -> None:
    if not (0 <= start < end <= len(text)) or text[start:end] != span_text:
        raise ValueError(f"The {what} span {start}:{end} does not match the article text.")


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one at a time (triggers kept whole), so they
    run inside the caller's transaction (``executescript`` would commit it first)."""
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


def _copy_database(conn: sqlite3.Connection, target: str | Path) -> Path:
    """Copy the database of ``conn`` to a new file ``target`` with SQLite's backup API.

    The copy is made beside ``target`` and renamed onto it once complete, so an interrupted
    copy never leaves half a database under the target's name.
    """
    target = Path(target)
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(partial)
        try:
            conn.backup(dest)
        finally:
            dest.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """A user-facing error for an SQLite failure."""
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLocked(
            f"{path} is busy: another program is writing to it. Try again in a moment, "
            "or close the other program."
        )
    if "readonly" in message or "read-only" in message:
        return DatabaseReadOnly(f"{path} cannot be written (read-only file or folder).")
    if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB or "file is not a database" in message:
        return DatabaseCorrupt(
            f"{path} is not a QuoteCoder database (it is not an SQLite file). "
            "Choose another file; this one was left untouched."
        )
    if "malformed" in message or "corrupt" in message:
        return DatabaseCorrupt(
            f"{path} is damaged ({exc}). Restore it from a backup; QuoteCoder did not change it."
        )
    if "disk" in message and "full" in message or "disk i/o" in message:
        return StoreError(f"Could not write to {path}: the disk is full or failing ({exc}).")
    return StoreError(f"Database error in {path}: {exc}")


__all__ = [
    "ArticleFilter",
    "ArticleRow",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DatabaseReadOnly",
    "DatabaseTooNew",
    "Store",
    "StoreError",
    "now",
]
