"""The per-client and per-address limit of the public sign-up forms (the open calendar's company
sign-up and the webinar sign-up), shared by every worker through SQLite (``signup_requests``)."""

from __future__ import annotations

import hashlib
import time

from .db import immediate

WINDOW_S = 60 * 60  # the sign-up limit's window
PER_ADDRESS = 5     # sign-ups per email address and window


def _address_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def allow_request(db, client: str, per_client: int, address: str | None = None, clock=time.time) -> bool:
    """Records one public sign-up request; False when the client (IP address) has made
    ``per_client`` of them this hour, or the email address ``PER_ADDRESS`` (``clock``: epoch
    seconds, the window is a duration)."""
    moment = clock()
    cutoff = moment - WINDOW_S
    key = _address_hash(address) if address else None
    with immediate(db):
        db.execute("DELETE FROM signup_requests WHERE at < ?", [cutoff])
        by_client = db.execute("SELECT count(*) FROM signup_requests WHERE client = ? AND at > ?",
                               [client, cutoff]).fetchone()[0]
        by_address = db.execute("SELECT count(*) FROM signup_requests WHERE address_hash = ? AND at > ?",
                                [key, cutoff]).fetchone()[0] if key else 0
        if by_client >= per_client or by_address >= PER_ADDRESS:
            return False
        db.execute("INSERT INTO signup_requests (at, client, address_hash) VALUES (?, ?, ?)",
                   [moment, client, key])
    return True
