"""Website check pages: access, running a check from the company page, contradictions shown,
choices for the report, the AI draft (fake endpoint and its failure), erasure, the CLI."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from storage import website_checks as check_store
from tests.site_fixture import HTML, Site, page
from tests.test_advisor import csrf, login, workspace  # noqa: F401  (fixture)


@pytest.fixture
def site():
    routes = {"/": (200, HTML, page("poor.html")), "/hyva": (200, HTML, page("good.html")),
              "/yhteystiedot": (200, HTML, page("contact.html"))}
    with Site(routes) as srv:
        yield srv


@pytest.fixture
def allow(app, site):
    app.config["WEBSITE_CHECK_ALLOWED_HOSTS"] = [f"127.0.0.1:{site.port}"]
    return f"http://127.0.0.1:{site.port}"


def run(client, company_id, address):
    token = csrf(client, f"/neuvoja/verkkosivut/yritys/{company_id}")
    return client.post(f"/neuvoja/verkkosivut/yritys/{company_id}/tarkista",
                       data={"csrf_token": token, "osoite": address})


def checked(app, workspace, address):
    """The miksei advisor has checked her company's site at ``address``: the database, the company's
    id, the advisor's client, the check's id and a CSRF token of the company's check page."""
    db, companies = workspace
    own = companies["miksei"]
    advisor = login(app, "anna@miksei.test")
    run(advisor, own, address)
    return db, own, advisor, check_store.latest(db, own)["id"], csrf(advisor, f"/neuvoja/verkkosivut/yritys/{own}")


def test_access_matrix(app, workspace, allow):
    db, companies = workspace
    own = companies["miksei"]
    advisor = login(app, "anna@miksei.test")
    assert run(advisor, own, allow + "/").status_code == 302
    check_id = check_store.latest(db, own)["id"]
    actors = {"anonymous": app.test_client(), "other_org_advisor": login(app, "sami@shk.test"), "advisor": advisor,
              "coordinator": login(app, "kaisa@xamk.test")}
    expected = {"anonymous": (302,), "other_org_advisor": (404,), "advisor": (200, 302), "coordinator": (200, 302)}
    for method, path in [("GET", f"/neuvoja/verkkosivut/yritys/{own}"),
                         ("POST", f"/neuvoja/verkkosivut/yritys/{own}/tarkista"),
                         ("POST", f"/neuvoja/verkkosivut/tarkistus/{check_id}/raporttiin"),
                         ("POST", f"/neuvoja/verkkosivut/tarkistus/{check_id}/luonnos"),
                         ("POST", f"/neuvoja/verkkosivut/tarkistus/{check_id}/luonnos/tallenna")]:
        for actor, client in actors.items():
            data = {"csrf_token": csrf(client, "/kirjaudu"), "osoite": allow + "/"} if method == "POST" else None
            status = client.open(path, method=method, data=data).status_code
            assert status in expected[actor], (actor, path, status)
    assert actors["advisor"].get("/neuvoja/verkkosivut/tarkistus/999999/raporttiin").status_code == 405
    assert actors["advisor"].post("/neuvoja/verkkosivut/tarkistus/999999/raporttiin",
                                  data={"csrf_token": csrf(advisor, "/kirjaudu")}).status_code == 404
    presence = {"anonymous": 302, "other_org_advisor": 403, "advisor": 403, "coordinator": 200}
    for actor, client in actors.items():
        assert client.get("/koordinaattori/verkkonakyvyys/").status_code == presence[actor], actor


def test_check_from_the_company_page_shows_findings_and_contradictions(app, workspace, allow):
    db, companies = workspace
    own = companies["miksei"]
    advisor = login(app, "anna@miksei.test")
    company_page = advisor.get(f"/neuvoja/yritys/{own}").get_data(as_text=True)
    assert f"/neuvoja/verkkosivut/yritys/{own}" in company_page
    db.execute("UPDATE responses SET answers = json_set(answers, '$.website_mobile', '3') WHERE company_id = ?", [own])
    db.conn.commit()
    response = run(advisor, own, allow + "/")
    assert response.status_code == 302
    html = advisor.get(response.location).get_data(as_text=True)
    assert "Mobiilinäkymä (viewport)" in html and "Puuttuu" in html
    assert "Yritys kertoo sivujen toimivan puhelimella, mutta sivulta ei löytynyt mobiilimääritystä" in html
    assert "&lt;img src=&#34;a.jpg&#34;/&gt;" in html  # evidence shown literally
    english = advisor.get(response.location + "?lang=en").get_data(as_text=True)
    assert "The company says its site works on phones, but no mobile viewport was found." in english


def test_refused_address_gives_a_message_not_an_error(app, workspace):
    db, companies = workspace
    advisor = login(app, "anna@miksei.test")
    own = companies["miksei"]
    for address, message in [("http://127.0.0.1/", "Osoite osoittaa sisäverkkoon"),
                             ("ftp://x.fi/", "Vain http- ja https-osoitteet"), ("http://[", "ei ole kelvollinen")]:
        response = run(advisor, own, address)
        assert response.status_code == 302
        assert message in advisor.get(response.location).get_data(as_text=True)


def test_chosen_findings_go_into_the_report(app, workspace, allow):
    db, own, advisor, check_id, token = checked(app, workspace, allow + "/")
    advisor.post(f"/neuvoja/verkkosivut/tarkistus/{check_id}/raporttiin",
                 data={"csrf_token": token, "havainto": ["viewport", "img_alt", "not-a-check"]})
    assert check_store.get(db, check_id)["selected"] == ["viewport", "img_alt"]
    html = advisor.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert "Neuvojan valitsemat verkkosivuhavainnot" in html and "Kuvien tekstivastineet" in html
    assert "Sivun otsikko" not in html  # not chosen
    for lang, heading, name in [("fi", "Verkkosivujen pikatarkistus", "Mobiilinäkymä (viewport)"),
                                ("en", "Website quick check", "Mobile view (viewport)")]:
        pdf = advisor.get(f"/neuvoja/yritys/{own}/raportti.pdf?lang={lang}")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
        assert heading in text and name in text and '<img src="a.jpg"/>' in text


class FakeAI:
    """An OpenAI-compatible chat endpoint on 127.0.0.1 that records what it was sent."""

    def __init__(self, status=200, answer="Vahvuudet: selkeä sivu."):
        self.received = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.received.append((self.path, self.headers.get("Authorization"), body))
                payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": answer}}]}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("status", [200, 500])
def test_ai_draft_uses_only_findings_and_public_text(app, workspace, allow, status):
    db, companies = workspace
    own = companies["miksei"]
    fake = FakeAI(status=status)
    app.config.update(AI_BASE_URL=fake.url, AI_MODEL="test-model", AI_API_KEY="sk-test")
    try:
        advisor = login(app, "anna@miksei.test")
        run(advisor, own, allow + "/hyva")
        check_id = check_store.latest(db, own)["id"]
        html = advisor.get(f"/neuvoja/verkkosivut/yritys/{own}").get_data(as_text=True)
        assert "Näytä kehote" in html  # the prompt is shown before anything is sent
        token = csrf(advisor, f"/neuvoja/verkkosivut/yritys/{own}")
        advisor.post(f"/neuvoja/verkkosivut/tarkistus/{check_id}/luonnos", data={"csrf_token": token, "kieli": "fi"})
    finally:
        fake.close()
    path, authorization, body = fake.received[0]
    assert path == "/v1/chat/completions" and authorization == "Bearer sk-test" and body["model"] == "test-model"
    prompt = body["messages"][0]["content"]
    assert "Saimaan Kahvila" in prompt  # public page text
    answers = json.loads(next(db.query("SELECT answers FROM responses WHERE company_id = ? AND status = 'submitted'",
                                       [own]))["answers"])
    for personal in (answers.get("contact_name"), answers.get("contact_email"), answers.get("company_name")):
        assert not personal or personal not in prompt
    stored = check_store.get(db, check_id)
    if status == 200:
        assert stored["ai_draft"] == "Vahvuudet: selkeä sivu." and stored["ai_model"] == "test-model"
    else:  # the failure falls back to the rule-based draft
        assert stored["ai_draft"].startswith("Vahvuudet:\n- ") and "Parannusehdotukset:" in stored["ai_draft"]
        assert stored["ai_model"] is None


def test_draft_is_edited_and_hostile_text_shown_literally(app, workspace, allow):
    db, own, advisor, check_id, token = checked(app, workspace, allow + "/")
    advisor.post(f"/neuvoja/verkkosivut/tarkistus/{check_id}/luonnos", data={"csrf_token": token})
    hostile = "<script>alert(1)</script> =HYPERLINK(\"x\") \u202eRTL e\u0301"
    advisor.post(f"/neuvoja/verkkosivut/tarkistus/{check_id}/luonnos/tallenna",
                 data={"csrf_token": token, "luonnos": hostile})
    html = advisor.get(f"/neuvoja/verkkosivut/yritys/{own}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    too_long = advisor.post(f"/neuvoja/verkkosivut/tarkistus/{check_id}/luonnos/tallenna",
                            data={"csrf_token": token, "luonnos": "x" * 10_001})
    assert too_long.status_code == 400 and "x" * 10_001 in too_long.get_data(as_text=True)  # nothing typed lost
    assert check_store.get(db, check_id)["ai_draft"] == hostile


def test_presence_figures_and_erasure(app, workspace, allow):
    db, companies = workspace
    own = companies["miksei"]
    advisor = login(app, "anna@miksei.test")
    run(advisor, own, allow + "/hyva")
    coordinator = login(app, "kaisa@xamk.test")
    html = coordinator.get("/koordinaattori/verkkonakyvyys/?ryhma=municipality").get_data(as_text=True)
    assert "Kaikki tarkistetut" in html and "liian vähän tarkistettuja sivustoja" in html
    assert "<td>&lt; 5</td>" in html.split("Kaikki tarkistetut", 1)[1][:200]  # one site: the total hidden too
    token = csrf(coordinator, f"/neuvoja/yritys/{own}")
    business_id = next(db.query("SELECT business_id FROM companies WHERE id = ?", [own]))["business_id"]
    coordinator.post(f"/neuvoja/yritys/{own}/poista", data={"csrf_token": token, "vahvista": business_id})
    assert check_store.of_company(db, own) == []


def test_cli_single_check_json_and_refusal(app, allow):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["website-check", allow + "/hyva", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {f["id"]: f["status"] for f in data["findings"]}["viewport"] == "pass"
    refused = runner.invoke(args=["website-check", "http://10.0.0.1/"])
    assert refused.exit_code == 2
    assert refused.stderr.strip().count("\n") == 1 and "private network" in refused.output  # and the database line
    assert runner.invoke(args=["website-check"]).exit_code == 2  # usage error


def test_cli_all_checks_every_analysed_company(app, workspace, allow):
    db, _companies = workspace
    db.execute("UPDATE responses SET answers = json_set(answers, '$.website_url', ?) WHERE status = 'submitted'",
               [allow + "/hyva"])
    db.conn.commit()
    result = app.test_cli_runner().invoke(args=["website-check", "--all", "--workers", "4"])
    assert result.exit_code == 0, result.output
    analysed = next(db.query("SELECT count(DISTINCT company_id) AS n FROM responses WHERE status = 'submitted'"))["n"]
    assert f"checked {analysed} sites: {analysed} ran" in result.output
    assert next(db.query("SELECT count(*) AS n FROM website_checks WHERE error IS NULL"))["n"] == analysed
