"""The entrepreneur's walk through the questionnaire, with Flask's test client."""

import re
import pytest

from storage import responses as store
from storage.db import connect
from tests.helpers import csrf_of, deliver_outbox, fake_smtp


def _db(app):
    return connect(app.config["DATABASE"])


def _submitted_count(app):
    return next(_db(app).query("SELECT count(*) AS n FROM responses WHERE status = 'submitted'"))["n"]


@pytest.mark.parametrize("lang, heading, button", [
    ("fi", "Yrityksen ja yhteyshenkilön tiedot", "Tallenna ja jatka"),
    ("en", "Company and contact person", "Save and continue"),
])
def test_full_walk_in_both_languages(app, client, walker, survey, lang, heading, button):
    token = walker.start(lang)
    first = walker.get(token, survey.pages[0]).get_data(as_text=True)
    assert heading in first and button in first
    assert f"/a/{token}" in first  # the private resume link is shown on the first page
    for number, page in enumerate(survey.pages, start=1):
        html = walker.get(token, page).get_data(as_text=True)
        assert f"{number} / {len(survey.pages)}" in html or f"{number} of {len(survey.pages)}" in html
    done = walker.walk(token)
    assert done.location.endswith(f"/a/{token}/valmis")
    page = client.get(done.location).get_data(as_text=True)
    assert ("Kiitos" in page) if lang == "fi" else ("Thank you" in page)
    assert "Mäntyharjun Testi Oy" in page
    response = store.get_by_token(_db(app), token)
    assert response.submitted and response.survey_id == "tp1" and response.survey_version == 2
    assert response.answers["business_id"] == "2077474-0"
    assert response.answers["website_url"] == "https://www.testi.fi"
    assert response.answers["contact_phone"] == "+358401234567"
    assert response.language == lang


def test_every_page_is_saved_as_a_draft_and_resumes_from_another_device(app, walker, survey):
    token = walker.start()
    walker.walk(token, until=survey.pages[3].id)
    other = app.test_client()  # another device: no cookies, only the link
    resumed = other.get(f"/a/{token}")
    assert resumed.status_code == 302 and resumed.location.endswith(f"/sivu/{survey.pages[3].id}")
    company = other.get(f"/a/{token}/sivu/company").get_data(as_text=True)
    assert 'value="Mäntyharjun Testi Oy"' in company
    draft = store.get_by_token(_db(app), token)
    assert draft.status == "draft" and draft.answers["website_state"] == "2"


def test_double_submit_stores_one_response(app, client, walker, survey):
    token = walker.start()
    walker.walk(token, until=survey.pages[-1].id)
    last = survey.pages[-1]
    html = walker.get(token, last).get_data(as_text=True)
    from tests.helpers import page_data
    form = {**page_data(survey, last), "csrf_token": csrf_of(html), "nav": "submit"}
    first = client.post(walker.url(token, last), data=form)
    second = client.post(walker.url(token, last), data=form)  # the double click
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert _submitted_count(app) == 1
    again = client.get(f"/a/{token}")
    assert again.location.endswith("/valmis")
    assert next(_db(app).query("SELECT count(*) AS n FROM companies"))["n"] == 1


def test_repeated_analysis_waits_for_confirmation_under_the_same_company(app, walker):
    for _ in range(2):
        walker.walk(walker.start())
    rows = list(_db(app).query("SELECT company_id, claimed_company_id, claim FROM responses WHERE status = 'submitted' "
                               "ORDER BY id"))
    assert len(rows) == 2 and rows[0]["company_id"] is not None and rows[0]["claim"] is None
    assert rows[1] == {"company_id": None, "claimed_company_id": rows[0]["company_id"], "claim": "pending"}


@pytest.mark.parametrize("lang, message", [
    ("fi", "Tarkista Y-tunnus"),
    ("en", "Check the business ID"),
])
def test_invalid_business_id_message_keeps_everything_typed(walker, survey, lang, message):
    token = walker.start(lang)
    response = walker.post(token, survey.pages[0], overrides={"business_id": "2077474-1", "contact_role": "Omistaja"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert 'value="2077474-1"' in html and 'value="Omistaja"' in html and 'value="Mäntyharjun Testi Oy"' in html
    assert 'aria-describedby="business_id-help business_id-error"' in html
    assert 'href="#business_id"' in html  # the error summary links to the field


@pytest.mark.parametrize("field, value, message", [
    ("contact_email", "tiina(at)example", "Tarkista sähköpostiosoite"),
    ("contact_phone", "12", "Tarkista puhelinnumero"),
    ("website_url", "not a url", "Tarkista verkkosivujen osoite"),
    ("company_name", "x" * 201, "enintään 200 merkkiä (nyt 201)"),
    ("company_name", "   ", "Vastaa tähän kysymykseen"),
])
def test_validation_messages_in_finnish(walker, survey, field, value, message):
    token = walker.start()
    html = walker.post(token, survey.pages[0], overrides={field: value}).get_data(as_text=True)
    assert message in html


def test_required_radio_missing_is_reported(walker, survey):
    token = walker.start()
    page = survey.pages[2]
    from tests.helpers import page_data
    data = page_data(survey, page)
    del data["website_state"]
    html = walker.post(token, page, data=data).get_data(as_text=True)
    assert "Vastaa tähän kysymykseen" in html
    # the summary leads to the question (its fieldset with the legend), not to its first option
    assert 'href="#website_state"' in html and 'href="#website_state-0"' not in html
    assert re.search(r'<fieldset[^>]*id="website_state" tabindex="-1"', html)
    assert re.search(r'class="error-summary"[^>]*tabindex="-1" autofocus', html)


def test_ratings_not_needed_when_no_item_of_the_area_applies(app, walker, survey):
    """An area whose every ladder item is "does not apply" needs no competence or importance
    rating: the page moves on, the review lists nothing missing and the analysis can be sent."""
    from tests.helpers import page_data
    token = walker.start()
    walker.walk(token, until=survey.pages[2].id)
    page = survey.pages[2]
    area = page.questions[0].area
    data = page_data(survey, page)
    for q in survey.area_questions(area, "level"):
        data[q.id] = next(o.code for o in q.options if o.not_applicable)
    for role in ("competence", "importance"):
        del data[survey.area_questions(area, role)[0].id]
    response = walker.post(token, page, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    # one applicable item is enough to need the ratings again
    first = survey.area_questions(area, "level")[0]
    response = walker.post(token, page, data={**data, first.id: "2"})
    assert response.status_code == 200 and "Vastaa tähän kysymykseen" in response.get_data(as_text=True)
    walker.post(token, page, data=data)
    for later in survey.pages[3:]:
        walker.post(token, later, nav="submit" if later is survey.pages[-1] else "next")
    assert store.get_by_token(_db(app), token).submitted


def test_previous_saves_without_requiring_answers(app, walker, survey):
    token = walker.start()
    walker.post(token, survey.pages[0])
    response = walker.post(token, survey.pages[1], data={"industry": "C"}, nav="prev")
    assert response.status_code == 302 and response.location.endswith("/sivu/company")
    assert store.get_by_token(_db(app), token).answers["industry"] == "C"


def test_previous_with_invalid_typed_value_keeps_it(walker, survey):
    token = walker.start()
    response = walker.post(token, survey.pages[0], overrides={"contact_email": "broken@"}, nav="lang-en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="broken@"' in html


def test_language_switch_button_saves_the_page(app, walker, survey):
    token = walker.start("fi")
    response = walker.post(token, survey.pages[0], nav="lang-en")
    assert response.status_code == 302 and "lang=en" in response.location
    html = walker.client.get(response.location).get_data(as_text=True)
    assert "Company and contact person" in html
    assert store.get_by_token(_db(app), token).answers["company_name"] == "Mäntyharjun Testi Oy"


def test_expired_csrf_token_keeps_what_was_typed(app, walker, survey):
    token = walker.start()
    from tests.helpers import page_data
    form = {**page_data(survey, survey.pages[0]), "csrf_token": "expired-or-forged", "nav": "next"}
    fresh = app.test_client()  # the session is gone too
    response = fresh.post(walker.url(token, survey.pages[0]), data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Istuntosi oli vanhentunut" in html
    assert 'value="Mäntyharjun Testi Oy"' in html and 'value="tiina@example.com"' in html
    # pressing the button again with the fresh token from the re-shown page saves the page
    retry = fresh.post(walker.url(token, survey.pages[0]), data={**form, "csrf_token": csrf_of(html)})
    assert retry.status_code == 302
    assert store.get_by_token(_db(app), token).answers["company_name"] == "Mäntyharjun Testi Oy"


def test_csrf_is_required_to_start(client):
    response = client.post("/analyysi/aloita")
    assert response.status_code == 400
    assert "Istuntosi oli vanhentunut" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/a/doesnotexistdoesnotexistdoesnotexist12",
    "/a/short",
    "/a/doesnotexistdoesnotexistdoesnotexist12/sivu/company",
    "/a/doesnotexistdoesnotexistdoesnotexist12/valmis",
])
def test_bad_token_is_404_with_a_friendly_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in response.get_data(as_text=True)


def test_unknown_page_of_a_real_token_is_404(walker):
    token = walker.start()
    assert walker.client.get(f"/a/{token}/sivu/nope").status_code == 404


def test_script_in_answers_is_shown_literally(client, walker, survey):
    token = walker.start()
    hostile = '<script>alert("x")</script> & <b>Oy</b>'
    walker.walk(token, overrides={"company_name": hostile, "biggest_challenge": hostile})
    html = client.get(f"/a/{token}/valmis").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Oy&lt;/b&gt;" in html


def test_text_is_nfc_normalised_and_stripped(app, walker, survey):
    token = walker.start()
    decomposed = "  Ma\u0308ntyharju  "
    walker.post(token, survey.pages[0], overrides={"company_name": decomposed})
    assert store.get_by_token(_db(app), token).answers["company_name"] == "Mäntyharju"


def test_submitted_response_is_immutable(app, walker, survey):
    token = walker.start()
    walker.walk(token)
    response = walker.client.post(walker.url(token, survey.pages[0]),
                                  data={"company_name": "Changed", "csrf_token": "x", "nav": "next"})
    assert response.status_code in (302, 400)
    assert store.get_by_token(_db(app), token).answers["company_name"] == "Mäntyharjun Testi Oy"
    with pytest.raises(store.AlreadySubmitted):
        store.save_answers(_db(app), token, {"company_name": "Changed"}, "company", "fi")


def test_submit_with_missing_required_answers_goes_to_that_page(app, client, walker, survey):
    token = walker.start()
    walker.post(token, survey.pages[0])
    # jump straight to the last page (e.g. an old bookmark) and send
    response = walker.post(token, survey.pages[-1], nav="submit")
    assert response.status_code == 302 and response.location.endswith(f"/sivu/{survey.pages[1].id}")
    assert _submitted_count(app) == 0


def test_resume_link_is_emailed_when_smtp_is_configured(app, walker, survey, monkeypatch):
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", MAIL_USE_TLS=True)
    token = walker.start()
    walker.post(token, survey.pages[0])
    walker.post(token, survey.pages[0])  # saving again with the same address sends nothing new
    assert not sent  # queued with the page's save, delivered by the outbox sender
    deliver_outbox(app)
    messages = [item for item in sent if item[0] == "message"]
    assert len(messages) == 1
    assert messages[0][1] == "tiina@example.com" and f"/a/{token}" in messages[0][3]


def test_no_email_without_smtp(app, walker, survey, monkeypatch):
    monkeypatch.setattr("smtplib.SMTP", lambda *a, **k: pytest.fail("SMTP used"))
    token = walker.start()
    assert walker.post(token, survey.pages[0]).status_code == 302


def test_tokens_are_stored_only_as_hashes(app, walker):
    token = walker.start()
    rows = list(_db(app).query("SELECT * FROM responses"))
    assert token not in repr(rows)


def test_simultaneous_submits_store_one_submission(app, walker, survey):
    """Two workers handling the same submit at the same moment: exactly one submits."""
    import threading

    from questionnaire import flow

    token = walker.start()
    walker.walk(token, until=survey.pages[-1].id)
    walker.post(token, survey.pages[-1], nav="prev")  # consents saved, not yet submitted
    results, barrier = [], threading.Barrier(6)

    def submit():
        db = connect(app.config["DATABASE"])
        barrier.wait()
        results.append(store.submit(db, token, flow.finalizer(survey, app.extensions["surveys"].method(survey)))[1])

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False] * 5 + [True]
    assert _submitted_count(app) == 1
