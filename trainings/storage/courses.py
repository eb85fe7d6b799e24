"""Courses, sessions and enrolments (seats and the waiting list). The seat decision and the
waiting-list promotion are pure rules (``trainings.rules.places``) applied inside ``BEGIN IMMEDIATE``
so that however many workers enrol at once, a course is never overbooked."""

from __future__ import annotations

import json

from trainings.rules.enrolments import (
    ACTIVE, APPLIED, CANCELLED, DECLINED, ENROLLED, SEAT_HOLDING, WAITING, cancel_refusal,
)

from storage.db import immediate, stamp as clock_stamp

from .seats import (
    StatusRefused, bump, change_status, course_row, lapse_due, next_position, offer_free_seats, resolve,
)

COURSE_FIELDS = ("offer_id", "name", "name_en", "organiser", "seats", "pool", "apply_from", "apply_until", "starts_on",
                 "ends_on")
SESSION_FIELDS = ("on_date", "start_time", "end_time", "place", "link", "trainer", "description", "hours")

_COURSE_SQL = """
SELECT c.*,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'enrolled') AS enrolled,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'waiting') AS waiting,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'offered') AS offered,
  (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'applied') AS applied,
  (SELECT count(*) FROM training_sessions s WHERE s.course_id = c.id) AS sessions,
  (SELECT count(*) FROM webinar_signups w WHERE w.course_id = c.id AND w.cancelled_at IS NULL) AS signed_up
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


def past_courses(db, before: str, organiser: str | None = None, start: str | None = None, end: str | None = None,
                 offer_ids=None, limit: int = 1000) -> list[dict]:
    """Courses that ended before ``before`` (today), the latest first: of one organiser or every
    one, that ran in the period (``start``..``end``, either open) and of the given offers (None:
    all), with the sessions held and the certificates issued in each."""
    where, params = ["c.ends_on < ?"], [before]
    for clause, value in (("c.organiser = ?", organiser), ("c.ends_on >= ?", start), ("c.starts_on <= ?", end)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if offer_ids is not None:
        offer_ids = list(offer_ids)
        where.append(f"c.offer_id IN ({', '.join('?' * len(offer_ids)) or 'NULL'})")
        params += offer_ids
    sql = (_COURSE_SQL.replace("\nFROM training_courses c\n", ",\n  (SELECT count(*) FROM training_certificates x "
                               "WHERE x.course_id = c.id) AS certificates\nFROM training_courses c\n")
           + " WHERE ") + " AND ".join(where) + " ORDER BY c.ends_on DESC, c.starts_on DESC, c.id DESC LIMIT ?"
    return list(db.query(sql, params + [limit]))


def delete_course(db, course_id: int) -> str | None:
    """Removes a course with its sessions and enrolments, unless it holds a record of what
    happened: attendance, a certificate or an invoiced enrolment. Returns why it was kept
    ('attendance', 'certificates', 'invoiced'), None when it was removed."""
    with immediate(db):
        reason = course_records(db, course_id)
        if reason:
            return reason
        bump(db)
        db.execute("DELETE FROM training_enrolments WHERE course_id = ?", [course_id])
        db.execute("DELETE FROM webinar_signups WHERE course_id = ?", [course_id])
        db.execute("DELETE FROM training_sessions WHERE course_id = ?", [course_id])
        db.execute("DELETE FROM training_courses WHERE id = ?", [course_id])
        return None


def course_records(db, course_id: int) -> str | None:
    """What keeps a course from being removed: 'attendance', 'certificates', 'invoiced' or None."""
    checks = (("attendance", "SELECT 1 FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id "
                             "WHERE s.course_id = ? LIMIT 1"),
              ("certificates", "SELECT 1 FROM training_certificates WHERE course_id = ? LIMIT 1"),
              ("invoiced", "SELECT 1 FROM training_enrolments WHERE course_id = ? AND invoiced_on IS NOT NULL LIMIT 1"))
    return next((name for name, sql in checks if db.execute(sql, [course_id]).fetchone()), None)


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
        "AS present, (SELECT count(*) FROM training_attendance a WHERE a.session_id = s.id) AS marks "
        "FROM training_sessions s WHERE s.course_id = ? ORDER BY s.on_date, s.start_time, s.id",
        [course_id]))


def upcoming_sessions(db, since: str, organiser: str | None = None, limit: int = 200) -> list[dict]:
    where, params = "s.on_date >= ?", [since]
    if organiser is not None:
        where += " AND c.organiser = ?"
        params.append(organiser)
    return list(db.query(
        "SELECT s.*, c.name AS course_name, c.name_en AS course_name_en, c.offer_id, c.organiser, c.seats, "
        "(SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id AND e.status = 'enrolled') AS enrolled, "
        "(SELECT count(*) FROM webinar_signups w WHERE w.course_id = c.id AND w.cancelled_at IS NULL) AS signed_up "
        f"FROM training_sessions s JOIN training_courses c ON c.id = s.course_id WHERE {where} "
        "ORDER BY s.on_date, s.start_time, s.id LIMIT ?", params + [limit]))


def delete_session(db, session_id: int) -> bool:
    with immediate(db):
        bump(db)
        if db.execute("SELECT 1 FROM training_attendance WHERE session_id = ? LIMIT 1", [session_id]).fetchone():
            return False
        db.execute("DELETE FROM training_sessions WHERE id = ?", [session_id])
        return True


def enrol(db, course_id: int, company_id: int, fee: int, fee_tier: str, participant: str | None = None,
          email: str | None = None, user_id: int | None = None, pool_seats: int | None = None,
          event: str = "enrol", source: str | None = None, motivation: str | None = None,
          language: str | None = None) -> dict:
    """Enrols a company (``event`` 'enrol'), records a staff-made application to a path
    ('enrol_application') or the company's own ('apply', ``source`` 'company', ``motivation`` its
    own words). Enrolling again while the company is in the course's queue returns the enrolment
    unchanged (``created`` False); an ended one (cancelled, lapsed, declined) starts again when the
    status table allows it, else StatusRefused. The fee and its tier are fixed here."""
    with immediate(db):
        bump(db)
        existing = enrolment_of(db, course_id, company_id)
        if existing is not None and existing["status"] in ACTIVE:
            return {**existing, "created": False}
        course = course_row(db, course_id)
        if course is None:
            raise LookupError(f"no course {course_id}")
        if existing is not None and existing["invoiced_on"]:
            raise StatusRefused(event, "invoiced")
        status = resolve(db, event, existing["status"] if existing else None, course, pool_seats)
        stamp = clock_stamp(db)
        fields = {"participant": participant, "email": email, "fee": fee, "fee_tier": fee_tier, "enrolled_at": stamp,
                  "seated_at": stamp if status == ENROLLED else None, "created_by": user_id, "source": source,
                  "motivation": motivation, "language": language, "cancelled_at": None, "offered_at": None,
                  "offer_until": None, "offer_hash": None, "answered_at": None}
        if existing is None:
            fields.update(status=status, course_id=course_id, company_id=company_id,
                          position=next_position(db, course_id) if status == WAITING else None)
            db.execute(f"INSERT INTO training_enrolments ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})",
                       list(fields.values()))
        else:
            change_status(db, existing["id"], event, existing["status"], status, fields)
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
        change_status(db, row[0], "withdraw", APPLIED, CANCELLED, {"cancelled_at": clock_stamp(db)})
        return row[0]


def enrolment_of(db, course_id: int, company_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM training_enrolments WHERE course_id = ? AND company_id = ?",
                         [course_id, company_id]))
    return _with_rank(db, rows[0]) if rows else None


def get_enrolment(db, enrolment_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT e.*, c.name AS company_name, o.organisation FROM training_enrolments e "
        "JOIN companies c ON c.id = e.company_id JOIN company_org o ON o.company_id = e.company_id "
        "WHERE e.id = ?", [enrolment_id]))
    return _with_rank(db, rows[0]) if rows else None


def _with_rank(db, row: dict) -> dict:
    """Adds ``rank``: the place on the waiting list (1 = next in line)."""
    rank = None
    if row["status"] == WAITING:
        rank = db.execute("SELECT count(*) FROM training_enrolments WHERE course_id = ? AND status = 'waiting' "
                          "AND position <= ?", [row["course_id"], row["position"]]).fetchone()[0]
    return {**row, "rank": rank}


def _lapse_then(db, course: dict, pool_seats, today: str, offer_days: int) -> list[dict]:
    """The course's overdue offers lapse first; their seats go to the next in line."""
    return offer_free_seats(db, course, pool_seats, today, offer_days) if lapse_due(db, course["id"], today) else []


def decide(db, enrolment_id: int, accept: bool, pool_seats: int | None, today: str, offer_days: int) -> dict:
    """The coordinator's decision on an application: accepted (a seat or the waiting list, by the
    seats now) or declined. ``{"changed", "before", "after", "offers"}``; a row that is not
    'applied' any more (a stale page, a double click) changes nothing."""
    with immediate(db):
        bump(db)
        row = _enrolment_row(db, enrolment_id)
        if row is None:
            return {"changed": False, "before": None, "after": None, "offers": []}
        course = course_row(db, row["course_id"])
        offers = _lapse_then(db, course, pool_seats, today, offer_days)
        before = _enrolment_row(db, enrolment_id)["status"]
        event = "accept" if accept else "decline"
        try:
            after = resolve(db, event, before, course, pool_seats)
        except StatusRefused:
            return {"changed": False, "before": before, "after": before, "offers": offers}
        stamp = clock_stamp(db)
        fields = {"seated_at": stamp} if after == ENROLLED else {"cancelled_at": stamp} if after == DECLINED else {}
        change_status(db, enrolment_id, event, before, after, fields)
        return {"changed": True, "before": before, "after": after, "offers": offers}


def cancel(db, enrolment_id: int, pool_seats: int | None, today: str, offer_days: int) -> dict:
    """Cancels an enrolment (any seat it held goes to the waiting list) unless the record must
    stay as it is: invoiced, with attendance, or of an ended course (``trainings.rules.enrolments.
    cancel_refusal``). ``{"changed", "before", "after", "refusal", "offers"}``."""
    with immediate(db):
        bump(db)
        row = _enrolment_row(db, enrolment_id)
        if row is None:
            return {"changed": False, "before": None, "after": None, "refusal": "status", "offers": []}
        course = course_row(db, row["course_id"])
        offers = _lapse_then(db, course, pool_seats, today, offer_days)
        row = _enrolment_row(db, enrolment_id)
        attended = bool(db.execute("SELECT 1 FROM training_attendance WHERE enrolment_id = ? AND status = 'present' "
                                   "LIMIT 1", [enrolment_id]).fetchone())
        refusal = cancel_refusal(row["status"], bool(row["invoiced_on"]), attended, course["ends_on"] < today)
        if refusal:
            return {"changed": False, "before": row["status"], "after": row["status"], "refusal": refusal,
                    "offers": offers}
        change_status(db, enrolment_id, "cancel", row["status"], CANCELLED, {"cancelled_at": clock_stamp(db)})
        if row["status"] in SEAT_HOLDING:
            offers += offer_free_seats(db, course, pool_seats, today, offer_days)
        return {"changed": True, "before": row["status"], "after": CANCELLED, "refusal": None, "offers": offers}


def _enrolment_row(db, enrolment_id: int) -> dict | None:
    return next(db.query("SELECT id, course_id, company_id, status, invoiced_on FROM training_enrolments "
                         "WHERE id = ?", [enrolment_id]), None)


def roster(db, course_id: int) -> list[dict]:
    """Every enrolment of a course with its company, attendance counts and certificate."""
    return list(db.query(
        "SELECT e.*, c.name AS company_name, c.business_id, o.organisation, "
        "(SELECT count(*) FROM training_attendance a "
        "WHERE a.enrolment_id = e.id AND a.status = 'present') AS present, "
        "(SELECT t.code FROM training_certificates t WHERE t.company_id = e.company_id AND t.course_id = e.course_id) "
        "AS certificate FROM training_enrolments e JOIN companies c ON c.id = e.company_id "
        "JOIN company_org o ON o.company_id = e.company_id WHERE e.course_id = ? "
        "ORDER BY CASE e.status WHEN 'enrolled' THEN 0 WHEN 'offered' THEN 1 WHEN 'applied' THEN 2 "
        "WHEN 'waiting' THEN 3 ELSE 4 END, "
        "e.position, c.name COLLATE NOCASE", [course_id]))


def for_company(db, company_id: int, today: str = "") -> list[dict]:
    """A company's enrolments, the latest course first, with the course's sessions (``held``: up
    to ``today``), the sessions it was present at and its certificate."""
    return list(db.query(
        "SELECT e.*, t.name AS course_name, t.name_en AS course_name_en, t.offer_id, t.starts_on, t.ends_on, "
        "t.organiser, "
        "(SELECT count(*) FROM training_sessions s WHERE s.course_id = t.id) AS sessions, "
        "(SELECT count(*) FROM training_sessions s WHERE s.course_id = t.id AND s.on_date <= ?) AS held, "
        "(SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.status = 'present') AS present, "
        "(SELECT x.code FROM training_certificates x WHERE x.company_id = e.company_id AND x.course_id = t.id) "
        "AS certificate FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id "
        "WHERE e.company_id = ? ORDER BY t.starts_on DESC", [today, company_id]))


def company_profile(db, company_id: int, tier_question: str) -> dict | None:
    """What enrolment needs of a company, from its confirmed identity: name, business ID,
    organisation, the confirmed contact (the one an advisor kept, never an unconfirmed analysis'
    stranger) and the answer that decides the fee tier (``tier``: the answer to ``tier_question``
    of its latest confirmed analysis)."""
    rows = list(db.query(
        "SELECT c.id, c.name, c.business_id, o.organisation, json_extract(r.answers, ?) AS tier, "
        "k.contact_name, k.contact_email FROM companies c JOIN company_org o ON o.company_id = c.id "
        "JOIN company_latest_analysis l ON l.company_id = c.id LEFT JOIN responses r ON r.id = l.response_id "
        "JOIN company_contact k ON k.company_id = c.id WHERE c.id = ?", [f"$.{tier_question}", company_id]))
    return rows[0] if rows else None


def recommended_offers(db, company_id: int) -> list[str]:
    """The offers the company's latest confirmed analysis recommends (its scored referral rules)."""
    row = db.execute("SELECT json_extract(s.extras, '$.referrals') FROM company_latest_analysis l "
                     "JOIN scores s ON s.response_id = l.response_id WHERE l.company_id = ?", [company_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else []


def company_by_business_id(db, business_id: str) -> int | None:
    row = db.execute("SELECT id FROM companies WHERE business_id = ?", [business_id.strip()]).fetchone()
    return row[0] if row else None


def company_ids(db, limit: int = 100_000) -> list[int]:
    """Companies with a confirmed analysis (for the demo calendar)."""
    return [r[0] for r in db.execute(
        "SELECT company_id FROM company_latest_analysis WHERE response_id IS NOT NULL ORDER BY company_id LIMIT ?",
        [limit]).fetchall()]


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
            courses.append({"id": row["id"], "starts_on": row["starts_on"],
                            "seats_left": max(row["seats"] - row["enrolled"] - row["offered"], 0),
                            "apply_until": row["apply_until"]})
    return found
