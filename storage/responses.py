"""Drafts and submitted responses of the questionnaire.

A response is found by the hash of its private token, so the database alone does not reveal the
resume links. Every read-then-write runs in ``immediate()``; a submitted response never changes.
"""

from __future__ import annotations

import hashlib
import secrets
import json
from dataclasses import dataclass

from . import draft_limits, pending_links, scores
from .db import immediate, stamp as clock_stamp


class AlreadySubmitted(Exception):
    """The response was submitted; it can no longer be changed."""


@dataclass(frozen=True)
class Response:
    id: int
    survey_id: str
    survey_version: int
    status: str
    language: str
    answers: dict
    last_page: str | None
    company_id: int | None
    resume_link_sent_to: str | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    claimed_company_id: int | None = None
    claim: str | None = None

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def awaiting_confirmation(self) -> bool:
        return self.claim == "pending"


def new_token() -> str:
    """An unguessable private token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def row_to_response(row: dict) -> Response:
    return Response(
        id=row["id"],
        survey_id=row["survey_id"],
        survey_version=row["survey_version"],
        status=row["status"],
        language=row["language"],
        answers=json.loads(row["answers"]),
        last_page=row["last_page"],
        company_id=row["company_id"],
        resume_link_sent_to=row["resume_link_sent_to"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        submitted_at=row["submitted_at"],
        claimed_company_id=row.get("claimed_company_id"),
        claim=row.get("claim"),
    )


def _fetch(db, token: str) -> dict | None:
    """The response of a private link; a reissued link is made the response's link when first used
    (``pending_links``)."""
    digest = hash_token(token)
    rows = list(db.query("SELECT * FROM responses WHERE token_hash = ?", [digest]))
    if not rows and pending_links.promote(db, digest):
        rows = list(db.query("SELECT * FROM responses WHERE token_hash = ?", [digest]))
    return rows[0] if rows else None


def create_draft(db, token: str, survey, language: str, answers: dict, page_id: str,
                 address_key: str, limit: tuple[int, int], event_link: int | None = None) -> Response:
    """Store a new draft with its first saved page, under the private token the start button gave
    (only its hash is stored). Counts against the address's limit of new drafts, or the open event
    link's cap (raises ``draft_limits.TooManyDrafts``); a repeated post of the same page just saves
    it again."""
    with immediate(db):
        if _fetch(db, token) is None:
            draft_limits.reserve(db, address_key, *limit, event_link=event_link)
            stamp = clock_stamp(db)
            db["responses"].insert(
                {
                    "token_hash": hash_token(token),
                    "survey_id": survey.id,
                    "survey_version": survey.version,
                    "status": "draft",
                    "language": language,
                    "answers": json.dumps(answers, ensure_ascii=False),
                    "classifications": json.dumps(dict(survey.classifications), ensure_ascii=False),
                    "last_page": page_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            return row_to_response(_fetch(db, token))
    return save_answers(db, token, answers, page_id, language)


def get_by_token(db, token: str) -> Response | None:
    row = _fetch(db, token)
    return row_to_response(row) if row else None


def save_answers(db, token: str, answers: dict, page_id: str, language: str) -> Response:
    """Merge one page's answers into the draft. Raises AlreadySubmitted after submission."""
    with immediate(db):
        row = _fetch(db, token)
        if row is None:
            raise LookupError("no such response")
        if row["status"] == "submitted":
            raise AlreadySubmitted()
        merged = {**json.loads(row["answers"]), **answers}
        db.execute(
            "UPDATE responses SET answers = ?, last_page = ?, language = ?, updated_at = ? WHERE id = ?",
            [json.dumps(merged, ensure_ascii=False), page_id, language, clock_stamp(db), row["id"]],
        )
        row = _fetch(db, token)
    return row_to_response(row)


def set_language(db, token: str, language: str) -> None:
    """Remember the language the respondent chose (also after submitting: it is not an answer)."""
    with immediate(db):
        db.execute("UPDATE responses SET language = ? WHERE token_hash = ? AND language != ?",
                   [language, hash_token(token), language])


def mark_resume_link_sent(db, token: str, address: str) -> None:
    with immediate(db):
        db.execute(
            "UPDATE responses SET resume_link_sent_to = ? WHERE token_hash = ?", [address, hash_token(token)]
        )


def submit(db, token: str, finalize) -> tuple[Response, bool]:
    """Submit a draft exactly once.

    ``finalize(answers)`` returns ``(missing_page_id, company_fields, score_row)``; when a page
    is still missing required answers nothing is written and the page id is raised as
    ``Incomplete``. The company, the submission and its scores are written in one transaction.
    The first analysis of a business ID creates the company; a later one is stored unconfirmed
    (``claim = 'pending'``, not linked, not a peer) and changes nothing of the company.
    Returns ``(response, newly_submitted)``: a repeated submit is a no-op.
    """
    with immediate(db):
        row = _fetch(db, token)
        if row is None:
            raise LookupError("no such response")
        if row["status"] == "submitted":
            return row_to_response(row), False
        missing, company, score_row = finalize(json.loads(row["answers"]))
        if missing is not None:
            raise Incomplete(missing)
        stamp = clock_stamp(db)
        existing = list(db.query("SELECT id FROM companies WHERE business_id = ?", [company["business_id"]]))
        if existing:
            # The business ID is public: an anonymous answer never changes an existing company. It
            # waits, unlinked, until an advisor of the company's organisation or a coordinator confirms it.
            company_id = existing[0]["id"]
            db.execute(
                "UPDATE responses SET status = 'submitted', submitted_at = ?, updated_at = ?, claimed_company_id = ?, "
                "claim = 'pending' WHERE id = ?", [stamp, stamp, company_id, row["id"]])
        else:
            company_id = db.execute(
                "INSERT INTO companies (business_id, name, municipality, organisation, created_at, updated_at) "
                "VALUES (:business_id, :name, :municipality, :organisation, :stamp, :stamp)",
                {**company, "stamp": stamp}).lastrowid
            db.execute(
                "UPDATE responses SET status = 'submitted', submitted_at = ?, updated_at = ?, company_id = ? "
                "WHERE id = ?",
                [stamp, stamp, company_id, row["id"]],
            )
        scores.insert(db, row["id"], company_id, row["survey_id"], row["survey_version"], stamp, score_row,
                      latest=not existing)
        row = _fetch(db, token)
    return row_to_response(row), True


class Incomplete(Exception):
    """Required answers are missing; ``args[0]`` is the first page that needs them."""


def latest_submitted(db, business_id: str | None = None) -> list[tuple[str, Response]]:
    """Each company's latest submitted analysis, as (business ID, response), by business ID."""
    sql = """
        SELECT c.business_id, r.* FROM responses r JOIN companies c ON c.id = r.company_id
        WHERE r.status = 'submitted' AND r.kind = 'analysis' AND r.id = (
            SELECT r2.id FROM responses r2 WHERE r2.company_id = r.company_id AND r2.status = 'submitted'
                AND r2.kind = 'analysis'
            ORDER BY r2.submitted_at DESC, r2.id DESC LIMIT 1)
    """
    params = []
    if business_id is not None:
        sql += " AND c.business_id = ?"
        params.append(business_id)
    return [(row["business_id"], row_to_response(row)) for row in db.query(sql + " ORDER BY c.business_id", params)]


def count_by_status(db) -> dict[str, int]:
    return {row["status"]: row["n"] for row in db.query("SELECT status, count(*) AS n FROM responses GROUP BY status")}


def get_by_id(db, response_id: int) -> Response | None:
    rows = list(db.query("SELECT * FROM responses WHERE id = ?", [response_id]))
    return row_to_response(rows[0]) if rows else None
