"""Reading a colleague's QuoteCoder database as untrusted input (``merge OTHER.db``).

A database file can carry SQL that runs when it is read: a view computes its rows, a
generated column its values. A hostile or damaged file could fill the disk or the memory
that way, or stall the merge. So the file is opened read-only with SQLite's defences on
(``trusted_schema=OFF``, defensive mode where Python offers it, cell size checks, query
only), its schema is compared with the one this QuoteCoder version makes for the same
schema version before anything is read (no views, no unknown triggers, virtual tables,
indexes or generated columns, every table and column where it belongs), and every query
runs under a time limit and a bound on the size of one value. The tables of every
variable's codes and adjudications (quote, article and speaker) are held to all of this like
the rest; a file of an older schema is held to that schema, and its stance labels and
adjudications are read as codes of the variable ``stance``. The records it yields, and its
latest codebook (which the merge adds to ours where ours lacks a variable or label), are
checked once more by :mod:`quotecoder.core.annotation_record`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from quotecoder.core.annotation_record import BadText, Entry
from quotecoder.core.schema import MIGRATIONS, SCHEMA_VERSION
from quotecoder.core.store.transfer import RECORD_TABLES, RecordReader

#: Seconds one query (the schema check, or one article's rows) may take.
QUERY_SECONDS = 20.0
#: Articles that may run out of time before the whole file is given up.
MAX_SLOW_ARTICLES = 3
#: Bytes one value (an article's text, a note) may hold.
MAX_VALUE_BYTES = 256 * 1024 * 1024


class ColleagueDatabaseError(ValueError):
    """The file cannot be read as a QuoteCoder database; the message says why (nothing was read)."""


@lru_cache(maxsize=None)
def expected_schema(version: int) -> tuple[dict[tuple[str, str], str | None], dict[str, list[str]]]:
    """What schema ``version`` holds as the migrations make it: (type, name) → SQL of every
    table, index and trigger, and each table's columns in order. A genuine database of that
    version has exactly these."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        objects = {(t, n): sql for t, n, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")}
        columns = {n: [r[1] for r in conn.execute(f"PRAGMA table_xinfo({n})")]
                   for (t, n) in objects if t == "table" and n in RECORD_TABLES}
        return objects, columns
    finally:
        conn.close()


def _decode(value: bytes) -> str | BadText:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return BadText()


class ColleagueDatabase:
    """A colleague's database, open for reading records; use as a context manager."""

    def __init__(self, path: str | Path, seconds: float | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.seconds = QUERY_SECONDS if seconds is None else seconds
        self._deadline = 0.0
        frozen = "&immutable=1" if not os.access(self.path.parent, os.W_OK) else ""
        try:
            self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro{frozen}", uri=True,
                                        isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            raise ColleagueDatabaseError(f"{self.name} cannot be opened ({exc}).") from exc
        try:
            self._defend()
            self.version = self._check_schema()
        except sqlite3.Error as exc:
            self.conn.close()
            raise ColleagueDatabaseError(self._explain(exc)) from exc
        except BaseException:
            self.conn.close()
            raise

    def _defend(self) -> None:
        conn = self.conn
        conn.text_factory = _decode  # text that is not UTF-8 reaches the record checks, not a traceback
        if hasattr(conn, "setconfig"):  # Python 3.12+
            conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
            conn.setconfig(sqlite3.SQLITE_DBCONFIG_TRUSTED_SCHEMA, False)
        if hasattr(conn, "setlimit"):  # Python 3.11+
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        for pragma in ("trusted_schema = OFF", "query_only = ON", "cell_size_check = ON", "mmap_size = 0",
                       "temp_store = MEMORY"):
            conn.execute(f"PRAGMA {pragma}")
        conn.set_progress_handler(self._out_of_time, 5000)

    def _out_of_time(self) -> int:
        return 1 if time.monotonic() > self._deadline else 0

    def _start_clock(self) -> None:
        self._deadline = time.monotonic() + self.seconds

    def _explain(self, exc: sqlite3.Error) -> str:
        message = str(exc)
        if "interrupted" in message:
            return f"{self.name} took too long to read (over {self.seconds:.0f} s for one step); it may be damaged."
        if "not a database" in message:
            return f"{self.name} is not a QuoteCoder database (it is not an SQLite file)."
        if "too big" in message:
            return f"{self.name} holds a value larger than {MAX_VALUE_BYTES:,} bytes."
        return f"{self.name} cannot be read: {message}."

    def _check_schema(self) -> int:
        """The schema version, once the file's schema is what that version makes."""
        self._start_clock()
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ColleagueDatabaseError(
                f"{self.name} was written by a newer QuoteCoder (schema {version}; this version knows up to "
                f"{SCHEMA_VERSION}). Update QuoteCoder to merge it.")
        if version < 1:
            raise ColleagueDatabaseError(f"{self.name} is not a QuoteCoder database.")
        expected, columns = expected_schema(version)
        found = {(t, n): sql for t, n, sql in self.conn.execute("SELECT type, name, sql FROM sqlite_master")}
        for (kind, name), sql in found.items():
            if not all(isinstance(value, str) for value in (kind, name, sql or "")):
                raise self._refuse("its schema is unreadable")
            if kind == "view":
                raise self._refuse(f"it contains a view ({name})")
            if (kind, name) not in expected and not (kind == "table" and name.startswith("sqlite_")):
                raise self._refuse(f"it contains a {kind} {name} that QuoteCoder does not make")
            if expected.get((kind, name), sql) != sql and kind != "table":
                raise self._refuse(f"its {kind} {name} is not the one QuoteCoder makes")
            if kind == "table" and sql and sql.lstrip().upper().startswith("CREATE VIRTUAL") \
                    and expected.get((kind, name)) != sql:
                raise self._refuse(f"its virtual table {name} is not the one QuoteCoder makes")
        for table, want in columns.items():  # the tables records are read from, in this version
            if ("table", table) not in found:
                raise self._refuse(f"it has no table {table}")
            have = [(r[1], r[6]) for r in self.conn.execute(f"PRAGMA table_xinfo({table})")]
            if [name for name, _ in have] != want:
                missing = sorted(set(want) - {name for name, _ in have})
                what = f"lacks {', '.join(missing)}" if missing else "has other columns"
                raise self._refuse(f"its table {table} {what}")
            if any(hidden for _, hidden in have):
                raise self._refuse(f"its table {table} has computed columns")
        return version

    def _refuse(self, why: str) -> ColleagueDatabaseError:
        return ColleagueDatabaseError(
            f"{self.name} was not merged: {why}, so it is not a database QuoteCoder wrote. Nothing was read from it.")

    def records(self) -> Iterator[Entry]:
        """Each article's record, or why it could not be read; all in one read snapshot."""
        self._start_clock()
        self.conn.execute("BEGIN")
        try:
            reader = RecordReader(self.conn)
            ids = reader.article_ids()
            slow = 0
            for article_id in ids:
                where = f"{self.name}, article {article_id}"
                self._start_clock()
                try:
                    yield Entry(where, record=reader.record(article_id))
                except sqlite3.Error as exc:
                    if "interrupted" in str(exc):
                        slow += 1
                        if slow >= MAX_SLOW_ARTICLES:
                            raise ColleagueDatabaseError(
                                f"{self.name}: {slow} articles each took over {self.seconds:.0f} s to read; the rest "
                                "was not read (the file may be damaged).") from exc
                    yield Entry(where, problem=f"{where}: not read ({self._explain(exc)})")
        except sqlite3.Error as exc:
            raise ColleagueDatabaseError(self._explain(exc)) from exc
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def codebook(self) -> Entry | None:
        """The file's latest codebook (as a record carries it), or why it could not be read;
        None when the file has no codebook."""
        self._start_clock()
        try:
            data = RecordReader(self.conn).codebook()
        except sqlite3.Error as exc:
            return Entry(self.name, problem=f"{self.name}: the codebook was not read ({self._explain(exc)})")
        return None if data is None else Entry(self.name, record=data)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ColleagueDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
