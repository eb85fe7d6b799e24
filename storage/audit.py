"""Audit log: who opened or changed what, and when. Never any answer content."""

from __future__ import annotations

import json

from .db import immediate, stamp as clock_stamp


def record(db, user_id: int | None, action: str, object_type: str | None = None, object_id: int | None = None,
           details: list[str] | None = None) -> None:
    """One event; ``details``: the names of the fields a change changed (never their values)."""
    with immediate(db):
        db.execute("INSERT INTO audit_log (at, user_id, action, object_type, object_id, details) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   [clock_stamp(db), user_id, action, object_type, object_id,
                    json.dumps(list(details)) if details else None])


def recent(db, limit: int = 500) -> list[dict]:
    return search(db, limit=limit)


# what each object of an event is called: the company, the course (of a session or an enrolment
# too), the interview's company, the user, the follow-up round
_SEARCH_SQL = """
SELECT a.*, u.email, u.name,
  coalesce(c.name, ec.name, ic.name) AS company_name, coalesce(c.id, ec.id, ic.id) AS company_id,
  coalesce(t.name, st.name, et.name) AS course_name, coalesce(t.id, st.id, et.id) AS course_id,
  CASE WHEN t.id IS NOT NULL THEN t.name_en WHEN st.id IS NOT NULL THEN st.name_en ELSE et.name_en END
    AS course_name_en,
  s.on_date AS session_date, ou.name AS user_name, fr.name AS round_name
FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
LEFT JOIN companies c ON a.object_type = 'company' AND c.id = a.object_id
LEFT JOIN training_courses t ON a.object_type = 'course' AND t.id = a.object_id
LEFT JOIN training_sessions s ON a.object_type = 'session' AND s.id = a.object_id
LEFT JOIN training_courses st ON st.id = s.course_id
LEFT JOIN training_enrolments e ON a.object_type = 'enrolment' AND e.id = a.object_id
LEFT JOIN companies ec ON ec.id = e.company_id LEFT JOIN training_courses et ON et.id = e.course_id
LEFT JOIN interviews i ON a.object_type = 'interview' AND i.id = a.object_id
LEFT JOIN companies ic ON ic.id = i.company_id
LEFT JOIN users ou ON a.object_type = 'user' AND ou.id = a.object_id
LEFT JOIN followup_rounds fr ON a.object_type = 'followup_round' AND fr.id = a.object_id
"""


def search(db, user_id: int | None = None, no_user: bool = False, actions=None, start: str | None = None,
           end: str | None = None, limit: int = 500) -> list[dict]:
    """The newest events first, with the names of who did it and of what it was about. Filters:
    one user (``user_id``) or the events without one (``no_user``: a company's own link, the
    command line, a scheduled task); ``actions``: SQL LIKE patterns of the event codes; ``start``
    / ``end``: stored (UTC) stamps, ``start`` inclusive, ``end`` exclusive."""
    where, params = [], []
    if user_id is not None:
        where.append("a.user_id = ?")
        params.append(user_id)
    elif no_user:
        where.append("a.user_id IS NULL")
    if actions:
        where.append("(" + " OR ".join("a.action LIKE ?" for _ in actions) + ")")
        params += list(actions)
    for clause, value in (("a.at >= ?", start), ("a.at < ?", end)):
        if value:
            where.append(clause)
            params.append(value)
    sql = _SEARCH_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id DESC LIMIT ?"
    rows = list(db.query(sql, params + [limit]))
    for row in rows:
        row["details"] = json.loads(row["details"]) if row.get("details") else []
    return rows
