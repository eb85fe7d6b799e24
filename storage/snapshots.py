"""What a final interview's report shows, kept with the interview when it is made final: the
self-assessment it was compared with (its analysis' levels per area, index and submission date)
and the website-check findings the advisor had chosen for the report. Read from the stored rows
inside the transaction that makes the interview final (also by migration m017)."""

from __future__ import annotations

import json

CHOSEN_CHECK_SQL = (
    "SELECT id, checked_at, requested_url, final_url, findings, selected FROM website_checks "
    "WHERE company_id = ? AND error IS NULL AND selected != '[]' ORDER BY checked_at DESC, id DESC LIMIT 1")


def chosen_check(db, company_id: int) -> dict | None:
    """The newest successful check of the company with findings chosen for the report (a later
    check whose findings are not chosen yet does not take their place), only the chosen findings."""
    row = db.execute(CHOSEN_CHECK_SQL, [company_id]).fetchone()
    if row is None:
        return None
    selected = json.loads(row[5])
    return {"id": row[0], "checked_at": row[1], "requested_url": row[2], "final_url": row[3], "error": None,
            "selected": selected, "findings": [f for f in json.loads(row[4]) if f["id"] in selected]}


def take(db, company_id: int, response_id: int | None, stamp: str) -> dict:
    """The snapshot of an interview of ``company_id`` based on the analysis ``response_id``
    (``last_check_id``: the company's newest website check then, so that a later one is told apart
    even when both carry the same moment)."""
    analysis = None
    if response_id is not None:
        row = db.execute(
            "SELECT r.id, r.survey_id, r.survey_version, r.submitted_at, s.maturity_index, s.levels "
            "FROM responses r LEFT JOIN scores s ON s.response_id = r.id WHERE r.id = ?", [response_id]).fetchone()
        if row is not None:
            analysis = {"response_id": row[0], "survey_id": row[1], "survey_version": row[2], "submitted_at": row[3],
                        "index": row[4], "levels": json.loads(row[5]) if row[5] else {}}
    last = db.execute("SELECT max(id) FROM website_checks WHERE company_id = ?", [company_id]).fetchone()[0]
    return {"taken_at": stamp, "analysis": analysis, "website": chosen_check(db, company_id), "last_check_id": last}


def summary(snapshot: dict | None) -> dict | None:
    """What of a snapshot the interview's history compares (the moment it was taken left out)."""
    if not snapshot:
        return None
    analysis, website = snapshot.get("analysis") or {}, snapshot.get("website") or {}
    return {"submitted_at": analysis.get("submitted_at"), "index": analysis.get("index"),
            "checked_at": website.get("checked_at"), "findings": [f["id"] for f in website.get("findings", [])]}
