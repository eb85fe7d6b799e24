"""Private links and search terms never reach the logs: tokens are redacted on the decoded path,
query strings are left out (gunicorn access log, development server, application log)."""

import http.client
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from web.logredact import redact, redact_target

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "demo86f5m0rgscgm2c37eyvmkyvgbovzkjl6q69bat3z"
ENCODED = "".join(f"%{ord(c):02X}" for c in TOKEN)


@pytest.mark.parametrize("line, expected", [
    (f'"GET /a/{ENCODED}/valmis HTTP/1.1" 200', '"GET /a/<token>/valmis HTTP/1.1" 200'),
    (f'"GET /a/%64{TOKEN[1:]} HTTP/1.1" 200', '"GET /a/<token> HTTP/1.1" 200'),
    (f'"GET /a/{ENCODED.replace("%", "%25")} HTTP/1.1" 404', '"GET /a/<token> HTTP/1.1" 404'),  # double-encoded
    (f'"GET /%61/{TOKEN} HTTP/1.1" 404', '"GET /a/<token> HTTP/1.1" 404'),
    (f'"GET /a%2F{TOKEN} HTTP/1.1" 404', '"GET /a/<token> HTTP/1.1" 404'),
    (f'"GET //seuranta/{ENCODED} HTTP/1.0" 308', '"GET /seuranta/<token> HTTP/1.0" 308'),
    (f'"POST /a/{TOKEN}/sivu/tausta?lang=fi HTTP/1.1" 302', '"POST /a/<token>/sivu/tausta HTTP/1.1" 302'),
    ('"GET /neuvoja/?q=M%C3%A4ntyharjun+Testi+Oy&rajaus=analysed HTTP/1.1" 200', '"GET /neuvoja/ HTTP/1.1" 200'),
    ('"GET /neuvoja/?q=2077474-0 HTTP/1.1" 200', '"GET /neuvoja/ HTTP/1.1" 200'),
    ('"GET /koordinaattori/seuranta/12 HTTP/1.1" 200', '"GET /koordinaattori/seuranta/12 HTTP/1.1" 200'),
    ('"GET /x%0A10.0.0.1%20%22GET%20/ HTTP/1.1" 404',
     '"GET /x%0A10.0.0.1%20%22GET%20/ HTTP/1.1" 404'),  # no forged line
    (f"Exception on /a/{TOKEN}/tulokset [GET]", "Exception on /a/<token>/tulokset [GET]"),
    (f'"POST /koulutuspaikka/{TOKEN} HTTP/1.1" 302', '"POST /koulutuspaikka/<token> HTTP/1.1" 302'),  # seat offer
    (f'"GET /koulutuspaikka/{ENCODED}?lang=en HTTP/1.1" 200', '"GET /koulutuspaikka/<token> HTTP/1.1" 200'),
])
def test_redacted_on_the_decoded_path_without_query(line, expected):
    assert redact(line) == expected


@pytest.mark.parametrize("url, expected", [
    (f"https://digi.example/a/{ENCODED}/sivu/x?kieli=fi", "https://digi.example/a/<token>/sivu/x"),
    ("https://digi.example/neuvoja/?q=Testi+Oy", "https://digi.example/neuvoja/"),
    ("-", "-"),
])
def test_referers_are_redacted(url, expected):
    assert redact_target(url) == expected


def test_application_log_is_redacted(app, caplog):
    with caplog.at_level(logging.INFO):
        app.logger.error("Exception on /a/%s/tulokset [GET]", TOKEN)
        logging.getLogger("werkzeug").info('"%s" %s %s', f"GET /a/{ENCODED}?q=Testi HTTP/1.1", "200", "-")
    assert TOKEN not in caplog.text and "Testi" not in caplog.text and caplog.text.count("/a/<token>") == 2


def test_gunicorn_access_log_holds_no_token_and_no_query(tmp_path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "gunicorn-test", "DIGIANALYYSI_DATABASE": str(tmp_path / "g.db"),
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log), "app:create_app()"], cwd=ROOT, env=env)
    paths = [f"/a/{ENCODED}/tulokset", f"/seuranta/{ENCODED}", f"/a/{TOKEN}/valmis?kieli=fi",
             "/neuvoja/?q=M%C3%A4ntyharjun+Testi+Oy&y=2077474-0", "/todistus/QWERT-YUPAS?lang=en"]
    try:
        wait_for(port)
        for path in paths:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Referer": f"http://127.0.0.1:{port}/neuvoja/?q=2077474-0"})
            conn.getresponse().read()
            conn.close()
    finally:
        server.terminate()
        server.wait(45)  # gunicorn gives its workers graceful_timeout (30 s) to finish
    text = log.read_text()
    assert text.count("\n") == len(paths), text
    for secret in (TOKEN, ENCODED, TOKEN[:12], "2077474", "ntyharjun", "Testi", "q=", "QWERT", "YUPAS"):
        assert secret not in text, (secret, text)
    assert text.count("/a/<token>") == 2 and "/seuranta/<token>" in text and '"GET /neuvoja/ HTTP/1.1"' in text
    assert "/todistus/<token>" in text  # a certificate's code (issue 22/7)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start")
