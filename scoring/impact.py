"""Measured impact across companies: the paired change of the selected companies' stored T0/T1
comparisons, overall, per area and per group. Pure functions on NumPy columns (as
scoring.aggregate), so that a per-process table serves every filter of the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .aggregate import FILTER_GROUPS, Category, category
from .change import paired_arrays

TRAINING_CODES = ("attended", "referred", "neither")
PARTICIPATION_CODES = ("completed_path", "attended_tp2", "none")


def _number(value) -> float:
    return np.nan if value is None else float(value)


@dataclass(frozen=True, eq=False)
class ChangeTable:
    """One row per answered follow-up (a company's comparison with its T0 analysis)."""

    areas: tuple[str, ...]
    company_ids: np.ndarray
    dates: np.ndarray  # "YYYY-MM-DD" of the T0 analysis (the dashboard's period filter)
    index_before: np.ndarray
    index_after: np.ndarray
    levels_before: np.ndarray  # rows x areas, NaN = not compared
    levels_after: np.ndarray
    groups: dict  # group key -> Category (peer groups of the T0 analysis, "organisation", "answered_by")
    attended: np.ndarray  # bool: the follow-up names a project training taken part in
    satisfaction: np.ndarray  # 1-5, NaN = not answered

    @classmethod
    def from_records(cls, areas, records, group_keys=(*FILTER_GROUPS, "organisation", "answered_by")) -> "ChangeTable":
        """``records``: dicts with index_before/after, levels_before/after (area -> value),
        groups (key -> code; ``answered_by``: ``self`` or ``interview``, how the follow-up was
        answered), outcome ({"attended": [...], "satisfaction": n}), company_id and analysed_at
        (both optional)."""
        records = records if isinstance(records, list) else list(records)
        position = {a: k for k, a in enumerate(areas)}
        n = len(records)
        before, after = np.full((n, len(areas)), np.nan), np.full((n, len(areas)), np.nan)
        for r, record in enumerate(records):
            for target, key in ((before, "levels_before"), (after, "levels_after")):
                for area, value in record[key].items():
                    if value is not None and area in position:
                        target[r, position[area]] = value
        outcome = [r.get("outcome") or {} for r in records]
        return cls(
            areas=tuple(areas),
            company_ids=np.array([r.get("company_id", 0) for r in records], dtype=np.int64),
            dates=np.array([(r.get("analysed_at") or "")[:10] for r in records], dtype="U10"),
            index_before=np.array([_number(r["index_before"]) for r in records], dtype=float),
            index_after=np.array([_number(r["index_after"]) for r in records], dtype=float),
            levels_before=before,
            levels_after=after,
            groups={key: category([r["groups"].get(key) or "none" for r in records]) for key in group_keys},
            attended=np.array([bool(o.get("attended")) for o in outcome], dtype=bool),
            satisfaction=np.array([_number(o.get("satisfaction")) for o in outcome], dtype=float),
        )

    def __len__(self) -> int:
        return len(self.company_ids)

    def training(self, referred_ids) -> Category:
        """Training participation: attended (self-reported), else referred (by an advisor's
        final interview), else neither."""
        referred = np.isin(self.company_ids, np.fromiter(referred_ids, dtype=np.int64))
        codes = np.where(self.attended, 0, np.where(referred, 1, 2)).astype(np.int32)
        return Category(TRAINING_CODES, codes)

    def participation(self, completed_ids, attended_ids) -> Category:
        """Recorded participation: completed a path (its certificate), else attended a TP2
        session, else none — from the training records, not from what the company said."""
        completed = np.isin(self.company_ids, np.fromiter(completed_ids, dtype=np.int64))
        attended = np.isin(self.company_ids, np.fromiter(attended_ids, dtype=np.int64))
        codes = np.where(completed, 0, np.where(attended, 1, 2)).astype(np.int32)
        return Category(PARTICIPATION_CODES, codes)


def select(table: ChangeTable, filters: dict) -> np.ndarray:
    """Rows matching the dashboard's filters (period of the T0 analysis, organisation, groups)."""
    mask = np.ones(len(table), dtype=bool)
    if filters.get("start"):
        mask &= table.dates >= filters["start"]
    if filters.get("end"):
        mask &= table.dates <= filters["end"]
    for key in (*FILTER_GROUPS, "organisation"):
        if filters.get(key) and key in table.groups:
            category = table.groups[key]
            mask &= category.codes == category.code_of(filters[key])
    return mask


def impact(table: ChangeTable, mask: np.ndarray | None = None, extra_groups: dict | None = None,
           group_keys=None) -> dict:
    """``{"index": PairedChange, "areas": {area: PairedChange}, "groups": {key: [(code,
    PairedChange of the index)]}, "satisfaction": [values]}`` over the selected rows; groups
    with no selected company are left out (categories in code order; training as TRAINING_CODES)."""
    rows = np.flatnonzero(np.ones(len(table), dtype=bool) if mask is None else mask)
    before, after = table.index_before[rows], table.index_after[rows]
    groups = {**table.groups, **(extra_groups or {})}
    result = {
        "index": paired_arrays(before, after),
        "areas": {area: paired_arrays(table.levels_before[rows, k], table.levels_after[rows, k])
                  for k, area in enumerate(table.areas)},
        "groups": {},
        "satisfaction": [float(v) for v in table.satisfaction[rows] if not np.isnan(v)],
    }
    for key in (group_keys if group_keys is not None else groups):
        category = groups[key]
        codes = category.codes[rows]
        result["groups"][key] = [(name, paired_arrays(before[codes == k], after[codes == k]))
                                 for k, name in enumerate(category.names) if (codes == k).any()]
    return result
