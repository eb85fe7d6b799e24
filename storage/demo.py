"""Bulk loading of generated demo responses (used by `flask demo` and the benchmarks)."""

from __future__ import annotations

import json

from . import scores
from .db import immediate
from .responses import hash_token


def is_empty(db) -> bool:
    return next(db.query("SELECT count(*) AS n FROM responses"))["n"] == 0


def load_responses(db, survey, demo_responses, score_row, organisation_of=lambda answers: None) -> int:
    """Insert generated responses (submitted ones with their companies and scores) in one
    transaction; ``score_row(answers)`` gives the stored scores of a submitted one."""
    classifications = json.dumps(dict(survey.classifications), ensure_ascii=False)
    with immediate(db):
        for item in demo_responses:
            company_id = None
            if item.submitted:
                answers = item.answers
                db.execute(
                    """
                    INSERT INTO companies (business_id, name, municipality, organisation, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(business_id) DO UPDATE SET name = excluded.name, municipality = excluded.municipality,
                        organisation = excluded.organisation, updated_at = excluded.updated_at
                    """,
                    [answers["business_id"], answers["company_name"], answers["municipality"],
                     organisation_of(answers), item.submitted_at, item.submitted_at],
                )
                company_id = next(db.query("SELECT id FROM companies WHERE business_id = ?",
                                           [answers["business_id"]]))["id"]
            db.execute(
                """
                INSERT INTO responses (token_hash, survey_id, survey_version, status, language, company_id,
                    answers, classifications, last_page, created_at, updated_at, submitted_at)
                VALUES (?, ?, ?, ?, 'fi', ?, ?, ?, ?, ?, ?, ?)
                """,
                [hash_token(item.token), survey.id, survey.version, "submitted" if item.submitted else "draft",
                 company_id, json.dumps(item.answers, ensure_ascii=False), classifications,
                 survey.pages[-1].id if item.submitted else survey.pages[2].id,
                 item.created_at, item.submitted_at or item.created_at, item.submitted_at],
            )
            if item.submitted:
                response_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
                scores.insert(db, response_id, company_id, survey.id, survey.version, item.submitted_at,
                              score_row(item.answers))
        scores.refresh_latest(db, survey.id, survey.version)
    return len(demo_responses)


def analysed_companies(db) -> list[dict]:
    """Every company's latest analysis with its organisation, levels and scored extras (for the
    demo's advisory interviews)."""
    return [{**row, "levels": json.loads(row["levels"]), "extras": json.loads(row["extras"] or "{}")}
            for row in db.query(
                "SELECT o.company_id, o.organisation, s.response_id, s.submitted_at, s.levels, s.extras FROM scores s "
                "JOIN company_org o ON o.company_id = s.company_id WHERE s.is_latest = 1 ORDER BY o.company_id")]
