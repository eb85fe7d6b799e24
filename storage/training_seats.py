"""Seats held in a course and in its pool, and the offer of freed seats to the waiting list.

Enrolled and offered seats are both taken: an offer keeps the seat for the company until it
answers or the deadline passes. Every function here runs inside the caller's write transaction
(``BEGIN IMMEDIATE``), which is what keeps a course from being overbooked."""

from __future__ import annotations

from .db import stamp as clock_stamp

import hashlib
import secrets
from datetime import date

from scoring.trainings import offer_deadline, promotions



HOLDING = "('enrolled', 'offered')"


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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def course_row(db, course_id: int) -> dict | None:
    return next(db.query("SELECT id, seats, pool, starts_on FROM training_courses WHERE id = ?", [course_id]), None)


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
        db.execute("UPDATE training_enrolments SET status = 'offered', position = NULL, offered_at = ?, "
                   "offer_until = ?, offer_hash = ?, answered_at = NULL WHERE id = ?",
                   [stamp, deadline.isoformat(), token_hash(token), enrolment_id])
        offers.append({"id": enrolment_id, "token": token, "offer_until": deadline.isoformat()})
    return offers


def lapse_due(db, course_id: int, today: str) -> list[int]:
    """Marks the offers of a course whose last day has passed 'lapsed'; returns their ids."""
    ids = [r[0] for r in db.execute("SELECT id FROM training_enrolments WHERE course_id = ? AND status = 'offered' "
                                    "AND offer_until < ?", [course_id, today]).fetchall()]
    stamp = clock_stamp(db)
    for enrolment_id in ids:
        db.execute("UPDATE training_enrolments SET status = 'lapsed', cancelled_at = ? WHERE id = ?",
                   [stamp, enrolment_id])
    return ids
