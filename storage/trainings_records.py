"""What happened in the trainings: attendance, certificates, invoicing marks, and the numbers
the dashboard and the funder summary count from these records."""

from __future__ import annotations

import json

from .db import immediate, stamp as clock_stamp

from .trainings import bump

MARKS = ("present", "absent", "excused")


def _in(values) -> tuple[str, list]:
    values = list(values)
    return (", ".join("?" * len(values)) or "NULL"), values


def attendance(db, session_id: int) -> dict[int, str]:
    return {r["enrolment_id"]: r["status"] for r in db.query(
        "SELECT enrolment_id, status FROM training_attendance WHERE session_id = ?", [session_id])}


def set_attendance(db, session_id: int, marks: dict[int, str], user_id: int | None) -> int:
    """Records present / absent / excused of enrolled companies of the session's course; other
    ids are ignored. Returns how many marks changed."""
    changed = 0
    with immediate(db):
        bump(db)
        allowed = {r[0] for r in db.execute(
            "SELECT e.id FROM training_enrolments e JOIN training_sessions s ON s.course_id = e.course_id "
            "WHERE s.id = ? AND e.status = 'enrolled'", [session_id]).fetchall()}
        old = attendance(db, session_id)
        stamp = clock_stamp(db)
        for enrolment_id, status in marks.items():
            if enrolment_id not in allowed or status not in MARKS or old.get(enrolment_id) == status:
                continue
            db.execute("INSERT INTO training_attendance (session_id, enrolment_id, status, updated_at, updated_by, "
                       "on_date) VALUES (?, ?, ?, ?, ?, (SELECT on_date FROM training_sessions WHERE id = ?)) "
                       "ON CONFLICT (session_id, enrolment_id) "
                       "DO UPDATE SET status = excluded.status, "
                       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                       [session_id, enrolment_id, status, stamp, user_id, session_id])
            changed += 1
    return changed


def set_audience(db, session_id: int, counts: dict[str, int]) -> None:
    with immediate(db):
        bump(db)
        db.execute("UPDATE training_sessions SET audience = ? WHERE id = ?", [json.dumps(counts), session_id])


def import_contacts(db, course_id: int) -> list[dict]:
    """Enrolled companies of a course with the names and emails a participant list may use."""
    return list(db.query(
        "SELECT e.id, c.name AS company, e.participant, coalesce(e.email, json_extract(r.answers, '$.contact_email')) "
        "AS email FROM training_enrolments e JOIN companies c ON c.id = e.company_id LEFT JOIN responses r ON r.id = "
        "(SELECT id FROM responses WHERE company_id = c.id AND status = 'submitted' AND kind = 'analysis' "
        "ORDER BY submitted_at DESC LIMIT 1) WHERE e.course_id = ? AND e.status = 'enrolled'", [course_id]))


def certificate_basis(db, course_id: int, today: str) -> list[dict]:
    """Enrolled companies of a course with the sessions held (up to today) and those attended."""
    held = db.execute("SELECT count(*), coalesce(sum(hours), 0) FROM training_sessions WHERE course_id = ? "
                      "AND on_date <= ?", [course_id, today]).fetchone()
    rows = db.query(
        "SELECT e.id AS enrolment_id, e.company_id, e.participant, c.name AS company_name, c.business_id, "
        "count(s.id) AS present, coalesce(sum(s.hours), 0) AS hours, group_concat(s.on_date, ' ') AS dates "
        "FROM training_enrolments e JOIN companies c ON c.id = e.company_id "
        "LEFT JOIN training_attendance a ON a.enrolment_id = e.id AND a.status = 'present' "
        "LEFT JOIN training_sessions s ON s.id = a.session_id AND s.on_date <= ? "
        "WHERE e.course_id = ? AND e.status = 'enrolled' GROUP BY e.id ORDER BY c.name COLLATE NOCASE",
        [today, course_id])
    return [{**r, "held": held[0], "held_hours": held[1]} for r in rows]


def workshops_attended(db, company_id: int, offer_ids) -> list[dict]:
    """The sessions of the given offers (TP2 workshops) a company attended, in date order."""
    marks, params = _in(offer_ids)
    return list(db.query(
        "SELECT t.id AS course_id, t.name AS course_name, t.offer_id, s.on_date, s.hours FROM training_attendance a "
        "JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_sessions s ON s.id = a.session_id "
        f"JOIN training_courses t ON t.id = s.course_id WHERE e.company_id = ? AND a.status = 'present' "
        f"AND t.offer_id IN ({marks}) ORDER BY s.on_date", [company_id] + params))


def issue_certificate(db, code: str, company_id: int, course_id: int | None, package: str | None, today: str) -> str:
    """The certificate's verification code: issued once, the same code ever after."""
    with immediate(db):
        bump(db)
        db.execute("INSERT OR IGNORE INTO training_certificates (code, company_id, course_id, package, issued_on) "
                   "VALUES (?, ?, ?, ?, ?)", [code, company_id, course_id, package, today])
        return db.execute("SELECT code FROM training_certificates WHERE company_id = ? "
                          "AND course_id IS ? AND package IS ?",
                          [company_id, course_id, package]).fetchone()[0]


def verify(db, code: str) -> dict | None:
    rows = list(db.query(
        "SELECT x.code, x.issued_on, x.package, c.name AS company_name, t.name AS course_name, t.offer_id, "
        "t.ends_on FROM training_certificates x JOIN companies c ON c.id = x.company_id "
        "LEFT JOIN training_courses t ON t.id = x.course_id WHERE x.code = ?", [code]))
    return rows[0] if rows else None


def invoicing_rows(db, offer_ids, start: str | None, end: str | None) -> list[dict]:
    """Enrolments of courses of the given offers, enrolled in the period (dates inclusive). A
    cancelled row counts only when it held a seat (a withdrawn application or a cancelled place on
    the waiting list is never invoiced)."""
    marks, params = _in(offer_ids)
    where = (f"t.offer_id IN ({marks}) AND (e.status = 'enrolled' OR "
             "(e.status = 'cancelled' AND e.seated_at IS NOT NULL))")
    if start:
        where += " AND substr(e.enrolled_at, 1, 10) >= ?"
        params.append(start)
    if end:
        where += " AND substr(e.enrolled_at, 1, 10) <= ?"
        params.append(end)
    return list(db.query(
        "SELECT e.id, e.status, e.fee, e.fee_tier, e.enrolled_at, e.cancelled_at, e.invoiced_on, e.invoice_number, "
        "e.participant, coalesce(e.email, json_extract(r.answers, '$.contact_email')) AS email, "
        "json_extract(r.answers, '$.contact_name') AS contact_name, c.name AS company_name, c.business_id, "
        "t.id AS course_id, t.name AS course_name, t.offer_id, t.starts_on, t.ends_on, "
        "(SELECT x.issued_on FROM training_certificates x WHERE x.company_id = e.company_id AND x.course_id = t.id) "
        "AS completed_on FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id "
        "JOIN companies c ON c.id = e.company_id LEFT JOIN responses r ON r.id = (SELECT id FROM responses "
        "WHERE company_id = c.id AND status = 'submitted' AND kind = 'analysis' ORDER BY submitted_at DESC LIMIT 1) "
        f"WHERE {where} ORDER BY t.starts_on, t.id, c.name COLLATE NOCASE", params))


def mark_invoiced(db, enrolment_ids, invoice_number: str, on: str) -> int:
    """Marks rows invoiced; a row already invoiced is never marked (or exported) again."""
    marks, params = _in(enrolment_ids)
    with immediate(db):
        bump(db)
        return db.execute(f"UPDATE training_enrolments SET invoiced_on = ?, invoice_number = ? WHERE id IN ({marks}) "
                          "AND invoiced_on IS NULL", [on, invoice_number] + params).rowcount


def company_history(db, company_id: int, today: str) -> list[dict]:
    """Every enrolment of a company, oldest course first: the course, the status with the place
    on the waiting list (``rank``, 1 = next in line), the sessions in all and those held up to
    ``today``, the sessions attended with their hours, and the certificate's code."""
    return list(db.query(
        "SELECT e.id, e.status, e.offered_at, t.name AS course_name, t.offer_id, t.starts_on, t.ends_on, "
        "CASE WHEN e.status = 'waiting' THEN (SELECT count(*) FROM training_enrolments w WHERE w.course_id = "
        "e.course_id AND w.status = 'waiting' AND w.position <= e.position) END AS rank, "
        "(SELECT count(*) FROM training_sessions h WHERE h.course_id = t.id) AS sessions, "
        "(SELECT count(*) FROM training_sessions h WHERE h.course_id = t.id AND h.on_date <= :today) AS held, "
        "count(s.id) AS attended, coalesce(sum(s.hours), 0) AS hours, x.code AS certificate, x.issued_on "
        "FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id "
        "LEFT JOIN training_attendance a ON a.enrolment_id = e.id AND a.status = 'present' "
        "LEFT JOIN training_sessions s ON s.id = a.session_id "
        "LEFT JOIN training_certificates x ON x.company_id = e.company_id AND x.course_id = t.id "
        "WHERE e.company_id = :company GROUP BY e.id ORDER BY t.starts_on, t.id",
        {"company": company_id, "today": today}))


def package_certificates(db, company_id: int) -> list[dict]:
    """A company's certificates of a whole work package (TP2's at project end), not of one course."""
    return list(db.query("SELECT package, code, issued_on FROM training_certificates WHERE company_id = ? "
                         "AND course_id IS NULL ORDER BY issued_on, code", [company_id]))
