"""Webinar sign-ups from the open training calendar (a name and an email, no analysis); the
per-address limit of the public sign-up forms is ``storage.signup_limits``.

A webinar takes at most its course's ``seats`` live sign-ups: the count and the insert run in one
``BEGIN IMMEDIATE`` transaction, so sign-ups from several workers at once never exceed it. One
live sign-up per course and address. The cancel link's token is derived from the application's
secret and the sign-up's id (``cancel_token``, like a follow-up invitation's link), and only its
hash is stored: signing up again with the same address changes nothing – not the name, not the
link – and the same link is mailed to that address once more. (Anyone may type anyone's address:
a second sign-up must not rename a stranger's sign-up or retire the link in their mailbox.) Cancelling
clears the name and the email at once. Sign-ups are not attendance: the webinar's reach stays the
trainer's counts (``trainings.rules.counts.webinar_signups`` is a separate figure)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from storage.db import immediate, stamp as clock_stamp
from .seats import bump, token_hash


def cancel_token(secret: str, signup_id: int) -> str:
    """The cancel link's token of a sign-up: an HMAC of its id under the application's secret."""
    digest = hmac.new(secret.encode("utf-8"), f"webinar-signup:{signup_id}".encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def sign_up(db, course_id: int, name: str, email: str, language: str, seats: int, secret: str | None = None) -> dict:
    """``{"result": "created" | "existing" | "full", "id", "token"}``; ``token`` (the cancel link's,
    in clear only here) is None when the webinar is full. With ``secret`` the token is
    ``cancel_token`` (an existing sign-up's own, unchanged); without it (tests, the demo) a
    random one for a new sign-up and None for an existing one."""
    key = email.strip().lower()
    with immediate(db):
        existing = db.execute("SELECT id, token_hash FROM webinar_signups WHERE course_id = ? AND email_key = ? "
                              "AND cancelled_at IS NULL", [course_id, key]).fetchone()
        if existing:
            token = cancel_token(secret, existing[0]) if secret else None
            if token and existing[1] != token_hash(token):  # signed up before tokens were derived
                db.execute("UPDATE webinar_signups SET token_hash = ? WHERE id = ?", [token_hash(token), existing[0]])
            return {"result": "existing", "id": existing[0], "token": token}
        if count(db, course_id) >= seats:
            return {"result": "full", "id": None, "token": None}
        bump(db)
        cursor = db.execute(
            "INSERT INTO webinar_signups (course_id, name, email, email_key, language, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", [course_id, name, email, key, language, clock_stamp(db)])
        token = cancel_token(secret, cursor.lastrowid) if secret else secrets.token_urlsafe(24)
        db.execute("UPDATE webinar_signups SET token_hash = ? WHERE id = ?", [token_hash(token), cursor.lastrowid])
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


def cancel(db, signup_id: int, token: str | None = None) -> bool:
    """Cancels a live sign-up and clears its name and email; False when it was cancelled already.
    With ``token`` (the cancel link's) its confirmations still waiting in the outbox (not sent yet,
    or given up) go too: they hold the address and the link of a sign-up that no longer exists."""
    with immediate(db):
        if token:
            db.execute("DELETE FROM outbox WHERE status != 'sent' AND kind = 'webinar sign-up' "
                       "AND instr(body, ?) > 0", [f"/webinaari/{token}"])
        changed = db.execute("UPDATE webinar_signups SET cancelled_at = ?, name = NULL, email = NULL, email_key = NULL "
                             "WHERE id = ? AND cancelled_at IS NULL", [clock_stamp(db), signup_id]).rowcount
        if changed:
            bump(db)
        return bool(changed)


def for_course(db, course_id: int) -> list[dict]:
    """The live sign-ups of a webinar, in the order they came (for its organiser)."""
    return list(db.query("SELECT id, name, email, language, created_at FROM webinar_signups "
                         "WHERE course_id = ? AND cancelled_at IS NULL ORDER BY id", [course_id]))
