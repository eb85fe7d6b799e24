"""Audit log: who opened or changed what, and when. Never any answer content."""

from __future__ import annotations

from .db import immediate, stamp as clock_stamp



def record(db, user_id: int | None, action: str, object_type: str | None = None, object_id: int | None = None) -> None:
    with immediate(db):
        db.execute("INSERT INTO audit_log (at, user_id, action, object_type, object_id) VALUES (?, ?, ?, ?, ?)",
                   [clock_stamp(db), user_id, action, object_type, object_id])


def recent(db, limit: int = 500) -> list[dict]:
    return list(db.query(
        "SELECT a.*, u.email, u.name FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?",
        [limit]))
