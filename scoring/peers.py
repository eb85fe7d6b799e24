"""The peers of one survey version as sorted columns, updated one company at a time.

For every peer group code (and "all") the table keeps, per metric, the peers' values sorted
ascending (NaN, an area without a level, left out), so a percentile is two binary searches and a
mean one sum. A table is immutable: :meth:`PeerTable.updated` returns a new table that shares the
untouched columns, so a request benchmarking against the old one is never disturbed. The state
depends only on the set of rows, never on the order of the updates: an updated table and one
built from the same rows give exactly the same numbers (tests/test_peer_updates.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ALL = ("all", "all")
NONE = "none"  # the code of a row that has no code for a group (a method that gained a group)


@dataclass(frozen=True, eq=False)
class Column:
    """The peers of one group code: how many, and each metric's values sorted ascending."""

    members: int
    sorted: tuple  # one 1-D float array per metric

    def changed(self, vector: np.ndarray, sign: int) -> "Column":
        """This column with one row's values added (sign 1) or taken out (sign -1)."""
        arrays = list(self.sorted)
        for n, value in enumerate(vector):
            if np.isnan(value):
                continue
            at = int(np.searchsorted(arrays[n], value))
            arrays[n] = np.insert(arrays[n], at, value) if sign > 0 else np.delete(arrays[n], at)
        return Column(self.members + sign, tuple(arrays))


def _column(matrix: np.ndarray) -> Column:
    return Column(len(matrix), tuple(np.sort(matrix[:, n][~np.isnan(matrix[:, n])]) for n in range(matrix.shape[1])))


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
        parsed = {int(company): (groups, vector(metrics, values)) for company, groups, values in rows}
        return cls._build(metrics, parsed)

    @classmethod
    def _build(cls, metrics, parsed: dict) -> "PeerTable":
        """parsed: company -> ({group: code}, vector)."""
        names = tuple(sorted({name for groups, _ in parsed.values() for name in groups}))
        rows = {company: (tuple(groups.get(name) for name in names), values)
                for company, (groups, values) in parsed.items()}
        matrix = np.array([values for _, values in rows.values()], dtype=np.float64).reshape(len(rows), len(metrics))
        columns = {ALL: _column(matrix)} if rows else {}
        carriers = {}
        for position, name in enumerate(names):
            codes = np.array([codes[position] or NONE for codes, _ in rows.values()], dtype=object)
            carriers[name] = sum(1 for codes, _ in rows.values() if codes[position] is not None)
            for code in set(codes.tolist()):
                columns[(name, code)] = _column(matrix[codes == code])
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
            return PeerTable._build(self.metrics, {
                company: ({name: code for name, code in zip(self.names, codes) if code is not None}
                          | (changes[company][0] if changes.get(company) else {}), values)
                for company, (codes, values) in rows.items()})
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
