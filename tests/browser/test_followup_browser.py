"""The follow-up round end to end: a coordinator opens a round and copies a company's private
link; the entrepreneur answers the follow-up and sees the before/after comparison; the
dashboard shows the measured change. axe-core on every page (0 WCAG 2.1 A/AA violations)."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible, fill_page
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser


def test_round_link_followup_answer_and_impact(browser, page, live_server):
    base, app = live_server
    followup = app.extensions["surveys"].current("tp1_followup")
    log_in(page, base, "kaisa@xamk.test")
    page.get_by_role("link", name="Seuranta", exact=True).click()
    page.wait_for_url(re.compile(r"/koordinaattori/seuranta/$"))
    assert_accessible(page, "rounds")
    page.get_by_label("Kierroksen nimi").fill("Kevät 2027")
    page.get_by_label("Vastausaika alkaa").fill("2027-03-01")
    page.get_by_label("Vastausaika päättyy").fill("2027-02-01")
    page.get_by_role("button", name="Avaa kierros").click()
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in page.content()
    assert page.get_by_label("Kierroksen nimi").input_value() == "Kevät 2027"  # nothing typed is lost
    assert_accessible(page, "rounds with an error")
    page.get_by_label("Vastausaika päättyy").fill("2027-04-30")
    page.get_by_role("button", name="Avaa kierros").click()
    page.wait_for_url(re.compile(r"/koordinaattori/seuranta/\d+$"))
    assert "Kierros avattu: 60 yritystä kutsuttu." in page.content()
    assert_accessible(page, "round")
    field = page.locator("input.link-field").first
    company = page.locator("tbody th a").first.inner_text()
    link = field.input_value()
    assert re.fullmatch(rf"{re.escape(base)}/seuranta/[A-Za-z0-9_-]{{43}}", link)

    entrepreneur = browser.new_context(viewport={"width": 375, "height": 740}, locale="fi-FI").new_page()
    entrepreneur.goto(link)
    assert "Vastaaminen vie noin 8 minuuttia" in entrepreneur.content()
    assert_accessible(entrepreneur, "follow-up introduction")
    entrepreneur.get_by_role("link", name="Aloita seuranta").click()
    for number, survey_page in enumerate(followup.pages, start=1):
        entrepreneur.wait_for_url(re.compile(rf"/sivu/{survey_page.id}$"))
        assert entrepreneur.locator("input[type=radio]:checked").count() == 0  # not pre-filled
        fill_page(entrepreneur, survey_page)
        assert_accessible(entrepreneur, f"follow-up page {number}")
        entrepreneur.get_by_role("button",
                                 name="Tallenna ja tarkista ennen lähettämistä" if number == len(followup.pages)
                                 else "Tallenna ja jatka").click()
    entrepreneur.wait_for_url(re.compile(r"/tarkista$"))
    assert_accessible(entrepreneur, "follow-up review")
    entrepreneur.get_by_role("button", name="Lähetä vastaukset").click()
    entrepreneur.wait_for_url(re.compile(r"/valmis$"))
    assert entrepreneur.locator("h1").inner_text() == "Kiitos – seurantavastauksesi on lähetetty"
    assert entrepreneur.get_by_role("heading", name="Kehitys ensimmäisen analyysin jälkeen").is_visible()
    # on a phone the levels are cards (the desktop table is hidden), nothing off-screen
    assert entrepreneur.get_by_role("list", name="Tasot osa-alueittain, ensimmäinen analyysi ja seuranta").is_visible()
    assert not entrepreneur.locator("table caption", has_text="Tasot osa-alueittain").is_visible()
    assert entrepreneur.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(entrepreneur, "before/after")
    entrepreneur.context.close()

    page.reload()
    row = page.locator("tbody tr", has=page.get_by_role("link", name=company, exact=True))
    assert "Vastattu" in row.first.inner_text()
    page.get_by_role("link", name="Kehitys koontinäkymässä").click()
    expect(page.get_by_role("heading", name="Kehitys ensimmäisen analyysin jälkeen (seuranta)")).to_be_visible()
    assert page.locator("#impact-caption").is_visible()
    assert_accessible(page, "dashboard with impact")
