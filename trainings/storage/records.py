"""What happened in the trainings: attendance, certificates and invoicing marks.

Each record is written inside ``BEGIN IMMEDIATE`` after the rule that allows it is checked on
what is in the database at that moment (a certificate only for a company that met the rule, an
invoice mark only on a row that is billable by ``trainings.rules.invoicing``), so a stale page or a
second worker cannot write a record the rules forbid. The counts read from these rows live in
``trainings.storage.counts``."""

from __future__ import annotations

import json

import clock

from storage.db import immediate, stamp as clock_stamp
from .courses import bump

MARKS = ("present", "absent", "excused")


def _in(values) -> tuple[str, list]:
    values = list(values)
    return (", ".join("?" * len(values)) or "NULL"), values


def attendance(db, session_id: int) -> dict[int, str]:
    return {r["enrolment_id"]: r["status"] for r in db.query(
        "SELECT enrolment_id, status FROM training_attendance WHERE session_id = ?", [session_id])}


def _locked(db, session_id: int, package: str | None) -> set[int]:
    """Enrolments of the session's course whose attendance a certificate was issued on: the
    course's own certificate, or (``package``) the work package's certificate at project end."""
    return {r[0] for r in db.execute(
        "SELECT e.id FROM training_sessions s JOIN training_enrolments e ON e.course_id = s.course_id "
        "WHERE s.id = ? AND EXISTS (SELECT 1 FROM training_certificates x WHERE x.company_id = e.company_id "
        "AND (x.course_id = s.course_id OR (x.course_id IS NULL AND x.package = ?)))", [session_id, package])}


def set_attendance(db, session_id: int, marks: dict[int, str | None], user_id: int | None, today: str,
                   package: str | None = None) -> dict:
    """Records present / absent / excused of the enrolled companies of a session's course, or
    clears a mark (None or ""). Refused as a whole for a session that has not started yet
    (``today``: the local date); a mark a certificate was issued on does not change. Other ids
    are ignored. ``{"changed": n, "refused": "future" | None, "locked": [enrolment ids]}``."""
    with immediate(db):
        on_date = db.execute("SELECT on_date FROM training_sessions WHERE id = ?", [session_id]).fetchone()
        if on_date is None or on_date[0] > today:
            return {"changed": 0, "refused": "future", "locked": []}
        bump(db)
        allowed = {r[0] for r in db.execute(
            "SELECT e.id FROM training_enrolments e JOIN training_sessions s ON s.course_id = e.course_id "
            "WHERE s.id = ? AND e.status = 'enrolled'", [session_id]).fetchall()}
        old, locked, stamp, changed = attendance(db, session_id), _locked(db, session_id, package), clock_stamp(db), 0
        refused = []
        for enrolment_id, status in marks.items():
            status = status or None
            if enrolment_id not in allowed or (status is not None and status not in MARKS) \
                    or old.get(enrolment_id) == status:
                continue
            if enrolment_id in locked:
                refused.append(enrolment_id)
                continue
            if status is None:
                db.execute("DELETE FROM training_attendance WHERE session_id = ? AND enrolment_id = ?",
                           [session_id, enrolment_id])
            else:
                db.execute("INSERT INTO training_attendance (session_id, enrolment_id, status, updated_at, updated_by, "
                           "on_date) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, enrolment_id) "
                           "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, "
                           "updated_by = excluded.updated_by",
                           [session_id, enrolment_id, status, stamp, user_id, on_date[0]])
            changed += 1
    return {"changed": changed, "refused": None, "locked": refused}


def set_audience(db, session_id: int, counts: dict[str, int]) -> None:
    with immediate(db):
        bump(db)
        db.execute("UPDATE training_sessions SET audience = ? WHERE id = ?", [json.dumps(counts), session_id])


def import_contacts(db, course_id: int) -> list[dict]:
    """Enrolled companies of a course with the names and emails a participant list may use (the
    participant given at enrolment, else the company's confirmed contact)."""
    return list(db.query(
        "SELECT e.id, c.name AS company, e.participant, coalesce(e.email, k.contact_email) AS email "
        "FROM training_enrolments e JOIN companies c ON c.id = e.company_id "
        "JOIN company_contact k ON k.company_id = e.company_id WHERE e.course_id = ? AND e.status = 'enrolled'",
        [course_id]))


_BASIS_SQL = """
SELECT e.id AS enrolment_id, e.company_id, e.participant, c.name AS company_name, c.business_id,
  (SELECT count(*) FROM training_sessions h WHERE h.course_id = e.course_id AND h.on_date <= :today) AS held,
  (SELECT coalesce(sum(h.hours), 0) FROM training_sessions h WHERE h.course_id = e.course_id
     AND h.on_date <= :today) AS held_hours,
  count(s.id) AS present, coalesce(sum(s.hours), 0) AS hours, group_concat(s.on_date, ' ') AS dates
FROM training_enrolments e JOIN companies c ON c.id = e.company_id
LEFT JOIN training_attendance a ON a.enrolment_id = e.id AND a.status = 'present'
LEFT JOIN training_sessions s ON s.id = a.session_id AND s.on_date <= :today
WHERE e.course_id = :course AND e.status = 'enrolled' GROUP BY e.id ORDER BY c.name COLLATE NOCASE
"""


def certificate_basis(db, course_id: int, today: str) -> list[dict]:
    """Enrolled companies of a course with the sessions held up to ``today`` (inclusive: a
    session today has been held) and those each attended, with hours."""
    return list(db.query(_BASIS_SQL, {"course": course_id, "today": today}))


def issue_course_certificates(db, course_id: int, today: str, due, new_code) -> list[str]:
    """The explicit act of issuing a course's certificates: ``due(basis rows)`` (the catalogue's
    rule) is applied to the attendance as it is inside the transaction, and each company that met
    it and has none gets one (``new_code()``). Returns the codes issued now (none twice)."""
    issued = []
    with immediate(db):
        for row in due(certificate_basis(db, course_id, today)):
            code = new_code()
            if db.execute("INSERT OR IGNORE INTO training_certificates (code, company_id, course_id, package, "
                          "issued_on) VALUES (?, ?, ?, NULL, ?)",
                          [code, row["company_id"], course_id, today]).rowcount:
                issued.append(code)
        if issued:
            bump(db)
    return issued


def issue_package_certificates(db, package: str, offer_ids, today: str, new_code) -> list[str]:
    """A work package's certificates at project end (TP2): every company present at a held
    session of one of its offers and without one gets one. Returns the codes issued now."""
    marks, params = _in(offer_ids)
    issued = []
    with immediate(db):
        companies = [r[0] for r in db.execute(
            "SELECT DISTINCT e.company_id FROM training_attendance a "
            "JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_courses t ON t.id = e.course_id "
            f"WHERE a.status = 'present' AND t.offer_id IN ({marks}) "
            "AND a.on_date <= ? ORDER BY e.company_id", params + [today])]
        for company_id in companies:
            code = new_code()
            if db.execute("INSERT OR IGNORE INTO training_certificates (code, company_id, course_id, package, "
                          "issued_on) VALUES (?, ?, NULL, ?, ?)", [code, company_id, package, today]).rowcount:
                issued.append(code)
        if issued:
            bump(db)
    return issued


def course_certificates(db, course_id: int) -> list[dict]:
    """The certificates issued in a course, with the company and what the certificate shows."""
    return list(db.query(
        "SELECT x.id, x.code, x.issued_on, x.company_id, c.name AS company_name, c.business_id, e.id AS enrolment_id, "
        "e.participant FROM training_certificates x JOIN companies c ON c.id = x.company_id "
        "LEFT JOIN training_enrolments e ON e.course_id = x.course_id AND e.company_id = x.company_id "
        "WHERE x.course_id = ? ORDER BY c.name COLLATE NOCASE, x.id", [course_id]))


def package_certificates_issued(db, package: str) -> list[dict]:
    """The work package's certificates (TP2's at project end) with their companies."""
    return list(db.query(
        "SELECT x.id, x.code, x.issued_on, x.company_id, c.name AS company_name, c.business_id, k.contact_name "
        "FROM training_certificates x JOIN companies c ON c.id = x.company_id "
        "JOIN company_contact k ON k.company_id = x.company_id WHERE x.course_id IS NULL AND x.package = ? "
        "ORDER BY c.name COLLATE NOCASE, x.id", [package]))


def workshops_attended(db, company_id: int, offer_ids, today: str) -> list[dict]:
    """The held sessions of the given offers (TP2 workshops) a company attended, in date order."""
    marks, params = _in(offer_ids)
    return list(db.query(
        "SELECT t.id AS course_id, t.name AS course_name, t.name_en AS course_name_en, t.offer_id, s.on_date, s.hours "
        "FROM training_attendance a "
        "JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_sessions s ON s.id = a.session_id "
        f"JOIN training_courses t ON t.id = s.course_id WHERE e.company_id = ? AND a.status = 'present' "
        f"AND t.offer_id IN ({marks}) AND s.on_date <= ? ORDER BY s.on_date", [company_id] + params + [today]))


def verify(db, code: str) -> dict | None:
    rows = list(db.query(
        "SELECT x.code, x.issued_on, x.package, c.name AS company_name, t.name AS course_name, "
        "t.name_en AS course_name_en, t.offer_id, t.ends_on FROM training_certificates x "
        "JOIN companies c ON c.id = x.company_id "
        "LEFT JOIN training_courses t ON t.id = x.course_id WHERE x.code = ?", [code]))
    return rows[0] if rows else None


_BILLING_SQL = """
SELECT e.id, e.company_id, e.status, e.fee, e.fee_tier, e.enrolled_at, e.seated_at IS NOT NULL AS seated,
  e.cancelled_at, e.invoiced_on, e.invoice_number, e.participant, coalesce(e.email, k.contact_email) AS email,
  k.contact_name, c.name AS company_name, c.business_id, t.id AS course_id, t.name AS course_name,
  t.name_en AS course_name_en, t.offer_id, t.starts_on, t.ends_on,
  (SELECT x.issued_on FROM training_certificates x WHERE x.company_id = e.company_id AND x.course_id = t.id)
    AS completed_on
FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id JOIN companies c ON c.id = e.company_id
JOIN company_contact k ON k.company_id = e.company_id
"""


def billing_rows(db, offer_ids, company_id: int | None = None) -> list[dict]:
    """Every enrolment of courses of the given offers (all periods: whether a workshop is a
    company's first is decided over all of them), with the local dates of its enrolment and
    cancellation (``enrolled_on``, ``cancelled_on``: the day in the project's time zone, not the
    UTC text's) and the confirmed contact (never an unconfirmed analysis' stranger). With
    ``company_id`` only that company's (the fee is decided per company, so its rows suffice)."""
    marks, params = _in(offer_ids)
    day_of = clock.of(db).local_date_iso
    company = " AND e.company_id = ?" if company_id is not None else ""
    rows = db.query(_BILLING_SQL + f" WHERE t.offer_id IN ({marks}){company} ORDER BY t.starts_on, t.id, "
                    "c.name COLLATE NOCASE, e.id", params + ([company_id] if company_id is not None else []))
    return [{**r, "seated": bool(r["seated"]), "enrolled_on": day_of(r["enrolled_at"]),
             "cancelled_on": day_of(r["cancelled_at"])} for r in rows]


def mark_invoiced(db, enrolment_ids, invoice_number: str, on: str, offer_ids, billable) -> int:
    """Marks rows invoiced with ``on`` and the invoice number: only those ``billable(rows)``
    (``trainings.rules.invoicing``) decides are to invoice now, on the rows as they are inside this
    transaction; a row already invoiced is never marked again. Returns how many were marked."""
    wanted = set(enrolment_ids)
    with immediate(db):
        chosen = sorted(wanted & billable(billing_rows(db, offer_ids)))
        marks, params = _in(chosen)
        marked = db.execute(f"UPDATE training_enrolments SET invoiced_on = ?, invoice_number = ? WHERE id IN ({marks}) "
                            "AND invoiced_on IS NULL", [on, invoice_number] + params).rowcount
        if marked:
            bump(db)
    return marked


def company_history(db, company_id: int, today: str) -> list[dict]:
    """Every enrolment of a company, oldest course first: the course, the status with the place
    on the waiting list (``rank``, 1 = next in line), the sessions in all and those held up to
    ``today``, the held sessions attended with their hours, and the certificate's code."""
    return list(db.query(
        "SELECT e.id, e.status, e.offered_at, t.name AS course_name, t.name_en AS course_name_en, t.offer_id, "
        "t.starts_on, t.ends_on, "
        "CASE WHEN e.status = 'waiting' THEN (SELECT count(*) FROM training_enrolments w WHERE w.course_id = "
        "e.course_id AND w.status = 'waiting' AND w.position <= e.position) END AS rank, "
        "(SELECT count(*) FROM training_sessions h WHERE h.course_id = t.id) AS sessions, "
        "(SELECT count(*) FROM training_sessions h WHERE h.course_id = t.id AND h.on_date <= :today) AS held, "
        "(SELECT count(*) FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id "
        " WHERE a.enrolment_id = e.id AND a.status = 'present' AND s.on_date <= :today) AS attended, "
        "(SELECT coalesce(sum(s.hours), 0) FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id "
        " WHERE a.enrolment_id = e.id AND a.status = 'present' AND s.on_date <= :today) AS hours, "
        "x.code AS certificate, x.issued_on "
        "FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id "
        "LEFT JOIN training_certificates x ON x.company_id = e.company_id AND x.course_id = t.id "
        "WHERE e.company_id = :company ORDER BY t.starts_on, t.id",
        {"company": company_id, "today": today}))


def package_certificates(db, company_id: int) -> list[dict]:
    """A company's certificates of a whole work package (TP2's at project end), not of one course."""
    return list(db.query("SELECT package, code, issued_on FROM training_certificates WHERE company_id = ? "
                         "AND course_id IS NULL ORDER BY issued_on, code", [company_id]))


def workshop_enrolments(db, package: str, offer_ids, today: str) -> list[dict]:
    """Every enrolment in courses of the given offers (TP2's workshops) with what decides the work
    package's certificate at project end: the course's sessions held up to ``today`` and to come,
    the company's marks and presences at the held ones, and its certificate of ``package``."""
    offers = {f"o{n}": offer for n, offer in enumerate(offer_ids)}
    if not offers:
        return []
    return list(db.query(
        "SELECT e.id, e.company_id, e.status, c.name AS company_name, c.business_id, o.organisation, "
        "t.id AS course_id, t.name AS course_name, t.name_en AS course_name_en, t.offer_id, t.starts_on, t.ends_on, "
        "(SELECT count(*) FROM training_sessions s WHERE s.course_id = t.id AND s.on_date <= :today) AS held, "
        "(SELECT count(*) FROM training_sessions s WHERE s.course_id = t.id AND s.on_date > :today) AS upcoming, "
        "(SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.on_date <= :today) AS marked, "
        "(SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.status = 'present' "
        " AND a.on_date <= :today) AS present, x.code, x.issued_on "
        "FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id "
        "JOIN companies c ON c.id = e.company_id JOIN company_org o ON o.company_id = e.company_id "
        "LEFT JOIN training_certificates x ON x.company_id = e.company_id AND x.course_id IS NULL "
        "AND x.package = :package "
        f"WHERE t.offer_id IN ({', '.join(':' + key for key in offers)}) "
        "ORDER BY c.name COLLATE NOCASE, e.company_id, t.starts_on, t.id",
        {"today": today, "package": package, **offers}))
