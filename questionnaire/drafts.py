"""Starting a questionnaire without storing anything: the start button hands out a signed token,
and the draft row is created only when its first page is saved – at most ``DRAFT_START_LIMIT``
new drafts per client address in ``DRAFT_START_WINDOW`` seconds (counted in SQLite, so the limit
holds across gunicorn workers). At an event the organiser's event link lifts the address's limit for
the drafts started through it (questionnaire.events; bounded by the link's own cap)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app, session

from web.clients import request_client

RANDOM_CHARS = 32  # 24 random bytes, URL-safe
MAC_CHARS = 16


def _mac(body: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, b"draft-start:" + body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:MAC_CHARS]


def start_token() -> str:
    """A new private token for a questionnaire that is not stored yet."""
    body = secrets.token_urlsafe(24)[:RANDOM_CHARS]
    return body + _mac(body)


def is_start_token(token: str) -> bool:
    """Whether ``token`` was handed out by this instance's start button (nothing stored yet)."""
    if len(token) != RANDOM_CHARS + MAC_CHARS:
        return False
    body, mac = token[:RANDOM_CHARS], token[RANDOM_CHARS:]
    return hmac.compare_digest(mac, _mac(body))


def address_key() -> str:
    """The client address as a keyed hash: the limit needs to recognise it, not to read it."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    address = request_client().encode()
    return hmac.new(key, b"draft-address:" + address, hashlib.sha256).hexdigest()[:32]


def limit() -> tuple[int, int]:
    """(how many new drafts, in how many seconds) one address may start."""
    return int(current_app.config["DRAFT_START_LIMIT"]), int(current_app.config["DRAFT_START_WINDOW"])


EVENT_KEY = "event_link"


def remember_event_link(link_id: int) -> None:
    """This browser came through an event link: its new drafts are counted against the link."""
    session[EVENT_KEY] = int(link_id)


def event_link() -> int | None:
    """The event link this browser came through (its period and cap are checked when a draft is
    created), else None."""
    value = session.get(EVENT_KEY)
    return value if isinstance(value, int) else None
