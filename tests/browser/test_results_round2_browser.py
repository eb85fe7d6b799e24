"""What an entrepreneur sees, second round (issue 23), in Chromium on a 390x844 phone and a
desktop, in Finnish and English, with axe-core on every page: the follow-up comparison fits a
phone (cards and a chart drawn for it), an area that does not apply says so, one scale of level
names, why a training fits said once, one date style per language, the lost-link page without
mail, and the event link from the coordinator's page to the entrepreneur's start. (Named to run
after the follow-up browser test: it adds analysed companies.)"""

import re

import pytest

from storage import followups
from storage.db import connect
from tests.helpers import Walker

from .helpers import assert_accessible
from .test_advisor_browser import log_in

pytestmark = pytest.mark.browser
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SIZES = [("fi", "phone"), ("en", "phone"), ("fi", "desktop"), ("en", "desktop")]


def _context(browser, size):
    context = browser.new_context(viewport=VIEWPORTS[size], is_mobile=size == "phone", has_touch=size == "phone")
    context.set_default_timeout(15_000)
    return context


def _waiting_link(app) -> str:
    db = connect(app.config["DATABASE"])
    nonce = next(db.query("SELECT i.nonce FROM followup_invitations i LEFT JOIN responses r ON r.id = i.response_id "
                          "WHERE r.id IS NULL ORDER BY i.id LIMIT 1"))["nonce"]
    return followups.link_token(app.config["SECRET_KEY"], nonce)


@pytest.mark.parametrize("lang, size", SIZES)
def test_the_follow_up_comparison_fits_a_phone(browser, live_server, artifacts, lang, size):
    base, app = live_server
    link = _waiting_link(app)
    client = app.test_client()
    client.get(f"/seuranta/{link}?lang={lang}")
    Walker(client, app.extensions["surveys"].current("tp1_followup")).walk(
        link, overrides={"website_state": "4", "social_presence": "0", "satisfaction": "4"})
    context = _context(browser, size)
    page = context.new_page()
    page.goto(f"{base}/a/{link}/valmis?lang={lang}")
    width = VIEWPORTS[size]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing off-screen
    cards, table = page.locator(".comparison .area-cards"), page.locator(".comparison .table-wrap")
    assert cards.is_visible() == (size == "phone") and table.is_visible() == (size == "desktop")
    shown = cards if size == "phone" else table
    change = "Muutos" if lang == "fi" else "Change"
    assert change in shown.inner_text() and (shown.locator("li").count() == 12 or size == "desktop")
    chart = page.locator(".comparison img.chart")
    phone_chart = chart.evaluate("img => img.currentSrc !== img.src")
    assert phone_chart == (size == "phone")  # the chart drawn for the narrow screen, not the desktop one shrunk
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}" if lang == "fi"
                     else r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d{2}", page.locator("main").inner_text())
    assert_accessible(page, f"follow-up comparison ({lang}, {size})")
    page.screenshot(path=str(artifacts / f"followup-{lang}-{size}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("lang, size", SIZES)
def test_results_say_does_not_apply_one_scale_and_why_once(browser, live_server, lang, size):
    base, app = live_server
    survey = app.extensions["surveys"].current("tp1")
    method = app.extensions["surveys"].method(survey)
    overrides = {q.id: next(o.code for o in q.options if o.not_applicable)
                 for q in survey.area_questions("paid_ads", "level")}
    overrides.update({q: "0" for q in ("website_state", "website_mobile", "analytics_tracking",
                                       "analytics_decisions", "leads_customer_data", "leads_email")})
    overrides.update({f"{a}_importance": "5" for a in ("website", "analytics", "leads_crm")})
    walker = Walker(app.test_client(), survey)
    token = walker.start(lang)
    walker.walk(token, overrides=overrides)
    context = _context(browser, size)
    page = context.new_page()
    page.goto(f"{base}/a/{token}/valmis")
    texts = {"fi": ("ei koske", "ei verrattu", "liian vähän vertailuyrityksiä", "Miksi tämä koulutus:"),
             "en": ("does not apply", "not compared", "not enough peers", "Why this training:")}[lang]
    when = page.locator("main p").first.inner_text()
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}" if lang == "fi"
                     else r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d{2}", when), when
    page.goto(f"{base}/a/{token}/tulokset")
    name = survey.area("paid_ads").name.get(lang)
    holder = page.locator(".area-cards li", has=page.get_by_role("heading", name=name, exact=True)) \
        if size == "phone" else page.locator("tr", has=page.get_by_role("rowheader", name=name, exact=True))
    row = holder.first.inner_text()
    assert texts[0] in row and texts[1] in row and texts[2] not in row, row
    main = page.locator("main").inner_text()
    offers = page.locator("ul.offers > li[data-offer]")
    assert all(offers.nth(n).inner_text().count(texts[3]) <= 1 for n in range(offers.count()))
    assert "Miksi:" not in main and "Why:" not in main
    names = [b.name.get(lang) for b in method.bands]
    plan_levels = re.findall(r"/ 100 – ([^·\n]+) ·", page.locator(".plan").inner_text())
    assert plan_levels and all(level.strip() in names for level in plan_levels), plan_levels
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[size]["width"]
    assert_accessible(page, f"results ({lang}, {size})")
    context.close()


@pytest.mark.parametrize("lang, heading, front", [("fi", "Kadotitko yksityisen linkkisi?", "Kadotitko linkin?"),
                                                  ("en", "Lost your private link?", "Lost the link?")])
def test_without_mail_the_lost_link_page_says_whom_to_ask(browser, live_server, lang, heading, front):
    base, _app = live_server
    for size in ("phone", "desktop"):
        context = _context(browser, size)
        page = context.new_page()
        page.goto(f"{base}/?lang={lang}")
        page.get_by_role("link", name=front).click()
        page.wait_for_url(re.compile(r"/linkki$"))
        assert page.locator("h1").inner_text() == heading
        assert page.get_by_role("heading", level=2).count() == 2
        assert_accessible(page, f"lost link without mail ({lang}, {size})")
        context.close()


def test_an_event_link_from_the_coordinators_page_to_the_start(browser, page, live_server, artifacts):
    base, app = live_server
    log_in(page, base, "kaisa@xamk.test")
    page.get_by_role("link", name="Tilaisuuslinkit").click()
    page.wait_for_url(re.compile(r"/koordinaattori/tilaisuudet$"))
    assert_accessible(page, "event links, none yet")
    page.get_by_label("Tilaisuuden nimi").fill("Hakupäivä <Juva>")
    page.get_by_label("Voimassa alkaen").fill("2026-11-23T09:00")
    page.get_by_label("Voimassa asti").fill("2026-11-22T16:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Avaa tilaisuuslinkki").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert page.get_by_label("Tilaisuuden nimi").input_value() == "Hakupäivä <Juva>"  # nothing typed is lost
    assert_accessible(page, "event link form with errors")
    page.get_by_label("Voimassa asti").fill("2026-11-23T16:00")
    page.get_by_role("button", name="Avaa tilaisuuslinkki").click()
    page.wait_for_url(re.compile(r"/koordinaattori/tilaisuudet#tilaisuus-\d+$"))
    item = page.locator(".event-link").first
    assert "Hakupäivä <Juva>" in item.inner_text() and "23.11.2026 klo 9.00 – 23.11.2026 klo 16.00" in item.inner_text()
    assert item.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, "event links")
    page.screenshot(path=str(artifacts / "event-links-fi-desktop.png"), full_page=True)
    link = item.locator(".link-box a").inner_text()
    for lang, size in (("en", "phone"), ("fi", "desktop")):
        context = _context(browser, size)
        entrepreneur = context.new_page()
        entrepreneur.goto(f"{link}?lang={lang}")
        assert "Hakupäivä <Juva>" in entrepreneur.locator(".survey-name").inner_text()
        assert ("open until 23 Nov 2026, 16:00" if lang == "en" else "auki 23.11.2026 klo 16.00 asti") \
            in entrepreneur.locator("main").inner_text()
        assert_accessible(entrepreneur, f"event link page ({lang}, {size})")
        entrepreneur.screenshot(path=str(artifacts / f"event-{lang}-{size}.png"), full_page=True)
        entrepreneur.locator("form.start-form button").click()
        entrepreneur.wait_for_url(re.compile(r"/sivu/company"))
        context.close()
