"""Fill in the whole analysis in real Chromium, on a phone and on a desktop, checking every page
with axe-core (0 violations of WCAG 2.1 A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from storage import responses as store
from storage.db import connect

from .helpers import assert_accessible, fill_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, start_label, send_label", [
    ("fi", "Aloita analyysi", "Lähetä analyysi"),
    ("en", "Start the analysis", "Send the analysis"),
])
def test_fill_in_the_whole_analysis(browser, live_server, viewport, artifacts, lang, start_label, send_label):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}/?lang={lang}")
    assert_accessible(page, "landing")
    page.get_by_role("button", name=start_label).click()
    link = page.locator(".link-box a").inner_text()
    token = re.search(r"/a/([^/?#]+)", link).group(1)
    for number, survey_page in enumerate(survey.pages, start=1):
        assert page.locator("h1").inner_text() == survey_page.title.get(lang)
        assert page.locator("progress").get_attribute("value") == str(number)
        assert_accessible(page, survey_page.id)
        fill_page(page, survey_page)
        last = number == len(survey.pages)
        review = "Tallenna ja tarkista ennen lähettämistä" if lang == "fi" else "Save and review before sending"
        page.get_by_role("button",
            name=review if last else ("Tallenna ja jatka" if lang == "fi" else "Save and continue")).click()
    page.wait_for_url(re.compile(r"/tarkista$"))
    assert_accessible(page, "review")
    page.get_by_role("button", name=send_label).click()
    page.wait_for_url(re.compile(r"/valmis$"))
    assert_accessible(page, "done")
    page.get_by_role("link", name="Katso tuloksesi" if lang == "fi" else "See your results").click()
    page.wait_for_url(re.compile(r"/tulokset$"))
    assert page.locator("h1").inner_text() == ("Tuloksesi" if lang == "fi" else "Your results")
    assert page.locator("img.chart").evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, "results")
    name = "phone" if viewport["width"] < 500 else "desktop"
    page.screenshot(path=str(artifacts / f"results-{lang}-{name}.png"), full_page=True)
    context.close()
    response = store.get_by_token(connect(app.config["DATABASE"]), token)
    assert response.submitted and response.answers["company_name"] == "Mäntyharjun Testi Oy"


def test_error_page_and_static_pages_are_accessible(page, live_server):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    for lang in ("fi", "en"):
        for path in ("/", "/tietosuoja", "/saavutettavuus", "/a/doesnotexistdoesnotexistdoesnotexist12"):
            page.goto(f"{base}{path}?lang={lang}")
            assert_accessible(page, f"{path} {lang}")
    # a page with validation errors: the summary and the inline messages
    page.goto(f"{base}/?lang=fi")
    page.get_by_role("button", name="Aloita analyysi").click()
    page.fill("#business_id", "1234567-2")
    page.get_by_role("button", name="Tallenna ja jatka").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert "Tarkista Y-tunnus" in page.locator("#business_id-error").inner_text()
    assert page.locator("#business_id").input_value() == "1234567-2"
    assert_accessible(page, "validation errors")
    # the summary links move focus to the field
    page.locator(".error-summary a[href='#business_id']").click()
    assert page.evaluate("document.activeElement.id") == "business_id"
    assert survey.pages[0].id in page.url


def test_keyboard_only_answering(page, live_server):
    base, _ = live_server
    page.goto(f"{base}/?lang=en")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("button", name="Start the analysis").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sivu/company"))
    page.focus("#company_name")
    page.keyboard.type("Näppäin Oy")
    assert page.input_value("#company_name") == "Näppäin Oy"
