"""A company applies to a training path itself with its private link (issue 16 item 3): the
results page lists the paths open for application, the application goes to the coordinator's
roster and the advisor's company page, the decision comes back to the page (and by email), the
company may withdraw a pending application; only a confirmed company's submitted analysis may
apply; hostile text is shown literally everywhere it lands."""

import re
import unicodedata

import pytest

from trainings.storage import courses as store
from storage.db import connect
from tests.helpers import Walker, cancel, deliver_outbox, fake_smtp, set_today
from tests.prepared import prepared
from tests.test_advisor import PASSWORD, login
from tests.test_visible_text import visible_text

TODAY = "2026-11-23"
HOSTILE = "<b>Äkäs</b> =1+1 \u202eavaj\u202c e\u0301\u0301 <script>alert(1)</script>"
SECOND_ID = "1234566-3"


@pytest.fixture
def paths(app):
    """Demo companies, an advisor of each of two organisations, a coordinator, and one open
    application path (TP5), one closed (TP3) and one open path that takes no applications (TP4)."""
    def build(app):
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "load", "--companies", "12", "--drafts", "0"]).exit_code == 0
        for email, role, org in [("anna@miksei.test", "advisor", "miksei"), ("sami@shk.test", "advisor", "shk"),
                                 ("kaisa@xamk.test", "coordinator", None)]:
            args = ["users", "create", email, "--name", email.split("@")[0].title(), "--role", role,
                    "--password", PASSWORD]
            assert runner.invoke(args=args + (["--organisation", org] if org else [])).exit_code == 0
        set_today(app, TODAY)
        db = connect(app.config["DATABASE"])
        course = {"seats": 1, "starts_on": "2027-01-12", "ends_on": "2027-03-30"}
        ids = {
            "open": store.create_course(db, {**course, "offer_id": "tp5", "name": "B2B-polku kevät 2027",
                                             "organiser": "miksei", "apply_from": "2026-11-01",
                                             "apply_until": "2026-12-15"}, None),
            "closed": store.create_course(db, {**course, "offer_id": "tp3", "name": "Toimistopolku 2027",
                                               "organiser": "shk", "apply_until": "2026-11-20"}, None),
            "direct": store.create_course(db, {**course, "offer_id": "tp4-1", "name": "Verkkokauppa alkuun",
                                               "organiser": "xamk"}, None),
        }
        store.add_session(db, ids["open"], {"on_date": "2027-01-12", "start_time": "09:00", "end_time": "12:00",
                                            "hours": 3, "place": "Mikkeli, Xamk kampus"})
        db.close()
        return ids

    ids = prepared(app, "twelve companies, three users and three paths", build)
    set_today(app, TODAY)  # (the clock is the app's, not the database's)
    return connect(app.config["DATABASE"]), ids


def analysed(app, lang="fi", business_id=None, overrides=None):
    """A respondent's client and private token after submitting the analysis."""
    client = app.test_client()
    walker = Walker(client, app.extensions["surveys"].current("tp1"))
    token = walker.start(lang)
    walker.walk(token, overrides={**({"business_id": business_id} if business_id else {}), **(overrides or {})})
    return client, token


def apply(client, token, course_id, **fields):
    data = {"csrf_token": csrf(client, token), **{f"c{course_id}-{k}": v for k, v in fields.items()}}
    return client.post(f"/a/{token}/koulutushaku/{course_id}", data=data)


def csrf(client, token=None):
    """The session's CSRF token (the front page's start form carries it)."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


@pytest.mark.parametrize("lang, texts", [
    ("fi", ["Haettavana olevat koulutuspolut", "B2B-polku kevät 2027", "12.1.2027 – 30.3.2027",
            "12.1.2027 9.00–12.00, Mikkeli, Xamk kampus", "250 € yritykseltä (perusmaksu), määräytyy hakuhetkellä",
            "1 yritystä, 1 paikkaa vapaana", "Hakuaika päättyy: 15.12.2026", "Osallistujan nimi",
            "Miksi haluatte mukaan? (vapaaehtoinen)"]),
    ("en", ["Training paths open for application", "12 Jan 2027 – 30 Mar 2027", "Apply by: 15 Dec 2026",
            "250 € per company (basic fee), fixed when you apply", "Participant's name",
            "Why do you want to join? (optional)", "Apply to this path"]),
])
def test_results_page_lists_the_open_paths(app, paths, lang, texts):
    db, ids = paths
    client, token = analysed(app, lang)
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    text = visible_text(html)
    for expected in texts:
        assert expected in text, expected
    assert f"/a/{token}/koulutushaku/{ids['open']}" in html
    # prefilled from the analysis' contact answers
    assert 'value="Tiina Testaaja"' in html and 'value="tiina@example.com"' in html
    # a closed period and a course without applications are not offered
    assert "Toimistopolku 2027" not in html and "Verkkokauppa alkuun" not in html


def test_the_paths_are_a_part_trainings_adds_to_the_results_page(app, paths):
    """The results page calls no template global of another package: trainings registers its part
    (questionnaire.parts), and the part's data comes from a service given the page's Context."""
    from trainings.applications import open_paths
    assert "open_paths" not in app.jinja_env.globals
    assert app.extensions["results_parts"] == [("trainings/_results_apply.html", open_paths)]
    db, ids = paths
    client, token = analysed(app, "en")
    heading = "Training paths open for application"
    assert heading in visible_text(client.get(f"/a/{token}/tulokset").get_data(as_text=True))
    app.extensions["results_parts"] = []  # without the part the page shows no paths and still works
    page = client.get(f"/a/{token}/tulokset")
    assert page.status_code == 200 and heading not in visible_text(page.get_data(as_text=True))


def test_apply_then_the_coordinator_accepts_and_the_page_follows(app, paths):
    db, ids = paths
    client, token = analysed(app)
    sent = apply(client, token, ids["open"], participant="Tiina Testaaja", email="tiina@example.com",
                 motivation="Haluamme lisää B2B-asiakkaita.")
    assert sent.status_code == 302 and sent.location.endswith(f"#haku-{ids['open']}")
    page = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Hakemuksesi lähetettiin. Koordinaattori hyväksyy tai hylkää sen." in page
    assert "Hakemus lähetetty 23.11.2026." in page and "Koordinaattori hyväksyy tai hylkää sen." in page
    row = next(db.query("SELECT * FROM training_enrolments WHERE course_id = ?", [ids["open"]]))
    assert (row["status"], row["source"], row["created_by"], row["fee"], row["fee_tier"], row["language"]) == (
        "applied", "company", None, 250, "base", "fi")
    audit = next(db.query("SELECT * FROM audit_log WHERE action = 'company_applied_via_link'"))
    assert audit["user_id"] is None and audit["object_id"] == row["id"]
    # applying twice is harmless: the existing application is shown, nothing changes
    again = apply(client, token, ids["open"], participant="Toinen", email="x@example.com")
    assert again.status_code == 302
    assert "Olet jo hakenut tähän koulutukseen" in client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert db.execute("SELECT count(*), max(participant) FROM training_enrolments").fetchone() == (1, "Tiina Testaaja")
    # the coordinator sees it in the roster, marked, with the motivation, and accepts it
    coordinator = login(app, "kaisa@xamk.test")
    roster = coordinator.get(f"/koulutukset/kurssi/{ids['open']}").get_data(as_text=True)
    assert "yritys haki itse" in roster and "Haluamme lisää B2B-asiakkaita." in roster
    course_page = coordinator.get(f"/koulutukset/kurssi/{ids['open']}").get_data(as_text=True)
    token_c = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', course_page).group(1)
    sent_mail = []
    app.config["MAIL_SERVER"] = "smtp.test"
    import smtplib
    original = smtplib.SMTP
    smtplib.SMTP = fake_smtp(sent_mail)
    try:
        assert coordinator.post(f"/koulutukset/ilmoittautuminen/{row['id']}/hyvaksy",
                                data={"csrf_token": token_c}).status_code == 302
        deliver_outbox(app)
    finally:
        smtplib.SMTP = original
        app.config["MAIL_SERVER"] = None
    message = next(m for m in sent_mail if m[0] == "message")
    assert message[1] == "tiina@example.com" and message[2] == "Koulutushakemuksenne: B2B-polku kevät 2027"
    assert "hyväksyttiin" in message[3] and "Maksu on 250 €." in message[3]
    page = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Hyväksytty: olette mukana koulutuksessa." in page and "Peru hakemus" not in page
    english = client.get(f"/a/{token}/tulokset?lang=en").get_data(as_text=True)
    assert "Application sent on 23 Nov 2026." in english and "Accepted: you are enrolled in the course." in english


def test_accepted_into_a_full_course_goes_to_the_waiting_list_and_a_declined_one_stays_declined(app, paths,
                                                                                               monkeypatch):
    db, ids = paths
    first, first_token = analysed(app)
    second, second_token = analysed(app, "en", SECOND_ID)
    for client, token in ((first, first_token), (second, second_token)):
        assert apply(client, token, ids["open"], participant="P", email="p@example.com").status_code == 302
    rows = {r["company_id"]: r["id"] for r in db.query("SELECT * FROM training_enrolments")}
    assert len(rows) == 2
    for enrolment_id in rows.values():
        store.decide(db, enrolment_id, True, None, TODAY, 5)
    assert "Accepted, but the course is full: you are number 1 on the waiting list." in second.get(
        f"/a/{second_token}/tulokset").get_data(as_text=True)
    waiting = next(r for r in db.query("SELECT * FROM training_enrolments WHERE status = 'waiting'"))
    # the waiting place is cancelled and the company applies again (allowed after a cancellation); declined this time
    cancel(db, waiting["id"], TODAY)
    assert apply(second, second_token, ids["open"], participant="P", email="p@example.com").status_code == 302
    assert store.get_enrolment(db, waiting["id"])["status"] == "applied"
    sent_mail = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent_mail))
    app.config["MAIL_SERVER"] = "smtp.test"
    coordinator = login(app, "kaisa@xamk.test")
    token_c = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                        coordinator.get(f"/koulutukset/kurssi/{ids['open']}").get_data(as_text=True)).group(1)
    for _click in range(2):  # a double click sends one email
        coordinator.post(f"/koulutukset/ilmoittautuminen/{waiting['id']}/hylkaa", data={"csrf_token": token_c})
    deliver_outbox(app)
    app.config["MAIL_SERVER"] = None
    messages = [m for m in sent_mail if m[0] == "message"]
    assert len(messages) == 1 and messages[0][2] == "Your training application: B2B-polku kevät 2027"
    assert "was declined" in messages[0][3]  # in the language of the analysis
    page = second.get(f"/a/{second_token}/tulokset").get_data(as_text=True)
    assert "The application was declined." in page and "Apply to this path" not in page
    refused = second.post(f"/a/{second_token}/koulutushaku/{ids['open']}",
                          data={"csrf_token": csrf(second, second_token), f"c{ids['open']}-participant": "P",
                                f"c{ids['open']}-email": "p@example.com"})
    assert refused.status_code == 400
    assert "Your application to this course was declined, so it cannot be sent again." in refused.get_data(as_text=True)


def test_withdraw_a_pending_application(app, paths):
    db, ids = paths
    client, token = analysed(app, "en")
    assert apply(client, token, ids["open"], participant="P", email="p@example.com").status_code == 302
    other, other_token = analysed(app, "en", SECOND_ID)
    # another company's token acts only on its own application: nothing to withdraw there
    gone = other.post(f"/a/{other_token}/koulutushaku/{ids['open']}/peru",
                      data={"csrf_token": csrf(other), "vahvista": "1"})
    assert gone.status_code == 302
    assert "There is no pending application to withdraw" in other.get(f"/a/{other_token}/tulokset").get_data(
        as_text=True)
    assert db.execute("SELECT status FROM training_enrolments").fetchone()[0] == "applied"
    # the first press asks for a confirmation and changes nothing (a plain form: no JavaScript needed)
    asked = client.post(f"/a/{token}/koulutushaku/{ids['open']}/peru", data={"csrf_token": csrf(client, token)})
    text = visible_text(asked.get_data(as_text=True))
    assert asked.status_code == 200 and "Withdraw the application?" in text and "No, go back" in text
    assert 'name="vahvista" value="1"' in asked.get_data(as_text=True)
    assert db.execute("SELECT status FROM training_enrolments").fetchone()[0] == "applied"
    assert client.post(f"/a/{token}/koulutushaku/{ids['open']}/peru",
                       data={"csrf_token": csrf(client, token), "vahvista": "1"}).status_code == 302
    page = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Your application was withdrawn." in page and "You withdrew your application on 23 Nov 2026." in page
    assert db.execute("SELECT status FROM training_enrolments").fetchone()[0] == "cancelled"
    assert next(db.query("SELECT user_id FROM audit_log WHERE action = 'company_withdrew_application'"))[
        "user_id"] is None
    # a withdrawn application is never invoiced, and the company may apply again
    coordinator = login(app, "kaisa@xamk.test")
    assert "B2B" not in coordinator.get("/koulutukset/laskutus.csv?org=miksei").get_data(as_text=True)
    assert apply(client, token, ids["open"], participant="P", email="p@example.com").status_code == 302
    assert db.execute("SELECT status, source FROM training_enrolments").fetchone() == ("applied", "company")


@pytest.mark.parametrize("fields, errors", [
    ({"participant": "", "email": "tiina@"}, ["Vastaa tähän kysymykseen.", "Tarkista sähköpostiosoite"]),
    ({"participant": "x" * 201, "email": "a@example.com"}, ["Teksti on liian pitkä: enintään 200 merkkiä (nyt 201)."]),
    ({"participant": "P", "email": "a@example.com", "motivation": "=1+1 " * 300},
     ["Teksti on liian pitkä: enintään 1000 merkkiä (nyt 1499)."]),
])
def test_bad_input_keeps_what_was_typed(app, paths, fields, errors):
    db, ids = paths
    client, token = analysed(app)
    response = apply(client, token, ids["open"], **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tarkista merkityt kentät: mitään ei ole vielä lähetetty." in html
    for error in errors:
        assert error in html, error
    for value in fields.values():
        if value and len(value) < 1200:
            assert value.strip() in html
    assert db.execute("SELECT count(*) FROM training_enrolments").fetchone()[0] == 0


def test_hostile_text_is_shown_literally_everywhere(app, paths):
    db, ids = paths
    client, token = analysed(app)
    assert apply(client, token, ids["open"], participant=HOSTILE, email="p@example.com",
                 motivation=HOSTILE + "\n" + "=HYPERLINK(\"http://x\")").status_code == 302
    company_id = db.execute("SELECT company_id FROM training_enrolments").fetchone()[0]
    escaped = "&lt;b&gt;Äkäs&lt;/b&gt; =1+1"
    coordinator = login(app, "kaisa@xamk.test")
    for html in (coordinator.get(f"/koulutukset/kurssi/{ids['open']}").get_data(as_text=True),
                 coordinator.get(f"/neuvoja/yritys/{company_id}").get_data(as_text=True)):
        assert escaped in html and "<script>alert" not in html and "<b>Äkäs" not in html
        assert "=HYPERLINK(&#34;http://x&#34;)" in html or "=HYPERLINK(&quot;http://x&quot;)" in html
    # the results page shows the application's state, not the typed text back (nothing to inject there)
    assert "<b>Äkäs" not in client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    stored = db.execute("SELECT participant FROM training_enrolments").fetchone()[0]
    assert stored == unicodedata.normalize("NFC", HOSTILE)  # as typed, NFC


def test_only_a_confirmed_company_may_apply(app, paths):
    db, ids = paths
    analysed(app)  # the first analysis of the business ID creates the company
    claimant, token = analysed(app, "en")  # the same business ID again: waits for an advisor's confirmation
    html = claimant.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "An advisor first confirms your analysis" in html and "Apply to this path" not in html
    refused = claimant.post(f"/a/{token}/koulutushaku/{ids['open']}",
                            data={"csrf_token": csrf(claimant, token), f"c{ids['open']}-participant": "Mallory",
                                  f"c{ids['open']}-email": "m@example.com", f"c{ids['open']}-motivation": "Ota meidät"})
    assert refused.status_code == 400 and "An advisor first confirms your analysis" in refused.get_data(as_text=True)
    assert db.execute("SELECT count(*) FROM training_enrolments").fetchone()[0] == 0
    assert claimant.post(f"/a/{token}/koulutushaku/{ids['open']}/peru",
                         data={"csrf_token": csrf(claimant, token)}).status_code == 404


@pytest.mark.parametrize("course, message", [
    ("closed", "Hakuaika on päättynyt."),
    ("direct", "Tähän koulutukseen ei haeta: digiyritysneuvoja ilmoittaa yritykset siihen."),
])
def test_closed_period_and_a_course_without_applications(app, paths, course, message):
    db, ids = paths
    client, token = analysed(app)
    response = client.post(f"/a/{token}/koulutushaku/{ids[course]}",
                           data={"csrf_token": csrf(client, token), f"c{ids[course]}-participant": "Tiina <i>",
                                 f"c{ids[course]}-email": "tiina@example.com"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert db.execute("SELECT count(*) FROM training_enrolments").fetchone()[0] == 0


def test_expired_session_keeps_the_typed_text(app, paths):
    db, ids = paths
    client, token = analysed(app)
    response = client.post(f"/a/{token}/koulutushaku/{ids['open']}",
                           data={"csrf_token": "vanhentunut", f"c{ids['open']}-participant": "Tiina",
                                 f"c{ids['open']}-email": "tiina@example.com",
                                 f"c{ids['open']}-motivation": "Tämä teksti ei saa kadota."})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tämä teksti ei saa kadota." in html and "Istuntosi oli vanhentunut" in html
    assert db.execute("SELECT count(*) FROM training_enrolments").fetchone()[0] == 0


def test_access_matrix_of_the_application_routes(app, paths):
    db, ids = paths
    anonymous = app.test_client()
    token = csrf(anonymous)
    for path in (f"/a/{'A' * 43}/koulutushaku/{ids['open']}", f"/a/{'A' * 43}/koulutushaku/{ids['open']}/peru",
                 "/a/short/koulutushaku/1"):
        assert anonymous.post(path, data={"csrf_token": token}).status_code == 404, path
    client, own = analysed(app)
    assert client.post(f"/a/{own}/koulutushaku/999999", data={"csrf_token": csrf(client, own)}).status_code == 404
    assert client.get(f"/a/{own}/koulutushaku/{ids['open']}").status_code == 405
    sent = apply(client, own, ids["open"], participant="P", email="p@example.com", motivation="Mukaan!")
    assert sent.status_code == 302
    company_id = db.execute("SELECT company_id FROM training_enrolments").fetchone()[0]
    organisation = db.execute("SELECT organisation FROM companies WHERE id = ?", [company_id]).fetchone()[0]
    created = app.test_cli_runner().invoke(args=["users", "create", "oma@neuvoja.test", "--name", "Oma", "--role",
                                                 "advisor", "--organisation", organisation, "--password", PASSWORD])
    assert created.exit_code == 0, created.output
    # the advisor of the company's organisation sees the company's own application on the company page
    page = login(app, "oma@neuvoja.test").get(f"/neuvoja/yritys/{company_id}?lang=en").get_data(as_text=True)
    assert "applied by the company" in visible_text(page) and "Mukaan!" in page
    other_advisor = login(app, "sami@shk.test" if organisation != "shk" else "anna@miksei.test")
    assert other_advisor.get(f"/neuvoja/yritys/{company_id}").status_code == 404
    # another company's token cannot withdraw it
    other, other_token = analysed(app, "fi", SECOND_ID)
    other.post(f"/a/{other_token}/koulutushaku/{ids['open']}/peru", data={"csrf_token": csrf(other)})
    assert db.execute("SELECT status FROM training_enrolments WHERE company_id = ?", [company_id]).fetchone()[0] \
        == "applied"


def test_hostile_corpus_never_breaks_and_reads_back_literally(app, paths):
    from markupsafe import escape

    from tests.test_hostile_input import CORPUS

    db, ids = paths
    client, token = analysed(app)
    coordinator = login(app, "kaisa@xamk.test")
    for value in CORPUS:
        response = apply(client, token, ids["open"], participant=value, email="p@example.com", motivation=value)
        assert response.status_code in (302, 400), repr(value)
        if response.status_code == 400:
            assert str(escape(value.replace("\x00", "")))[:40] in response.get_data(as_text=True) or "\x07" in value
            continue
        participant, motivation = db.execute("SELECT participant, motivation FROM training_enrolments").fetchone()
        roster = coordinator.get(f"/koulutukset/kurssi/{ids['open']}").get_data(as_text=True)
        assert str(escape(participant)) in roster and str(escape(motivation)) in roster, repr(value)
        assert client.post(f"/a/{token}/koulutushaku/{ids['open']}/peru",
                           data={"csrf_token": csrf(client), "vahvista": "1"}).status_code == 302


def test_an_application_the_advisor_recorded_is_not_withdrawn_by_the_link(app, paths):
    """The private link withdraws only the company's own application; one its advisor recorded
    (``source`` NULL) is the advisor's to cancel."""
    db, ids = paths
    client, token = analysed(app, "en")
    company_id = next(db.query("SELECT company_id FROM responses WHERE status = 'submitted' ORDER BY id DESC"))[
        "company_id"]
    store.enrol(db, ids["open"], company_id, 250, "base", event="enrol_application")
    page = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Withdraw the application" not in page
    client.post(f"/a/{token}/koulutushaku/{ids['open']}/peru",
                data={"csrf_token": csrf(client, token), "vahvista": "1"})
    assert db.execute("SELECT status FROM training_enrolments WHERE company_id = ?", [company_id]).fetchone()[0] == \
        "applied"
