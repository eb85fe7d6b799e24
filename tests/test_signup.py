"""A company signs up from the open calendar and its results page with the private link of its
analysis (issue 23, "Open training calendar with sign-up"): the participant prefilled from the
confirmed contact, a seat or the waiting list under the same seat rules, the status and next steps
on its page, the results page and the advisor's company page, an email when SMTP is configured,
cancelling within the rule (trainings.rules.signup) after a confirmation, and an offered seat answered on
the page; never for an unconfirmed analysis, and every new route checks whose link it is."""

import re

import pytest
from markupsafe import escape

from trainings.rules.signup import FREE, LATE, NOTHING, STARTED, free_until, own_cancellation, seats_left
from trainings.storage import courses as store
from tests.helpers import deliver_outbox, fake_smtp, set_today
from tests.test_advisor import login
from tests.test_trainings_apply import SECOND_ID, analysed, csrf
from tests.test_visible_text import visible_text

TODAY = "2026-11-23"
THIRD_ID = "2617416-4"


@pytest.mark.parametrize("status, starts_on, today, expected", [
    ("enrolled", "2027-01-12", "2027-01-05", FREE),      # exactly 7 days before: still free
    ("enrolled", "2027-01-12", "2027-01-06", LATE),      # 6 days before: the fee would be charged
    ("enrolled", "2027-01-12", "2027-01-12", STARTED),
    ("waiting", "2027-01-12", "2027-01-11", FREE),       # no seat held: free until the start
    ("offered", "2027-01-12", "2027-01-11", FREE),
    ("applied", "2027-01-12", "2027-01-11", FREE),
    ("waiting", "2027-01-12", "2027-01-12", STARTED),
    ("cancelled", "2027-01-12", "2027-01-01", NOTHING),
    ("declined", "2027-01-12", "2027-01-01", NOTHING),
    (None, "2027-01-12", "2027-01-01", NOTHING),
])
def test_the_companys_own_cancellation_rule(status, starts_on, today, expected):
    assert own_cancellation(status, starts_on, today, 7) == expected


def test_free_until_and_seats_left():
    assert free_until("2027-01-12", 7) == "2027-01-05" and free_until("2027-03-01", 0) == "2027-03-01"
    assert seats_left(15, 9) == 6 and seats_left(10, 12) == 0
    assert seats_left(8, 2, 16, 15) == 1 and seats_left(8, 8, 16, 3) == 0  # the pool and the course both bind


@pytest.fixture
def cal(app):
    """Demo companies, an advisor and a coordinator; a TP2 workshop with two seats (one session in a
    room, one online), an application path (TP5), a path the advisor enrols in (TP4) and a webinar."""
    from tests.test_trainings_apply import PASSWORD
    from storage.db import connect

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load", "--companies", "6", "--drafts", "0"]).exit_code == 0
    for email, role, org in [("anna@miksei.test", "advisor", "miksei"), ("kaisa@xamk.test", "coordinator", None)]:
        args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role, "--password", PASSWORD]
        assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0
    set_today(app, TODAY)
    db = connect(app.config["DATABASE"])
    ids = {
        "workshop": store.create_course(db, {"offer_id": "tp2-2", "name": "Liidityöpaja tammikuu",
                                             "name_en": "Leads workshop January", "organiser": "miksei", "seats": 2,
                                             "starts_on": "2027-01-12", "ends_on": "2027-01-19"}, None),
        "path": store.create_course(db, {"offer_id": "tp5", "name": "B2B-polku kevät 2027", "organiser": "miksei",
                                         "seats": 5, "apply_from": "2026-11-01", "apply_until": "2026-12-15",
                                         "starts_on": "2027-01-20", "ends_on": "2027-03-30"}, None),
        "advisor": store.create_course(db, {"offer_id": "tp4-1", "name": "Verkkokauppa alkuun", "organiser": "xamk",
                                            "seats": 10, "starts_on": "2027-02-01", "ends_on": "2027-03-01"}, None),
    }
    store.add_session(db, ids["workshop"], {"on_date": "2027-01-12", "start_time": "09:00", "end_time": "12:00",
                                            "hours": 3, "place": "Mikkeli, Xamk kampus"})
    store.add_session(db, ids["workshop"], {"on_date": "2027-01-19", "start_time": "14:00", "end_time": "15:30",
                                            "hours": 1.5, "link": "https://meet.example.fi/liidit"})
    return db, ids


def en_day(app, iso: str) -> str:
    """A date as English pages show it (web.dates: one style per language)."""
    from web.dates import day

    with app.test_request_context("/?lang=en"):
        return day(iso)


def page(client, path):
    response = client.get(path)
    return response.status_code, visible_text(response.get_data(as_text=True)), response.get_data(as_text=True)


def sign_up(client, token, course_id, **fields):
    return client.post(f"/a/{token}/koulutus/{course_id}", data={"csrf_token": csrf(client), **fields})


def company_of(db, business_id=None):
    sql = ("SELECT company_id FROM responses WHERE status = 'submitted' AND company_id IS NOT NULL "
           + ("AND json_extract(answers, '$.business_id') = ? " if business_id else "") + "ORDER BY id DESC")
    return next(db.query(sql, [business_id] if business_id else []))["company_id"]


def test_a_company_signs_up_for_a_workshop_and_sees_the_next_steps(app, cal):
    db, ids = cal
    client, token = analysed(app, "en")
    status, text, html = page(client, f"/a/{token}/koulutus/{ids['workshop']}")
    assert status == 200 and "Leads workshop January" in text and "Who it is for" in text
    assert "TP2" not in text  # no internal codes for companies
    # prefilled from the company's confirmed contact
    assert 'value="Tiina Testaaja"' in html and 'value="tiina@example.com"' in html
    assert "150 € per company (basic fee)" in text
    assert f"You can cancel free of charge until {en_day(app, '2027-01-05')}" in text
    assert "meet.example.fi" not in html  # the meeting link only for those with a seat
    response = sign_up(client, token, ids["workshop"], participant="Tiina T.", email="tiina.t@example.com")
    assert response.status_code == 302 and response.location.endswith(f"/a/{token}/koulutus/{ids['workshop']}")
    status, text, html = page(client, f"/a/{token}/koulutus/{ids['workshop']}")
    assert "You have a seat in the training. The next steps are below." in text
    assert "Your sign-up Status: enrolled" in text and "Participant: Tiina T." in text
    assert "Add the sessions to your calendar (.ics file)" in text and 'href="https://meet.example.fi/liidit"' in html
    row = next(db.query("SELECT * FROM training_enrolments WHERE course_id = ?", [ids["workshop"]]))
    assert (row["status"], row["source"], row["created_by"], row["participant"], row["email"], row["fee"]) == (
        "enrolled", "company", None, "Tiina T.", "tiina.t@example.com", 150)
    audited = next(db.query("SELECT user_id FROM audit_log WHERE action = 'company_signed_up_via_link'"))
    assert audited["user_id"] is None
    # a second press changes nothing
    again = sign_up(client, token, ids["workshop"], participant="X", email="x@example.com")
    assert again.status_code == 302 and db.execute("SELECT count(*) FROM training_enrolments").fetchone()[0] == 1
    # the calendar file carries the meeting link once the seat is the company's
    ics = client.get(f"/a/{token}/koulutus/{ids['workshop']}/kalenteri.ics")
    assert ics.mimetype == "text/calendar" and b"meet.example.fi" in ics.data and b"Leads workshop January" in ics.data
    # the results page and the advisor's company page show the entry
    results = visible_text(client.get(f"/a/{token}/tulokset").get_data(as_text=True))
    assert "Your trainings" in results and "Leads workshop January" in results
    assert "Details, calendar file and cancelling" in results
    company_id = company_of(db)
    organisation = db.execute("SELECT organisation FROM company_org WHERE company_id = ?", [company_id]).fetchone()[0]
    coordinator = login(app, "kaisa@xamk.test")
    advisor_page = visible_text(coordinator.get(f"/neuvoja/yritys/{company_id}?lang=en").get_data(as_text=True))
    assert "signed up by the company" in advisor_page and organisation


def test_a_full_workshop_gives_a_waiting_list_place_and_a_freed_seat_goes_on(app, cal):
    db, ids = cal
    companies = [r["id"] for r in db.query("SELECT id FROM companies ORDER BY id LIMIT 2")]
    for company_id in companies:
        store.enrol(db, ids["workshop"], company_id, 150, "base")
    client, token = analysed(app, "fi")
    response = sign_up(client, token, ids["workshop"], participant="Tiina", email="tiina@example.com")
    assert response.status_code == 302
    text = visible_text(client.get(f"/a/{token}/koulutus/{ids['workshop']}").get_data(as_text=True))
    assert "Koulutus on täynnä: olette jonossa sijalla 1." in text
    # a seat is freed: offered to the company, which answers on its own page
    first = store.enrolment_of(db, ids["workshop"], companies[0])
    change = store.cancel(db, first["id"], None, TODAY, 5)
    assert change["offers"]
    html = client.get(f"/a/{token}/koulutus/{ids['workshop']}?lang=en").get_data(as_text=True)
    assert "A seat is offered to you" in visible_text(html)
    # declining asks first and changes nothing
    asked = client.post(f"/a/{token}/koulutus/{ids['workshop']}/vastaus",
                        data={"csrf_token": csrf(client), "vastaus": "decline"})
    assert asked.status_code == 200 and "Decline the seat?" in visible_text(asked.get_data(as_text=True))
    mine = store.enrolment_of(db, ids["workshop"], company_of(db))
    assert mine["status"] == "offered"
    accepted = client.post(f"/a/{token}/koulutus/{ids['workshop']}/vastaus",
                           data={"csrf_token": csrf(client), "vastaus": "accept"}, follow_redirects=True)
    assert "the seat is yours" in visible_text(accepted.get_data(as_text=True))
    assert store.enrolment_of(db, ids["workshop"], company_of(db))["status"] == "enrolled"


def test_cancelling_within_the_rule_and_saying_what_really_happened(app, cal):
    db, ids = cal
    client, token = analysed(app, "en")
    sign_up(client, token, ids["workshop"], participant="Tiina", email="tiina@example.com")
    path = f"/a/{token}/koulutus/{ids['workshop']}/peru"
    asked = client.post(path, data={"csrf_token": csrf(client)})
    text = visible_text(asked.get_data(as_text=True))
    assert asked.status_code == 200 and "Cancel the sign-up?" in text and "free of charge" in text
    # nobody is waiting: the confirmation does not promise the seat to anyone (a user walk found it did)
    assert "waiting list" not in text and "becomes free for others to sign up" in text
    # the header's language switch leads to the page's address, never to the POST address
    assert f'href="/a/{token}/koulutus/{ids["workshop"]}?lang=fi"' in asked.get_data(as_text=True)
    assert store.enrolment_of(db, ids["workshop"], company_of(db))["status"] == "enrolled"
    done = client.post(path, data={"csrf_token": csrf(client), "vahvista": "1"}, follow_redirects=True)
    text = visible_text(done.get_data(as_text=True))
    # nobody was waiting: the page does not claim the seat went to anyone
    assert "Your sign-up was cancelled." in text and "offered to the next company" not in text
    assert store.enrolment_of(db, ids["workshop"], company_of(db))["status"] == "cancelled"
    # signed up again, with another company waiting: the seat is offered on and the page says so
    sign_up(client, token, ids["workshop"], participant="Tiina", email="tiina@example.com")
    others = [r["id"] for r in db.query("SELECT id FROM companies WHERE id != ? ORDER BY id LIMIT 2", [company_of(db)])]
    for company_id in others:
        store.enrol(db, ids["workshop"], company_id, 150, "base")
    asked = visible_text(client.post(path, data={"csrf_token": csrf(client)}).get_data(as_text=True))
    assert "offered to the next company on the waiting list" in asked
    done = client.post(path, data={"csrf_token": csrf(client), "vahvista": "1"}, follow_redirects=True)
    assert "The seat was offered to the next company on the waiting list." in visible_text(done.get_data(as_text=True))


def test_a_late_cancellation_is_left_to_the_organiser(app, cal):
    db, ids = cal
    client, token = analysed(app, "en")
    sign_up(client, token, ids["workshop"], participant="Tiina", email="tiina@example.com")
    set_today(app, "2027-01-08")  # four days before: the free period ended on 5 Jan
    text = visible_text(client.get(f"/a/{token}/koulutus/{ids['workshop']}").get_data(as_text=True))
    assert (f"The free cancellation period ended on {en_day(app, '2027-01-05')}: cancelling now costs the fee."
            in text)
    assert "Cancel the sign-up" not in text and "digifocus@miksei.example" in text
    refused = client.post(f"/a/{token}/koulutus/{ids['workshop']}/peru",
                          data={"csrf_token": csrf(client), "vahvista": "1"}, follow_redirects=True)
    assert "Cancelling now would cost the fee" in visible_text(refused.get_data(as_text=True))
    assert store.enrolment_of(db, ids["workshop"], company_of(db))["status"] == "enrolled"
    set_today(app, "2027-01-12")
    refused = client.post(f"/a/{token}/koulutus/{ids['workshop']}/peru",
                          data={"csrf_token": csrf(client), "vahvista": "1"}, follow_redirects=True)
    assert "The training has started" in visible_text(refused.get_data(as_text=True))


def test_an_application_path_keeps_the_application_flow(app, cal):
    db, ids = cal
    client, token = analysed(app, "en")
    text = visible_text(client.get(f"/a/{token}/koulutus/{ids['path']}").get_data(as_text=True))
    assert "Apply to this path" in text and "Why do you want to join? (optional)" in text
    assert "Companies that sell mainly to other businesses (B2B)" in text and "TP5" not in text
    response = client.post(f"/a/{token}/koulutus/{ids['path']}",
                           data={"csrf_token": csrf(client), f"c{ids['path']}-participant": "Tiina",
                                 f"c{ids['path']}-email": "tiina@example.com", f"c{ids['path']}-motivation": "Mukaan"})
    assert response.status_code == 302
    row = next(db.query("SELECT status, source, motivation FROM training_enrolments"))
    assert row == {"status": "applied", "source": "company", "motivation": "Mukaan"}
    html = client.get(f"/a/{token}/koulutus/{ids['path']}").get_data(as_text=True)
    assert "The coordinator will accept or decline your application." in visible_text(html)
    assert 'name="takaisin" value="ilmoittautuminen"' in html  # withdrawing from here comes back here
    asked = client.post(f"/a/{token}/koulutushaku/{ids['path']}/peru",
                        data={"csrf_token": csrf(client), "takaisin": "ilmoittautuminen"})
    assert "Withdraw the application?" in visible_text(asked.get_data(as_text=True))
    done = client.post(f"/a/{token}/koulutushaku/{ids['path']}/peru",
                       data={"csrf_token": csrf(client), "takaisin": "ilmoittautuminen", "vahvista": "1"})
    assert done.status_code == 302 and done.location.endswith(f"/a/{token}/koulutus/{ids['path']}")
    # a path the advisor enrols in takes no sign-up from the link
    text = visible_text(client.get(f"/a/{token}/koulutus/{ids['advisor']}").get_data(as_text=True))
    assert "Your digital advisor enrols companies in this path: ask the organiser below." in text
    assert sign_up(client, token, ids["advisor"], participant="T", email="t@example.com").status_code == 404
    # a webinar is anyone's: its page on the open calendar
    webinar = store.create_course(db, {"offer_id": "webinar", "name": "Webinaari", "organiser": "xamk", "seats": 9,
                                       "starts_on": "2027-01-20", "ends_on": "2027-01-20"}, None)
    moved = client.get(f"/a/{token}/koulutus/{webinar}")
    assert moved.status_code == 302 and moved.location.endswith(f"/koulutuskalenteri/{webinar}")
    assert client.get(f"/a/{token}/koulutuskalenteri?laji=nonsense").status_code == 200


def test_invalid_input_keeps_everything_typed_and_hostile_text_is_literal(app, cal):
    from tests.test_hostile_input import CORPUS

    db, ids = cal
    client, token = analysed(app, "fi")
    bad = sign_up(client, token, ids["workshop"], participant="Tämä jää näkyviin", email="ei-osoite")
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and 'value="Tämä jää näkyviin"' in html and "error-summary" in html
    coordinator = login(app, "kaisa@xamk.test")
    for value in CORPUS:
        response = sign_up(client, token, ids["workshop"], participant=value, email="p@example.com")
        assert response.status_code in (302, 400), repr(value)
        if response.status_code == 400:
            continue
        stored = db.execute("SELECT participant FROM training_enrolments WHERE status = 'enrolled'").fetchone()[0]
        roster = coordinator.get(f"/koulutukset/kurssi/{ids['workshop']}").get_data(as_text=True)
        own = client.get(f"/a/{token}/koulutus/{ids['workshop']}").get_data(as_text=True)
        assert str(escape(stored)) in roster and str(escape(stored)) in own, repr(value)
        assert client.post(f"/a/{token}/koulutus/{ids['workshop']}/peru",
                           data={"csrf_token": csrf(client), "vahvista": "1"}).status_code == 302


def test_an_unconfirmed_analysis_cannot_sign_up_for_the_company(app, cal):
    db, ids = cal
    analysed(app, "fi", SECOND_ID)
    claimant, token = analysed(app, "en", SECOND_ID)  # the same (public) business ID: waits for confirmation
    text = visible_text(claimant.get(f"/a/{token}/koulutus/{ids['workshop']}").get_data(as_text=True))
    assert "An advisor first confirms your analysis" in text and "Participant's name" not in text
    refused = sign_up(claimant, token, ids["workshop"], participant="Mallory", email="m@example.com")
    assert refused.status_code == 400 and db.execute("SELECT count(*) FROM training_enrolments").fetchone()[0] == 0


def test_the_confirmation_email_has_the_calendar_file_and_no_private_link(app, cal, monkeypatch):
    db, ids = cal
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    client, token = analysed(app, "en")
    deliver_outbox(app)  # what the analysis itself mailed
    sent.clear()
    sign_up(client, token, ids["workshop"], participant="Tiina", email="tiina.t@example.com")
    deliver_outbox(app)
    (_kind, address, subject, body), = [m for m in sent if m[0] == "message"]
    assert address == "tiina.t@example.com" and subject == "Signed up: Leads workshop January"
    assert f"https://digianalyysi.example/koulutuskalenteri/{ids['workshop']}/kalenteri.ics" in body
    assert "Meeting link: https://meet.example.fi/liidit" in body and f"free until {en_day(app, '2027-01-05')}" in body
    assert token not in body and "digifocus@miksei.example" in body


def test_access_matrix_of_the_sign_up_routes(app, cal):
    db, ids = cal
    client, token = analysed(app, "fi")
    sign_up(client, token, ids["workshop"], participant="Tiina", email="tiina@example.com")
    other, other_token = analysed(app, "fi", THIRD_ID)
    anonymous = app.test_client()
    advisor = login(app, "anna@miksei.test")
    unknown = "A" * 43
    for actor in (anonymous, advisor):
        for path in (f"/a/{unknown}/koulutus/{ids['workshop']}", f"/a/{unknown}/koulutuskalenteri",
                     f"/a/{unknown}/koulutus/{ids['workshop']}/kalenteri.ics"):
            assert actor.get(path).status_code == 404, path
        for path in (f"/a/{unknown}/koulutus/{ids['workshop']}", f"/a/{unknown}/koulutus/{ids['workshop']}/peru",
                     f"/a/{unknown}/koulutus/{ids['workshop']}/vastaus"):
            assert actor.post(path, data={"csrf_token": csrf(actor), "vahvista": "1"}).status_code == 404, path
    assert client.get(f"/a/{token}/koulutus/999999").status_code == 404
    # another company's link acts only on its own sign-ups
    assert other.post(f"/a/{other_token}/koulutus/{ids['workshop']}/peru",
                      data={"csrf_token": csrf(other), "vahvista": "1"}).status_code == 302
    assert db.execute("SELECT status FROM training_enrolments").fetchone()[0] == "enrolled"
    other_page = other.get(f"/a/{other_token}/koulutus/{ids['workshop']}").get_data(as_text=True)
    assert "Tiina" not in other_page.replace("Tiina Testaaja", "")  # not the other company's participant
    ics = other.get(f"/a/{other_token}/koulutus/{ids['workshop']}/kalenteri.ics")
    assert ics.status_code == 200 and b"meet.example.fi" not in ics.data
    # a POST without the CSRF token changes nothing
    assert other.post(f"/a/{other_token}/koulutus/{ids['workshop']}", data={
        "participant": "X", "email": "x@example.com"}).status_code == 400
    assert client.get(f"/a/{token}/koulutus/{ids['workshop']}").headers["Cache-Control"] == "no-store"


def test_the_results_page_offers_the_calendar_and_the_advisors_contact(app, cal):
    db, ids = cal
    client, token = analysed(app, "en", overrides={"target_groups": ["b2b_sales"], "municipality": "491"})
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    text = visible_text(html)
    assert "See every training in the calendar and sign up" in text
    assert f'href="/a/{token}/koulutuskalenteri"' in html
    # Mikkeli is served by Miksei: its contact with a button that starts an email
    assert "DigiFocus digital advice, Miksei" in text and 'href="mailto:digifocus@miksei.example' in html
    assert 'href="tel:+358400000002"' in html and "Send an email" in text
    assert not re.search(r"\bTP[2-6]:", text)
    calendar = visible_text(client.get(f"/a/{token}/koulutuskalenteri").get_data(as_text=True))
    assert "Leads workshop January" in calendar and "Back to your results" in calendar
