"""The numbers counted from the training records: the dashboard's targets and funnel, the
funder summary and each company's recorded participation (for the follow-up's split).

Periods are session dates (inclusive); ``organisation`` is the company's organisation for
company counts and the organiser for session counts."""

from __future__ import annotations

import json


def _in(values) -> tuple[str, list]:
    values = list(values)
    return (", ".join("?" * len(values)) or "NULL"), values


def _period(column: str, start: str | None, end: str | None) -> tuple[str, list]:
    sql, params = "", []
    if start:
        sql += f" AND {column} >= ?"
        params.append(start)
    if end:
        sql += f" AND {column} <= ?"
        params.append(end)
    return sql, params


def _org(column: str, organisation: str | None) -> tuple[str, list]:
    return (f" AND {column} = ?", [organisation]) if organisation else ("", [])


def _companies(db, sql: str, params: list) -> set[int]:
    return {row[0] for row in db.execute(sql, params).fetchall()}


def attended(db, offer_ids, start=None, end=None, organisation=None, today="9999-12-31") -> set[int]:
    """Companies present at least once in a held session of the given offers."""
    _seated, present = course_pairs(db, offer_ids, start, end, organisation, today)
    return {company for company, _offer in present}


def enrolled(db, offer_ids, start=None, end=None, organisation=None) -> set[int]:
    """Companies with a seat in a course of the given offers that runs in the period."""
    seated, _present = course_pairs(db, offer_ids, start, end, organisation)
    return {company for company, _offer in seated}


def course_pairs(db, offer_ids, start=None, end=None, organisation=None,
                 today="9999-12-31") -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(seated, present): (company, offer) pairs of the seats in courses of the offers that run
    in the period, and of the companies present at least once in a held session of a course of
    the offer in the period.

    One pass over the enrolments of the offers serves both. The presence is one index probe per
    enrolment (``EXISTS`` on the (enrolment, status, session date) index stops at the first
    session attended) instead of a pass over every attendance row."""
    marks, params = _in(offer_ids)
    period, pparams = _period("a.on_date", start, end)
    runs, rparams = "", []
    if start:
        runs += " AND t.ends_on >= ?"
        rparams.append(start)
    if end:
        runs += " AND t.starts_on <= ?"
        rparams.append(end)
    join, org, oparams = _company_filter(organisation)
    rows = db.execute(
        f"SELECT e.company_id, t.offer_id, e.status = 'enrolled'{runs}, EXISTS (SELECT 1 FROM training_attendance a "
        f"WHERE a.enrolment_id = e.id AND a.status = 'present' AND a.on_date <= ?{period}) "
        f"FROM training_courses t JOIN training_enrolments e ON e.course_id = t.id{join} "
        f"WHERE t.offer_id IN ({marks}){org}", rparams + [today] + pparams + params + oparams).fetchall()
    seated = {(company, offer) for company, offer, seat, _present in rows if seat}
    present = {(company, offer) for company, offer, _seat, attended in rows if attended}
    return seated, present


def _company_filter(organisation: str | None) -> tuple[str, str, list]:
    """The join and condition on the company's organisation (nothing without one)."""
    if not organisation:
        return "", "", []
    return (" JOIN companies c ON c.id = e.company_id", " AND coalesce(c.organisation_override, c.organisation) = ?",
            [organisation])


def certified(db, start=None, end=None, organisation=None) -> set[int]:
    period, pparams = _period("x.issued_on", start, end)
    org, oparams = _org("coalesce(c.organisation_override, c.organisation)", organisation)
    return _companies(db, "SELECT DISTINCT x.company_id FROM training_certificates x JOIN companies c "
                          f"ON c.id = x.company_id WHERE 1 = 1{period}{org}", pparams + oparams)


def certificates_issued(db, start=None, end=None, organisation=None) -> int:
    period, pparams = _period("x.issued_on", start, end)
    org, oparams = _org("coalesce(c.organisation_override, c.organisation)", organisation)
    return db.execute("SELECT count(*) FROM training_certificates x JOIN companies c ON c.id = x.company_id "
                      f"WHERE 1 = 1{period}{org}", pparams + oparams).fetchone()[0]


def sessions_held(db, offer_ids, start=None, end=None, organisation=None, today="9999-12-31") -> int:
    marks, params = _in(offer_ids)
    period, pparams = _period("s.on_date", start, end)
    org, oparams = _org("t.organiser", organisation)
    return db.execute("SELECT count(*) FROM training_sessions s JOIN training_courses t ON t.id = s.course_id "
                      f"WHERE t.offer_id IN ({marks}) AND s.on_date <= ?{period}{org}",
                      params + [today] + pparams + oparams).fetchone()[0]


def webinar_reach(db, offer_ids, start=None, end=None, organisation=None, today="9999-12-31") -> dict[str, int]:
    """Attendee counts of held webinar sessions, per audience group."""
    marks, params = _in(offer_ids)
    period, pparams = _period("s.on_date", start, end)
    org, oparams = _org("t.organiser", organisation)
    totals: dict[str, int] = {}
    for (audience,) in db.execute(
            "SELECT s.audience FROM training_sessions s JOIN training_courses t ON t.id = s.course_id "
            f"WHERE t.offer_id IN ({marks}) AND s.on_date <= ?{period}{org}", params + [today] + pparams + oparams):
        for group, count in json.loads(audience or "{}").items():
            totals[group] = totals.get(group, 0) + int(count)
    return totals


def funder_summary(db, start=None, end=None, organisation=None, today="9999-12-31") -> list[dict]:
    """Per offer: courses, held sessions, hours, enrolled companies, participating companies,
    certificates and the webinar audience, for sessions in the period."""
    period, pparams = _period("s.on_date", start, end)
    org, oparams = _org("t.organiser", organisation)
    rows = {r["offer_id"]: dict(r) for r in db.query(
        "SELECT t.offer_id, count(DISTINCT t.id) AS courses, count(s.id) AS sessions, "
        "coalesce(sum(s.hours), 0) AS hours "
        "FROM training_courses t JOIN training_sessions s ON s.course_id = t.id "
        f"WHERE s.on_date <= ?{period}{org} GROUP BY t.offer_id", [today] + pparams + oparams)}
    for r in db.query(
            "SELECT t.offer_id, count(DISTINCT e.company_id) AS companies FROM training_enrolments e "
            "JOIN training_courses t ON t.id = e.course_id WHERE e.status = 'enrolled' AND EXISTS (SELECT 1 FROM "
            f"training_sessions s WHERE s.course_id = t.id AND s.on_date <= ?{period}){org} GROUP BY t.offer_id",
            [today] + pparams + oparams):
        rows.setdefault(r["offer_id"], {"offer_id": r["offer_id"]})["companies"] = r["companies"]
    for r in db.query(
            "SELECT t.offer_id, count(DISTINCT e.company_id) AS participants FROM training_attendance a "
            "JOIN training_sessions s ON s.id = a.session_id JOIN training_courses t ON t.id = s.course_id "
            "JOIN training_enrolments e ON e.id = a.enrolment_id "
            f"WHERE a.status = 'present' AND s.on_date <= ?{period}{org} GROUP BY t.offer_id",
            [today] + pparams + oparams):
        rows.setdefault(r["offer_id"], {"offer_id": r["offer_id"]})["participants"] = r["participants"]
    cperiod, cparams = _period("x.issued_on", start, end)
    for r in db.query(
            "SELECT t.offer_id, count(*) AS certificates FROM training_certificates x JOIN training_courses t "
            f"ON t.id = x.course_id WHERE 1 = 1{cperiod}{org} GROUP BY t.offer_id", cparams + oparams):
        rows.setdefault(r["offer_id"], {"offer_id": r["offer_id"]})["certificates"] = r["certificates"]
    return list(rows.values())


def completed_paths(db, path_offer_ids) -> set[int]:
    """Companies that completed a path: a certificate of a course of one of the offers."""
    marks, params = _in(path_offer_ids)
    return _companies(db, "SELECT DISTINCT x.company_id FROM training_certificates x JOIN training_courses t "
                          f"ON t.id = x.course_id WHERE t.offer_id IN ({marks})", params)


def participation(db, path_offer_ids, tp2_offer_ids) -> tuple[set[int], set[int]]:
    """(companies that completed a path: a certificate of a path course; companies present at
    a TP2 session at least once) — the follow-up's split by recorded participation."""
    return completed_paths(db, path_offer_ids), attended(db, tp2_offer_ids)
