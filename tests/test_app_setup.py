"""Configuration, language, headers, translations and storage settings."""

import gettext
import io
import multiprocessing
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.messages.pofile import read_po
from PIL import Image

from app import create_app
from storage.db import connect, immediate

ROOT = Path(__file__).resolve().parents[1]


def test_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"DATABASE": str(tmp_path / "x.db")})


def test_secure_cookie_defaults(tmp_path):
    app = create_app({"SECRET_KEY": "k", "DATABASE": str(tmp_path / "x.db")})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["WTF_CSRF_TIME_LIMIT"] >= 8 * 3600


def test_configuration_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIANALYYSI_SECRET_KEY", "from-env-" + "x" * 40)
    monkeypatch.setenv("DIGIANALYYSI_DATABASE", str(tmp_path / "env.db"))
    monkeypatch.setenv("DIGIANALYYSI_DEPLOYMENT", "production")  # independent of a local instance/config.py
    monkeypatch.setenv("DIGIANALYYSI_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("DIGIANALYYSI_CONTACT_EMAIL", "tietosuoja@example.fi")
    monkeypatch.setenv("DIGIANALYYSI_PUBLIC_BASE_URL", "https://digianalyysi.example.fi")
    app = create_app()
    assert app.config["SECRET_KEY"].startswith("from-env")
    assert not (tmp_path / "env.db").exists()  # only `flask db upgrade` creates or changes the database


@pytest.mark.parametrize("env, message", [
    ({"DIGIANALYYSI_SECRET_KEY": "short"}, "SECRET_KEY is shorter than 32 characters"),
    ({"DIGIANALYYSI_SECRET_KEY": "k" * 40, "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false"},
     "SESSION_COOKIE_SECURE is off"),
])
def test_production_refuses_weak_settings(tmp_path, monkeypatch, env, message):
    monkeypatch.setenv("DIGIANALYYSI_DATABASE", str(tmp_path / "p.db"))
    monkeypatch.setenv("DIGIANALYYSI_DEPLOYMENT", "production")
    monkeypatch.setenv("DIGIANALYYSI_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("DIGIANALYYSI_CONTACT_EMAIL", "tietosuoja@example.fi")
    monkeypatch.setenv("DIGIANALYYSI_PUBLIC_BASE_URL", "https://digianalyysi.example.fi")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(RuntimeError, match=message):
        create_app()
    monkeypatch.setenv("DIGIANALYYSI_DEPLOYMENT", "local")
    assert create_app().config["DEPLOYMENT"] == "local"


def test_health_endpoint(client):
    response = client.get("/terveys")
    assert response.status_code == 200 and response.json == {
        "status": "ok", "database": "ok", "write": "ok", "disk": "ok", "schema": "ok", "templates": "ok", "code": "ok"}


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert "max-age=" in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_proxy_fix(tmp_path):
    app = create_app({"SECRET_KEY": "k", "DATABASE": str(tmp_path / "x.db"), "PROXY_COUNT": 1,
                      "SESSION_COOKIE_SECURE": False})
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"})
    assert "Strict-Transport-Security" in response.headers


def test_finnish_is_the_default_and_english_on_request(client):
    assert '<html lang="fi">' in client.get("/").get_data(as_text=True)
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Start the analysis" in html
    assert '<html lang="en">' in client.get("/tietosuoja").get_data(as_text=True)  # remembered


@pytest.mark.parametrize("path, fi, en", [
    ("/", "Aloita analyysi", "Start the analysis"),
    ("/tietosuoja", "Rekisterinpitäjä", "Controller and contact"),
    ("/saavutettavuus", "WCAG 2.1", "WCAG 2.1"),
])
def test_public_pages_in_both_languages(client, path, fi, en):
    assert fi in client.get(f"{path}?lang=fi").get_data(as_text=True)
    assert en in client.get(f"{path}?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("path",
    ["/", "/tietosuoja", "/saavutettavuus", "/kirjaudu", "/a/doesnotexistdoesnotexistdoesnotexist12"])
def test_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_no_third_party_resources(client):
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="https?://', html)


def test_finnish_catalogue_is_complete():
    catalog = read_po(open(ROOT / "translations/fi/LC_MESSAGES/messages.po", "rb"))
    template = read_po(open(ROOT / "translations/messages.pot", "rb"))
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing and not fuzzy


def test_every_ui_string_is_in_the_template():
    """The .pot is up to date: every _("...") in templates and code is in it."""
    template = {m.id if isinstance(m.id, str) else m.id[0]
                for m in read_po(open(ROOT / "translations/messages.pot", "rb"))}
    used = set()
    for path in list((ROOT / "templates").rglob("*.html")) + [p for p in ROOT.glob("*/*.py")
                                                              if p.parts[-2] not in (".venv", "tests")]:
        for match in re.finditer(r'(?<![A-Za-z])_l?\(\s*"((?:[^"\\]|\\.)+)"', path.read_text(encoding="utf-8")):
            used.add(match.group(1).replace('\\"', '"'))
    assert used - template == set()


def test_database_uses_wal(app):
    db = connect(app.config["DATABASE"])
    assert next(db.query("PRAGMA journal_mode"))["journal_mode"] == "wal"
    assert next(db.query("PRAGMA busy_timeout"))["timeout"] >= 5000


def _writer(path, worker, rounds):
    db = connect(path)
    for n in range(rounds):
        with immediate(db):
            current = next(db.query("SELECT value FROM counter"))["value"]
            db.execute("UPDATE counter SET value = ?", [current + 1])


def test_concurrent_read_then_write_loses_nothing(tmp_path):
    path = str(tmp_path / "c.db")
    db = connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE counter (value INTEGER)")
    db.execute("INSERT INTO counter VALUES (0)")
    db.conn.commit()
    procs = [multiprocessing.Process(target=_writer, args=(path, w, 200)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    assert next(db.query("SELECT value FROM counter"))["value"] == 800


def test_migrations_are_idempotent(tmp_path):
    from storage.db import migrate

    path = tmp_path / "m.db"
    applied = migrate(path)
    assert applied[:6] == ["m001_companies_and_responses", "m002_scores", "m003_advisor_workspace", "m004_score_extras",
                           "m005_latest_scores_index", "m006_followup"]
    assert {"m007_company_identity", "m008_login_throttling_and_sessions", "m006a_website_checks",
            "m008a_link_requests",
            "m009_draft_starts", "m010_trainings",
            "m013_retired_tokens", "m013a_attendance_dates", "m013b_waiting_list_offers",
            "m014_company_applications", "m021_event_links"} <= set(applied)
    assert migrate(path) == []


@pytest.mark.parametrize("path", ["/", "/tietosuoja", "/a/doesnotexistdoesnotexistdoesnotexist12"])
def test_favicon_is_linked_and_served(client, path):
    """/favicon.ico answered 404 on every page: an ICO at the root, an SVG linked from every page."""
    html = client.get(path).get_data(as_text=True)
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert "/favicon.ico" in icons and any(i.endswith("favicon.svg") for i in icons)
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.mimetype == "image/vnd.microsoft.icon"
    image = Image.open(io.BytesIO(ico.data))
    assert image.format == "ICO" and {(16, 16), (32, 32)} <= set(image.info["sizes"])
    svg = client.get(next(i for i in icons if i.endswith(".svg")))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert ElementTree.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"


def test_catalogues_are_compiled_by_the_test_session(tmp_path):
    """`pip install -e '.[test]' && pytest` without make: the session compiles missing catalogues."""
    from tests.conftest import compile_catalogues

    for lang in ("fi", "en"):
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "messages.po").write_bytes(
            (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").read_bytes())
    assert len(compile_catalogues(tmp_path)) == 2
    assert compile_catalogues(tmp_path) == []  # up to date: nothing to do
    with open(tmp_path / "fi" / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("Skip to content") != "Skip to content"
