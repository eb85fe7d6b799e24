"""The coordinator's dashboard uses a desktop's width and has a table of contents, still fits a
phone; the advisor's company page shows the contact card. axe-core 0 violations throughout.
Set SCREENSHOT_DIR to keep screenshots of every view (desktop 1366 and phone 390, fi and en)."""

import os
import re
from pathlib import Path

import pytest

from .helpers import assert_accessible
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
def test_dashboard_layout_and_table_of_contents(page, live_server, size):
    base, _ = live_server
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    log_in(page, base, "kaisa@xamk.test")
    for lang, first_column in (("fi", "Mittari"), ("en", "Measure")):
        page.goto(f"{base}/koordinaattori/?lang={lang}")
        toc = page.locator("nav.toc")
        links = toc.locator("a")
        assert links.count() >= 8
        for n in range(links.count()):
            target = links.nth(n).get_attribute("href")
            assert target.startswith("#") and page.locator(target).count() == 1, target
        headers = page.locator("#targets-caption").locator("xpath=..").locator("thead th").all_inner_texts()
        assert headers[0] == first_column and len(set(headers)) == len(headers)
        main = page.locator(".dashboard-main").bounding_box()
        if size == "desktop":
            assert toc.bounding_box()["x"] + toc.bounding_box()["width"] <= main["x"]  # side by side
            assert main["width"] > 900  # the screen's width is used
        else:
            assert toc.bounding_box()["y"] < main["y"]  # stacked on a phone
        _no_sideways_scroll(page)
        assert_accessible(page, f"dashboard {lang} {size}")
        _shot(page, f"dashboard-{lang}-{size}")
    page.goto(f"{base}/koordinaattori/?lang=fi")
    page.locator("nav.toc").get_by_role("link", name="Koulutustarve").click()
    page.wait_for_url(re.compile(r"#demand-heading$"))
    table = page.locator("#demand-caption").locator("xpath=..")
    for row in table.locator("tbody tr", has_text="Tiedot, tietosuoja ja kyberturvallisuus").all():
        assert "Työpaja 7" not in row.inner_text() and "Ei työpajaa" in row.inner_text()
    for row in table.locator("tbody tr", has_text="Verkkokauppa ja digitaalinen myynti").all():
        assert "Työpaja 1" in row.inner_text()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_company_page_has_a_contact_card(page, live_server, size):
    base, _ = live_server
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    log_in(page, base, "anna@miksei.test")
    page.locator("table a[href*='/neuvoja/yritys/']").first.click()
    page.wait_for_url(re.compile(r"/neuvoja/yritys/\d+$"))
    company_url = page.url
    for lang, heading in (("fi", "Yhteystiedot"), ("en", "Contact details")):
        page.goto(f"{company_url}?lang={lang}")
        card = page.locator(".contact-card")
        assert card.get_by_role("heading", name=heading).count() == 1
        assert card.locator(".consent").count() == 1
        _no_sideways_scroll(page)
        assert_accessible(page, f"company page {lang} {size}")
        _shot(page, f"company-{lang}-{size}")
        page.get_by_role("link", name="Neuvontaraportti" if lang == "fi" else "Advisory report").click()
        assert page.locator(".contact-card").count() == 1
        assert_accessible(page, f"report view {lang} {size}")
        _shot(page, f"report-{lang}-{size}")
