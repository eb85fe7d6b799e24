"""Stored scores and the per-process peer table used for benchmarks.

Each submitted response gets one row of scores in the same transaction as its submission. Only
each company's latest row per survey version (``is_latest``) is a peer. ``peer_generations``
counts changes, so a worker rebuilds its in-memory peer table only when the peers changed.
"""

from __future__ import annotations

import json
import threading

import clock
from scoring import PeerTable
from scoring.aggregate import AggregateTable

# The answers that hold a company's contact person (exports overlay the contact an advisor kept).
CONTACT_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")


def insert(db, response_id: int, company_id: int, survey_id: str, survey_version: int, submitted_at: str,
           row: dict, latest: bool = True) -> None:
    """Store the scores of a newly submitted response (call inside the submit transaction).
    ``latest`` False: an unconfirmed analysis, kept out of the peers until it is confirmed."""
    if latest:
        db.execute(
            "UPDATE scores SET is_latest = 0 WHERE company_id = ? AND survey_id = ? AND survey_version = ?",
            [company_id, survey_id, survey_version],
        )
    db.execute(
        """
        INSERT INTO scores (response_id, company_id, survey_id, survey_version, submitted_at, is_latest,
                            maturity_index, levels, groups, extras)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [response_id, company_id, survey_id, survey_version, submitted_at, int(latest), row["index"],
         json.dumps(row["levels"]), json.dumps(row["groups"], ensure_ascii=False), json.dumps(row.get("extras", {}))],
    )
    bump_generation(db, survey_id, survey_version)


def refresh_latest(db, survey_id: str, survey_version: int) -> None:
    """Recompute ``is_latest`` (after a bulk load or a confirmation): a company's newest confirmed
    submission wins (an unconfirmed one has no ``company_id`` on its response yet)."""
    db.execute(
        """
        UPDATE scores SET is_latest = (response_id IN (
            SELECT response_id FROM (
                SELECT s.response_id, row_number() OVER (
                    PARTITION BY s.company_id ORDER BY s.submitted_at DESC, s.response_id DESC) AS position
                FROM scores s JOIN responses r ON r.id = s.response_id
                WHERE s.survey_id = ? AND s.survey_version = ? AND r.company_id IS NOT NULL)
            WHERE position = 1))
        WHERE survey_id = ? AND survey_version = ?
        """,
        [survey_id, survey_version, survey_id, survey_version],
    )
    bump_generation(db, survey_id, survey_version)


def refresh_company_latest(db, company_id: int) -> None:
    """Recompute ``is_latest`` of one company in every survey version (after a confirmation)."""
    for row in list(db.query("SELECT DISTINCT survey_id, survey_version FROM scores WHERE company_id = ?",
                             [company_id])):
        db.execute(
            """
            UPDATE scores SET is_latest = (response_id = (
                SELECT s.response_id FROM scores s JOIN responses r ON r.id = s.response_id
                WHERE s.company_id = ? AND s.survey_id = ? AND s.survey_version = ? AND r.company_id = s.company_id
                ORDER BY s.submitted_at DESC, s.response_id DESC LIMIT 1))
            WHERE company_id = ? AND survey_id = ? AND survey_version = ?
            """,
            [company_id, row["survey_id"], row["survey_version"], company_id, row["survey_id"], row["survey_version"]],
        )
        bump_generation(db, row["survey_id"], row["survey_version"])


def bump_generation(db, survey_id: str, survey_version: int) -> None:
    db.execute(
        """
        INSERT INTO peer_generations (survey_id, survey_version, generation) VALUES (?, ?, 1)
        ON CONFLICT(survey_id, survey_version) DO UPDATE SET generation = generation + 1
        """,
        [survey_id, survey_version],
    )


def generation(db, survey_id: str, survey_version: int) -> int:
    rows = list(db.query("SELECT generation FROM peer_generations WHERE survey_id = ? AND survey_version = ?",
                         [survey_id, survey_version]))
    return rows[0]["generation"] if rows else 0


def for_response(db, response_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM scores WHERE response_id = ?", [response_id]))
    return rows[0] if rows else None


def load_peer_table(db, survey_id: str, survey_version: int, metrics: tuple[str, ...]) -> PeerTable:
    rows = db.conn.execute(
        "SELECT company_id, maturity_index, levels, groups FROM scores "
        "WHERE survey_id = ? AND survey_version = ? AND is_latest = 1 ORDER BY company_id",
        [survey_id, survey_version],
    )

    def parse():
        for company_id, index, levels, groups in rows:
            values = json.loads(levels)
            values["index"] = index
            yield company_id, json.loads(groups), values

    return PeerTable.from_rows(metrics, parse())


_cache: dict = {}
_lock = threading.Lock()


def peer_table(db, path: str, survey_id: str, survey_version: int, metrics: tuple[str, ...]) -> PeerTable:
    """The peers of one survey version, rebuilt only when their generation changed."""
    key = (path, survey_id, survey_version, metrics)
    current = generation(db, survey_id, survey_version)
    cached = _cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == current:
            return cached[1]
        table = load_peer_table(db, survey_id, survey_version, metrics)
        _cache[key] = (current, table)
        return table


# The questionnaire's answer that allows anonymous use in published aggregate results.
PUBLICATION_CONSENT = "consent_publication"


def aggregate_rows(db, survey_id: str, survey_version: int):
    """Every company's latest scores with what the coordinator filters by (for AggregateTable);
    the submission's day in the project's time zone (the period filter counts local days) and
    the publication consent of that analysis."""
    day_of = clock.of(db).local_date_iso
    rows = db.conn.execute(
        f"""
        SELECT s.company_id, s.submitted_at, o.organisation, s.maturity_index, s.levels, s.groups, s.extras,
               json_extract(r.answers, '$.{PUBLICATION_CONSENT}')
        FROM scores s JOIN company_org o ON o.company_id = s.company_id JOIN responses r ON r.id = s.response_id
        WHERE s.survey_id = ? AND s.survey_version = ? AND s.is_latest = 1 ORDER BY s.company_id
        """,
        [survey_id, survey_version],
    )
    return ((company, day_of(submitted), *rest) for company, submitted, *rest in rows)


_aggregate_cache: dict = {}


def aggregate_table(db, path: str, survey, offers: tuple[str, ...]):
    """The coordinator's table of every company's latest scores, rebuilt when peers change."""
    areas = tuple(a.id for a in survey.areas)
    key = (path, survey.id, survey.version, offers)
    current = generation(db, survey.id, survey.version)
    cached = _aggregate_cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    with _lock:
        table = AggregateTable.from_rows(areas, offers, aggregate_rows(db, survey.id, survey.version))
        _aggregate_cache[key] = (current, table)
        return table


def export_records(db, survey_id: str, survey_version: int, company_ids) -> list[dict]:
    """The latest analysis of each selected company with its answers and scores, for exports."""
    wanted = set(company_ids)
    records = []
    for row in db.conn.execute(
        """
        SELECT r.id, r.submitted_at, r.survey_id, r.survey_version, r.answers, s.company_id, s.maturity_index,
               s.levels, s.extras, o.organisation, cr.answers
        FROM scores s JOIN responses r ON r.id = s.response_id JOIN companies c ON c.id = s.company_id
        JOIN company_org o ON o.company_id = s.company_id LEFT JOIN responses cr ON cr.id = c.contact_response_id
        WHERE s.survey_id = ? AND s.survey_version = ? AND s.is_latest = 1 ORDER BY r.id
        """,
        [survey_id, survey_version],
    ):
        if row[5] not in wanted:
            continue
        extras = json.loads(row[8] or "{}")
        answers = json.loads(row[4])
        if row[10]:  # the contact the advisor kept when confirming a later analysis
            kept = json.loads(row[10])
            answers.update({field: kept.get(field) for field in CONTACT_FIELDS})
        records.append({
            "response_id": row[0], "submitted_at": row[1], "survey_id": row[2], "survey_version": row[3],
            "organisation": row[9], "answers": answers,
            "scores": {"maturity_index": row[6], "levels": json.loads(row[7]),
                       "competence": extras.get("competence", {})},
        })
    return records


def open_answers(db, survey_id: str, survey_version: int, company_ids, question_ids, limit: int = 300) -> list[dict]:
    """Open answers of the selected companies' latest analyses (newest first).

    The order is taken over the small scores rows first; answers are then read in batches only
    until enough are found (sorting whole answer documents of 100 000 responses took seconds)."""
    wanted = set(company_ids)
    order = [response_id for response_id, company_id in db.conn.execute(
        "SELECT response_id, company_id FROM scores WHERE survey_id = ? AND survey_version = ? AND is_latest = 1 "
        "ORDER BY submitted_at DESC", [survey_id, survey_version]) if company_id in wanted]
    out = []
    for start in range(0, len(order), 200):
        batch = order[start:start + 200]
        found = dict(db.conn.execute(
            f"SELECT id, answers FROM responses WHERE id IN ({', '.join('?' * len(batch))})", batch))
        for response_id in batch:
            answers = json.loads(found[response_id])
            out.extend({"question": qid, "answer": answers[qid]} for qid in question_ids if answers.get(qid))
        if len(out) >= limit:
            break
    return out[:limit]
