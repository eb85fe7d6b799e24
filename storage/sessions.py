"""Server-side login sessions: one row per login, keyed by the SHA-256 of a random id that only
the user's (signed) session cookie holds. Logging out deletes the row, so a copy of the cookie
stops working at once; every request checks the row, its idle time and its absolute age."""

from __future__ import annotations

import hashlib
import secrets
import time

from .db import immediate

IDLE_S = 30 * 60
ABSOLUTE_S = 12 * 3600
TOUCH_EVERY_S = 60  # last seen is written at most once a minute per session

OK, EXPIRED, MISSING = "ok", "expired", "missing"


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(db, user_id: int, clock=time.time) -> str:
    """A new session for the user; returns the id for the cookie (never stored in clear)."""
    session_id = secrets.token_urlsafe(32)
    t = clock()
    with immediate(db):
        db.execute("DELETE FROM login_sessions WHERE expires_at < ? OR last_seen_at < ?", [t, t - IDLE_S])
        db.execute("INSERT INTO login_sessions (id_hash, user_id, created_at, last_seen_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?)", [_digest(session_id), user_id, t, t, t + ABSOLUTE_S])
    return session_id


def check(db, session_id: str | None, user_id: int, clock=time.time) -> str:
    """OK (and last seen updated), EXPIRED (idle or too old; the row is deleted) or MISSING."""
    if not isinstance(session_id, str) or not session_id:
        return MISSING
    digest = _digest(session_id)
    rows = list(db.query("SELECT user_id, last_seen_at, expires_at FROM login_sessions WHERE id_hash = ?", [digest]))
    if not rows or rows[0]["user_id"] != user_id:
        return MISSING
    t = clock()
    if t >= rows[0]["expires_at"] or t - rows[0]["last_seen_at"] > IDLE_S:
        end(db, session_id)
        return EXPIRED
    if t - rows[0]["last_seen_at"] >= TOUCH_EVERY_S:
        with immediate(db):
            db.execute("UPDATE login_sessions SET last_seen_at = ? WHERE id_hash = ?", [t, digest])
    return OK


def end(db, session_id: str | None) -> None:
    if isinstance(session_id, str) and session_id:
        with immediate(db):
            db.execute("DELETE FROM login_sessions WHERE id_hash = ?", [_digest(session_id)])


def end_all(db, user_id: int) -> None:
    with immediate(db):
        db.execute("DELETE FROM login_sessions WHERE user_id = ?", [user_id])
