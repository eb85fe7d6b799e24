"""The open training calendar (issue 23): a public page linked from the front page (fi/en) with the
upcoming workshops, webinars and paths – dates, place or online, seats left, fee and who each is
for, never a work-package code or anyone's personal data –, its iCalendar feed without meeting
links, a course's page with how to join, the private link pasted to sign up, and webinar sign-ups
(a name and an email: seats never exceeded, the same answer for a repeated address, limited per
client and per address, cancelled by the emailed link, counted only as a separate "signed up"
figure). Also: course and round names in English, contacts from projectdata in the privacy notice
and the accessibility statement, and the catalogue's and the contacts' validation."""

import re

import pytest
from markupsafe import escape

from trainings.rules import counts as training_counts
from trainings.storage import courses as store
from trainings.storage import webinar_signups
from storage.db import connect
from surveys.parsing import SurveyError
from tests.helpers import deliver_outbox, fake_smtp, set_today
from tests.test_advisor import login
from tests.test_trainings_apply import PASSWORD, analysed, csrf
from tests.test_visible_text import visible_text

TODAY = "2026-11-23"


@pytest.fixture
def calendar(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load", "--companies", "6", "--drafts", "0"]).exit_code == 0
    assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                               "--password", PASSWORD]).exit_code == 0
    set_today(app, TODAY)
    db = connect(app.config["DATABASE"])
    course = {"organiser": "xamk", "starts_on": "2027-01-12", "ends_on": "2027-01-12"}
    ids = {
        "webinar": store.create_course(db, {**course, "offer_id": "webinar", "name": "Tekoäly arjessa",
                                            "name_en": "AI at work", "seats": 3}, None),
        "workshop": store.create_course(db, {**course, "offer_id": "tp2-5", "name": "Mainonnan työpaja",
                                             "seats": 2, "starts_on": "2027-01-05", "ends_on": "2027-01-05"}, None),
        "path": store.create_course(db, {**course, "offer_id": "tp3", "name": "Toimistopolku 2027", "seats": 10,
                                         "apply_until": "2026-12-20", "starts_on": "2027-02-01",
                                         "ends_on": "2027-04-01"}, None),
        "started": store.create_course(db, {**course, "offer_id": "tp2-1", "name": "Jo alkanut työpaja", "seats": 5,
                                            "starts_on": "2026-11-20", "ends_on": "2026-11-30"}, None),
    }
    store.add_session(db, ids["webinar"], {"on_date": "2027-01-12", "start_time": "14:00", "end_time": "15:00",
                                           "hours": 1, "link": "https://meet.example.fi/ai"})
    store.add_session(db, ids["workshop"], {"on_date": "2027-01-05", "start_time": "09:00", "end_time": "12:00",
                                            "hours": 3, "place": "Juva, kunnantalo"})
    company = next(db.query("SELECT id, name FROM companies ORDER BY id"))
    store.enrol(db, ids["workshop"], company["id"], 150, "base", participant="Salainen Osallistuja",
                email="salainen@example.com")
    return db, ids, company


def text_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return visible_text(response.get_data(as_text=True)), response.get_data(as_text=True)


@pytest.mark.parametrize("lang, shown", [
    ("fi", ["Koulutuskalenteri", "Tekoäly arjessa", "Mainonnan työpaja", "Toimistopolku 2027", "Kenelle",
            "Mainos- ja digitoimistoille", "Maksuton", "3 / 3 vapaana", "1 / 2 vapaana",
            "150 € yritykseltä (350 €, kun liikevaihto yli 700 000 €)", "Juva, kunnantalo", "Verkossa"]),
    ("en", ["Training calendar", "AI at work", "Who it is for", "Advertising and digital agencies", "Free of charge",
            "3 of 3 left", "1 of 2 left", "150 € per company (350 € when turnover over 700,000 €)", "Online"]),
])
def test_the_public_calendar_lists_what_is_coming(app, calendar, lang, shown):
    db, ids, company = calendar
    text, html = text_of(app.test_client(), f"/koulutuskalenteri?lang={lang}")
    for expected in shown:
        assert expected in text, expected
    assert "Jo alkanut työpaja" not in text  # started: not on the calendar
    # no codes, no personal data of others, no meeting links
    assert not re.search(r"\bTP[2-6]\b", text)
    for secret in ("Salainen Osallistuja", "salainen@example.com", company["name"], "meet.example.fi"):
        assert secret not in html
    # one kind at a time
    only = visible_text(app.test_client().get(f"/koulutuskalenteri?laji=webinar&lang={lang}").get_data(as_text=True))
    assert ("AI at work" in only or "Tekoäly arjessa" in only) and "Mainonnan työpaja" not in only


def test_the_front_page_links_to_the_calendar(app, calendar):
    html = app.test_client().get("/?lang=en").get_data(as_text=True)
    assert 'href="/koulutuskalenteri"' in html and "Open the training calendar" in visible_text(html)
    assert re.search(r"<title>[^<]*</title>", html)  # the section is in the page, not in its title


def test_the_feed_has_every_session_and_no_meeting_link(app, calendar):
    db, ids, _company = calendar
    feed = app.test_client().get("/koulutuskalenteri.ics?lang=en")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    body = feed.data.decode()
    assert "SUMMARY:AI at work" in body and "SUMMARY:Mainonnan työpaja" in body and "meet.example.fi" not in body
    assert "LOCATION:Online" in body and "LOCATION:Juva\\, kunnantalo" in body
    assert "DTSTART;TZID=Europe/Helsinki:20270112T140000" in body
    one = app.test_client().get(f"/koulutuskalenteri/{ids['webinar']}/kalenteri.ics").data
    assert b"meet.example.fi" not in one


def test_a_course_page_says_how_to_join(app, calendar):
    db, ids, _company = calendar
    client = app.test_client()
    text, _html = text_of(client, f"/koulutuskalenteri/{ids['webinar']}?lang=en")
    assert "The webinar is free and open to everyone" in text and "Your name" in text
    text, _html = text_of(client, f"/koulutuskalenteri/{ids['workshop']}?lang=en")
    assert "Have you done the analysis?" in text and "Your private link" in text and "Start the analysis" in text
    assert "Questions?" in text and "digifocus@xamk.example" in text
    text, _html = text_of(client, f"/koulutuskalenteri/{ids['path']}?lang=en")
    assert "Companies apply to this path" in text and "Continue to apply" in text
    assert client.get("/koulutuskalenteri/999999").status_code == 404


def test_the_private_link_pasted_leads_to_the_sign_up_page(app, calendar):
    db, ids, _company = calendar
    own, token = analysed(app, "en")
    visitor = app.test_client()
    path = f"/koulutuskalenteri/{ids['workshop']}/oma-linkki"
    for pasted in (f"https://digianalyysi.example/a/{token}/tulokset", f"  {token}  ", f"/a/{token}"):
        response = visitor.post(path, data={"csrf_token": csrf(visitor), "link": pasted})
        assert response.status_code == 302 and response.location.endswith(f"/a/{token}/koulutus/{ids['workshop']}")
    for wrong in ("https://digianalyysi.example/a/" + "B" * 43, "hello", "<b>x</b>"):
        refused = visitor.post(path + "?lang=en", data={"csrf_token": csrf(visitor), "link": wrong})
        text = visible_text(refused.get_data(as_text=True))
        assert refused.status_code == 400 and "This is not the private link of a sent analysis" in text
        assert str(escape(wrong)) in refused.get_data(as_text=True)  # kept, shown literally


def test_a_webinar_sign_up_and_its_cancel_link(app, calendar, monkeypatch):
    db, ids, _company = calendar
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    visitor = app.test_client()
    done = visitor.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari?lang=en",
                        data={"csrf_token": csrf(visitor), "name": "Olli Opiskelija", "email": "Olli@Example.com"})
    text = visible_text(done.get_data(as_text=True))
    assert done.status_code == 200 and "You are signed up" in text and "Olli Opiskelija is signed up" in text
    assert 'href="https://meet.example.fi/ai"' in done.get_data(as_text=True)
    assert "We sent a confirmation to" in text
    deliver_outbox(app)
    (_kind, address, subject, body), = [m for m in sent if m[0] == "message"]
    assert address.lower() == "olli@example.com" and subject == "Signed up: AI at work"
    token = re.search(r"https://digianalyysi\.example/webinaari/([A-Za-z0-9_-]+)\n", body).group(1)
    assert "Meeting link: https://meet.example.fi/ai" in body and f"/webinaari/{token}/kalenteri.ics" in body
    assert webinar_signups.count(db, ids["webinar"]) == 1
    assert db.execute("SELECT token_hash FROM webinar_signups").fetchone()[0] != token  # only the hash is stored
    # the same address again: the same answer, no new row, a fresh cancel link by email only
    again = visitor.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari?lang=en",
                         data={"csrf_token": csrf(visitor), "name": "Olli Opiskelija", "email": "olli@example.com"})
    assert again.status_code == 200 and "You are signed up" in visible_text(again.get_data(as_text=True))
    assert webinar_signups.count(db, ids["webinar"]) == 1
    deliver_outbox(app)
    token = re.findall(r"/webinaari/([A-Za-z0-9_-]+)\n", sent[-1][3])[0]
    page = visitor.get(f"/webinaari/{token}?lang=en")
    assert page.status_code == 200 and "Olli Opiskelija is signed up for this webinar." in visible_text(
        page.get_data(as_text=True))
    assert b"meet.example.fi" in visitor.get(f"/webinaari/{token}/kalenteri.ics").data
    asked = visitor.post(f"/webinaari/{token}/peru", data={"csrf_token": csrf(visitor)})
    assert asked.status_code == 200 and webinar_signups.count(db, ids["webinar"]) == 1
    cancelled = visitor.post(f"/webinaari/{token}/peru", data={"csrf_token": csrf(visitor), "vahvista": "1"},
                             follow_redirects=True)
    assert "This sign-up was cancelled." in visible_text(cancelled.get_data(as_text=True))
    assert webinar_signups.count(db, ids["webinar"]) == 0
    assert db.execute("SELECT name, email, email_key FROM webinar_signups").fetchone() == (None, None, None)
    assert visitor.get(f"/webinaari/{token}/kalenteri.ics").status_code == 404
    assert visitor.get(f"/webinaari/{'A' * 32}").status_code == 404


def test_webinar_seats_limits_and_hostile_names(app, calendar):
    db, ids, _company = calendar
    app.config["SIGNUP_LIMIT"] = 100
    visitor = app.test_client()
    url = f"/koulutuskalenteri/{ids['webinar']}/webinaari?lang=en"
    hostile = "<script>alert(1)</script> =1+1 \u202eevil\u202c"
    # invalid input keeps what was typed
    bad = visitor.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari", data={
        "csrf_token": csrf(visitor), "name": "Kirjoitettu nimi", "email": "ei-osoite"})
    assert bad.status_code == 400 and 'value="Kirjoitettu nimi"' in bad.get_data(as_text=True)
    first = visitor.post(url, data={"csrf_token": csrf(visitor), "name": hostile, "email": "a@example.com"})
    assert str(escape(hostile)) in first.get_data(as_text=True) and "<script>alert(1)" not in first.get_data(
        as_text=True)
    for n in (2, 3):
        assert visitor.post(url, data={"csrf_token": csrf(visitor), "name": f"N{n}", "email": f"{n}@example.com"}
                            ).status_code == 200
    full = visitor.post(url, data={"csrf_token": csrf(visitor), "name": "Late", "email": "late@example.com"})
    assert full.status_code == 400 and "The webinar is full" in visible_text(full.get_data(as_text=True))
    assert webinar_signups.count(db, ids["webinar"]) == 3
    # the organiser sees the sign-ups, literally; the public never does
    coordinator = login(app, "kaisa@xamk.test")
    course_page = coordinator.get(f"/koulutukset/kurssi/{ids['webinar']}?lang=en").get_data(as_text=True)
    assert str(escape(hostile)) in course_page and "3 people signed up (of 3 seats)" in visible_text(course_page)
    public = app.test_client().get("/koulutuskalenteri?lang=en").get_data(as_text=True)
    assert "a@example.com" not in public and "N2" not in public and "Full" in visible_text(public)
    # a workshop is not a webinar
    assert visitor.post(f"/koulutuskalenteri/{ids['workshop']}/webinaari",
                        data={"csrf_token": csrf(visitor), "name": "X", "email": "x@example.com"}).status_code == 404


def test_public_sign_ups_are_limited_per_address_and_per_client(app, calendar):
    db, ids, _company = calendar
    db.execute("UPDATE training_courses SET seats = 100 WHERE id = ?", [ids["webinar"]])
    db.conn.commit()
    app.config["SIGNUP_LIMIT"] = 8
    visitor = app.test_client()
    url = f"/koulutuskalenteri/{ids['webinar']}/webinaari?lang=en"
    answers = [visitor.post(url, data={"csrf_token": csrf(visitor), "name": "Sama", "email": "sama@example.com"}
                            ).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]  # five per email address an hour
    answers = [visitor.post(url, data={"csrf_token": csrf(visitor), "name": f"N{n}", "email": f"{n}@example.com"}
                            ).status_code for n in range(4)]
    assert answers == [200, 200, 200, 429]  # eight per client address an hour (five used above: refusals not counted)
    refused = visitor.post(url, data={"csrf_token": csrf(visitor), "name": "Kept", "email": "kept@example.com"})
    assert "Too many sign-ups" in visible_text(refused.get_data(as_text=True)) and 'value="Kept"' in refused.get_data(
        as_text=True)
    other = app.test_client()
    assert other.post(url, data={"csrf_token": csrf(other), "name": "Muu", "email": "muu@example.com"},
                      environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200
    # the pasted-link form shares the per-client limit
    assert visitor.post(f"/koulutuskalenteri/{ids['workshop']}/oma-linkki",
                        data={"csrf_token": csrf(visitor), "link": "x" * 43}).status_code == 429


def test_an_expired_form_keeps_what_was_typed(app, calendar):
    db, ids, _company = calendar
    visitor = app.test_client()
    response = visitor.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari",
                            data={"csrf_token": "vanhentunut", "name": "Ei saa kadota", "email": "e@example.com"})
    assert response.status_code == 400 and 'value="Ei saa kadota"' in response.get_data(as_text=True)
    assert webinar_signups.count(db, ids["webinar"]) == 0
    response = visitor.post(f"/koulutuskalenteri/{ids['workshop']}/oma-linkki",
                            data={"csrf_token": "vanhentunut", "link": "https://x.example/a/liitetty"})
    assert response.status_code == 400 and 'value="https://x.example/a/liitetty"' in response.get_data(as_text=True)


def test_a_hostile_course_name_is_shown_literally(app, calendar):
    db, ids, _company = calendar
    hostile = '<img src=x onerror=alert(1)> =SUM(1) \u202ekurssi\u202c'
    db.execute("UPDATE training_courses SET name_en = ? WHERE id = ?", [hostile, ids["workshop"]])
    db.conn.commit()
    for path in ("/koulutuskalenteri?lang=en", f"/koulutuskalenteri/{ids['workshop']}?lang=en"):
        html = app.test_client().get(path).get_data(as_text=True)
        assert str(escape(hostile)) in html and "<img src=x" not in html, path
    feed = app.test_client().get("/koulutuskalenteri.ics?lang=en").data.decode()
    assert "SUMMARY:<img src=x onerror=alert(1)> =SUM(1)" in feed  # text in a calendar file, not markup


def test_sign_ups_are_their_own_figure_and_never_reach(app, calendar):
    from trainings.dashboard import training_numbers

    db, ids, _company = calendar
    for n in range(3):
        webinar_signups.sign_up(db, ids["webinar"], f"N{n}", f"{n}@example.com", "fi", 3)
    catalogue = app.extensions["trainings"]
    numbers = training_numbers(db, app.config["DATABASE"], catalogue, {}, "2027-02-01")
    assert numbers["webinar_signups"] == 3 and numbers["webinar_reach"] == 0
    assert training_numbers(db, app.config["DATABASE"], catalogue, {"end": "2027-01-11"}, "2027-02-01")[
        "webinar_signups"] == 0  # the webinar is on 12 Jan
    assert training_numbers(db, app.config["DATABASE"], catalogue, {"organisation": "miksei"}, "2027-02-01")[
        "webinar_signups"] == 0
    signup = next(db.query("SELECT id FROM webinar_signups ORDER BY id"))["id"]
    webinar_signups.cancel(db, signup)
    assert training_numbers(db, app.config["DATABASE"], catalogue, {}, "2027-02-01")["webinar_signups"] == 2
    # the definition itself: webinars only, by the course's start in the period
    facts = training_counts.Facts(kinds={"webinar": "webinar", "tp2-1": "workshop"}, org={},
                                  signups=((1, "webinar", "xamk", "2027-01-12"), (2, "tp2-1", "xamk", "2027-01-12")))
    assert training_counts.webinar_signups(facts, training_counts.Scope()) == 1
    coordinator = login(app, "kaisa@xamk.test")
    dashboard = visible_text(coordinator.get("/koordinaattori/?lang=en").get_data(as_text=True))
    assert "Signed up for webinars in the period (not attendance): 2" in dashboard


def test_course_and_round_names_in_english(app, calendar):
    db, ids, _company = calendar
    fi_text, _ = text_of(app.test_client(), "/koulutuskalenteri?lang=fi")
    en_text, _ = text_of(app.test_client(), "/koulutuskalenteri?lang=en")
    assert "Tekoäly arjessa" in fi_text and "AI at work" not in fi_text
    assert "AI at work" in en_text and "Mainonnan työpaja" in en_text  # no English name: the Finnish one
    coordinator = login(app, "kaisa@xamk.test")
    page = coordinator.get("/koulutukset/kurssi/uusi?lang=en").get_data(as_text=True)
    assert "Name in English (optional)" in visible_text(page)
    created = coordinator.post("/koulutukset/kurssi/uusi", data={
        "csrf_token": csrf(coordinator), "offer": "tp2-3", "name": "Sometyöpaja", "name_en": "Social media workshop",
        "organiser": "xamk", "starts_on": "2027-03-01"})
    assert created.status_code == 302
    assert next(db.query("SELECT name_en FROM training_courses WHERE name = 'Sometyöpaja'"))["name_en"] == \
        "Social media workshop"
    rounds = coordinator.get("/koordinaattori/seuranta/?lang=en").get_data(as_text=True)
    assert "Name in English (optional)" in visible_text(rounds)
    from trainings.rules.courses import course_title, named
    assert named("Seuranta syksy 2026", "Follow-up autumn 2026", "en") == "Follow-up autumn 2026"
    assert named("Seuranta syksy 2026", " ", "en") == "Seuranta syksy 2026"
    assert course_title({"course_name": "Kurssi", "course_name_en": None}, "en", "course_name") == "Kurssi"


def test_the_privacy_notice_and_accessibility_statement_name_a_contact(app):
    client = app.test_client()
    for path in ("/tietosuoja", "/saavutettavuus"):
        for lang in ("fi", "en"):
            html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
            assert 'href="mailto:digifocus@xamk.example"' in html and 'href="tel:+358400000001"' in html, (path, lang)
            assert ("Xamk" in visible_text(html)), (path, lang)
    app.config.update(CONTACT_EMAIL="tietosuoja@example.fi", SERVICE_OWNER="Hanke Oy")
    html = client.get("/tietosuoja?lang=en").get_data(as_text=True)
    assert 'href="mailto:tietosuoja@example.fi"' in html and "Hanke Oy" in html and "digifocus@xamk.example" not in html


@pytest.mark.parametrize("lang, prepared", [("fi", "Seloste on laadittu 5.12.2026."),
                                           ("en", "This statement was prepared on 5 December 2026.")])
def test_the_accessibility_statement_says_when_and_how_it_was_prepared(app, lang, prepared):
    """A statement names the day it was prepared and how accessibility was assessed (the look
    review found neither)."""
    text = visible_text(app.test_client().get(f"/saavutettavuus?lang={lang}").get_data(as_text=True))
    assert prepared in text and "axe-core" in text


@pytest.mark.parametrize("file, change, message", [
    ("organisations.toml", ('email = "digifocus@miksei.example"', 'email = "ei osoite"'),
     "organisations.toml: organisation 'miksei': 'email' is not an email address"),
    ("organisations.toml", ('phone = "+358 40 000 0003"', 'phone = "123"'),
     "organisations.toml: organisation 'proagria': 'phone' is not a phone number"),
    ("contact.toml", ('phone = "+358 40 000 0001"', ''), "contact.toml: [service]: 'phone' is required"),
])
def test_contacts_are_validated_at_load(app, tmp_path, file, change, message):
    import shutil
    from pathlib import Path

    from projectdata import load

    source = Path(__file__).parents[1] / "projectdata"
    folder = tmp_path / "projectdata"
    shutil.copytree(source, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert change[0] in text
    (folder / file).write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(SurveyError) as error:
        load(app.extensions["surveys"].current("tp1"), folder)
    assert message in str(error.value)


def test_the_catalogue_says_who_each_offer_is_for(app, tmp_path):
    from pathlib import Path

    from trainings.catalogue import load_catalogue

    catalogue = app.extensions["trainings"]
    assert all(o.audience and o.audience.fi and o.audience.en for o in catalogue.offers)
    assert "agencies" in catalogue.offer("tp3").audience.en
    text = (Path(__file__).parents[1] / "projectdata" / "trainings.toml").read_text(encoding="utf-8")
    start = text.index('id = "tp3"')
    line = text[text.index("audience = ", start):text.index("\n", text.index("audience = ", start)) + 1]
    path = tmp_path / "trainings.toml"
    path.write_text(text.replace(line, "", 1), encoding="utf-8")
    method = app.extensions["surveys"].method(app.extensions["surveys"].current("tp1"))
    with pytest.raises(SurveyError) as error:
        load_catalogue(method, ["xamk", "miksei", "proagria", "shk"], path)
    assert "trainings.toml: offer 8 ('tp3'): 'audience' must be a table with fi and en" in str(error.value)


def test_webinar_links_are_redacted_from_the_logs():
    from web.logredact import redact_target

    assert redact_target("/webinaari/" + "x" * 32 + "/kalenteri.ics") == "/webinaari/<token>/kalenteri.ics"


def test_access_matrix_of_the_public_calendar_routes(app, calendar):
    """Public pages answer everyone alike (no login, nothing private); private-link routes need the link."""
    db, ids, _company = calendar
    actors = {"anonymous": app.test_client(), "coordinator": login(app, "kaisa@xamk.test")}
    for actor, client in actors.items():
        for path in ("/koulutuskalenteri", "/koulutuskalenteri.ics", f"/koulutuskalenteri/{ids['webinar']}",
                     f"/koulutuskalenteri/{ids['webinar']}/kalenteri.ics"):
            response = client.get(path)
            assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", (actor, path)
        for path in (f"/webinaari/{'A' * 32}", f"/webinaari/{'A' * 32}/kalenteri.ics",
                     f"/koulutuspaikka/{'A' * 32}/kalenteri.ics", "/koulutuskalenteri/999999/kalenteri.ics"):
            assert client.get(path).status_code == 404, (actor, path)
        assert client.post(f"/webinaari/{'A' * 32}/peru", data={"csrf_token": csrf(client)}).status_code == 404
        # no CSRF token: refused before anything is stored
        assert client.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari",
                           data={"name": "X", "email": "x@example.com"}).status_code == 400
    assert webinar_signups.count(db, ids["webinar"]) == 0


def test_english_names_on_certificates_reports_and_rounds(app, calendar):
    from trainings.pdf.certificate_data import build_certificate_data
    from reports.data.training_records import build_training_records

    catalogue = app.extensions["trainings"]
    course = {"name": "Verkkokauppapolku", "name_en": "Web shop path", "starts_on": "2027-01-10",
              "ends_on": "2027-01-31"}
    for lang, expected in (("fi", "Verkkokauppapolku"), ("en", "Web shop path")):
        data = build_certificate_data(catalogue, lang, {"name": "Yritys", "business_id": "1234566-3"}, "ABCDE-FGHIJ",
                                      "https://x.example/todistus/ABCDE-FGHIJ", "2027-02-01", course=course,
                                      offer_name="E-commerce", basis={"present": 3, "held": 4, "hours": 9})
        assert data["course"] == expected
        row = {"id": 1, "status": "enrolled", "offered_at": None, "course_name": "Verkkokauppapolku",
               "course_name_en": "Web shop path", "offer_id": "tp4-1", "starts_on": "2027-01-10",
               "ends_on": "2027-01-31", "rank": None, "sessions": 4, "held": 0, "attended": 0, "hours": 0,
               "certificate": None, "issued_on": None}
        assert build_training_records([row], [], catalogue, lang, "2027-01-01")["rows"][0]["course"] == expected
    coordinator = login(app, "kaisa@xamk.test")
    followup = app.extensions["surveys"].current("tp1_followup")
    opened = coordinator.post("/koordinaattori/seuranta/", data={
        "csrf_token": csrf(coordinator), "survey": f"{followup.id}:{followup.version}", "name": "Seuranta talvi 2026",
        "name_en": "Follow-up winter 2026", "opens_on": "2026-11-23", "closes_on": "2026-12-31"})
    assert opened.status_code == 302
    for lang, shown, hidden in (("en", "Follow-up winter 2026", "Seuranta talvi 2026"),
                                ("fi", "Seuranta talvi 2026", "Follow-up winter 2026")):
        text = visible_text(coordinator.get(f"/koordinaattori/seuranta/?lang={lang}").get_data(as_text=True))
        assert shown in text and hidden not in text
    from reports.data.followup import build_comparison_data  # the entrepreneur's comparison names the round

    method = app.extensions["surveys"].method(followup)
    row = {"round_name": "Seuranta talvi 2026", "round_name_en": "Follow-up winter 2026", "analysed_at": None,
           "submitted_at": None, "index_before": 40, "index_after": 50, "levels_before": {}, "levels_after": {},
           "outcome": {}}
    assert build_comparison_data(followup, method, row, "en")["round"] == "Follow-up winter 2026"
    assert build_comparison_data(followup, method, row, "fi")["round"] == "Seuranta talvi 2026"
