"""Advisory interview records, with every edit kept as history (who changed what, when).

A final interview does not change: making it final keeps what its report shows with it
(``snapshot``, storage/snapshots.py); to change it, it is reopened as a draft (``reopen``: who,
when and why go to its history) and made final again, which takes a new snapshot."""

from __future__ import annotations

import json

from . import snapshots
from .db import immediate, stamp as clock_stamp
from .personal_data import INTERVIEW_ACTION_NAME_FIELDS, INTERVIEW_NAME_FIELDS


class InterviewFinal(Exception):
    """The interview is final: reopen it before changing it."""


def _row(row) -> dict:
    snapshot = json.loads(row["snapshot"]) if row["snapshot"] else None
    return {**row, "data": json.loads(row["data"]), "snapshot": snapshot}


def get(db, interview_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT i.*, u.name AS advisor_name FROM interviews i JOIN users u ON u.id = i.advisor_id WHERE i.id = ?",
        [interview_id]))
    return _row(rows[0]) if rows else None


def for_company(db, company_id: int, organisation: str | None = None) -> list[dict]:
    """The company's interviews; ``organisation`` given: only those that organisation recorded
    (an advisor never reads another organisation's notes, even after the company moved)."""
    sql, params = "WHERE i.company_id = ?", [company_id]
    if organisation is not None:
        sql += " AND i.organisation = ?"
        params.append(organisation)
    return [_row(r) for r in db.query(
        "SELECT i.*, u.name AS advisor_name FROM interviews i JOIN users u ON u.id = i.advisor_id "
        f"{sql} ORDER BY coalesce(i.held_on, i.created_at) DESC, i.id DESC", params)]


def latest_final(db, company_id: int, organisation: str | None = None) -> dict | None:
    finals = [i for i in for_company(db, company_id, organisation) if i["status"] == "final"]
    return finals[0] if finals else None


def _changes(old: dict, new: dict) -> dict:
    return {key: [old.get(key), new.get(key)] for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)}


def save(db, user_id: int, company_id: int, response_id: int | None, status: str, held_on: str | None, data: dict,
         interview_id: int | None = None, organisation: str | None = None) -> int:
    """Create (``interview_id`` None) or update a draft interview; the history records the changes.
    A new interview belongs to ``organisation`` (the recording one) for good. Made final, it keeps
    its snapshot; a final interview raises InterviewFinal (reopen it first)."""
    stamp = clock_stamp(db)
    record = {**data, "status": status, "held_on": held_on}
    with immediate(db):
        if interview_id is None:
            cursor = db.execute(
                "INSERT INTO interviews (company_id, response_id, advisor_id, status, held_on, data, created_at, "
                "updated_at, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [company_id, response_id, user_id, status, held_on, json.dumps(data, ensure_ascii=False), stamp, stamp,
                 organisation])
            interview_id = cursor.lastrowid
            old, changes = None, _changes({}, record)
        else:
            old = _row(next(db.query("SELECT * FROM interviews WHERE id = ?", [interview_id])))
            if old["status"] == "final":
                raise InterviewFinal(interview_id)
            response_id = old["response_id"]
            changes = _changes({**old["data"], "status": old["status"], "held_on": old["held_on"]}, record)
            db.execute("UPDATE interviews SET status = ?, held_on = ?, data = ?, updated_at = ? WHERE id = ?",
                       [status, held_on, json.dumps(data, ensure_ascii=False), stamp, interview_id])
        if status == "final":
            snapshot = snapshots.take(db, company_id, response_id, stamp)
            db.execute("UPDATE interviews SET snapshot = ? WHERE id = ?",
                       [json.dumps(snapshot, ensure_ascii=False), interview_id])
            before = snapshots.summary(old["snapshot"]) if old else None
            if before != snapshots.summary(snapshot):
                changes["snapshot"] = [before, snapshots.summary(snapshot)]
        if changes:
            _log(db, interview_id, user_id, stamp, changes)
    return interview_id


def reopen(db, user_id: int, interview_id: int, reason: str) -> bool:
    """A final interview back to a draft, with who, when and why in its history (the snapshot
    stays until it is made final again). False when it is not final (reopened meanwhile)."""
    stamp = clock_stamp(db)
    with immediate(db):
        reopened = db.execute(
            "UPDATE interviews SET status = 'draft', updated_at = ? WHERE id = ? AND status = 'final'",
            [stamp, interview_id]).rowcount == 1
        if reopened:
            _log(db, interview_id, user_id, stamp, {"status": ["final", "draft"], "reopen_reason": [None, reason]})
    return reopened


def _log(db, interview_id: int, user_id: int, stamp: str, changes: dict) -> None:
    db.execute("INSERT INTO interview_history (interview_id, user_id, changed_at, changes) VALUES (?, ?, ?, ?)",
               [interview_id, user_id, stamp, json.dumps(changes, ensure_ascii=False)])


def history(db, interview_id: int) -> list[dict]:
    return [{**r, "changes": json.loads(r["changes"])} for r in db.query(
        "SELECT h.*, u.name AS user_name FROM interview_history h JOIN users u ON u.id = h.user_id "
        "WHERE h.interview_id = ? ORDER BY h.id DESC", [interview_id])]


def stats(db, company_ids: list[int], package_of: dict[str, str]) -> dict:
    """Final interviews and actual referrals of the selected companies, per work package."""
    wanted = set(company_ids)
    interviewed, packages = set(), {}
    for row in db.query("SELECT company_id, data FROM interviews WHERE status = 'final'"):
        if row["company_id"] not in wanted:
            continue
        interviewed.add(row["company_id"])
        for offer in json.loads(row["data"]).get("referrals") or []:
            package = package_of.get(offer)
            if package:
                packages.setdefault(package, set()).add(row["company_id"])
    paths = set().union(*(v for k, v in packages.items() if k != "TP2")) if packages else set()
    return {
        "analyses": len(wanted),
        "interviews": len(interviewed),
        "tp2_companies": len(packages.get("TP2", ())),
        "path_companies": len(paths),
        "referrals_by_package": {k: len(v) for k, v in sorted(packages.items())},
    }


def referred_companies(db) -> set[int]:
    """Companies an advisor referred to a training or path in a final interview."""
    return {row["company_id"] for row in db.query(
        "SELECT DISTINCT company_id FROM interviews WHERE status = 'final' "
        "AND json_array_length(json_extract(data, '$.referrals')) > 0")}


def _without_names(data: dict) -> dict:
    cleared = {k: (None if k in INTERVIEW_NAME_FIELDS else v) for k, v in data.items()}
    if isinstance(cleared.get("actions"), list):
        cleared["actions"] = [{k: (None if k in INTERVIEW_ACTION_NAME_FIELDS else v) for k, v in a.items()}
                              if isinstance(a, dict) else a for a in cleared["actions"]]
    return cleared


def clear_names(db, before: str) -> int:
    """Retention: remove people's names from interviews created before ``before`` (ISO date) and
    from their edit history. Run inside ``immediate()``; returns how many interviews changed."""
    changed = 0
    for row in list(db.query("SELECT id, data FROM interviews WHERE created_at < ?", [before])):
        data = json.loads(row["data"])
        cleared = _without_names(data)
        if cleared != data:
            db.execute("UPDATE interviews SET data = ? WHERE id = ?",
                       [json.dumps(cleared, ensure_ascii=False), row["id"]])
            changed += 1
        for entry in list(db.query("SELECT id, changes FROM interview_history WHERE interview_id = ?", [row["id"]])):
            changes = json.loads(entry["changes"])
            kept = {k: ([_without_names({k: v})[k] for v in pair] if isinstance(pair, list) else pair)
                    for k, pair in changes.items()}
            if kept != changes:
                db.execute("UPDATE interview_history SET changes = ? WHERE id = ?",
                           [json.dumps(kept, ensure_ascii=False), entry["id"]])
    return changed
