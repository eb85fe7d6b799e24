"""Follow-up rounds (T1): invitations, private links, submission with the T0/T1 comparison.

A round invites every company with a submitted baseline analysis. Each invitation has a private
link; only its hash is looked up, and the link itself is derived from the application's secret
key and a random nonce (``link_token``), so the coordinator can list it again for a mail merge
while the database alone reveals no link. Opening the link starts an ordinary questionnaire
response (``kind = 'followup'``) that belongs to the invited company; submitting it stores the
comparison with the company's T0 analysis in the invitation, in the same transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading

from scoring.impact import ChangeTable

import clock

from .db import immediate, stamp as clock_stamp
from .responses import AlreadySubmitted, Incomplete, Response, hash_token, row_to_response

__all__ = ["AlreadySubmitted", "Incomplete"]


def link_token(secret: str, nonce: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), b"followup-link:" + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def create_round(db, name: str, survey, opens_on: str, closes_on: str, user_id: int | None, secret: str,
                 name_en: str | None = None) -> tuple[int, int]:
    """Open a round and invite the analysed companies; returns (round id, invitations made).
    ``name_en``: the round's name on English pages (None: the Finnish ``name``)."""
    with immediate(db):
        round_id = db["followup_rounds"].insert({
            "name": name, "name_en": name_en, "survey_id": survey.id, "survey_version": survey.version,
            "opens_on": opens_on,
            "closes_on": closes_on, "created_by": user_id, "created_at": clock_stamp(db),
        }).last_pk
        made = _invite(db, round_id, survey, secret)
    return round_id, made


def invite_missing(db, round_id: int, survey, secret: str) -> int:
    """Invite companies analysed since the round was opened (idempotent); returns how many."""
    with immediate(db):
        return _invite(db, round_id, survey, secret)


def _invite(db, round_id: int, survey, secret: str) -> int:
    versions = list(survey.baseline_versions)
    rows = list(db.query(
        f"""
        SELECT r.company_id, r.id FROM responses r
        WHERE r.kind = 'analysis' AND r.status = 'submitted' AND r.survey_id = ?
          AND r.survey_version IN ({', '.join('?' * len(versions))})
          AND r.id = (SELECT r2.id FROM responses r2 WHERE r2.company_id = r.company_id AND r2.kind = 'analysis'
                      AND r2.status = 'submitted' AND r2.survey_id = r.survey_id
                      AND r2.survey_version IN ({', '.join('?' * len(versions))})
                      ORDER BY r2.submitted_at DESC, r2.id DESC LIMIT 1)
          AND r.company_id NOT IN (SELECT company_id FROM followup_invitations WHERE round_id = ?)
        ORDER BY r.company_id
        """,
        [survey.baseline, *versions, *versions, round_id],
    ))
    stamp = clock_stamp(db)
    for company_id, baseline_id in ((r["company_id"], r["id"]) for r in rows):
        nonce = secrets.token_urlsafe(16)
        db["followup_invitations"].insert({
            "round_id": round_id, "company_id": company_id, "baseline_response_id": baseline_id, "nonce": nonce,
            "token_hash": hash_token(link_token(secret, nonce)), "created_at": stamp,
        })
    return len(rows)


_ROUNDS_SQL = """
    SELECT f.*, count(i.id) AS invited, count(i.response_id) AS started, count(i.submitted_at) AS answered
    FROM followup_rounds f LEFT JOIN followup_invitations i ON i.round_id = f.id
"""


def rounds(db) -> list[dict]:
    """Every round, newest first, with how many were invited, started and answered."""
    return list(db.query(_ROUNDS_SQL + " GROUP BY f.id ORDER BY f.opens_on DESC, f.id DESC"))


def get_round(db, round_id: int) -> dict | None:
    found = list(db.query(_ROUNDS_SQL + " WHERE f.id = ? GROUP BY f.id", [round_id]))
    return found[0] if found else None


def invitations(db, round_id: int, organisation: str | None = None) -> list[dict]:
    """The round's invitations with the company and its confirmed contact details (for links and
    mail): those of the analysis the advisor kept as the contact, else of the T0 analysis; and the
    contact consent of its latest confirmed analysis (``consent_contact`` with its questionnaire)."""
    sql = """
        SELECT i.id, i.nonce, i.baseline_response_id, i.created_at, i.emailed_at, i.reminded_at, i.reminders,
               i.submitted_at,
               i.response_id IS NOT NULL AS started, i.index_before, i.index_after, i.company_id, i.answered_by,
               c.name, c.business_id, o.organisation, k.contact_name, k.contact_email, b.language,
               b.submitted_at AS analysed_at, json_extract(lr.answers, '$.consent_contact') AS consent_contact,
               lr.survey_id AS consent_survey_id, lr.survey_version AS consent_survey_version
        FROM followup_invitations i JOIN companies c ON c.id = i.company_id
        JOIN company_org o ON o.company_id = i.company_id JOIN company_contact k ON k.company_id = i.company_id
        JOIN responses b ON b.id = i.baseline_response_id
        LEFT JOIN company_latest_analysis l ON l.company_id = i.company_id
        LEFT JOIN responses lr ON lr.id = l.response_id
        WHERE i.round_id = ?
    """
    params: list = [round_id]
    if organisation is not None:
        sql += " AND o.organisation = ?"
        params.append(organisation)
    return list(db.query(sql + " ORDER BY c.name COLLATE NOCASE, c.id", params))


def mark_sent(db, invitation_ids, reminder: bool) -> None:
    stamp = clock_stamp(db)
    with immediate(db):
        for invitation_id in invitation_ids:
            if reminder:
                db.execute("UPDATE followup_invitations SET reminded_at = ?, reminders = reminders + 1 WHERE id = ?",
                           [stamp, invitation_id])
            else:
                db.execute("UPDATE followup_invitations SET emailed_at = ? WHERE id = ?", [stamp, invitation_id])


def open_link(db, token: str, survey_for) -> dict | None:
    """The invitation of a follow-up link, with its response started if it was not yet.

    ``survey_for(survey_id, version)`` checks that the round's survey is still defined.
    Returns None for an unknown link.
    """
    token_hash = hash_token(token)
    with immediate(db):
        rows = list(db.query(
            "SELECT i.*, f.survey_id, f.survey_version, b.language FROM followup_invitations i "
            "JOIN followup_rounds f ON f.id = i.round_id JOIN responses b ON b.id = i.baseline_response_id "
            "WHERE i.token_hash = ?", [token_hash]))
        if not rows or survey_for(rows[0]["survey_id"], rows[0]["survey_version"]) is None:
            return None
        invitation = rows[0]
        if invitation["response_id"] is None:
            stamp = clock_stamp(db)
            response_id = db["responses"].insert({
                "token_hash": token_hash, "survey_id": invitation["survey_id"],
                "survey_version": invitation["survey_version"], "status": "draft", "language": invitation["language"],
                "company_id": invitation["company_id"], "answers": "{}", "classifications": "{}", "kind": "followup",
                "created_at": stamp, "updated_at": stamp,
            }).last_pk
            db.execute("UPDATE followup_invitations SET response_id = ? WHERE id = ?", [response_id, invitation["id"]])
            invitation = {**invitation, "response_id": response_id}
    return invitation


def submit(db, token: str, finalize, interview: dict | None = None) -> tuple[Response, bool]:
    """Submit a follow-up exactly once (a repeat is a no-op, as for analyses).

    ``finalize(answers, baseline)`` gets the T1 answers and the T0 response (survey id, version,
    answers) and returns ``(missing_page_id, comparison_row)``. The response, the comparison and
    the invitation are written in one transaction. ``interview``: ``{"user_id", "held_on"}`` when
    an advisor records the answers given in an interview (else the company answered itself).
    """
    with immediate(db):
        rows = list(db.query(
            "SELECT r.*, i.id AS invitation_id, b.survey_id AS b_survey, b.survey_version AS b_version, "
            "b.answers AS b_answers FROM responses r JOIN followup_invitations i ON i.response_id = r.id "
            "JOIN responses b ON b.id = i.baseline_response_id WHERE r.token_hash = ?", [hash_token(token)]))
        if not rows:
            raise LookupError("no such follow-up")
        row = rows[0]
        if row["status"] == "submitted":
            return row_to_response(row), False
        baseline = {"survey_id": row["b_survey"], "survey_version": row["b_version"],
                    "answers": json.loads(row["b_answers"])}
        missing, result = finalize(json.loads(row["answers"]), baseline)
        if missing is not None:
            raise Incomplete(missing)
        stamp = clock_stamp(db)
        db.execute("UPDATE responses SET status = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?",
                   [stamp, stamp, row["id"]])
        db.execute(
            "UPDATE followup_invitations SET submitted_at = ?, index_before = ?, index_after = ?, levels_before = ?, "
            "levels_after = ?, outcome = ?, answered_by = ?, interviewer_id = ?, interviewed_on = ? WHERE id = ?",
            [stamp, result["index_before"], result["index_after"], json.dumps(result["levels_before"]),
             json.dumps(result["levels_after"]), json.dumps(result["outcome"], ensure_ascii=False),
             "interview" if interview else "self", interview["user_id"] if interview else None,
             interview["held_on"] if interview else None, row["invitation_id"]])
        row = next(db.query("SELECT * FROM responses WHERE id = ?", [row["id"]]))
    return row_to_response(row), True


def _comparison(row: dict) -> dict:
    return {
        **row,
        "levels_before": json.loads(row["levels_before"] or "{}"),
        "levels_after": json.loads(row["levels_after"] or "{}"),
        "outcome": json.loads(row["outcome"] or "{}"),
    }


_ANSWERED_SQL = """
    SELECT i.id, i.round_id, f.name AS round_name, f.name_en AS round_name_en, f.survey_id, f.survey_version,
           i.company_id,
           i.baseline_response_id, i.response_id,
           b.submitted_at AS analysed_at, i.submitted_at, i.index_before, i.index_after, i.levels_before,
           i.levels_after, i.outcome, coalesce(i.answered_by, 'self') AS answered_by, i.interviewed_on,
           u.name AS interviewer
    FROM followup_invitations i JOIN followup_rounds f ON f.id = i.round_id
    JOIN responses b ON b.id = i.baseline_response_id LEFT JOIN users u ON u.id = i.interviewer_id
    WHERE i.submitted_at IS NOT NULL
"""


def for_response(db, response_id: int) -> dict | None:
    """The comparison stored for a submitted follow-up response."""
    rows = list(db.query(_ANSWERED_SQL + " AND i.response_id = ?", [response_id]))
    return _comparison(rows[0]) if rows else None


def of_company(db, company_id: int) -> list[dict]:
    """A company's answered follow-ups, newest first."""
    return [_comparison(r)
            for r in db.query(_ANSWERED_SQL + " AND i.company_id = ? ORDER BY i.submitted_at DESC, i.id DESC",
                                             [company_id])]


def answered(db, round_id: int | None = None) -> list[dict]:
    """Answered follow-ups with the T0 peer groups and organisation: one per company (its latest
    answer, or its answer in ``round_id``), for the coordinator's impact figures and exports."""
    sql = f"""
        SELECT a.*, s.groups, o.organisation, c.name, c.business_id
        FROM ({_ANSWERED_SQL}) a JOIN companies c ON c.id = a.company_id JOIN company_org o ON o.company_id = c.id
        LEFT JOIN scores s ON s.response_id = a.baseline_response_id
    """
    params: list = []
    if round_id is not None:
        sql += " WHERE a.round_id = ?"
        params.append(round_id)
    else:
        sql += (" WHERE a.id = (SELECT i2.id FROM followup_invitations i2 WHERE i2.company_id = a.company_id "
                "AND i2.submitted_at IS NOT NULL ORDER BY i2.submitted_at DESC, i2.id DESC LIMIT 1)")
    return [{**_comparison(r), "groups": json.loads(r["groups"] or "{}")}
            for r in db.query(sql + " ORDER BY a.company_id", params)]


_cache: dict = {}
_lock = threading.Lock()


def change_table(db, path: str, round_id: int | None, generation: int, areas: tuple[str, ...]):
    """The answered follow-ups as a scoring.impact.ChangeTable, kept per process until a
    follow-up is submitted or erased or the peers' generation changes (an organisation override,
    an erasure)."""
    signature = tuple(db.execute(
        "SELECT count(*), max(submitted_at), max(id), sum(id) FROM followup_invitations WHERE submitted_at IS NOT NULL"
    ).fetchone()) + (generation,)
    key = (path, round_id, areas)
    cached = _cache.get(key)
    if cached and cached[0] == signature:
        return cached[1]
    with _lock:
        rows = answered(db, round_id)
        day_of = clock.of(db).local_date_iso
        for row in rows:
            row["groups"] = {**row["groups"], "organisation": row["organisation"] or "none",
                             "answered_by": row["answered_by"]}
            row["analysed_at"] = day_of(row.get("analysed_at"))  # the period filter's day: Helsinki time
        table = ChangeTable.from_records(areas, rows)
        _cache[key] = (signature, table)
        return table


_COMPANY_SQL = """
    SELECT i.id, i.round_id, f.name AS round_name, f.survey_id, f.survey_version, f.opens_on, f.closes_on,
           i.company_id, i.nonce, i.response_id, i.submitted_at, coalesce(i.answered_by, 'self') AS answered_by,
           i.interviewed_on, u.name AS interviewer, r.status AS response_status
    FROM followup_invitations i JOIN followup_rounds f ON f.id = i.round_id
    LEFT JOIN users u ON u.id = i.interviewer_id LEFT JOIN responses r ON r.id = i.response_id
"""


def company_invitations(db, company_id: int) -> list[dict]:
    """The company's follow-up invitations, newest round first, with how each was answered."""
    return list(db.query(_COMPANY_SQL + " WHERE i.company_id = ? ORDER BY f.opens_on DESC, i.id DESC", [company_id]))


def invitation(db, invitation_id: int) -> dict | None:
    found = list(db.query(_COMPANY_SQL + " WHERE i.id = ?", [invitation_id]))
    return found[0] if found else None


def first_waiting_nonce(db) -> str | None:
    """The link nonce of one unanswered invitation of the newest round (for the demo printout)."""
    rows = list(db.query(
        "SELECT i.nonce FROM followup_invitations i WHERE i.submitted_at IS NULL "
        "ORDER BY i.round_id DESC, i.id LIMIT 1"))
    return rows[0]["nonce"] if rows else None
