"""Analyses waiting for confirmation: a submission under the business ID of an existing company.

Business IDs are public, so such an analysis is stored unlinked (``claim = 'pending'``,
``company_id`` NULL, ``claimed_company_id`` the company it names) and changes nothing an advisor
relies on. An advisor of the company's organisation or a coordinator confirms it (it becomes the
company's latest analysis; the name, municipality and contact change only if the advisor
chooses so; the organisation never) or rejects it (it stays the respondent's own, never linked).
"""

from __future__ import annotations

import json

from . import companies, scores
from .db import immediate, stamp as clock_stamp


_PENDING_SQL = """
SELECT r.id, r.submitted_at, r.survey_id, r.survey_version, r.answers, r.claimed_company_id AS company_id,
       c.name AS company_name, c.business_id, c.municipality AS company_municipality,
       o.organisation, s.maturity_index
FROM responses r JOIN companies c ON c.id = r.claimed_company_id JOIN company_org o ON o.company_id = c.id
LEFT JOIN scores s ON s.response_id = r.id
WHERE r.claim = 'pending' AND r.status = 'submitted'
"""


def _parse(row: dict) -> dict:
    return {**row, "answers": json.loads(row["answers"])}


def pending(db, organisation: str | None = None, company_id: int | None = None) -> list[dict]:
    """Analyses waiting for confirmation, oldest first; ``organisation`` None: every organisation."""
    sql, params = _PENDING_SQL, []
    if organisation is not None:
        sql += " AND o.organisation = ?"
        params.append(organisation)
    if company_id is not None:
        sql += " AND r.claimed_company_id = ?"
        params.append(company_id)
    return [_parse(r) for r in db.query(sql + " ORDER BY r.submitted_at, r.id", params)]


def get_pending(db, response_id: int) -> dict | None:
    rows = list(db.query(_PENDING_SQL + " AND r.id = ?", [response_id]))
    return _parse(rows[0]) if rows else None


def confirm(db, response_id: int, take_name: bool = False, take_municipality: bool = False,
            take_contact: bool = False) -> bool:
    """Link a waiting analysis to its company (it becomes the latest analysis when it is the newest).
    The company's contact stays that of the earlier analysis unless ``take_contact``.
    Returns False when it is no longer waiting (confirmed or rejected meanwhile)."""
    with immediate(db):
        rows = list(db.query("SELECT claimed_company_id, answers FROM responses WHERE id = ? AND claim = 'pending'",
                             [response_id]))
        if not rows:
            return False
        company_id, answers = rows[0]["claimed_company_id"], json.loads(rows[0]["answers"])
        contact_from = response_id if take_contact else companies.contact_source(db, company_id)
        db.execute("UPDATE responses SET company_id = claimed_company_id, claim = 'confirmed' WHERE id = ?",
                   [response_id])
        scores.refresh_company_latest(db, company_id)
        changes = {"contact_response_id": contact_from}
        if take_name and answers.get("company_name"):
            changes["name"] = answers["company_name"]
        if take_municipality and answers.get("municipality"):
            changes["municipality"] = answers["municipality"]
        assignments = ", ".join(f"{column} = ?" for column in changes)
        db.execute(f"UPDATE companies SET {assignments}, updated_at = ? WHERE id = ?",
                   [*changes.values(), clock_stamp(db), company_id])
    return True


def reject(db, response_id: int) -> bool:
    """Leave a waiting analysis unlinked for good (the respondent keeps their results)."""
    with immediate(db):
        return db.execute("UPDATE responses SET claim = 'rejected' WHERE id = ? AND claim = 'pending'",
                          [response_id]).rowcount == 1


def count_pending(db, organisation: str | None = None) -> int:
    sql = ("SELECT count(*) AS n FROM responses r JOIN company_org o ON o.company_id = r.claimed_company_id "
           "WHERE r.claim = 'pending' AND r.status = 'submitted'")
    params = []
    if organisation is not None:
        sql += " AND o.organisation = ?"
        params.append(organisation)
    return next(db.query(sql, params))["n"]
