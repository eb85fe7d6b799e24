"""Queueing an email: every feature's messages go into the outbox (``storage.outbox``) inside the
transaction of the change that causes them; the sender delivers them, so no request ever waits
for a mail server. Addresses never go into the log."""

from __future__ import annotations

from flask import current_app, g, has_request_context

from storage import get_db, outbox


def mail_enabled() -> bool:
    """Whether SMTP is configured (a service holds the same answer as ``Context.mail``)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def queue_mail(address: str, subject: str, body: str, kind: str, db=None) -> int:
    """Queue one message in ``db`` (default: this app's connection); inside an open ``immediate()``
    it joins that transaction."""
    message_id = outbox.enqueue(db if db is not None else get_db(), address, subject, body, kind)
    if has_request_context():
        g.mail_queued = True  # the worker's sender looks at once when the request ends
    return message_id
