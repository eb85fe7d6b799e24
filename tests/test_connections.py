"""Each request (and each application context) closes the database connection it opened: a
process that creates many apps, or serves many requests, does not pile up open files."""

import os

from app import create_app
from storage import get_db
from tests.helpers import FROZEN_NOW


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def _app(path):
    return create_app({"SECRET_KEY": "test-secret-key-not-for-production", "DATABASE": str(path),
                       "SESSION_COOKIE_SECURE": False, "TESTING": True, "FROZEN_NOW": FROZEN_NOW})


def _use(app):
    client = app.test_client()
    for path in ("/", "/health", "/login", "/trainings/"):
        assert client.get(path).status_code < 500
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM companies").fetchone()[0] >= 0


def test_many_apps_and_requests_do_not_grow_open_files(tmp_path):
    _use(_app(tmp_path / "warm.db"))  # imports, catalogues and fonts opened once
    before = _open_files()
    for n in range(30):
        _use(_app(tmp_path / f"app{n}.db"))
    assert _open_files() <= before + 2, "connections (or their files) were left open"


def _closed(db) -> bool:
    try:
        db.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - sqlite3.ProgrammingError
        return "closed" in str(exc)
    return False


def test_a_context_gets_a_connection_of_its_own_and_gives_it_back(tmp_path):
    app, other = _app(tmp_path / "one.db"), _app(tmp_path / "two.db")
    with app.app_context():
        db = get_db()
        assert get_db() is db  # one connection per context
        db.conn.execute("BEGIN IMMEDIATE")
        with other.app_context():  # a nested context (another app) never shares it
            assert get_db() is not db
    assert not db.conn.in_transaction  # the transaction left open was rolled back
    with app.app_context():
        assert get_db() is db  # the thread's idle connection is reused: no new open per request
        get_db().conn.execute("BEGIN IMMEDIATE")
        get_db().conn.execute("ROLLBACK")
    with other.app_context():
        get_db()
    assert _closed(db)  # one idle connection per thread: the other database's replaced it
