"""Pure rules of a company's own sign-up from the open training calendar: when it may cancel
itself, and the seats a calendar shows as left. No Flask, no database, no I/O.

**Cancelling one's own sign-up** (the company, with its private link): a place on the waiting
list, a seat offer or a pending application holds no seat and costs nothing, so it may be
cancelled (withdrawn) until the course starts. A seat may be cancelled by the company itself
while the cancellation is free – at least ``free_days`` days before the course starts, the same
rule as the invoicing basis (``trainings.rules.invoicing``) – and the freed seat goes to the waiting list.
Later the fee would be charged: the page says so and asks the company to contact the organiser,
who can still cancel it (an advisor's cancellation follows ``trainings.rules.enrolments.cancel_refusal``).
Nothing is cancelled once the course has started (attendance and the roll call are records)."""

from __future__ import annotations

from datetime import date, timedelta

from trainings.rules.enrolments import APPLIED, ENROLLED, OFFERED, WAITING

FREE, LATE, STARTED, NOTHING = "free", "late", "started", "nothing"


def free_until(starts_on: str, free_days: int) -> str:
    """The last day (ISO) on which cancelling a seat is free."""
    return (date.fromisoformat(starts_on) - timedelta(days=free_days)).isoformat()


def own_cancellation(status: str | None, starts_on: str, today: str, free_days: int) -> str:
    """What the company's own cancellation of an enrolment in ``status`` would be today:
    ``free`` (allowed, costs nothing), ``late`` (a seat after the free period: contact the
    organiser), ``started`` (the course has started: nothing to cancel) or ``nothing`` (no live
    enrolment)."""
    if status not in (ENROLLED, WAITING, OFFERED, APPLIED):
        return NOTHING
    if today >= starts_on:
        return STARTED
    if status == ENROLLED and today > free_until(starts_on, free_days):
        return LATE
    return FREE


def seats_left(seats: int, taken: int, pool_seats: int | None = None, pool_taken: int | None = None) -> int:
    """Free seats of a course (seats held: enrolled and offered), within its seat pool if it has one."""
    left = max(seats - taken, 0)
    if pool_seats is not None and pool_taken is not None:
        left = min(left, max(pool_seats - pool_taken, 0))
    return left
