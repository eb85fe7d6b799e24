"""Migrations run in one order, the order of their names; databases migrated under the old,
out-of-order names upgrade with exactly the migrations they lack (issue 26, item 3)."""

import re
import sqlite3

import pytest

from storage.db import connect, migrate, schema_status
from storage.migrations import RENAMED, migrations

ALL = [m.name for m in migrations.pending(connect(":memory:"))]
OLD_NAME = {new: old for old, new in RENAMED.items()}


def test_the_names_sort_in_the_order_the_migrations_run():
    assert ALL == sorted(ALL)
    assert len(set(ALL)) == len(ALL)
    bad = [name for name in ALL if not re.fullmatch(r"m\d{3}[a-z]?_[a-z0-9_]+", name)]
    assert not bad, f"migration names must read mNNN_what (or mNNNa_what after mNNN): {bad}"


def test_old_names_are_not_reused():
    """A new migration named like an old one would be taken as applied on an old database."""
    assert not set(RENAMED) & set(ALL)
    assert set(RENAMED.values()) <= set(ALL)


def _schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                   "WHERE name NOT LIKE 'sqlite_%'").fetchall())
    finally:
        conn.close()


def _old_release(path, applied: int):
    """A database of a release before the renaming: the first ``applied`` migrations, recorded
    under the names they had then."""
    db = connect(path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    migrations.apply(db, stop_before=ALL[applied] if applied < len(ALL) else None)
    with db.conn:
        for new, old in OLD_NAME.items():
            db.execute("UPDATE _sqlite_migrations SET name = ? WHERE name = ?", [old, new])
    db.close()
    return path


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("fresh") / "fresh.db"
    migrate(path)
    return _schema(path)


# every state around the renamed ones (and the first and the last), not all 40: each costs a migration run
STATES = sorted({0, 1, len(ALL) - 1, len(ALL)} | {i + d for i, name in enumerate(ALL) if name in OLD_NAME
                                                     for d in (0, 1)})


@pytest.mark.parametrize("applied", STATES)
def test_an_old_database_gets_exactly_the_missing_migrations(tmp_path, fresh_schema, applied):
    path = _old_release(tmp_path / "old.db", applied)
    status = schema_status(path)  # read-only, yet it knows the old names
    assert status.applied == ALL[:applied] and status.pending == ALL[applied:] and not status.unknown
    assert migrate(path) == ALL[applied:]
    assert schema_status(path).current
    conn = sqlite3.connect(path)
    names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    conn.close()
    assert names == ALL  # recorded under the new names, each once
    assert _schema(path) == fresh_schema
    assert migrate(path) == []
