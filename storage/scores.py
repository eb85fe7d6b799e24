"""Stored scores and the per-process peer table used for benchmarks.

Each submitted response gets one row of scores in the same transaction as its submission. Only
each company's latest row per survey version (``is_latest``) is a peer. ``peer_generations``
counts changes (the coordinator's caches are keyed by it); ``peer_changes`` says which company's
peer row changed, so a worker brings its in-memory peer table up to date by re-reading those
companies' rows instead of rebuilding it (``peer_table``).
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
    changed(db, survey_id, survey_version, company_id)


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
    changed(db, survey_id, survey_version, None)


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
        changed(db, row["survey_id"], row["survey_version"], company_id)


def company_erased(db, company_id: int) -> None:
    """A company's scores were deleted: it leaves the peers of every survey version."""
    for row in list(db.query("SELECT survey_id, survey_version FROM peer_generations")):
        changed(db, row["survey_id"], row["survey_version"], company_id)


def changed(db, survey_id: str, survey_version: int, company_id: int | None) -> None:
    """The peers changed: ``company_id``'s row (None: any number of rows, workers rebuild).
    Call in the transaction that made the change."""
    bump_generation(db, survey_id, survey_version)
    db.execute("INSERT INTO peer_changes (survey_id, survey_version, company_id, stamp) VALUES (?, ?, ?, random())",
               [survey_id, survey_version, company_id])


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


def generations(db, survey_id: str, versions) -> tuple[int, ...]:
    """The generations of several versions: changes when any of their peers change."""
    return tuple(generation(db, survey_id, version) for version in versions)


def _latest_of(versions) -> str:
    """SQL condition: the row ``s`` is the company's latest among the ``versions`` (each version's
    ``is_latest`` row; of those, the last submitted): one row per company across the versions."""
    marks = ", ".join("?" * len(versions))
    if len(versions) == 1:  # one row per company already (and the same parameters: the check is always false)
        return (f"s.survey_id = ? AND s.survey_version IN ({marks}) AND s.is_latest = 1 "
                f"AND s.survey_version IN ({marks})")
    return (f"s.survey_id = ? AND s.survey_version IN ({marks}) AND s.is_latest = 1 AND NOT EXISTS ("
            f"SELECT 1 FROM scores n WHERE n.company_id = s.company_id AND n.survey_id = s.survey_id "
            f"AND n.survey_version IN ({marks}) AND n.is_latest = 1 "
            f"AND (n.submitted_at, n.response_id) > (s.submitted_at, s.response_id))")


def _versions(survey_version) -> tuple[int, ...]:
    return tuple(survey_version) if isinstance(survey_version, (tuple, list)) else (survey_version,)


def for_response(db, response_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM scores WHERE response_id = ?", [response_id]))
    return rows[0] if rows else None


def load_peer_table(db, survey_id: str, survey_version: int, metrics: tuple[str, ...]) -> PeerTable:
    """The peers built from scratch from the stored scores."""
    rows = db.conn.execute(
        "SELECT company_id, maturity_index, levels, groups FROM scores "
        "WHERE survey_id = ? AND survey_version = ? AND is_latest = 1 ORDER BY company_id",
        [survey_id, survey_version],
    )
    return PeerTable.from_rows(metrics, (_peer_row(*row) for row in rows))


def _peer_row(company_id, index, levels, groups) -> tuple:
    values = json.loads(levels)
    values["index"] = index
    return company_id, json.loads(groups), values


# Catching up replays the changed companies; past this many changes a rebuild is cheaper.
CATCH_UP_LIMIT = 2000


class PeerCache:
    """One process's peer tables, each with the last change (seq, stamp) it includes. A table is
    brought up to date from ``peer_changes``: the changed companies' current rows replace theirs
    (a new latest analysis, a confirmation that made another one the latest, an erasure). It is
    rebuilt only after a bulk change (a change without a company), when the change it includes
    is gone (a restored database) or when too many changed at once."""

    def __init__(self):
        self._tables: dict = {}
        self._lock = threading.Lock()

    def get(self, db, path: str, survey_id: str, survey_version: int, metrics: tuple[str, ...]) -> PeerTable:
        key = (path, survey_id, survey_version, metrics)
        cached = self._tables.get(key)
        if cached is not None and _changes(db, survey_id, survey_version, cached[0]) == _anchor(cached[0]):
            return cached[1]
        with self._lock:
            cached = self._tables.get(key)
            if cached is not None:
                anchor = _anchor(cached[0])
                changes = _changes(db, survey_id, survey_version, cached[0])
                new = changes[len(anchor):]
                companies = {company for _seq, _stamp, company in new}
                if changes[:len(anchor)] == anchor and len(new) <= CATCH_UP_LIMIT and None not in companies:
                    table = cached[1].updated(self._current(db, survey_id, survey_version, companies)) \
                        if companies else cached[1]
                    self._tables[key] = (new[-1][:2] if new else cached[0], table)
                    return table
            # the last change is read before the rows: one committed in between is replayed later
            last = db.conn.execute("SELECT seq, stamp FROM peer_changes WHERE survey_id = ? AND survey_version = ? "
                                   "ORDER BY seq DESC LIMIT 1", [survey_id, survey_version]).fetchone()
            table = load_peer_table(db, survey_id, survey_version, metrics)
            self._tables[key] = (tuple(last) if last else (0, None), table)
            return table

    @staticmethod
    def _current(db, survey_id: str, survey_version: int, companies: set) -> dict:
        """Each company's current peer row as ({group: code}, {metric: value}), None if it has none."""
        current = dict.fromkeys(companies)
        ids = sorted(companies)
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            for row in db.conn.execute(
                    "SELECT company_id, maturity_index, levels, groups FROM scores WHERE survey_id = ? AND "
                    f"survey_version = ? AND is_latest = 1 AND company_id IN ({', '.join('?' * len(batch))})",
                    [survey_id, survey_version, *batch]):
                company_id, groups, values = _peer_row(*row)
                current[company_id] = (groups, values)
        return current


def _changes(db, survey_id: str, survey_version: int, since: tuple) -> list:
    """The remembered change ``since`` (seq, stamp) if it is still there, then the later ones as
    (seq, stamp, company); at most CATCH_UP_LIMIT + 2 rows."""
    rows = db.conn.execute(
        "SELECT seq, stamp, company_id FROM peer_changes WHERE survey_id = ? AND survey_version = ? AND seq >= ? "
        "ORDER BY seq LIMIT ?", [survey_id, survey_version, since[0], CATCH_UP_LIMIT + 2]).fetchall()
    return [row[:2] if row[:2] == since else row for row in rows]


def _anchor(last: tuple) -> list:
    """What ``_changes`` returns when nothing changed since ``last``: it alone (none before any)."""
    return [last] if last[0] else []


_peers = PeerCache()
_lock = threading.Lock()


def peer_table(db, path: str, survey_id: str, survey_version: int, metrics: tuple[str, ...]) -> PeerTable:
    """The peers of one survey version, kept up to date from the changes since this process
    last looked (see PeerCache)."""
    return _peers.get(db, path, survey_id, survey_version, metrics)


# The questionnaire's answer that allows anonymous use in published aggregate results.
PUBLICATION_CONSENT = "consent_publication"


def aggregate_rows(db, survey_id: str, survey_version):
    """Every company's latest scores with what the coordinator filters by (for AggregateTable);
    the submission's day in the project's time zone (the period filter counts local days) and
    the publication consent of that analysis. ``survey_version``: one version or several
    comparable ones (``SurveyCatalog.comparable_versions``: each company's latest of them)."""
    day_of = clock.of(db).local_date_iso
    versions = _versions(survey_version)
    rows = db.conn.execute(
        f"""
        SELECT s.company_id, s.submitted_at, o.organisation, s.maturity_index, s.levels, s.groups, s.extras,
               json_extract(r.answers, '$.{PUBLICATION_CONSENT}')
        FROM scores s JOIN company_org o ON o.company_id = s.company_id JOIN responses r ON r.id = s.response_id
        WHERE {_latest_of(versions)} ORDER BY s.company_id
        """,
        [survey_id, *versions, *versions],
    )
    return ((company, day_of(submitted), *rest) for company, submitted, *rest in rows)


_aggregate_cache: dict = {}


def aggregate_table(db, path: str, survey, offers: tuple[str, ...], versions=None):
    """The coordinator's table of every company's latest scores (of ``versions``, default the
    survey's own), rebuilt when peers change."""
    areas = tuple(a.id for a in survey.areas)
    versions = tuple(versions or (survey.version,))
    key = (path, survey.id, versions, offers)
    current = generations(db, survey.id, versions)
    cached = _aggregate_cache.get(key)
    if cached and cached[0] == current:
        return cached[1]
    with _lock:
        table = AggregateTable.from_rows(areas, offers, aggregate_rows(db, survey.id, versions))
        _aggregate_cache[key] = (current, table)
        return table


def export_records(db, survey_id: str, survey_version, company_ids) -> list[dict]:
    """The latest analysis of each selected company with its answers and scores, for exports
    (``survey_version``: one version or several comparable ones, as ``aggregate_rows``)."""
    wanted = set(company_ids)
    versions = _versions(survey_version)
    records = []
    for row in db.conn.execute(
        f"""
        SELECT r.id, r.submitted_at, r.survey_id, r.survey_version, r.answers, s.company_id, s.maturity_index,
               s.levels, s.extras, o.organisation, cr.answers
        FROM scores s JOIN responses r ON r.id = s.response_id JOIN companies c ON c.id = s.company_id
        JOIN company_org o ON o.company_id = s.company_id LEFT JOIN responses cr ON cr.id = c.contact_response_id
        WHERE {_latest_of(versions)} ORDER BY r.id
        """,
        [survey_id, *versions, *versions],
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


def open_answers(db, survey_id: str, survey_version, company_ids, question_ids, limit: int = 300) -> list[dict]:
    """Open answers of the selected companies' latest analyses (newest first; ``survey_version``:
    one version or several comparable ones, as ``aggregate_rows``).

    The order is taken over the small scores rows first; answers are then read in batches only
    until enough are found (sorting whole answer documents of 100 000 responses took seconds)."""
    wanted = set(company_ids)
    versions = _versions(survey_version)
    order = [response_id for response_id, company_id in db.conn.execute(
        f"SELECT s.response_id, s.company_id FROM scores s WHERE {_latest_of(versions)} "
        "ORDER BY s.submitted_at DESC", [survey_id, *versions, *versions]) if company_id in wanted]
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
