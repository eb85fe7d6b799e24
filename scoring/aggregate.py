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
class Category:
    """A text column stored as integer codes into ``names`` (fast counts and comparisons)."""

    names: tuple[str, ...]
    codes: np.ndarray

    def code_of(self, name: str) -> int:
        return self.names.index(name) if name in self.names else -1


def category(values: list[str]) -> Category:
    names, codes = np.unique(np.array(values, dtype=object), return_inverse=True) if values else ([], np.array([], int))
    return Category(tuple(str(n) for n in names), np.asarray(codes, dtype=np.int32))


@dataclass(frozen=True, eq=False)
class AggregateTable:
    areas: tuple[str, ...]
    company_ids: np.ndarray
    dates: np.ndarray  # "YYYY-MM-DD" of the submission
    organisation: Category
    groups: dict  # group -> Category
    index: np.ndarray
    levels: np.ndarray  # rows x areas, NaN = does not apply
    competence: np.ndarray
    importance: np.ndarray
    training: np.ndarray  # rows x areas, bool
    referrals: dict  # offer id -> bool array
    publishable: np.ndarray  # bool: the company agreed to anonymous use in published results

    @classmethod
    def from_rows(cls, areas: tuple[str, ...], offers: tuple[str, ...], rows) -> "AggregateTable":
        rows = rows if isinstance(rows, list) else list(rows)
        n, width = len(rows), len(areas)
        ids = np.empty(n, dtype=np.int64)
        dates = np.empty(n, dtype="U10")
        index = np.full(n, np.nan)
        levels, competence, importance = (np.full((n, width), np.nan), np.full((n, width), np.nan),
                                            np.full((n, width), np.nan))
        training = np.zeros((n, width), dtype=bool)
        referrals = {o: np.zeros(n, dtype=bool) for o in offers}
        publishable = np.zeros(n, dtype=bool)
        orgs, groups = [], {g: [] for g in FILTER_GROUPS}
        position = {a: k for k, a in enumerate(areas)}
        offer_set = set(offers)
        for r, (company_id, submitted_at, organisation, maturity, level_json, group_json, extra_json,
                *consent) in enumerate(rows):
            ids[r], dates[r], publishable[r] = company_id, submitted_at[:10], bool(consent and consent[0])
            if maturity is not None:
                index[r] = maturity
            for area, value in json.loads(level_json).items():
                if value is not None and area in position:
                    levels[r, position[area]] = value
            extra = json.loads(extra_json or "{}")
            for target, key in ((competence, "competence"), (importance, "importance")):
                for area, value in extra.get(key, {}).items():
                    if value is not None and area in position:
                        target[r, position[area]] = value
            for area in extra.get("training", ()):
                if area in position:
                    training[r, position[area]] = True
            for offer in extra.get("referrals", ()):
                if offer in offer_set:
                    referrals[offer][r] = True
            group = json.loads(group_json)
            for g in FILTER_GROUPS:
                groups[g].append(group.get(g, "none"))
            orgs.append(organisation or "none")
        return cls(tuple(areas), ids, dates, category(orgs), {g: category(v) for g, v in groups.items()},
                   index, levels, competence, importance, training, referrals, publishable)

    def __len__(self) -> int:
        return len(self.company_ids)


def select(table: AggregateTable, filters: dict, publication: bool = False) -> np.ndarray:
    """Rows matching every filter: ``start``/``end`` (inclusive ISO dates), ``organisation`` and
    any of FILTER_GROUPS; an empty value does not filter. ``publication``: only the companies
    that agreed to anonymous use in published aggregate results."""
    mask = table.publishable.copy() if publication else np.ones(len(table), dtype=bool)
    if filters.get("start"):
        mask &= table.dates >= filters["start"]
    if filters.get("end"):
        mask &= table.dates <= filters["end"]
    if filters.get("organisation"):
        mask &= table.organisation.codes == table.organisation.code_of(filters["organisation"])
    for group in FILTER_GROUPS:
        if filters.get(group):
            category = table.groups[group]
            mask &= category.codes == category.code_of(filters[group])
    return mask


def _breakdown(category: Category, rows: np.ndarray, index: np.ndarray) -> list[dict]:
    codes = category.codes[rows]
    size = len(category.names)
    counts = np.bincount(codes, minlength=size)
    valid = ~np.isnan(index)
    sums = np.bincount(codes[valid], weights=index[valid], minlength=size)
    with_index = np.bincount(codes[valid], minlength=size)
    return [{"code": name, "count": int(counts[k]), "index": float(sums[k] / with_index[k]) if with_index[k] else None}
            for k, name in enumerate(category.names) if counts[k]]


def _mean(values: np.ndarray) -> float | None:
    valid = values[~np.isnan(values)]
    return float(valid.mean()) if len(valid) else None


def aggregate(table: AggregateTable, mask: np.ndarray, method) -> dict:
    """Numbers of the selected companies (no suppression here: see reports.data.aggregate)."""
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
    groups = {group: _breakdown(table.groups[group], rows, index) for group in FILTER_GROUPS}
    groups["organisation"] = _breakdown(table.organisation, rows, index)
    return {
        "companies": int(len(rows)),
        "index": _mean(index),
        "bands": bands,
        "areas": areas,
        "groups": groups,
        "recommended": {o: int(v[rows].sum()) for o, v in table.referrals.items()},
        "company_ids": table.company_ids[rows].tolist(),
    }


SMALL, SECONDARY = "small", "secondary"


def suppression(cells: list[int], minimum: int) -> list[str | None]:
    """Why each cell of one breakdown is hidden: ``SMALL`` for every cell under ``minimum`` (but
    not zero); if that hides exactly one cell, ``SECONDARY`` for the next smallest shown one, so
    that no hidden count can be recovered by subtracting the shown cells from a shown total;
    None for a cell that is shown."""
    reasons: list[str | None] = [SMALL if 0 < c < minimum else None for c in cells]
    if reasons.count(SMALL) == 1:
        candidates = [(c, n) for n, c in enumerate(cells) if reasons[n] is None and c > 0]
        if candidates:
            reasons[min(candidates)[1]] = SECONDARY
    return reasons


def suppress(cells: list[int], minimum: int) -> list[bool]:
    """Which cells of one breakdown to hide (``suppression`` without the reason)."""
    return [reason is not None for reason in suppression(cells, minimum)]
