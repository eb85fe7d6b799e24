"""The staff pages of issue 24 in real Chromium, at 1366 px and on a 390 px phone, in Finnish and
English, each checked with axe-core (0 WCAG 2.1 A/AA violations) and screenshotted to
test-artifacts/: past courses, the workshop certificates, editing a course and a session, the
participant import's preview, the company list's pages, the audit log, a waiting analysis, the
follow-up round, the invoicing page, the website check and the verification field."""

import io
import re

import pytest

from trainings.storage import courses as store
from storage import website_checks as check_store
from storage.db import connect
from tests.helpers import Walker
from websitecheck.site import Outcome

from .helpers import assert_accessible
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def staff(live_server):
    """The demo calendar, a waiting analysis under a company's business ID and a website check that
    found another company's business ID: (base, app, db, paths)."""
    base, app = live_server
    db = connect(app.config["DATABASE"])
    if not store.courses(db):
        assert app.test_cli_runner().invoke(args=["demo", "trainings"]).exit_code == 0
    courses = store.courses(db)
    running = next(c for c in courses if c["offer_id"] == "tp4-2")
    today = app.extensions["clock"].today_iso()
    held = [s for s in store.sessions(db, running["id"]) if s["on_date"] <= today][-1]
    company = store.roster(db, running["id"])[0]["company_id"]
    business_id = db.execute("SELECT business_id FROM companies WHERE id = ?", [company]).fetchone()[0]
    pending = db.execute("SELECT id FROM responses WHERE claim = 'pending' LIMIT 1").fetchone()
    if pending is None:
        walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
        token = walker.start()
        walker.walk(token, overrides={"business_id": business_id, "company_name": "Uusi Nimi Oy"})
        pending = db.execute("SELECT id FROM responses WHERE claim = 'pending' LIMIT 1").fetchone()
    outcome = Outcome(requested="https://kahvila.example", final_url="https://kahvila.example/", findings=[
        {"id": "business_id", "status": "pass", "evidence": ["1572860-0"]},
        {"id": "ads_pixel", "status": "unknown", "evidence": []},
        {"id": "structured_data", "status": "pass", "evidence": ["schema.org Bakery"]}], duration_ms=2300)
    check_store.insert(db, company, outcome, None)
    round_id = db.execute("SELECT id FROM followup_rounds LIMIT 1").fetchone()
    paths = {  # (the company list's second page: PAGE_SIZE is 100, the browser's demo has 60 companies)
        "past": "/koulutukset/menneet", "workshop-certificates": "/koulutukset/todistukset/tyopajat",
        "course": f"/koulutukset/kurssi/{running['id']}",
        "course-edit": f"/koulutukset/kurssi/{running['id']}/muokkaa",
        "session-edit": f"/koulutukset/istunto/{held['id']}/muokkaa",
        "companies-page-2": "/neuvoja/?sivu=2&jarjestys=name", "audit": "/neuvoja/loki",
        "audit-trainings": "/neuvoja/loki?mita=trainings",
        "waiting-analysis": f"/neuvoja/vastaus/{pending[0]}", "company": f"/neuvoja/yritys/{company}",
        "invoicing": "/koulutukset/laskutus?org=xamk", "website-check": f"/neuvoja/verkkosivut/yritys/{company}",
        "web-presence": "/koordinaattori/verkkonakyvyys/",
    }
    if round_id:
        paths["followup-round"] = f"/koordinaattori/seuranta/{round_id[0]}"
    return base, app, db, paths, held


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_staff_pages_are_accessible_on_a_desktop_and_a_phone(browser, staff, artifacts, size, lang):
    base, app, db, paths, _held = staff
    context = browser.new_context(viewport=SIZES[size], locale="fi-FI")
    page = context.new_page()
    try:
        log_in(page, base, "kaisa@xamk.test")
        for name, path in paths.items():
            page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert_accessible(page, f"{name} ({size}, {lang})")
            if size == "phone":  # nothing wider than the phone but the tables' own scroll boxes
                assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"], name
            page.screenshot(path=str(artifacts / f"staff-{name}-{size}-{lang}.png"), full_page=True)
    finally:
        context.close()


def test_the_company_list_pages_keep_the_filters_and_the_sort(page, staff, monkeypatch):
    base, app, db, _paths, _held = staff
    monkeypatch.setattr("advisor.views.PAGE_SIZE", 25)  # the browser's demo has 60 companies
    log_in(page, base, "kaisa@xamk.test")
    page.goto(f"{base}/neuvoja/?lang=en")
    page.select_option("#jarjestys", "name")
    page.get_by_role("button", name="Search").click()
    status = page.get_by_role("status").first.inner_text()
    total = db.execute("SELECT count(*) FROM company_latest_analysis WHERE response_id IS NOT NULL").fetchone()[0]
    assert f"Companies 1–25 of {total}" in status
    next_link = page.locator("a[rel=next]")
    assert "jarjestys=name" in next_link.get_attribute("href")
    next_link.click()
    assert re.search(r"sivu=2", page.url) and page.locator("#jarjestys").input_value() == "name"
    assert "Companies 26–50 of" in page.get_by_role("status").first.inner_text()
    assert page.locator("a[rel=prev]").count() == 1


def test_the_participant_import_shows_the_changes_before_saving(page, staff, artifacts):
    base, app, db, _paths, held = staff
    log_in(page, base, "kaisa@xamk.test")
    roster = [e for e in store.roster(db, held["course_id"]) if e["status"] == "enrolled"]
    listing = ("1. Summary\nMeeting title\tVerkkokauppa\n\n2. Participants\nName\tEmail\n"
               f"{roster[0]['company_name']}\t\nMikko\t\n")
    page.goto(f"{base}/koulutukset/istunto/{held['id']}/nimenhuuto?lang=en")
    page.set_input_files("#tiedosto", files=[{"name": "teams.csv", "mimeType": "text/csv",
                                              "buffer": io.BytesIO(listing.encode("utf-16")).getvalue()}])
    page.get_by_role("button", name="Read the list").click()
    preview = page.locator(".import-preview")
    assert "nothing has been saved yet" in preview.inner_text()
    assert "line 7: Mikko" in preview.inner_text()  # the file's own line, the section lines skipped
    assert_accessible(page, "import preview")
    page.screenshot(path=str(artifacts / "staff-import-preview-en.png"), full_page=True)
    if preview.locator("button", has_text="Save the ticked marks").count():
        preview.locator("button", has_text="Save the ticked marks").click()
        page.wait_for_url(re.compile(r"/nimenhuuto$"))
        assert "marked present from the participant list" in page.locator(".flash").first.inner_text()


def test_the_verification_field_finds_a_code_typed_loosely(page, staff):
    base, app, db, _paths, _held = staff
    code = db.execute("SELECT code FROM training_certificates LIMIT 1").fetchone()[0]
    page.goto(f"{base}/todistus?lang=en")
    assert_accessible(page, "verification field")
    page.get_by_label("Verification code").fill(code.replace("-", " ").lower())
    page.get_by_role("button", name="Check the code").click()
    assert "This is a valid certificate of participation." in page.content()
    assert page.url.endswith(f"/todistus/{code}") or f"/todistus/{code}?" in page.url
