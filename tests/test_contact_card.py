"""The advisor's contact card: who to call, and only with the company's consent the email and
phone as mailto:/tel: actions (company page, report view and report PDF)."""

import io

import pytest
from pypdf import PdfReader

from reports.data.contact import build_contact
from storage.db import connect
from tests.test_advisor import login, workspace  # noqa: F401 (fixture)

ANSWERS = {"contact_name": "Tiina Testaaja", "contact_role": "Yrittäjä", "contact_email": "tiina@example.com",
           "contact_phone": "+358401234567", "website_url": "https://www.testi.fi"}


@pytest.mark.parametrize("consent, email_href, phone, phone_href", [
    (True, "mailto:tiina@example.com", "+358 40 1234567", "tel:+358401234567"),
    (False, None, None, None),
])
def test_contact_card_respects_consent(survey, consent, email_href, phone, phone_href):
    answers = dict(ANSWERS, consent_contact=consent)
    card = build_contact(survey, answers)
    assert (card["name"], card["role"], card["consent"]) == ("Tiina Testaaja", "Yrittäjä", consent)
    assert (card["email_href"], card["phone"], card["phone_href"]) == (email_href, phone, phone_href)
    assert card["website_href"] == "https://www.testi.fi"
    assert card["withheld"] is (not consent)


def test_contact_card_never_links_other_schemes(survey):
    card = build_contact(survey, dict(ANSWERS, website_url="javascript:alert(1)", consent_contact=True))
    assert card["website_href"] is None and card["website"] == "javascript:alert(1)"


def _company(app, walker, consent: bool, name: str, business_id: str) -> int:
    token = walker.start()
    overrides = {"company_name": name, "business_id": business_id, "contact_role": "<b>Omistaja</b> & \u202eRTL",
                 "consent_contact": "y" if consent else ""}
    walker.walk(token, overrides=overrides)
    db = connect(app.config["DATABASE"])
    return next(db.query("SELECT id FROM companies WHERE business_id = ?", [business_id]))["id"]


def test_company_page_and_report_show_the_card(app, workspace, walker):  # noqa: F811
    coordinator = login(app, "kaisa@xamk.test")
    agreed = _company(app, walker, True, "Suostuja Oy", "0737546-2")
    refused = _company(app, walker, False, "Kieltäjä Oy", "2345678-0")
    for path in ("/neuvoja/yritys/{id}?lang=fi", "/neuvoja/yritys/{id}/raportti?lang=fi"):
        html = coordinator.get(path.format(id=agreed)).get_data(as_text=True)
        assert "Yhteystiedot" in html and "Yritys on antanut luvan ottaa yhteyttä" in html
        assert 'href="mailto:tiina@example.com"' in html and 'href="tel:+358401234567"' in html
        assert "Tiina Testaaja" in html and "&lt;b&gt;Omistaja&lt;/b&gt; &amp; \u202eRTL" in html
        assert 'href="https://www.testi.fi"' in html
        html = coordinator.get(path.format(id=refused)).get_data(as_text=True)
        assert "Yritys ei antanut lupaa yhteydenottoon." in html
        assert "mailto:" not in html and "tel:" not in html and "tiina@example.com" not in html
        assert "Tiina Testaaja" in html
    english = coordinator.get(f"/neuvoja/yritys/{refused}?lang=en").get_data(as_text=True)
    assert "The company did not agree to be contacted." in english and "Contact details" in english


def test_report_pdf_carries_the_contact_rows(app, workspace, walker):  # noqa: F811
    coordinator = login(app, "kaisa@xamk.test")
    agreed = _company(app, walker, True, "Suostuja Oy", "0737546-2")
    refused = _company(app, walker, False, "Kieltäjä Oy", "2345678-0")

    def first_page(company_id):
        pdf = coordinator.get(f"/neuvoja/yritys/{company_id}/raportti.pdf?lang=fi").data
        return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    text = first_page(agreed)
    assert "Tiina Testaaja" in text and "tiina@example.com" in text and "+358 40 1234567" in text
    text = first_page(refused)
    assert "Tiina Testaaja" in text and "Ei lupaa yhteydenottoon" in text
    assert "tiina@example.com" not in text and "+358 40" not in text
