"""Stored scores and the per-process peer table used for benchmarks.

Each submitted response gets one row of scores in the same transaction as its submission. Only
each company's latest row per survey version (``is_latest``) is a peer. ``peer_generations``
counts changes, so a worker rebuilds its in-memory peer table only when the peers changed.
"""

from __future__ import annotations

import json
import threading

from scoring import PeerTable


def insert(db, response_id: int, company_id: int, survey_id: str, survey_version: int, submitted_at: str,
           row: dict) -> None:
    """Store the scores of a newly submitted response (call inside the submit transaction)."""
    db.execute(
        "UPDATE scores SET is_latest = 0 WHERE company_id = ? AND survey_id = ? AND survey_version = ?",
        [company_id, survey_id, survey_version],
    )
    db.execute(
        """
        INSERT INTO scores (response_id, company_id, survey_id, survey_version, submitted_at, is_latest,
                            maturity_index, levels, groups)
        VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
        """,
        [response_id, company_id, survey_id, survey_version, submitted_at, row["index"],
         json.dumps(row["levels"]), json.dumps(row["groups"], ensure_ascii=False)],
    )
    bump_generation(db, survey_id, survey_version)


def refresh_latest(db, survey_id: str, survey_version: int) -> None:
    """Recompute ``is_latest`` (after a bulk load): a company's newest submission wins."""
    db.execute(
        """
        UPDATE scores SET is_latest = CASE WHEN response_id = (
            SELECT s2.response_id FROM scores s2
            WHERE s2.company_id = scores.company_id AND s2.survey_id = scores.survey_id
              AND s2.survey_version = scores.survey_version
            ORDER BY s2.submitted_at DESC, s2.response_id DESC LIMIT 1) THEN 1 ELSE 0 END
        WHERE survey_id = ? AND survey_version = ?
        """,
        [survey_id, survey_version],
    )
    bump_generation(db, survey_id, survey_version)


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
