"""The mail outbox: a change that causes an email queues it here in the same transaction
(``enqueue`` inside the caller's ``immediate()``), so that a change is never saved without its
mail nor a mail sent for a change that was rolled back, and no request waits for a mail server.

The sender (``mailer``) claims due messages (several workers may drain at once: a claim is a
lease that expires), delivers them outside any transaction and records the outcome: sent (the
address and the body, which may hold a private link, are removed at once), or retried later with
exponential backoff, or given up after ``max_attempts`` (shown to the coordinator, who can retry).
Rows are deleted by the retention rule after ``KEEP_S`` (personal_data.EXPIRING)."""

from __future__ import annotations

import time

from .db import immediate

KEEP_S = 30 * 24 * 3600
FIRST_RETRY_S = 60
MAX_RETRY_S = 6 * 3600


def enqueue(db, to: str, subject: str, body: str, kind: str, clock=time.time) -> int:
    """Queue one message; call it inside the ``immediate()`` of the change that causes it (it
    joins that transaction). ``kind`` names the message in logs and on the coordinator's page.
    Times in this table are epoch seconds of ``clock`` (real time: retries wait real minutes)."""
    now = clock()
    with immediate(db):
        cursor = db.execute("INSERT INTO outbox (kind, recipient, subject, body, queued_at, next_attempt_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [kind, to, subject, body, now, now])
    return cursor.lastrowid


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed ones: 1 min, 2, 4 … at most 6 h."""
    return min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S)


def claim(db, lease_s: float, limit: int = 20, clock=time.time) -> list[dict]:
    """Due messages, each leased to this sender for ``lease_s`` seconds (another sender skips
    them; a sender that died leaves them to the next once the lease ends). Counts the attempt."""
    now = clock()
    due = "status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
    if db.execute(f"SELECT 1 FROM outbox WHERE {due} LIMIT 1", [now, now]).fetchone() is None:
        return []  # the usual case: no write lock taken every few seconds for nothing
    with immediate(db):
        rows = list(db.query(
            "SELECT id, kind, recipient, subject, body, attempts FROM outbox WHERE status = 'pending' "
            "AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?",
            [now, now, limit]))
        for row in rows:
            db.execute("UPDATE outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id = ?",
                       [now + lease_s, row["id"]])
            row["attempts"] += 1
    return rows


def mark_sent(db, message_id: int, clock=time.time) -> None:
    with immediate(db):
        db.execute("UPDATE outbox SET status = 'sent', sent_at = ?, recipient = '', body = '', claimed_until = NULL, "
                   "last_error = NULL WHERE id = ?", [clock(), message_id])


def mark_failed(db, message_id: int, attempts: int, error: str, max_attempts: int, clock=time.time) -> bool:
    """Record a failed try (``error`` names the failure, never an address). Returns True when the
    message was given up (``max_attempts`` reached), else it is tried again after ``backoff``."""
    now = clock()
    given_up = attempts >= max_attempts
    with immediate(db):
        db.execute("UPDATE outbox SET status = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ? "
                   "WHERE id = ?", ["failed" if given_up else "pending", now + backoff(attempts), error[:200],
                                    message_id])
    return given_up


def retry_failed(db, message_ids: list[int] | None = None, clock=time.time) -> int:
    """Give failed messages (all, or those listed) a new round of attempts, due now."""
    sql = "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, claimed_until = NULL " \
          "WHERE status = 'failed'"
    params: list = [clock()]
    if message_ids is not None:
        sql += f" AND id IN ({', '.join('?' for _ in message_ids)})"
        params += list(message_ids)
    with immediate(db):
        return db.execute(sql, params).rowcount


def summary(db, clock=time.time) -> dict:
    """Counts for the coordinator and ``flask mail status``: waiting, failed, sent in the last day,
    the oldest waiting message's age in seconds and the last error."""
    now = clock()
    row = next(db.query(
        "SELECT sum(status = 'pending') AS waiting, sum(status = 'failed') AS failed, "
        "sum(status = 'sent' AND sent_at > ?) AS sent_day, min(CASE WHEN status = 'pending' THEN queued_at END) "
        "AS oldest FROM outbox", [now - 24 * 3600]))
    last = list(db.query("SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1"))
    return {"waiting": row["waiting"] or 0, "failed": row["failed"] or 0, "sent_day": row["sent_day"] or 0,
            "oldest_s": int(now - row["oldest"]) if row["oldest"] else 0,
            "last_error": last[0]["last_error"] if last else None}


def failed(db, limit: int = 200) -> list[dict]:
    """The messages given up, newest first (for the coordinator: to whom, what, why)."""
    return list(db.query("SELECT id, kind, recipient, subject, queued_at, attempts, last_error FROM outbox "
                         "WHERE status = 'failed' ORDER BY id DESC LIMIT ?", [limit]))


def waiting(db, limit: int = 200) -> list[dict]:
    return list(db.query("SELECT id, kind, recipient, subject, queued_at, attempts, last_error, next_attempt_at "
                         "FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?", [limit]))
