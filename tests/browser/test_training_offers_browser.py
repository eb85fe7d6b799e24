"""A seat offered to a waiting company, in real Chromium: the answer page on a phone (Finnish)
and a desktop (English), accepted with its button; the roster and the company page showing the
offer with the buttons that record the company's answer. axe-core on every page; screenshots to
test-artifacts/ for a person to look at."""

import re
from datetime import timedelta

import pytest

from trainings.storage import courses as store
from storage.db import connect
from tests.helpers import cancel

from .helpers import assert_accessible
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _offer(app, name: str) -> tuple[str, dict]:
    """A course a month ahead with one seat: the first company cancels, the second is offered it."""
    db = connect(app.config["DATABASE"])
    if not store.courses(db):  # the demo calendar first: the other browser tests expect it
        result = app.test_cli_runner().invoke(args=["demo", "trainings"])
        assert result.exit_code == 0, result.output
    today = app.extensions["clock"].today()
    start = today + timedelta(days=30)
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": name, "organiser": "miksei", "seats": 1,
                                         "starts_on": start.isoformat(),
                                         "ends_on": (start + timedelta(days=28)).isoformat()}, None)
    for day in (0, 14, 28):
        store.add_session(db, course_id, {"on_date": (start + timedelta(days=day)).isoformat(), "start_time": "09:00",
                                          "end_time": "12:00", "hours": 3, "place": "Mikkeli, Xamk kampus"})
    # companies with no seat offered or waiting elsewhere (the page's "declined" button is this offer's)
    taken = {r[0] for r in db.execute("SELECT company_id FROM training_enrolments "
                                      "WHERE status IN ('offered', 'waiting')")}
    companies = [r[0] for r in db.execute("SELECT id FROM companies WHERE organisation = 'miksei' ORDER BY id")
                 if r[0] not in taken][:2]
    seated = store.enrol(db, course_id, companies[0], 250, "base")
    waiting = store.enrol(db, course_id, companies[1], 250, "base")
    token = cancel(db, seated["id"], today.isoformat())[0]["token"]
    return token, {"course_id": course_id, "company_id": companies[1], "enrolment_id": waiting["id"], "db": db}


def test_accepting_a_seat_on_a_phone(browser, live_server, artifacts):
    base, app = live_server
    token, offer = _offer(app, "Verkkokauppapolku kevät")
    context = browser.new_context(viewport=PHONE, locale="fi-FI", device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{base}/koulutuspaikka/{token}?lang=fi")
        assert_accessible(page, "seat offer")
        page.screenshot(path=str(artifacts / "training-offer-phone-fi.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        button = page.get_by_role("button", name="Ota paikka vastaan")
        box = button.bounding_box()
        assert box["height"] >= 44
        assert "Vastaathan viimeistään" in page.locator("main").inner_text()
        button.click()
        page.wait_for_url(re.compile(r"/koulutuspaikka/"))
        assert "Kiitos: paikka on teidän." in page.locator(".flash").inner_text()
        assert page.get_by_role("button", name="Ota paikka vastaan").count() == 0
        assert_accessible(page, "seat offer accepted")
        page.screenshot(path=str(artifacts / "training-offer-accepted-phone-fi.png"), full_page=True)
        assert store.get_enrolment(offer["db"], offer["enrolment_id"])["status"] == "enrolled"
        page.goto(f"{base}/koulutuspaikka/{token}?lang=en")
        page.screenshot(path=str(artifacts / "training-offer-accepted-phone-en.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_offer_pages_on_a_desktop(browser, live_server, artifacts, lang):
    base, app = live_server
    token, offer = _offer(app, f"Verkkokauppapolku {lang}")
    context = browser.new_context(viewport=DESKTOP, locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(f"{base}/koulutuspaikka/{token}?lang={lang}")
        assert_accessible(page, "seat offer")
        page.screenshot(path=str(artifacts / f"training-offer-desktop-{lang}.png"), full_page=True)
        phone = browser.new_context(viewport=PHONE, locale="fi-FI", is_mobile=True, has_touch=True).new_page()
        phone.goto(f"{base}/koulutuspaikka/{token}?lang={lang}")
        phone.screenshot(path=str(artifacts / f"training-offer-phone-{lang}-open.png"), full_page=True)
        phone.context.close()
        log_in(page, base, "anna@miksei.test")
        for name, path in (("roster", f"/koulutukset/kurssi/{offer['course_id']}"),
                           ("company", f"/neuvoja/yritys/{offer['company_id']}")):
            page.goto(f"{base}{path}?lang={lang}")
            assert_accessible(page, f"offer {name}")
            page.screenshot(path=str(artifacts / f"training-offer-{name}-{lang}.png"), full_page=True)
        label = {"fi": "Yritys kieltäytyi", "en": "The company declined"}[lang]
        page.get_by_role("button", name=re.compile(label)).first.click()
        page.wait_for_url(re.compile(r"/neuvoja/yritys/"))
        assert store.get_enrolment(offer["db"], offer["enrolment_id"])["status"] == "declined"
    finally:
        context.close()
