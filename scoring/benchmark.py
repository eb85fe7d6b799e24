"""Peer benchmarks: percentile rank and group mean of one response against a table of peers.

The table holds one row per company (its latest submitted response to the same survey
version); the company being benchmarked is always left out. A group with fewer than
``min_peers`` other companies gets no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compute import group_code
from .peers import PeerTable, vector


@dataclass(frozen=True)
class MetricBenchmark:
    peers: int  # other companies with a value for this metric
    mean: float | None  # None when peers < min_peers
    percentile: float | None


@dataclass(frozen=True)
class GroupBenchmark:
    group: str
    code: str
    peers: int  # other companies in the group
    enough: bool
    metrics: dict  # metric -> MetricBenchmark


def percentile_rank(peer_values, value: float) -> float:
    """Share of peers below the value plus half of those equal to it, in percent (0-100)."""
    peers = [v for v in peer_values if v is not None]
    if not peers:
        raise ValueError("no peers")
    below = sum(1 for v in peers if v < value)
    equal = sum(1 for v in peers if v == value)
    return (below + 0.5 * equal) / len(peers) * 100


def benchmark(table: PeerTable, company_id: int | None, own: dict, own_groups: dict, min_peers: int
              ) -> dict[str, GroupBenchmark]:
    """Benchmarks of one response in every group ("all" plus ``own_groups``)."""
    own_vector = vector(table.metrics, own)
    mine = table.row(company_id)
    result = {}
    for group, code in [("all", "all"), *own_groups.items()]:
        column = table.column(group, code)
        in_group = mine is not None and table.in_group(mine, group, code)
        members = column.members - in_group  # the company itself is left out
        enough = members >= min_peers
        metrics = {}
        for n, metric in enumerate(table.metrics):
            metrics[metric] = _metric(column, n, own_vector[n], mine[1][n] if in_group else np.nan, enough, min_peers)
        result[group] = GroupBenchmark(group, code, members, enough, metrics)
    return result


def _metric(column, n: int, value: float, left_out: float, enough: bool, min_peers: int) -> MetricBenchmark:
    """Mean and percentile rank of ``value`` among the column's sorted values of metric ``n``,
    less the company's own ``left_out`` value (NaN: not among them)."""
    peers = column.sorted[n]
    count = len(peers) - (not np.isnan(left_out))
    shown = enough and count >= min_peers and not np.isnan(value)
    if not shown:
        return MetricBenchmark(peers=count, mean=None, percentile=None)
    below = int(peers.searchsorted(value, "left"))
    equal = int(peers.searchsorted(value, "right")) - below
    total = column.total(n)
    if not np.isnan(left_out):
        below -= bool(left_out < value)
        equal -= bool(left_out == value)
        total -= left_out
    percentile = (below + 0.5 * equal) / count * 100
    return MetricBenchmark(peers=count, mean=float(total / count), percentile=float(percentile))


def metrics_of(result) -> dict:
    """A scored response as benchmark metrics: the index and every area level."""
    return {"index": result.index, **{a.area_id: a.level for a in result.areas}}


def metric_names(survey) -> tuple[str, ...]:
    return ("index", *(a.id for a in survey.areas))


def own_groups(survey, method, answers: dict) -> dict:
    """The response's code in every peer group of the method (besides "all")."""
    return {g.id: group_code(survey, g.question, answers) for g in method.peer_groups if g.id != "all"}
