"""``Cache-Control: no-store`` on every response that needs a login or a private link: pages,
PDFs, exports with contacts, a company's data JSON, the CSV of follow-up links."""

import pytest

from demo.generate import generate
from storage import followups
from storage.db import connect
from tests.helpers import csrf_of
from tests.prepared import prepared

PASSWORD = "oikein-hyva-salasana"


@pytest.fixture
def live(app, survey):
    def build(app):
        runner = app.test_cli_runner()
        loaded = runner.invoke(args=["demo", "load", "--companies", "8", "--drafts", "0", "--followup-share", "0.5"])
        assert loaded.exit_code == 0, loaded.output
        assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                                   "--password", PASSWORD]).exit_code == 0

    prepared(app, "eight companies with a follow-up round and a coordinator", build)
    coordinator = app.test_client()
    csrf = csrf_of(coordinator.get("/kirjaudu").get_data(as_text=True))
    assert coordinator.post("/kirjaudu", data={"csrf_token": csrf, "email": "kaisa@xamk.test",
                                               "password": PASSWORD}).status_code == 302
    db = connect(app.config["DATABASE"])
    company_id = next(db.query("SELECT min(id) AS id FROM companies"))["id"]
    token = next(i.token for i in generate(survey, count=8, seed=2025) if i.submitted)
    nonce = next(db.query("SELECT nonce FROM followup_invitations WHERE response_id IS NULL"))["nonce"]
    csrf = csrf_of(coordinator.get(f"/neuvoja/yritys/{company_id}/haastattelu").get_data(as_text=True))
    assert coordinator.post(f"/neuvoja/yritys/{company_id}/haastattelu", data={
        "csrf_token": csrf, "held_on": "2026-11-20", "participants": "Anna", "tallenna": "draft"}).status_code == 302
    values = {"company_id": company_id, "interview_id": next(db.query("SELECT id FROM interviews"))["id"],
              "round_id": 1, "user_id": 1, "token": token, "page_id": survey.pages[0].id}
    invitation = followups.link_token(app.config["SECRET_KEY"], nonce)
    return coordinator, values, invitation


PRIVATE_DOWNLOADS = [
    "/neuvoja/yritys/{company_id}/tiedot.json", "/neuvoja/yritys/{company_id}/raportti.pdf",
    "/koordinaattori/vienti.csv?yhteystiedot=1", "/koordinaattori/vienti.xlsx?yhteystiedot=1",
    "/koordinaattori/vienti.json?yhteystiedot=1", "/koordinaattori/seuranta/{round_id}/linkit.csv",
    "/koordinaattori/seuranta/{round_id}/tulokset.csv", "/koordinaattori/raportti.pdf",
    "/a/{token}/raportti.pdf", "/a/{token}/tulokset", "/a/{token}/valmis",
]


@pytest.mark.parametrize("path", PRIVATE_DOWNLOADS)
def test_private_downloads_are_not_stored(app, live, path):
    coordinator, values, _invitation = live
    response = coordinator.get(path.format(**values))
    assert response.status_code == 200, path
    assert response.headers["Cache-Control"] == "no-store", path


def test_every_route_sends_no_store(app, live):
    """Each GET route of app.url_map, filled with real ids and tokens, as a coordinator."""
    coordinator, values, invitation = live
    seen = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        path = rule.rule
        for name in rule.arguments:
            value = invitation if rule.endpoint == "questionnaire.invitation" else values.get(name, "csv")
            path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        response = coordinator.get(path)
        assert response.status_code < 500, path
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
        assert response.headers.get("Content-Type", "").count("charset") <= 1, path  # one charset (CSV had two)
        seen += response.status_code == 200
    assert seen >= 15


def test_static_files_may_be_cached(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")
