"""What Chromium shows (innerText) holds no markup, escaped markup or template syntax: every
questionnaire and follow-up page in Finnish and English, before and after a failed submit, the
confirmation and results pages, and the workspace's main pages. The required-question marker
once showed as `<span class="req">(pakollinen)</span>` in the browser."""

import re

import pytest

from storage import followups
from storage.db import connect
from tests.test_visible_text import LEFTOVER

from .helpers import fill_page
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser


def assert_clean(page, what: str) -> str:
    text = page.evaluate("document.title + '\\n' + document.body.innerText")
    found = [text[max(0, m.start() - 30):m.end() + 30] for m in LEFTOVER.finditer(text)]
    assert not found, f"{what} ({page.url}): {found[:3]}"
    return text


NEXT = ", ".join(f".form-nav button[name=nav][value={v}]" for v in ("next", "review", "submit"))


def answer_every_page(page, survey, lang: str, what: str) -> None:
    """Each page: as shown, after sending it unanswered (errors), then answered."""
    for survey_page in survey.pages:
        page.wait_for_url(re.compile(rf"/sivu/{survey_page.id}(\?.*)?$"))
        text = assert_clean(page, f"{what} {survey_page.id}")
        if any(q.required for q in survey_page.questions):
            assert ("(pakollinen)" if lang == "fi" else "(required)") in text
        # the last page's "review" button lists what is missing on the review page instead
        if any(q.required for q in survey_page.questions) and page.locator("button[name=nav][value=next]").count():
            page.locator(NEXT).first.click()
            page.wait_for_selector(".error-summary")
            assert_clean(page, f"{what} {survey_page.id} with errors")
        fill_page(page, survey_page)
        page.locator(NEXT).first.click()
    page.wait_for_url(re.compile(r"/tarkista$"))  # the review page before the irreversible send
    assert_clean(page, f"{what} review")
    page.locator("main form button[type=submit].primary").last.click()
    page.wait_for_url(re.compile(r"/valmis$"))
    assert_clean(page, f"{what} done")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_questionnaire_and_followup_pages_show_no_markup(browser, live_server, lang):
    base, app = live_server
    catalog = app.extensions["surveys"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    for path in ("/", "/tietosuoja", "/saavutettavuus", "/kirjaudu"):
        page.goto(f"{base}{path}?lang={lang}")
        assert_clean(page, path)
    page.goto(f"{base}/?lang={lang}")
    page.locator("main form button[type=submit]").click()
    answer_every_page(page, catalog.current("tp1"), lang, f"analysis {lang}")
    page.goto(page.url.replace("/valmis", "/tulokset"))
    assert_clean(page, f"results {lang}")

    db = connect(app.config["DATABASE"])
    round_id = followups.rounds(db)[-1]["id"]  # the demo round
    waiting = [row for row in followups.invitations(db, round_id) if not row["started"]]
    link = followups.link_token(app.config["SECRET_KEY"], waiting[0 if lang == "fi" else -1]["nonce"])
    page.goto(f"{base}/?lang={lang}")
    page.goto(f"{base}/seuranta/{link}")
    assert_clean(page, f"follow-up {lang} introduction")
    page.locator("main a[href*='/sivu/']").first.click()
    answer_every_page(page, catalog.current("tp1_followup"), lang, f"follow-up {lang}")
    context.close()


def test_workspace_pages_show_no_markup(page, live_server):
    base, app = live_server
    log_in(page, base, "kaisa@xamk.test")
    assert_clean(page, "companies")
    page.locator("tbody th a").first.click()
    page.wait_for_url(re.compile(r"/neuvoja/yritys/\d+$"))
    assert_clean(page, "company")
    for path in ("/koordinaattori/", "/koordinaattori/?julkaisu=1", "/koordinaattori/seuranta/", "/neuvoja/kayttajat",
                 "/neuvoja/loki"):
        page.goto(f"{base}{path}")
        assert_clean(page, path)
