"""Paired T0/T1 statistics: a hand-checked example and agreement with numpy on generated data."""

import random
import statistics

import numpy as np
import pytest

from scoring.change import paired_change


def test_hand_checked_example():
    # differences 10, 5, -2, 15, 10: mean 7.6, sd sqrt(165.2 / 4) = 6.4265, t(0.975, 4) = 2.7764
    result = paired_change([(40, 50), (50, 55), (60, 58), (30, 45), (20, 30)])
    assert result.n == 5 and result.rose == 4 and result.share_rose == 0.8
    assert (result.mean_before, result.mean_after, result.mean_change) == (40.0, 47.6, 7.6)
    assert result.sd_change == pytest.approx(6.42651, abs=1e-5)
    assert result.ci_low == pytest.approx(7.6 - 2.776445 * 6.42651 / 5 ** 0.5, abs=1e-4)
    assert (round(result.ci_low, 2), round(result.ci_high, 2)) == (-0.38, 15.58)


@pytest.mark.parametrize("pairs, n, mean, has_ci", [
    ([], 0, None, False),
    ([(10, 20)], 1, 10.0, False),
    ([(10, None), (None, 5), (10, 30), (20, 30)], 2, 15.0, True),  # incomplete pairs left out
    ([(50, 50), (60, 60), (70, 70)], 3, 0.0, True),  # no change: the interval is a point
])
def test_edge_cases(pairs, n, mean, has_ci):
    result = paired_change(pairs)
    assert result.n == n and result.mean_change == mean and (result.ci_low is not None) is has_ci


def test_against_numpy_on_generated_pairs():
    rng = random.Random(7)
    pairs = [(b, min(100, max(0, b + rng.gauss(5, 12)))) for b in (rng.uniform(0, 100) for _ in range(250))]
    result = paired_change(pairs)
    diffs = np.array([a - b for b, a in pairs])
    assert result.mean_change == pytest.approx(diffs.mean())
    assert result.sd_change == pytest.approx(diffs.std(ddof=1))
    assert result.share_rose == pytest.approx((diffs > 0).mean())
    # with 249 degrees of freedom t(0.975) is close to the normal 1.96
    half = (result.ci_high - result.ci_low) / 2
    assert half == pytest.approx(1.9696 * diffs.std(ddof=1) / len(diffs) ** 0.5, rel=1e-3)
    assert statistics.fmean([a for _, a in pairs]) == pytest.approx(result.mean_after)


def test_impact_groups_against_plain_python():
    """impact(): overall, per area and per group equal paired_change over the matching records."""
    from scoring.impact import ChangeTable, impact, select

    rng = random.Random(11)
    records = []
    for _ in range(300):
        before = {a: rng.choice([None, 0, 25, 50, 75, 100]) for a in ("website", "ads")}
        after = {a: None if v is None else min(100, v + rng.choice([-25, 0, 0, 25, 50])) for a, v in before.items()}
        records.append({"index_before": rng.uniform(10, 80), "index_after": rng.uniform(10, 90),
                        "levels_before": before, "levels_after": after,
                        "groups": {"size": rng.choice(["1", "2-4", "5-9"]),
                                   "training": rng.choice(["attended", "neither"])}})
    table = ChangeTable.from_records(("website", "ads"), records, ("size", "training"))
    result = impact(table)
    assert result["index"] == paired_change((r["index_before"], r["index_after"]) for r in records)
    for area in ("website", "ads"):
        pairs = [(r["levels_before"][area], r["levels_after"][area]) for r in records]
        assert result["areas"][area] == paired_change(pairs)
        assert result["areas"][area].n == sum(1 for b, a in pairs if b is not None and a is not None)
    for key in ("size", "training"):
        codes = [code for code, _ in result["groups"][key]]
        assert codes == sorted({r["groups"][key] for r in records})
        for code, change in result["groups"][key]:
            subset = [r for r in records if r["groups"][key] == code]
            assert change.n == len(subset)
            assert change.mean_change == pytest.approx(np.mean([r["index_after"] - r["index_before"] for r in subset]))
    assert sum(c.n for _, c in result["groups"]["size"]) == 300

    # a filter selects the same rows as filtering the records
    small = impact(table, select(table, {"size": "1"}))
    assert small["index"] == paired_change((r["index_before"], r["index_after"]) for r in records
                                           if r["groups"]["size"] == "1")
    assert [code for code, _ in small["groups"]["size"]] == ["1"]
