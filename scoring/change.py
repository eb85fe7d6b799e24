"""Change between the first analysis (T0) and the follow-up (T1): paired statistics.

Pure functions over matched pairs (the same company before and after). The mean change comes
with a 95 % confidence interval from Student's t distribution with n − 1 degrees of freedom,
the standard method for paired differences. Method: docs/scoring.md, "Change between T0 and T1".
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from scipy.stats import t as student_t


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
    matched = [(float(b), float(a)) for b, a in pairs if b is not None and a is not None]
    n = len(matched)
    if n == 0:
        return PairedChange(0, None, None, None, None, None, None, 0, None)
    diffs = [a - b for b, a in matched]
    mean = statistics.fmean(diffs)
    rose = sum(1 for d in diffs if d > 0)
    before = statistics.fmean(b for b, _ in matched)
    after = statistics.fmean(a for _, a in matched)
    if n < 2:
        return PairedChange(n, before, after, mean, None, None, None, rose, rose / n)
    sd = statistics.stdev(diffs)
    half = student_t.ppf(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)
    return PairedChange(n, before, after, mean, sd, mean - half, mean + half, rose, rose / n)
