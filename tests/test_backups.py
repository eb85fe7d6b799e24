"""Backups, restore and the files that hold personal data (issue 27: items 6, 11, 13, 16): an
erasure ledger that survives a restore and is re-applied by it; restore refuses while the app
serves and says which schema the backup has; a full disk or a corrupt file is one line; every
file and directory with personal data is the service user's only; the command-line exports leave
an audit row."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from storage import backups
from storage.db import connect, schema_status
from storage.erasures import ledger_for
from tests.test_operations import company  # noqa: F401  (fixture)
from tests.test_schema_and_health import ALL, NEWEST, make_app, old_database

ROOT = Path(__file__).resolve().parents[1]
BUSINESS_ID = "2077474-0"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_erasure_survives_a_restore_of_an_older_backup(app, company, tmp_path):  # noqa: F811
    db, company_id, coordinator = company
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "before.db")]).exit_code == 0
    page = coordinator.get(f"/neuvoja/yritys/{company_id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert coordinator.post(f"/neuvoja/yritys/{company_id}/poista",
                            data={"csrf_token": token, "vahvista": BUSINESS_ID}).status_code == 302
    ledger = ledger_for(app.config)
    text = ledger.path.read_text()
    assert len(text.splitlines()) == 1 and BUSINESS_ID not in text and "2077474" not in text  # a keyed hash only
    assert mode(ledger.path) == 0o600 and ledger.erased(BUSINESS_ID)

    restored = runner.invoke(args=["restore", str(tmp_path / "before.db"), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert f"schema {len(ALL)}, this code's schema" in restored.stdout
    assert "Erasure ledger: 1 erased companies and 0 drafts erased again" in restored.stdout
    assert db.execute("SELECT count(*) FROM companies WHERE business_id = ?", [BUSINESS_ID]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM responses WHERE json_extract(answers, '$.business_id') = ?",
                      [BUSINESS_ID]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM companies").fetchone()[0] == 10  # the others are back


def test_the_command_line_erasure_writes_the_ledger_too(app, company):  # noqa: F811
    result = app.test_cli_runner().invoke(args=["company", "erase", BUSINESS_ID, "--yes"])
    assert result.exit_code == 0, result.output
    assert ledger_for(app.config).erased(BUSINESS_ID)


def test_restore_of_an_older_backup_upgrades_it_and_says_so(tmp_path):
    backup = old_database(tmp_path / "old-release.db")
    app = make_app(tmp_path / "live.db", AUTO_MIGRATE=True)
    result = app.test_cli_runner().invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Backup {backup}: schema {len(ALL) - 1}, 1 migrations behind this code" in result.stdout
    assert f"applied {NEWEST}" in result.stdout
    assert schema_status(tmp_path / "live.db").current and schema_status(backup).pending == [NEWEST]


def test_restore_refuses_a_backup_from_newer_code_and_while_the_app_serves(tmp_path):
    app = make_app(tmp_path / "live.db", AUTO_MIGRATE=True)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "b.db")]).exit_code == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from storage.backups import hold_serving_lock; hold_serving_lock(sys.argv[1]); "
        "print('serving', flush=True); time.sleep(60)"), str(tmp_path / "live.db")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "serving"
        refused = runner.invoke(args=["restore", str(tmp_path / "b.db"), "--yes"])
        assert refused.exit_code == 1
        assert refused.stderr.splitlines()[-1] == (f"Error: the application is running on {tmp_path / 'live.db'}: "
                                                   "stop it (e.g. systemctl stop digianalyysi) and run restore again")
    finally:
        holder.kill()
        holder.wait()
    assert runner.invoke(args=["restore", str(tmp_path / "b.db"), "--yes"]).exit_code == 0  # stopped: fine
    newer = connect(tmp_path / "b.db")
    with newer.conn:
        newer.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                      "VALUES ('digianalyysi', 'm999_next_release', 'x')")
    newer.close()
    refused = runner.invoke(args=["restore", str(tmp_path / "b.db"), "--yes"])
    assert refused.exit_code == 1 and "from newer code (unknown migrations m999_next_release)" in refused.output


def test_a_corrupt_or_wrong_backup_is_one_line_and_the_database_stays(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "good.db")]).exit_code == 0
    data = (tmp_path / "good.db").read_bytes()
    (tmp_path / "damaged.db").write_bytes(data[:4096] + b"\xff" * 8192 + data[12288:])
    (tmp_path / "garbage.db").write_bytes(b"not a database at all" * 100)
    before = Path(app.config["DATABASE"]).read_bytes()
    for name, message in (("damaged.db", "nothing was restored"), ("garbage.db", "is not an SQLite database"),
                          ("missing.db", "not found")):
        result = runner.invoke(args=["restore", str(tmp_path / name), "--yes"])
        assert result.exit_code == 1 and "Traceback" not in result.output
        last = result.stderr.strip().splitlines()
        assert len(last) == 2 and last[0].startswith("Database:") and message in last[1], result.output
    assert Path(app.config["DATABASE"]).read_bytes() == before


FULL_DISK = """
import resource, signal, sys
from storage.backups import BackupError, backup
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))  # as a full file system does with ENOSPC
try:
    backup(sys.argv[1], sys.argv[2])
except BackupError as exc:
    print(exc)
"""


def test_a_backup_to_a_full_disk_is_one_line_and_leaves_nothing_behind(app, tmp_path):
    app.test_cli_runner().invoke(args=["demo", "load", "--companies", "20", "--drafts", "0"])
    target = tmp_path / "backups" / "digianalyysi-2026-11-23.db"
    target.parent.mkdir()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, app.config["DATABASE"], str(target)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    line = result.stdout.strip()
    assert line.startswith(f"the backup could not be written to {target.parent} (") and "\n" not in line
    assert line.endswith("nothing was written; check the free space and run it again")
    assert "Traceback" not in result.stderr
    assert list(target.parent.iterdir()) == []  # no empty or half file blocks the retry
    retried = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert retried.exit_code == 0 and backups.integrity(target) == "ok"


def test_files_with_personal_data_are_the_service_users_only(tmp_path, walker, app, company):  # noqa: F811
    runner = app.test_cli_runner()
    assert mode(app.config["DATABASE"]) == 0o600
    fresh = make_app(tmp_path / "new" / "place" / "d.db")
    assert fresh.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert mode(tmp_path / "new" / "place" / "d.db") == 0o600 and mode(tmp_path / "new" / "place") == 0o700
    outputs = {
        "backup.db": ["backup"],
        "export.csv": ["export", "--format", "csv", "-o"],
        "aggregate.pdf": ["report", "aggregate", "-o"],
        "company.json": ["company", "export", BUSINESS_ID, "-o"],
        "company.pdf": ["report", "company", BUSINESS_ID, "-o"],
        "reports.zip": ["report", "all", "--workers", "1", "-o"],
    }
    old_umask = os.umask(0o022)
    try:
        for name, args in outputs.items():
            result = runner.invoke(args=[*args, str(tmp_path / name)])
            assert result.exit_code == 0, (name, result.output)
            assert mode(tmp_path / name) == 0o600, name
    finally:
        os.umask(old_umask)


def test_command_line_exports_of_a_company_are_audited(app, company, tmp_path):  # noqa: F811
    db, company_id, _ = company
    runner = app.test_cli_runner()
    assert runner.invoke(args=["company", "export", BUSINESS_ID, "-o", str(tmp_path / "c.json")]).exit_code == 0
    assert runner.invoke(args=["report", "company", BUSINESS_ID, "-o", str(tmp_path / "c.pdf")]).exit_code == 0
    rows = list(db.query("SELECT action, object_type, object_id FROM audit_log WHERE action LIKE 'cli_%'"))
    assert rows == [{"action": "cli_company_data_exported", "object_type": "company", "object_id": company_id},
                    {"action": "cli_company_report", "object_type": "company", "object_id": company_id}]
