"""The advisor workspace: who may see what, logins, throttling, sessions, interviews, reports."""

import io
import re
import urllib.parse

import pytest
from pypdf import PdfReader

from storage.db import connect
from storage import users as user_store
from tests.prepared import prepared

PASSWORD = "oikein-hyva-salasana"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def demo_workspace(app, companies: int):
    """Demo companies and three users: advisors of miksei and shk, a coordinator (all PASSWORD);
    built once per test session and copied (tests.prepared)."""
    def build(app):
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "load", "--companies", str(companies), "--drafts", "0"]).exit_code == 0
        for email, role, org in [("anna@miksei.test", "advisor", "miksei"), ("sami@shk.test", "advisor", "shk"),
                                 ("kaisa@xamk.test", "coordinator", None)]:
            args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role,
                    "--password", PASSWORD]
            result = runner.invoke(args=args + (["--organisation", org] if org else []))
            assert result.exit_code == 0, result.output

    prepared(app, ("demo workspace", companies), build)
    db = connect(app.config["DATABASE"])
    db.clock = app.extensions["clock"]  # what the test writes is stamped by the app's frozen clock, not today's
    return db


@pytest.fixture
def workspace(app):
    db = demo_workspace(app, companies=40)
    companies = {row["organisation"]: row["id"] for row in db.query(
        "SELECT organisation, min(id) AS id FROM companies GROUP BY organisation")}
    return db, companies


def csrf(client, path="/kirjaudu"):
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def login(app, email, password=PASSWORD, address="127.0.0.1"):
    client = app.test_client()
    response = client.post("/kirjaudu", data={"csrf_token": csrf(client), "email": email, "password": password},
                           environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def logged_out_replay(app, email):
    """A client replaying the session cookie of a coordinator saved before the coordinator logged out."""
    client = login(app, email)
    saved = client.get_cookie("session").value
    assert client.post("/ulos", data={"csrf_token": csrf(client, "/neuvoja/")}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", saved)
    return replay


def save_interview(client, company_id, **extra):
    token = csrf(client, f"/neuvoja/yritys/{company_id}/haastattelu")
    data = {"csrf_token": token, "held_on": "2026-11-20", "participants": "Anna, yrittäjä",
            "marketing_level": "regular",
            "field_of_operations": "Verkkokauppa ja some", "rating_website": "75", "rating_analytics": "0",
            "tools": ["crm", "newsletter"], "action_1_what": "Uutiskirje käyntiin", "action_1_who": "Yrittäjä",
            "action_1_by": "2026-12-31", "referrals": ["tp2-2"], "tallenna": "final", **extra}
    return client.post(f"/neuvoja/yritys/{company_id}/haastattelu", data=data)


HOSTILE = '<b>Valtaaja</b> =1+1 \u202eyO\u202c e\u0301'


def submit_under(walker, db, company_id, **overrides):
    """An anonymous respondent submits an analysis with an existing company's (public) business ID;
    returns (private token, response id)."""
    business_id = next(db.query("SELECT business_id FROM companies WHERE id = ?", [company_id]))["business_id"]
    token = walker.start()
    walker.walk(token, overrides={"business_id": business_id, "company_name": HOSTILE, "municipality": "740",
                                  "contact_name": HOSTILE, "contact_email": "valtaaja@example.com",
                                  "contact_phone": "040 666 6666", **overrides})
    response_id = next(db.query("SELECT max(id) AS id FROM responses WHERE status = 'submitted'"))["id"]
    return token, response_id


def test_access_matrix(app, workspace, walker):
    db, companies = workspace
    own, other = companies["miksei"], companies["shk"]
    coordinator = login(app, "kaisa@xamk.test")
    assert save_interview(coordinator, own).status_code == 302
    interview_id = next(db.query("SELECT id FROM interviews"))["id"]
    entrepreneur = app.test_client()  # has a private link of a company, no login
    token = walker.start()
    walker.walk(token)
    assert entrepreneur.get(f"/a/{token}/tulokset").status_code == 200

    actors = {
        "anonymous": app.test_client(),
        "logged_out": logged_out_replay(app, "kaisa@xamk.test"),
        "entrepreneur": entrepreneur,
        "other_org_advisor": login(app, "sami@shk.test"),
        "advisor": login(app, "anna@miksei.test"),
        "coordinator": coordinator,
    }
    routes = [
        ("GET", f"/neuvoja/yritys/{own}"), ("GET", f"/neuvoja/yritys/{own}/raportti"),
        ("GET", f"/neuvoja/yritys/{own}/raportti.pdf"), ("GET", f"/neuvoja/yritys/{own}/raportti?vastaus=1"),
        ("GET", f"/neuvoja/yritys/{own}/haastattelu"), ("GET", f"/neuvoja/haastattelu/{interview_id}"),
        ("GET", f"/neuvoja/haastattelu/{interview_id}/historia"),
    ]
    expected = {"anonymous": 302, "logged_out": 302, "entrepreneur": 302, "other_org_advisor": 404, "advisor": 200,
                "coordinator": 200}
    for method, path in routes:
        for actor, client in actors.items():
            status = client.open(path, method=method).status_code
            want = expected[actor]
            if "vastaus=1" in path and want == 200:
                want = (200 if next(db.query("SELECT company_id FROM responses WHERE id = 1"))["company_id"] == own
                        else 404)
            assert status == want, (actor, path, status)
    # reopening the final interview as a draft (POST): only who may edit it (tests/test_final_documents.py)
    for actor in ("anonymous", "logged_out", "entrepreneur", "other_org_advisor"):
        client = actors[actor]
        response = client.post(f"/neuvoja/haastattelu/{interview_id}/avaa",
                               data={"csrf_token": csrf(client), "reason": "x"})
        if actor == "other_org_advisor":
            assert response.status_code == 404, actor
        else:
            assert response.status_code == 302 and "/kirjaudu" in response.location, actor
    assert next(db.query("SELECT status FROM interviews WHERE id = ?", [interview_id]))["status"] == "final"
    for actor in ("advisor", "coordinator"):
        client = actors[actor]
        response = client.post(f"/neuvoja/haastattelu/{interview_id}/avaa",
                               data={"csrf_token": csrf(client), "reason": "korjaus"})
        assert response.status_code == 302 and response.location.endswith(f"/haastattelu/{interview_id}"), actor
        client.post(f"/neuvoja/haastattelu/{interview_id}", data={
            "csrf_token": csrf(client), "held_on": "2026-11-20", "tallenna": "final"})
        assert next(db.query("SELECT status FROM interviews WHERE id = ?", [interview_id]))["status"] == "final"
    coordinator_only = [("GET", "/neuvoja/kayttajat"), ("GET", "/neuvoja/loki"), ("GET", "/koordinaattori/sahkopostit")]
    expected = {"anonymous": 302, "logged_out": 302, "entrepreneur": 302, "other_org_advisor": 403, "advisor": 403,
                "coordinator": 200}
    for method, path in coordinator_only:
        for actor, client in actors.items():
            assert client.open(path, method=method).status_code == expected[actor], (actor, path)
    # an advisor's list holds only the organisation's companies; the coordinator's every company
    listing = actors["advisor"].get("/neuvoja/").get_data(as_text=True)
    assert f"/neuvoja/yritys/{own}\"" in listing and f"/neuvoja/yritys/{other}\"" not in listing
    everything = actors["coordinator"].get("/neuvoja/").get_data(as_text=True)
    assert f"/neuvoja/yritys/{other}\"" in everything
    # a non-existent company looks the same as another organisation's
    assert actors["advisor"].get("/neuvoja/yritys/99999").status_code == 404

    # confirming / rejecting an analysis waiting under the company's business ID: who may
    waiting = [submit_under(walker, db, own)[1] for _ in range(4)]
    for action in ("vahvista", "hylkaa"):
        for actor, client in actors.items():
            path = f"/neuvoja/vastaus/{waiting[0]}/{action}"
            response = client.post(path, data={"csrf_token": csrf(client)})
            if actor in ("anonymous", "logged_out", "entrepreneur"):
                assert response.status_code == 302 and "/kirjaudu" in response.location, (actor, path)
            elif actor == "other_org_advisor":
                assert response.status_code == 404, (actor, path)
            else:
                assert response.status_code == 302 and response.location.endswith(f"/neuvoja/yritys/{own}"), \
                    (actor, path)
                decided = next(db.query("SELECT claim FROM responses WHERE id = ?", [waiting.pop(0)]))["claim"]
                assert decided == ("confirmed" if action == "vahvista" else "rejected")
    assert waiting == []
    for actor, client in actors.items():  # the waiting list: a page of the workspace
        status = client.get("/neuvoja/odottavat").status_code
        assert status == {"anonymous": 302, "logged_out": 302, "entrepreneur": 302}.get(actor, 200), actor


def test_organisation_override_by_coordinator_only(app, workspace):
    db, companies = workspace
    company = companies["shk"]
    advisor = login(app, "anna@miksei.test")
    assert advisor.get(f"/neuvoja/yritys/{company}").status_code == 404
    forbidden = advisor.post(f"/neuvoja/yritys/{company}/organisaatio",
                             data={"csrf_token": csrf(advisor, "/neuvoja/"), "organisation": "miksei"})
    assert forbidden.status_code == 403
    coordinator = login(app, "kaisa@xamk.test")
    moved = coordinator.post(f"/neuvoja/yritys/{company}/organisaatio",
                             data={"csrf_token": csrf(coordinator, "/neuvoja/"), "organisation": "miksei"})
    assert moved.status_code == 302
    assert advisor.get(f"/neuvoja/yritys/{company}").status_code == 200


@pytest.mark.parametrize("answers, organisation", [
    ({"municipality": "491"}, "miksei"),
    ({"municipality": "740"}, "shk"),
    ({"municipality": "740", "target_groups": ["farm_tourism"]}, "proagria"),
    ({"municipality": "491", "industry": "A"}, "proagria"),
    ({"municipality": "other"}, "xamk"),
])
def test_organisation_assignment_rules(app, answers, organisation):
    assert app.extensions["projectdata"].assign(answers) == organisation


def test_search_and_status_filter(app, workspace):
    db, companies = workspace
    coordinator = login(app, "kaisa@xamk.test")
    row = next(db.query("SELECT * FROM companies WHERE id = ?", [companies["miksei"]]))
    for query in (row["name"][:8], row["business_id"], row["business_id"].replace("-", "")):
        assert f"/neuvoja/yritys/{row['id']}\"" in coordinator.get("/neuvoja/",
                                                                   query_string={"q": query}).get_data(as_text=True)
    savonlinna = coordinator.get("/neuvoja/", query_string={"q": "Savonlinna"}).get_data(as_text=True)
    assert "Savonlinna" in savonlinna and "Mikkeli</td>" not in savonlinna
    assert "/neuvoja/yritys/" not in coordinator.get("/neuvoja/?tila=interviewed").get_data(as_text=True)
    save_interview(coordinator, row["id"])
    interviewed = coordinator.get("/neuvoja/?tila=referred").get_data(as_text=True)
    assert interviewed.count("/neuvoja/yritys/") == 1


def test_interview_create_edit_history_and_final_report(app, workspace):
    db, companies = workspace
    company = companies["miksei"]
    advisor = login(app, "anna@miksei.test")
    assert save_interview(advisor, company, notes="<script>alert(1)</script> & <b>Oy</b>").status_code == 302
    interview_id = next(db.query("SELECT id FROM interviews"))["id"]
    page = advisor.get(f"/neuvoja/haastattelu/{interview_id}").get_data(as_text=True)
    # a final interview is shown as it stands in the report; changing it needs reopening it
    assert "Uutiskirje käyntiin" in page and 'value="2026-11-20"' not in page and "Avaa luonnokseksi" in page
    reopened = advisor.post(f"/neuvoja/haastattelu/{interview_id}/avaa",
                            data={"csrf_token": CSRF.search(page).group(1), "reason": "Markkinoinnin taso korjataan"})
    assert reopened.status_code == 302
    page = advisor.get(f"/neuvoja/haastattelu/{interview_id}").get_data(as_text=True)
    assert "Uutiskirje käyntiin" in page and 'value="2026-11-20"' in page
    # edit: change the marketing level; the history records who changed what
    token = CSRF.search(page).group(1)
    edited = advisor.post(f"/neuvoja/haastattelu/{interview_id}", data={
        "csrf_token": token, "held_on": "2026-11-20", "marketing_level": "planned",
        "action_1_what": "Uutiskirje käyntiin",
        "referrals": ["tp2-2"], "rating_website": "75", "tallenna": "final",
        "notes": "<script>alert(1)</script> & <b>Oy</b>"})
    assert edited.status_code == 302
    history = advisor.get(f"/neuvoja/haastattelu/{interview_id}/historia").get_data(as_text=True)
    assert history.count("<h2 ") == 3 and "Anna" in history
    assert "<dt>Uudelleenavaamisen syy</dt><dd>– → Markkinoinnin taso korjataan</dd>" in history
    # in words: the form's labels and the chosen options, not the stored keys and codes
    assert ("<dt>Digimarkkinoinnin taso</dt><dd>Säännöllistä, ei suunnitelmaa eikä mittaamista → "
            "Suunnitelmallista ja mitattua</dd>") in history
    assert "<dt>Neuvojan arvio</dt>" in history and "Verkkosivut ja myyntisivu: 75" in history
    assert "marketing_level" not in history and "ratings" not in history
    assert "20.11.2026" in history and "regular → planned" not in history
    # the report includes the interview: HTML view and PDF
    html = advisor.get(f"/neuvoja/yritys/{company}/raportti").get_data(as_text=True)
    assert "Uutiskirje käyntiin" in html and "Suunnitelmallista ja mitattua" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    pdf = advisor.get(f"/neuvoja/yritys/{company}/raportti.pdf?lang=fi").data
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Neuvontahaastattelu", "Uutiskirje käyntiin", "Neuvojan arvio", "TP2: Työpaja 2",
                     "<script>alert(1)</script> & <b>Oy</b>", "Anna"):
        assert expected in text, expected


def test_invalid_interview_keeps_what_was_typed(app, workspace):
    db, companies = workspace
    advisor = login(app, "anna@miksei.test")
    response = save_interview(advisor, companies["miksei"], held_on="", participants="Anna ja Pekka")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Vastaa tähän kysymykseen" in html and 'value="Anna ja Pekka"' in html


def test_audit_log_has_no_answer_content(app, workspace):
    db, companies = workspace
    coordinator = login(app, "kaisa@xamk.test")
    coordinator.get(f"/neuvoja/yritys/{companies['miksei']}")
    coordinator.get(f"/neuvoja/yritys/{companies['miksei']}/raportti.pdf")
    save_interview(coordinator, companies["miksei"], notes="salainen muistiinpano")
    actions = [row["action"] for row in db.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["login", "company_opened", "report_pdf", "interview_saved"]
    assert "salainen" not in repr(list(db.query("SELECT * FROM audit_log")))
    log = coordinator.get("/neuvoja/loki").get_data(as_text=True)
    assert "Latasi neuvontaraportin (PDF)" in log and "report_pdf" not in log and "salainen" not in log


def test_wrong_password_and_unknown_user_get_the_same_answer(app, workspace):
    client = app.test_client()
    wrong = client.post("/kirjaudu",
                        data={"csrf_token": csrf(client), "email": "anna@miksei.test", "password": "x" * 12})
    unknown = client.post("/kirjaudu",
                          data={"csrf_token": csrf(client), "email": "nobody@x.test", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    message = "Sähköpostiosoite tai salasana on väärin, tai tunnus ei ole käytössä."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_eleventh_attempt_is_refused_even_with_the_right_password(app, workspace):
    client = app.test_client()
    for _ in range(10):
        assert client.post("/kirjaudu", data={"csrf_token": csrf(client), "email": "anna@miksei.test",
                                              "password": "wrong-password!"}).status_code == 401
    refused = client.post("/kirjaudu",
                          data={"csrf_token": csrf(client), "email": "anna@miksei.test", "password": PASSWORD})
    assert refused.status_code == 429 and "Odota 15 minuuttia" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 900
    # the same answer for an account that does not exist, once its limit is reached
    for _ in range(10):
        client.post("/kirjaudu",
                    data={"csrf_token": csrf(client), "email": "ghost@x.test", "password": "wrong-password!"},
                    environ_base={"REMOTE_ADDR": "10.9.9.9"})
    ghost = client.post("/kirjaudu", data={"csrf_token": csrf(client), "email": "ghost@x.test", "password": "x" * 12},
                        environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert ghost.status_code == 429 and error_text(ghost) == error_text(refused)
    # neither the owner from another address nor a colleague behind the same address is locked out
    assert login(app, "anna@miksei.test", address="10.1.2.3").get("/neuvoja/").status_code == 200
    assert login(app, "sami@shk.test").get("/neuvoja/").status_code == 200


def error_text(response):
    return re.search(r'<div class="error-summary" role="alert">(.*?)</div>', response.get_data(as_text=True),
                     re.S).group(1)


def test_owner_at_a_known_address_logs_in_while_others_fail_on_the_account(app, workspace):
    login(app, "anna@miksei.test", address="192.0.2.10")  # the owner's office
    attacker = app.test_client()
    for i in range(25):  # from 25 addresses: past the account-wide limit (20) and into its delays
        attacker.post("/kirjaudu", data={"csrf_token": csrf(attacker), "email": "anna@miksei.test",
                                         "password": "wrong-password!"}, environ_base={"REMOTE_ADDR": f"203.0.113.{i}"})
    stranger = attacker.post("/kirjaudu", data={"csrf_token": csrf(attacker), "email": "anna@miksei.test",
                                                "password": PASSWORD}, environ_base={"REMOTE_ADDR": "203.0.113.99"})
    assert stranger.status_code == 429
    assert login(app, "anna@miksei.test", address="192.0.2.10").get("/neuvoja/").status_code == 200


@pytest.mark.parametrize("column, age", [("last_seen_at", 31 * 60), ("created_at", 12 * 3600 + 60)])
def test_sessions_expire(app, workspace, column, age):
    client = login(app, "anna@miksei.test")
    assert client.get("/neuvoja/").status_code == 200
    db = workspace[0]
    with db.conn:
        db.execute(f"UPDATE login_sessions SET {column} = {column} - ?, expires_at = created_at + 43200 - ?",
                   [age, age if column == "created_at" else 0])
    response = client.get("/neuvoja/")
    assert response.status_code == 302 and "/kirjaudu" in response.location
    assert "Istuntosi on vanhentunut" in client.get(response.location).get_data(as_text=True)
    assert client.get("/neuvoja/").status_code == 302
    assert list(db.query("SELECT * FROM login_sessions")) == []


def test_a_cookie_saved_before_logout_is_refused_after_it(app, workspace):
    client = login(app, "anna@miksei.test")
    assert client.get("/neuvoja/").status_code == 200
    saved = client.get_cookie("session").value
    assert client.post("/ulos", data={"csrf_token": csrf(client, "/neuvoja/")}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", saved)
    response = replay.get("/neuvoja/")
    assert response.status_code == 302 and "/kirjaudu" in response.location
    assert replay.get("/koordinaattori/").status_code == 302
    assert list(workspace[0].query("SELECT * FROM login_sessions")) == []


def test_each_login_has_its_own_server_side_session(app, workspace):
    first, second = login(app, "anna@miksei.test"), login(app, "anna@miksei.test")
    ids = {row["id_hash"] for row in workspace[0].query("SELECT id_hash FROM login_sessions")}
    assert len(ids) == 2 and not any(first.get_cookie("session").value.find(i) >= 0 for i in ids)
    first.post("/ulos", data={"csrf_token": csrf(first, "/neuvoja/")})
    assert first.get("/neuvoja/").status_code == 302
    assert second.get("/neuvoja/").status_code == 200  # logging out on one device keeps the other


def test_changing_the_password_ends_every_session(app, workspace):
    client = login(app, "anna@miksei.test")
    user = user_store.by_email(workspace[0], "anna@miksei.test")
    user_store.set_password(workspace[0], user.id, "toinen-hyva-salasana")
    assert client.get("/neuvoja/").status_code == 302
    assert list(workspace[0].query("SELECT * FROM login_sessions")) == []


HOSTILE_NEXT = ["//evil.example", "/\\evil.example", "/\\/evil.example", "/\t/evil.example", "\t//evil.example",
                "/%09/evil.example", "https://evil.example", "http:evil.example", "javascript:alert(1)",
                " //evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\u200b/evil.example",
                "\uff0f\uff0fevil.example", "/\uff0fevil.example", "/\uff3cevil.example", "\x00//evil.example",
                "///evil.example", "/\u3000/evil.example", "%2F%2Fevil.example", "evil.example"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(app, workspace, target):
    client = app.test_client()
    token = csrf(client)
    query = urllib.parse.urlencode({"next": target})
    response = client.post(f"/kirjaudu?{query}",
                           data={"csrf_token": token, "email": "anna@miksei.test", "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location, location
    assert "evil.example" not in urllib.parse.urlsplit(urllib.parse.urljoin("https://digi.example/kirjaudu",
                                                                            location)).netloc


@pytest.mark.parametrize("target", ["/neuvoja/yritys/3", "/neuvoja/?q=Testi+Oy&rajaus=analysed", "/koordinaattori/"])
def test_login_returns_to_the_page_asked_for(app, workspace, target):
    client = app.test_client()
    token = csrf(client)
    response = client.post(f"/kirjaudu?{urllib.parse.urlencode({'next': target})}",
                           data={"csrf_token": token, "email": "anna@miksei.test", "password": PASSWORD})
    assert response.headers["Location"] == target


def test_disabling_a_user_logs_them_out_everywhere(app, workspace):
    advisor = login(app, "anna@miksei.test")
    coordinator = login(app, "kaisa@xamk.test")
    user = user_store.by_email(workspace[0], "anna@miksei.test")
    response = coordinator.post(f"/neuvoja/kayttajat/{user.id}/tila",
                                data={"csrf_token": csrf(coordinator, "/neuvoja/kayttajat"), "active": "0"})
    assert response.status_code == 302
    assert advisor.get("/neuvoja/").status_code == 302
    again = app.test_client()
    assert again.post("/kirjaudu", data={"csrf_token": csrf(again), "email": "anna@miksei.test",
                                         "password": PASSWORD}).status_code == 401


def test_coordinator_creates_users_in_the_ui(app, workspace):
    coordinator = login(app, "kaisa@xamk.test")
    token = csrf(coordinator, "/neuvoja/kayttajat")
    short = coordinator.post("/neuvoja/kayttajat",
                             data={"csrf_token": token, "email": "uusi@proagria-esimerkki.fi", "name": "Uusi",
                                   "role": "advisor", "organisation": "proagria", "password": "lyhyt"})
    assert short.status_code == 400 and "vähintään 12 merkkiä" in short.get_data(as_text=True)
    created = coordinator.post("/neuvoja/kayttajat",
                               data={"csrf_token": token, "email": "uusi@proagria-esimerkki.fi", "name": "Uusi",
                                     "role": "advisor", "organisation": "proagria", "password": PASSWORD})
    assert created.status_code == 302
    assert login(app, "uusi@proagria-esimerkki.fi").get("/neuvoja/").status_code == 200


def test_users_cli(app, workspace):
    runner = app.test_cli_runner()
    assert "anna@miksei.test" in runner.invoke(args=["users", "list"]).output
    short = runner.invoke(args=["users", "set-password", "anna@miksei.test", "--password", "short"])
    assert short.exit_code != 0 and "at least 12" in short.output
    assert runner.invoke(args=["users", "set-password", "anna@miksei.test", "--password",
                               "uusi-salasana-123"]).exit_code == 0
    assert login(app, "anna@miksei.test", "uusi-salasana-123")
    assert runner.invoke(args=["users", "disable", "anna@miksei.test"]).exit_code == 0
    assert "disabled" in runner.invoke(args=["users", "list"]).output
    bad_org = runner.invoke(args=["users", "create", "x@y.test", "--name", "X", "--organisation", "nope", "--password",
                                  PASSWORD])
    assert bad_org.exit_code != 0
    row = next(workspace[0].query("SELECT password_hash FROM users WHERE email = 'sami@shk.test'"))
    assert row["password_hash"].startswith("scrypt:")


@pytest.mark.parametrize("lang, name", [("fi", "Digiliiketoiminnan analyysi, versio 2"),
                                        ("en", "Digital business analysis, version 2")])
def test_company_page_names_the_questionnaire_in_words(app, workspace, lang, name):
    db, companies = workspace
    advisor = login(app, "anna@miksei.test")
    advisor.get(f"/?lang={lang}")
    html = advisor.get(f"/neuvoja/yritys/{companies['miksei']}").get_data(as_text=True)
    assert name in html and "tp1 v2" not in html


def test_company_list_counts_only_the_own_organisations_interviews(app, workspace):
    """After a company moves, the new organisation's list must not call it interviewed on the
    strength of notes it cannot open (the company page shows only its own organisation's)."""
    db, companies = workspace
    company = companies["shk"]
    sami, anna, coordinator = login(app, "sami@shk.test"), login(app, "anna@miksei.test"), login(app, "kaisa@xamk.test")
    assert save_interview(sami, company).status_code == 302
    assert f"/neuvoja/yritys/{company}\"" in sami.get("/neuvoja/?tila=referred").get_data(as_text=True)
    coordinator.post(f"/neuvoja/yritys/{company}/organisaatio",
                     data={"csrf_token": csrf(coordinator, "/neuvoja/"), "organisation": "miksei"})
    for status, listed in (("interviewed", False), ("referred", False), ("analysed", True)):
        html = anna.get(f"/neuvoja/?tila={status}").get_data(as_text=True)
        assert (f"/neuvoja/yritys/{company}\"" in html) is listed, status
    assert f"/neuvoja/yritys/{company}\"" in coordinator.get("/neuvoja/?tila=referred").get_data(as_text=True)


def test_the_chosen_language_survives_logging_in_and_out(app, workspace):
    """An advisor who chose English on the login page got Finnish pages after logging in (the
    session was cleared, language and all)."""
    client = app.test_client()
    assert "Log in" in client.get("/kirjaudu?lang=en").get_data(as_text=True)
    token = CSRF.search(client.get("/kirjaudu").get_data(as_text=True)).group(1)
    client.post("/kirjaudu", data={"csrf_token": token, "email": "anna@miksei.test", "password": PASSWORD})
    page = client.get("/neuvoja/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Companies" in page
    token = CSRF.search(page).group(1)
    assert "You have logged out." in client.post("/ulos", data={"csrf_token": token},
                                                 follow_redirects=True).get_data(as_text=True)


def test_a_parallel_request_cannot_revert_the_chosen_language(app, workspace):
    """A stylesheet requested with the old cookie while the next page changes the language wrote
    the old session back (the cookie was refreshed on every response), so the advisor's next page
    was Finnish again. A request that changes nothing sends no cookie."""
    client = login(app, "anna@miksei.test")
    stale = client.get_cookie("session").value
    assert client.get("/neuvoja/?lang=en").headers.get("Set-Cookie")  # the choice is saved
    for path in ("/static/style.css", "/static/forms.js", "/favicon.ico"):  # what a page loads beside it
        client.set_cookie("session", stale)  # as a request sent before the choice
        assert "session=" not in (client.get(path).headers.get("Set-Cookie") or ""), path
