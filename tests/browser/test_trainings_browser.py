"""Trainings in real Chromium: the roll call on a phone in the training room, the calendar,
course, invoicing, company and public verification pages; axe-core on every one (0 WCAG 2.1
A/AA violations). Screenshots go to test-artifacts/ for a person to look at."""

import re

import pytest

from trainings.storage import courses as store
from storage.db import connect

from .helpers import assert_accessible
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def calendar(live_server):
    base, app = live_server
    db = connect(app.config["DATABASE"])
    if not store.courses(db):
        result = app.test_cli_runner().invoke(args=["demo", "trainings"])
        assert result.exit_code == 0, result.output
    courses = store.courses(db)
    upcoming = next(c for c in courses if c["organiser"] == "miksei" and c["sessions"]) if any(
        c["organiser"] == "miksei" for c in courses) else None
    past = next(c for c in courses if c["offer_id"] == "tp4-1")
    code = db.execute("SELECT code FROM training_certificates LIMIT 1").fetchone()[0]
    return base, app, db, courses, upcoming, past, code


def test_roll_call_on_a_phone(browser, calendar, artifacts):
    base, app, db, courses, _upcoming, past, _code = calendar
    context = browser.new_context(viewport=PHONE, locale="fi-FI", device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, base, "kaisa@xamk.test")
        # a path that is running: sessions held, no certificate issued yet (their marks would be kept)
        running = next(c for c in courses if c["offer_id"] == "tp4-2")
        today = app.extensions["clock"].today_iso()
        session = [s for s in store.sessions(db, running["id"]) if s["on_date"] <= today][-1]
        page.goto(f"{base}/koulutukset/istunto/{session['id']}/nimenhuuto?lang=fi")
        assert_accessible(page, "roll call")
        page.screenshot(path=str(artifacts / "trainings-rollcall-phone-fi.png"), full_page=True)
        # no sideways scrolling on the phone; every choice is a big enough target
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        first = page.locator("fieldset.mark").first
        box = first.locator("label").first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 80
        first.get_by_text("Poissa", exact=True).click()
        page.get_by_role("button", name="Tallenna läsnäolot").click()
        page.wait_for_url(re.compile(r"/nimenhuuto$"))
        assert "Läsnäolot tallennettu (1 muutosta)" in page.locator(".flash").inner_text()
        assert first.locator("input[value=absent]").is_checked()
        # "mark the rest present" keeps every mark chosen, saved or tapped and not saved yet (this
        # excused), and makes present every company without one (this one just set "not marked")
        marks = page.locator("fieldset.mark")
        marks.nth(1).get_by_text("Estynyt", exact=True).click()
        marks.nth(2).get_by_text("Ei merkintää", exact=True).click()
        page.get_by_role("button", name="Merkitse loput läsnä oleviksi ja tallenna").click()
        page.wait_for_url(re.compile(r"/nimenhuuto$"))
        assert first.locator("input[value=absent]").is_checked()
        assert marks.nth(1).locator("input[value=excused]").is_checked()
        assert marks.nth(2).locator("input[value=present]").is_checked()  # unmarked: now present
        assert page.locator("input[value='']:checked").count() == 0  # nobody left unmarked
        # a long company name wraps inside its box: the legend never sits on the border
        for n in range(marks.count()):
            box, legend = marks.nth(n).bounding_box(), marks.nth(n).locator("legend").bounding_box()
            assert legend["y"] >= box["y"] and legend["x"] + legend["width"] <= box["x"] + box["width"] + 0.5
        assert_accessible(page, "roll call after saving")
        page.goto(f"{base}/koulutukset/istunto/{session['id']}/nimenhuuto?lang=en")
        page.screenshot(path=str(artifacts / "trainings-rollcall-phone-en.png"), full_page=True)
    finally:
        context.close()


def _certified_company(db, code: str) -> int:
    return db.execute("SELECT company_id FROM training_certificates WHERE code = ?", [code]).fetchone()[0]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_report_shows_the_trainings_on_a_phone(browser, calendar, artifacts, lang):
    base, app, db, courses, _upcoming, past, code = calendar
    context = browser.new_context(viewport=PHONE, locale="fi-FI", device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        log_in(page, base, "kaisa@xamk.test")
        page.goto(f"{base}/neuvoja/yritys/{_certified_company(db, code)}/raportti?lang={lang}")
        section = page.locator("section", has=page.locator("#training-records-heading"))
        section.scroll_into_view_if_needed()
        assert code in section.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page, "report trainings on a phone")
        section.screenshot(path=str(artifacts / f"trainings-report-phone-{lang}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_training_pages_are_accessible(page, calendar, artifacts, lang):
    base, app, db, courses, _upcoming, past, code = calendar
    log_in(page, base, "kaisa@xamk.test")
    full = next(c for c in store.courses(db) if c["waiting"])
    pages = {
        "calendar": "/koulutukset/", "course-new": "/koulutukset/kurssi/uusi",
        "course-past": f"/koulutukset/kurssi/{past['id']}",
        "course-full": f"/koulutukset/kurssi/{full['id']}", "invoicing": "/koulutukset/laskutus?org=xamk",
        "dashboard": "/koordinaattori/",
        "company": f"/neuvoja/yritys/{store.roster(db, full['id'])[0]['company_id']}",
        "company-report": f"/neuvoja/yritys/{_certified_company(db, code)}/raportti",
    }
    for name, path in pages.items():
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
        assert_accessible(page, name)
        page.screenshot(path=str(artifacts / f"trainings-{name}-{lang}.png"), full_page=True)
    # a new course with a bad end date: the message, what was typed kept
    page.goto(f"{base}/koulutukset/kurssi/uusi?lang={lang}")
    page.locator("#name").fill("<b>Kevät</b> & kesä")
    page.locator("#starts_on").fill("2027-05-10")
    page.locator("#ends_on").fill("2027-05-01")
    page.locator("button.primary").click()
    assert page.locator("#name").input_value() == "<b>Kevät</b> & kesä"
    assert page.locator(".error-message").count() == 1
    assert_accessible(page, "course form with errors")
    # the public verification page, on a phone-sized window too
    public = page.context.browser.new_context(viewport=PHONE, locale="fi-FI")
    verify = public.new_page()
    verify.goto(f"{base}/todistus/{code}?lang={lang}")
    assert_accessible(verify, "verification")
    verify.screenshot(path=str(artifacts / f"trainings-verify-{lang}.png"), full_page=True)
    verify.goto(f"{base}/todistus/EIOLE-OLEMASSA?lang={lang}")
    assert_accessible(verify, "verification not found")
    public.close()
