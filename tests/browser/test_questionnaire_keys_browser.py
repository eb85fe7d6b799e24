"""The keyboard on the questionnaire pages, in Chromium on a 390x844 phone and a desktop, in
Finnish and English: Enter (Go on a phone keyboard) on every page keeps the language and moves on
– in a text field, on a chosen option, on a consent box – and after a page fails to validate the
error summary has the focus and its links lead to the questions. axe-core on the pages."""

import re

import pytest

from storage import followups
from storage.db import connect

from .helpers import assert_accessible, fill_page

pytestmark = pytest.mark.browser
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
TEXT_TYPES = ("text", "email", "phone", "url", "business_id")


def _context(browser, size):
    context = browser.new_context(viewport=VIEWPORTS[size], is_mobile=size == "phone", has_touch=size == "phone")
    context.set_default_timeout(15_000)
    return context


def _press_enter(page, survey_page) -> str:
    """Focus what a person would press Enter in on this page; returns what it was."""
    texts = [q for q in survey_page.questions if q.type in TEXT_TYPES]
    radios = [q for q in survey_page.questions if q.type in ("single", "likert")]
    boxes = [q for q in survey_page.questions if q.type == "checkbox"]
    if texts:
        page.focus(f"#{texts[-1].id}")
        kind = "text field"
    elif radios:
        page.focus(f"#{radios[-1].id} input:checked")
        kind = "option"
    elif boxes:
        page.focus(f"#{boxes[-1].id}")
        kind = "checkbox"
    else:  # text areas only: Enter is a line break there, so Tab to the page's button as a person would
        page.focus(f"#{survey_page.questions[-1].id}")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.value") in ("next", "review")
        kind = "button after the text areas"
    page.keyboard.press("Enter")
    return kind


def _walk_with_enter(page, survey, lang):
    titles = [p.title.get(lang) for p in survey.pages]
    for number, survey_page in enumerate(survey.pages):
        assert page.locator("h1").inner_text() == titles[number]
        fill_page(page, survey_page)
        kind = _press_enter(page, survey_page)
        if number + 1 < len(survey.pages):
            page.wait_for_url(re.compile(rf"/sivu/{survey.pages[number + 1].id}$"))
        else:
            page.wait_for_url(re.compile(r"/tarkista$"))
        # the language stayed: the next page is in it, and the header offers the other one
        assert page.evaluate("document.documentElement.lang") == lang, (survey_page.id, kind)
        if number + 1 < len(survey.pages):
            assert page.locator("h1").inner_text() == titles[number + 1], (survey_page.id, kind)


@pytest.mark.parametrize("lang, size", [("fi", "phone"), ("en", "phone"), ("fi", "desktop"), ("en", "desktop")])
def test_enter_moves_on_in_the_same_language_on_every_page(browser, live_server, lang, size):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    context = _context(browser, size)
    page = context.new_page()
    page.goto(f"{base}/?lang={lang}")
    page.locator("form.start-form button").click()
    page.wait_for_url(re.compile(r"/sivu/company"))
    _walk_with_enter(page, survey, lang)
    assert_accessible(page, f"review after Enter ({lang}, {size})")
    context.close()


@pytest.mark.parametrize("lang, size", [("fi", "phone"), ("en", "desktop")])
def test_enter_on_every_follow_up_page(browser, live_server, lang, size):
    base, app = live_server
    db = connect(app.config["DATABASE"])
    followup = app.extensions["surveys"].current("tp1_followup")
    waiting = [row["nonce"] for row in db.query(
        "SELECT i.nonce FROM followup_invitations i LEFT JOIN responses r ON r.id = i.response_id "
        "WHERE r.id IS NULL ORDER BY i.id DESC")]
    link = followups.link_token(app.config["SECRET_KEY"], waiting[0 if lang == "fi" else 1])
    context = _context(browser, size)
    page = context.new_page()
    page.goto(f"{base}/seuranta/{link}?lang={lang}")
    page.locator(f"main a[href*='/sivu/{followup.pages[0].id}']").click()
    _walk_with_enter(page, followup, lang)
    context.close()


@pytest.mark.parametrize("lang, size", [("fi", "phone"), ("en", "desktop")])
def test_failed_page_focuses_the_summary_whose_links_lead_to_the_questions(browser, live_server, lang, size):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    context = _context(browser, size)
    page = context.new_page()
    page.goto(f"{base}/?lang={lang}")
    page.locator("form.start-form button").click()
    fill_page(page, survey.pages[0])
    page.keyboard.press("Enter")  # the focus is still in the last field filled
    page.wait_for_url(re.compile(r"/sivu/profile$"))
    radio = next(q for q in survey.pages[1].questions if q.type == "single" and q.required)
    page.focus(f"#{radio.id}-0")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing chosen on this page: it does not validate
    assert page.evaluate("document.documentElement.lang") == lang
    focused = page.evaluate("document.activeElement.className")
    assert focused == "error-summary", focused
    assert_accessible(page, f"page with errors ({lang}, {size})")
    page.locator(f".error-summary a[href='#{radio.id}']").click()
    assert page.evaluate("document.activeElement.id") == radio.id  # the question's fieldset
    legend = page.locator(f"#{radio.id} legend")
    box = legend.bounding_box()
    assert 0 <= box["y"] < VIEWPORTS[size]["height"] / 2  # the question's text is in view, at the top
    assert legend.inner_text().startswith(radio.label.get(lang))
    context.close()


def test_private_link_on_every_page_collapsed_after_the_first(browser, live_server):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    context = _context(browser, "phone")
    page = context.new_page()
    page.goto(f"{base}/?lang=fi")
    page.locator("form.start-form button").click()
    link = page.locator(".resume-link .link-box a").inner_text()
    fill_page(page, survey.pages[0])
    page.get_by_role("button", name="Tallenna ja jatka").click()
    page.wait_for_url(re.compile(r"/sivu/profile$"))
    details = page.locator("details.resume-details")
    assert not details.locator(".link-box").is_visible()  # collapsed
    details.locator("summary").click()
    assert details.locator(".link-box a").inner_text() == link
    assert "sähköpostilla" in details.inner_text()  # no mail configured: save it yourself
    assert_accessible(page, "private link opened on page 2")
    context.close()
