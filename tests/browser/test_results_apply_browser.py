"""A company applies to a training path from its results page, on a 390x844 phone and on a
desktop, in Finnish and English, in Chromium with axe-core; then withdraws the application after the
confirmation step. (Named to run after the follow-up browser test: it adds analysed companies and a
course.)"""

import re
from datetime import timedelta

import pytest
from trainings.storage import courses as store
from storage.db import connect
from tests.helpers import Walker

from .helpers import assert_accessible

pytestmark = pytest.mark.browser
# no markup: later browser tests read the company page's visible text (the view tests cover hostile text)
MOTIVATION = "Haluamme mukaan =1+1 ‮avaj‬"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
TEXTS = {
    "fi": {"section": "Haettavana olevat koulutuspolut", "apply": "Hae", "sent": "Hakemus lähetetty",
           "withdraw": "Peru hakemus", "withdrawn": "Hakemuksesi peruttiin.", "why": "Miksi haluatte mukaan?"},
    "en": {"section": "Training paths open for application", "apply": "Apply", "sent": "Application sent on",
           "withdraw": "Withdraw the application", "withdrawn": "Your application was withdrawn.",
           "why": "Why do you want to join?"},
}


def _business_id(seed: int) -> str:
    """A valid business ID of its own per test (weights 7 9 10 5 8 4 2, modulo 11; remainder 1 is never valid)."""
    number = 7300000 + seed * 3
    while True:
        remainder = sum(int(d) * w for d, w in zip(f"{number:07d}", (7, 9, 10, 5, 8, 4, 2))) % 11
        if remainder != 1:
            return f"{number:07d}-{0 if remainder == 0 else 11 - remainder}"
        number += 1


@pytest.fixture(scope="module")
def open_path(live_server):
    base, app = live_server
    db = connect(app.config["DATABASE"])
    if not store.courses(db):  # the trainings browser test expects the demo calendar when courses exist
        result = app.test_cli_runner().invoke(args=["demo", "trainings"])
        assert result.exit_code == 0, result.output
    today = app.extensions["clock"].today()
    start = today + timedelta(days=40)
    course_id = store.create_course(db, {
        "offer_id": "tp5", "name": "B2B-myynnin polku", "organiser": "miksei", "seats": 12,
        "apply_until": (today + timedelta(days=20)).isoformat(), "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=84)).isoformat()}, None)
    for week in range(3):
        store.add_session(db, course_id, {"on_date": (start + timedelta(days=7 * week)).isoformat(),
                                          "start_time": "09:00", "end_time": "12:00", "hours": 3,
                                          "place": "Mikkeli, Miksei"})
    return base, app, db, course_id


@pytest.mark.parametrize("lang, size, seed", [("fi", "phone", 11), ("en", "phone", 12), ("fi", "desktop", 13),
                                              ("en", "desktop", 14)])
def test_apply_and_withdraw_on_the_results_page(browser, open_path, lang, size, seed):
    base, app, db, course_id = open_path
    walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
    token = walker.start(lang)
    walker.walk(token, overrides={"business_id": _business_id(seed)})
    viewport = VIEWPORTS[size]
    context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=size == "phone",
                                  has_touch=size == "phone")
    context.set_default_timeout(15_000)
    page = context.new_page()
    texts = TEXTS[lang]
    try:
        page.goto(f"{base}/a/{token}/tulokset#haku", timeout=30_000)
        section = page.locator("section#haku")
        assert section.get_by_role("heading", name=texts["section"]).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        item = section.locator(f"#haku-{course_id}")
        assert item.get_by_label(re.compile(texts["why"])).is_visible()
        assert_accessible(page, f"results with the apply section ({lang}, {size})")
        item.get_by_label(re.compile(texts["why"])).fill(MOTIVATION)
        item.get_by_role("button", name=re.compile(rf"^{texts['apply']}\s+B2B-myynnin polku$")).click()
        page.wait_for_url(re.compile(rf"#haku-{course_id}$"))
        assert texts["sent"] in item.locator(".application-status").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page, f"results after applying ({lang}, {size})")
        item.get_by_role("button", name=re.compile(rf"^{texts['withdraw']}\s+B2B-myynnin polku$")).click()
        # the confirmation step (a plain form): nothing is withdrawn before the second press
        page.wait_for_url(re.compile(r"/peru$"))
        assert_accessible(page, f"withdraw confirmation ({lang}, {size})")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.get_by_role("button", name=texts["withdraw"], exact=True).click()
        page.wait_for_url(re.compile(rf"#haku-{course_id}$"))
        assert page.get_by_text(texts["withdrawn"]).is_visible()
    finally:
        context.close()
    row = next(db.query("SELECT e.status, e.source, e.motivation FROM training_enrolments e JOIN companies c "
                        "ON c.id = e.company_id WHERE c.business_id = ?", [_business_id(seed)]))
    assert row == {"status": "cancelled", "source": "company", "motivation": MOTIVATION}


REFUSED = {"fi": {"check": "Tarkista merkityt kentät", "left": "merkkiä jäljellä", "over": "500 merkkiä liikaa"},
           "en": {"check": "Check the marked fields", "left": "characters left", "over": "500 characters too many"}}


@pytest.mark.parametrize("lang, size, seed", [("fi", "phone", 21), ("en", "phone", 22), ("fi", "desktop", 23),
                                              ("en", "desktop", 24)])
def test_a_refused_application_lands_on_its_form_with_the_summary_focused(browser, open_path, lang, size, seed):
    """Issue: after a refused application the page showed the top of the results with the focus on
    the body, the error summary 5 000 px below, and the address bar the POST address. Now: the
    summary of the form is in view with the focus, its links lead to the fields, everything typed
    is kept, the address bar shows the results page; the motivation counts as one types and a
    long paste is kept whole."""
    base, app, db, course_id = open_path
    walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
    token = walker.start(lang)
    walker.walk(token, overrides={"business_id": _business_id(seed)})
    viewport = VIEWPORTS[size]
    context = browser.new_context(viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone")
    context.set_default_timeout(15_000)
    page = context.new_page()
    texts, refused = TEXTS[lang], REFUSED[lang]
    try:
        page.goto(f"{base}/a/{token}/tulokset#haku")
        item = page.locator(f"#haku-{course_id}")
        why = item.get_by_label(re.compile(texts["why"]))
        why.fill("Hyvä syy")
        assert refused["left"] in item.locator(".char-count").inner_text()
        long_text = "x" * 1500
        why.fill(long_text)  # as a paste: nothing is cut, the count says how much is too much
        assert why.input_value() == long_text
        assert refused["over"] in item.locator(".char-count").inner_text()
        item.locator("input[type=email]").fill("tiina@")
        item.get_by_role("button", name=re.compile(rf"^{texts['apply']}\s+B2B-myynnin polku$")).click()
        page.wait_for_url(f"{base}/a/{token}/tulokset#hakemus-{course_id}")  # not the POST address
        summary = page.locator(f"#hakemus-virheet-{course_id}")
        assert page.evaluate("document.activeElement.id") == f"hakemus-virheet-{course_id}"
        box = summary.bounding_box()
        assert 0 <= box["y"] < viewport["height"] and refused["check"] in summary.inner_text()
        assert why.input_value() == long_text and item.locator("input[type=email]").input_value() == "tiina@"
        assert_accessible(page, f"refused application ({lang}, {size})")
        summary.locator("a[href$='-email']").click()
        assert page.evaluate("document.activeElement.type") == "email"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
    assert not list(db.query("SELECT 1 FROM training_enrolments e JOIN companies c ON c.id = e.company_id "
                             "WHERE c.business_id = ?", [_business_id(seed)]))
