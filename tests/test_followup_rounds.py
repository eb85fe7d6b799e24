"""Coordinator's follow-up rounds: access, the form, emailed links and reminders, late
invitations; follow-ups in the data-protection functions (export, erase, retention)."""

import csv
import io
import json

import pytest

from storage import connect, followups
from storage.followups import link_token
from storage.maintenance import apply_retention, company_data, erase_company
from tests.helpers import deliver_outbox, fake_smtp
from tests.prepared import prepared
from tests.test_advisor import PASSWORD, csrf, login
from tests.test_followup_flow import analyse, answer_followup, open_round


@pytest.fixture
def followup(app):
    return app.extensions["surveys"].current("tp1_followup")


@pytest.fixture
def users(app):
    def build(app):
        runner = app.test_cli_runner()
        for email, role, org in [("kaisa@xamk.test", "coordinator", None), ("anna@miksei.test", "advisor", "miksei")]:
            args = ["users", "create", email, "--name", email.split("@")[0], "--role", role, "--password", PASSWORD]
            assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0

    prepared(app, "a coordinator and a miksei advisor", build)
    return login(app, "kaisa@xamk.test")


def test_only_coordinators_manage_rounds(app, walker, followup, users):
    analyse(app, walker)
    round_id, _, _ = open_round(app, followup)
    advisor = login(app, "anna@miksei.test")
    anonymous = app.test_client()
    for path in ("/koordinaattori/seuranta/", f"/koordinaattori/seuranta/{round_id}",
                 f"/koordinaattori/seuranta/{round_id}/linkit.csv",
                 f"/koordinaattori/seuranta/{round_id}/tulokset.csv"):
        assert advisor.get(path).status_code == 403
        assert anonymous.get(path).status_code in (302, 401)
    assert users.get("/koordinaattori/seuranta/999").status_code == 404
    assert users.get(f"/koordinaattori/seuranta/{round_id}/tulokset.pdf").status_code == 404


@pytest.mark.parametrize("form, message", [
    ({"name": "", "opens_on": "2026-11-01", "closes_on": "2026-12-01"}, "Vastaa tähän kysymykseen."),
    ({"name": "Syksy", "opens_on": "2026-11-01", "closes_on": "2026-10-01"},
     "Päättymispäivä ei voi olla ennen alkamispäivää."),
    ({"name": "Syksy", "opens_on": "1.11.2026", "closes_on": "2026-12-01"}, "Ei ole kelvollinen päivämäärä-arvo"),
])
def test_round_form_errors_keep_what_was_typed(app, followup, users, form, message):
    data = {"csrf_token": csrf(users, "/koordinaattori/seuranta/"), "survey": f"{followup.id}:{followup.version}",
            **form}
    response = users.post("/koordinaattori/seuranta/", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and f'value="{form["opens_on"]}"' in html
    assert connect(app.config["DATABASE"]).execute("SELECT count(*) FROM followup_rounds").fetchone()[0] == 0
    unknown = users.post("/koordinaattori/seuranta/", data={**data, "name": "X", "survey": "tp1:1",
                                                            "opens_on": "2026-11-01", "closes_on": "2026-12-01"})
    assert unknown.status_code == 400  # not a follow-up questionnaire


def test_links_are_emailed_once_then_reminders_go_to_those_who_have_not_answered(app, client, walker, followup, users,
                                                                                  monkeypatch):
    outbox = []

    def messages():
        deliver_outbox(app)
        return [m[1:] for m in outbox if m[0] == "message"]

    analyse(app, walker)
    analyse(app, walker, "0737546-2", "Toinen Oy")
    round_id, _, links = open_round(app, followup)
    page = f"/koordinaattori/seuranta/{round_id}"
    assert "Sähköposti ei ole käytössä" in users.get(page).get_data(as_text=True)
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(outbox))
    app.config.update(MAIL_SERVER="smtp.test")
    send = lambda **extra: users.post(f"{page}/laheta", data={"csrf_token": csrf(users, page), **extra})  # noqa: E731
    assert send().status_code == 302
    assert len(messages()) == 2 and all(to == "tiina@example.com" for to, _, _ in messages())
    assert {link for link in links.values()
            if any(f"/seuranta/{link}" in body for _, _, body in messages())} == set(links.values())
    assert "Mäntyharjun Testi Oy" in messages()[0][2] + messages()[1][2]
    send()
    assert len(messages()) == 2  # nobody is invited twice
    answer_followup(client, followup, links["2077474-0"])
    send(muistutus="1")
    assert len(messages()) == 3 and messages()[2][1].startswith("Muistutus:") and links["0737546-2"] in messages()[2][2]
    reminders = users.get(f"{page}/linkit.csv?vastaamattomat=1").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(reminders), delimiter=";"))
    assert [r["business_id"] for r in rows] == ["0737546-2"] and rows[0]["reminders"] == "1"
    actions = [r[0] for r in connect(app.config["DATABASE"]).execute("SELECT action FROM audit_log")]
    assert {"followup_links_sent", "followup_reminders_sent", "followup_links_export"} <= set(actions)


def test_companies_analysed_later_are_invited_on_request(app, walker, followup, users):
    analyse(app, walker)
    round_id, made, _ = open_round(app, followup)
    analyse(app, walker, "0737546-2", "Toinen Oy")
    page = f"/koordinaattori/seuranta/{round_id}"
    response = users.post(f"{page}/kutsu", data={"csrf_token": csrf(users, page)}, follow_redirects=True)
    assert "1 uusi analysoitu yritys kutsuttu." in response.get_data(as_text=True)
    assert len(followups.invitations(connect(app.config["DATABASE"]), round_id)) == 2


def test_followups_in_access_export_erasure_and_retention(app, client, walker, followup):
    analyse(app, walker)
    analyse(app, walker, "0737546-2", "Toinen Oy")
    _, _, links = open_round(app, followup)
    answer_followup(client, followup, links["2077474-0"])
    client.get(f"/seuranta/{links['0737546-2']}")  # started, not answered
    db = connect(app.config["DATABASE"])
    company_id = db.execute("SELECT id FROM companies WHERE business_id = '2077474-0'").fetchone()[0]
    data = company_data(db, company_id)
    assert len(data["followups"]) == 1 and data["followups"][0]["levels_after"]["website"] == 75
    assert any(r["survey_id"] == "tp1_followup" for r in data["responses"])
    json.dumps(data)
    assert erase_company(db, company_id, None)["followups"] == 1
    assert db.execute("SELECT count(*) FROM followup_invitations").fetchone()[0] == 1
    # An untouched follow-up draft expires; its link starts a fresh one.
    db.execute("UPDATE responses SET updated_at = '2020-01-01T00:00:00+00:00' WHERE kind = 'followup'")
    db.conn.commit()
    assert apply_retention(db, None, 30)["drafts_deleted"] == 1
    assert client.get(f"/seuranta/{links['0737546-2']}").status_code == 200  # the introduction of a fresh draft
    assert db.execute("SELECT count(*) FROM responses WHERE kind = 'followup' AND status = 'draft'").fetchone()[0] == 1
    secret = app.config["SECRET_KEY"]
    assert links["0737546-2"] == link_token(secret, db.execute("SELECT nonce FROM followup_invitations").fetchone()[0])


def test_opening_a_round_emails_the_links_when_smtp_is_configured(app, walker, followup, users, monkeypatch):
    analyse(app, walker)
    outbox = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(outbox))
    app.config.update(MAIL_SERVER="smtp.test")
    form = {"csrf_token": csrf(users, "/koordinaattori/seuranta/"), "survey": f"{followup.id}:{followup.version}",
            "name": "Syksy", "opens_on": "2026-11-01", "closes_on": "2026-12-15", "send_now": "y"}
    page = users.post("/koordinaattori/seuranta/", data=form, follow_redirects=True).get_data(as_text=True)
    assert not outbox  # queued in the request, sent by the outbox sender
    deliver_outbox(app)
    messages = [m for m in outbox if m[0] == "message"]
    assert len(messages) == 1 and "15.12.2026" in messages[0][3] and "/seuranta/" in messages[0][3]
    # the link's base is PUBLIC_BASE_URL (here the local default), never the coordinator's request's host
    assert "http://127.0.0.1:5000/seuranta/" in messages[0][3] and "localhost" not in messages[0][3]
    assert "1 sähköposti jonossa: se lähtee minuutin kuluessa." in page
    del form["send_now"]
    users.post("/koordinaattori/seuranta/", data={**form, "name": "Toinen"})
    deliver_outbox(app)
    assert len([m for m in outbox if m[0] == "message"]) == 1  # not ticked: nothing sent


@pytest.mark.parametrize("line, expected", [
    ('"GET /seuranta/FFYxzqlfZcBocjTyYUxKu03MGXsKqqeah5cO7jQK-LM HTTP/1.1" 302',
     '"GET /seuranta/<token> HTTP/1.1" 302'),
    ('"GET /a/demo86f5m0rgscgm2c37eyvmkyvgbovzkjl6q69bat3z/valmis HTTP/1.1"', '"GET /a/<token>/valmis HTTP/1.1"'),
    ('"GET /koordinaattori/seuranta/12 HTTP/1.1"', '"GET /koordinaattori/seuranta/12 HTTP/1.1"'),
])
def test_private_links_never_reach_the_access_log(line, expected):
    from web.logredact import redact

    assert redact(line) == expected
