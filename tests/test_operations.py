"""Backups while writing, restore, a company's data export and erasure, the retention rule."""

import json
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from storage import backups, maintenance
from storage.db import connect, immediate
from tests.prepared import prepared
from tests.test_advisor import PASSWORD, csrf, login, save_interview


def test_backup_while_writing_and_restore(app, tmp_path, walker):
    app.test_cli_runner().invoke(args=["demo", "load", "--companies", "60", "--drafts", "0"])
    path = app.config["DATABASE"]
    stop = threading.Event()
    written = []

    def writer():
        db = connect(path)
        while not stop.is_set():
            with immediate(db):
                db.execute("INSERT INTO audit_log (at, action) VALUES (?, 'load')", [time.time()])
            written.append(1)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.05)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output and "companies 60" in result.output
    assert written and backups.integrity(tmp_path / "copy.db") == "ok"
    copied = sqlite3.connect(tmp_path / "copy.db").execute("SELECT count(*) FROM audit_log").fetchone()[0]
    # more data after the backup, then restore: the database is exactly the copy again
    walker.walk(walker.start())
    restored = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "copy.db"), "--yes"])
    assert restored.exit_code == 0, restored.output
    db = connect(path)
    assert next(db.query("SELECT count(*) AS n FROM companies"))["n"] == 60
    assert next(db.query("SELECT count(*) AS n FROM audit_log"))["n"] == copied
    assert backups.integrity(path) == "ok"


def test_backup_refuses_to_overwrite_and_restore_checks(app, tmp_path):
    runner = app.test_cli_runner()
    (tmp_path / "exists.db").write_text("x")
    assert "exists already" in runner.invoke(args=["backup", str(tmp_path / "exists.db")]).output
    (tmp_path / "garbage.db").write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(tmp_path / "garbage.db"), "--yes"])
    assert result.exit_code != 0
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)")
    assert "not a Digianalyysi database" in runner.invoke(args=["restore", str(empty), "--yes"]).output


def ten_companies_and_a_coordinator(app) -> None:
    def build(app):
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "load", "--companies", "10", "--drafts", "0"]).exit_code == 0
        assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                                   "--password", PASSWORD]).exit_code == 0

    prepared(app, "ten companies and a coordinator", build)


@pytest.fixture
def company(app, walker):
    ten_companies_and_a_coordinator(app)
    token = walker.start()
    walker.walk(token)
    unfinished = walker.start()  # a second, unfinished analysis of the same company
    walker.post(unfinished, walker.survey.pages[0])
    db = connect(app.config["DATABASE"])
    company_id = next(db.query("SELECT id FROM companies WHERE business_id = '2077474-0'"))["id"]
    coordinator = login(app, "kaisa@xamk.test")
    save_interview(coordinator, company_id)
    return db, company_id, coordinator


def test_company_data_export(app, company, tmp_path):
    db, company_id, coordinator = company
    coordinator.get(f"/neuvoja/yritys/{company_id}")
    data = json.loads(coordinator.get(f"/neuvoja/yritys/{company_id}/tiedot.json").data)
    assert data["company"]["business_id"] == "2077474-0"
    assert data["responses"][0]["answers"]["contact_email"] == "tiina@example.com"
    assert data["interviews"][0]["data"]["participants"] == "Anna, yrittäjä" and data["interviews"][0]["history"]
    assert any(entry["action"] == "company_opened" for entry in data["access_log"])
    out = app.test_cli_runner().invoke(args=["company", "export", "20774740", "-o", str(tmp_path / "x.json")])
    assert out.exit_code == 0 and "1 analyses and 1 interviews" in out.output


def test_company_erasure(app, company):
    db, company_id, coordinator = company
    wrong = coordinator.post(f"/neuvoja/yritys/{company_id}/poista",
                             data={"csrf_token": csrf(coordinator, f"/neuvoja/yritys/{company_id}"), "vahvista": "x"})
    assert wrong.status_code == 302 and next(db.query("SELECT count(*) AS n FROM companies WHERE id = ?",
                                                      [company_id]))["n"] == 1
    erased = coordinator.post(f"/neuvoja/yritys/{company_id}/poista",
                              data={"csrf_token": csrf(coordinator, f"/neuvoja/yritys/{company_id}"),
                                    "vahvista": "2077474-0"})
    assert erased.status_code == 302
    everything = json.dumps([list(db.query(f"SELECT * FROM {t}")) for t in
                             ("companies", "responses", "scores", "interviews", "interview_history", "audit_log")])
    assert ("2077474-0" not in everything and "tiina@example.com" not in everything
            and "Mäntyharjun Testi" not in everything)
    assert next(db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'company_erased'"))["n"] == 1
    assert next(db.query("SELECT count(*) AS n FROM companies"))["n"] == 10  # the others stay
    assert coordinator.get(f"/neuvoja/yritys/{company_id}").status_code == 404


def test_dashboard_forgets_an_erased_companys_open_answers(app, walker):
    """The dashboard keeps the selection's open answers per worker process: an erasure must drop
    them (it bumps the generation the cache is keyed by), and a new analysis must show at once."""
    ten_companies_and_a_coordinator(app)
    coordinator = login(app, "kaisa@xamk.test")
    secret = "Salainen haaste: varastonhallinta 7319"
    assert secret not in coordinator.get("/koordinaattori/").get_data(as_text=True)
    walker.walk(walker.start(), overrides={"biggest_challenge": secret})
    assert secret in coordinator.get("/koordinaattori/").get_data(as_text=True)  # cached view now
    db = connect(app.config["DATABASE"])
    company_id = next(db.query("SELECT id FROM companies WHERE business_id = '2077474-0'"))["id"]
    coordinator.post(f"/neuvoja/yritys/{company_id}/poista",
                     data={"csrf_token": csrf(coordinator, f"/neuvoja/yritys/{company_id}"), "vahvista": "2077474-0"})
    assert secret not in coordinator.get("/koordinaattori/").get_data(as_text=True)


def test_advisor_cannot_export_or_erase(app, company):
    db, company_id, coordinator = company
    app.test_cli_runner().invoke(args=["users", "create", "anna@miksei.test", "--name", "Anna", "--organisation",
                                       "miksei",
                                       "--password", PASSWORD])
    advisor = login(app, "anna@miksei.test")
    assert advisor.get(f"/neuvoja/yritys/{company_id}/tiedot.json").status_code == 403
    assert advisor.post(f"/neuvoja/yritys/{company_id}/poista",
                        data={"csrf_token": csrf(advisor, "/neuvoja/"), "vahvista": "2077474-0"}).status_code == 403


def test_retention_is_idempotent(app, company):
    db, company_id, coordinator = company
    later = datetime.now(timezone.utc) + timedelta(days=400)
    first = maintenance.apply_retention(db, "2999-01-01", 365, today=later)
    assert first["anonymised"] == 11 and first["drafts_deleted"] == 1 and first["interviews_cleared"] == 1
    second = maintenance.apply_retention(db, "2999-01-01", 365, today=later)
    assert second == {"anonymised": 0, "interviews_cleared": 0, "drafts_deleted": 0}
    answers = [json.loads(r["answers"]) for r in db.query("SELECT answers FROM responses")]
    assert all(a.get("contact_email") is None for a in answers) and all(a.get("business_id") for a in answers)


def test_retention_command_keeps_contacts_until_the_project_ends(app, company):
    app.config.update(PROJECT_END="2999-12-31")
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0 and "Contact details removed from 0 analyses" in result.output
    app.config.update(PROJECT_END="2020-01-31", RETENTION_MONTHS_AFTER_END=12)
    result = app.test_cli_runner().invoke(args=["retention"])
    assert "Contact details removed from 11 analyses" in result.output
    assert "removed from 0 analyses" in app.test_cli_runner().invoke(args=["retention"]).output


def test_erased_data_is_gone_from_the_database_file_and_the_wal(app, company):
    """secure_delete zeroes the freed content and the checkpoint (TRUNCATE) empties the WAL."""
    db, company_id, coordinator = company
    path = Path(app.config["DATABASE"])
    secrets_typed = ["Mäntyharjun Testi Oy", "tiina@example.com", "Anna, yrittäjä"]

    def found():
        data = path.read_bytes() + (Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b"")
        return [s for s in secrets_typed if s.encode() in data or json.dumps(s)[1:-1].encode() in data]

    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert found() == secrets_typed  # they were stored
    erased = coordinator.post(f"/neuvoja/yritys/{company_id}/poista",
                              data={"csrf_token": csrf(coordinator, f"/neuvoja/yritys/{company_id}"),
                                    "vahvista": "2077474-0"})
    assert erased.status_code == 302
    assert found() == []
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_erasure_recounts_the_training_numbers(app, company):
    """The dashboard keeps its training counts until a training record changes: erasing a company
    removes its enrolments and attendance with it, so it must count as a change."""
    from trainings.storage import courses as training_store

    db, company_id, coordinator = company
    before = training_store.generation(db)
    maintenance.erase_company(db, company_id, None)
    assert training_store.generation(db) == before + 1
