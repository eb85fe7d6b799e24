"""Event links (``event_links``, m021): a coordinator opens one for an information event or an
application day where many entrepreneurs share one network. A draft started through a link that is
open – within its period, not closed, fewer than ``cap`` drafts so far – does not count against the
per-address limit (storage.draft_limits); the cap still bounds it.

The link's token is derived from a random nonce and the secret key (so the coordinator's page can
show it again); only its SHA-256 is stored for the lookup, like the other private links. Times are
ISO 8601 UTC stamps."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from .db import immediate

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def link_token(secret: str, nonce: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), b"event-link:" + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create(db, name: str, valid_from: str, valid_until: str, cap: int, user_id: int | None, secret: str,
           now: str) -> int:
    """A new event link; returns its id."""
    nonce = secrets.token_urlsafe(24)
    with immediate(db):
        cursor = db.execute(
            "INSERT INTO event_links (name, nonce, token_hash, valid_from, valid_until, cap, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [name, nonce, _hash(link_token(secret, nonce)), valid_from, valid_until, cap, user_id, now])
    return cursor.lastrowid


def all_links(db) -> list[dict]:
    """Every event link, the newest period first."""
    return list(db.query("SELECT * FROM event_links ORDER BY valid_from DESC, id DESC"))


def get(db, link_id: int) -> dict | None:
    return next(iter(db.query("SELECT * FROM event_links WHERE id = ?", [link_id])), None)


def by_token(db, token: str) -> dict | None:
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    return next(iter(db.query("SELECT * FROM event_links WHERE token_hash = ?", [_hash(token)])), None)


def state(link: dict, now: str) -> str:
    """'open', 'not_yet', 'ended' (its period is over or it was closed) or 'full'."""
    if link["closed_at"] or now >= link["valid_until"]:
        return "ended"
    if now < link["valid_from"]:
        return "not_yet"
    return "full" if link["started"] >= link["cap"] else "open"


def close(db, link_id: int, now: str) -> bool:
    """Ends the link now; False when it was already closed or unknown."""
    with immediate(db):
        cursor = db.execute("UPDATE event_links SET closed_at = ? WHERE id = ? AND closed_at IS NULL", [now, link_id])
    return cursor.rowcount == 1


def take(db, link_id: int, now: str) -> bool:
    """Counts one new draft for the link if it is open now and not full. One statement, so drafts
    started at once on several workers never exceed the cap. Run inside the draft's transaction."""
    cursor = db.execute(
        "UPDATE event_links SET started = started + 1 WHERE id = ? AND closed_at IS NULL AND valid_from <= ? "
        "AND valid_until > ? AND started < cap", [link_id, now, now])
    return cursor.rowcount == 1
