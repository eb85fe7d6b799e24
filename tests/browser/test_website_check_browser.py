"""An advisor checks a company's website from the company page in real Chromium (phone and
desktop), sees the findings next to the self-assessment, chooses findings for the report and
makes a draft; the coordinator's web-presence page. axe-core on every page: 0 violations."""

import re

import pytest

from tests.site_fixture import HTML, Site, page as fixture_page

from .helpers import assert_accessible
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def fixture_site(live_server):
    _base, app = live_server
    routes = {"/": (200, HTML, fixture_page("poor.html")), "/hyva": (200, HTML, fixture_page("good.html")),
              "/yhteystiedot": (200, HTML, fixture_page("contact.html"))}
    with Site(routes) as srv:
        app.config["WEBSITE_CHECK_ALLOWED_HOSTS"] = [f"127.0.0.1:{srv.port}"]
        yield f"http://127.0.0.1:{srv.port}"
        app.config["WEBSITE_CHECK_ALLOWED_HOSTS"] = []


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_advisor_checks_a_website(browser, live_server, fixture_site, size, artifacts):
    base, _app = live_server
    context = browser.new_context(viewport=size, locale="fi-FI")
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, base, "anna@miksei.test")
    page.locator("tbody th a").first.click()
    page.wait_for_url(re.compile(r"/neuvoja/yritys/\d+$"))
    page.get_by_role("link", name="Verkkosivujen pikatarkistus").click()
    assert_accessible(page, "website check, empty")
    page.get_by_label("Verkkosivujen osoite").fill(fixture_site + "/")
    page.get_by_role("button", name=re.compile(r"^Tarkista (verkkosivut|uudelleen)$")).click()
    page.wait_for_url(re.compile(r"/neuvoja/verkkosivut/yritys/\d+"))
    assert "Verkkosivut tarkistettiin." in page.locator(".flash").inner_text()
    assert page.locator(".status-badge", has_text="Puuttuu").count() > 3
    assert_accessible(page, "website check, findings")
    page.get_by_label("Ota raporttiin: Mobiilinäkymä (viewport)").check()
    page.get_by_role("button", name="Tallenna raporttiin otettavat havainnot").click()
    assert "tallennettiin" in page.locator(".flash").inner_text()
    page.get_by_role("button", name="Tee luonnos").click()
    assert "Parannusehdotukset:" in page.get_by_label("Luonnos (muokkaa ennen käyttöä)").input_value()
    assert_accessible(page, "website check, draft")
    page.screenshot(path=str(artifacts / f"website-check-{size['width']}.png"), full_page=True)
    page.goto(f"{base}/kirjaudu?lang=en")
    context.close()


def test_coordinator_sees_web_presence(page, live_server):
    base, _app = live_server
    log_in(page, base, "kaisa@xamk.test")
    page.goto(f"{base}/koordinaattori/verkkonakyvyys/?ryhma=size")
    assert page.locator("h1").inner_text() == "Verkkonäkyvyys"
    assert_accessible(page, "web presence")
