"""Company identity: an anonymous answer under an existing company's business ID (public) never
takes the company over; it waits until an advisor of the company's organisation or a coordinator
confirms it. Interview notes stay with the organisation that recorded them."""

from __future__ import annotations

import io
import unicodedata

import pytest
from markupsafe import escape
from pypdf import PdfReader

from storage import companies as company_store
from storage import followups as followup_store
from storage import scores as score_store
from storage.responses import latest_submitted
from tests.test_advisor import HOSTILE, csrf, login, save_interview, submit_under, workspace  # noqa: F401
from tests.test_visible_text import visible_text

SHOWN = str(escape(unicodedata.normalize("NFC", HOSTILE)))  # stored as NFC, shown literally
NOTE = "Sisäinen muistiinpano: budjetti 5000 e"


def _state(db, company_id):
    """What advisors rely on: the company row, its latest analysis, the peers' latest row, contacts."""
    company = company_store.get(db, company_id)
    business_id = company["business_id"]
    latest = latest_submitted(db, business_id)[0][1]
    peers = [r["response_id"] for r in db.query("SELECT response_id FROM scores WHERE company_id = ? AND is_latest = 1",
                                                 [company_id])]
    return {"company": company, "latest": latest.id, "contact": company_store.contact(db, company_id)["contact_email"],
            "peers": peers,
            "analyses": [a["id"] for a in company_store.analyses(db, company_id)]}


def test_anonymous_submission_changes_nothing_an_advisor_sees(app, workspace, walker):
    db, companies = workspace
    own = companies["miksei"]
    anna, sami = login(app, "anna@miksei.test"), login(app, "sami@shk.test")
    assert save_interview(anna, own, notes=NOTE).status_code == 302
    interview_id = next(db.query("SELECT id FROM interviews WHERE company_id = ?", [own]))["id"]
    before = _state(db, own)

    token, response_id = submit_under(walker, db, own)

    assert _state(db, own) == before  # name, organisation, municipality, latest analysis, peers, contact
    assert before["company"]["organisation"] == "miksei"
    # the entrepreneur gets their results and their own PDF at once, under their private link
    results = walker.client.get(f"/a/{token}/tulokset")
    assert results.status_code == 200 and SHOWN in results.get_data(as_text=True)
    pdf = walker.client.get(f"/a/{token}/raportti.pdf?lang=fi")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Valtaaja" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "digineuvoja vahvistaa" in walker.client.get(f"/a/{token}/valmis").get_data(as_text=True)
    # the organisation the answered municipality points to sees nothing of the company
    for path in (f"/neuvoja/yritys/{own}", f"/neuvoja/yritys/{own}/raportti", f"/neuvoja/haastattelu/{interview_id}"):
        assert sami.get(path).status_code == 404, path
    assert f"/neuvoja/yritys/{own}\"" not in sami.get("/neuvoja/").get_data(as_text=True)
    assert SHOWN not in sami.get("/neuvoja/odottavat").get_data(as_text=True)
    # the company's own organisation still has it, with the waiting analysis shown literally
    listing = anna.get("/neuvoja/").get_data(as_text=True)
    assert f"/neuvoja/yritys/{own}\"" in listing and "1 vahvistusta odottava analyysi" in listing
    page = anna.get(f"/neuvoja/yritys/{own}").get_data(as_text=True)
    assert SHOWN in page and "<b>Valtaaja" not in page
    assert ("valtaaja@example.com" in page and "Savonlinna" in page
            and f"/neuvoja/vastaus/{response_id}/vahvista" in page)
    assert before["company"]["name"] in anna.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert SHOWN in anna.get("/neuvoja/odottavat").get_data(as_text=True)
    # follow-up invitations use the confirmed contact only
    round_id, _ = followup_store.create_round(db, "T1", app.extensions["surveys"].current("tp1_followup"),
                                              "2026-01-01", "2027-12-31", None, "secret")
    contacts = {r["company_id"]: r["contact_email"] for r in followup_store.invitations(db, round_id)}
    assert contacts[own] == before["contact"]


@pytest.mark.parametrize("lang, staff, entrepreneur", [
    ("en", ["The company's level", "Company's percentile", "the company's current practice"],
     ["Your level", "Your percentile", "your company", "Your index"]),
    ("fi", ["Yrityksen taso", "Yrityksen persentiili", "yrityksen nykyinen toiminta"],
     ["Tasosi", "Persentiilisi", "yrityksesi", "Indeksisi"]),
])
def test_staff_pages_speak_of_the_company_not_to_the_entrepreneur(app, workspace, walker, lang, staff, entrepreneur):
    """The advisor's report and a waiting analysis share the results page's parts, worded for the
    advisor (the look review found "your level" on them); the entrepreneur's page keeps "you"."""
    db, companies = workspace
    own = companies["miksei"]
    anna = login(app, "anna@miksei.test")
    token, response_id = submit_under(walker, db, own)
    for path in (f"/neuvoja/yritys/{own}/raportti?lang={lang}", f"/neuvoja/vastaus/{response_id}?lang={lang}"):
        html = anna.get(path).get_data(as_text=True)
        text = visible_text(html.split('<section id="answers"')[0])  # not the questions' own wording
        assert [s for s in staff if s not in text] == [] and [s for s in entrepreneur if s in text] == [], path
    own_page = visible_text(walker.client.get(f"/a/{token}/tulokset?lang={lang}").get_data(as_text=True))
    assert entrepreneur[0] in own_page and staff[0] not in own_page


def test_confirming_links_the_analysis_without_moving_the_company(app, workspace, walker):
    db, companies = workspace
    own = companies["miksei"]
    before = _state(db, own)
    anna = login(app, "anna@miksei.test")
    _, keep_name = submit_under(walker, db, own)
    anna.post(f"/neuvoja/vastaus/{keep_name}/vahvista", data={"csrf_token": csrf(anna)})
    after = _state(db, own)
    kept = ("name", "municipality", "organisation", "business_id")
    assert [after["company"][k] for k in kept] == [before["company"][k] for k in kept]
    assert after["company"]["last_analysis"] > before["company"]["last_analysis"]
    assert after["latest"] == keep_name and after["peers"] == [keep_name]
    assert after["contact"] == before["contact"]  # the contact too, unless the advisor takes it over
    survey = app.extensions["surveys"].current("tp1")
    exported = score_store.export_records(db, survey.id, survey.version, [own])
    assert [r["answers"]["contact_email"] for r in exported] == [before["contact"]]
    round_id, _ = followup_store.create_round(db, "T1", app.extensions["surveys"].current("tp1_followup"),
                                              "2026-01-01", "2027-12-31", None, "secret")
    invited = [r for r in followup_store.invitations(db, round_id) if r["company_id"] == own]
    assert [r["contact_email"] for r in invited] == [before["contact"]]
    _, take_name = submit_under(walker, db, own, company_name="Uusi Nimi Oy", contact_email="uusi@example.com")
    response = anna.post(f"/neuvoja/vastaus/{take_name}/vahvista",
                         data={"csrf_token": csrf(anna), "nimi": "1", "yhteys": "1"}, follow_redirects=True)
    assert "Analyysi vahvistettiin" in response.get_data(as_text=True)
    company = company_store.get(db, own)
    assert company["name"] == "Uusi Nimi Oy" and company["organisation"] == "miksei"
    assert company["municipality"] == before["company"]["municipality"]
    assert _state(db, own)["contact"] == "uusi@example.com"
    actions = [r["action"] for r in db.query("SELECT action FROM audit_log WHERE object_id = ?", [own])]
    assert actions.count("analysis_confirmed") == 2


def test_rejected_analysis_stays_unlinked_and_the_entrepreneur_keeps_results(app, workspace, walker):
    db, companies = workspace
    own = companies["miksei"]
    before = _state(db, own)
    coordinator = login(app, "kaisa@xamk.test")
    token, response_id = submit_under(walker, db, own)
    coordinator.post(f"/neuvoja/vastaus/{response_id}/hylkaa", data={"csrf_token": csrf(coordinator)})
    assert _state(db, own) == before
    assert next(db.query("SELECT claim, company_id FROM responses WHERE id = ?", [response_id])) == {
        "claim": "rejected", "company_id": None}
    assert walker.client.get(f"/a/{token}/tulokset").status_code == 200
    assert "analysis_rejected" in [r["action"] for r in db.query("SELECT action FROM audit_log")]
    # a decided analysis can no longer be confirmed
    assert coordinator.post(f"/neuvoja/vastaus/{response_id}/vahvista",
                            data={"csrf_token": csrf(coordinator)}).status_code == 404


def test_interviews_stay_with_the_recording_organisation(app, workspace):
    db, companies = workspace
    own = companies["miksei"]
    anna, sami, coordinator = (login(app, e) for e in ("anna@miksei.test", "sami@shk.test", "kaisa@xamk.test"))
    assert save_interview(anna, own, notes=NOTE).status_code == 302
    interview_id = next(db.query("SELECT id FROM interviews WHERE company_id = ?", [own]))["id"]
    coordinator.post(f"/neuvoja/yritys/{own}/organisaatio",
                     data={"csrf_token": csrf(coordinator), "organisation": "shk"})
    assert sami.get(f"/neuvoja/yritys/{own}").status_code == 200  # the coordinator's explicit override moves it
    assert sami.get(f"/neuvoja/haastattelu/{interview_id}").status_code == 404
    assert sami.get(f"/neuvoja/haastattelu/{interview_id}/historia").status_code == 404
    assert f"/neuvoja/haastattelu/{interview_id}\"" not in sami.get(f"/neuvoja/yritys/{own}").get_data(as_text=True)
    assert NOTE not in sami.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert NOTE in coordinator.get(f"/neuvoja/yritys/{own}/raportti").get_data(as_text=True)
    assert next(db.query("SELECT organisation FROM interviews WHERE id = ?",
                         [interview_id]))["organisation"] == "miksei"


@pytest.mark.parametrize("decision", ["pending", "rejected"])
def test_a_strangers_analysis_is_neither_exported_nor_erased_with_the_company(app, workspace, walker, decision):
    """Issue 22/6: the company's data export and its erasure held a stranger's waiting or rejected
    analysis filed under the business ID. It is the stranger's data: never exported with the
    company; erasing the company unlinks it for good and the stranger keeps the results."""
    db, companies = workspace
    own = companies["miksei"]
    token, response_id = submit_under(walker, db, own)
    coordinator = login(app, "kaisa@xamk.test")
    if decision == "rejected":
        page = f"/neuvoja/yritys/{own}"
        coordinator.post(f"/neuvoja/vastaus/{response_id}/hylkaa", data={"csrf_token": csrf(coordinator, page)})
        assert db.execute("SELECT claim FROM responses WHERE id = ?", [response_id]).fetchone()[0] == "rejected"
    exported = coordinator.get(f"/neuvoja/yritys/{own}/tiedot.json")
    text = exported.get_data(as_text=True)
    assert exported.status_code == 200 and exported.get_json()["responses"]
    assert response_id not in [r["id"] for r in exported.get_json()["responses"]]
    assert response_id not in [s["response_id"] for s in exported.get_json()["scores"]]
    assert "valtaaja@example.com" not in text and "040 666 6666" not in text
    business_id = company_store.get(db, own)["business_id"]
    coordinator.post(f"/neuvoja/yritys/{own}/poista", data={"csrf_token": csrf(coordinator), "vahvista": business_id})
    assert company_store.get(db, own) is None
    kept = next(db.query("SELECT company_id, claimed_company_id, claim FROM responses WHERE id = ?", [response_id]))
    assert kept == {"company_id": None, "claimed_company_id": None, "claim": "rejected"}  # nothing links it
    assert list(db.query("SELECT id FROM responses WHERE company_id = ? OR claimed_company_id = ?", [own, own])) == []
    assert walker.client.get(f"/a/{token}/tulokset").status_code == 200  # the sender still has the results
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
