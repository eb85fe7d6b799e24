"""Trainings: the pure rules at their boundaries, the catalogue's validation, the command-line
contract, the course -> enrolment -> roll call -> certificate -> invoicing flow through the
views, bad input, hostile names, and who may see what."""

import csv
import io
import re
import zipfile

import pytest

from tests.helpers import LATER, set_today
from openpyxl import load_workbook
from pypdf import PdfReader

from projectdata.branding import cover_logos
from trainings.catalogue import load_catalogue
from trainings.rules.invoicing import row_status
from trainings.rules.certificates import certificate_due
from trainings.rules.participants import match_participants
from trainings.rules.places import fee_for, placement, promotions
from trainings.storage import courses as store
from trainings.storage import records as records
from storage.db import connect
from surveys.loader import SurveyError
from tests.test_advisor import CSRF, demo_workspace, login

HIGH = ("700k_2m", "over_2m")


@pytest.mark.parametrize("rule, share, held, present, due", [
    ("share", 0.75, 4, 3, True), ("share", 0.75, 4, 2, False), ("share", 0.75, 3, 2, False),
    ("share", 0.75, 8, 6, True), ("share", 0.75, 8, 5, False), ("share", 0.75, 7, 6, True),
    ("share", 0.75, 0, 0, False), ("share", 1.0, 5, 5, True), ("share", 1.0, 5, 4, False),
    ("any", 0, 5, 1, True), ("any", 0, 5, 0, False), ("none", 0, 5, 5, False),
])
def test_certificate_rule_at_its_boundaries(rule, share, held, present, due):
    assert certificate_due(rule, share, held, present) is due


@pytest.mark.parametrize("fee, high, turnover, expected", [
    (150, 350, "700k_2m", (350, "high")), (150, 350, "over_2m", (350, "high")),
    (150, 350, "300k_700k", (150, "base")), (150, 350, None, (150, "base")),
    (250, None, "over_2m", (250, "base")), (0, None, "over_2m", (0, "free")),
])
def test_fee_tiers(fee, high, turnover, expected):
    assert fee_for(fee, high, turnover, HIGH) == expected


@pytest.mark.parametrize("args, expected", [
    ((9, 10), "enrolled"), ((10, 10), "waiting"), ((3, 10, 15, 16), "enrolled"), ((3, 10, 16, 16), "waiting"),
])
def test_placement(args, expected):
    assert placement(*args) == expected


def test_promotions_take_the_first_in_line_as_many_as_fit():
    assert promotions([7, 3, 9], 9, 10) == [7]
    assert promotions([7, 3, 9], 8, 10, 15, 16) == [7]
    assert promotions([7, 3, 9], 8, 10) == [7, 3]
    assert promotions([7], 10, 10) == []


@pytest.mark.parametrize("status, fee, cancelled, invoiced, expected", [
    ("enrolled", 150, None, None, "chargeable"), ("enrolled", 150, None, "2027-02-01", "invoiced"),
    ("enrolled", 0, None, None, "no_fee"), ("cancelled", 150, "2027-01-03", None, "no_fee"),
    ("cancelled", 150, "2027-01-04", None, "chargeable"), ("waiting", 150, None, None, None),
    ("declined", 250, None, None, None),
])
def test_invoice_status_follows_the_cancellation_rule(status, fee, cancelled, invoiced, expected):
    # the course starts 2027-01-10; free cancellation up to 7 days before (local dates)
    row = {"status": status, "fee": fee, "seated": True, "starts_on": "2027-01-10", "cancelled_on": cancelled,
           "invoiced_on": invoiced}
    assert row_status(row, 7) == expected


def test_participant_matching():
    enrolments = [{"id": 1, "company": "Savon Kahvila Tmi", "participant": "Sari Rautiainen", "email": "sari@savon.fi"},
                  {"id": 2, "company": "Linnan Kauppa Oy", "participant": None, "email": None}]
    rows = [{"name": "Someone", "email": "SARI@savon.fi"}, {"name": "linnan  kauppa oy", "email": ""},
            {"name": "Tuntematon Vieras", "email": "x@y.fi"}, {"name": "Sari Rautiainen (Savon Kahvila)", "email": ""}]
    matched, unmatched = match_participants(rows, enrolments)
    assert matched == {1: 1, 2: 2}
    assert [n for n, _ in unmatched] == [3]


@pytest.mark.parametrize("change, message", [
    (('id = "tp3"', 'id = "tp9"'), "offer 8 ('tp9'): unknown offer id"),
    (('invoicing = "shk"', 'invoicing = "nobody"'), "offer 8 ('tp3'): unknown invoicing organisation 'nobody'"),
    (('certificate = { rule = "share", min_share = 0.75 }\n\n[[offers]]\nid = "tp4-1"',
      'certificate = { rule = "share", min_share = 1.5 }\n\n[[offers]]\nid = "tp4-1"'),
      "offer 8 ('tp3'): 'certificate.min_share'"),
    (('pool = "tp6"', 'pool = "tp7"'), "unknown seat pool 'tp7'"),
    (('seats = 12', 'seats = 0'), "offer 11 ('tp5'): 'seats' must be a positive whole number"),
])
def test_catalogue_errors_name_the_file_and_the_item(app, tmp_path, change, message):
    from pathlib import Path

    text = (Path(__file__).parents[1] / "projectdata" / "trainings.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "trainings.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    method = app.extensions["surveys"].method(app.extensions["surveys"].current("tp1"))
    with pytest.raises(SurveyError) as error:
        load_catalogue(method, ["xamk", "miksei", "proagria", "shk"], path)
    assert str(error.value).startswith("trainings.toml: ") and message in str(error.value)


# --- with a database -----------------------------------------------------------------------

@pytest.fixture
def ws(app):
    runner = app.test_cli_runner()
    db = demo_workspace(app, companies=30)
    orgs = {}
    for row in db.query("SELECT id, business_id, organisation FROM companies ORDER BY id"):
        orgs.setdefault(row["organisation"], []).append((row["id"], row["business_id"]))
    set_today(app, "2027-01-05")
    return db, orgs, runner


def _cli(runner, *args):
    result = runner.invoke(args=["training", *args])
    return result.exit_code, [line for line in result.output.strip().splitlines() if not line.startswith("Database: ")]


def test_command_line_contract(ws):
    db, orgs, runner = ws
    code, lines = _cli(runner, "course-create", "tp4-1", "--start", "2027-01-10", "--seats", "2", "--organiser",
                       "miksei")
    assert code == 0 and lines[-1].isdigit()
    course = lines[-1]
    ids = [bid for org in orgs.values() for _cid, bid in org][:4]
    assert [_cli(runner, "enrol", course, bid) for bid in ids] == [
        (0, ["enrolled"]), (0, ["enrolled"]), (0, ["waiting list 1"]), (0, ["waiting list 2"])]
    assert _cli(runner, "enrol", course, ids[0]) == (0, ["enrolled"])  # enrolling twice is harmless
    assert _cli(runner, "enrol", course, ids[2]) == (0, ["waiting list 1"])
    code, lines = _cli(runner, "enrol", "99999", ids[0])
    assert code == 1 and lines == ["unknown course 99999"]
    code, lines = _cli(runner, "enrol", course, "1234567-8")
    assert code == 1 and lines == ["unknown company 1234567-8"]
    code, lines = _cli(runner, "course-create", "tp2-1", "--start", "2026-12-01")
    closed = lines[-1]
    code, lines = _cli(runner, "enrol", closed, ids[0])
    assert code == 1 and len(lines) == 1 and "closed" in lines[0]
    code, lines = _cli(runner, "course-create", "nope", "--start", "2027-01-10")
    assert code == 1 and "unknown offer" in lines[-1]
    webinar = _cli(runner, "course-create", "webinar", "--start", "2027-01-20")[1][-1]
    code, lines = _cli(runner, "enrol", webinar, ids[0])
    assert code == 1 and len(lines) == 1 and "without enrolment" in lines[0]  # webinars count audiences
    assert db.execute("SELECT fee FROM training_enrolments WHERE course_id = ? ORDER BY id LIMIT 1",
                      [int(course)]).fetchone()[0] in (250,)


def _csrf(client, path):
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def _course_with_sessions(app, coordinator, organiser="miksei", offer="tp4-1", seats="3"):
    token = _csrf(coordinator, "/koulutukset/kurssi/uusi")
    response = coordinator.post("/koulutukset/kurssi/uusi", data={
        "csrf_token": token, "offer": offer, "name": "Verkkokauppapolku kevät 2027", "organiser": organiser,
        "seats": seats, "apply_until": "2027-01-09", "starts_on": "2027-01-10", "ends_on": "2027-01-31"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    course_id = int(response.location.rsplit("/", 1)[1])
    for day in ("10", "17", "24", "31"):
        token = _csrf(coordinator, f"/koulutukset/kurssi/{course_id}")
        added = coordinator.post(f"/koulutukset/kurssi/{course_id}/istunto", data={
            "csrf_token": token, "on_date": f"2027-01-{day}", "start_time": "09:00", "end_time": "12:00", "hours": "3",
            "place": "Mikkeli, Xamk", "trainer": "Tero Kouluttaja"})
        assert added.status_code == 302, added.get_data(as_text=True)[:3000]
    return course_id


def _enrol(client, company_id, course_id, participant=""):
    token = _csrf(client, f"/neuvoja/yritys/{company_id}")
    return client.post(f"/koulutukset/yritys/{company_id}/ilmoita",
                       data={"csrf_token": token, "course": course_id, "participant": participant},
                       follow_redirects=True)


def test_course_enrolment_rollcall_certificate_and_invoicing(app, ws):
    db, orgs, runner = ws
    coordinator, anna = login(app, "kaisa@xamk.test"), login(app, "anna@miksei.test")
    course_id = _course_with_sessions(app, coordinator)
    own = [cid for cid, _bid in orgs["miksei"]]
    db.execute("UPDATE responses SET answers = json_set(answers, '$.turnover', 'over_2m') WHERE company_id = ?",
               [own[0]])
    db.conn.commit()
    page = _enrol(anna, own[0], course_id, "Anna Osallistuja").get_data(as_text=True)
    assert "250 €" in page  # TP4: 250 € in every tier
    for cid in own[1:3]:
        assert _enrol(anna, cid, course_id).status_code == 200
    full = _enrol(anna, own[3], course_id).get_data(as_text=True)
    assert "number 1 on the waiting list" in full or "jonossa sijalla 1" in full
    # roll call: on the 10th everybody, on the 17th and 24th the first one only
    sessions = store.sessions(db, course_id)
    by_company = {e["company_id"]: e for e in store.roster(db, course_id)}
    roster = [by_company[cid] for cid in own[:3]]
    set_today(app, "2027-02-01")
    rollcall = f"/koulutukset/istunto/{sessions[0]['id']}/nimenhuuto"
    assert "Mark the rest present and save" in anna.get(rollcall + "?lang=en").get_data(as_text=True)
    assert anna.post(rollcall, data={"csrf_token": _csrf(anna, rollcall), "kaikki": "1"}).status_code == 302
    for s in sessions[1:3]:
        path = f"/koulutukset/istunto/{s['id']}/nimenhuuto"
        marks = {f"e{roster[0]['id']}": "present", f"e{roster[1]['id']}": "excused"}
        assert anna.post(path, data={"csrf_token": _csrf(anna, path), **marks}).status_code == 302
    # the participant list of the last (online) session: one matches by email, one by name, one nothing
    email = db.execute("SELECT json_extract(answers, '$.contact_email') FROM responses WHERE company_id = ?",
                       [roster[0]["company_id"]]).fetchone()[0]
    listing = (f"Full Name,Email\nJoku,{email.upper()}\n{roster[1]['company_name']},\nVieras "
               f"Henkilö,vieras@example.com\n")
    path = f"/koulutukset/istunto/{sessions[3]['id']}/tuonti"
    imported = anna.post(path,
        data={"csrf_token": _csrf(anna, rollcall), "tiedosto": (io.BytesIO(listing.encode()), "t.csv")},
                         content_type="multipart/form-data")
    text = imported.get_data(as_text=True)
    assert imported.status_code == 200 and "Vieras Henkilö" in text and "vieras@example.com" in text
    assert records.attendance(db, sessions[3]["id"]) == {}  # read and listed, not saved yet
    confirm = {"csrf_token": _csrf(anna, rollcall), "valitse": [str(roster[0]["id"]), str(roster[1]["id"])],
               f"oli{roster[0]['id']}": "", f"oli{roster[1]['id']}": ""}
    assert anna.post(path + "/vahvista", data=confirm).status_code == 302
    assert records.attendance(db, sessions[3]["id"]) == {roster[0]["id"]: "present", roster[1]["id"]: "present"}
    # certificates: 4/4 and 2/4 (excused is not present) and 1/4 -> only the first, issued by the coordinator
    zip_path = f"/koulutukset/kurssi/{course_id}/todistukset.zip?lang=fi"
    assert anna.get(zip_path).status_code == 302  # nothing issued yet: back to the course with a message
    course_page = f"/koulutukset/kurssi/{course_id}"
    issued = coordinator.post(f"{course_page}/todistukset/myonna?lang=en",
                              data={"csrf_token": _csrf(coordinator, course_page)}, follow_redirects=True)
    assert "1 certificate was issued." in issued.get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(anna.get(f"/koulutukset/kurssi/{course_id}/todistukset.zip?lang=fi").data))
    assert len(archive.namelist()) == 1
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages)
    assert roster[0]["company_name"] in pdf and "Anna Osallistuja" in pdf and "Läsnä 4 / 4" in pdf
    code = re.search(r"Tarkistuskoodi: ([A-Z0-9]{5}-[A-Z0-9]{5})", pdf).group(1)
    # the project's logo and the EU emblem, as on the reports' covers
    page = PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages[0]
    assert len(page.images) == len(cover_logos(app.extensions["projectdata"].logos, "fi")) >= 2
    again = zipfile.ZipFile(io.BytesIO(anna.get(f"/koulutukset/kurssi/{course_id}/todistukset.zip?lang=en").data))
    assert code in "".join(p.extract_text() for p in PdfReader(io.BytesIO(again.read(again.namelist()[0]))).pages)
    public = app.test_client().get(f"/todistus/{code}?lang=en")
    shown = public.get_data(as_text=True)
    assert public.status_code == 200 and roster[0]["company_name"] in shown and "Verkkokauppapolku kevät 2027" in shown
    assert "Anna Osallistuja" not in shown and roster[0]["business_id"] not in shown
    assert app.test_client().get("/todistus/AAAAA-BBBBB").status_code == 404
    # invoicing: TP4 is invoiced by Xamk; the waiting company is not on it
    basis = coordinator.get("/koulutukset/laskutus.csv?org=xamk&lang=en")
    rows = list(csv.reader(io.StringIO(basis.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {"to invoice"}
    workbook = load_workbook(io.BytesIO(coordinator.get("/koulutukset/laskutus.xlsx?org=xamk").data))
    fees = [row[7] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert fees == [250, 250, 250]
    token = _csrf(coordinator, "/koulutukset/laskutus?org=xamk")
    ids = [r[-1] for r in rows[1:]]
    marked = coordinator.post("/koulutukset/laskutus/merkitse",
                              data={"csrf_token": token, "org": "xamk", "invoice_number": "2027-001", "rivi": ids})
    assert marked.status_code == 302
    assert coordinator.post("/koulutukset/laskutus/merkitse", data={
        "csrf_token": token, "org": "xamk", "invoice_number": "2027-002", "rivi": ids}).status_code == 302
    rows = list(csv.reader(io.StringIO(coordinator.get("/koulutukset/laskutus.csv?org=xamk").get_data(as_text=True)
                                       .lstrip("\ufeff")), delimiter=";"))
    assert {(r[0], r[13]) for r in rows[1:]} == {("invoiced", "2027-001")}  # never invoiced twice
    # a cancellation after the course has started offers nobody the seat (tests/test_training_offers.py
    # has the offers before the start)
    enrolment = roster[2]["id"]
    path = f"/koulutukset/kurssi/{course_id}"
    anna.post(f"/koulutukset/ilmoittautuminen/{enrolment}/peru", data={"csrf_token": _csrf(anna, path), "next": path})
    assert store.enrolment_of(db, course_id, own[3])["status"] == "waiting"
    # removing what has attendance is refused with a message, nothing lost
    removed = coordinator.post(f"/koulutukset/istunto/{sessions[0]['id']}/poista",
                               data={"csrf_token": _csrf(coordinator, path)}, follow_redirects=True)
    assert "has attendance marks" in removed.get_data(as_text=True)  # the session's page says what to do
    assert store.get_session(db, sessions[0]["id"]) is not None
    coordinator.post(f"/koulutukset/kurssi/{course_id}/poista", data={"csrf_token": _csrf(coordinator, path)})
    assert store.get_course(db, course_id) is not None
    ics = anna.get(f"/koulutukset/kurssi/{course_id}.ics")
    from icalendar import Calendar

    events = [c for c in Calendar.from_ical(ics.data).walk("VEVENT")]
    assert ics.mimetype == "text/calendar" and len(events) == 4 and str(events[0]["location"]) == "Mikkeli, Xamk"


def test_closed_period_and_bad_session_input_keep_what_was_typed(app, ws):
    db, orgs, runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator, seats="")
    assert store.get_course(db, course_id)["seats"] == 10  # the catalogue's default
    set_today(app, "2027-01-12")
    page = _enrol(coordinator, orgs["miksei"][0][0], course_id).get_data(as_text=True)
    assert "The application period has ended." in page or "Hakuaika on päättynyt." in page
    path = f"/koulutukset/kurssi/{course_id}"
    bad = coordinator.post(f"{path}/istunto", data={"csrf_token": _csrf(coordinator, path), "on_date": "2027-02-01",
                                                     "start_time": "12:00", "end_time": "11:00", "hours": "x",
                                                     "place": "Juva <seurantalo>", "link": "javascript:alert(1)"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Juva &lt;seurantalo&gt;" in text and "javascript:alert(1)" in text
    assert len(store.sessions(db, course_id)) == 4


HOSTILE = '<b>Äkäs & Co</b><img src=x> =1+1 \u202eRTL e\u0301'


def test_hostile_names_are_printed_literally(app, ws):
    db, orgs, runner = ws
    company_id, business_id = orgs["miksei"][0]
    db.execute("UPDATE companies SET name = ? WHERE id = ?", [HOSTILE, company_id])
    db.conn.commit()
    course_id = store.create_course(db, {"offer_id": "tp5", "name": "=cmd|' /C calc'!A0 <i>", "organiser": "miksei",
                                         "seats": 5, "starts_on": "2027-01-10", "ends_on": "2027-01-20"}, None)
    session_id = store.add_session(db, course_id, {"on_date": "2027-01-10", "start_time": "09:00", "end_time": "12:00",
                                                   "hours": 3})
    row = store.enrol(db, course_id, company_id, 250, "base", participant="=1+1")
    records.set_attendance(db, session_id, {row["id"]: "present"}, None, LATER)
    set_today(app, "2027-02-01")
    coordinator = login(app, "kaisa@xamk.test")
    course_page = f"/koulutukset/kurssi/{course_id}"
    coordinator.post(f"{course_page}/todistukset/myonna", data={"csrf_token": _csrf(coordinator, course_page)})
    archive = zipfile.ZipFile(io.BytesIO(coordinator.get(f"/koulutukset/kurssi/{course_id}/todistukset.zip").data))
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages)
    assert "<b>Äkäs & Co</b><img src=x>" in pdf and "=cmd|' /C calc'!A0 <i>" in pdf
    html = coordinator.get(f"/koulutukset/kurssi/{course_id}").get_data(as_text=True)
    assert "&lt;b&gt;Äkäs &amp; Co&lt;/b&gt;&lt;img src=x&gt;" in html and "<b>Äkäs" not in html
    code = db.execute("SELECT code FROM training_certificates").fetchone()[0]
    public = app.test_client().get(f"/todistus/{code}").get_data(as_text=True)
    assert "&lt;b&gt;Äkäs &amp; Co&lt;/b&gt;" in public
    rows = list(csv.reader(io.StringIO(coordinator.get("/koulutukset/laskutus.csv?org=miksei").get_data(as_text=True)
                                       .lstrip("\ufeff")), delimiter=";"))
    assert rows[1][5] == "'=cmd|' /C calc'!A0 <i>" and rows[1][1] == HOSTILE
    workbook = load_workbook(io.BytesIO(coordinator.get("/koulutukset/laskutus.xlsx?org=miksei").data))
    row = next(workbook.active.iter_rows(min_row=2))
    cells = [c.value for c in row]
    # a typed string cell: shown as typed, never a formula (no apostrophe needed in XLSX)
    assert cells[5] == "=cmd|' /C calc'!A0 <i>" and row[5].data_type == "s" and cells[7] == 250


def test_access_matrix_of_the_training_routes(app, ws):
    db, orgs, runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator, organiser="miksei")
    session_id = store.sessions(db, course_id)[0]["id"]
    own, other = orgs["miksei"][0][0], orgs["shk"][0][0]
    enrolment = store.enrol(db, course_id, own, 250, "base")["id"]
    actors = {"anonymous": app.test_client(), "other_org_advisor": login(app, "sami@shk.test"),
              "advisor": login(app, "anna@miksei.test"), "coordinator": coordinator}
    org_routes = [f"/koulutukset/kurssi/{course_id}", f"/koulutukset/kurssi/{course_id}.ics",
                  f"/koulutukset/istunto/{session_id}/nimenhuuto"]
    want = {"anonymous": 302, "other_org_advisor": 404, "advisor": 200, "coordinator": 200}
    for path in org_routes:
        for actor, client in actors.items():
            assert client.get(path).status_code == want[actor], (actor, path)
    # nothing issued yet: the ZIP sends its own organisation back to the course with a message
    want = {"anonymous": 302, "other_org_advisor": 404, "advisor": 302, "coordinator": 302}
    for actor, client in actors.items():
        got = client.get(f"/koulutukset/kurssi/{course_id}/todistukset.zip")
        assert got.status_code == want[actor], actor
        assert actor in ("anonymous", "other_org_advisor") or got.location.endswith(f"/kurssi/{course_id}#todistukset")
    assert coordinator.get(f"/koulutukset/kurssi/{course_id}/todistus/{enrolment}.pdf").status_code == 404
    for actor, client in actors.items():
        assert client.get("/koulutukset/").status_code == (302 if actor == "anonymous" else 200)
        assert client.get("/todistus/AAAAA-BBBBB").status_code == 404  # public page, nothing found
        assert client.get("/koulutuspaikka/" + "A" * 32).status_code == 404  # public seat offer, no such token
    for actor, client in actors.items():  # ended courses: every worker sees their own organisation's
        assert client.get("/koulutukset/menneet").status_code == (302 if actor == "anonymous" else 200)
        assert client.get("/todistus").status_code == 200  # public: the field to type a code
    coordinator_routes = ["/koulutukset/kurssi/uusi", "/koulutukset/laskutus", "/koulutukset/laskutus.csv",
                          "/koulutukset/laskutus.xlsx", "/koulutukset/rahoittaja.csv", "/koulutukset/rahoittaja.xlsx",
                          "/koulutukset/todistukset/tyopajat", f"/koulutukset/kurssi/{course_id}/muokkaa",
                          f"/koulutukset/istunto/{session_id}/muokkaa"]
    want = {"anonymous": 302, "other_org_advisor": 403, "advisor": 403, "coordinator": 200}
    for path in coordinator_routes:
        for actor, client in actors.items():
            assert client.get(path).status_code == want[actor], (actor, path)
    want["coordinator"] = 302  # no workshop certificates issued: back to the calendar with a message
    for actor, client in actors.items():
        assert client.get("/koulutukset/todistukset/tyopajat.zip").status_code == want[actor], actor
    tokens = {actor: _csrf(client, "/kirjaudu") for actor, client in actors.items()}
    posts = [  # (path, data, anonymous, other organisation's advisor, advisor)
        (f"/koulutukset/yritys/{own}/ilmoita", {"course": course_id}, 302, 404, 302),
        (f"/koulutukset/istunto/{session_id}/nimenhuuto", {"kaikki": "1"}, 302, 404, 302),
        (f"/koulutukset/istunto/{session_id}/tuonti", {}, 302, 404, 400),
        (f"/koulutukset/istunto/{session_id}/tuonti/vahvista", {"valitse": str(enrolment)}, 302, 404, 302),
        (f"/koulutukset/kurssi/{course_id}/muokkaa", {"name": "X"}, 302, 403, 403),
        (f"/koulutukset/istunto/{session_id}/muokkaa", {"place": "X"}, 302, 403, 403),
        (f"/koulutukset/istunto/{session_id}/yleiso", {}, 302, 404, 400),  # the session is in the future
        (f"/koulutukset/kurssi/{course_id}/todistukset/myonna", {}, 302, 403, 403),
        ("/koulutukset/todistukset/tyopajat/myonna", {}, 302, 403, 403),
        (f"/koulutukset/ilmoittautuminen/{enrolment}/hyvaksy", {}, 302, 404, 403),
        (f"/koulutukset/kurssi/{course_id}/istunto", {}, 302, 403, 403),
        (f"/koulutukset/istunto/{session_id}/poista", {}, 302, 403, 403),
        (f"/koulutukset/kurssi/{course_id}/poista", {}, 302, 403, 403),
        ("/koulutukset/laskutus/merkitse", {"org": "xamk"}, 302, 403, 403),
        (f"/koulutukset/tarjous/{enrolment}/vastaanota", {}, 302, 404, 302),
        (f"/koulutukset/tarjous/{enrolment}/kieltaydy", {}, 302, 404, 302),
        (f"/koulutukset/ilmoittautuminen/{enrolment}/peru", {}, 302, 404, 302),
    ]
    for path, data, *expected in posts:
        for actor, status in zip(("anonymous", "other_org_advisor", "advisor"), expected):
            got = actors[actor].post(path, data={"csrf_token": tokens[actor], **data}).status_code
            assert got == status, (actor, path, got)
    # an advisor cannot enrol another organisation's company
    assert actors["advisor"].post(f"/koulutukset/yritys/{other}/ilmoita",
                                  data={"csrf_token": tokens["advisor"], "course": course_id}).status_code == 404
    # private responses are not cached
    assert actors["advisor"].get(f"/koulutukset/kurssi/{course_id}").headers["Cache-Control"] == "no-store"


def test_webinar_audience_counts(app, ws):
    db, orgs, runner = ws
    course_id = store.create_course(db, {"offer_id": "webinar", "name": "Tekoäly arjessa", "organiser": "xamk",
                                         "seats": 500, "starts_on": "2027-01-10", "ends_on": "2027-01-10"}, None)
    session_id = store.add_session(db, course_id, {"on_date": "2027-01-10", "start_time": "14:00", "end_time": "15:00",
                                                   "hours": 1, "link": "https://meet.example.fi/x"})
    coordinator = login(app, "kaisa@xamk.test")
    path = f"/koulutukset/istunto/{session_id}/yleiso"
    token = _csrf(coordinator, f"/koulutukset/istunto/{session_id}/nimenhuuto")
    early = coordinator.post(path + "?lang=en", data={"csrf_token": token, "g_entrepreneurs": "12"})
    assert early.status_code == 400 and "has not started yet" in early.get_data(as_text=True)
    set_today(app, "2027-01-10")
    bad = coordinator.post(path, data={"csrf_token": token, "g_entrepreneurs": "12", "g_students": "lots"})
    assert bad.status_code == 400 and 'value="12"' in bad.get_data(as_text=True)
    assert coordinator.post(path,
                            data={"csrf_token": token, "g_entrepreneurs": "12", "g_students": "30"}).status_code == 302
    set_today(app, "2027-02-01")
    summary = coordinator.get("/koulutukset/rahoittaja.xlsx?lang=en")
    rows = list(load_workbook(io.BytesIO(summary.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Offer" and ("Open webinar", "TP2", 1, 1, 1.0, 0, 0, 0, 42) in rows


def _session(db, course_id, day, hours=3):
    return store.add_session(db, course_id,
                             {"on_date": day, "start_time": "09:00", "end_time": "12:00", "hours": hours})


def test_dashboard_targets_and_funnel_count_the_records(app, ws):
    """A fixture with literal expected values: 2 TP2 workshops, a TP4 path, a webinar."""
    db, orgs, runner = ws
    miksei = [cid for cid, _b in orgs["miksei"]][:4]
    shk = [cid for cid, _b in orgs["shk"]][:2]
    w1 = store.create_course(db, {"offer_id": "tp2-1", "name": "W1", "organiser": "xamk", "seats": 15,
                                  "starts_on": "2027-01-10", "ends_on": "2027-01-10"}, None)
    w2 = store.create_course(db, {"offer_id": "tp2-3", "name": "W2", "organiser": "miksei", "seats": 15,
                                  "starts_on": "2027-02-10", "ends_on": "2027-02-10"}, None)
    path = store.create_course(db, {"offer_id": "tp4-1", "name": "P", "organiser": "xamk", "seats": 10,
                                    "starts_on": "2027-01-05", "ends_on": "2027-01-26"}, None)
    web = store.create_course(db, {"offer_id": "webinar", "name": "Web", "organiser": "xamk", "seats": 500,
                                   "starts_on": "2027-01-12", "ends_on": "2027-01-12"}, None)
    s1, s2, _s_future = _session(db, w1, "2027-01-10"), _session(db, w2, "2027-02-10"), _session(db, w2, "2027-04-01")
    p_sessions = [_session(db, path, d) for d in ("2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26")]
    records.set_audience(db, _session(db, web, "2027-01-12", 1), {"entrepreneurs": 25, "students": 40})
    e = {cid: store.enrol(db, w1, cid, 150, "base")["id"] for cid in miksei[:3] + shk[:1]}
    records.set_attendance(db, s1, {e[miksei[0]]: "present", e[miksei[1]]: "present", e[miksei[2]]: "absent",
                                    e[shk[0]]: "present"}, None, LATER)
    e2 = {cid: store.enrol(db, w2, cid, 150, "base")["id"] for cid in (miksei[0], miksei[3])}
    records.set_attendance(db, s2, {e2[miksei[0]]: "present", e2[miksei[3]]: "present"}, None, LATER)
    p = {cid: store.enrol(db, path, cid, 250, "base")["id"] for cid in (miksei[1], shk[0], shk[1])}
    for sid in p_sessions:
        records.set_attendance(db, sid,
                               {p[miksei[1]]: "present", p[shk[0]]: "present" if sid != p_sessions[0] else "absent",
                                         p[shk[1]]: "present" if sid == p_sessions[0] else "absent"}, None, LATER)
    set_today(app, "2027-03-01")
    coordinator = login(app, "kaisa@xamk.test")
    with app.app_context():  # a service: no request
        from trainings.certificate_service import course_certificates, issue
        from web.context import of_app
        ctx = of_app(app, "fi", db)
        assert len(issue(ctx, store.get_course(db, path))) == 2  # 4/4 and 3/4; 1/4 not
        assert issue(ctx, store.get_course(db, path)) == []  # issued once
        assert len(course_certificates(ctx, store.get_course(db, path))) == 2
    from trainings.dashboard import participation, training_numbers

    catalogue, where = app.extensions["trainings"], app.config["DATABASE"]
    every = training_numbers(db, where, catalogue, {}, "2027-03-01")
    assert {k: every[k] for k in ("tp2_companies", "tp2_sessions", "path_companies", "certificates", "webinar_reach")} \
        == {"tp2_companies": 4, "tp2_sessions": 2, "path_companies": 3, "certificates": 2, "webinar_reach": 65}
    # nobody was referred in an interview; all six signed up; miksei[2] was absent; two path certificates
    assert dict(every["funnel"]) == {"referred": 6, "enrolled": 6, "attended": 5, "certified": 2}
    january = training_numbers(db, where, catalogue, {"end": "2027-01-31"}, "2027-03-01")
    assert (january["tp2_companies"], january["tp2_sessions"]) == (3, 1)
    own = training_numbers(db, where, catalogue, {"organisation": "shk"}, "2027-03-01")
    assert (own["tp2_companies"], own["path_companies"], own["certificates"]) == (1, 2, 1)
    assert (own["tp2_sessions"], own["webinar_reach"]) == (0, 0)  # sessions count by organiser
    page = coordinator.get("/koordinaattori/?lang=en").get_data(as_text=True)
    assert re.search(r"Companies that attended a TP2 training</th><td>4</td><td>105</td>", page)
    assert re.search(r"TP2 training sessions held</th><td>2</td><td>90</td>", page)
    assert re.search(r"Companies in TP3–TP6 paths</th><td>3</td><td>58</td>", page)
    assert "Certificates issued in the period: 2" in page and "Webinar attendees in the period: 65" in page
    # the follow-up split by recorded participation
    completed, attended = participation(db, where, catalogue, "2027-03-01")
    assert completed == {miksei[1], shk[0]} and attended == {miksei[0], miksei[1], miksei[3], shk[0]}
    summary = list(csv.reader(io.StringIO(coordinator.get("/koulutukset/rahoittaja.csv?lang=en").get_data(as_text=True)
                                          .lstrip("\ufeff")), delimiter=";"))
    assert ["E-commerce path 1: Starting a web shop", "TP4", "1", "4", "12", "3", "3", "2", ""] in summary


def test_tp2_certificate_at_project_end_lists_every_workshop(app, ws):
    db, orgs, runner = ws
    company = orgs["miksei"][0][0]
    for offer, day in (("tp2-1", "2027-01-10"), ("tp2-5", "2027-03-10")):
        course = store.create_course(db,
                                     {"offer_id": offer, "name": f"Työpaja {offer}", "organiser": "xamk", "seats": 15,
                                          "starts_on": day, "ends_on": day}, None)
        sid = _session(db, course, day, 2.5)
        records.set_attendance(db, sid, {store.enrol(db, course, company, 150, "base")["id"]: "present"}, None, LATER)
    set_today(app, "2028-06-29")
    assert runner.invoke(args=["training", "certificates", "--all", "-o",
                               str(app.config["DATABASE"]) + ".zip"]).stdout \
        .startswith("0 certificates")
    set_today(app, "2028-06-30")
    out = str(app.config["DATABASE"]) + "-2.zip"
    result = runner.invoke(args=["training", "certificates", "--all", "-o", out, "--lang", "en"])
    assert result.exit_code == 0 and result.stdout.startswith("1 certificates"), result.output
    archive = zipfile.ZipFile(out)
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages)
    assert "Työpaja tp2-1" in pdf and "Työpaja tp2-5" in pdf and "5" in pdf and "following workshops" in pdf


def test_the_catalogue_format_and_commands_are_documented():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "trainings.md").read_text(encoding="utf-8")
    data = tomllib.loads((root / "projectdata" / "trainings.toml").read_text(encoding="utf-8"))
    keys = {key for offer in data["offers"] for key in offer}
    documented = set(re.findall(r"^\| `(\w+)` \|", doc, re.M))
    assert keys <= documented, keys - documented
    for table in data:
        assert f"`[{table}]`" in doc or f"`[[{table}]]`" in doc, table
    for command in ("course-create", "enrol", "certificates", "invoicing", "expire-offers"):
        assert f"flask training {command}" in doc


def test_the_entrepreneur_sees_the_company_trainings(app, walker):
    token = walker.start()
    walker.walk(token)
    db = connect(app.config["DATABASE"])
    company_id = store.company_by_business_id(db, "2077474-0")
    course = store.create_course(db, {"offer_id": "tp2-2", "name": "Liidit <kevät>", "organiser": "xamk", "seats": 2,
                                      "starts_on": "2027-01-10", "ends_on": "2027-01-10"}, None)
    session = store.add_session(db, course,
                                {"on_date": "2027-01-10", "start_time": "09:00", "end_time": "12:00", "hours": 3})
    enrolment = store.enrol(db, course, company_id, 150, "base")["id"]
    records.set_attendance(db, session, {enrolment: "present"}, None, LATER)
    page = walker.client.get(f"/a/{token}/tulokset?lang=en").get_data(as_text=True)
    assert "Your trainings" in page and "Liidit &lt;kevät&gt;" in page and "present at 1 of 1 sessions" in page


@pytest.mark.parametrize("body, message", [
    (b"\x00\x01\x02\xff\xfe\x00binary", "not a text (CSV) file"),
    ("Osoite;Puhelin\nMikkeli;040\n".encode(), "no column for names or email addresses"),
    (b"", "Choose the participant list"),
    (b"Name\n" + b"x" * 600_000, "too large"),
    ("Name,Email\nSari,sari@example.fi\n".encode("utf-16"),
     "1 participant read from the file. Enrolled companies found in it: 0"),
])
def test_a_bad_participant_list_gets_a_clear_message(app, ws, body, message):
    db, orgs, runner = ws
    course = store.create_course(db, {"offer_id": "tp5", "name": "P", "organiser": "miksei", "seats": 5,
                                      "starts_on": "2027-01-10", "ends_on": "2027-01-20"}, None)
    session = _session(db, course, "2027-01-10")
    store.enrol(db, course, orgs["miksei"][0][0], 250, "base")
    set_today(app, "2027-01-10")
    anna = login(app, "anna@miksei.test")
    path = f"/koulutukset/istunto/{session}/nimenhuuto"
    response = anna.post(f"/koulutukset/istunto/{session}/tuonti?lang=en", content_type="multipart/form-data",
                         data={"csrf_token": _csrf(anna, path), "tiedosto": (io.BytesIO(body), "lista.csv")})
    assert response.status_code == (200 if "read from the file" in message else 400)
    assert message in response.get_data(as_text=True)
    assert records.attendance(db, session) == {}


def test_webinars_are_not_offered_for_enrolment(app, ws):
    """A webinar is open to everyone and counted by audience group: the company page's course
    choices leave it out (the advisor would otherwise enrol a company into it)."""
    db, orgs, runner = ws
    webinar = _cli(runner, "course-create", "webinar", "--start", "2027-01-20")[1][-1]
    workshop = _cli(runner, "course-create", "tp2-1", "--start", "2027-01-21")[1][-1]
    names = {row["id"]: row["name"] for row in db.query("SELECT id, name FROM training_courses")}
    company = orgs["miksei"][0][0]
    html = login(app, "anna@miksei.test").get(f"/neuvoja/yritys/{company}").get_data(as_text=True)
    assert f'value="{workshop}"' in html and names[int(workshop)] in html
    assert f'value="{webinar}"' not in html
