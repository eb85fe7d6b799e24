"""Drains the outbox (storage.outbox): claims due messages, delivers each outside any
transaction, records sent / retry later / given up. Used by the per-worker thread and by
`flask mail send`. No Flask: the settings are passed in."""

from __future__ import annotations

import logging
import threading

from storage import outbox
from storage.db import connect

from . import smtp

log = logging.getLogger(__name__)


def lease_s(settings: dict) -> float:
    """How long a claim lasts: longer than a slow server can keep one delivery."""
    return 3 * float(settings["MAIL_TIMEOUT"]) + 30


def send_due(db, settings: dict, max_attempts: int, limit: int = 20) -> dict:
    """One round: deliver what is due now. Returns {"sent": n, "retry": n, "given_up": n}."""
    result = {"sent": 0, "retry": 0, "given_up": 0}
    for row in outbox.claim(db, lease_s(settings), limit):
        try:
            smtp.deliver(settings, smtp.message(settings["MAIL_SENDER"], row["recipient"], row["subject"], row["body"]))
        except (*smtp.ERRORS, ValueError) as exc:  # ValueError: a header email cannot write (this message only)
            error = type(exc).__name__ + (f" {exc.smtp_code}" if getattr(exc, "smtp_code", None) else "")
            gave_up = outbox.mark_failed(db, row["id"], row["attempts"], error, max_attempts)
            result["given_up" if gave_up else "retry"] += 1
            log.warning("%s email %d failed (attempt %d%s): %s", row["kind"], row["id"], row["attempts"],
                        ", given up" if gave_up else ", will retry", error)
            continue
        outbox.mark_sent(db, row["id"])
        result["sent"] += 1
        log.info("%s email %d sent", row["kind"], row["id"])
    return result


def drain(db, settings: dict, max_attempts: int) -> dict:
    """Rounds until nothing is due (``flask mail send``)."""
    total = {"sent": 0, "retry": 0, "given_up": 0}
    while True:
        result = send_due(db, settings, max_attempts)
        for key, value in result.items():
            total[key] += value
        if not any(result.values()):
            return total


class SenderThread(threading.Thread):
    """The outbox sender of one worker process: looks every ``interval`` seconds (sooner when
    woken), so a queued mail leaves within seconds without any request waiting for it."""

    def __init__(self, path: str, settings: dict, max_attempts: int, interval: float = 3.0):
        super().__init__(name="outbox-sender", daemon=True)
        self.path, self.settings, self.max_attempts, self.interval = path, settings, max_attempts, interval
        self.wake = threading.Event()
        self.stopping = threading.Event()

    def run(self) -> None:
        db = connect(self.path)
        said = None
        while not self.stopping.is_set():
            try:
                send_due(db, self.settings, self.max_attempts)
                said = None
            except Exception as exc:  # noqa: BLE001 - a database hiccup (or the schema before an upgrade) must not end it
                if str(exc) != said:  # said once, not every few seconds
                    log.warning("outbox sender round failed: %s", exc)
                    said = str(exc)
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
            self.wake.wait(self.interval)
            self.wake.clear()
        db.close()
