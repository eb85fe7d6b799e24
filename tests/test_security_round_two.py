"""Security, second round (issue 22): links that cannot be redirected (1), a working private link
no stranger can retire (4), integer and CSV input that cannot end in a 500 (5), certificate
codes throttled and kept out of the logs (7). Items 2, 3 and 8 (the website check) are in
tests/test_website_hostile.py and tests/test_website_check_gunicorn.py; item 6 (a company's export
and erasure) in tests/test_company_identity.py."""

from __future__ import annotations

import io
import re

import pytest

from app import create_app
from storage import public_lookups
from trainings.storage import courses as store
from storage.db import connect
from tests.helpers import cancel, csrf_of, deliver_outbox, fake_smtp, set_today
from tests.test_advisor import login
from tests.test_trainings import _csrf, ws  # noqa: F401  (ws is a fixture)
from web.config import check_public_base_url
from web.logredact import redact, redact_target
from web.params import parse_int

EVIL = "evil.example"
BASE = "https://digianalyysi.example"


@pytest.fixture
def mailbox(app, monkeypatch):
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test")
    return sent


def _ask_for_link(client, address, **request):
    html = client.get("/linkki?lang=fi", **request).get_data(as_text=True)
    client.post("/linkki", data={"csrf_token": csrf_of(html), "email": address}, **request)
    deliver_outbox(client.application)  # what the outbox sender does


def _links(mailbox):
    return [link for m in mailbox if m[0] == "message" for link in re.findall(r"\S+/a/[A-Za-z0-9_-]+", m[3])]


# --- 1. links come from PUBLIC_BASE_URL, never from the request ------------------------------

@pytest.mark.parametrize("base, expected", [(None, "http://127.0.0.1:5000/a/"), (BASE, BASE + "/a/")])
def test_an_emailed_link_never_takes_the_requests_host(app, walker, survey, mailbox, base, expected):
    """POST /linkki with Host: evil.example mailed the victim http://evil.example/a/<live token>."""
    app.config["PUBLIC_BASE_URL"] = base
    walker.walk(walker.start("fi"), until=survey.pages[2].id)
    deliver_outbox(app)  # the resume link queued with the first page
    mailbox.clear()
    _ask_for_link(app.test_client(), "tiina@example.com", base_url=f"http://{EVIL}")
    links = _links(mailbox)
    assert len(links) == 1 and links[0].startswith(expected) and EVIL not in links[0]


def test_x_forwarded_host_is_never_trusted(tmp_path, walker, survey, monkeypatch):
    proxied = create_app({"SECRET_KEY": "test-secret-key-not-for-production", "DATABASE": str(tmp_path / "p.db"),
                          "SESSION_COOKIE_SECURE": False, "TESTING": True, "PROXY_COUNT": 1,
                          "MAIL_SERVER": "smtp.test"})
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    client = proxied.test_client()
    from tests.helpers import Walker
    respondent = Walker(client, survey)
    respondent.walk(respondent.start("fi"), until=survey.pages[2].id)
    deliver_outbox(proxied)
    sent.clear()
    forged = {"X-Forwarded-Host": EVIL, "X-Forwarded-For": "203.0.113.9"}
    _ask_for_link(proxied.test_client(), "tiina@example.com", headers=forged)
    links = _links(sent)
    assert len(links) == 1 and links[0].startswith("http://127.0.0.1:5000/a/") and EVIL not in links[0]


def test_the_resume_link_on_the_page_and_the_certificate_link_ignore_the_host(app, client, walker):
    token = walker.start("fi")
    page = client.get(f"/a/{token}/sivu/{walker.survey.pages[0].id}", base_url=f"http://{EVIL}")
    assert EVIL not in page.get_data(as_text=True)
    from trainings.certificate_service import verify_url
    from web.context import here, of_app
    app.config["PUBLIC_BASE_URL"] = BASE + "/"
    with app.test_request_context("/", base_url=f"http://{EVIL}"):
        assert verify_url(here(), "ABCDE-FGHJK") == BASE + "/todistus/ABCDE-FGHJK"
    with app.app_context():  # the command line: no request at all
        assert verify_url(of_app(app), "ABCDE-FGHJK") == BASE + "/todistus/ABCDE-FGHJK"


@pytest.mark.parametrize("base, expected", [(None, "http://127.0.0.1:5000"), (BASE, BASE)])
def test_the_enrol_command_mails_links_under_the_public_base(app, ws, monkeypatch, base, expected):  # noqa: F811
    """`flask training enrol` mailed http://localhost/koulutuspaikka/… (a test request's host)."""
    db, orgs, runner = ws
    ids = [cid for cid, _bid in orgs["miksei"]][:4]
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": "Polku", "organiser": "miksei", "seats": 2,
                                         "starts_on": "2027-02-01", "ends_on": "2027-03-01"}, None)
    rows = [store.enrol(db, course_id, cid, 250, "base", email=f"yritys{n}@example.com") for n, cid in enumerate(ids)]
    cancel(db, rows[0]["id"], "2027-01-05")  # the seat is offered to rows[2]
    set_today(app, "2027-01-20")  # the offer lapsed: the next command offers the seat to rows[3]
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL=base)
    business_id = next(bid for cid, bid in orgs["miksei"] if cid == ids[1])
    result = runner.invoke(args=["training", "enrol", str(course_id), business_id])
    assert result.exit_code == 0, result.output
    deliver_outbox(app)
    messages = [m for m in sent if m[0] == "message"]
    assert messages and all(re.search(re.escape(expected) + r"/koulutuspaikka/\S{20,}", m[3]) for m in messages)
    assert not any("localhost" in m[3] for m in messages)


@pytest.mark.parametrize("settings, refused", [
    ({"DEPLOYMENT": "production", "MAIL_SERVER": "smtp.example"}, "PUBLIC_BASE_URL is not"),
    ({"DEPLOYMENT": "staging", "MAIL_SERVER": "smtp.example"}, "PUBLIC_BASE_URL is not"),
    ({"DEPLOYMENT": "production", "MAIL_SERVER": "smtp.example", "PUBLIC_BASE_URL": BASE}, None),
    ({"DEPLOYMENT": "production"}, None),  # no mail: nothing is emailed
    ({"DEPLOYMENT": "local", "MAIL_SERVER": "smtp.example"}, None),  # local: http://127.0.0.1:5000
    ({"DEPLOYMENT": "local", "PUBLIC_BASE_URL": "javascript:alert(1)"}, "is not an http(s) address"),
    ({"DEPLOYMENT": "local", "PUBLIC_BASE_URL": "https://user:pw@digi.example"}, "is not an http(s) address"),
    ({"DEPLOYMENT": "local", "PUBLIC_BASE_URL": "https://digi.example/?next=x"}, "is not an http(s) address"),
    ({"DEPLOYMENT": "local", "PUBLIC_BASE_URL": "https://digi.example/palvelu"}, None),
])
def test_mail_outside_local_development_needs_the_public_base(settings, refused):
    if refused is None:
        check_public_base_url(settings)
        return
    with pytest.raises(RuntimeError) as error:
        check_public_base_url(settings)
    assert refused in str(error.value) and "\n" not in str(error.value)


def test_production_with_mail_refuses_to_start_without_the_public_base(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIANALYYSI_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DIGIANALYYSI_DATABASE", str(tmp_path / "p.db"))
    monkeypatch.setenv("DIGIANALYYSI_DEPLOYMENT", "production")
    monkeypatch.setenv("DIGIANALYYSI_MAIL_SERVER", "smtp.example.fi")
    monkeypatch.setenv("DIGIANALYYSI_CONTACT_EMAIL", "tietosuoja@example.fi")  # production requires it too
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app()
    monkeypatch.setenv("DIGIANALYYSI_PUBLIC_BASE_URL", "https://digianalyysi.example.fi")
    started = create_app()
    with started.app_context():
        from web.urls import public_url
        assert public_url("trainings_public.verify", code="X") == "https://digianalyysi.example.fi/todistus/X"


def test_a_path_prefix_in_the_public_base_is_kept(app):
    from web.urls import public_url
    app.config["PUBLIC_BASE_URL"] = "https://palvelut.example/digianalyysi/"
    with app.test_request_context("/", base_url=f"http://{EVIL}"):
        assert public_url("questionnaire.resume", token="abc") == "https://palvelut.example/digianalyysi/a/abc"


# --- 4. asking for the link never retires the working one -------------------------------------

def test_asking_for_a_new_link_keeps_the_old_one_working_until_the_new_one_is_used(app, walker, survey, mailbox):
    """Anyone who knew the address could retire the entrepreneur's working link through /linkki."""
    token = walker.start("fi")
    walker.walk(token, until=survey.pages[2].id)
    deliver_outbox(app)  # the resume link queued with the first page
    mailbox.clear()
    _ask_for_link(app.test_client(), "tiina@example.com")  # a stranger asks
    _ask_for_link(app.test_client(), "tiina@example.com")  # twice
    first, second = (link.rsplit("/", 1)[1] for link in _links(mailbox))
    owner = app.test_client()
    assert owner.get(f"/a/{token}").status_code == 302  # the owner's link still works
    assert "Aiempi linkkisi toimii, kunnes avaat tämän linkin" in mailbox[-1][3]
    assert owner.get(f"/a/{second}").status_code == 302  # the owner opens the newest link: it takes over
    assert owner.get(f"/a/{token}").status_code == 404  # now the old one is retired
    assert owner.get(f"/a/{first}").status_code == 404  # and the other waiting link with it
    assert owner.get(f"/a/{second}/sivu/{survey.pages[0].id}").status_code == 200
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM pending_links").fetchone()[0] == 0


def test_at_most_three_links_wait(app, walker, survey, mailbox):
    from storage import lost_links, pending_links
    token = walker.start("fi")
    walker.walk(token, until=survey.pages[2].id)
    db = connect(app.config["DATABASE"])
    for _ in range(5):
        lost_links.reissue_links(db, "tiina@example.com", ["contact_email"])
    assert db.execute("SELECT count(*) FROM pending_links").fetchone()[0] == pending_links.KEEP
    assert app.test_client().get(f"/a/{token}").status_code == 302


# --- 5. strict integers and oversized CSV fields ----------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("12", 12), (" 7 ", 7), ("0", 0), ("²", None), ("1²", None), ("٣", None), ("١٢", None), ("-1", None), ("1e3", None),
    ("9" * 20, None), ("", None), (None, None), ("12abc", None), ("\u2007" + "5", None),
])
def test_one_strict_parser_for_integers(value, expected):
    assert parse_int(value, 0, 100_000) == expected


@pytest.mark.parametrize("count", ["²", "1²", "٣", "9" * 30, "１２"])
def test_webinar_attendee_counts_with_strange_digits_are_explained(app, ws, count):  # noqa: F811
    """'²' in an attendee count passed isdigit() and int() raised: a 500."""
    db, orgs, runner = ws
    course_id = store.create_course(db, {"offer_id": "webinar", "name": "Tekoäly arjessa", "organiser": "xamk",
                                         "seats": 500, "starts_on": "2027-01-10", "ends_on": "2027-01-10"}, None)
    session_id = store.add_session(db, course_id, {"on_date": "2027-01-10", "start_time": "14:00", "end_time": "15:00",
                                                   "hours": 1})
    coordinator = login(app, "kaisa@xamk.test")
    token = _csrf(coordinator, f"/koulutukset/istunto/{session_id}/nimenhuuto")
    answer = coordinator.post(f"/koulutukset/istunto/{session_id}/yleiso?lang=en",
                              data={"csrf_token": token, "g_entrepreneurs": count, "g_students": "3"})
    assert answer.status_code == 400 and "Give the attendee counts as whole numbers." in answer.get_data(as_text=True)


@pytest.mark.parametrize("row_id", ["²", "١", "9" * 30, "-1"])
def test_invoicing_row_ids_with_strange_digits_are_ignored(app, ws, row_id):  # noqa: F811
    coordinator = login(app, "kaisa@xamk.test")
    token = _csrf(coordinator, "/koulutukset/laskutus?org=xamk")
    marked = coordinator.post("/koulutukset/laskutus/merkitse?lang=en", follow_redirects=True,
                              data={"csrf_token": token, "org": "xamk", "invoice_number": "2027-9", "rivi": row_id})
    assert marked.status_code == 200 and "Choose the rows and give the invoice number." in marked.get_data(as_text=True)


@pytest.mark.parametrize("course", ["²", "9" * 30])
def test_an_enrolment_with_a_strange_course_id_is_not_a_500(app, ws, course):  # noqa: F811
    db, orgs, runner = ws
    company_id = orgs["miksei"][0][0]
    anna = login(app, "anna@miksei.test")
    token = _csrf(anna, f"/neuvoja/yritys/{company_id}")
    answer = anna.post(f"/koulutukset/yritys/{company_id}/ilmoita", data={"csrf_token": token, "course": course})
    assert answer.status_code in (302, 404)


def test_course_seats_with_a_superscript_are_a_form_error(app, ws):  # noqa: F811
    coordinator = login(app, "kaisa@xamk.test")
    token = _csrf(coordinator, "/koulutukset/kurssi/uusi")
    answer = coordinator.post("/koulutukset/kurssi/uusi?lang=en", data={
        "csrf_token": token, "offer": "tp4-1", "name": "Polku", "organiser": "miksei", "seats": "1²",
        "starts_on": "2027-01-10"})
    assert answer.status_code in (200, 400) and "Give a whole number (digits 0–9)." in answer.get_data(as_text=True)


def test_a_participant_list_with_a_huge_field_gets_a_clear_message(app, ws):  # noqa: F811
    """A CSV field over 131 072 characters made csv raise: a 500."""
    db, orgs, runner = ws
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": "Polku", "organiser": "miksei", "seats": 5,
                                         "starts_on": "2027-01-10", "ends_on": "2027-01-20"}, None)
    session_id = store.add_session(db, course_id, {"on_date": "2027-01-10", "start_time": "09:00", "end_time": "12:00",
                                                   "hours": 3})
    anna = login(app, "anna@miksei.test")
    path = f"/koulutukset/istunto/{session_id}/tuonti?lang=en"
    listing = "Name,Email\n\"" + "x" * 140_000 + "\",a@example.com\n"
    answer = anna.post(path, content_type="multipart/form-data", data={
        "csrf_token": _csrf(anna, f"/koulutukset/istunto/{session_id}/nimenhuuto"),
        "tiedosto": (io.BytesIO(listing.encode()), "osallistujat.csv")})
    assert answer.status_code == 400
    assert "The file has a field that is too long or broken" in answer.get_data(as_text=True)


# --- 7. certificate codes: throttled and out of the logs --------------------------------------

def test_certificate_lookups_are_throttled_per_address(app, ws):  # noqa: F811
    """/todistus/<code> had no limit: codes could be enumerated."""
    db, orgs, runner = ws
    company_id = orgs["miksei"][0][0]
    code = "ABCDE-FGHJK"
    with db.conn:  # a TP2 certificate, as issued at project end
        db.execute("INSERT INTO training_certificates (code, company_id, package, issued_on) "
                   "VALUES (?, ?, 'TP2', '2027-01-05')", [code, company_id])
    client, other = app.test_client(), app.test_client()
    assert client.get(f"/todistus/{code}").status_code == 200
    for n in range(public_lookups.MAX_FAILURES):
        assert client.get(f"/todistus/ZZZZZ-{n:05d}").status_code == 404
    blocked = client.get(f"/todistus/{code}?lang=en")
    assert blocked.status_code == 429 and "Too many codes were checked from your address" in blocked.get_data(
        as_text=True)
    assert "Yritys" not in blocked.get_data(as_text=True)
    elsewhere = other.get(f"/todistus/{code}", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert elsewhere.status_code == 200  # another address is not affected


def test_the_limit_window_passes(app):
    db = connect(app.config["DATABASE"])
    moment = [1_000_000.0]
    for _ in range(public_lookups.MAX_FAILURES):
        public_lookups.record_failure(db, "certificate", "203.0.113.5", clock=lambda: moment[0])
    assert public_lookups.blocked(db, "certificate", "203.0.113.5", clock=lambda: moment[0])
    moment[0] += public_lookups.WINDOW_S + 1
    assert not public_lookups.blocked(db, "certificate", "203.0.113.5", clock=lambda: moment[0])


@pytest.mark.parametrize("line, expected", [
    ('"GET /todistus/ABCDE-FGHJK HTTP/1.1" 200', '"GET /todistus/<token> HTTP/1.1" 200'),
    ('"GET /todistus/abcde-fghjk?lang=en HTTP/1.1" 404', '"GET /todistus/<token> HTTP/1.1" 404'),
    ('"GET /todistus/%41BCDE-FGHJK HTTP/1.1" 200', '"GET /todistus/<token> HTTP/1.1" 200'),
    ('"GET /todistus/AB HTTP/1.1" 404', '"GET /todistus/<token> HTTP/1.1" 404'),
    ('"GET /koulutukset/kurssi/3/todistus/12.pdf HTTP/1.1" 200',
     '"GET /koulutukset/kurssi/3/todistus/12.pdf HTTP/1.1" 200'),
    ('"GET /koulutukset/todistukset/tyopajat.zip HTTP/1.1" 200',
     '"GET /koulutukset/todistukset/tyopajat.zip HTTP/1.1" 200'),
])
def test_certificate_codes_are_redacted_in_the_log(line, expected):
    assert redact(line) == expected


def test_a_referer_with_a_certificate_code_is_redacted():
    assert redact_target("https://digi.example/todistus/ABCDE-FGHJK?lang=fi") == "https://digi.example/todistus/<token>"


def test_the_new_table_rows_expire_with_retention():
    from storage.personal_data import EXPIRING
    assert "public_lookups" in EXPIRING
