"""Webinar sign-ups from the open training calendar (a name and an email, no analysis); the
per-address limit of the public sign-up forms is ``storage.signup_limits``.

A webinar takes at most its course's ``seats`` live sign-ups: the count and the insert run in one
``BEGIN IMMEDIATE`` transaction, so sign-ups from several workers at once never exceed it. One
live sign-up per course and address; signing up again returns the existing one with a new cancel
token (the old link stops working; the new one goes only to that address by email). Cancelling
clears the name and the email at once. Sign-ups are not attendance: the webinar's reach stays the
trainer's counts (``scoring.training_counts.webinar_signups`` is a separate figure)."""

from __future__ import annotations

import secrets

from storage.db import immediate, stamp as clock_stamp
from .seats import bump, token_hash


def sign_up(db, course_id: int, name: str, email: str, language: str, seats: int) -> dict:
    """``{"result": "created" | "existing" | "full", "id", "token"}``; ``token`` (the cancel link's,
    in clear only here) is None when the webinar is full."""
    key = email.strip().lower()
    token = secrets.token_urlsafe(24)
    with immediate(db):
        existing = db.execute("SELECT id FROM webinar_signups WHERE course_id = ? AND email_key = ? "
                              "AND cancelled_at IS NULL", [course_id, key]).fetchone()
        if existing:
            db.execute("UPDATE webinar_signups SET token_hash = ?, name = ?, language = ? WHERE id = ?",
                       [token_hash(token), name, language, existing[0]])
            return {"result": "existing", "id": existing[0], "token": token}
        if count(db, course_id) >= seats:
            return {"result": "full", "id": None, "token": None}
        bump(db)
        cursor = db.execute(
            "INSERT INTO webinar_signups (course_id, name, email, email_key, language, token_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", [course_id, name, email, key, language, token_hash(token), clock_stamp(db)])
        return {"result": "created", "id": cursor.lastrowid, "token": token}


def count(db, course_id: int) -> int:
    """Live (not cancelled) sign-ups of a webinar."""
    return db.execute("SELECT count(*) FROM webinar_signups WHERE course_id = ? AND cancelled_at IS NULL",
                      [course_id]).fetchone()[0]


def by_token(db, token: str) -> dict | None:
    """The sign-up a cancel link's token belongs to (cancelled ones too)."""
    if not token or len(token) > 100:
        return None
    return next(db.query("SELECT * FROM webinar_signups WHERE token_hash = ?", [token_hash(token)]), None)


def cancel(db, signup_id: int) -> bool:
    """Cancels a live sign-up and clears its name and email; False when it was cancelled already."""
    with immediate(db):
        changed = db.execute("UPDATE webinar_signups SET cancelled_at = ?, name = NULL, email = NULL, email_key = NULL "
                             "WHERE id = ? AND cancelled_at IS NULL", [clock_stamp(db), signup_id]).rowcount
        if changed:
            bump(db)
        return bool(changed)


def for_course(db, course_id: int) -> list[dict]:
    """The live sign-ups of a webinar, in the order they came (for its organiser)."""
    return list(db.query("SELECT id, name, email, language, created_at FROM webinar_signups "
                         "WHERE course_id = ? AND cancelled_at IS NULL ORDER BY id", [course_id]))
