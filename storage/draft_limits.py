"""The per-address limit on new questionnaire drafts (see questionnaire.drafts). Called inside the
transaction that creates the draft, so parallel requests on several workers cannot overshoot. A
draft started through an open event link (storage.event_links) counts against the link's cap
instead of the address's limit."""

from __future__ import annotations

import time

from . import event_links
from .db import stamp

clock = time.time  # replaced in tests

class TooManyDrafts(Exception):
    """This address started its allowance of drafts within the window."""


def reserve(db, address_key: str, limit: int, window: int, event_link: int | None = None) -> None:
    """Count one new draft for the event link (when it is open and not full) or for the address,
    or raise TooManyDrafts. Run inside ``immediate()``."""
    if event_link is not None and event_links.take(db, event_link, stamp(db)):  # the app's clock: a moment
        return
    moment = clock()  # epoch seconds: the window is a duration
    db.execute("DELETE FROM draft_starts WHERE at < ?", [moment - window])
    used = db.execute("SELECT count(*) FROM draft_starts WHERE address = ? AND at >= ?",
                      [address_key, moment - window]).fetchone()[0]
    if used >= limit:
        raise TooManyDrafts()
    db.execute("INSERT INTO draft_starts (at, address) VALUES (?, ?)", [moment, address_key])
