"""Change between the first analysis (T0) and the follow-up (T1): paired statistics.

Pure functions over matched pairs (the same company before and after). The mean change comes
with a 95 % confidence interval from Student's t distribution with n − 1 degrees of freedom,
the standard method for paired differences. Method: docs/scoring.md, "Change between T0 and T1".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scipy.special import stdtrit  # Student's t quantile; scipy.stats would load ~45 MB more


@dataclass(frozen=True)
class PairedChange:
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    sd_change: float | None
    ci_low: float | None  # 95 % confidence interval of the mean change (None for n < 2)
    ci_high: float | None
    rose: int  # pairs whose value went up
    share_rose: float | None  # rose / n, 0-1


def paired_change(pairs, confidence: float = 0.95) -> PairedChange:
    """``pairs``: (before, after) values; a pair with either missing is left out."""
    matched = np.array([(b, a) for b, a in pairs if b is not None and a is not None], dtype=float).reshape(-1, 2)
    return paired_arrays(matched[:, 0], matched[:, 1], confidence)


def paired_arrays(before: np.ndarray, after: np.ndarray, confidence: float = 0.95) -> PairedChange:
    """The same over two aligned arrays; a pair with a NaN on either side is left out."""
    keep = ~(np.isnan(before) | np.isnan(after))
    before, after = before[keep], after[keep]
    n = len(before)
    if n == 0:
        return PairedChange(0, None, None, None, None, None, None, 0, None)
    diffs = after - before
    mean = float(diffs.mean())
    rose = int((diffs > 0).sum())
    before, after = float(before.mean()), float(after.mean())
    if n < 2:
        return PairedChange(n, before, after, mean, None, None, None, rose, rose / n)
    sd = float(diffs.std(ddof=1))
    half = float(stdtrit(n - 1, 0.5 + confidence / 2)) * sd / math.sqrt(n)
    return PairedChange(n, before, after, mean, sd, mean - half, mean + half, rose, rose / n)


@dataclass(frozen=True)
class AreaComparison:
    area_id: str
    before: float | None  # 0-100 over the item pairs answered (not "does not apply") at both times
    after: float | None
    items: int  # comparable item pairs that entered the levels

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Comparison:
    areas: tuple[AreaComparison, ...]
    index_before: float | None  # weighted mean over the areas compared
    index_after: float | None

    @property
    def index_change(self) -> float | None:
        return None if self.index_before is None or self.index_after is None else self.index_after - self.index_before

    def area(self, area_id: str) -> AreaComparison:
        return next(a for a in self.areas if a.area_id == area_id)


def _score_share(question, value) -> float | None:
    option = question.option(value) if value is not None else None
    if option is None or option.not_applicable or option.score is None:
        return None
    return option.score / question.max_score


def compare(baseline, followup, before: dict, after: dict) -> Comparison:
    """T0 and T1 levels of one company over the comparable items only.

    Only follow-up ladder items with ``compares_to`` count, each paired with the baseline item it
    names; a pair enters an area's levels only when both answers are scored (neither missing nor
    "does not apply"), so both levels are computed over exactly the same items. Baseline items
    the follow-up does not repeat are ignored. The index is the area-weighted mean of the areas
    with at least one pair, again the same areas on both sides.
    """
    baseline_ids = {q.id for q in baseline.questions}
    areas = []
    for area in followup.areas:
        total_before = total_after = weights = 0.0
        items = 0
        for question in followup.area_questions(area.id, "level"):
            if question.compares_to not in baseline_ids:
                continue
            b = _score_share(baseline.question(question.compares_to), before.get(question.compares_to))
            a = _score_share(question, after.get(question.id))
            if b is None or a is None:
                continue
            total_before += question.weight * b
            total_after += question.weight * a
            weights += question.weight
            items += 1
        if weights:
            areas.append(AreaComparison(area.id, total_before / weights * 100, total_after / weights * 100, items))
        else:
            areas.append(AreaComparison(area.id, None, None, 0))
    compared = [(followup.area(a.area_id).weight, a) for a in areas if a.items]
    if not compared:
        return Comparison(tuple(areas), None, None)
    weight = sum(w for w, _ in compared)
    return Comparison(
        tuple(areas),
        sum(w * a.before for w, a in compared) / weight,
        sum(w * a.after for w, a in compared) / weight,
    )
