"""The entrepreneur's results page behind the private link."""

import re

import pytest

from tests.helpers import set_today

from storage.db import connect
from tests.prepared import demo_load


def _load_demo(app, companies=40):
    result = demo_load(app, "--companies", str(companies), "--drafts", "0")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang, texts", [
    ("fi",
     ["Tuloksesi", "Digitaalinen kypsyys", "Kehityssuunnitelmasi", "Sinulle sopivat koulutukset",
      "Verkkosivut ja myyntisivu",
            "Sama toimiala: I Majoitus- ja ravitsemistoiminta"]),
    ("en",
     ["Your results", "Digital maturity", "Your development plan", "Trainings that suit you", "Website and sales page",
            "Same industry: I Accommodation and food service activities"]),
])
def test_results_in_both_languages(app, client, walker, lang, texts):
    _load_demo(app)
    token = walker.start(lang)
    walker.walk(token)
    done = client.get(f"/a/{token}/valmis").get_data(as_text=True)
    assert f"/a/{token}/tulokset" in done
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    for text in texts:
        assert text in html, text
    assert 'src="data:image/svg+xml;base64,' in html and 'alt="' in html
    assert "<table>" in html and 'scope="row"' in html


def test_numbers_on_the_page(app, client, walker):
    token = walker.start("en")
    walker.walk(token)  # every ladder answered "2" of 4 -> every level 50, index 50
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert '<span class="index-number">50</span> / 100 – <strong>Developing</strong>' in html
    # alone in the database: no peers, so no comparisons, and the page says so
    assert "Not enough companies have answered yet for a comparison (at least 5 are needed)." in html
    assert "Not enough peers (fewer than 5) – not shown" in html
    # the background says a web shop is planned -> TP4 path 1, at 250 €
    assert "<h3>E-commerce path 1: Starting a web shop</h3>" in html and "Fee: 250 € per company" in html
    assert "<strong>Why this training:</strong> You answered: “We plan to open a web shop”." in html
    assert "TP4" not in html and "TP2" not in html  # no work-package codes in the entrepreneur's view


@pytest.mark.parametrize("turnover", ["700k_2m", "2m_10m", "over_50m"])
def test_high_turnover_gets_the_higher_tp2_fee(client, walker, turnover):
    token = walker.start("en")
    walker.walk(token, overrides={"turnover": turnover, "website_state": "0", "website_mobile": "0",
                                  "website_importance": "5"})
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "<h3>Workshop 1: Basics of digital business</h3>" in html and "Fee: 350 € per company" in html
    assert "higher workshop fee" in html
    assert "Important to you, with room to improve: Website and sales page (level 0, importance 5/5)" in html


def test_draft_has_no_results_yet(client, walker):
    token = walker.start()
    response = client.get(f"/a/{token}/tulokset")
    assert response.status_code == 302 and response.location.endswith(f"/a/{token}")


def test_unknown_token_is_404(client):
    assert client.get("/a/doesnotexistdoesnotexistdoesnotexist12/tulokset").status_code == 404


def test_company_name_is_shown_literally(app, client, walker):
    token = walker.start()
    walker.walk(token, overrides={"company_name": "<b>Äkäslompolo & Co</b>"})
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "&lt;b&gt;Äkäslompolo &amp; Co&lt;/b&gt;" in html and "<b>Äkäslompolo" not in html


def test_results_are_the_same_on_every_visit(app, client, walker):
    _load_demo(app, 12)
    token = walker.start()
    walker.walk(token)
    first = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    second = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert first == second
    assert next(connect(app.config["DATABASE"]).query("SELECT count(*) AS n FROM scores"))["n"] == 13


def test_recommended_trainings_show_the_next_course_and_seats(app, client, walker):
    """Issue 15.3: once trainings are in the tool, a recommended training shows its next course's
    date and the seats left (or that it is full), and no date when none is scheduled."""
    import re

    token = walker.start()
    walker.walk(token)
    page = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Koulutuspäiviä ei ole vielä julkaistu" in page  # nothing scheduled yet
    offers = re.findall(r'data-offer="([\w-]+)"', page)
    assert offers, "the recommended trainings carry their offer id"
    set_today(app, "2026-11-23")
    runner = app.test_cli_runner()
    for offer in offers:
        created = runner.invoke(args=["training", "course-create", offer, "--start", "2027-01-12", "--seats", "3"])
        assert created.exit_code == 0, created.output
    runner.invoke(args=["training", "course-create", offers[0], "--start", "2026-10-01"])  # past: not shown
    page = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert page.count("Seuraava koulutus alkaa 12.1.2027: 3 paikkaa vapaana.") == len(offers)
    english = client.get(f"/a/{token}/tulokset?lang=en").get_data(as_text=True)
    assert "Next course starts 12 Jan 2027: 3 seats left." in english


@pytest.mark.parametrize("lang, na, not_compared, too_few", [
    ("fi", "ei koske", "ei verrattu", "liian vähän vertailuyrityksiä"),
    ("en", "does not apply", "not compared", "not enough peers"),
])
def test_an_area_that_does_not_apply_says_so_not_too_few_peers(app, client, walker, survey, lang, na,
                                                                not_compared, too_few):
    """Forty companies answered, so every applicable area is compared; the area answered "does not
    apply" says that it does not apply instead of "too few companies to compare"."""
    _load_demo(app)
    token = walker.start(lang)
    overrides = {q.id: next(o.code for o in q.options if o.not_applicable)
                 for q in survey.area_questions("paid_ads", "level")}
    walker.walk(token, overrides=overrides)
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    name = survey.area("paid_ads").name.get(lang)
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', html, re.S).group(1)
    assert na in row and not_compared in row and too_few not in row
    card = re.search(rf"<h3>{name}</h3>\s*<dl>(.*?)</dl>", html, re.S).group(1)
    assert na in card and not_compared in card and too_few not in card
    assert too_few not in html  # forty companies: every other area is compared


@pytest.mark.parametrize("lang, label", [("fi", "Miksi tämä koulutus:"), ("en", "Why this training:")])
def test_why_a_training_fits_is_said_once(client, walker, lang, label):
    """Issue: "Miksi:" four times in one paragraph. Several weak, important areas behind one
    workshop make one sentence after one label, on the page and in the PDF."""
    import io

    from pypdf import PdfReader

    weak = {q: "0" for q in ("website_state", "website_mobile", "analytics_tracking", "analytics_decisions",
                             "leads_customer_data", "leads_email")}
    important = {f"{a}_importance": "5" for a in ("website", "analytics", "leads_crm")}
    token = walker.start(lang)
    walker.walk(token, overrides={**weak, **important})
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    offers = re.findall(r'<li data-offer="[^"]+">(.*?)</li>', html, re.S)
    assert offers and all(o.count(label) <= 1 for o in offers)
    assert "Miksi:" not in html and "Why:" not in html
    assert max(o.count("/5)") for o in offers) >= 2  # several areas in the one sentence
    pdf = client.get(f"/a/{token}/raportti.pdf?lang={lang}").data
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Miksi:" not in text and "Why:" not in text and label in text
