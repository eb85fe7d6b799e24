"""Companies as the advisor workspace sees them: list, search, organisation, analyses."""

from __future__ import annotations

import json

from . import scores
from .db import immediate

STATUSES = ("analysed", "interviewed", "referred")

_LIST_SQL = """
SELECT c.id, c.business_id, c.name, c.municipality,
       o.organisation,
       (SELECT r.submitted_at FROM responses r WHERE r.id = l.response_id) AS last_analysis,
       (SELECT count(*) FROM interviews i WHERE i.company_id = c.id AND i.status = 'final'
          AND (?1 IS NULL OR i.organisation = ?1)) AS interviews,
       (SELECT count(*) FROM interviews i WHERE i.company_id = c.id AND i.status = 'final'
          AND (?1 IS NULL OR i.organisation = ?1)
          AND json_array_length(json_extract(i.data, '$.referrals')) > 0) AS referred
FROM companies c JOIN company_org o ON o.company_id = c.id JOIN company_latest_analysis l ON l.company_id = c.id
"""


ORDERS = {"newest": "last_analysis DESC, id DESC", "name": "name COLLATE NOCASE, id"}


def _search_sql(organisation: str | None, text: str, status: str, municipality_codes) -> tuple[str, list]:
    where, params = [], [organisation]
    if organisation is not None:
        where.append("o.organisation = ?")
        params.append(organisation)
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        clause = "(c.name LIKE ? OR replace(c.business_id, '-', '') LIKE replace(?, '-', '')"
        params += [like, like]
        if municipality_codes:
            clause += f" OR c.municipality IN ({', '.join('?' * len(municipality_codes))})"
            params += list(municipality_codes)
        where.append(clause + ")")
    sql = _LIST_SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql = f"SELECT * FROM ({sql}) WHERE last_analysis IS NOT NULL"
    if status == "analysed":
        sql += " AND interviews = 0"
    elif status == "interviewed":
        sql += " AND interviews > 0"
    elif status == "referred":
        sql += " AND referred > 0"
    return sql, params


def search(db, organisation: str | None, text: str = "", status: str = "", municipality_codes=(), limit: int = 200,
           offset: int = 0, order: str = "newest"):
    """Companies newest analysis first (or by ``order``: 'name'), ``limit`` from ``offset``;
    ``organisation`` None means every organisation. The interview counts are that organisation's
    own (an advisor never sees another one's notes, even after the company moved)."""
    sql, params = _search_sql(organisation, text, status, municipality_codes)
    sql += f" ORDER BY {ORDERS.get(order, ORDERS['newest'])} LIMIT ? OFFSET ?"
    return list(db.query(sql, params + [limit, offset]))


def count(db, organisation: str | None, text: str = "", status: str = "", municipality_codes=()) -> int:
    """How many companies ``search`` finds in all (over every page)."""
    sql, params = _search_sql(organisation, text, status, municipality_codes)
    return db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def get(db, company_id: int) -> dict | None:
    rows = list(db.query(_LIST_SQL + " WHERE c.id = ?2", [None, company_id]))
    return rows[0] if rows else None


def id_by_business_id(db, business_id: str) -> int | None:
    """The company's id by its business ID as stored (``ytunnus.format``), or None."""
    rows = list(db.query("SELECT id FROM companies WHERE business_id = ?", [business_id]))
    return rows[0]["id"] if rows else None


def analyses(db, company_id: int) -> list[dict]:
    """Submitted responses of a company, newest first, with their stored index."""
    return [
        {**row, "answers": json.loads(row["answers"])}
        for row in db.query(
            "SELECT r.id, r.survey_id, r.survey_version, r.submitted_at, r.answers, r.language, r.company_id, "
            "s.maturity_index FROM responses r LEFT JOIN scores s ON s.response_id = r.id "
            "WHERE r.company_id = ? AND r.status = 'submitted' AND r.kind = 'analysis' "
            "ORDER BY r.submitted_at DESC, r.id DESC",
            [company_id])
    ]


CONTACT_FIELDS = scores.CONTACT_FIELDS

_CONTACT_SOURCE = """coalesce(c.contact_response_id, (
    SELECT r.id FROM responses r WHERE r.company_id = c.id AND r.status = 'submitted' AND r.kind = 'analysis'
    ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1))"""


def contact_source(db, company_id: int) -> int | None:
    """The analysis whose contact details are the company's confirmed contact."""
    rows = list(db.query(f"SELECT {_CONTACT_SOURCE} AS id FROM companies c WHERE c.id = ?", [company_id]))
    return rows[0]["id"] if rows else None


def contact(db, company_id: int) -> dict:
    """The company's confirmed contact details (empty when none)."""
    source = contact_source(db, company_id)
    rows = list(db.query("SELECT answers FROM responses WHERE id = ?", [source])) if source else []
    answers = json.loads(rows[0]["answers"]) if rows else {}
    return {field: answers.get(field) for field in CONTACT_FIELDS}


def set_override(db, company_id: int, organisation: str | None) -> None:
    with immediate(db):
        db.execute("UPDATE companies SET organisation_override = ? WHERE id = ?", [organisation, company_id])
        for row in db.query("SELECT DISTINCT survey_id, survey_version FROM scores WHERE company_id = ?", [company_id]):
            scores.bump_generation(db, row["survey_id"], row["survey_version"])


def organisation_of(db, company_id: int) -> str | None:
    """The company's effective organisation (the coordinator's override, else the assigned one)."""
    row = db.execute("SELECT organisation FROM company_org WHERE company_id = ?", [company_id]).fetchone()
    return row[0] if row else None
