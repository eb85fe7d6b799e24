"""The entrepreneur's copy-link button, review page and results on a 390x844 phone, in Chromium
with axe-core. (Named to run after the follow-up browser test: it adds analysed companies.)"""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import Walker

from .helpers import assert_accessible, fill_page

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _submitted_token(app, lang="fi", overrides=None) -> str:
    survey = app.extensions["surveys"].current("tp1")
    walker = Walker(app.test_client(), survey)
    token = walker.start(lang)
    walker.walk(token, overrides=overrides)
    return token


def test_copy_button_and_review_page(browser, live_server):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}/?lang=en")
    page.get_by_role("button", name="Start the analysis").click()
    link = page.locator(".link-box a").inner_text()
    copy = page.get_by_role("button", name="Copy the link")
    copy.wait_for(state="visible")  # shown by the script once it has run (slow on a loaded machine)
    copy.click()
    # polled from Python: a string predicate would need 'unsafe-eval', which the CSP refuses
    expect(page.locator(".copy-status")).to_have_text(
        "The link was copied. Paste it somewhere safe, e.g. an email to yourself.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert_accessible(page, "first page with the copy button")

    for number, survey_page in enumerate(survey.pages, start=1):
        fill_page(page, survey_page)
        if survey_page.id == survey.question("website_state").page_id:
            page.check("#website_state-5")  # "does not apply to us"
        last = number == len(survey.pages)
        page.get_by_role("button", name="Save and review before sending" if last else "Save and continue").click()
    page.wait_for_url(re.compile(r"/tarkista$"))
    assert page.locator("h1").inner_text() == "Check before sending"
    assert page.get_by_role("heading", name="Answered “does not apply to us”").first.is_visible()
    assert_accessible(page, "review")
    page.get_by_role("link", name=re.compile(r"^Website and sales page: Which best describes")).click()
    page.wait_for_url(re.compile(r"/sivu/.+#website_state$"))
    assert page.locator("#website_state-5").is_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"/tarkista$"))
    page.get_by_role("button", name="Send the analysis").click()
    page.wait_for_url(re.compile(r"/valmis$"))
    page.get_by_role("button", name="Copy the link").wait_for(state="visible")
    context.close()


def test_copy_button_is_hidden_without_javascript(browser, live_server):
    base, _ = live_server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/?lang=fi")
    page.get_by_role("button", name="Aloita analyysi").click()
    expect(page.locator(".link-box a")).to_be_visible()
    assert not page.locator(".js-copy").is_visible()
    context.close()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_results_on_a_phone(browser, live_server, lang):
    base, app = live_server
    token = _submitted_token(app, lang)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{base}/a/{token}/tulokset", timeout=30_000)  # the first chart drawing imports matplotlib
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.locator("table").first.is_visible()  # the five-column table gives way to cards
    cards = page.locator("ul.area-cards").first
    assert cards.is_visible()
    first = cards.locator("li").first
    label = "Osaamisesi" if lang == "fi" else "Your competence"
    assert first.locator("dt", has_text=label).is_visible()
    assert first.locator("dd").nth(3).inner_text() == "3/5"
    # the phone chart: the <picture> chose the phone drawing, drawn at about the page's width
    chart = page.locator("img.chart")
    assert chart.evaluate("img => img.currentSrc === img.parentElement.querySelector('source').srcset")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert 300 <= chart.bounding_box()["width"] <= PHONE["width"]
    assert page.get_by_role("heading",
                            name="Kehityssuunnitelmasi" if lang == "fi" else "Your development plan").is_visible()
    assert_accessible(page, f"results on a phone ({lang})")
    context.close()
