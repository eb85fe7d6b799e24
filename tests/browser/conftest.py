"""End-to-end tests in Debian's Chromium driven by Playwright.

They never skip: if Chromium is missing or cannot start, every browser test fails with the
reason, so CI cannot pass without them.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from tests.helpers import FROZEN_NOW

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"  # `make test` passes its CHROMIUM
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "browser.db"
    app = create_app({
        "SECRET_KEY": "browser-test-secret",
        "DATABASE": str(db),
        "SESSION_COOKIE_SECURE": False,
        "TESTING": True,
        "FROZEN_NOW": FROZEN_NOW,
    })
    # peers, so that the results pages show comparisons as well as "not enough peers"
    loaded = app.test_cli_runner().invoke(args=["demo", "load", "--companies", "60", "--drafts", "0",
                                                  "--followup-share", "0.5"])
    assert loaded.exit_code == 0, loaded.output
    for email, role, org in [("anna@miksei.test", "advisor", "miksei"), ("kaisa@xamk.test", "coordinator", None)]:
        args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role,
                "--password", "oikein-hyva-salasana"] + (["--organisation", org] if org else [])
        created = app.test_cli_runner().invoke(args=args)
        assert created.exit_code == 0, created.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # links handed out (follow-up links, resume links) start with the site's public address, as
    # in a deployment: never with the request's host (web/urls.py)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) "
                    "or set CHROMIUM=/path/to/chromium")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Error as exc:
            pytest.fail(f"Chromium could not start: {exc}")
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request):
    return {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}[request.param]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
