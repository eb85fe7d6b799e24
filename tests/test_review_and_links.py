"""The review page before the irreversible submit, the copy-link button and "email me my link"."""

import re
import threading

import pytest

from storage.db import connect
from storage.responses import get_by_token
from tests.helpers import csrf_of, deliver_outbox, fake_smtp


def _walk_to_review(walker, survey, overrides=None):
    token = walker.start("en")
    for page in survey.pages:
        response = walker.post(token, page, nav="review" if page is survey.pages[-1] else "next", overrides=overrides)
        assert response.status_code == 302, page.id
    assert response.location.endswith(f"/a/{token}/tarkista")
    return token


def test_last_page_leads_to_the_review_not_to_sending(client, walker, survey):
    token = walker.start("en")
    html = walker.get(token, survey.pages[-1]).get_data(as_text=True)
    assert 'value="review"' in html and "Save and review before sending" in html and 'value="submit"' not in html


def test_review_lists_unanswered_and_not_applicable_with_links(app, client, walker, survey):
    token = _walk_to_review(walker, survey, overrides={"website_state": "na", "ads_use": "na", "help_wanted": ""})
    assert not get_by_token(connect(app.config["DATABASE"]), token).submitted
    html = client.get(f"/a/{token}/tarkista").get_data(as_text=True)
    assert "<h1>Check before sending</h1>" in html
    website_page = survey.question("website_state").page_id
    assert f'href="/a/{token}/sivu/{website_page}#website_state">Website and sales page: Which best describes' in html
    assert "#ads_use" in html and "Answered “does not apply to us”" in html
    help_page = survey.question("help_wanted").page_id
    assert f'href="/a/{token}/sivu/{help_page}#help_wanted"' in html and "Not answered" in html
    assert "Send the analysis" in html
    # the button on the review page sends, once
    sent = client.post(f"/a/{token}/tarkista", data={"csrf_token": csrf_of(html)})
    assert sent.location.endswith(f"/a/{token}/valmis")
    assert get_by_token(connect(app.config["DATABASE"]), token).submitted
    assert client.get(f"/a/{token}/tarkista").location.endswith(f"/a/{token}/valmis")


def test_review_with_a_missing_required_answer_has_no_send_button(client, walker, survey):
    token = walker.start("en")
    walker.post(token, survey.pages[0])
    html = client.get(f"/a/{token}/tarkista").get_data(as_text=True)
    assert "Required, still missing" in html and "Answer the required questions first." in html
    assert "Send the analysis" not in html
    forced = client.post(f"/a/{token}/tarkista", data={"csrf_token": csrf_of(html)})
    assert "/sivu/" in forced.location  # sent back to the first page with missing answers


def test_review_with_an_expired_token_sends_nothing(app, client, walker, survey):
    token = _walk_to_review(walker, survey)
    response = client.post(f"/a/{token}/tarkista", data={"csrf_token": "expired"})
    assert response.status_code == 302 and response.location.endswith(f"/a/{token}/tarkista")
    assert not get_by_token(connect(app.config["DATABASE"]), token).submitted


def test_every_answered_says_ready(client, walker, survey):
    overrides = {"help_wanted": "Apua mainontaan", "website_url": "www.testi.fi"}
    token = _walk_to_review(walker, survey, overrides=overrides)
    html = client.get(f"/a/{token}/tarkista").get_data(as_text=True)
    unanswered = re.findall(r'<li><a href="[^"]+#(\w+)"', html)
    assert "Every question is answered. Ready to send." in html or unanswered  # optional fields may stay empty
    assert client.get("/a/doesnotexistdoesnotexistdoesnotexist12/tarkista").status_code == 404


def test_copy_button_is_progressive_enhancement(client, walker, survey):
    token = walker.start("fi")
    html = walker.get(token, survey.pages[0]).get_data(as_text=True)
    assert re.search(r'<button type="button" class="secondary js-copy" data-copy="[^"]+/a/' + token
                     + r'" hidden', html)
    assert '<p class="copy-status" role="status"></p>' in html and "Kopioi linkki" in html
    assert 'src="/static/copy.js" defer' in html
    assert "Lähetä linkkini sähköpostiin" not in html  # no SMTP configured: no email form


# --- "email me my link" ----------------------------------------------------------------------

@pytest.fixture
def mailbox(app, monkeypatch):
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test")
    return sent


def _ask(client, address, lang="fi"):
    html = client.get(f"/linkki?lang={lang}").get_data(as_text=True)
    response = client.post("/linkki", data={"csrf_token": csrf_of(html), "email": address}, follow_redirects=True)
    deliver_outbox(client.application)
    return response


def test_the_answer_does_not_wait_for_the_mail_server(app, walker, survey, monkeypatch):
    """A known address must not answer later than an unknown one: the mail is queued and goes
    out from the outbox. The fake mail server holds the connection until the answer has arrived;
    sent in the request, the answer would come only after the server gave up waiting."""
    token = walker.start("fi")
    walker.walk(token, until=survey.pages[2].id)
    answered, sent = threading.Event(), []
    inner = fake_smtp(sent)

    def slow_smtp(host, port, timeout):
        sent.append(("answer came first", answered.wait(timeout=10)))
        return inner(host, port, timeout)

    monkeypatch.setattr("smtplib.SMTP", slow_smtp)
    app.config.update(MAIL_SERVER="smtp.test")
    client = app.test_client()
    html = client.get("/linkki?lang=fi").get_data(as_text=True)
    response = client.post("/linkki", data={"csrf_token": csrf_of(html), "email": "tiina@example.com"})
    answered.set()
    assert response.status_code == 302
    deliver_outbox(app)
    assert sent[0] == ("answer came first", True)
    assert [m[1] for m in sent if m[0] == "message"] == ["tiina@example.com"]


@pytest.mark.parametrize("lang, texts", [
    ("fi", ["Kadotitko yksityisen linkkisi?", "ei lähetä sähköpostia", "digiyritysneuvojat auttavat"]),
    ("en", ["Lost your private link?", "does not send email", "digital advisors help you"]),
])
def test_without_smtp_the_page_says_how_to_get_the_link_back(app, client, lang, texts):
    """No email form without SMTP, and never a 404: whom to ask (projectdata/contact.toml)."""
    response = client.get(f"/linkki?lang={lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and all(t in html for t in texts), html
    assert 'type="email"' not in html
    app.config.update(CONTACT_EMAIL="apu@digifocus.example")
    assert 'href="mailto:apu@digifocus.example"' in client.get("/linkki").get_data(as_text=True)
    front = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert 'href="/linkki"' in front


def test_known_and_unknown_addresses_get_the_same_answer(app, client, walker, survey, mailbox):
    token = walker.start("fi")
    walker.walk(token, until=survey.pages[2].id)  # contact email tiina@example.com is on the first pages
    deliver_outbox(app)  # the resume link queued with the first page
    mailbox.clear()
    known = _ask(app.test_client(), "Tiina@Example.com").get_data(as_text=True)
    unknown = _ask(app.test_client(), "nobody@example.com").get_data(as_text=True)
    assert "Jos osoite on tiedoissamme, lähetimme yksityisen linkin siihen." in known

    def answer(html):
        return re.search(r'<p class="flash[^>]*>(.*?)</p>', html, re.S).group(1)

    assert answer(known) == answer(unknown)
    messages = [m for m in mailbox if m[0] == "message"]
    assert len(messages) == 1 and messages[0][1] == "Tiina@example.com"  # normalised domain
    new_link = re.search(r"https?://\S+/a/([A-Za-z0-9_-]+)", messages[0][3]).group(1)
    assert new_link != token and "Mäntyharjun Testi Oy – luonnos" in messages[0][3]
    assert client.get(f"/a/{token}").status_code == 302  # the old link works until the new one is used
    assert app.test_client().get(f"/a/{new_link}").status_code == 302
    assert client.get(f"/a/{token}").status_code == 404  # then it is retired


def test_requests_are_rate_limited_per_address(app, walker, survey, mailbox):
    token = walker.start("fi")
    walker.walk(token, until=survey.pages[2].id)
    deliver_outbox(app)
    mailbox.clear()
    for _ in range(5):
        _ask(app.test_client(), "tiina@example.com")
    assert len([m for m in mailbox if m[0] == "message"]) == 3


def test_bad_address_is_explained_and_kept(client, mailbox):
    html = client.get("/linkki?lang=en").get_data(as_text=True)
    response = client.post("/linkki", data={"csrf_token": csrf_of(html), "email": "<b>ei-osoite"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Check the email address, for example name@company.fi." in page
    assert 'value="&lt;b&gt;ei-osoite"' in page and not [m for m in mailbox if m[0] == "message"]


def test_form_needs_csrf(client, mailbox):
    response = client.post("/linkki", data={"email": "tiina@example.com"})
    assert response.status_code == 400 and not [m for m in mailbox if m[0] == "message"]


def test_expired_form_keeps_the_address(client, mailbox):
    response = client.post("/linkki", data={"csrf_token": "old", "email": "tiina@example.com"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="tiina@example.com"' in page
    assert "nothing was sent yet" in page or "mitään ei vielä lähetetty" in page
    assert not [m for m in mailbox if m[0] == "message"]


def test_new_routes_in_the_access_matrix(app, walker, survey, mailbox):
    """The review page opens only with the private link, for anyone holding it (no login); the
    link form is public; an advisor's login gives no access to a company's private pages."""
    from storage import users
    from tests.helpers import csrf_of as csrf

    token = walker.start("fi")
    walker.walk(token, until=survey.pages[1].id)
    db = connect(app.config["DATABASE"])
    users.create(db, "anna@miksei.test", "Anna", "advisor", "miksei", "oikein-hyva-salasana")
    advisor = app.test_client()
    form = advisor.get("/kirjaudu").get_data(as_text=True)
    advisor.post("/kirjaudu", data={"csrf_token": csrf(form), "email": "anna@miksei.test",
                                    "password": "oikein-hyva-salasana"})
    wrong = "x" * 43
    for client in (app.test_client(), advisor):
        assert client.get(f"/a/{wrong}/tarkista").status_code == 404
        assert client.post(f"/a/{wrong}/tarkista", data={}).status_code in (400, 404)
        assert client.get("/linkki").status_code == 200
        assert client.get(f"/a/{token}/tarkista").status_code == 200  # the link is the key


def test_the_way_back_to_a_lost_link_is_offered_with_smtp(app, client, walker, mailbox):
    assert 'href="/linkki"' in client.get("/?lang=fi").get_data(as_text=True)
    assert 'href="/linkki"' in client.get("/a/" + "x" * 43).get_data(as_text=True)
    token = walker.start("en")
    assert "We also email the link to the address you give in the analysis." in walker.get(
        token, walker.survey.pages[0]).get_data(as_text=True)


def test_a_line_break_in_a_subject_cannot_end_the_header(app, mailbox):
    """Course names go into subjects; a coordinator may have typed a line break into one (no
    header injection, and no 500 after the seat change was already saved)."""
    from mailer.queue import queue_mail

    with app.app_context():
        assert queue_mail("a@example.com", "Kurssi\r\nBcc: evil@example.com", "body", "test")
    deliver_outbox(app)
    assert [m[2] for m in mailbox if m[0] == "message"] == ["Kurssi Bcc: evil@example.com"]
