"""Connections (one per application context, on ``g``; one idle connection kept per thread), WAL, busy timeout, and
BEGIN IMMEDIATE for every read-then-write."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from flask import current_app, g

import clock

from .migrations import current_name, migrations, rename_applied

BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"
# Files that hold personal data are readable by the service user only (docs/operations.md).
FILE_MODE = 0o600
DIR_MODE = 0o700

log = logging.getLogger(__name__)


class DatabaseError(RuntimeError):
    """The database file cannot be used; the message is one line naming the path."""


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the database with the settings every process must use."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    # Deleted content is overwritten with zeros, so erased personal data does not linger in
    # free pages of the database file (or in the WAL frames that carry them).
    conn.execute("PRAGMA secure_delete = ON")
    return sqlite_utils.Database(conn, execute_plugins=False)


def checkpoint(db: sqlite_utils.Database) -> bool:
    """Copy the WAL into the database file and truncate it to zero bytes, so that the frames
    still holding erased data are gone. Never inside a transaction. Returns False when readers
    kept part of the WAL (the next checkpoint finishes it)."""
    busy, _log, _done = db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0


@contextlib.contextmanager
def immediate(db: sqlite_utils.Database):
    """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE``).

    Use it for every read-then-write so that two workers cannot both read the old state; the
    busy timeout makes the second one wait instead of failing with "database is locked".

    Nested use joins the outer transaction (as a savepoint): a caller can wrap a storage function
    that opens its own ``immediate`` together with another write (e.g. a change and the email it
    causes, ``storage.outbox.enqueue``) so that both are committed or neither is.
    """
    depth = getattr(db, "_immediate_depth", 0)
    if depth:
        # inside another immediate(): a savepoint, so that an inner failure the caller catches
        # undoes only the inner writes
        name = f"nested_{depth}"
        db.conn.execute(f"SAVEPOINT {name}")
        db._immediate_depth = depth + 1
        try:
            yield db
        except BaseException:
            db.conn.execute(f"ROLLBACK TO {name}")
            db.conn.execute(f"RELEASE {name}")
            raise
        else:
            db.conn.execute(f"RELEASE {name}")
        finally:
            db._immediate_depth = depth
        return
    db.conn.execute("BEGIN IMMEDIATE")
    db._immediate_depth = 1
    try:
        yield db
    except BaseException:
        db._immediate_depth = 0
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db._immediate_depth = 0
        db.conn.execute("COMMIT")


def stamp(db) -> str:
    """This moment as stored in a row (ISO 8601, UTC), by the clock the handle carries."""
    return clock.of(db).stamp()


# Each thread keeps at most one idle connection between its application contexts: opening one and
# reading the schema costs more than a whole draft save (an area page took 5 ms with the kept
# connection, 10 ms with a new one per request), while a connection per app or database file
# ever opened (30 apps in a test process: 30 connections, 90 open files) would never be closed.
_idle = threading.local()


def get_db() -> sqlite_utils.Database:
    """The connection of this application context (a request, a command, a background job),
    used by it alone: the thread's idle connection to this database if there is one, else a new
    one. ``close_db`` gives it back when the context ends."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        key = (os.getpid(), str(path))
        kept, _idle.slot = getattr(_idle, "slot", None), None
        if kept is not None and kept[0] == key:
            db = kept[1]
        else:
            _discard(kept)
            db = connect(path)
        db.clock = current_app.extensions["clock"]  # rows are stamped by the app's clock
        g.db, g.db_opened = db, (key, db)
    return g.db


def close_db(exc=None) -> None:
    """At the end of the context: roll back a transaction left open, and keep the connection as
    the thread's idle one (closing the one kept before, e.g. of another app's database). A
    connection someone else put on ``g`` is theirs."""
    db, opened = g.pop("db", None), g.pop("db_opened", None)
    if db is not None and db.conn.in_transaction:
        db.conn.execute("ROLLBACK")
    if opened is not None:
        _discard(getattr(_idle, "slot", None))
        _idle.slot = opened


def _discard(kept) -> None:
    # a connection opened before a fork belongs to the parent: the child never touches it
    if kept is not None and kept[0][0] == os.getpid():
        kept[1].close()


def create_private(path: str | Path) -> None:
    """Create ``path`` (and its missing directories) readable by the owner only, if it is missing."""
    path = Path(path)
    check_path(path)
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=DIR_MODE)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)


def check_path(path: str | Path) -> None:
    """One clear line when ``path`` cannot hold the database (a directory or a file in its way,
    a file that is not SQLite)."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"database {path} is a directory, not a file")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise DatabaseError(f"database {path}: {parent} is a file, not a directory")
            break
    if path.is_file() and path.stat().st_size:
        try:
            with open(path, "rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DatabaseError(f"database {path} cannot be read: {exc.strerror}") from exc
        if header != SQLITE_HEADER:
            raise DatabaseError(f"database {path} is not an SQLite database")


@dataclass
class SchemaStatus:
    """The database's schema against the migrations this code knows."""

    path: str
    exists: bool
    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # applied, but not known to this code (newer code ran)

    @property
    def initialised(self) -> bool:
        return bool(self.applied)

    @property
    def current(self) -> bool:
        return self.initialised and not self.pending and not self.unknown

    def problem(self) -> str | None:
        """None when the schema matches the code; else one line saying what to do."""
        if not self.initialised:
            return (f"database {self.path} has not been initialised: run `flask --app app db upgrade` "
                    "(or point DIGIANALYYSI_DATABASE at the right file)")
        if self.pending:
            return (f"database {self.path} is at schema {len(self.applied)} of {len(self.applied) + len(self.pending)}"
                    f" ({len(self.pending)} migrations pending, first {self.pending[0]}): run "
                    "`flask --app app db upgrade`")
        if self.unknown:
            return (f"database {self.path} has migrations this code does not know ({', '.join(self.unknown)}): "
                    "newer code migrated it; reload or install that release")
        return None


def schema_status(path: str | Path) -> SchemaStatus:
    """Read-only: never creates the file, never migrates."""
    path = Path(path)
    check_path(path)
    known = [m.name for m in migrations.pending(_empty())]
    if not path.is_file() or not path.stat().st_size:
        return SchemaStatus(str(path), path.is_file(), pending=known)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone()
            applied = [current_name(row[0]) for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [migrations.name])] if has_table else []
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"database {path} cannot be opened: {exc}") from exc
    done = set(applied)
    return SchemaStatus(str(path), True, applied, [n for n in known if n not in done],
                        [n for n in applied if n not in set(known)])


def _empty() -> sqlite_utils.Database:
    return sqlite_utils.Database(memory=True)


def migrate(path: str | Path, report=None) -> list[str]:
    """Create or upgrade the schema, one migration at a time, each logged (and passed to
    ``report(name, seconds)`` when given); safe to call from several processes at once.
    Returns the names applied. Only ``flask db upgrade``/``init-db`` (and ``AUTO_MIGRATE``) call it."""
    path = Path(path)
    create_private(path)
    lock_path = Path(f"{path}.lock")
    fd = os.open(lock_path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    with os.fdopen(fd, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            db = connect(path)
        except sqlite3.Error as exc:
            raise DatabaseError(f"database {path} cannot be opened: {exc}") from exc
        try:
            db.conn.execute("PRAGMA journal_mode = WAL")
            applied = []
            for old in rename_applied(db):
                log.info("database %s: migration %s renamed %s", path, old, current_name(old))
            pending = [m.name for m in migrations.pending(db)]
            for index, name in enumerate(pending):
                started = time.perf_counter()
                migrations.apply(db, stop_before=pending[index + 1] if index + 1 < len(pending) else None)
                seconds = time.perf_counter() - started
                log.info("database %s: applied migration %s (%.2f s)", path, name, seconds)
                if report:
                    report(name, seconds)
                applied.append(name)
            return applied
        finally:
            db.close()
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_probe(path: str | Path, timeout: float = 5.0) -> str | None:
    """Try a write transaction on a fresh connection and roll it back (nothing is written).
    None when the database takes writes; else why not (read-only file or file system, locked)."""
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE _sqlite_migrations SET name = name WHERE rowid = "
                         "(SELECT min(rowid) FROM _sqlite_migrations)")
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
