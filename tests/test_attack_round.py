"""The third security round (issues 23–27 merged): attacks on the open calendar's public forms,
the staff forms' posted ids and the outbox, each reproduced as it was found."""

import re

from storage import webinar_signups
from tests.helpers import deliver_outbox, fake_smtp
from tests.test_advisor import csrf as staff_csrf, login, save_interview, workspace  # noqa: F401
from tests.test_open_calendar import calendar  # noqa: F401 - the fixture
from tests.test_trainings import ws  # noqa: F401 - the fixture
from tests.test_trainings_apply import csrf
from tests.test_visible_text import visible_text

HOSTILE_NAME = "Olet voittanut! Lunasta palkinto: https://evil.example/palkinto"


def _sign_up(client, course_id, name, email):
    return client.post(f"/koulutuskalenteri/{course_id}/webinaari?lang=en",
                       data={"csrf_token": csrf(client), "name": name, "email": email})


def _links(sent) -> list[str]:
    return [t for m in sent if m[0] == "message" for t in re.findall(r"/webinaari/([A-Za-z0-9_-]+)\n", m[3])]


def test_a_stranger_typing_my_address_neither_renames_my_sign_up_nor_retires_my_link(app, calendar,  # noqa: F811
                                                                                      monkeypatch):
    """Anyone may type anyone's address into the webinar form. Before: the second sign-up stored
    the stranger's name on the victim's sign-up and replaced its cancel token, so the link in the
    victim's first email stopped working and the re-sent email greeted the victim with the
    stranger's text."""
    db, ids, _company = calendar
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    victim, stranger = app.test_client(), app.test_client()
    assert _sign_up(victim, ids["webinar"], "Vilma Virtanen", "vilma@example.com").status_code == 200
    deliver_outbox(app)
    (first,) = _links(sent)
    answer = _sign_up(stranger, ids["webinar"], HOSTILE_NAME, "VILMA@example.com")
    assert answer.status_code == 200 and "You are signed up" in visible_text(answer.get_data(as_text=True))
    deliver_outbox(app)
    assert webinar_signups.count(db, ids["webinar"]) == 1
    assert db.execute("SELECT name FROM webinar_signups").fetchone()[0] == "Vilma Virtanen"
    page = victim.get(f"/webinaari/{first}?lang=en")
    assert page.status_code == 200 and "Vilma Virtanen is signed up" in visible_text(page.get_data(as_text=True))
    # the address gets its own link again, never the stranger's text
    (_kind, address, _subject, body) = [m for m in sent if m[0] == "message"][-1]
    assert address.lower() == "vilma@example.com" and _links(sent) == [first, first]
    assert body.startswith("Hello,\n") and "evil.example" not in body
    # only the hash is stored
    assert first not in " ".join(str(v) for v in db.execute("SELECT * FROM webinar_signups").fetchone())


def test_odd_digits_in_posted_ids_are_ignored_not_a_500(app, ws):  # noqa: F811
    """"²".isdigit() is True but int("²") raises, and a 20-digit id overflows SQLite: both were 500s
    (the outbox's retry and the participant import's confirmation)."""
    from storage import trainings as store
    from tests.test_trainings import _course_with_sessions, _csrf

    db, orgs, _runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator, organiser="miksei")
    session_id = store.sessions(db, course_id)[0]["id"]
    token = _csrf(coordinator, "/koordinaattori/sahkopostit")
    db.execute("INSERT INTO outbox (kind, recipient, subject, body, queued_at, next_attempt_at, status, attempts) "
               "VALUES ('resume link', 'a@example.com', 'S', 'B', 0, 0, 'failed', 5)")
    db.conn.commit()
    for odd in ("²", "٣", "9" * 25):
        retried = coordinator.post("/koordinaattori/sahkopostit/uudelleen", data={"csrf_token": token, "viesti": odd})
        assert retried.status_code == 302, odd
        assert db.execute("SELECT status FROM outbox").fetchone()[0] == "failed"  # not "retry every message"
        confirmed = coordinator.post(f"/koulutukset/istunto/{session_id}/tuonti/vahvista",
                                     data={"csrf_token": token, "valitse": odd, f"oli{odd}": ""})
        assert confirmed.status_code == 302, odd


def test_the_webinar_email_carries_no_text_typed_in_the_form(app, calendar, monkeypatch):  # noqa: F811
    """A stranger's address typed with a "name" made the project's own email deliver the
    stranger's text (a phishing line, or a fake paragraph with line breaks) to that address."""
    db, ids, _company = calendar
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    for lang, greeting in (("en", "Hello,\n"), ("fi", "Hei,\n")):
        client = app.test_client()
        response = client.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari?lang={lang}", data={
            "csrf_token": csrf(client), "name": HOSTILE_NAME + "\n\nMaksa lasku: FI00 1234",
            "email": f"{lang}@example.com"})
        assert response.status_code == 200
        deliver_outbox(app)
        body = [m for m in sent if m[0] == "message"][-1][3]
        assert body.startswith(greeting) and "evil.example" not in body and "FI00" not in body, body


# Every route of app.url_map, by who may use it. A route missing here fails the test below: a new
# route needs its row (and the answers it gives the actors) before it can land.
PUBLIC = {  # no login: the same for everyone, nothing private
    "static", "pages.index", "pages.favicon", "pages.accessibility", "pages.privacy", "health", "login.login",
    "login.logout", "questionnaire.start", "questionnaire.lost_link", "trainings_public.open_calendar",
    "trainings_public.open_calendar_feed", "trainings_public.open_course", "trainings_public.open_course_file",
    "trainings_public.open_with_link", "trainings_public.webinar_signup", "trainings_public.verify_form",
    "trainings_public.verify",
}
TOKEN = {  # a private link's token (or code) in the path: a made-up one is a 404 for everyone
    "questionnaire.resume", "questionnaire.page", "questionnaire.review", "questionnaire.results",
    "questionnaire.done", "questionnaire.report_pdf", "questionnaire.invitation", "questionnaire.event",
    "trainings_public.signup_page", "trainings_public.signup", "trainings_public.own_file",
    "trainings_public.cancel_own", "trainings_public.answer_own", "trainings_public.apply",
    "trainings_public.withdraw", "trainings_public.own_calendar", "trainings_public.offer",
    "trainings_public.offer_calendar", "trainings_public.webinar_page", "trainings_public.webinar_file",
    "trainings_public.webinar_cancel",
}
STAFF = {"advisor.companies", "advisor.waiting_list", "trainings.calendar", "trainings.past_courses"}
ORGANISATION = {  # an object of one organisation: another organisation's advisor gets 403 or 404
    "advisor.company", "advisor.interview_new", "advisor.interview_edit", "advisor.interview_reopen",
    "advisor.interview_history", "advisor.report", "advisor.report_pdf", "advisor.followup_start",
    "advisor.followup_page", "advisor.followup_record", "advisor.waiting_analysis", "advisor.reject",
    "advisor.confirm", "websitecheck.company", "websitecheck.run_check", "websitecheck.draft",
    "websitecheck.save_draft", "websitecheck.choose", "trainings.course", "trainings.course_calendar",
    "trainings.course_zip", "trainings.certificate_pdf", "trainings.rollcall", "trainings.participant_import",
    "trainings.participant_import_confirm", "trainings.audience", "trainings.enrolment_action",
    "trainings.record_answer", "trainings.enrol_company",
}
COORDINATOR = {  # coordinators only: an advisor gets 403
    "accounts.users", "accounts.user_active", "accounts.audit_log", "company_admin.company_organisation",
    "company_admin.company_erase", "company_admin.company_data_export", "websitecheck_coordinator.presence",
    "trainings.course_new", "trainings.course_edit", "trainings.course_delete", "trainings.course_issue",
    "trainings.session_add", "trainings.session_edit", "trainings.session_delete", "trainings.invoicing",
    "trainings.invoicing_export", "trainings.invoicing_mark", "trainings.funder_export",
    "trainings.workshop_certificates_page", "trainings.workshops_zip", "trainings.workshops_issue",
    "coordinator.dashboard", "coordinator.funder_report", "coordinator.funder_download", "coordinator.aggregate_pdf",
    "coordinator.mail_queue", "coordinator.mail_retry", "coordinator.rounds", "coordinator.round_page",
    "coordinator.invite_new", "coordinator.send", "coordinator.links_csv", "coordinator.results_export",
    "coordinator.event_links_page", "coordinator.close_event_link", "coordinator.export",
}


def _objects(db, app):
    """One object of each kind belonging to miksei (the other advisor is shk's)."""
    from storage import trainings as store
    from storage import website_checks

    company = next(db.query("SELECT min(id) AS id FROM companies WHERE organisation = 'miksei'"))["id"]
    course = store.create_course(db, {"offer_id": "tp4-1", "name": "Polku", "organiser": "miksei", "seats": 5,
                                      "starts_on": "2026-11-10", "ends_on": "2026-12-20"}, None)
    session = store.add_session(db, course, {"on_date": "2026-11-10", "start_time": "09:00", "end_time": "12:00",
                                             "hours": 3})
    enrolment = store.enrol(db, course, company, 250, "base")["id"]
    assert save_interview(login(app, "kaisa@xamk.test"), company, tallenna="draft").status_code == 302
    interview = next(db.query("SELECT max(id) AS id FROM interviews"))["id"]
    response = next(db.query("SELECT id FROM responses WHERE company_id = ?", [company]))["id"]

    class Outcome:
        requested, final_url, duration_ms, tool_version, dataset_version = "https://x.example", None, 1, "t", "d"
        error, error_detail, findings, pages, page_text = None, None, [], [], ""

    check = website_checks.insert(db, company, Outcome, None)
    db.conn.commit()
    page = app.extensions["surveys"].current("tp1_followup").pages[0].id
    return {"company_id": company, "course_id": course, "session_id": session, "enrolment_id": enrolment,
            "interview_id": interview, "response_id": response, "check_id": check, "invitation_id": 1,
            "user_id": 1, "round_id": 1, "link_id": 1, "page_id": page, "token": "A" * 43, "code": "AAAAA-BBBBB",
            "fmt": "csv", "filename": "style.css", "action": "peru", "answer": "vastaanota"}


def _path(rule, values) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), path)
    return path


def test_every_route_is_in_the_access_matrix(app, workspace):
    db, _companies = workspace
    values = _objects(db, app)
    rules = [r for r in app.url_map.iter_rules()]
    classified = PUBLIC | TOKEN | STAFF | ORGANISATION | COORDINATOR
    assert {r.endpoint for r in rules} - classified == set(), "a route is missing from the access matrix"
    actors = {"anonymous": app.test_client(), "other_org_advisor": login(app, "sami@shk.test"),
              "advisor": login(app, "anna@miksei.test")}
    tokens = {actor: staff_csrf(client) for actor, client in actors.items()}
    seen = 0
    for rule in rules:
        if rule.endpoint in PUBLIC:
            continue
        path = _path(rule, values)
        for method in sorted(rule.methods & {"GET", "POST"}):
            for actor, client in actors.items():
                data = {"csrf_token": tokens[actor]} if method == "POST" else None
                status = client.open(path, method=method, data=data).status_code
                where = (actor, method, path, status)
                assert status < 500, where
                if rule.endpoint in TOKEN:
                    assert status == 404, where
                elif actor == "anonymous":
                    assert status == 302, where
                elif rule.endpoint in COORDINATOR:
                    assert status == 403, where
                elif rule.endpoint in ORGANISATION and actor == "other_org_advisor":
                    assert status in (403, 404), where
                seen += 1
    assert seen > 150
    # the objects exist: their own organisation's advisor reaches them
    own = actors["advisor"]
    for path in (f"/neuvoja/yritys/{values['company_id']}", f"/neuvoja/haastattelu/{values['interview_id']}",
                 f"/koulutukset/kurssi/{values['course_id']}",
                 f"/koulutukset/istunto/{values['session_id']}/nimenhuuto",
                 f"/neuvoja/verkkosivut/yritys/{values['company_id']}"):
        assert own.get(path).status_code == 200, path


HOSTILE_ROWS = ['=HYPERLINK("https://evil.example","klikkaa")', "<script>alert(1)</script>",
                "\u202eekaF\u202c Nimi", "e\u0301\u0301\u0301 yhdistelmä", "@SUM(1+1)"]


def _import(client, session_id, data: bytes, token):
    import io

    return client.post(f"/koulutukset/istunto/{session_id}/tuonti?lang=en",
                       data={"csrf_token": token, "tiedosto": (io.BytesIO(data), "osallistujat.csv")},
                       content_type="multipart/form-data")


def test_a_hostile_participant_list_is_shown_literally_and_a_big_one_quickly(app, ws):  # noqa: F811
    import time

    from markupsafe import escape

    from storage import trainings as store
    from tests.helpers import set_today
    from tests.test_trainings import _course_with_sessions, _csrf

    db, orgs, _runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator, organiser="miksei")
    session_id = store.sessions(db, course_id)[0]["id"]
    set_today(app, "2027-01-10")
    token = _csrf(coordinator, f"/koulutukset/istunto/{session_id}/nimenhuuto")
    text = "Name,Email\n" + "".join(f'"{n.replace(chr(34), chr(34) * 2)}",x{i}@example.com\n'
                                    for i, n in enumerate(HOSTILE_ROWS))
    for data in (text.encode("utf-8-sig"), text.encode("utf-16"), text.encode("utf-8")):
        response = _import(coordinator, session_id, data, token)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, html[:2000]
        for name in HOSTILE_ROWS:
            assert str(escape(name)) in html, name
        assert "<script>alert(1)" not in html
    # the largest file accepted (500 kB of participants nobody enrolled) answers within seconds
    rows = "".join(f"Osallistuja {i} Ab,o{i}@example.com\n" for i in range(20000))
    big = ("Name,Email\n" + rows)[:500_000].rsplit("\n", 1)[0].encode()
    started = time.monotonic()
    response = _import(coordinator, session_id, big, token)
    assert response.status_code == 200 and time.monotonic() - started < 10
    too_big = _import(coordinator, session_id, big + b"x" * 10_000, token)
    assert too_big.status_code == 400 and "too large" in too_big.get_data(as_text=True)


def test_one_message_that_cannot_be_built_does_not_stop_the_outbox(app, monkeypatch):
    """A message whose header cannot be written (here a line break in the address: email refuses
    it with ValueError, not an SMTP error) ended every sender round before anything after it was
    sent, and was never given up: one bad row stopped all mail."""
    from storage import get_db, outbox

    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", MAIL_MAX_ATTEMPTS=2)
    with app.app_context():
        db = get_db()
        bad = outbox.enqueue(db, "a@example.com\nBcc: b@example.com", "S", "B", "resume link")
        good = outbox.enqueue(db, "c@example.com", "S", "B", "resume link")
    result = deliver_outbox(app)
    assert [m[1] for m in sent if m[0] == "message"] == ["c@example.com"]
    assert result["sent"] == 1 and result["retry"] + result["given_up"] == 1
    with app.app_context():
        rows = {r["id"]: r for r in get_db().query("SELECT id, status, last_error FROM outbox")}
    assert rows[good]["status"] == "sent" and rows[bad]["last_error"] == "ValueError"


def test_a_schedule_change_names_the_course_in_the_readers_language(app, ws, monkeypatch):  # noqa: F811
    """An English reader was told of a change in "the training Verkkokauppapolku kevät 2027" (the
    Finnish name) although the course has an English name; the seat offer's email likewise."""
    from storage import trainings as store
    from tests.test_trainings import _course_with_sessions, _csrf

    db, orgs, _runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator)
    db.execute("UPDATE training_courses SET name_en = 'Web shop path <2027>' WHERE id = ?", [course_id])
    db.conn.commit()
    company = orgs["miksei"][0][0]
    store.enrol(db, course_id, company, 250, "base", email="p@example.com", language="en")
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test")
    second = store.sessions(db, course_id)[1]["id"]
    path = f"/koulutukset/istunto/{second}/muokkaa"
    assert coordinator.post(path, data={
        "csrf_token": _csrf(coordinator, path), "on_date": "2027-01-18", "start_time": "10:00", "end_time": "13:00",
        "hours": "3", "place": "Juva"}).status_code == 302
    deliver_outbox(app)
    (_kind, _to, subject, body), = [m for m in sent if m[0] == "message"]
    assert subject == "Change in the training: Web shop path <2027>"
    assert "A session of the training Web shop path <2027> has changed." in body and "kevät" not in body


def test_a_hostile_english_course_name_prints_literally_on_the_certificate(app, ws):  # noqa: F811
    import io
    import zipfile

    from pypdf import PdfReader

    from storage import trainings as store
    from storage import trainings_records as records
    from tests.helpers import LATER, set_today
    from tests.test_trainings import _csrf

    db, orgs, _runner = ws
    hostile = '<font size=40>Iso</font> &amp; <b>x</b> =HYPERLINK("https://evil.example") \u202ekurssi\u202c'
    company_id = orgs["miksei"][0][0]
    course_id = store.create_course(db, {"offer_id": "tp5", "name": "Kurssi", "name_en": hostile,
                                         "organiser": "miksei", "seats": 5, "starts_on": "2027-01-10",
                                         "ends_on": "2027-01-20"}, None)
    session_id = store.add_session(db, course_id, {"on_date": "2027-01-10", "start_time": "09:00",
                                                   "end_time": "12:00", "hours": 3})
    row = store.enrol(db, course_id, company_id, 250, "base", participant="<i>Osallistuja</i>")
    records.set_attendance(db, session_id, {row["id"]: "present"}, None, LATER)
    set_today(app, "2027-02-01")
    coordinator = login(app, "kaisa@xamk.test")
    page = f"/koulutukset/kurssi/{course_id}"
    coordinator.post(f"{page}/todistukset/myonna", data={"csrf_token": _csrf(coordinator, page)})
    archive = zipfile.ZipFile(io.BytesIO(coordinator.get(f"{page}/todistukset.zip?lang=en").data))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages)
    assert '<font size=40>Iso</font> &amp; <b>x</b> =HYPERLINK("https://evil.example")' in " ".join(text.split())
    assert "<i>Osallistuja</i>" in text
    code = db.execute("SELECT code FROM training_certificates").fetchone()[0]
    public = app.test_client().get(f"/todistus/{code}?lang=en").get_data(as_text=True)
    assert "&lt;font size=40&gt;Iso&lt;/font&gt; &amp;amp; &lt;b&gt;x&lt;/b&gt;" in public


def test_every_route_with_a_token_in_its_path_is_redacted_in_the_logs(app):
    """Each rule of app.url_map that takes a token or a code: its value never reaches a log line.
    (The event links' /tilaisuus/<token> was logged as it came: the link lifts the per-address
    limit of new analyses.)"""
    from web.logredact import redact, redact_target

    secret = "Zz9" + "x" * 40
    rules = [r for r in app.url_map.iter_rules() if {"token", "code"} & set(r.arguments)]
    assert len(rules) >= 20
    for rule in rules:
        path = re.sub(r"<(?:[a-z]+:)?(token|code)>", secret, rule.rule)
        path = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "7", path)
        assert secret not in redact_target(path), rule.rule
        assert secret not in redact(f'127.0.0.1 "GET {path}?x=1 HTTP/1.1" 200'), rule.rule


def test_ipv6_clients_are_limited_by_their_64_network(app, calendar):  # noqa: F811
    """One machine with an IPv6 /64 has 2**64 addresses: counted one by one, the public sign-up
    limit (and every other per-address limit) limited nothing – a script filled every webinar."""
    from web.clients import client_key

    assert client_key("2001:db8:1:2:3:4:5:6") == client_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.7") == client_key("192.0.2.7") == "192.0.2.7"
    assert client_key("fe80::1%eth0") == "fe80::/64" and client_key(None) == "-" and client_key("x") == "x"
    db, ids, _company = calendar
    db.execute("UPDATE training_courses SET seats = 100 WHERE id = ?", [ids["webinar"]])
    db.conn.commit()
    app.config["SIGNUP_LIMIT"] = 3
    visitor = app.test_client()
    answers = [visitor.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari", environ_base={
        "REMOTE_ADDR": f"2001:db8:77:1::{n + 1:x}"}, data={"csrf_token": csrf(visitor), "name": f"Botti {n}",
                                                          "email": f"botti{n}@example.com"}).status_code
               for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    elsewhere = visitor.post(f"/koulutuskalenteri/{ids['webinar']}/webinaari", environ_base={
        "REMOTE_ADDR": "2001:db8:77:2::1"}, data={"csrf_token": csrf(visitor), "name": "Muu", "email": "m@example.com"})
    assert elsewhere.status_code == 200
    assert webinar_signups.count(db, ids["webinar"]) == 4


def test_cancelling_a_webinar_sign_up_drops_its_unsent_confirmations(app, calendar):  # noqa: F811
    """Cancelling "clears the name and the email at once", but a confirmation the mail server had
    not taken yet kept the address and the link in the outbox for 30 days (and was sent later)."""
    from storage import trainings as store

    db, ids, _company = calendar
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    other = store.create_course(db, {"offer_id": "webinar", "name": "Toinen webinaari", "organiser": "xamk",
                                     "seats": 5, "starts_on": "2027-01-20", "ends_on": "2027-01-20"}, None)
    store.add_session(db, other, {"on_date": "2027-01-20", "start_time": "14:00", "end_time": "15:00", "hours": 1,
                                  "link": "https://meet.example.fi/toinen"})
    visitor = app.test_client()
    for course_id in (ids["webinar"], other, ids["webinar"]):  # nothing delivered: the mail server is down
        assert _sign_up(visitor, course_id, "Vilma", "vilma@example.com").status_code == 200
    assert db.execute("SELECT count(*) FROM outbox WHERE recipient = 'vilma@example.com'").fetchone()[0] == 3
    signup = db.execute("SELECT id FROM webinar_signups WHERE course_id = ?", [ids["webinar"]]).fetchone()[0]
    token = webinar_signups.cancel_token(app.config["SECRET_KEY"], signup)
    cancelled = visitor.post(f"/webinaari/{token}/peru", data={"csrf_token": csrf(visitor), "vahvista": "1"})
    assert cancelled.status_code == 302
    left = db.execute("SELECT body FROM outbox WHERE recipient = 'vilma@example.com'").fetchall()
    assert len(left) == 1 and "meet.example.fi/toinen" in left[0][0]  # the other webinar's stays


def test_a_line_break_in_a_course_name_does_not_break_its_calendar_file(app, calendar):  # noqa: F811
    """A course name with a line break (typed in a hand-made request or the CLI) made every .ics
    of the course a 500 – the public one too (icalendar refuses an unescaped X-WR-CALNAME)."""
    db, ids, _company = calendar
    db.execute("UPDATE training_courses SET name = 'Tekoäly\r\narjessa', name_en = 'AI\nat work' WHERE id = ?",
               [ids["webinar"]])
    db.conn.commit()
    for lang, name in (("fi", "Tekoäly arjessa"), ("en", "AI at work")):
        response = app.test_client().get(f"/koulutuskalenteri/{ids['webinar']}/kalenteri.ics?lang={lang}")
        assert response.status_code == 200 and f"X-WR-CALNAME:{name}" in response.data.decode()
