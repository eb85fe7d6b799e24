"""Follow-up by interview: an advisor records a company's follow-up answers in the staff pages, with
the questionnaire's own validation and drafts; it closes the invitation, counts in the measured
change (split by how the follow-up was answered), and the company's private link shows the answers."""

import csv
import io
import re
import sqlite3

import pytest

from demo.generate import generate
from questionnaire.flow import score_row
from storage import connect, followups
from storage import demo as demo_store
from storage.migrations import migrations
from tests.helpers import csrf_of, page_data
from tests.test_advisor import PASSWORD, csrf, login, logged_out_replay
from tests.test_followup_flow import analyse, answer_followup, open_round

HOSTILE = '<b>Valtaaja</b> =1+1 \u202eyO\u202c e\u0301'


@pytest.fixture
def followup(app):
    return app.extensions["surveys"].current("tp1_followup")


@pytest.fixture
def setup(app, walker, followup):
    """Two analysed companies of Miksei's area (Mäntyharju), a round, and staff of two organisations."""
    analyse(app, walker)
    analyse(app, walker, "0737546-2", "Toinen Oy")
    runner = app.test_cli_runner()
    for email, role, org in [("kaisa@xamk.test", "coordinator", None), ("anna@miksei.test", "advisor", "miksei"),
                             ("sami@shk.test", "advisor", "shk")]:
        args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role, "--password",
                PASSWORD]
        assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0
    round_id, _made, links = open_round(app, followup)
    db = connect(app.config["DATABASE"])
    invitations = {row["business_id"]: row for row in followups.invitations(db, round_id)}
    return db, round_id, links, invitations


def _base(invitation) -> str:
    return f"/neuvoja/yritys/{invitation['company_id']}/seuranta/{invitation['id']}"


def record(client, followup, invitation, overrides=None, held_on="2026-11-20"):
    """Walks the staff pages of the follow-up and records it; returns the last response."""
    base = _base(invitation)
    token = csrf(client, f"/neuvoja/yritys/{invitation['company_id']}")
    start = client.post(f"{base}/aloita", data={"csrf_token": token})
    assert start.status_code == 302, start.status_code
    for page in followup.pages:
        path = f"{base}/sivu/{page.id}"
        html = client.get(path).get_data(as_text=True)
        data = {**page_data(followup, page, {"website_state": "3", "website_mobile": "3", "satisfaction": "4",
                                             **(overrides or {})}),
                "csrf_token": csrf_of(html), "nav": "next" if page is not followup.pages[-1] else "review"}
        response = client.post(path, data={k: v for k, v in data.items() if k in
                                           {q.id for q in page.questions} | {"csrf_token", "nav"}})
        assert response.status_code == 302, (page.id, response.get_data(as_text=True)[:2000])
    html = client.get(f"{base}/tallenna").get_data(as_text=True)
    return client.post(f"{base}/tallenna", data={"csrf_token": csrf_of(html), "held_on": held_on})


def test_an_advisor_records_the_follow_up_by_interview(app, setup, followup):
    db, round_id, links, invitations = setup
    invitation = invitations["2077474-0"]
    advisor = login(app, "anna@miksei.test")
    page = advisor.get(f"/neuvoja/yritys/{invitation['company_id']}").get_data(as_text=True)
    assert "Kirjaa vastaukset haastattelusta" in page and "ei vielä vastattu" in page
    done = record(advisor, followup, invitation, {"changes_made": HOSTILE})
    assert done.status_code == 302 and done.location.endswith(f"/neuvoja/yritys/{invitation['company_id']}"
                                                              "#followup-heading")
    row = next(db.query("SELECT * FROM followup_invitations WHERE id = ?", [invitation["id"]]))
    assert (row["answered_by"], row["interviewed_on"]) == ("interview", "2026-11-20")
    assert row["interviewer_id"] == next(db.query("SELECT id FROM users WHERE email = 'anna@miksei.test'"))["id"]
    # the invitation is closed: the round counts it answered, the company page says how
    assert followups.get_round(db, round_id)["answered"] == 1
    company = re.sub(r"\s+", " ", advisor.get(f"/neuvoja/yritys/{invitation['company_id']}").get_data(as_text=True))
    assert "kirjattu haastattelussa, Anna, 20.11.2026" in company
    assert "Kehitys ensimmäisen analyysin jälkeen" in company and "Kirjaa vastaukset haastattelusta" not in company
    # the entrepreneur's private link shows the recorded answers, not an empty form
    entrepreneur = app.test_client()
    opened = entrepreneur.get(f"/seuranta/{links['2077474-0']}", follow_redirects=True)
    text = re.sub(r"\s+", " ", opened.get_data(as_text=True))
    assert "Digiyritysneuvojasi Anna kirjasi nämä vastaukset kanssasi haastattelussa 20.11.2026." in text
    assert "Kiitos – seurantavastauksesi on lähetetty" not in text and "seuranta 20.11.2026" in text
    assert "&lt;b&gt;Valtaaja&lt;/b&gt; =1+1" in text and "<b>Valtaaja</b>" not in text
    assert entrepreneur.get(f"/a/{links['2077474-0']}/sivu/areas-1").status_code == 302  # no form to fill
    audit = [r["action"] for r in db.query("SELECT action FROM audit_log ORDER BY id")]
    assert "followup_interview_started" in audit and "followup_recorded_by_interview" in audit


def test_the_same_validation_and_the_same_draft_as_the_private_link(app, setup, followup):
    db, _round_id, links, invitations = setup
    invitation = invitations["2077474-0"]
    link = links["2077474-0"]
    entrepreneur = app.test_client()
    entrepreneur.get(f"/seuranta/{link}")
    html = entrepreneur.get(f"/a/{link}/sivu/areas-1").get_data(as_text=True)
    first = followup.pages[0]
    entrepreneur.post(f"/a/{link}/sivu/areas-1", data={**page_data(followup, first, {"website_state": "4"}),
                                                        "csrf_token": csrf_of(html), "nav": "next"})
    advisor = login(app, "anna@miksei.test")
    base = _base(invitation)
    # the company's draft is the advisor's draft
    assert 'name="website_state" value="4" checked' in advisor.get(f"{base}/sivu/areas-1").get_data(as_text=True)
    # a required answer missing: the questionnaire's message, and what was typed stays
    second = followup.pages[1]
    html = advisor.get(f"{base}/sivu/{second.id}").get_data(as_text=True)
    data = page_data(followup, second)
    missing = next(q.id for q in second.questions if q.required)
    data.pop(missing)
    response = advisor.post(f"{base}/sivu/{second.id}", data={**data, "csrf_token": csrf_of(html), "nav": "next"})
    assert response.status_code == 200
    assert "Vastaa tähän kysymykseen." in response.get_data(as_text=True)
    # saved by the advisor, seen by the company
    response = advisor.post(f"{base}/sivu/{second.id}", data={**page_data(followup, second),
                                                              "csrf_token": csrf_of(html), "nav": "next"})
    assert response.status_code == 302
    answers = next(db.query("SELECT answers FROM responses WHERE kind = 'followup'"))["answers"]
    assert '"website_state": "4"' in answers and missing in answers


@pytest.mark.parametrize("held_on, message", [("2026-11-24", "Haastattelu ei voi olla tulevaisuudessa."),
                                              ("20.11.", "Anna haastattelun päivä, esimerkiksi 2026-11-23.")])
def test_the_interview_day_is_checked(app, setup, followup, held_on, message):
    db, _round_id, _links, invitations = setup
    advisor = login(app, "anna@miksei.test")
    response = record(advisor, followup, invitations["2077474-0"], held_on=held_on)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and f'value="{held_on}"' in html  # what was typed stays
    assert next(db.query("SELECT count(*) AS n FROM followup_invitations WHERE submitted_at IS NOT NULL"))["n"] == 0


def test_recorded_twice_or_after_the_company_answered_changes_nothing(app, setup, followup, client):
    db, _round_id, links, invitations = setup
    answer_followup(client, followup, links["0737546-2"])  # the company answered itself
    advisor = login(app, "anna@miksei.test")
    base = _base(invitations["0737546-2"])
    response = advisor.post(f"{base}/aloita", data={"csrf_token": csrf(advisor, "/neuvoja/")})
    assert response.status_code == 302 and "#followup-heading" in response.location
    assert advisor.get(f"{base}/sivu/areas-1").status_code == 302
    assert advisor.post(f"{base}/tallenna", data={"csrf_token": csrf(advisor, "/neuvoja/"),
                                                  "held_on": "2026-11-20"}).status_code == 302
    row = next(db.query("SELECT answered_by, interviewer_id FROM followup_invitations WHERE id = ?",
                        [invitations["0737546-2"]["id"]]))
    assert (row["answered_by"], row["interviewer_id"]) == ("self", None)


def test_impact_tables_and_export_split_by_how_it_was_answered(app, setup, followup, client):
    db, round_id, links, invitations = setup
    answer_followup(client, followup, links["0737546-2"])
    record(login(app, "anna@miksei.test"), followup, invitations["2077474-0"])
    coordinator = login(app, "kaisa@xamk.test")
    dashboard = re.sub(r"\s+", " ", coordinator.get("/koordinaattori/?lang=en").get_data(as_text=True))
    assert "How the follow-up was answered" in dashboard
    assert re.search(r"The company answered \(private link\)</th>\s*<td>1</td>", dashboard)
    assert re.search(r"Recorded by an advisor in an interview</th>\s*<td>1</td>", dashboard)
    exported = coordinator.get(f"/koordinaattori/seuranta/{round_id}/tulokset.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    by_company = {r["business_id"]: r for r in rows}
    assert by_company["2077474-0"]["answered_by"] == "interview"
    assert by_company["2077474-0"]["interviewer"] == "Anna"
    assert by_company["0737546-2"]["answered_by"] == "self" and by_company["0737546-2"]["interviewer"] == ""
    round_page = coordinator.get(f"/koordinaattori/seuranta/{round_id}?lang=en").get_data(as_text=True)
    assert "Answered in an interview" in round_page


def test_access_matrix_of_the_follow_up_by_interview(app, setup, followup, walker):
    db, _round_id, _links, invitations = setup
    invitation = invitations["2077474-0"]
    base = _base(invitation)
    entrepreneur = app.test_client()
    token = walker.start()
    walker.walk(token)
    actors = {
        "anonymous": app.test_client(),
        "logged_out": logged_out_replay(app, "kaisa@xamk.test"),
        "entrepreneur": entrepreneur,
        "other_org_advisor": login(app, "sami@shk.test"),
        "advisor": login(app, "anna@miksei.test"),
        "coordinator": login(app, "kaisa@xamk.test"),
    }
    expected = {"anonymous": 302, "logged_out": 302, "entrepreneur": 302, "other_org_advisor": 404}
    for actor, client in actors.items():
        token = csrf(client, "/kirjaudu" if actor in ("anonymous", "logged_out", "entrepreneur") else "/neuvoja/")
        for method, path in [("GET", f"{base}/sivu/areas-1"), ("GET", f"{base}/tallenna"),
                             ("POST", f"{base}/aloita"), ("POST", f"{base}/sivu/areas-1"),
                             ("POST", f"{base}/tallenna")]:
            status = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None,
                                 ).status_code
            if actor in expected:
                assert status == expected[actor], (actor, method, path, status)
            else:
                assert status in (200, 302), (actor, method, path, status)
    # an invitation of another company under this company's address is not found
    other = invitations["0737546-2"]
    assert actors["coordinator"].get(f"/neuvoja/yritys/{invitation['company_id']}/seuranta/{other['id']}/"
                                     "sivu/areas-1").status_code == 404
    assert next(db.query("SELECT count(*) AS n FROM followup_invitations WHERE submitted_at IS NOT NULL"))["n"] == 0


def test_the_migration_marks_earlier_answers_as_answered_with_the_link(tmp_path):
    db = connect(tmp_path / "old.db")
    migrations.apply(db, stop_before="m040_followup_by_interview")
    with db.conn:
        for n in (1, 2):
            db.execute("INSERT INTO companies (id, business_id, name, created_at, updated_at) "
                       "VALUES (?, ?, 'Oy', '2026-01-01', '2026-01-01')", [n, f"X{n}"])
        db.execute("INSERT INTO responses (id, token_hash, survey_id, survey_version, status, company_id, created_at, "
                   "updated_at) VALUES (1, 'h', 'tp1', 1, 'submitted', 1, '2026-01-01', '2026-01-01')")
        db.execute("INSERT INTO followup_rounds (id, name, survey_id, survey_version, opens_on, closes_on, created_at) "
                   "VALUES (1, 'R', 'tp1_followup', 1, '2026-09-01', '2026-12-31', '2026-09-01')")
        for n, submitted in ((1, "2026-10-01T10:00:00+00:00"), (2, None)):
            db.execute("INSERT INTO followup_invitations (id, round_id, company_id, baseline_response_id, nonce, "
                       "token_hash, created_at, submitted_at) VALUES (?, 1, ?, 1, ?, ?, '2026-09-01', ?)",
                       [n, n, f"n{n}", f"t{n}", submitted])
    migrations.apply(db)
    assert db.execute("SELECT id, answered_by, interviewer_id, interviewed_on FROM followup_invitations "
                      "ORDER BY id").fetchall() == [(1, "self", None, None), (2, None, None, None)]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        db.execute("UPDATE followup_invitations SET answered_by = 'phone' WHERE id = 2")


def test_a_company_analysed_with_questionnaire_v1_is_followed_up_by_interview(app, followup):
    """The follow-up compares with v1 and v2 (the same ladder items): a company whose analysis was
    given in v1 is invited and its answers recorded in an interview are compared with its v1 answers."""
    v1 = app.extensions["surveys"].get("tp1", 1)
    item = generate(v1, count=1, seed=3)[0]
    item.answers.update({"municipality": "507", "target_groups": [], "industry": "I",
                         **{q.id: "1" for q in v1.questions if q.role == "level"}})
    db = connect(app.config["DATABASE"])
    demo_store.load_responses(db, v1, [item], lambda answers: score_row(v1, app.extensions["surveys"].method(v1),
                                                                        answers), app.extensions["projectdata"].assign)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                               "--password", PASSWORD]).exit_code == 0
    round_id, made, _links = open_round(app, followup)
    assert made == 1
    invitation = followups.invitations(db, round_id)[0]
    done = record(login(app, "kaisa@xamk.test"), followup, invitation)
    assert done.status_code == 302
    row = next(db.query("SELECT i.index_before, i.index_after, b.survey_version FROM followup_invitations i "
                        "JOIN responses b ON b.id = i.baseline_response_id"))
    assert row["survey_version"] == 1 and row["index_before"] == pytest.approx(25)  # every v1 ladder at 1 of 4
    assert row["index_after"] > row["index_before"]
