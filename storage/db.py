"""Connections (one per worker thread, on ``g`` during a request), WAL, busy timeout, and
BEGIN IMMEDIATE for every read-then-write."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from pathlib import Path

import sqlite_utils
from flask import current_app, g

import clock

from .migrations import migrations

BUSY_TIMEOUT_MS = 15_000


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
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def stamp(db) -> str:
    """This moment as stored in a row (ISO 8601, UTC), by the clock the handle carries."""
    return clock.of(db).stamp()


_local = threading.local()


def get_db() -> sqlite_utils.Database:
    """The connection of this thread (opened once per worker thread and database file).

    Opening a connection and setting its pragmas costs about a millisecond, more than a whole
    draft save, so a worker keeps its connection; ``close_db`` makes sure no transaction is left
    open between requests.
    """
    if "db" not in g:
        path = current_app.config["DATABASE"]
        key = (os.getpid(), path)
        cache = getattr(_local, "connections", None)
        if cache is None:
            cache = _local.connections = {}
        db = cache.get(key)
        if db is None:
            db = cache[key] = connect(path)
        db.clock = current_app.extensions["clock"]  # rows are stamped by the app's clock
        g.db = db
    return g.db


def close_db(exc=None) -> None:
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.execute("ROLLBACK")


def migrate(path: str | Path) -> list[str]:
    """Create or upgrade the schema; safe to call from several processes at once."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        db = connect(path)
        try:
            db.conn.execute("PRAGMA journal_mode = WAL")
            pending = [m.name for m in migrations.pending(db)]
            migrations.apply(db)
            return pending
        finally:
            db.close()
            fcntl.flock(lock, fcntl.LOCK_UN)


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
