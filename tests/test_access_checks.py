"""The workspace checks logins and roles one way: ``accounts.auth.protect`` installed on each staff
blueprint, ``coordinator_only`` marking a coordinator's route in a shared one; a company is
fetched for a user through one ``company_or_404`` (issue 26, item 4)."""

import re
from pathlib import Path

import pytest

from tests.test_advisor import csrf, demo_workspace, login

ROOT = Path(__file__).resolve().parents[1]
# the blueprints anyone may use (each route does its own token or link check)
PUBLIC = {"login", "pages", "questionnaire", "trainings_public"}
COORDINATOR = {"accounts", "company_admin", "coordinator", "websitecheck_coordinator"}


def _sources():
    skip = {".venv", "tests", "benchmarks", ".git", "node_modules"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_every_staff_blueprint_installs_the_one_check(app):
    for name in app.blueprints:
        checks = [getattr(f, "protects", None) for f in app.before_request_funcs.get(name, [])]
        if name in PUBLIC:
            assert checks == [], name
        else:
            assert checks == ["coordinator" if name in COORDINATOR else "staff"], (name, checks)
    assert PUBLIC <= set(app.blueprints) and COORDINATOR <= set(app.blueprints)


def test_coordinator_only_marks_routes_of_protected_blueprints_only(app):
    marked = [endpoint for endpoint, view in app.view_functions.items() if getattr(view, "coordinator_only", False)]
    assert marked, "the trainings blueprint marks its coordinator routes"
    assert {endpoint.split(".")[0] for endpoint in marked} == {"trainings"}


def test_no_other_login_check_or_company_lookup_in_the_code():
    """Blueprints do not install checks of their own; the company-or-404 lookup is not copied."""
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT).as_posix()
        if where != "accounts/auth.py" and not where.startswith(("web/", "mailer/", "commands/")):
            assert not re.search(r"\.before_request\b", text), where
        if where != "accounts/auth.py":
            assert not re.search(r"def \w*company\w*_or_404|def _company\(", text), where
            assert "def coordinator_only" not in text and "def protect" not in text, where


@pytest.fixture
def people(app):
    db = demo_workspace(app, companies=6)
    own = db.execute("SELECT id FROM companies WHERE organisation = 'miksei' ORDER BY id").fetchone()[0]
    other = db.execute("SELECT id FROM companies WHERE organisation = 'shk' ORDER BY id").fetchone()[0]
    return {"own": own, "other": other, "anna": login(app, "anna@miksei.test"),
            "kaisa": login(app, "kaisa@xamk.test")}


def test_the_check_answers_alike_on_every_staff_area(app, people):
    anonymous, anna, kaisa = app.test_client(), people["anna"], people["kaisa"]
    for path in ("/neuvoja/", "/koulutukset/", f"/neuvoja/verkkosivut/yritys/{people['own']}",
                 "/koordinaattori/", "/neuvoja/kayttajat"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/kirjaudu" in response.location, path
    for path in ("/koordinaattori/", "/neuvoja/kayttajat", "/koulutukset/kurssi/uusi", "/koulutukset/laskutus"):
        assert anna.get(path).status_code == 403, path
        assert kaisa.get(path).status_code == 200, path
    token = csrf(anna, "/neuvoja/")
    assert anna.post(f"/neuvoja/yritys/{people['own']}/organisaatio",
                     data={"csrf_token": token, "organisation": "shk"}).status_code == 403


def test_another_organisations_company_is_404_everywhere(app, people):
    anna, other = people["anna"], people["other"]
    token = csrf(anna, "/neuvoja/")
    for path in (f"/neuvoja/yritys/{other}", f"/neuvoja/verkkosivut/yritys/{other}",
                 f"/neuvoja/yritys/{other}/haastattelu"):
        assert anna.get(path).status_code == 404, path
    assert anna.post(f"/koulutukset/yritys/{other}/ilmoita", data={"csrf_token": token, "course": "1"}
                     ).status_code == 404
    assert people["kaisa"].get(f"/neuvoja/yritys/{other}").status_code == 200
