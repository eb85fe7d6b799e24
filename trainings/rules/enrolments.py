"""The one table of an enrolment's allowed status changes, and the guards on cancelling.

Every path that changes an enrolment (the advisor's and the coordinator's buttons, the company's
own link, the command line, the expiry of seat offers) asks ``next_status``; the database holds
the same pairs (``training_status_changes``, filled by a migration and checked by a trigger), and
a test keeps the two equal. No Flask, no database, no I/O.

Statuses: ``applied`` (waits for the coordinator's decision), ``enrolled`` (holds a seat),
``waiting`` (on the waiting list), ``offered`` (a freed seat is kept for it until it answers or the
deadline passes), ``declined`` (an application not accepted, or an offered seat declined),
``lapsed`` (an offer not answered in time), ``cancelled``.
"""

from __future__ import annotations

APPLIED, ENROLLED, WAITING, OFFERED = "applied", "enrolled", "waiting", "offered"
DECLINED, LAPSED, CANCELLED = "declined", "lapsed", "cancelled"
STATUSES = (APPLIED, ENROLLED, WAITING, OFFERED, DECLINED, LAPSED, CANCELLED)
# statuses that hold a seat: an offered seat is kept for the company until it answers or the
# deadline passes, so it counts against the course's and the pool's seats
SEAT_HOLDING = (ENROLLED, OFFERED)
# statuses in which the company is still in the course's queue (enrolling again changes nothing)
ACTIVE = (APPLIED, ENROLLED, WAITING, OFFERED)
NEW = None  # no enrolment yet
SEAT = "seat"  # enrolled when the course and its pool have a free seat, else waiting (``placement``)
ENDED = (CANCELLED, LAPSED, DECLINED)  # a new enrolment in the same course reuses such a row

# event -> {status before: status after}
TRANSITIONS: dict[str, dict[str | None, str]] = {
    "enrol": {NEW: SEAT, CANCELLED: SEAT, LAPSED: SEAT, DECLINED: SEAT},  # by an advisor or a coordinator
    "enrol_application": {NEW: APPLIED, CANCELLED: APPLIED, LAPSED: APPLIED, DECLINED: APPLIED},  # staff, path
    "apply": {NEW: APPLIED, CANCELLED: APPLIED, LAPSED: APPLIED},  # the company itself (not after a decline)
    "accept": {APPLIED: SEAT},
    "decline": {APPLIED: DECLINED},
    "withdraw": {APPLIED: CANCELLED},
    "cancel": {ENROLLED: CANCELLED, WAITING: CANCELLED, OFFERED: CANCELLED, APPLIED: CANCELLED},
    "offer": {WAITING: OFFERED},
    "accept_offer": {OFFERED: ENROLLED},
    "decline_offer": {OFFERED: DECLINED},
    "lapse": {OFFERED: LAPSED},
}


def next_status(event: str, current: str | None) -> str | None:
    """The status after ``event`` from ``current`` (``SEAT``: decided by the seats), or None when
    the change is not allowed (nothing may change then)."""
    return TRANSITIONS[event].get(current)


def allowed_pairs() -> set[tuple[str, str]]:
    """Every (before, after) status change some event allows (a seat decision gives either)."""
    pairs = set()
    for changes in TRANSITIONS.values():
        for before, after in changes.items():
            if before is NEW:
                continue
            for status in ((ENROLLED, WAITING) if after == SEAT else (after,)):
                if status != before:
                    pairs.add((before, status))
    return pairs


def new_statuses() -> set[str]:
    """The statuses a new enrolment row may start in."""
    starts = set()
    for changes in TRANSITIONS.values():
        if NEW in changes:
            starts.update((ENROLLED, WAITING) if changes[NEW] == SEAT else (changes[NEW],))
    return starts


def cancel_refusal(status: str, invoiced: bool, attended: bool, course_ended: bool) -> str | None:
    """Why an enrolment may not be cancelled (None: it may): an invoiced row, one with attendance
    or one of an ended course is a record of what happened; cancelling it would silently change
    the invoicing basis and the counts. ``invoiced``, ``attended``, ``ended`` or ``status``."""
    if next_status("cancel", status) is None:
        return "status"
    if invoiced:
        return "invoiced"
    if attended:
        return "attended"
    if course_ended and status == ENROLLED:
        return "ended"
    return None
