"""Pure rules of the trainings: fee tier, seat placement, waiting-list promotion, the
certificate rule and the matching of an online meeting's participant list (the status table is
``scoring.enrolments``, what is billed ``scoring.invoicing``).

No Flask, no database, no I/O: storage and views call these with plain values.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from .enrolments import ENROLLED, WAITING


def fee_for(fee: int, fee_high: int | None, turnover_code: str | None, high_codes) -> tuple[int, str]:
    """The fee of one company and its tier: ``free``, ``base`` or ``high`` (turnover over the
    threshold; an unknown turnover is charged the base fee)."""
    if not fee and not fee_high:
        return 0, "free"
    if fee_high is not None and turnover_code in tuple(high_codes):
        return fee_high, "high"
    return fee, "base"


def placement(enrolled: int, seats: int, pool_enrolled: int | None = None, pool_seats: int | None = None) -> str:
    """Whether a new enrolment gets a seat or goes to the waiting list: the course must have a
    free seat and so must the pool it shares seats with."""
    if enrolled >= seats:
        return WAITING
    if pool_seats is not None and (pool_enrolled or 0) >= pool_seats:
        return WAITING
    return ENROLLED


def promotions(waiting_ids_in_order, enrolled: int, seats: int, pool_enrolled: int | None = None,
               pool_seats: int | None = None) -> list:
    """Which waiting enrolments get the freed seats: the first in line, as many as fit."""
    free = seats - enrolled
    if pool_seats is not None:
        free = min(free, pool_seats - (pool_enrolled or 0))
    return list(waiting_ids_in_order)[:max(free, 0)]


def offer_deadline(today: date, starts_on: date, offer_days: int) -> date | None:
    """The last day to accept a freed seat: ``offer_days`` from today, but at the latest the day
    before the course starts (the start day itself when the course starts today). None when
    the course has already started: no seat is offered any more."""
    if starts_on < today:
        return None
    return min(today + timedelta(days=offer_days), max(today, starts_on - timedelta(days=1)))


def offer_lapsed(offer_until: str | None, today: str) -> bool:
    """An offer lapses when its last day (ISO date, inclusive) has passed."""
    return bool(offer_until) and today > offer_until


def certificate_due(rule: str, min_share: float, held: int, present: int) -> bool:
    """``share``: present at ``min_share`` of the sessions held or more, exactly (3 of 4 is
    75 %, 2 of 3 is not); ``any``: at least one session; ``none``: never."""
    if rule == "none" or held <= 0 or present <= 0:
        return False
    if rule == "any":
        return True
    return present * 1_000_000 >= round(min_share * 1_000_000) * held


def _key(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(text.replace(",", " ").split())


def match_participants(rows, enrolments) -> tuple[dict, list]:
    """Match participant rows ``{"name", "email"}`` to enrolments ``{"id", "company", "participant",
    "email"}`` by email, else by company or participant name (case and spacing ignored).

    Returns ``({enrolment_id: row_number}, [unmatched (row_number, row)])``.
    """
    by_email, by_name = {}, {}
    for e in enrolments:
        if e.get("email"):
            by_email.setdefault(_key(e["email"]), e["id"])
        for name in (e.get("company"), e.get("participant")):
            if name:
                by_name.setdefault(_key(name), e["id"])
    matched, unmatched = {}, []
    for number, row in enumerate(rows, start=1):
        email, name = _key(row.get("email")), _key(row.get("name"))
        found = by_email.get(email) if email else None
        if found is None and name:
            found = by_name.get(name)
            if found is None:
                found = next((eid for key, eid in by_name.items()
                              if len(key) >= 4 and len(name) >= 4 and (key in name or name in key)), None)
        if found is None:
            unmatched.append((number, row))
        else:
            matched.setdefault(found, number)
    return matched, unmatched
