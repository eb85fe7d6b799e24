"""The upgrade procedure of docs/operations.md ("Upgrading"), end to end (issue 27 item 1).

gunicorn serves an older release of this repository (its code taken with `git archive`, its
database made and filled by that release's own commands) with this release's gunicorn.conf.py,
as a deployment does once it has it (the one upgrade from a gunicorn.conf.py that imported the
app in the master is a restart, as the procedure says). Then the steps as documented: a backup,
the new release installed over the old one, a graceful reload (HUP), `flask db upgrade`, the
health check. Meanwhile a client keeps loading the front page: it gets the page or, for the
seconds between the reload and the upgrade, "being updated" (503), never an error. Afterwards
the pages are the new release's, the schema is current, the data is all there and /terveys is
green; before the upgrade step /terveys named the pending migrations.
"""

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from io import BytesIO
from pathlib import Path

import pytest

from storage.db import schema_status
from tests.test_log_redaction import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
# The previous release: main before operations round 2 (16 migrations, no outbox, the master
# created the app). Any older commit of this repository works the same way.
OLD_RELEASE = "7b2d894ec22e749d998542da66fb5120c98d9e15"
RELEASE_CONTENT = ("accounts", "advisor", "clock", "commands", "coordinator", "demo", "exports", "mailer", "pages",
                   "projectdata", "questionnaire", "reports", "scoring", "static", "storage", "surveys", "templates",
                   "trainings", "translations", "web", "websitecheck", "app.py", "gunicorn.conf.py")
DOC = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def old_release(target: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", OLD_RELEASE],
                             capture_output=True, timeout=120)
    if archive.returncode != 0:
        pytest.fail(f"git archive {OLD_RELEASE} failed ({archive.stderr.decode().strip()}): this test needs the "
                    "repository's history (a full clone, not --depth 1)")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def install_new_release(release: Path) -> None:
    """What `git checkout <new>` does to the release directory: old files gone, new ones in place."""
    for name in RELEASE_CONTENT:
        old = release / name
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
        new = ROOT / name
        if new.is_dir():
            shutil.copytree(new, old, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(new, old)


def run(release: Path, env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=release, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Watcher(threading.Thread):
    """A visitor loading the front page all through the upgrade."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.statuses, self.stop = port, [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                self.statuses.append(get(self.port, "/?lang=en")[0])
            except OSError as exc:
                self.statuses.append(type(exc).__name__)
            time.sleep(0.05)


def wait_until(check, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting: {check.__name__}")


def test_the_documented_procedure_is_the_one_tested():
    section = DOC.split("## Upgrading", 1)[1].split("\n## ", 1)[0]
    steps = ["flask --app app backup", "git checkout", "pip install", "pybabel compile", "kill -HUP",
             "flask --app app db upgrade", "/terveys"]
    positions = [section.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), dict(zip(steps, positions))


@pytest.mark.real_time
def test_upgrade_and_graceful_reload_of_a_running_older_release(tmp_path):
    release, data = tmp_path / "release", tmp_path / "data"
    release.mkdir()
    data.mkdir()
    old_release(release)
    database = data / "digianalyysi.db"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DIGIANALYYSI_", "FLASK_"))},
           "DIGIANALYYSI_SECRET_KEY": "u" * 40, "DIGIANALYYSI_DATABASE": str(database),
           "DIGIANALYYSI_DEPLOYMENT": "local", "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false",
           "DIGIANALYYSI_CONTACT_EMAIL": "tietosuoja@example.fi", "PYTHONPATH": str(release)}
    # the old release makes and fills its database with its own commands
    run(release, env, "-m", "babel.messages.frontend", "compile", "-d", "translations")
    run(release, env, "-m", "flask", "--app", "app", "init-db")
    run(release, env, "-m", "flask", "--app", "app", "demo", "load", "--companies", "15", "--drafts", "2")
    old_schema = schema_status(database)
    assert old_schema.pending and not old_schema.unknown
    shutil.copy2(ROOT / "gunicorn.conf.py", release / "gunicorn.conf.py")  # the deployment's gunicorn.conf.py
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "2",
                               "--bind", f"127.0.0.1:{port}", "app:create_app()"], cwd=release, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    watcher = Watcher(port)
    try:
        wait_for(port)
        assert get(port, "/")[0] == 200 and json.loads(get(port, "/terveys")[1])["status"] == "ok"
        watcher.start()
        # 1. a backup (never migrates)
        run(release, env, "-m", "flask", "--app", "app", "backup", str(data / "before-upgrade.db"))
        # 2. the new release in place (git checkout; pip install .; pybabel compile)
        install_new_release(release)
        run(release, env, "-m", "babel.messages.frontend", "compile", "-d", "translations")
        # 3. a graceful reload: new workers with the new code, waiting for the schema
        os.kill(server.pid, signal.SIGHUP)

        def new_workers_wait_for_the_upgrade():
            status, body = get(port, "/terveys")
            return status == 503 and "flask --app app db upgrade" in json.loads(body).get("schema", "")
        wait_until(new_workers_wait_for_the_upgrade)
        assert get(port, "/?lang=en")[0] == 503
        # 4. the schema, as its own logged step
        upgraded = run(release, env, "-m", "flask", "--app", "app", "db", "upgrade")
        assert "applied m022_mail_outbox" in upgraded and "is current" in upgraded

        def pages_are_back():
            return get(port, "/?lang=en")[0] == 200
        wait_until(pages_are_back)
        # 5. the health check
        status, body = get(port, "/terveys")
        assert status == 200 and set(json.loads(body).values()) == {"ok"}, body
    finally:
        watcher.stop.set()
        if watcher.is_alive():
            watcher.join()
        server.terminate()
        server.wait(30)
        log.close()
    statuses = set(watcher.statuses)
    assert statuses <= {200, 503}, (statuses, (tmp_path / "gunicorn.log").read_text()[-3000:])
    assert 200 in statuses and 503 in statuses
    assert server.returncode == 0 or server.returncode == -signal.SIGTERM  # the master lived through the reload
    assert schema_status(database).current
    privacy = (tmp_path / "gunicorn.log").read_text()
    assert "applied migration" not in privacy  # gunicorn never migrates
    # every row of the old release is still there
    import sqlite3
    old, new = sqlite3.connect(data / "before-upgrade.db"), sqlite3.connect(database)
    for table in ("companies", "responses", "scores", "users", "training_enrolments"):
        assert (old.execute(f"SELECT count(*) FROM {table}").fetchone()
                == new.execute(f"SELECT count(*) FROM {table}").fetchone()), table
