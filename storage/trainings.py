"""Courses, sessions and enrolments (seats and the waiting list). The seat decision and the
waiting-list promotion are pure rules (``scoring.trainings``) applied inside ``BEGIN IMMEDIATE``
so that however many workers enrol at once, a course is never overbooked."""

from __future__ import annotations

import clock

from scoring.trainings import ENROLLED, OFFERED, SEAT_HOLDING, WAITING, placement

from .db import immediate, stamp as clock_stamp

from .training_seats import bump, lapse_due, offer_free_seats, pool_taken, taken

ACTIVE = ("applied", ENROLLED, WAITING, OFFERED)
COURSE_FIELDS = ("offer_id", "name", "organiser", "seats", "pool", "apply_from", "apply_until", "starts_on", "ends_on")
SESSION_FIELDS = ("on_date", "start_time", "end_time", "place", "link", "trainer", "description", "hours")

_COURSE_SQL = """
SELECT c.*,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'enrolled') AS enrolled,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'waiting') AS waiting,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'offered') AS offered,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'applied') AS applied,
  (SELECT count(*) FROM training_sessions s WHERE s.course_id = c.id) AS sessions
FROM training_courses c
"""


def generation(db) -> int:
    return db.execute("SELECT generation FROM training_generation WHERE id = 1").fetchone()[0]


def create_course(db, values: dict, user_id: int | None) -> int:
    with immediate(db):
        bump(db)
        row = {key: values.get(key) for key in COURSE_FIELDS}
        cursor = db.execute(
            f"INSERT INTO training_courses ({', '.join(COURSE_FIELDS)}, created_by, created_at) "
            f"VALUES ({', '.join('?' * len(COURSE_FIELDS))}, ?, ?)",
            [row[k] for k in COURSE_FIELDS] + [user_id, clock_stamp(db)])
        return cursor.lastrowid


def get_course(db, course_id: int) -> dict | None:
    rows = list(db.query(_COURSE_SQL + " WHERE c.id = ?", [course_id]))
    return rows[0] if rows else None


def courses(db, organiser: str | None = None, since: str | None = None, limit: int = 500) -> list[dict]:
    """Courses ending on or after ``since`` (all when None), of one organiser or every one."""
    where, params = [], []
    if organiser is not None:
        where.append("c.organiser = ?")
        params.append(organiser)
    if since:
        where.append("c.ends_on >= ?")
        params.append(since)
    sql = _COURSE_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.starts_on, c.id LIMIT ?"
    return list(db.query(sql, params + [limit]))


def delete_course(db, course_id: int) -> bool:
    """Removes a course without attendance records (with its sessions and enrolments)."""
    with immediate(db):
        bump(db)
        if _course_has_attendance(db, course_id):
            return False
        db.execute("DELETE FROM training_enrolments WHERE course_id = ?", [course_id])
        db.execute("DELETE FROM training_sessions WHERE course_id = ?", [course_id])
        db.execute("DELETE FROM training_certificates WHERE course_id = ?", [course_id])
        db.execute("DELETE FROM training_courses WHERE id = ?", [course_id])
        return True


def _course_has_attendance(db, course_id: int) -> bool:
    return bool(db.execute(
        "SELECT 1 FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id WHERE s.course_id = ? "
        "LIMIT 1", [course_id]).fetchone())


def add_session(db, course_id: int, values: dict) -> int:
    with immediate(db):
        bump(db)
        cursor = db.execute(
            f"INSERT INTO training_sessions (course_id, {', '.join(SESSION_FIELDS)}) "
            f"VALUES (?, {', '.join('?' * len(SESSION_FIELDS))})",
            [course_id] + [values.get(k) for k in SESSION_FIELDS])
        return cursor.lastrowid


def get_session(db, session_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM training_sessions WHERE id = ?", [session_id]))
    return rows[0] if rows else None


def sessions(db, course_id: int) -> list[dict]:
    return list(db.query(
        "SELECT s.*, (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id AND a.status = 'present') "
        "AS present FROM training_sessions s WHERE s.course_id = ? ORDER BY s.on_date, s.start_time, s.id",
        [course_id]))


def upcoming_sessions(db, since: str, organiser: str | None = None, limit: int = 200) -> list[dict]:
    where, params = "s.on_date >= ?", [since]
    if organiser is not None:
        where += " AND c.organiser = ?"
        params.append(organiser)
    return list(db.query(
        "SELECT s.*, c.name AS course_name, c.offer_id, c.organiser, c.seats, "
        "(SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'enrolled') AS enrolled "
        f"FROM training_sessions s JOIN training_courses c ON c.id = s.course_id WHERE {where} "
        "ORDER BY s.on_date, s.start_time, s.id LIMIT ?", params + [limit]))


def delete_session(db, session_id: int) -> bool:
    with immediate(db):
        bump(db)
        if db.execute("SELECT 1 FROM training_attendance WHERE session_id = ? LIMIT 1", [session_id]).fetchone():
            return False
        db.execute("DELETE FROM training_sessions WHERE id = ?", [session_id])
        return True


def _seat_for(db, course: dict, pool_seats: int | None) -> str:
    """Enrolled and offered seats are taken (an offer holds its seat until answered or lapsed)."""
    return placement(taken(db, course["id"]), course["seats"], pool_taken(db, course["pool"]), pool_seats)


def _next_position(db, course_id: int) -> int:
    return db.execute("SELECT coalesce(max(position), 0) + 1 FROM training_enrolments WHERE course_id = ?",
                      [course_id]).fetchone()[0]


def enrol(db, course_id: int, company_id: int, fee: int, fee_tier: str, participant: str | None = None,
          email: str | None = None, user_id: int | None = None, pool_seats: int | None = None,
          apply: bool = False, source: str | None = None, motivation: str | None = None,
          language: str | None = None) -> dict:
    """Enrols (or, with ``apply``, records an application of) a company; enrolling twice
    returns the existing enrolment unchanged. The fee and its tier are fixed here. ``source``
    'company': the company applied itself through its private link (``motivation``: its own words)."""
    with immediate(db):
        bump(db)
        existing = enrolment_of(db, course_id, company_id)
        if existing is not None and existing["status"] in ACTIVE:
            return {**existing, "created": False}
        course = next(db.query("SELECT id, seats, pool FROM training_courses WHERE id = ?", [course_id]), None)
        if course is None:
            raise LookupError(f"no course {course_id}")
        status = "applied" if apply else _seat_for(db, course, pool_seats)
        stamp = clock_stamp(db)
        values = [status, _next_position(db, course_id) if status == WAITING else None, participant, email, fee,
                  fee_tier, stamp, stamp if status == ENROLLED else None, user_id, source, motivation, language]
        if existing is None:
            db.execute("INSERT INTO training_enrolments (status, position, participant, email, fee, fee_tier, "
                       "enrolled_at, seated_at, created_by, source, motivation, language, course_id, company_id) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       values + [course_id, company_id])
        else:
            db.execute("UPDATE training_enrolments SET status = ?, position = ?, participant = ?, email = ?, fee = ?, "
                       "fee_tier = ?, enrolled_at = ?, seated_at = ?, created_by = ?, source = ?, motivation = ?, "
                       "language = ?, cancelled_at = NULL WHERE course_id = ? AND company_id = ?",
                       values + [course_id, company_id])
        return {**enrolment_of(db, course_id, company_id), "created": True}


def withdraw_application(db, course_id: int, company_id: int) -> int | None:
    """The company withdraws its own application while it is still waiting for the coordinator's
    decision (an accepted or declined one stays, and one its advisor recorded is the advisor's to
    cancel). Returns the enrolment id, None if nothing was pending."""
    with immediate(db):
        bump(db)
        row = db.execute("SELECT id FROM training_enrolments WHERE course_id = ? AND company_id = ? "
                         "AND status = 'applied' AND source = 'company'", [course_id, company_id]).fetchone()
        if row is None:
            return None
        db.execute("UPDATE training_enrolments SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
                   [clock_stamp(db), row[0]])
        return row[0]


def enrolment_of(db, course_id: int, company_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM training_enrolments WHERE course_id = ? AND company_id = ?",
                         [course_id, company_id]))
    return _with_rank(db, rows[0]) if rows else None


def get_enrolment(db, enrolment_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT e.*, c.name AS company_name, coalesce(c.organisation_override, c.organisation) AS organisation "
        "FROM training_enrolments e JOIN companies c ON c.id = e.company_id WHERE e.id = ?", [enrolment_id]))
    return _with_rank(db, rows[0]) if rows else None


def _with_rank(db, row: dict) -> dict:
    """Adds ``rank``: the place on the waiting list (1 = next in line)."""
    rank = None
    if row["status"] == WAITING:
        rank = db.execute("SELECT count(*) FROM training_enrolments WHERE course_id = ? AND status = 'waiting' "
                          "AND position <= ?", [row["course_id"], row["position"]]).fetchone()[0]
    return {**row, "rank": rank}


def set_status(db, enrolment_id: int, status: str, pool_seats: int | None = None, today: str | None = None,
               offer_days: int = 5) -> list[dict]:
    """Cancel, decline or accept an enrolment; a freed seat is offered to the first on the
    waiting list (overdue offers of the course lapse first). Returns the new offers
    (``training_seats.offer_free_seats``)."""
    today = today or clock.of(db).today_iso()
    with immediate(db):
        bump(db)
        row = db.execute("SELECT course_id, status FROM training_enrolments WHERE id = ?", [enrolment_id]).fetchone()
        if row is None:
            return []
        course = next(db.query("SELECT id, seats, pool, starts_on FROM training_courses WHERE id = ?", [row[0]]))
        lapsed = lapse_due(db, course["id"], today)
        offers = offer_free_seats(db, course, pool_seats, today, offer_days) if lapsed else []
        row = db.execute("SELECT course_id, status FROM training_enrolments WHERE id = ?", [enrolment_id]).fetchone()
        if status == "accepted":
            if row[1] != "applied":
                return offers
            seat = _seat_for(db, course, pool_seats)
            db.execute("UPDATE training_enrolments SET status = ?, position = ?, seated_at = ? WHERE id = ?",
                       [seat, _next_position(db, course["id"]) if seat == WAITING else None,
                        clock_stamp(db) if seat == ENROLLED else None, enrolment_id])
            return offers
        if row[1] not in ACTIVE:
            return offers  # already cancelled, declined or lapsed: nothing changes
        db.execute("UPDATE training_enrolments SET status = ?, position = NULL, cancelled_at = ? WHERE id = ?",
                   [status, clock_stamp(db), enrolment_id])
        return offers + (offer_free_seats(db, course, pool_seats, today, offer_days) if row[1] in SEAT_HOLDING else [])


def roster(db, course_id: int) -> list[dict]:
    """Every enrolment of a course with its company, attendance counts and certificate."""
    return list(db.query(
        "SELECT e.*, c.name AS company_name, c.business_id, coalesce(c.organisation_override, c.organisation) "
        "AS organisation, (SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id "
        "AND a.status = 'present') AS present, "
        "(SELECT t.code FROM training_certificates t WHERE t.company_id = e.company_id AND t.course_id = e.course_id) "
        "AS certificate FROM training_enrolments e JOIN companies c ON c.id = e.company_id WHERE e.course_id = ? "
        "ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'offered' THEN 1 WHEN 'applied' THEN 2 "
        "WHEN 'waiting' THEN 3 ELSE 4 END, "
        "e.position, c.name COLLATE NOCASE", [course_id]))


def for_company(db, company_id: int) -> list[dict]:
    return list(db.query(
        "SELECT e.*, t.name AS course_name, t.offer_id, t.starts_on, t.ends_on, t.organiser, "
        "(SELECT count(*) FROM training_sessions s WHERE s.course_id = t.id) AS sessions, "
        "(SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.status = 'present') AS present, "
        "(SELECT x.code FROM training_certificates x WHERE x.company_id = e.company_id AND x.course_id = t.id) "
        "AS certificate FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id "
        "WHERE e.company_id = ? ORDER BY t.starts_on DESC", [company_id]))


def company_profile(db, company_id: int) -> dict | None:
    """The company with the answers enrolment needs from its latest analysis (turnover, contact)."""
    rows = list(db.query(
        "SELECT c.id, c.name, c.business_id, coalesce(c.organisation_override, c.organisation) AS organisation, "
        "json_extract(r.answers, '$.turnover') AS turnover, json_extract(r.answers, '$.contact_name') AS contact_name, "
        "json_extract(r.answers, '$.contact_email') AS contact_email FROM companies c LEFT JOIN responses r "
        "ON r.id = (SELECT id FROM responses WHERE company_id = c.id AND status = 'submitted' AND kind = 'analysis' "
        "ORDER BY submitted_at DESC, id DESC LIMIT 1) WHERE c.id = ?", [company_id]))
    return rows[0] if rows else None


def company_by_business_id(db, business_id: str) -> int | None:
    row = db.execute("SELECT id FROM companies WHERE business_id = ?", [business_id.strip()]).fetchone()
    return row[0] if row else None


def company_ids(db, limit: int = 100_000) -> list[int]:
    """Companies with a submitted analysis (for the demo calendar)."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT company_id FROM responses WHERE status = 'submitted' AND kind = 'analysis' "
        "AND company_id IS NOT NULL ORDER BY company_id LIMIT ?", [limit]).fetchall()]


def upcoming_by_offer(db, offer_ids, since: str, per_offer: int = 2) -> dict[str, list[dict]]:
    """The next courses of each offer that start on or after ``since``: id, start date, seats
    and how many are taken (for the entrepreneur's recommended trainings)."""
    offer_ids = list(offer_ids)
    if not offer_ids:
        return {}
    rows = db.query(_COURSE_SQL + f" WHERE c.offer_id IN ({', '.join('?' * len(offer_ids))}) AND c.starts_on >= ?"
                    " ORDER BY c.starts_on, c.id", [*offer_ids, since])
    found: dict[str, list[dict]] = {}
    for row in rows:
        courses = found.setdefault(row["offer_id"], [])
        if len(courses) < per_offer:
            courses.append({"starts_on": row["starts_on"],
                            "seats_left": max(row["seats"] - row["enrolled"] - row["offered"], 0),
                            "apply_until": row["apply_until"]})
    return found
