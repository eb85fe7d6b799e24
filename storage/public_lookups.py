"""The rate limit of public look-ups by code (``/todistus/<code>``, certificate verification):
failed look-ups per client address in a sliding window, shared by every worker through SQLite.
A client over the limit is refused every look-up, found or not, until the window has passed, so
codes cannot be enumerated. Durations are epoch seconds (``clock=time.time`` in tests)."""

from __future__ import annotations

import time

from .db import immediate

WINDOW_S = 60 * 60
MAX_FAILURES = 20


def blocked(db, kind: str, client: str, clock=time.time) -> bool:
    """Whether ``client`` has failed ``MAX_FAILURES`` look-ups of ``kind`` within the window."""
    cutoff = clock() - WINDOW_S
    used = db.execute("SELECT count(*) FROM public_lookups WHERE kind = ? AND client = ? AND at > ?",
                      [kind, client, cutoff]).fetchone()[0]
    return used >= MAX_FAILURES


def record_failure(db, kind: str, client: str, clock=time.time) -> None:
    moment = clock()
    with immediate(db):
        db.execute("DELETE FROM public_lookups WHERE at < ?", [moment - WINDOW_S])
        db.execute("INSERT INTO public_lookups (at, kind, client) VALUES (?, ?, ?)", [moment, kind, client])
