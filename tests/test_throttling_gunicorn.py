"""Login throttling and server-side sessions hold across gunicorn worker processes: the state is
in SQLite. Client addresses come from X-Forwarded-For (PROXY_COUNT=1, as behind nginx)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import create_app
from storage import users as user_store
from storage.db import connect
from tests.prepared import production_password_hashes

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "oikein-hyva-salasana"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, address, cookie=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-For": address, **({"Cookie": cookie} if cookie else {})}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    html = response.read().decode()
    conn.close()
    set_cookie = response.headers.get("Set-Cookie")
    return response, html, set_cookie.split(";", 1)[0] if set_cookie else cookie


def attempt(port, password, address, email="anna@miksei.test"):
    """One login attempt from a new browser session (GET the form, POST it), new connections.
    Returns (status, worker pid, session cookie)."""
    page, html, cookie = request(port, "GET", "/kirjaudu", address)
    response, _, cookie = request(port, "POST", "/kirjaudu", address, cookie,
                                  {"csrf_token": CSRF.search(html).group(1), "email": email, "password": password})
    return response.status, response.headers.get("X-Worker-Pid", ""), cookie


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("gunicorn") / "gunicorn.db"
    app = create_app({"SECRET_KEY": "gunicorn-test", "DATABASE": str(database), "SESSION_COOKIE_SECURE": False})
    # a login takes its production time (scrypt at full cost), so that two browsers at once keep
    # both workers busy: with the suite's cheap hashes one worker could answer them all
    with app.app_context(), production_password_hashes():
        user_store.create(connect(database), "anna@miksei.test", "Anna", "advisor", "miksei", PASSWORD)
    port = free_port()
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "gunicorn-test", "DIGIANALYYSI_DATABASE": str(database),
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "DIGIANALYYSI_EXPOSE_WORKER_PID": "true", "DIGIANALYYSI_PROXY_COUNT": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "benchmarks" / "gunicorn_bench.py"), "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "app:create_app()"], cwd=ROOT, env=env)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield port, database
    finally:
        process.terminate()
        process.wait(10)


def test_limits_hold_whichever_worker_answers_and_spare_the_owner(server):
    port, database = server
    status, _, owner_cookie = attempt(port, PASSWORD, "192.0.2.10")  # the owner's office: a known address
    assert status == 302
    # two browsers at once, so that both workers take requests
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: attempt(port, "wrong-password!", "203.0.113.1"), range(10)))
    assert [status for status, _, _ in results] == [401] * 10
    assert attempt(port, PASSWORD, "203.0.113.1")[0] == 429  # the (account, address) pair is throttled
    with ThreadPoolExecutor(2) as pool:
        later = list(pool.map(lambda _: attempt(port, PASSWORD, "203.0.113.1"), range(10)))
    assert {status for status, _, _ in later} == {429}
    # ten more failures from other addresses: the account-wide limit (20) is reached
    with ThreadPoolExecutor(2) as pool:
        spread = list(pool.map(lambda i: attempt(port, "wrong-password!", f"198.51.100.{i}"), range(10)))
    assert [status for status, _, _ in spread] == [401] * 10
    # ten more, as a botnet would make them, so that the delay (2 ** 10 s, at most 15 min) does not
    # run out while this slow machine answers
    db = connect(database)
    with db.conn:
        for i in range(10):
            db.execute("INSERT INTO login_failures (at, account, address) VALUES (?, 'anna@miksei.test', ?)",
                       [time.time(), f"198.18.0.{i}"])
    refused = attempt(port, PASSWORD, "198.51.100.200")
    assert refused[0] == 429  # a new address waits
    assert attempt(port, PASSWORD, "192.0.2.10")[0] == 302  # the owner at the known address does not
    workers = {pid for _, pid, _ in results + later + spread}
    assert len(workers) == 2, f"only one worker answered: {workers}"
    assert request(port, "GET", "/neuvoja/", "192.0.2.10", owner_cookie)[0].status == 200


def test_racing_attempts_make_exactly_the_allowed_password_checks(server):
    port, _ = server
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: attempt(port, "wrong-password!", "203.0.113.77", "ghost@x.test")[0],
                                 range(60)))
    assert statuses.count(401) == 10 and statuses.count(429) == 50  # 401: the password was checked


def test_a_real_cookie_saved_before_logout_is_refused_after_it(server):
    server, _ = server
    status, _, cookie = attempt(server, PASSWORD, "192.0.2.10")
    assert status == 302
    page, html, cookie = request(server, "GET", "/neuvoja/", "192.0.2.10", cookie)
    assert page.status == 200
    logout, _, _ = request(server, "POST", "/ulos", "192.0.2.10", cookie, {"csrf_token": CSRF.search(html).group(1)})
    assert logout.status == 302
    replay, _, _ = request(server, "GET", "/neuvoja/", "192.0.2.10", cookie)  # the cookie as saved before logout
    assert replay.status == 302 and "/kirjaudu" in replay.headers["Location"]
