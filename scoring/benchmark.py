"""Peer benchmarks: percentile rank and group mean of one response against a table of peers.

The table holds one row per company (its latest submitted response to the same survey
version); the company being benchmarked is always left out. A group with fewer than
``min_peers`` other companies gets no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .compute import group_code


@dataclass(frozen=True, eq=False)
class PeerTable:
    """Columns of the peers: company ids, one group code array per peer group, and a
    (rows x metrics) float array with NaN where a metric (an area) has no value."""

    metrics: tuple[str, ...]
    company_ids: np.ndarray
    groups: dict[str, np.ndarray]
    values: np.ndarray
    _rows_of_code: dict = field(default_factory=dict, repr=False)
    _row_of_company: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(cls, metrics, rows) -> "PeerTable":
        """rows: iterables of (company_id, {group: code}, {metric: value or None})."""
        rows = list(rows)
        group_names = sorted({name for _, groups, _ in rows for name in groups})
        values = np.array([[np.nan if v.get(m) is None else float(v[m]) for m in metrics] for _, _, v in rows],
                          dtype=np.float64).reshape(len(rows), len(metrics))
        return cls(
            metrics=tuple(metrics),
            company_ids=np.array([c for c, _, _ in rows], dtype=np.int64),
            groups={name: np.array([g.get(name, "none") for _, g, _ in rows], dtype=object) for name in group_names},
            values=values,
        )

    def __len__(self) -> int:
        return len(self.company_ids)

    def rows_of(self, group: str, code: str) -> np.ndarray | None:
        """Row numbers of one group (cached; None means every row)."""
        if group == "all":
            return None
        key = (group, code)
        if key not in self._rows_of_code:
            column = self.groups.get(group)
            self._rows_of_code[key] = (np.flatnonzero(column == code) if column is not None
                                       else np.array([], dtype=np.int64))
        return self._rows_of_code[key]

    def row_of_company(self, company_id: int) -> int | None:
        if not self._row_of_company and len(self):
            self._row_of_company.update({int(c): n for n, c in enumerate(self.company_ids)})
        return self._row_of_company.get(int(company_id)) if company_id is not None else None


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
    own_vector = np.array([np.nan if own.get(m) is None else float(own[m]) for m in table.metrics])
    own_row = table.row_of_company(company_id)
    result = {}
    for group, code in [("all", "all"), *own_groups.items()]:
        rows = table.rows_of(group, code)
        values = table.values if rows is None else table.values[rows]
        valid = ~np.isnan(values)
        count = valid.sum(axis=0)
        total = np.where(valid, values, 0.0).sum(axis=0)
        below = (values < own_vector).sum(axis=0)
        equal = (values == own_vector).sum(axis=0)
        members = len(table) if rows is None else len(rows)
        in_group = own_row is not None and (rows is None or (own_row in rows))
        if in_group:  # leave the company itself out
            mine = table.values[own_row]
            mine_valid = ~np.isnan(mine)
            count = count - mine_valid
            total = total - np.where(mine_valid, mine, 0.0)
            below = below - (mine < own_vector)
            equal = equal - (mine == own_vector)
            members -= 1
        enough = members >= min_peers
        metrics = {}
        for n, metric in enumerate(table.metrics):
            peers = int(count[n])
            shown = enough and peers >= min_peers and not np.isnan(own_vector[n])
            metrics[metric] = MetricBenchmark(
                peers=peers,
                mean=float(total[n] / peers) if shown else None,
                percentile=float((below[n] + 0.5 * equal[n]) / peers * 100) if shown else None,
            )
        result[group] = GroupBenchmark(group, code, members, enough, metrics)
    return result


def metrics_of(result) -> dict:
    """A scored response as benchmark metrics: the index and every area level."""
    return {"index": result.index, **{a.area_id: a.level for a in result.areas}}


def metric_names(survey) -> tuple[str, ...]:
    return ("index", *(a.id for a in survey.areas))


def own_groups(survey, method, answers: dict) -> dict:
    """The response's code in every peer group of the method (besides "all")."""
    return {g.id: group_code(survey, g.question, answers) for g in method.peer_groups if g.id != "all"}
