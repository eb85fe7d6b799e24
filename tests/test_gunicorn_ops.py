"""What gunicorn writes and sends (issue 27: items 3, 4, 15, 17): every error-log line redacted
(a worker timeout, a malformed request line), access-log lines with a timestamp, application
warnings with a timestamp and a level, one warning when requests come through a proxy that is not
configured, no `Server: gunicorn` header, a control socket per instance."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import create_app
from tests.test_log_redaction import ENCODED, TOKEN, free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
EMAIL = "tiina.testaaja@example.com"


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """Two instances on their own ports (control sockets), each a worker with a 2 s timeout."""
    folder = tmp_path_factory.mktemp("gunicorn")
    database = folder / "g.db"
    create_app({"SECRET_KEY": "k", "DATABASE": str(database)})  # the schema
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DIGIANALYYSI_")},
           "DIGIANALYYSI_SECRET_KEY": "g" * 40, "DIGIANALYYSI_DATABASE": str(database),
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "XDG_RUNTIME_DIR": str(folder)}
    servers = []
    for name in ("a", "b"):
        port = free_port()
        log = open(folder / f"{name}.log", "w")
        servers.append((port, folder / f"{name}.log", log, subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--workers", "1",
             "--timeout", "2", "--bind", f"127.0.0.1:{port}", "app:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)))
    try:
        for port, *_ in servers:
            wait_for(port)
        yield folder, servers
    finally:
        for _port, _path, log, process in servers:
            process.terminate()
            process.wait(30)
            log.close()


def raw(port: int, data: bytes, wait: float = 0.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(data)
        time.sleep(wait)
        try:
            return conn.recv(65536)
        except OSError:
            return b""


@pytest.mark.real_time
def test_every_line_gunicorn_writes_is_redacted_and_timestamped(gunicorn):
    folder, servers = gunicorn
    port, log_path = servers[0][0], servers[0][1]
    # a malformed request line, logged by the worker as it came
    raw(port, f"GET /a/{TOKEN}/sivu/company?email={EMAIL}\r\n\r\n".encode())
    # a request whose body never arrives: the worker times out in the middle of it
    raw(port, (f"POST /a/{ENCODED}/sivu/company?email={EMAIL} HTTP/1.1\r\nHost: x\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=").encode(), 5)
    wait_for(port)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/seuranta/{TOKEN}?q=Testi", headers={"X-Forwarded-For": "203.0.113.9"})
    response = conn.getresponse()
    response.read()
    conn.request("GET", "/", headers={"X-Forwarded-For": "203.0.113.10"})
    second = conn.getresponse()
    second.read()
    conn.close()
    time.sleep(0.5)
    text = log_path.read_text()
    assert "WORKER TIMEOUT" in text and "Error handling request POST /a/<token>/sivu/company" in text, text
    assert "Invalid request from ip=127.0.0.1" in text
    for secret in (TOKEN, ENCODED, TOKEN[:12], EMAIL, "tiina.testaaja", "Testi", "203.0.113"):
        assert secret not in text, secret
    access = [line for line in text.splitlines() if '"GET /seuranta/<token> HTTP/1.1"' in line]
    assert len(access) == 1 and access[0].startswith("[") and "/" in access[0][:13]  # [04/Dec/2026:21:11:56 +0000]
    # the missing PROXY_COUNT is said once, with a timestamp and a level, never with the address
    warnings = [line for line in text.splitlines() if "X-Forwarded-For but PROXY_COUNT is 0" in line]
    assert len(warnings) == 1 and "[WARNING]" in warnings[0] and warnings[0].startswith("[20")
    assert "DIGIANALYYSI_PROXY_COUNT=1" in warnings[0]
    assert response.getheader("Server") is None and second.getheader("Server") is None


@pytest.mark.real_time
def test_each_instance_has_its_own_control_socket(gunicorn):
    folder, servers = gunicorn
    wanted = sorted(f"digianalyysi-127.0.0.1-{port}.ctl" for port, *_ in servers)
    deadline = time.monotonic() + 15  # gunicorn opens its control socket just after it starts listening
    while sorted(p.name for p in folder.glob("*.ctl")) != wanted and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in folder.glob("*.ctl")) == wanted


def test_csv_responses_carry_one_charset(app, client):
    """(Every route's Content-Type is checked in tests/test_private_caching.py.)"""
    from tests.test_advisor import PASSWORD, csrf

    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load", "--companies", "6", "--drafts", "0"])
    runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                        "--password", PASSWORD])
    client.post("/kirjaudu", data={"csrf_token": csrf(client), "email": "kaisa@xamk.test", "password": PASSWORD})
    for path in ("/koordinaattori/vienti.csv", "/koulutukset/laskutus.csv?org=xamk"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8", path
