"""The funder report page and the follow-up recorded by interview in Chromium, on a phone and a
desktop, in Finnish and English: what a coordinator and an advisor see, axe-core 0 violations, no
sideways scrolling. Set SCREENSHOT_DIR to keep screenshots of every view."""

import os
import re
from pathlib import Path

import pytest

from storage import connect, followups

from .helpers import assert_accessible, fill_page
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def _shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_funder_report_page(page, live_server, size):
    base, _app = live_server
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    log_in(page, base, "kaisa@xamk.test")
    for lang, texts in (("fi", ("Rahoittajaraportti", "Raportointijakso 1.1.2026 – 30.6.2026", "yhteensä")),
                        ("en", ("Funder report", "Reporting period 1 Jan 2026 – 30 Jun 2026", "total"))):
        page.goto(f"{base}/neuvoja/?lang={lang}")
        page.locator("nav.workspace-nav").get_by_role("link", name=texts[0]).click()
        assert page.get_by_role("heading", level=1).inner_text() == texts[0]
        assert texts[1] in page.locator("main").inner_text()
        table = page.locator("table.funder-indicators")
        assert table.locator("tbody").count() == 2 and texts[2] in table.inner_text()
        assert "RCO01" in table.inner_text() and "RCO04" in table.inner_text()
        _no_sideways_scroll(page)
        assert_accessible(page, f"funder report {lang} {size}")
        _shot(page, f"funder-{lang}-{size}")
    # a period that ends before it starts: the message, and the days stay as typed
    page.goto(f"{base}/koordinaattori/rahoittaja?lang=en")
    page.fill("#start", "2026-07-01")
    page.fill("#end", "2026-06-30")
    page.get_by_role("button", name="Show").click()
    assert "The reporting period ends before it starts" in page.locator(".error-summary").inner_text()
    assert page.input_value("#start") == "2026-07-01" and page.input_value("#end") == "2026-06-30"
    assert page.locator("#start").get_attribute("aria-invalid") == "true"
    assert_accessible(page, f"funder report error {size}")
    _shot(page, f"funder-error-{size}")
    # the downloads
    page.goto(f"{base}/koordinaattori/rahoittaja?start=2026-01-01&end=2026-06-30&lang=en")
    with page.expect_download() as download:
        page.get_by_role("button", name="Indicators as CSV (;)").click()
    assert download.value.suggested_filename == "indikaattorit-2026-01-01-2026-06-30.csv"
    with page.expect_download() as download:
        page.get_by_role("link", name="in English").click()
    assert download.value.suggested_filename == "rahoittajaraportti-2026-01-01-2026-06-30-en.pdf"


def _waiting_invitation(app) -> dict:
    """An unanswered, unstarted invitation of a company of Miksei (the advisor's organisation)."""
    db = connect(app.config["DATABASE"])
    rows = list(db.query(
        "SELECT i.id, i.company_id, c.name FROM followup_invitations i JOIN companies c ON c.id = i.company_id "
        "JOIN company_org o ON o.company_id = c.id WHERE o.organisation = 'miksei' AND i.submitted_at IS NULL "
        "AND i.response_id IS NULL ORDER BY i.id DESC LIMIT 2"))
    assert rows, "the demo has a waiting invitation of miksei"
    return rows


@pytest.mark.parametrize("size, lang", [("phone", "fi"), ("desktop", "en")])
def test_follow_up_recorded_by_interview(page, live_server, size, lang):
    base, app = live_server
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    invitation = _waiting_invitation(app)[0 if size == "phone" else 1]
    survey = app.extensions["surveys"].current("tp1_followup")
    log_in(page, base, "anna@miksei.test")
    page.goto(f"{base}/neuvoja/yritys/{invitation['company_id']}?lang={lang}")
    section = page.locator("section", has=page.locator("#followup-heading"))
    assert ("ei vielä vastattu" if lang == "fi" else "not answered yet") in section.inner_text()
    assert_accessible(page, f"company page with a waiting follow-up {lang} {size}")
    _shot(page, f"followup-company-waiting-{lang}-{size}")
    section.get_by_role("button", name=re.compile("Kirjaa vastaukset haastattelusta" if lang == "fi"
                                                  else "Record the answers from an interview")).click()
    for number, survey_page in enumerate(survey.pages, start=1):
        page.wait_for_url(re.compile(rf"/seuranta/{invitation['id']}/sivu/{survey_page.id}$"))
        assert page.get_by_role("heading", level=1).inner_text() == survey_page.title.get(lang)
        if number == 1:
            # the same validation: nothing answered, the error summary names the questions
            page.locator("#page-form button.primary").click()
            assert page.locator(".error-summary").count() == 1
            assert_accessible(page, f"follow-up by interview, errors {lang} {size}")
            _shot(page, f"followup-interview-errors-{lang}-{size}")
        fill_page(page, survey_page)
        if number == 1:
            assert_accessible(page, f"follow-up by interview, page 1 {lang} {size}")
            _no_sideways_scroll(page)
            _shot(page, f"followup-interview-page-{lang}-{size}")
        page.locator("#page-form button.primary").click()
    page.wait_for_url(re.compile(rf"/seuranta/{invitation['id']}/tallenna$"))
    assert_accessible(page, f"follow-up by interview, record {lang} {size}")
    _no_sideways_scroll(page)
    _shot(page, f"followup-interview-record-{lang}-{size}")
    page.fill("#held_on", "2026-11-20")
    page.get_by_role("button", name="Kirjaa seurannan vastaukset" if lang == "fi"
                     else "Record the follow-up answers").click()
    page.wait_for_url(re.compile(rf"/neuvoja/yritys/{invitation['company_id']}#followup-heading$"))
    section = page.locator("section", has=page.locator("#followup-heading"))
    expected = "kirjattu haastattelussa, Anna, 20.11.2026" if lang == "fi" else "recorded in an interview by Anna"
    assert expected in section.inner_text()
    assert_accessible(page, f"company page with the recorded follow-up {lang} {size}")
    _shot(page, f"followup-company-recorded-{lang}-{size}")
    # the company's private link shows the recorded answers, not a form
    nonce = next(connect(app.config["DATABASE"]).query("SELECT nonce FROM followup_invitations WHERE id = ?",
                                                       [invitation["id"]]))["nonce"]
    link = followups.link_token(app.config["SECRET_KEY"], nonce)
    page.goto(f"{base}/seuranta/{link}")
    assert re.search(r"Digiyritysneuvojasi Anna kirjasi nämä vastaukset kanssasi haastattelussa 20\.11\.2026|"
                     r"Your digital advisor Anna recorded these answers with you in an interview on",
                     page.locator("main").inner_text())
    assert page.locator("#page-form").count() == 0
    assert_accessible(page, f"the company's follow-up page {size}")
    _shot(page, f"followup-entrepreneur-recorded-{size}")
