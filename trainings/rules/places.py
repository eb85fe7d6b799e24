"""Pure rules of a course's seats: the fee tier of a company, seat placement (with the seat
pool), waiting-list promotion and the deadline of a seat offered from the waiting list."""

from __future__ import annotations

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

