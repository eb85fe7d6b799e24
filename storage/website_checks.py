"""Website quick checks of companies' sites: stored results, the advisor's choices, figures."""

from __future__ import annotations

import json

from .db import immediate, stamp as clock_stamp


_JSON = ("findings", "pages", "selected")


def _row(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {**row, **{key: json.loads(row[key]) for key in _JSON}}


def insert(db, company_id: int | None, outcome, user_id: int | None) -> int:
    """Store a finished check (the fetch happened before, outside any transaction)."""
    with immediate(db):
        cursor = db.execute(
            "INSERT INTO website_checks (company_id, requested_url, final_url, checked_at, duration_ms, tool_version, "
            "dataset_version, error, error_detail, findings, pages, page_text, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [company_id, outcome.requested, outcome.final_url or None, clock_stamp(db), outcome.duration_ms,
             outcome.tool_version, outcome.dataset_version, outcome.error, outcome.error_detail or None,
             json.dumps(outcome.findings, ensure_ascii=False), json.dumps(outcome.pages),
             outcome.page_text, user_id])
        return cursor.lastrowid


def get(db, check_id: int) -> dict | None:
    return _row(next(iter(db.query("SELECT * FROM website_checks WHERE id = ?", [check_id])), None))


def of_company(db, company_id: int) -> list[dict]:
    """The company's checks, newest first."""
    return [_row(r) for r in db.query(
        "SELECT * FROM website_checks WHERE company_id = ? ORDER BY checked_at DESC, id DESC", [company_id])]


def latest(db, company_id: int) -> dict | None:
    checks = of_company(db, company_id)
    return checks[0] if checks else None


def set_selected(db, check_id: int, finding_ids: list[str]) -> None:
    with immediate(db):
        db.execute("UPDATE website_checks SET selected = ? WHERE id = ?", [json.dumps(finding_ids), check_id])


def set_draft(db, check_id: int, text: str, prompt: str | None = None, model: str | None = None) -> None:
    with immediate(db):
        if prompt is None:
            db.execute("UPDATE website_checks SET ai_draft = ? WHERE id = ?", [text, check_id])
        else:
            db.execute("UPDATE website_checks SET ai_draft = ?, ai_prompt = ?, ai_model = ? WHERE id = ?",
                       [text, prompt, model, check_id])


def latest_per_company(db) -> list[dict]:
    """Each company's newest successful check: company id and findings (for the coordinator's figures)."""
    rows = db.query(
        "SELECT w.company_id, w.findings FROM website_checks w WHERE w.error IS NULL AND w.company_id IS NOT NULL "
        "AND w.id = (SELECT w2.id FROM website_checks w2 WHERE w2.company_id = w.company_id AND w2.error IS NULL "
        "ORDER BY w2.checked_at DESC, w2.id DESC LIMIT 1)")
    return [{"company_id": r["company_id"], "findings": json.loads(r["findings"])} for r in rows]


def delete_company(db, company_id: int) -> None:
    """Erasure: called inside the erasing transaction."""
    db.execute("DELETE FROM website_checks WHERE company_id = ?", [company_id])


def presence_rows(db, survey_id: str, survey_version: int) -> list[dict]:
    """Each company's newest successful check with the groups of its latest analysis and its
    organisation (the coordinator's web-presence figures)."""
    rows = db.query(
        "SELECT w.findings, s.groups, o.organisation "
        "FROM website_checks w JOIN company_org o ON o.company_id = w.company_id "
        "JOIN scores s ON s.company_id = w.company_id AND s.is_latest = 1 AND s.survey_id = ? AND s.survey_version = ? "
        "WHERE w.error IS NULL AND w.id = (SELECT w2.id FROM website_checks w2 WHERE w2.company_id = w.company_id "
        "AND w2.error IS NULL ORDER BY w2.checked_at DESC, w2.id DESC LIMIT 1)", [survey_id, survey_version])
    return [{"findings": json.loads(r["findings"]),
             "groups": {**json.loads(r["groups"]), "organisation": r["organisation"]}} for r in rows]


def company_sites(db) -> list[dict]:
    """Every company with a submitted analysis: id and the answers of its newest analysis."""
    rows = db.query(
        "SELECT c.id AS company_id, r.answers, r.survey_id, r.survey_version FROM companies c "
        "JOIN responses r ON r.id = (SELECT r2.id FROM responses r2 WHERE r2.company_id = c.id "
        "AND r2.status = 'submitted' AND r2.kind = 'analysis' ORDER BY r2.submitted_at DESC, r2.id DESC LIMIT 1) "
        "ORDER BY c.id")
    return [{**r, "answers": json.loads(r["answers"])} for r in rows]
