"""Offers of freed seats: the company's answer (accept / decline, by its link or recorded by an
advisor), overdue offers lapsing, and the cascade to the next company on the waiting list.

Each change is one ``BEGIN IMMEDIATE`` transaction that first lapses the course's overdue
offers, so an answer after the deadline finds the offer lapsed, and however many workers
answer or expire at once a course is never overbooked. ``today`` is a parameter (ISO date)."""

from __future__ import annotations

from storage.db import immediate, stamp as clock_stamp

from .seats import bump, change_status, course_row, lapse_due, offer_free_seats, token_hash

_OFFER_SQL = """
SELECT e.id, e.course_id, e.company_id, e.status, e.fee, e.fee_tier, e.offer_until, e.offered_at, e.answered_at,
  e.participant, coalesce(e.email, k.contact_email) AS email, coalesce(e.language, r.language) AS language,
  c.name AS company_name, o.organisation, t.name AS course_name, t.name_en AS course_name_en,
  t.offer_id, t.starts_on, t.ends_on, t.organiser
FROM training_enrolments e JOIN companies c ON c.id = e.company_id JOIN training_courses t ON t.id = e.course_id
JOIN company_org o ON o.company_id = e.company_id JOIN company_contact k ON k.company_id = e.company_id
LEFT JOIN responses r ON r.id = k.response_id
"""


def offer_by_token(db, token: str) -> dict | None:
    """The offer a link's token belongs to (any status: answered and lapsed ones too)."""
    if not token or len(token) > 100:
        return None
    rows = list(db.query(_OFFER_SQL + " WHERE e.offer_hash = ?", [token_hash(token)]))
    return rows[0] if rows else None


def offer_details(db, enrolment_id: int) -> dict | None:
    rows = list(db.query(_OFFER_SQL + " WHERE e.id = ?", [enrolment_id]))
    return rows[0] if rows else None


def _lapse_and_reoffer(db, course: dict, pool_seats: int | None, today: str, offer_days: int) -> tuple[list, list]:
    lapsed = lapse_due(db, course["id"], today)
    return lapsed, (offer_free_seats(db, course, pool_seats, today, offer_days) if lapsed else [])


def answer(db, enrolment_id: int, accept: bool, today: str, offer_days: int,
           pool_seats: int | None = None) -> tuple[str, list[dict]]:
    """The company accepts (-> 'enrolled', the fee fixed at enrolment stays) or declines
    (-> 'declined', the seat goes to the next in line). Returns the status after the answer
    and the new offers; a status other than 'enrolled' / 'declined' (e.g. 'lapsed', or the
    earlier answer) means the offer was no longer open and nothing changed."""
    with immediate(db):
        bump(db)
        row = db.execute("SELECT course_id FROM training_enrolments WHERE id = ?", [enrolment_id]).fetchone()
        if row is None:
            return "missing", []
        course = course_row(db, row[0])
        _lapsed, offers = _lapse_and_reoffer(db, course, pool_seats, today, offer_days)
        status = db.execute("SELECT status FROM training_enrolments WHERE id = ?", [enrolment_id]).fetchone()[0]
        if status != "offered":
            return ("already_" + status), offers
        stamp = clock_stamp(db)
        if accept:
            change_status(db, enrolment_id, "accept_offer", "offered", "enrolled",
                          {"seated_at": stamp, "answered_at": stamp})
            return "enrolled", offers
        change_status(db, enrolment_id, "decline_offer", "offered", "declined",
                      {"cancelled_at": stamp, "answered_at": stamp})
        return "declined", offers + offer_free_seats(db, course, pool_seats, today, offer_days)


def expire_course(db, course_id: int, today: str, offer_days: int, pool_seats: int | None = None) -> tuple[list, list]:
    """Lapses the overdue offers of one course and offers the seats on; (lapsed ids, new offers).
    Reads first without a lock: a roster view takes the write lock only when something is due."""
    due = db.execute("SELECT 1 FROM training_enrolments WHERE course_id = ? AND status = 'offered' AND offer_until < ? "
                     "LIMIT 1", [course_id, today]).fetchone()
    if not due:
        return [], []
    with immediate(db):
        bump(db)
        return _lapse_and_reoffer(db, course_row(db, course_id), pool_seats, today, offer_days)


def courses_with_overdue_offers(db, today: str) -> list[dict]:
    return list(db.query("SELECT DISTINCT t.id, t.pool FROM training_enrolments e JOIN training_courses t "
                         "ON t.id = e.course_id WHERE e.status = 'offered' AND e.offer_until < ? ORDER BY t.id",
                         [today]))
