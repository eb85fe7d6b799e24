"""Web presence figures for the coordinator: shares of checked sites with each feature, by group,
with the small-group rule. Pure functions."""

from __future__ import annotations

FEATURES = {
    "https": ("https", ("pass",)),
    "mobile": ("viewport", ("pass",)),
    "webshop": ("webshop", ("pass",)),
    "booking": ("booking", ("pass",)),
    "analytics": ("analytics", ("pass",)),
    "structured_data": ("structured_data", ("pass",)),
}


def has_features(findings: list[dict]) -> dict[str, bool]:
    status = {f["id"]: f["status"] for f in findings}
    return {name: status.get(check) in ok for name, (check, ok) in FEATURES.items()}


def _row(companies: list[dict[str, bool]]) -> dict:
    n = len(companies)
    return {"n": n, "shares": {name: (100.0 * sum(c[name] for c in companies) / n) if n else None
                               for name in FEATURES}}


def _hidden_below(row: dict, minimum: int) -> dict:
    row["hidden"] = row["n"] < minimum
    if row["hidden"]:
        row["shares"] = {name: None for name in FEATURES}
    return row


def breakdown(rows: list[dict], group: str | None, minimum: int) -> dict:
    """``rows``: {"features": {...}, "groups": {group: code or [codes]}}. Returns the total and one
    row per group code; a group with fewer than ``minimum`` companies is marked hidden, and so is
    the total when fewer than ``minimum`` sites have been checked (the rule the page states)."""
    total = _hidden_below(_row([r["features"] for r in rows]), minimum)
    if not group:
        return {"total": total, "groups": []}
    members: dict[str, list] = {}
    for r in rows:
        codes = r["groups"].get(group)
        for code in (codes if isinstance(codes, list) else [codes]):
            members.setdefault(code if code not in (None, "") else "none", []).append(r["features"])
    groups = []
    for code, features in sorted(members.items()):
        row = _hidden_below(_row(features), minimum)
        row["code"] = code
        groups.append(row)
    return {"total": total, "groups": groups}
