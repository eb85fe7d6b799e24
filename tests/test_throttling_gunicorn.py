"""Login throttling holds across gunicorn worker processes: the state is in SQLite."""

import http.client
from concurrent.futures import ThreadPoolExecutor
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from app import create_app
from storage import users as user_store
from storage.db import connect

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def attempt(port: int, password: str) -> tuple[int, str]:
    """One login attempt from a new browser session (GET the form, POST it), new connections."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", "/kirjaudu")
    page = conn.getresponse()
    html = page.read().decode()
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    worker = page.headers.get("X-Worker-Pid", "")
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    body = urllib.parse.urlencode({"csrf_token": CSRF.search(html).group(1), "email": "anna@miksei.test", "password": password})
    conn.request("POST", "/kirjaudu", body=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, worker


def test_eleventh_attempt_refused_whichever_worker_answers(tmp_path):
    database = tmp_path / "gunicorn.db"
    app = create_app({"SECRET_KEY": "gunicorn-test", "DATABASE": str(database), "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        user_store.create(connect(database), "anna@miksei.test", "Anna", "advisor", "miksei", "oikein-hyva-salasana")
    port = free_port()
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "gunicorn-test", "DIGIANALYYSI_DATABASE": str(database),
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local", "DIGIANALYYSI_EXPOSE_WORKER_PID": "true"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "benchmarks" / "gunicorn_bench.py"), "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "app:create_app()"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        # two browsers at once, so that both workers take requests
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda _: attempt(port, "wrong-password!"), range(10)))
        assert [status for status, _ in results] == [401] * 10
        status, _ = attempt(port, "oikein-hyva-salasana")
        assert status == 429
        # every further attempt is refused too, whichever worker takes it
        with ThreadPoolExecutor(2) as pool:
            later = list(pool.map(lambda _: attempt(port, "oikein-hyva-salasana"), range(20)))
        assert {status for status, _ in later} == {429}
        workers = {pid for _, pid in results + later}
        assert len(workers) == 2, f"only one worker answered: {workers}"
    finally:
        server.terminate()
        server.wait(10)
