"""The website check in the staff UI under a real gunicorn (issue 22, items 2 and 3): against a
server trickling its headers and a double-gzip bomb, the advisor gets the plain reason in time,
never a 500 or a killed worker, and the worker's memory stays small. gunicorn runs with a worker
timeout of 8 s and the check's deadline at 3 s: a check that outlived its deadline (as one did for
over 100 s) would have the worker killed and the advisor would get an error instead of the page.
The command line (`flask website-check`) gets the same limits."""

from __future__ import annotations

import gzip
import http.client
import json
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
from tests.site_fixture import HTML, Site, page
from tests.test_advisor import PASSWORD, demo_workspace
from tests.test_website_hostile import _gzip_of_zeros, header_trickle

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DEADLINE = 3
WORKER_TIMEOUT = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self, port):
        self.port, self.cookie = port, None

    def go(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(form)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        html = response.read().decode()
        conn.close()
        if response.headers.get("Set-Cookie"):
            self.cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return response, html


@pytest.fixture(scope="module")
def hostile():
    bomb = gzip.compress(_gzip_of_zeros(256 * 1024 * 1024), 9)
    with Site({"/": header_trickle}) as trickle, \
            Site({"/": (200, {**HTML, "Content-Encoding": "gzip, gzip"}, bomb)}) as bombing, \
            Site({"/": (200, HTML, page("good.html"))}) as good:
        yield {"trickle": trickle, "bomb": bombing, "good": good}


@pytest.fixture(scope="module")
def server(tmp_path_factory, hostile):
    database = tmp_path_factory.mktemp("gunicorn-check") / "check.db"
    app = create_app({"SECRET_KEY": "gunicorn-check-test", "DATABASE": str(database), "SESSION_COOKIE_SECURE": False})
    db = demo_workspace(app, companies=10)
    company_id = next(db.query("SELECT min(id) AS id FROM companies WHERE organisation = 'miksei'"))["id"]
    port = free_port()
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "gunicorn-check-test", "DIGIANALYYSI_DATABASE": str(database),
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "DIGIANALYYSI_EXPOSE_WORKER_PID": "true", "DIGIANALYYSI_WEBSITE_CHECK_TIMEOUT": str(DEADLINE),
           "DIGIANALYYSI_WEBSITE_CHECK_ALLOWED_HOSTS": json.dumps([f"127.0.0.1:{s.port}" for s in hostile.values()])}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "benchmarks" / "gunicorn_bench.py"), "--workers", "1",
         "--timeout", str(WORKER_TIMEOUT), "--bind", f"127.0.0.1:{port}", "app:create_app()"], cwd=ROOT, env=env,
        stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield port, company_id, process
    finally:
        process.terminate()
        process.wait(10)


def _advisor(port) -> Browser:
    browser = Browser(port)
    _, html = browser.go("GET", "/kirjaudu")
    response, _ = browser.go("POST", "/kirjaudu", {"csrf_token": CSRF.search(html).group(1),
                                                    "email": "anna@miksei.test", "password": PASSWORD})
    assert response.status == 302
    return browser


def _run_check(browser, company_id, address):
    path = f"/neuvoja/verkkosivut/yritys/{company_id}"
    _, html = browser.go("GET", path)
    started = time.monotonic()
    response, _ = browser.go("POST", path + "/tarkista", {"csrf_token": CSRF.search(html).group(1), "osoite": address})
    took = time.monotonic() - started
    shown, html = browser.go("GET", path)
    return response, took, shown, html


def _memory_kb(pid: str, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1))


def _children(pid: str) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += (task / "children").read_text().split()
    return found


@pytest.mark.parametrize("name, message", [
    ("trickle", "Sivu ei vastannut aikarajan sisällä."),
    ("bomb", "Sivu tuli pakattuna tavalla, jota tarkistus ei hyväksy"),
])
def test_a_hostile_site_gives_the_advisor_a_plain_reason_in_time(server, hostile, name, message):
    port, company_id, _process = server
    browser = _advisor(port)
    response, took, shown, html = _run_check(browser, company_id, f"http://127.0.0.1:{hostile[name].port}/")
    assert response.status == 302 and shown.status == 200, (response.status, shown.status)
    assert took < DEADLINE + 2.5, took  # the deadline, the child's start and the page; far below the worker timeout
    assert message in html
    assert "127.0.0.1" not in re.search(r'<p class="notice" role="status">(.*?)</p>', html, re.S).group(1)
    pid = response.headers["X-Worker-Pid"]
    assert _memory_kb(pid, "VmHWM") < 300 * 1024  # the worker's peak: the check ran in a child
    assert _children(pid) == []  # the check's process is gone


def test_the_same_worker_goes_on_to_check_a_real_site(server, hostile):
    port, company_id, process = server
    browser = _advisor(port)
    first, _, _, _ = _run_check(browser, company_id, f"http://127.0.0.1:{hostile['trickle'].port}/")
    response, took, shown, html = _run_check(browser, company_id, f"http://127.0.0.1:{hostile['good'].port}/")
    assert response.status == 302 and "Verkkosivut tarkistettiin." in html
    assert first.headers["X-Worker-Pid"] == response.headers["X-Worker-Pid"]  # never killed by gunicorn
    assert process.poll() is None


def test_the_command_line_check_ends_by_its_deadline(app, hostile):
    app.config.update(WEBSITE_CHECK_TIMEOUT=2,
                      WEBSITE_CHECK_ALLOWED_HOSTS=[f"127.0.0.1:{s.port}" for s in hostile.values()])
    for name, text in (("trickle", "did not answer within the time limit"), ("bomb", "compressed several times")):
        started = time.monotonic()
        result = app.test_cli_runner().invoke(args=["website-check", f"http://127.0.0.1:{hostile[name].port}/"])
        assert result.exit_code == 2 and text in result.output, result.output
        assert time.monotonic() - started < 2 + 2.5
