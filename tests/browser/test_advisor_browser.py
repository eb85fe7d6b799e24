"""An advisor logs in, finds a company, records an interview and opens the final report; a
coordinator's pages too. axe-core on every workspace page (0 WCAG 2.1 A/AA violations)."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible

pytestmark = pytest.mark.browser


def log_in(page, base, email):
    page.goto(f"{base}/kirjaudu?lang=fi")
    assert_accessible(page, "login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill("oikein-hyva-salasana")
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(re.compile(r"/neuvoja/$"))


def test_advisor_records_an_interview_and_opens_the_final_report(page, live_server):
    base, app = live_server
    # a wrong password first: the message is shown and the page stays accessible
    page.goto(f"{base}/kirjaudu?lang=fi")
    page.get_by_label("Sähköposti").fill("anna@miksei.test")
    page.get_by_label("Salasana").fill("väärä-salasana-123")
    page.get_by_role("button", name="Kirjaudu").click()
    assert "salasana on väärin" in page.locator(".error-summary").inner_text()
    assert_accessible(page, "login error")

    log_in(page, base, "anna@miksei.test")
    assert_accessible(page, "companies")
    first = page.locator("tbody th a").first
    name = first.inner_text()
    page.get_by_label("Hae nimellä, Y-tunnuksella tai kunnalla").fill(name[:10])
    page.get_by_role("button", name="Hae").click()
    assert_accessible(page, "search results")
    page.get_by_role("link", name=name).first.click()
    page.wait_for_url(re.compile(r"/neuvoja/yritys/\d+$"))
    assert page.locator("h1").inner_text() == name
    company_url = page.url
    assert_accessible(page, "company")

    page.get_by_role("link", name="Kirjaa neuvontahaastattelu").click()
    page.get_by_label("Haastattelupäivä").fill("")
    page.get_by_role("button", name="Tallenna valmiina").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "interview with errors")
    page.get_by_label("Haastattelupäivä").fill("2026-11-20")
    page.get_by_label("Osallistujat").fill("Anna ja yrittäjä")
    page.get_by_label("Digitoiminnan kenttä").fill("Matkailu ja verkkomyynti")
    page.get_by_label("Digimarkkinoinnin taso").select_option("regular")
    page.get_by_label("Verkkosivut ja myyntisivu").select_option("75")
    page.get_by_label("Asiakkuudenhallinta (CRM)").check()
    page.locator("#action_1_what").fill("Varausjärjestelmä käyttöön")
    page.locator("#action_1_who").fill("Yrittäjä")
    page.get_by_label("TP2: Työpaja 2: Lisää liidejä ja yhteydenottoja").check()
    assert_accessible(page, "interview form")
    page.get_by_role("button", name="Tallenna valmiina").click()
    page.wait_for_url(re.compile(r"/neuvoja/yritys/\d+$"))
    assert "Haastattelu tallennettiin valmiina." in page.locator(".flash").inner_text()

    page.get_by_role("link", name="Muutoshistoria").first.click()
    assert_accessible(page, "history")
    page.go_back()
    page.get_by_role("link", name="Neuvontaraportti").click()
    page.wait_for_url(re.compile(r"/raportti$"))  # content() while the page loads is empty on a busy machine
    assert "Varausjärjestelmä käyttöön" in page.content()
    assert_accessible(page, "report view")
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa PDF-tiedostona").click()
    assert download.value.suggested_filename.endswith("-fi.pdf")

    # the final interview is shown as it stands in the report; reopening it needs a reason
    page.goto(company_url)
    page.get_by_role("link", name="20.11.2026 – Anna").click()
    assert "Varausjärjestelmä käyttöön" in page.content() and page.locator("#action_1_what").count() == 0
    assert_accessible(page, "final interview")
    page.get_by_role("button", name="Avaa luonnokseksi").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "reopen without a reason")
    page.get_by_label("Miksi se avataan?").fill("Toimenpiteen vastuuhenkilö korjataan")
    page.get_by_role("button", name="Avaa luonnokseksi").click()
    assert "avattiin luonnokseksi" in page.locator(".flash").inner_text()
    assert page.locator("#action_1_what").input_value() == "Varausjärjestelmä käyttöön"


def test_coordinator_pages_are_accessible(page, live_server):
    base, _ = live_server
    log_in(page, base, "kaisa@xamk.test")
    for path, name in [("/neuvoja/", "companies"), ("/neuvoja/kayttajat", "users"), ("/neuvoja/loki", "audit log")]:
        for lang in ("fi", "en"):
            page.goto(f"{base}{path}?lang={lang}")
            assert_accessible(page, f"{name} {lang}")
    page.goto(f"{base}/neuvoja/kayttajat?lang=fi")
    page.get_by_role("button", name="Luo käyttäjä").click()
    assert page.locator(".has-error").count() >= 1
    assert_accessible(page, "users with errors")


def test_coordinator_filters_and_downloads_an_xlsx(page, live_server):
    from openpyxl import load_workbook

    base, _ = live_server
    log_in(page, base, "kaisa@xamk.test")
    for lang in ("fi", "en"):
        page.goto(f"{base}/koordinaattori/?lang={lang}")
        assert_accessible(page, f"dashboard {lang}")
    page.goto(f"{base}/koordinaattori/?lang=fi")
    page.locator("#municipality").select_option("491")
    page.get_by_role("button", name="Näytä", exact=True).click()
    page.wait_for_url(re.compile(r"municipality=491"))
    assert_accessible(page, "dashboard filtered")
    with page.expect_download() as download:
        page.get_by_role("button", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(open(download.value.path(), "rb"))
    rows = list(workbook["responses"].iter_rows(values_only=True))
    municipality = rows[0].index("municipality")
    assert len(rows) > 1 and all(row[municipality] == "491" for row in rows[1:])


def test_waiting_analysis_is_confirmed_on_the_company_page(browser, live_server, viewport):
    """An analysis under an existing business ID waits on the company page with what differs;
    the pages are accessible in both languages on a phone and a desktop; confirming links it."""
    from storage.db import connect
    from tests.helpers import Walker

    base, app = live_server
    db = connect(app.config["DATABASE"])
    company = next(db.query("SELECT id, business_id FROM companies WHERE organisation = 'miksei' ORDER BY id DESC"))
    walker = Walker(app.test_client(), app.extensions["surveys"].current("tp1"))
    token = walker.start()
    name = f"Uusi Nimi {viewport['width']} & Co Oy"
    walker.walk(token, overrides={"business_id": company["business_id"], "company_name": name,
                                  "municipality": "740", "contact_name": "Ville Vieras"})
    context = browser.new_context(viewport=viewport, locale="fi-FI")
    page = context.new_page()
    log_in(page, base, "anna@miksei.test")
    page.get_by_role("link", name=re.compile("vahvistusta odottava")).click()
    page.wait_for_url(re.compile(r"/neuvoja/odottavat$"))
    assert_accessible(page, "waiting list")
    for lang in ("en", "fi"):
        page.goto(f"{base}/neuvoja/yritys/{company['id']}?lang={lang}")
        assert name in page.locator(".waiting table").inner_text()
        assert_accessible(page, f"company with a waiting analysis {lang}")
    page.get_by_label("Ota käyttöön myös uusi yrityksen nimi").check()
    page.get_by_role("button", name=re.compile("Vahvista ja liitä yritykseen")).first.click()
    page.wait_for_url(re.compile(r"/neuvoja/yritys/\d+$"))
    assert "Analyysi vahvistettiin" in page.locator(".flash").inner_text()
    assert page.locator("h1").inner_text() == name
    context.close()


def test_the_email_queue_is_accessible(page, live_server):
    """The coordinator's email queue with a message given up and one waiting (then emptied again,
    so that the dashboard of later tests has no email line)."""
    from storage import outbox
    from storage.db import connect

    base, app = live_server
    db = connect(app.config["DATABASE"])
    for to in ("tiina@example.com", "<b>matti</b>@example.com"):
        outbox.enqueue(db, to, "Paikka koulutuksessa: Verkkokaupan perusteet kevät 2027", "body", "test")
    db.execute("UPDATE outbox SET status = 'failed', attempts = 8, last_error = 'SMTPRecipientsRefused 550' "
               "WHERE id = (SELECT min(id) FROM outbox)")
    db.conn.commit()
    try:
        log_in(page, base, "kaisa@xamk.test")
        for lang in ("fi", "en"):
            page.goto(f"{base}/koordinaattori/?lang={lang}")
            assert page.locator(".flash a[href='/koordinaattori/sahkopostit']").count() == 1
            page.goto(f"{base}/koordinaattori/sahkopostit?lang={lang}")
            assert "<b>matti</b>@example.com" in page.locator("main").inner_text()
            assert_accessible(page, f"email queue {lang}")
    finally:
        db.execute("DELETE FROM outbox")
        db.conn.commit()
