"""The schema changes only in `flask db upgrade` / `init-db`, which print what they applied; a
worker whose database is not at its schema answers 503 "being updated" instead of 500s; the
health check fails when the schema, the templates, the code on disk, writing or free space are
not right (issue 27: items 1, 5, 9)."""

import sqlite3
from collections import namedtuple

import pytest
from jinja2 import ChoiceLoader, DictLoader

from app import create_app
from storage.db import connect, schema_status
from storage.migrations import migrations
from tests.helpers import FROZEN_NOW
from tests.test_visible_text import visible_text
from web import health as web_health

ALL = [m.name for m in migrations.pending(connect(":memory:"))]
NEWEST = ALL[-1]


def old_database(path, stop_before=NEWEST):
    """A database of an earlier release: every migration before ``stop_before``."""
    db = connect(path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    migrations.apply(db, stop_before=stop_before)
    db.close()
    return path


def make_app(path, **extra):
    return create_app({"SECRET_KEY": "test-secret-key-not-for-production", "DATABASE": str(path),
                       "SESSION_COOKIE_SECURE": False, "AUTO_MIGRATE": False, "FROZEN_NOW": FROZEN_NOW, "TESTING": True,
                       **extra})


def test_creating_the_app_never_migrates_and_pages_wait_for_the_upgrade(tmp_path):
    path = old_database(tmp_path / "old.db")
    app = make_app(path)
    assert schema_status(path).pending == [NEWEST]  # create_app changed nothing
    client = app.test_client()
    for lang, text in (("fi", "Palvelua päivitetään"), ("en", "The service is being updated")):
        page = client.get(f"/?lang={lang}")
        assert page.status_code == 503 and page.headers["Retry-After"] == "30"
        assert text in visible_text(page.get_data(as_text=True))
    assert client.get("/kirjaudu").status_code == 503
    assert client.get("/static/style.css").status_code == 200
    health = client.get("/terveys")
    assert health.status_code == 503 and health.json["status"] == "error"
    assert health.json["schema"].startswith(f"database is at schema {len(ALL) - 1} of {len(ALL)}")
    assert "flask --app app db upgrade" in health.json["schema"] and health.json["database"] == "ok"

    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"applied {NEWEST}" in result.stdout and f"schema {len(ALL)} is current" in result.stdout
    app.extensions["schema"]["checked"] -= 10  # the worker looks again (every 2 s)
    assert client.get("/").status_code == 200
    assert client.get("/terveys").json["status"] == "ok"
    actions = [r[0] for r in connect(path).execute("SELECT action FROM audit_log")]
    assert actions == ["schema_upgraded"]


def test_init_db_prints_every_migration_it_applies(tmp_path):
    path = old_database(tmp_path / "old.db", stop_before=ALL[-3])
    app = make_app(path)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("  applied")] == ALL[-3:]
    again = app.test_cli_runner().invoke(args=["init-db"])
    assert "up to date" in again.stdout and "applied" not in again.stdout


def test_commands_refuse_a_database_that_needs_the_upgrade_and_backup_never_migrates(tmp_path):
    path = old_database(tmp_path / "old.db")
    runner = make_app(path).test_cli_runner()
    refused = runner.invoke(args=["users", "list"])
    assert refused.exit_code == 1 and refused.stderr.splitlines() == [
        f"Database: {path}",
        f"Error: database {path} is at schema {len(ALL) - 1} of {len(ALL)} (1 migrations pending, first {NEWEST}): "
        "run `flask --app app db upgrade`"]
    copied = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    assert copied.exit_code == 0, copied.output
    assert f"schema {len(ALL) - 1}" in copied.stdout
    assert schema_status(path).pending == [NEWEST] and schema_status(tmp_path / "copy.db").pending == [NEWEST]
    status = runner.invoke(args=["db", "status"])
    assert status.exit_code == 1 and f"pending {NEWEST}" in status.stdout


def test_code_older_than_the_database_is_named(tmp_path):
    path = tmp_path / "new.db"
    app = make_app(path, AUTO_MIGRATE=True)
    db = connect(path)
    with db.conn:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('digianalyysi', 'm999_from_the_future', 'x')")
    app.extensions["schema"].update(ok=False, checked=0)
    assert app.test_client().get("/").status_code == 503
    assert "m999_from_the_future" in app.test_client().get("/terveys").json["schema"]


def test_health_fails_on_a_read_only_database(app, client, monkeypatch):
    real = sqlite3.connect

    def read_only(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.execute("PRAGMA query_only = ON")  # what a read-only file or file system does to writes
        return conn

    monkeypatch.setattr("storage.db.sqlite3.connect", read_only)
    health = client.get("/terveys")
    assert health.status_code == 503 and health.json["write"].startswith("cannot write:")
    assert health.json["database"] == "ok"


def test_health_fails_when_the_disk_is_nearly_full(app, client, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("web.health.shutil.disk_usage", lambda path: usage(10**10, 10**10 - 50 * 2**20, 50 * 2**20))
    health = client.get("/terveys")
    assert health.status_code == 503 and health.json["disk"] == "low: 50 MB free (at least 200 MB wanted)"


def test_health_fails_when_templates_are_of_another_release(app, client):
    """The reported case: new templates on disk linking to an endpoint the running code lacks."""
    app.jinja_env.loader = ChoiceLoader([DictLoader({"errors/error.html": "{{ url_for('pages.not_in_this_code') }}"}),
                                         app.jinja_env.loader])
    app.jinja_env.cache.clear()
    health = client.get("/terveys")
    assert health.status_code == 503 and health.json["templates"].startswith("error: BuildError")


def test_health_fails_when_the_code_on_disk_changed(app, client):
    app.extensions["code_fingerprint"] = "the release this worker started with"
    health = client.get("/terveys")
    assert health.status_code == 503 and "reload pending" in health.json["code"]


@pytest.mark.parametrize("path", ["/", "/tietosuoja", "/terveys"])
def test_health_holds_no_personal_data_and_pages_are_fine(client, path):
    assert client.get(path).status_code == 200


OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def test_the_public_gets_the_status_only_and_the_host_what_was_found(app, client, monkeypatch):
    """Paths and error texts go only to HEALTH_DETAIL_FROM (the host by default: the upgrade
    procedure's curl); a load balancer elsewhere gets the same status code (attack review)."""
    web_health._public.update(at=-1e9)
    assert client.get("/terveys", environ_base=OUTSIDE).json == {"status": "ok"}
    app.extensions["code_fingerprint"] = "the release this worker started with"
    web_health._public.update(at=-1e9)
    outside = client.get("/terveys", environ_base=OUTSIDE)
    assert outside.status_code == 503 and outside.json == {"status": "error"}
    inside = client.get("/terveys")  # 127.0.0.1
    assert inside.status_code == 503 and "reload pending" in inside.json["code"]
    app.config["HEALTH_DETAIL_FROM"] = ["203.0.113.0/24"]  # the load balancer's network, configured
    assert "reload pending" in client.get("/terveys", environ_base=OUTSIDE).json["code"]


def test_requests_from_outside_cannot_take_the_write_lock_over_and_over(app, client, monkeypatch):
    probes = []
    real = web_health.write_probe
    monkeypatch.setattr(web_health, "write_probe", lambda path: probes.append(path) or real(path))
    web_health._public.update(at=-1e9)
    answers = [client.get("/terveys", environ_base=OUTSIDE).status_code for _ in range(20)]
    assert answers == [200] * 20 and len(probes) == 1  # one check answers them for PUBLIC_EVERY seconds
    client.get("/terveys")
    assert len(probes) == 2  # the host always gets a fresh check
