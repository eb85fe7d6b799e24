"""The per-address limit on new questionnaire drafts (see questionnaire.drafts). Called inside the
transaction that creates the draft, so parallel requests on several workers cannot overshoot."""

from __future__ import annotations

import time

clock = time.time  # replaced in tests

class TooManyDrafts(Exception):
    """This address started its allowance of drafts within the window."""


def reserve(db, address_key: str, limit: int, window: int) -> None:
    """Count one new draft for the address, or raise TooManyDrafts. Run inside ``immediate()``."""
    moment = clock()
    db.execute("DELETE FROM draft_starts WHERE at < ?", [moment - window])
    used = db.execute("SELECT count(*) FROM draft_starts WHERE address = ? AND at >= ?",
                      [address_key, moment - window]).fetchone()[0]
    if used >= limit:
        raise TooManyDrafts()
    db.execute("INSERT INTO draft_starts (at, address) VALUES (?, ?)", [moment, address_key])
