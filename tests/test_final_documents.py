"""Final documents do not change afterwards (issue 21, item 7), and the report is about the
company as confirmed (item 6).

A final interview keeps what its report showed: the self-assessment it was compared with and
the website findings the advisor chose. A later analysis or website check appears beside it as
newer information. Reopening a final interview is audited. The report's cover and heading show
the company's confirmed name and municipality, not what a later analysis typed."""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest
from markupsafe import escape
from pypdf import PdfReader

from reports.texts import LABELS
from storage import interviews as interview_store
from storage import website_checks as check_store
from storage.db import migrate
from tests.site_fixture import HTML, Site, page
from tests.test_advisor import CSRF, HOSTILE, csrf, login, submit_under, workspace  # noqa: F401  (fixture)

ROW = re.compile(r'<tr(?: class="big-gap")?><th scope="row">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td>')


def pdf_text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)


def finalise(client, company_id: int, survey, **extra) -> int:
    """A final interview rating every area 50 (so that the self-assessment column is the whole story)."""
    token = csrf(client, f"/neuvoja/yritys/{company_id}/haastattelu")
    data = {"csrf_token": token, "held_on": "2026-11-20", "action_1_what": "Uutiskirje käyntiin",
            "tallenna": "final", **{f"rating_{a.id}": "50" for a in survey.areas}, **extra}
    response = client.post(f"/neuvoja/yritys/{company_id}/haastattelu", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def self_column(html: str) -> dict[str, str]:
    """The interview's ratings table of the report page: area -> self-assessment as shown."""
    table = html[html.index('id="ratings-caption"'):]
    table = table[:table.index("</table>")]
    return {area: own for area, own, _advisor in ROW.findall(table)}


def pdf_self_column(text: str, lang: str, areas: list[str]) -> dict[str, str]:
    """The same table in the PDF's text: each area's name, then its self-assessment and the rating."""
    section = re.sub(r"\s+", " ", text[text.index(LABELS[lang]["ratings"]):])
    found = {}
    for area in areas:
        match = re.search(re.escape(area) + r" (–|\d+) 50 ", section)
        assert match, (area, section[:1500])
        found[area] = match.group(1)
    return found


def levels_shown(levels: dict, survey) -> dict[str, str]:
    return {a.name.get("fi"): "–" if levels.get(a.id) is None else f"{levels[a.id]:.0f}" for a in survey.areas}


def stored_levels(db, response_id: int) -> dict:
    return json.loads(next(db.query("SELECT levels FROM scores WHERE response_id = ?", [response_id]))["levels"])


def test_a_later_analysis_does_not_change_the_final_interviews_self_assessment(app, workspace, walker):
    db, companies = workspace
    own = companies["miksei"]
    survey = app.extensions["surveys"].current("tp1")
    anna = login(app, "anna@miksei.test")
    first = next(db.query("SELECT id FROM responses WHERE company_id = ? AND status = 'submitted'", [own]))["id"]
    then = levels_shown(stored_levels(db, first), survey)
    finalise(anna, own, survey)
    html = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert self_column(html) == then

    _, later = submit_under(walker, db, own)
    anna.post(f"/neuvoja/vastaus/{later}/vahvista", data={"csrf_token": csrf(anna)})
    now = levels_shown(stored_levels(db, later), survey)
    assert now != then  # the later analysis answers differently: the test can tell them apart

    html = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert self_column(html) == then
    # the later analysis is new information beside the interview, with a link to its report
    note = html[html.index('class="newer-note"'):]
    assert "Uudempi analyysi haastattelun jälkeen" in note
    assert f"/neuvoja/yritys/{own}/raportti?vastaus={first}" in note  # the page is the newer one's report
    older = anna.get(f"/neuvoja/yritys/{own}/raportti?vastaus={first}").get_data(as_text=True)
    assert self_column(older) == then and f"raportti?vastaus={later}" in older
    text = pdf_text(anna, f"/neuvoja/yritys/{own}/raportti.pdf?lang=fi")
    assert pdf_self_column(text, "fi", list(then)) == then
    flat = re.sub(r"\s+", " ", text)
    assert "Uudempi analyysi haastattelun jälkeen" in flat and "Verrattu itsearvioon" in flat
    english = pdf_text(anna, f"/neuvoja/yritys/{own}/raportti.pdf?lang=en")
    names = {a.name.get("fi"): a.name.get("en") for a in survey.areas}
    assert pdf_self_column(english, "en", [names[a] for a in then]) == {names[a]: v for a, v in then.items()}
    assert "Newer analysis since this interview" in re.sub(r"\s+", " ", english)


@pytest.fixture
def site():
    routes = {"/": (200, HTML, page("poor.html")), "/hyva": (200, HTML, page("good.html"))}
    with Site(routes) as srv:
        yield srv


def run_check(app, db, client, company_id: int, site) -> int:
    app.config["WEBSITE_CHECK_ALLOWED_HOSTS"] = [f"127.0.0.1:{site.port}"]
    token = csrf(client, f"/neuvoja/verkkosivut/yritys/{company_id}")
    client.post(f"/neuvoja/verkkosivut/yritys/{company_id}/tarkista",
                data={"csrf_token": token, "osoite": f"http://127.0.0.1:{site.port}/"})
    return check_store.latest(db, company_id)["id"]


def choose(client, company_id: int, check_id: int, findings: list[str]) -> None:
    token = csrf(client, f"/neuvoja/verkkosivut/yritys/{company_id}")
    client.post(f"/neuvoja/verkkosivut/tarkistus/{check_id}/raporttiin", data={"csrf_token": token,
                                                                               "havainto": findings})


def test_rerunning_the_website_check_keeps_the_chosen_findings(app, workspace, site):
    db, companies = workspace
    own = companies["miksei"]
    survey = app.extensions["surveys"].current("tp1")
    anna = login(app, "anna@miksei.test")
    first = run_check(app, db, anna, own, site)
    choose(anna, own, first, ["viewport", "img_alt"])
    # before any interview: a new check does not silently drop what was chosen from the earlier one
    second = run_check(app, db, anna, own, site)
    assert second != first and check_store.get(db, second)["selected"] == []
    html = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert "Kuvien tekstivastineet" in html and "Mobiilinäkymä (viewport)" in html
    assert "Uudempi verkkosivujen tarkistus näiden havaintojen jälkeen" in html

    finalise(anna, own, survey)
    choose(anna, own, second, ["title"])  # chosen after the interview was made final
    third = run_check(app, db, anna, own, site)
    assert third > second
    html = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    website = html[html.index('id="website-heading"'):]
    assert "Kuvien tekstivastineet" in website and "Mobiilinäkymä (viewport)" in website
    assert "Sivun otsikko" not in website  # chosen later: not part of the final report
    assert "valmiin haastattelun kanssa tallennetut havainnot" in website
    for lang, kept, newer in [("fi", "Mobiilinäkymä (viewport)", "Uudempi verkkosivujen tarkistus"),
                              ("en", "Mobile view (viewport)", "Newer website check since these findings")]:
        text = re.sub(r"\s+", " ", pdf_text(anna, f"/neuvoja/yritys/{own}/raportti.pdf?lang={lang}"))
        assert kept in text and newer in text and '<img src="a.jpg"/>' in text
        assert ("Page title" if lang == "en" else "Sivun otsikko") not in text

    # reopened and made final again, the interview keeps what is chosen then
    interview_id = next(db.query("SELECT id FROM interviews WHERE company_id = ?", [own]))["id"]
    page_html = anna.get(f"/neuvoja/haastattelu/{interview_id}").get_data(as_text=True)
    anna.post(f"/neuvoja/haastattelu/{interview_id}/avaa",
              data={"csrf_token": CSRF.search(page_html).group(1), "reason": "Uudet havainnot"})
    choose(anna, own, third, ["title"])
    form = anna.get(f"/neuvoja/haastattelu/{interview_id}").get_data(as_text=True)
    anna.post(f"/neuvoja/haastattelu/{interview_id}", data={
        "csrf_token": CSRF.search(form).group(1), "held_on": "2026-11-20", "tallenna": "final",
        **{f"rating_{a.id}": "50" for a in survey.areas}})
    website = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    website = website[website.index('id="website-heading"'):]
    assert "Sivun otsikko" in website and "Kuvien tekstivastineet" not in website and "newer-note" not in website
    history = anna.get(f"/neuvoja/haastattelu/{interview_id}/historia").get_data(as_text=True)
    assert "Tallennettu valmiin raportin kanssa" in history and "1 verkkosivuhavainto" in history


def test_reopening_a_final_interview_is_audited_and_shown_in_its_history(app, workspace):
    db, companies = workspace
    own, other = companies["miksei"], companies["shk"]
    survey = app.extensions["surveys"].current("tp1")
    anna = login(app, "anna@miksei.test")
    finalise(anna, own, survey)
    interview_id = next(db.query("SELECT id FROM interviews WHERE company_id = ?", [own]))["id"]
    path = f"/neuvoja/haastattelu/{interview_id}/avaa"
    page_html = anna.get(f"/neuvoja/haastattelu/{interview_id}").get_data(as_text=True)
    assert "Avaa luonnokseksi" in page_html and "Uutiskirje käyntiin" in page_html
    assert 'name="action_1_what"' not in page_html  # not an editable form

    # a stale form of the final interview (another tab) changes nothing and keeps what was typed
    stale = anna.post(f"/neuvoja/haastattelu/{interview_id}", data={
        "csrf_token": CSRF.search(page_html).group(1), "held_on": "2026-11-20", "action_1_what": "Muutettu tavoite",
        "tallenna": "final"})
    assert stale.status_code == 409 and 'value="Muutettu tavoite"' in stale.get_data(as_text=True)
    assert "Haastattelu on valmis, eikä sitä muutettu" in stale.get_data(as_text=True)
    assert interview_store.get(db, interview_id)["data"]["actions"][0]["what"] == "Uutiskirje käyntiin"

    # who may reopen: the recording organisation's advisors and coordinators, with a reason
    others = {"anonymous": app.test_client(), "other_org_advisor": login(app, "sami@shk.test")}
    for actor, client in others.items():
        response = client.post(path, data={"csrf_token": csrf(client, "/kirjaudu"), "reason": "x"})
        assert response.status_code == (302 if actor == "anonymous" else 404), actor
        if actor == "anonymous":
            assert "/kirjaudu" in response.location
    assert interview_store.get(db, interview_id)["status"] == "final"
    assert other != own
    empty = anna.post(path, data={"csrf_token": CSRF.search(page_html).group(1), "reason": "   "})
    assert empty.status_code == 400 and "Vastaa tähän kysymykseen" in empty.get_data(as_text=True)
    huge = anna.post(path, data={"csrf_token": CSRF.search(page_html).group(1), "reason": "=1+1 " * 200})
    assert huge.status_code == 400 and "Teksti on liian pitkä: enintään 500 merkkiä" in huge.get_data(as_text=True)
    assert "=1+1 =1+1" in huge.get_data(as_text=True)  # what was typed is kept
    assert interview_store.get(db, interview_id)["status"] == "final"

    reopened = anna.post(path, data={"csrf_token": CSRF.search(page_html).group(1), "reason": HOSTILE})
    assert reopened.status_code == 302 and reopened.location.endswith(f"/neuvoja/haastattelu/{interview_id}")
    assert interview_store.get(db, interview_id)["status"] == "draft"
    audit = list(db.query("SELECT a.at, u.email FROM audit_log a JOIN users u ON u.id = a.user_id "
                          "WHERE a.action = 'interview_reopened' AND a.object_id = ?", [interview_id]))
    assert [row["email"] for row in audit] == ["anna@miksei.test"] and audit[0]["at"]
    history = anna.get(f"/neuvoja/haastattelu/{interview_id}/historia").get_data(as_text=True)
    assert "<dt>Uudelleenavaamisen syy</dt>" in history
    assert str(escape(unicodedata.normalize("NFC", HOSTILE))) in history  # stored as NFC, shown literally
    assert "<b>Valtaaja" not in history and "valmis → luonnos" in history
    # a draft is not in the report; a second reopen is nothing to do
    assert "Uutiskirje käyntiin" not in anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    again = anna.post(path, data={"csrf_token": CSRF.search(page_html).group(1), "reason": "uudestaan"})
    assert again.status_code == 302
    assert len(list(db.query("SELECT id FROM audit_log WHERE action = 'interview_reopened'"))) == 1
    coordinator = login(app, "kaisa@xamk.test")
    finalise_again = anna.get(f"/neuvoja/haastattelu/{interview_id}").get_data(as_text=True)
    anna.post(f"/neuvoja/haastattelu/{interview_id}", data={
        "csrf_token": CSRF.search(finalise_again).group(1), "held_on": "2026-11-20", "tallenna": "final"})
    assert interview_store.get(db, interview_id)["status"] == "final"
    response = coordinator.post(path, data={"csrf_token": csrf(coordinator, "/kirjaudu"), "reason": "Koordinaattori"})
    assert response.status_code == 302 and interview_store.get(db, interview_id)["status"] == "draft"


def test_a_final_interview_recorded_before_the_snapshot_gets_one_from_its_own_analysis(app, workspace, walker):
    db, companies = workspace
    own = companies["miksei"]
    survey = app.extensions["surveys"].current("tp1")
    anna = login(app, "anna@miksei.test")
    finalise(anna, own, survey)
    first = next(db.query("SELECT response_id FROM interviews WHERE company_id = ?", [own]))["response_id"]
    _, later = submit_under(walker, db, own)
    anna.post(f"/neuvoja/vastaus/{later}/vahvista", data={"csrf_token": csrf(anna)})
    # as the database was before m018: no snapshot column, the migration not applied
    db.execute("ALTER TABLE interviews DROP COLUMN snapshot")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm018_interview_snapshots'")
    db.conn.commit()
    assert migrate(app.config["DATABASE"]) == ["m018_interview_snapshots"]
    snapshot = interview_store.latest_final(db, own)["snapshot"]
    assert snapshot["analysis"]["response_id"] == first and snapshot["analysis"]["levels"] == stored_levels(db, first)
    html = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert self_column(html) == levels_shown(stored_levels(db, first), survey)


def test_the_report_shows_the_confirmed_name_and_municipality(app, workspace, walker, tmp_path):
    db, companies = workspace
    own = companies["miksei"]
    survey = app.extensions["surveys"].current("tp1")
    company = next(db.query("SELECT name, municipality, business_id FROM companies WHERE id = ?", [own]))
    municipality = survey.question("municipality").option(company["municipality"]).label
    assert company["municipality"] != "740"  # the later analysis answers Savonlinna
    anna = login(app, "anna@miksei.test")
    _, later = submit_under(walker, db, own)  # company name HOSTILE, municipality Savonlinna
    anna.post(f"/neuvoja/vastaus/{later}/vahvista", data={"csrf_token": csrf(anna)})  # nothing taken over

    html = anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    heading = html[html.index('class="survey-name"'):]
    heading = heading[:heading.index("</p>")]
    assert company["name"] in heading and "Valtaaja" not in heading
    for lang in ("fi", "en"):
        text = pdf_text(anna, f"/neuvoja/yritys/{own}/raportti.pdf?lang={lang}")
        cover = text[:text.index(LABELS[lang]["summary"])]
        assert company["name"] in cover and municipality.get(lang) in cover, cover
        assert "Valtaaja" not in text and "Savonlinna" not in cover
    runner = app.test_cli_runner()
    out = str(tmp_path / "cli-report.pdf")
    assert runner.invoke(args=["report", "company", company["business_id"], "-o", out]).exit_code == 0
    with open(out, "rb") as handle:
        cli = "\n".join(p.extract_text() for p in PdfReader(handle).pages)
    assert company["name"] in cli and "Valtaaja" not in cli

    # taken over when confirming: the new name and municipality are the company's
    _, taken = submit_under(walker, db, own, company_name="Uusi Nimi Oy")
    anna.post(f"/neuvoja/vastaus/{taken}/vahvista", data={"csrf_token": csrf(anna), "nimi": "1", "kunta": "1"})
    text = pdf_text(anna, f"/neuvoja/yritys/{own}/raportti.pdf?lang=fi")
    cover = text[:text.index(LABELS["fi"]["summary"])]
    assert "Uusi Nimi Oy" in cover and "Savonlinna" in cover
    assert "Uusi Nimi Oy" in anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
