"""Backups and restore of the whole database (``flask backup`` / ``flask restore``).

- ``backup`` copies with SQLite's online backup API (consistent while workers write) into a
  temporary file next to the target (0600), checks it with ``PRAGMA integrity_check`` and only
  then renames it: a full disk leaves no half-written or empty file to block the next try. It
  never changes the database (no migration) and refuses one that was never initialised.
- ``restore`` checks the backup (an SQLite file, integrity, a Digianalyysi schema this code can
  serve) before anything is replaced, refuses while the application is serving from the database
  and says which schema the backup has. Re-applying the erasure ledger is ``flask restore``'s
  next step (commands/operations.py).

Every failure is one line (``BackupError``).
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
from pathlib import Path

from .db import BUSY_TIMEOUT_MS, FILE_MODE, SQLITE_HEADER, DatabaseError, schema_status

COUNTED = ("companies", "responses", "scores", "interviews", "users")


class BackupError(Exception):
    pass


def integrity(path: str | Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _space_message(exc: Exception, where: Path) -> str:
    text = str(exc)
    if "full" in text or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG):
        text = "no space left on the device"
    return f"the backup could not be written to {where} ({text}): nothing was written; check the free space and " \
           "run it again"


def backup(db_path: str | Path, target: str | Path) -> dict:
    """A consistent online copy while the application keeps serving. Returns the row counts."""
    db_path, target = Path(db_path), Path(target)
    try:
        status = schema_status(db_path)
    except DatabaseError as exc:
        raise BackupError(str(exc)) from exc
    if not status.initialised:
        raise BackupError(f"database {db_path} has never been initialised: nothing to back up (is "
                          "DIGIANALYYSI_DATABASE set to the live database?)")
    if target.exists():
        raise BackupError(f"{target} exists already")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a directory: create it first")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
        _copy(db_path, temporary)
        check = integrity(temporary)
        if check != "ok":
            raise BackupError(f"the copy failed its integrity check: {check}")
        counts = counts_of(temporary)
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(_space_message(exc, target.parent)) from exc
    finally:
        temporary.unlink(missing_ok=True)
    return {"schema": len(status.applied), **counts}


def _copy(db_path: Path, temporary: Path) -> None:
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(str(temporary))
    try:
        source.backup(copy, pages=256)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
        source.close()


def describe(backup_path: str | Path) -> dict:
    """What a backup file holds, checked: its schema against this code and its row counts."""
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise BackupError(f"{backup_path} not found")
    with open(backup_path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{backup_path} is not an SQLite database (a damaged or wrong file): nothing was "
                              "restored")
    try:
        check = integrity(backup_path)
    except sqlite3.Error as exc:
        raise BackupError(f"{backup_path} cannot be read ({exc}): nothing was restored") from exc
    if check != "ok":
        raise BackupError(f"{backup_path} failed its integrity check ({check.splitlines()[0]}): nothing was restored")
    status = schema_status(backup_path)
    if not status.initialised:
        raise BackupError(f"{backup_path} is not a Digianalyysi database: nothing was restored")
    if status.unknown:
        raise BackupError(f"{backup_path} has schema {len(status.applied)} from newer code (unknown migrations "
                          f"{', '.join(status.unknown)}): restore it with that release")
    return {"schema": len(status.applied), "pending": status.pending, **counts_of(backup_path)}


def restore(backup_path: str | Path, db_path: str | Path) -> dict:
    """Replace the database's content with a checked backup; refused while the app is serving."""
    info = describe(backup_path)
    if serving(db_path):
        raise BackupError(f"the application is running on {db_path}: stop it (e.g. systemctl stop digianalyysi) "
                          "and run restore again")
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    target = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"the restore into {db_path} failed, the database is unchanged: {exc}") from exc
    finally:
        target.close()
        source.close()
    os.chmod(db_path, FILE_MODE)
    return info


def counts_of(path) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_sqlite_migrations" not in tables or "responses" not in tables:
            raise BackupError(f"{path} is not a Digianalyysi database")
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in COUNTED}
    finally:
        conn.close()


def serving_lock_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.serving")


def hold_serving_lock(db_path: str | Path) -> int | None:
    """A serving process holds a shared lock for its lifetime (released when it exits, however
    it ends); returns the descriptor to keep open (None: no database directory, nothing to guard)."""
    if not serving_lock_path(db_path).parent.is_dir():
        return None
    fd = os.open(serving_lock_path(db_path), os.O_RDWR | os.O_CREAT, FILE_MODE)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def serving(db_path: str | Path) -> bool:
    """Whether some process is serving from the database (holds the shared lock)."""
    path = serving_lock_path(db_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
