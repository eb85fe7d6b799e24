"""Aggregates over the analysed companies for the coordinator: pure functions on NumPy columns.

One row per company (its latest submitted analysis of a survey version). ``select`` turns the
coordinator's filters into a row mask; ``aggregate`` computes counts, means, distributions and
training demand of the selected rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

FILTER_GROUPS = ("industry", "size", "target_group", "municipality", "theme")


@dataclass(frozen=True, eq=False)
class AggregateTable:
    areas: tuple[str, ...]
    company_ids: np.ndarray
    dates: np.ndarray  # "YYYY-MM-DD" of the submission
    organisation: np.ndarray
    groups: dict
    index: np.ndarray
    levels: np.ndarray  # rows x areas, NaN = does not apply
    competence: np.ndarray
    importance: np.ndarray
    training: np.ndarray  # rows x areas, bool
    referrals: dict  # offer id -> bool array

    @classmethod
    def from_rows(cls, areas: tuple[str, ...], offers: tuple[str, ...], rows) -> "AggregateTable":
        ids, dates, orgs, index, levels, competence, importance, training = [], [], [], [], [], [], [], []
        groups = {g: [] for g in FILTER_GROUPS}
        referrals = {o: [] for o in offers}
        nan = float("nan")
        for company_id, submitted_at, organisation, maturity, level_json, group_json, extra_json in rows:
            level, group, extra = json.loads(level_json), json.loads(group_json), json.loads(extra_json or "{}")
            ids.append(company_id)
            dates.append(submitted_at[:10])
            orgs.append(organisation or "none")
            index.append(nan if maturity is None else maturity)
            levels.append([nan if level.get(a) is None else level[a] for a in areas])
            comp, imp = extra.get("competence", {}), extra.get("importance", {})
            competence.append([nan if comp.get(a) is None else comp[a] for a in areas])
            importance.append([nan if imp.get(a) is None else imp[a] for a in areas])
            wants = set(extra.get("training", ()))
            training.append([a in wants for a in areas])
            for g in FILTER_GROUPS:
                groups[g].append(group.get(g, "none"))
            recommended = set(extra.get("referrals", ()))
            for o in offers:
                referrals[o].append(o in recommended)
        shape = (len(ids), len(areas))
        return cls(
            areas=tuple(areas),
            company_ids=np.array(ids, dtype=np.int64),
            dates=np.array(dates, dtype="U10"),
            organisation=np.array(orgs, dtype=object),
            groups={g: np.array(v, dtype=object) for g, v in groups.items()},
            index=np.array(index, dtype=np.float64),
            levels=np.array(levels, dtype=np.float64).reshape(shape),
            competence=np.array(competence, dtype=np.float64).reshape(shape),
            importance=np.array(importance, dtype=np.float64).reshape(shape),
            training=np.array(training, dtype=bool).reshape(shape),
            referrals={o: np.array(v, dtype=bool) for o, v in referrals.items()},
        )

    def __len__(self) -> int:
        return len(self.company_ids)


def select(table: AggregateTable, filters: dict) -> np.ndarray:
    """Rows matching every filter: ``start``/``end`` (inclusive ISO dates), ``organisation`` and
    any of FILTER_GROUPS; an empty value does not filter."""
    mask = np.ones(len(table), dtype=bool)
    if filters.get("start"):
        mask &= table.dates >= filters["start"]
    if filters.get("end"):
        mask &= table.dates <= filters["end"]
    if filters.get("organisation"):
        mask &= table.organisation == filters["organisation"]
    for group in FILTER_GROUPS:
        if filters.get(group):
            mask &= table.groups[group] == filters[group]
    return mask


def _mean(values: np.ndarray) -> float | None:
    valid = values[~np.isnan(values)]
    return float(valid.mean()) if len(valid) else None


def aggregate(table: AggregateTable, mask: np.ndarray, method) -> dict:
    """Numbers of the selected companies (no suppression here: see reports.aggregate_data)."""
    rows = np.flatnonzero(mask)
    index = table.index[rows]
    levels, competence = table.levels[rows], table.competence[rows]
    importance, training = table.importance[rows], table.training[rows]
    bands = []
    valid_index = index[~np.isnan(index)]
    edges = [b.start for b in method.bands] + [float("inf")]
    for n, band in enumerate(method.bands):
        upper = edges[n + 1] if n + 1 < len(method.bands) else float("inf")
        bands.append({"id": band.id, "count": int(((valid_index >= band.start) & (valid_index < upper)).sum())})
    areas = []
    for a, area_id in enumerate(table.areas):
        demand = training[:, a] & (importance[:, a] >= method.important_from)
        applicable = ~np.isnan(levels[:, a])
        areas.append({
            "id": area_id,
            "companies": int(applicable.sum()),
            "level": _mean(levels[:, a]),
            "competence": _mean(competence[:, a]),
            "importance": _mean(importance[:, a]),
            "wants_training": int(training[:, a].sum()),
            "demand": int(demand.sum()),
        })
    groups = {}
    for group in FILTER_GROUPS:
        codes = table.groups[group][rows]
        groups[group] = [
            {"code": code, "count": int((codes == code).sum()), "index": _mean(index[codes == code])}
            for code in sorted(set(codes.tolist()))
        ]
    organisations = table.organisation[rows]
    groups["organisation"] = [
        {"code": code, "count": int((organisations == code).sum()), "index": _mean(index[organisations == code])}
        for code in sorted(set(organisations.tolist()))
    ]
    return {
        "companies": int(len(rows)),
        "index": _mean(index),
        "bands": bands,
        "areas": areas,
        "groups": groups,
        "recommended": {o: int(v[rows].sum()) for o, v in table.referrals.items()},
        "company_ids": table.company_ids[rows].tolist(),
    }


def suppress(cells: list[int], minimum: int) -> list[bool]:
    """Which cells of one breakdown to hide: every cell under ``minimum`` (but not zero), and if
    that hides exactly one cell, the next smallest shown one too, so that no hidden count can be
    recovered by subtracting the shown cells from a shown total."""
    hidden = [0 < c < minimum for c in cells]
    if sum(hidden) == 1:
        candidates = [(c, n) for n, c in enumerate(cells) if not hidden[n] and c > 0]
        if candidates:
            hidden[min(candidates)[1]] = True
    return hidden
