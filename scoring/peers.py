"""The peers of one survey version as sorted columns, updated one company at a time.

For every peer group code (and "all") the table keeps, per metric, the peers' values sorted
ascending (NaN, an area without a level, left out), so a percentile is two binary searches and a
mean one sum. A table is immutable: :meth:`PeerTable.updated` returns a new table that shares the
untouched columns, so a request benchmarking against the old one is never disturbed. The state
depends only on the set of rows, never on the order of the updates: an updated table and one
built from the same rows give exactly the same numbers (tests/test_peer_updates.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ALL = ("all", "all")
NONE = "none"  # the code of a row that has no code for a group (a method that gained a group)


@dataclass(frozen=True, eq=False)
class Column:
    """The peers of one group code: how many, and each metric's values sorted ascending."""

    members: int
    sorted: tuple  # one 1-D float array per metric
    _totals: list = field(default_factory=list, repr=False)

    def total(self, n: int) -> float:
        """The sum of metric ``n``'s values (summed once per column, in sorted order, so that a
        column built and one updated to the same values give the same sum)."""
        if not self._totals:
            self._totals.extend(float(values.sum()) for values in self.sorted)
        return self._totals[n]

    def changed(self, vector: np.ndarray, sign: int) -> "Column":
        """This column with one row's values added (sign 1) or taken out (sign -1)."""
        arrays = list(self.sorted)
        for n, value in enumerate(vector.tolist()):
            if value != value:  # NaN: no value for this metric
                continue
            values = arrays[n]
            at = int(values.searchsorted(value))
            arrays[n] = (np.concatenate((values[:at], (value,), values[at:])) if sign > 0
                         else np.concatenate((values[:at], values[at + 1:])))
        return Column(self.members + sign, tuple(arrays))


def _column(matrix: np.ndarray) -> Column:
    """The sorted columns of some rows (NaN sorts last and is cut off)."""
    ordered = np.sort(matrix, axis=0)
    counts = (~np.isnan(matrix)).sum(axis=0)
    return Column(len(matrix), tuple(np.ascontiguousarray(ordered[:count, n]) for n, count in enumerate(counts)))


def _empty(metrics: int) -> Column:
    return Column(0, tuple(np.empty(0, dtype=np.float64) for _ in range(metrics)))


def vector(metrics, values: dict) -> np.ndarray:
    """A row's values in metric order (NaN for a missing one)."""
    return np.array([np.nan if values.get(m) is None else float(values[m]) for m in metrics], dtype=np.float64)


class PeerTable:
    """One row per company: its code in each peer group (None: the row has no such group) and
    its values; and the sorted columns of every group code. Group names are those the rows carry."""

    __slots__ = ("metrics", "names", "_rows", "_columns", "_carriers")

    def __init__(self, metrics, names, rows, columns, carriers):
        self.metrics, self.names = metrics, names
        self._rows, self._columns, self._carriers = rows, columns, carriers

    @classmethod
    def from_rows(cls, metrics, rows) -> "PeerTable":
        """rows: iterables of (company_id, {group: code}, {metric: value or None}); a company's
        later row replaces an earlier one."""
        metrics = tuple(metrics)
        latest = {int(company): (groups, values) for company, groups, values in rows}
        matrix = np.array([[values.get(m) for m in metrics] for _, values in latest.values()],
                          dtype=np.float64).reshape(len(latest), len(metrics))  # None becomes NaN
        return cls._build(metrics, list(latest), [groups for groups, _ in latest.values()], matrix)

    @classmethod
    def _build(cls, metrics, companies: list, groups: list, matrix: np.ndarray) -> "PeerTable":
        """One row per company: its {group: code} and its row of ``matrix``."""
        names = tuple(sorted({name for row in groups for name in row}))
        codes = [[row.get(name) for row in groups] for name in names]
        rows = {company: (tuple(column[n] for column in codes), matrix[n]) for n, company in enumerate(companies)}
        columns = {ALL: _column(matrix)} if companies else {}
        carriers = {}
        for name, column in zip(names, codes):
            carriers[name] = sum(code is not None for code in column)
            values, inverse = np.unique(np.array([code or NONE for code in column], dtype=object), return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.searchsorted(inverse[order], np.arange(len(values) + 1))
            for n, code in enumerate(values.tolist()):
                columns[(name, code)] = _column(matrix[order[bounds[n]:bounds[n + 1]]])
        return cls(metrics, names, rows, columns, carriers)

    def __len__(self) -> int:
        return len(self._rows)

    def column(self, group: str, code: str) -> Column:
        return self._columns.get(ALL if group == "all" else (group, code)) or _empty(len(self.metrics))

    def row(self, company_id) -> tuple | None:
        """(codes by group name, values) of a company, or None."""
        return self._rows.get(int(company_id)) if company_id is not None else None

    def in_group(self, row: tuple, group: str, code: str) -> bool:
        if group == "all":
            return True
        if group not in self.names:
            return False
        return (row[0][self.names.index(group)] or NONE) == code

    def values_of(self, company_id) -> dict | None:
        row = self.row(company_id)
        return None if row is None else {m: (None if np.isnan(v) else float(v)) for m, v in zip(self.metrics, row[1])}

    def state(self) -> tuple:
        """Everything the numbers depend on, comparable with ``==`` (for tests)."""
        rows = {company: (codes, tuple(None if np.isnan(v) else v for v in values.tolist()))
                for company, (codes, values) in self._rows.items()}
        columns = {key: (c.members, tuple(tuple(a.tolist()) for a in c.sorted)) for key, c in self._columns.items()}
        return self.metrics, self.names, rows, columns

    def updated(self, changes: dict) -> "PeerTable":
        """A new table with each company's row replaced: ``changes`` maps a company id to its new
        ({group: code}, {metric: value}) or to None (no longer a peer)."""
        rows, columns, carriers = dict(self._rows), dict(self._columns), dict(self._carriers)
        regroup = False
        for company, new in changes.items():
            company = int(company)
            old = rows.pop(company, None)
            if old is not None:
                self._shift(columns, old, -1)
                for name, code in zip(self.names, old[0]):
                    carriers[name] -= code is not None
            if new is not None:
                groups, values = new
                regroup |= not set(groups) <= set(self.names)
                row = (tuple(groups.get(name) for name in self.names), vector(self.metrics, values))
                rows[company] = row
                self._shift(columns, row, 1)
                for name, code in zip(self.names, row[0]):
                    carriers[name] += code is not None
        if regroup or any(count == 0 for count in carriers.values()):
            # the set of group names changed: every row's codes are laid out anew
            companies = list(rows)
            groups = [{name: code for name, code in zip(self.names, rows[c][0]) if code is not None}
                      | (changes[c][0] if changes.get(c) else {}) for c in companies]
            matrix = np.array([rows[c][1] for c in companies], dtype=np.float64).reshape(len(rows), len(self.metrics))
            return PeerTable._build(self.metrics, companies, groups, matrix)
        return PeerTable(self.metrics, self.names, rows, columns, carriers)

    def _shift(self, columns: dict, row: tuple, sign: int) -> None:
        codes, values = row
        keys = [ALL] + [(name, code or NONE) for name, code in zip(self.names, codes)]
        for key in keys:
            column = columns.get(key) or _empty(len(self.metrics))
            column = column.changed(values, sign)
            if column.members:
                columns[key] = column
            else:
                columns.pop(key, None)
