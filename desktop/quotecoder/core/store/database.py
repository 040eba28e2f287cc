"""The store's connection: opening the SQLite file, schema upgrades, transactions, backups
and settings.

THE DATABASE FILE BELONGS TO SQLITE ALONE: nothing here open()s it, its -wal or -shm.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from quotecoder.core.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, DatabaseTooNew, StoreError
from quotecoder.core.schema import MIGRATIONS, SCHEMA_VERSION


class Database:
    """One open SQLite connection to a QuoteCoder database: opening, upgrading, transactions,
    backups and settings. Every part of the :class:`~quotecoder.core.store.Store` shares it.

    ``readonly`` opens it without write access (for a second window, or a read-only file).
    Raises a :class:`StoreError` subclass with a clear message when the file is not usable.
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
            self._configure(timeout)
        except sqlite3.DatabaseError as exc:
            raise _translate(exc, self.path) from exc

    def _configure(self, timeout: float) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._migrate()  # refuses a newer schema before anything changes the file
        if not self.readonly:
            self._use_wal(timeout)
            self.conn.execute("PRAGMA synchronous = FULL")

    def _use_wal(self, timeout: float) -> None:
        """Put the file in WAL mode (it stays so). Several processes opening a new database at
        once race for the exclusive lock the switch needs, and SQLite answers "locked" at once
        rather than wait (waiting could deadlock), so the switch is tried again until ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

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

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Read inside one consistent snapshot (WAL): writes committed meanwhile by other
        connections stay invisible until the block ends, so a multi-query export agrees with itself."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN DEFERRED")
        try:
            self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchall()  # starts the read snapshot
            yield
        finally:
            self.conn.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the database."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def query(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """The rows of ``sql`` as :class:`sqlite3.Row` (read by column name or position)."""
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, list(params))

    def _row(self, sql: str, *params: object) -> sqlite3.Row | None:
        return self.query(sql, params).fetchone()


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
