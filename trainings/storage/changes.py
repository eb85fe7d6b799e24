"""Corrections to a course and its sessions after they were created: name, seats and dates of a
course; date, time, place, trainer and hours of a session.

Each change is one ``BEGIN IMMEDIATE`` transaction that checks what is in the database at that
moment: a course never gets fewer seats than are taken (enrolled and offered); a session with
attendance marks is not moved to a day that has not come yet (attendance is recorded from a
session's day on, and its marks move with it); what a certificate was issued on (the course's
name and dates, a session's day and hours) stays as it is. Raising the seats offers the new seats
to the waiting list, as a cancellation does."""

from __future__ import annotations

from storage.db import immediate
from .seats import bump, course_row, offer_free_seats, taken

COURSE_EDITABLE = ("name", "name_en", "seats", "apply_from", "apply_until", "starts_on", "ends_on")
SESSION_EDITABLE = ("on_date", "start_time", "end_time", "place", "link", "trainer", "description", "hours")
# what an issued certificate shows: these stay as they are once one was issued
COURSE_CERTIFIED = ("name", "name_en", "starts_on", "ends_on")
SESSION_CERTIFIED = ("on_date", "hours")
# a change the enrolled companies are told about
SESSION_NOTIFIED = ("on_date", "start_time", "end_time", "place", "link")


def _changed(before: dict, values: dict, fields) -> list[str]:
    return [key for key in fields if key in values and values[key] != before.get(key)]


def certified(db, course_id: int, package: str | None = None) -> bool:
    """Has a certificate been issued on this course's attendance: one of the course's own, or
    (``package``) a work package's certificate at project end of a company present at it."""
    if db.execute("SELECT 1 FROM training_certificates WHERE course_id = ? LIMIT 1", [course_id]).fetchone():
        return True
    if package is None:
        return False
    return bool(db.execute(
        "SELECT 1 FROM training_attendance a JOIN training_enrolments e ON e.id = a.enrolment_id "
        "JOIN training_certificates x ON x.company_id = e.company_id AND x.course_id IS NULL AND x.package = ? "
        "WHERE e.course_id = ? AND a.status = 'present' LIMIT 1", [package, course_id]).fetchone())


def marks(db, session_id: int) -> int:
    """How many attendance marks (present, absent or excused) a session has."""
    return db.execute("SELECT count(*) FROM training_attendance WHERE session_id = ?", [session_id]).fetchone()[0]


def update_course(db, course_id: int, values: dict, pool_seats: int | None, today: str, offer_days: int,
                  package: str | None = None) -> dict:
    """Changes the course's editable fields. ``{"changed": [field names], "refused": None |
    'seats' | 'certified', "taken": seats taken, "offers": new seat offers}``."""
    with immediate(db):
        before = dict(next(db.query("SELECT * FROM training_courses WHERE id = ?", [course_id])))
        changed = _changed(before, values, COURSE_EDITABLE)
        seats_taken = taken(db, course_id)
        result = {"changed": changed, "refused": None, "taken": seats_taken, "offers": []}
        if "seats" in changed and values["seats"] < seats_taken:
            return {**result, "changed": [], "refused": "seats"}
        if set(changed) & set(COURSE_CERTIFIED) and certified(db, course_id, package):
            return {**result, "changed": [], "refused": "certified"}
        if not changed:
            return result
        bump(db)
        db.execute(f"UPDATE training_courses SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                   [values[k] for k in changed] + [course_id])
        if "seats" in changed and values["seats"] > before["seats"]:
            result["offers"] = offer_free_seats(db, course_row(db, course_id), pool_seats, today, offer_days)
        return result


def update_session(db, session_id: int, values: dict, today: str, package: str | None = None) -> dict:
    """Changes a session's fields; its attendance marks keep their session (and its date).
    ``{"changed": [field names], "refused": None | 'marks_future' | 'certified', "before": the
    session as it was}``."""
    with immediate(db):
        before = dict(next(db.query("SELECT * FROM training_sessions WHERE id = ?", [session_id])))
        changed = _changed(before, values, SESSION_EDITABLE)
        result = {"changed": changed, "refused": None, "before": before}
        if "on_date" in changed and values["on_date"] > today and marks(db, session_id):
            return {**result, "changed": [], "refused": "marks_future"}
        if set(changed) & set(SESSION_CERTIFIED) and certified(db, before["course_id"], package):
            return {**result, "changed": [], "refused": "certified"}
        if not changed:
            return result
        bump(db)
        db.execute(f"UPDATE training_sessions SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                   [values[k] for k in changed] + [session_id])
        if "on_date" in changed:
            db.execute("UPDATE training_attendance SET on_date = ? WHERE session_id = ?",
                       [values["on_date"], session_id])
        return result


def recipients(db, course_id: int) -> list[dict]:
    """The companies holding a seat in a course (enrolled, or offered one) with the address to
    tell them of a change (the participant's, else the confirmed contact's) and the language of
    their analysis."""
    return list(db.query(
        "SELECT e.id, e.company_id, c.name AS company_name, coalesce(e.email, k.contact_email) AS email, "
        "coalesce(e.language, r.language) AS language FROM training_enrolments e "
        "JOIN companies c ON c.id = e.company_id JOIN company_contact k ON k.company_id = e.company_id "
        "LEFT JOIN responses r ON r.id = k.response_id WHERE e.course_id = ? AND e.status IN ('enrolled', 'offered') "
        "ORDER BY c.name COLLATE NOCASE", [course_id]))
