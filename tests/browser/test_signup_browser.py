"""The open training calendar and signing up, in real Chromium on a 390x844 phone and a desktop, in
Finnish and English, with axe-core on every page (issue 23): the front page's link to the calendar,
the calendar's cards (no internal codes, who each is for, course names in the page's language), a
webinar sign-up with a name and an email, and a company that goes from its results page (the
advisor organisation's contact, the calendar button) to a workshop's sign-up page, signs up, sees
the next steps and cancels after the confirmation step; the privacy notice names a contact.
Screenshots go to test-artifacts/ for a person to look at. (Named to run after the results tests:
it adds analysed companies and courses.)"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from trainings.storage import courses as store
from storage.db import connect
from tests.helpers import Walker

from .helpers import assert_accessible
from .test_results_apply_browser import _business_id

pytestmark = pytest.mark.browser
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
TEXTS = {
    "fi": {"calendar": "Koulutuskalenteri", "open": "Avaa koulutuskalenteri", "who": "Kenelle", "name": "Nimesi",
           "email": "Sähköpostiosoitteesi", "webinar_button": "Ilmoittaudu webinaariin", "done": "Olet ilmoittautunut",
           "see_all": "Katso kaikki koulutukset kalenterista ja ilmoittaudu", "sign_up": "Ilmoittaudu",
           "seat": "Teillä on paikka koulutuksessa.", "ics": "Lisää tapaamiset kalenteriisi (.ics-tiedosto)",
           "cancel": "Peru ilmoittautuminen", "cancel_q": "Perutaanko ilmoittautuminen?",
           "cancelled": "Ilmoittautumisenne peruttiin.", "contact": "Digiyritysneuvojasi",
           "course": "Somen työpaja – kevät", "webinar": "Tekoäly arjessa"},
    "en": {"calendar": "Training calendar", "open": "Open the training calendar", "who": "Who it is for",
           "name": "Your name", "email": "Your email", "webinar_button": "Sign up for the webinar",
           "done": "You are signed up", "see_all": "See every training in the calendar and sign up",
           "sign_up": "Sign up", "seat": "You have a seat in the training.",
           "ics": "Add the sessions to your calendar (.ics file)", "cancel": "Cancel the sign-up",
           "cancel_q": "Cancel the sign-up?", "cancelled": "Your sign-up was cancelled.",
           "contact": "Your digital advisors", "course": "Social media workshop – spring", "webinar": "AI at work"},
}


@pytest.fixture(scope="module")
def courses(live_server):
    base, app = live_server
    db = connect(app.config["DATABASE"])
    if not store.courses(db):  # the other browser tests expect the demo calendar when courses exist
        result = app.test_cli_runner().invoke(args=["demo", "trainings"])
        assert result.exit_code == 0, result.output
    today = app.extensions["clock"].today()
    start = today + timedelta(days=25)
    workshop = store.create_course(db, {"offer_id": "tp2-3", "name": "Somen työpaja – kevät",
                                        "name_en": "Social media workshop – spring", "organiser": "miksei",
                                        "seats": 40, "starts_on": start.isoformat(), "ends_on": start.isoformat()},
                                   None)
    store.add_session(db, workshop, {"on_date": start.isoformat(), "start_time": "09:00", "end_time": "12:00",
                                     "hours": 3, "place": "Mikkeli, Miksei"})
    webinar = store.create_course(db, {"offer_id": "webinar", "name": "Tekoäly arjessa", "name_en": "AI at work",
                                       "organiser": "xamk", "seats": 100, "starts_on": start.isoformat(),
                                       "ends_on": start.isoformat()}, None)
    store.add_session(db, webinar, {"on_date": start.isoformat(), "start_time": "14:00", "end_time": "15:00",
                                    "hours": 1, "link": "https://meet.example.invalid/ai"})
    return base, app, db, {"workshop": workshop, "webinar": webinar}


def _context(browser, size):
    context = browser.new_context(viewport=VIEWPORTS[size], device_scale_factor=1, is_mobile=size == "phone",
                                  has_touch=size == "phone", locale="fi-FI")
    context.set_default_timeout(15_000)
    return context


def _fits(page, size):
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"], page.url


@pytest.mark.parametrize("lang, size", [("fi", "phone"), ("en", "phone"), ("fi", "desktop"), ("en", "desktop")])
def test_the_calendar_and_a_webinar_sign_up(browser, courses, artifacts, lang, size):
    base, app, db, ids = courses
    texts = TEXTS[lang]
    context = _context(browser, size)
    page = context.new_page()
    try:
        page.goto(f"{base}/?lang={lang}")
        page.get_by_role("link", name=texts["open"]).click()
        page.wait_for_url(re.compile(r"/koulutuskalenteri$"))
        expect(page.get_by_role("heading", level=1, name=texts["calendar"])).to_be_visible()  # waits for the page
        assert_accessible(page, f"calendar ({lang}, {size})")
        _fits(page, size)
        main = page.locator("main").inner_text()
        assert texts["course"] in main and texts["webinar"] in main and texts["who"] in main
        assert not re.search(r"\bTP[2-6]\b", main)
        page.screenshot(path=str(artifacts / f"calendar-{size}-{lang}.png"), full_page=True)
        card = page.locator(f"#kurssi-{ids['webinar']}")
        card.get_by_role("link", name=re.compile(texts["sign_up"])).click()
        assert_accessible(page, f"webinar page ({lang}, {size})")
        _fits(page, size)
        page.screenshot(path=str(artifacts / f"calendar-webinar-{size}-{lang}.png"), full_page=True)
        page.get_by_label(texts["name"]).fill("Olli Opiskelija")
        page.get_by_label(texts["email"]).fill(f"olli.{lang}.{size}@example.com")
        page.get_by_role("button", name=texts["webinar_button"]).click()
        expect(page.get_by_role("heading", level=1, name=texts["done"])).to_be_visible()  # waits for the page
        assert page.locator('a[href="https://meet.example.invalid/ai"]').count() == 1
        assert_accessible(page, f"webinar signed up ({lang}, {size})")
        _fits(page, size)
        page.screenshot(path=str(artifacts / f"calendar-webinar-done-{size}-{lang}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("lang, size, seed", [("fi", "phone", 41), ("en", "phone", 42), ("fi", "desktop", 43),
                                              ("en", "desktop", 44)])
def test_a_company_signs_up_from_its_results_and_cancels(browser, courses, artifacts, lang, size, seed):
    base, app, db, ids = courses
    texts = TEXTS[lang]
    walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
    token = walker.start(lang)
    walker.walk(token, overrides={"business_id": _business_id(seed), "municipality": "491"})
    context = _context(browser, size)
    page = context.new_page()
    try:
        page.goto(f"{base}/a/{token}/tulokset")
        section = page.locator("section", has=page.get_by_role("heading", name=texts["contact"]))
        assert "digifocus@miksei.example" in section.inner_text()  # Mikkeli: served by Miksei
        assert not re.search(r"\bTP[2-6]:", page.locator("main").inner_text())
        assert_accessible(page, f"results ({lang}, {size})")
        _fits(page, size)
        page.screenshot(path=str(artifacts / f"signup-results-{size}-{lang}.png"), full_page=True)
        page.get_by_role("link", name=texts["see_all"]).click()
        page.wait_for_url(re.compile(r"/koulutuskalenteri$"))
        assert_accessible(page, f"own calendar ({lang}, {size})")
        page.locator(f"#kurssi-{ids['workshop']}").get_by_role("link", name=re.compile(texts["sign_up"])).click()
        page.wait_for_url(re.compile(rf"/koulutus/{ids['workshop']}$"))
        expect(page.get_by_role("heading", level=1, name=texts["course"])).to_be_visible()  # waits for the page
        assert page.locator("#participant").input_value() == "Tiina Testaaja"  # the confirmed contact
        assert_accessible(page, f"sign-up page ({lang}, {size})")
        _fits(page, size)
        page.screenshot(path=str(artifacts / f"signup-page-{size}-{lang}.png"), full_page=True)
        page.locator("#ilmoittaudu").get_by_role("button", name=texts["sign_up"], exact=True).click()
        assert texts["seat"] in page.locator(".flash").inner_text()
        assert page.get_by_role("link", name=texts["ics"]).is_visible()
        assert_accessible(page, f"signed up ({lang}, {size})")
        _fits(page, size)
        page.screenshot(path=str(artifacts / f"signup-done-{size}-{lang}.png"), full_page=True)
        page.get_by_role("button", name=texts["cancel"]).click()
        expect(page.get_by_role("heading", level=1, name=texts["cancel_q"])).to_be_visible()  # waits for the page
        assert_accessible(page, f"cancel confirmation ({lang}, {size})")
        page.screenshot(path=str(artifacts / f"signup-cancel-{size}-{lang}.png"), full_page=True)
        page.get_by_role("button", name=texts["cancel"]).click()
        assert texts["cancelled"] in page.locator(".flash").inner_text()
    finally:
        context.close()
    row = next(db.query("SELECT e.status, e.source FROM training_enrolments e JOIN companies c ON c.id = e.company_id "
                        "WHERE c.business_id = ? AND e.course_id = ?", [_business_id(seed), ids["workshop"]]))
    assert row == {"status": "cancelled", "source": "company"}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_privacy_notice_names_a_contact(browser, live_server, lang):
    base, _app = live_server
    context = _context(browser, "phone")
    page = context.new_page()
    try:
        for path in ("/tietosuoja", "/saavutettavuus"):
            page.goto(f"{base}{path}?lang={lang}")
            assert page.locator('main a[href="mailto:digifocus@xamk.example"]').is_visible()
            assert_accessible(page, f"{path} ({lang})")
    finally:
        context.close()


@pytest.mark.parametrize("lang, size", [("fi", "phone"), ("en", "desktop")])
def test_declining_a_seat_asks_first_and_says_what_happened(browser, courses, artifacts, lang, size):
    from tests.helpers import cancel

    base, app, db, _ids = courses
    companies = []
    for seed in ((51, 52) if lang == "fi" else (53, 54)):  # companies of their own: the demo's are for other tests
        walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
        token = walker.start(lang)
        walker.walk(token, overrides={"business_id": _business_id(seed), "municipality": "491"})
        company = db.execute("SELECT id FROM companies WHERE business_id = ?", [_business_id(seed)]).fetchone()
        companies.append(company[0])
    today = app.extensions["clock"].today()
    start = today + timedelta(days=30)
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": f"Verkkokauppapolku hylkäys {lang}",
                                         "organiser": "miksei", "seats": 1, "starts_on": start.isoformat(),
                                         "ends_on": start.isoformat()}, None)
    seated = store.enrol(db, course_id, companies[0], 250, "base")
    waiting = store.enrol(db, course_id, companies[1], 250, "base")
    token = cancel(db, seated["id"], today.isoformat())[0]["token"]
    offer = {"db": db, "enrolment_id": waiting["id"]}
    texts = {"fi": ("Kieltäydy paikasta", "Kieltäydytäänkö paikasta?", "paikka on taas vapaana"),
             "en": ("Decline the seat", "Decline the seat?", "the seat is free again")}[lang]
    context = _context(browser, size)
    page = context.new_page()
    try:
        page.goto(f"{base}/koulutuspaikka/{token}?lang={lang}")
        assert not re.search(r"\bTP[2-6]\b", page.locator("main").inner_text())
        page.get_by_role("button", name=texts[0]).click()
        expect(page.get_by_role("heading", level=1, name=texts[1])).to_be_visible()  # waits for the page
        assert store.get_enrolment(offer["db"], offer["enrolment_id"])["status"] == "offered"
        assert_accessible(page, f"decline confirmation ({lang}, {size})")
        _fits(page, size)
        page.screenshot(path=str(artifacts / f"offer-decline-confirm-{size}-{lang}.png"), full_page=True)
        page.get_by_role("button", name=texts[0]).click()
        assert texts[2] in page.locator(".flash").inner_text()  # nobody was waiting: not "offered on"
        assert_accessible(page, f"seat declined ({lang}, {size})")
    finally:
        context.close()
    assert store.get_enrolment(offer["db"], offer["enrolment_id"])["status"] == "declined"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_calendar_cards_read_alike(page, courses, size):
    """The open calendar's cards: on a desktop every card's values start at one label column; on a
    phone each fact is a line of its own that wraps under its label ("Kenelle: …"), so no card
    gets a label column of its own width (the look review saw them vary) and long Finnish words
    have the whole width."""
    base = courses[0]
    page.set_viewport_size(VIEWPORTS[size])
    for lang in ("fi", "en"):
        page.goto(f"{base}/koulutuskalenteri?lang={lang}")
        values = page.locator(".event-facts dd")
        assert values.count() >= 8
        lefts = {round(values.nth(i).bounding_box()["x"]) for i in range(values.count())}
        labels = {round(box["x"]) for box in (page.locator(".event-facts dt").nth(i).bounding_box()
                                              for i in range(page.locator(".event-facts dt").count()))}
        if size == "desktop":
            assert len(lefts) == 1 and min(lefts) > max(labels) + 100, (lefts, labels)
        else:
            assert len(labels) == 1  # every label starts the line at the card's edge
            # and its value goes on on the same line, after the label and its colon
            same_line = page.evaluate("""[...document.querySelectorAll('.event-facts dt')].map(dt => {
                const label = dt.getBoundingClientRect(), value = dt.nextElementSibling.getClientRects()[0];
                return Math.abs(label.top - value.top) < 2 && value.left >= label.right - 1
                    && getComputedStyle(dt, '::after').content.startsWith('":');})""")
            assert same_line and all(same_line), same_line
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
        assert_accessible(page, f"open calendar {lang} {size}")
