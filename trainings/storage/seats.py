"""Seats held in a course and in its pool, every status change of an enrolment, and the offer of
freed seats to the waiting list.

Enrolled and offered seats are both taken: an offer keeps the seat for the company until it
answers or the deadline passes. Every function here runs inside the caller's write transaction
(``BEGIN IMMEDIATE``), which is what keeps a course from being overbooked. Every status change
goes through ``change_status``, which asks the one table of allowed changes
(``trainings.rules.enrolments``); the database's trigger refuses anything else."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from trainings.rules.enrolments import OFFERED, SEAT, WAITING, next_status
from trainings.rules.places import offer_deadline, placement, promotions

from storage.db import stamp as clock_stamp

HOLDING = "('enrolled', 'offered')"


class StatusRefused(Exception):
    """The change is not in the table of allowed status changes (``args``: event, status)."""


def bump(db) -> None:
    """Marks the training records changed (call inside the write transaction)."""
    db.execute("UPDATE training_generation SET generation = generation + 1 WHERE id = 1")


def taken(db, course_id: int) -> int:
    return db.execute(f"SELECT count(*) FROM training_enrolments WHERE course_id = ? AND status IN {HOLDING}",
                      [course_id]).fetchone()[0]


def pool_taken(db, pool: str | None) -> int | None:
    if pool is None:
        return None
    return db.execute("SELECT count(*) FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id "
                      f"WHERE c.pool = ? AND e.status IN {HOLDING}", [pool]).fetchone()[0]


def seat_for(db, course: dict, pool_seats: int | None) -> str:
    """'enrolled' when the course and its pool have a free seat, else 'waiting'."""
    return placement(taken(db, course["id"]), course["seats"], pool_taken(db, course["pool"]), pool_seats)


def next_position(db, course_id: int) -> int:
    return db.execute("SELECT coalesce(max(position), 0) + 1 FROM training_enrolments WHERE course_id = ?",
                      [course_id]).fetchone()[0]


def resolve(db, event: str, before: str | None, course: dict, pool_seats: int | None) -> str:
    """The status ``event`` leads to from ``before`` (a seat decision made now); raises
    StatusRefused when the table does not allow it."""
    after = next_status(event, before)
    if after is None:
        raise StatusRefused(event, before)
    return seat_for(db, course, pool_seats) if after == SEAT else after


def change_status(db, enrolment_id: int, event: str, before: str, after: str, fields: dict | None = None) -> None:
    """Writes one allowed status change with the columns that go with it (a new waiting place
    goes to the end of the line; leaving the line clears the place)."""
    allowed = next_status(event, before)
    if allowed is None or (allowed != SEAT and allowed != after):
        raise StatusRefused(event, before)
    values = {"status": after, **(fields or {})}
    if after == WAITING and "position" not in values:
        course_id = db.execute("SELECT course_id FROM training_enrolments WHERE id = ?", [enrolment_id]).fetchone()[0]
        values["position"] = next_position(db, course_id)
    elif after != WAITING:
        values["position"] = None
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(f"UPDATE training_enrolments SET {assignments} WHERE id = ? AND status = ?",
               [*values.values(), enrolment_id, before])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def course_row(db, course_id: int) -> dict | None:
    return next(db.query("SELECT id, seats, pool, starts_on, ends_on FROM training_courses WHERE id = ?",
                         [course_id]), None)


def offer_free_seats(db, course: dict, pool_seats: int | None, today: str, offer_days: int) -> list[dict]:
    """Offers the free seats of a course to the first companies on its waiting list, each with
    its own answer token (only its hash is stored). Returns ``{"id", "token", "offer_until"}``
    of each new offer: the only moment the token exists in clear."""
    deadline = offer_deadline(date.fromisoformat(today), date.fromisoformat(course["starts_on"]), offer_days)
    if deadline is None:
        return []  # the course has started: the waiting list stays as it is
    waiting = [r[0] for r in db.execute("SELECT id FROM training_enrolments WHERE course_id = ? AND status = 'waiting' "
                                        "ORDER BY position", [course["id"]]).fetchall()]
    chosen = promotions(waiting, taken(db, course["id"]), course["seats"], pool_taken(db, course["pool"]), pool_seats)
    offers, stamp = [], clock_stamp(db)
    for enrolment_id in chosen:
        token = secrets.token_urlsafe(24)
        change_status(db, enrolment_id, "offer", WAITING, OFFERED,
                      {"offered_at": stamp, "offer_until": deadline.isoformat(), "offer_hash": token_hash(token),
                       "answered_at": None})
        offers.append({"id": enrolment_id, "token": token, "offer_until": deadline.isoformat()})
    return offers


def lapse_due(db, course_id: int, today: str) -> list[int]:
    """Marks the offers of a course whose last day has passed 'lapsed'; returns their ids."""
    ids = [r[0] for r in db.execute("SELECT id FROM training_enrolments WHERE course_id = ? AND status = 'offered' "
                                    "AND offer_until < ?", [course_id, today]).fetchall()]
    stamp = clock_stamp(db)
    for enrolment_id in ids:
        change_status(db, enrolment_id, "lapse", OFFERED, "lapsed", {"cancelled_at": stamp})
    return ids
