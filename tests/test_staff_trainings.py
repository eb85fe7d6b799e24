"""Running a year of trainings (issue 24, items 1-8): past courses and the workshop certificates
page, editing a course and a session (audited, the companies told), the roll call that keeps
taps, the participant import with a preview, the company page's enrolment choices, the fee the
billing rule charges, the invoicing exports' dates and the verification field."""

import csv
import html
import io
import json
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from trainings.storage import courses as store
from trainings.storage import records as records
from tests.helpers import LATER, cancel, deliver_outbox, fake_smtp, set_today
from tests.test_advisor import login
from tests.test_trainings import _course_with_sessions, _csrf, _enrol, ws  # noqa: F401  (the fixture)
from trainings.participant_import import read_participants


def _text(response) -> str:
    """The visible text: tags out, entities read, every run of spaces (a no-break one too) one space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _course(db, offer="tp4-1", starts="2027-01-10", ends="2027-01-31", organiser="miksei", seats=3, name=None):
    return store.create_course(db, {"offer_id": offer, "name": name or f"Kurssi {offer} {starts}",
                                     "organiser": organiser, "seats": seats, "starts_on": starts, "ends_on": ends,
                                     "apply_until": starts}, None)


def _session(db, course_id, day, place="Mikkeli", hours=3):
    return store.add_session(db, course_id, {"on_date": day, "start_time": "09:00", "end_time": "12:00",
                                             "hours": hours, "place": place})


# --- 1. past courses and the workshop certificates ---------------------------------------

def test_past_courses_are_listed_by_period_package_and_organiser(app, ws):
    db, orgs, runner = ws
    old_path = _course(db, "tp4-1", "2026-09-01", "2026-10-15", "miksei", name="Syksyn verkkokauppapolku")
    _session(db, old_path, "2026-09-01")
    workshop = _course(db, "tp2-1", "2026-11-10", "2026-11-10", "xamk", name="Perustyöpaja marraskuu")
    _session(db, workshop, "2026-11-10")
    _course(db, "tp4-1", "2027-02-01", "2027-03-01", "miksei", name="Tuleva polku")
    own = orgs["miksei"][0][0]
    enrolment = store.enrol(db, old_path, own, 250, "base")["id"]
    records.set_attendance(db, store.sessions(db, old_path)[0]["id"], {enrolment: "present"}, None, LATER)
    coordinator, anna = login(app, "kaisa@xamk.test"), login(app, "anna@miksei.test")
    assert "/koulutukset/menneet" in coordinator.get("/koulutukset/").get_data(as_text=True)
    listing = _text(coordinator.get("/koulutukset/menneet?lang=en"))
    assert "Syksyn verkkokauppapolku" in listing and "Perustyöpaja marraskuu" in listing
    assert "Tuleva polku" not in listing  # not ended
    assert "1 due" in listing and "certificates due in 1 course" in listing  # 1/1 present, ended, none issued
    only_tp2 = _text(coordinator.get("/koulutukset/menneet?paketti=TP2&lang=en"))
    assert "Perustyöpaja marraskuu" in only_tp2 and "Syksyn verkkokauppapolku" not in only_tp2
    assert "Perustyöpaja" not in _text(coordinator.get("/koulutukset/menneet?org=miksei"))
    period = _text(coordinator.get("/koulutukset/menneet?from=2026-11-01&to=2026-11-30"))
    assert "Perustyöpaja marraskuu" in period and "Syksyn verkkokauppapolku" not in period
    # an advisor sees the ended courses of the own organisation and reaches them
    mine = anna.get("/koulutukset/menneet").get_data(as_text=True)
    assert "Syksyn verkkokauppapolku" in mine and "Perustyöpaja" not in mine
    assert f"/koulutukset/kurssi/{old_path}" in mine
    course_page = _text(anna.get(f"/koulutukset/kurssi/{old_path}?lang=en"))
    assert "1 company met the attendance rule and has no certificate yet." in course_page
    assert anna.get("/koulutukset/menneet?from=bad-date").status_code == 200  # a bad date is no filter


def test_workshop_certificates_page_says_why_a_company_has_none(app, ws):
    db, orgs, runner = ws
    companies = [cid for org in orgs.values() for cid, _bid in org][:6]
    held = _course(db, "tp2-1", "2026-12-01", "2026-12-01", "xamk", seats=10, name="Perustyöpaja")
    _session(db, held, "2026-12-01")
    coming = _course(db, "tp2-2", "2027-02-01", "2027-02-01", "xamk", seats=10, name="Liidityöpaja")
    _session(db, coming, "2027-02-01")
    rows = {cid: store.enrol(db, held, cid, 150, "base")["id"] for cid in companies[:4]}
    store.enrol(db, coming, companies[4], 150, "base")
    cancel(db, store.enrol(db, coming, companies[5], 150, "base")["id"], "2027-01-05")
    session = store.sessions(db, held)[0]["id"]
    records.set_attendance(db, session, {rows[companies[0]]: "present", rows[companies[1]]: "absent",
                                         rows[companies[2]]: "excused"}, None, LATER)
    coordinator = login(app, "kaisa@xamk.test")
    page = _text(coordinator.get("/koulutukset/todistukset/tyopajat?lang=en"))
    names = {cid: db.execute("SELECT name FROM companies WHERE id = ?", [cid]).fetchone()[0] for cid in companies}

    def state_of(cid):
        return page.split(names[cid], 1)[1][:200]

    assert "present at a workshop: gets one at the project's end" in state_of(companies[0])
    assert "marked absent or excused" in state_of(companies[1]) and "marked absent" in state_of(companies[2])
    assert "attendance not marked" in state_of(companies[3])
    assert "not been held" in state_of(companies[4])
    assert "no seat in a held workshop" in state_of(companies[5])
    assert "can be issued from 30 Jun 2028" in page or "can be issued from" in page
    # downloading before anything is issued: back to this page with a message, never an empty file
    empty = coordinator.get("/koulutukset/todistukset/tyopajat.zip?lang=en", follow_redirects=True)
    assert empty.mimetype == "text/html" and "No workshop certificates have been issued yet" in _text(empty)
    set_today(app, "2028-07-01")
    issued = coordinator.post("/koulutukset/todistukset/tyopajat/myonna?lang=en", follow_redirects=True,
                              data={"csrf_token": _csrf(coordinator, "/koulutukset/todistukset/tyopajat")})
    text = _text(issued)
    assert "1 certificate was issued." in text and "issued on" in text.split(names[companies[0]], 1)[1][:200]
    assert coordinator.get("/koulutukset/todistukset/tyopajat.zip").mimetype == "application/zip"


# --- 2. editing a course and a session ---------------------------------------------------

def test_course_edit_keeps_the_seats_taken_and_offers_new_seats(app, ws):
    db, orgs, runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course(db, seats=2)
    own = [cid for cid, _bid in orgs["miksei"]]
    for cid in own[:3]:
        store.enrol(db, course_id, cid, 250, "base")  # two seated, one waiting
    path = f"/koulutukset/kurssi/{course_id}/muokkaa"
    form = {"csrf_token": _csrf(coordinator, path), "name": "Uusi nimi", "seats": "1", "starts_on": "2027-01-10",
            "ends_on": "2027-01-31", "apply_until": "2027-01-10"}
    refused = coordinator.post(path + "?lang=en", data=form)
    assert refused.status_code == 400 and "2 seats are taken" in _text(refused)
    assert store.get_course(db, course_id)["name"] != "Uusi nimi"  # nothing saved
    assert 'value="Uusi nimi"' in refused.get_data(as_text=True)  # nothing typed lost
    empty = coordinator.post(path + "?lang=en", data={**form, "name": ""})
    assert "Give the course a name." in _text(empty) and "Please answer this question" not in _text(empty)
    new = coordinator.post("/koulutukset/kurssi/uusi?lang=en", data={  # the new-course form says the same
        "csrf_token": form["csrf_token"], "offer": "tp4-1", "name": "", "organiser": "xamk", "starts_on": "2027-03-01"})
    assert new.status_code == 400 and "Give the course a name." in _text(new)
    assert 'type="number"' in coordinator.get("/koulutukset/kurssi/uusi").get_data(as_text=True)  # seats
    saved = coordinator.post(path + "?lang=en", data={**form, "seats": "3"}, follow_redirects=True)
    assert "The course was saved (changed: name, seats)." in _text(saved)
    assert "seat was offered to the first company on the waiting list" in _text(saved)
    assert store.get_course(db, course_id)["seats"] == 3
    assert {e["status"] for e in store.roster(db, course_id)} == {"enrolled", "offered"}
    entry = db.execute("SELECT action, object_id, details FROM audit_log WHERE action = 'course_edited'").fetchone()
    assert entry[1] == course_id and json.loads(entry[2]) == ["name", "seats"]


def test_certified_course_keeps_its_name_and_dates(app, ws):
    db, orgs, runner = ws
    course_id = _course(db, starts="2026-12-01", ends="2026-12-01", seats=3)
    _session(db, course_id, "2026-12-01")
    enrolment = store.enrol(db, course_id, orgs["miksei"][0][0], 250, "base")["id"]
    records.set_attendance(db, store.sessions(db, course_id)[0]["id"], {enrolment: "present"}, None, LATER)
    coordinator = login(app, "kaisa@xamk.test")
    coordinator.post(f"/koulutukset/kurssi/{course_id}/todistukset/myonna",
                     data={"csrf_token": _csrf(coordinator, f"/koulutukset/kurssi/{course_id}")})
    path = f"/koulutukset/kurssi/{course_id}/muokkaa"
    page = coordinator.get(path + "?lang=en")
    assert "kept as they are on the certificates" in _text(page) and 'id="name"' not in page.get_data(as_text=True)
    forged = coordinator.post(path + "?lang=en", data={"csrf_token": _csrf(coordinator, path), "name": "Toinen",
                                                      "seats": "3", "starts_on": "2026-12-01", "ends_on": "2026-12-01"})
    assert forged.status_code == 400 and store.get_course(db, course_id)["name"] != "Toinen"
    session = store.sessions(db, course_id)[0]["id"]
    moved = coordinator.post(f"/koulutukset/istunto/{session}/muokkaa?lang=en", data={
        "csrf_token": _csrf(coordinator, path), "on_date": "2026-12-02", "start_time": "09:00", "end_time": "12:00",
        "hours": "3", "place": "Juva"})
    assert moved.status_code == 400 and store.get_session(db, session)["on_date"] == "2026-12-01"


def test_session_edit_moves_marks_with_it_and_tells_the_companies(app, ws, monkeypatch):
    db, orgs, runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course_with_sessions(app, coordinator)  # sessions 10, 17, 24, 31 January 2027
    own = [cid for cid, _bid in orgs["miksei"]]
    for cid in own[:2]:
        store.enrol(db, course_id, cid, 250, "base")
    first, second = [s["id"] for s in store.sessions(db, course_id)][:2]
    path = f"/koulutukset/istunto/{second}/muokkaa"
    form = {"csrf_token": _csrf(coordinator, path), "on_date": "2027-01-18", "start_time": "10:00",
            "end_time": "13:00", "hours": "3", "place": "Savonlinna, Kasinosaari", "trainer": "Anu"}
    # without email: the page says who must be told, in words (no setting names)
    saved = coordinator.post(path + "?lang=en", data=form, follow_redirects=True)
    text = _text(saved)
    assert "The session was saved (changed: date, time, place, trainer)." in text
    assert "Email is not in use, so nobody was told: tell the 2 enrolled companies" in text
    assert "MAIL_SERVER" not in saved.get_data(as_text=True)
    assert store.get_session(db, second)["place"] == "Savonlinna, Kasinosaari"
    entry = db.execute("SELECT details FROM audit_log WHERE action = 'session_edited'").fetchone()[0]
    assert json.loads(entry) == ["on_date", "start_time", "end_time", "place", "trainer"]
    # with email: each company gets the change in its analysis' language
    outbox = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(outbox))
    app.config.update(MAIL_SERVER="smtp.test")
    again = coordinator.post(path + "?lang=en", data={**form, "place": "Juva, kunnantalo"}, follow_redirects=True)
    deliver_outbox(app)
    assert "The 2 enrolled companies were told by email." in _text(again)
    messages = [m for m in outbox if m[0] == "message"]
    assert len(messages) == 2 and all("Juva, kunnantalo" in m[3] and "Savonlinna" in m[3] for m in messages)
    assert all("18.1.2027" in m[3] for m in messages)  # the Finnish analyses get Finnish dates
    # a session with marks moves to another day that has come, its marks with it; never to the future
    set_today(app, "2027-01-12")
    enrolment = store.roster(db, course_id)[0]["id"]
    records.set_attendance(db, first, {enrolment: "present"}, None, "2027-01-12")
    path = f"/koulutukset/istunto/{first}/muokkaa"
    form = {**form, "csrf_token": _csrf(coordinator, path), "place": "Mikkeli"}
    future = coordinator.post(path + "?lang=en", data={**form, "on_date": "2027-01-13"})
    assert future.status_code == 400 and "cannot move to a day that has not come yet" in _text(future)
    assert coordinator.post(path, data={**form, "on_date": "2027-01-11", "hours": "1,5"}).status_code == 302
    assert store.get_session(db, first)["hours"] == 1.5  # a decimal comma as typed in Finnish
    assert 'value="1,5"' in coordinator.get(path + "?lang=fi").get_data(as_text=True)
    assert db.execute("SELECT on_date FROM training_attendance WHERE session_id = ?", [first]).fetchone()[0] \
        == "2027-01-11"
    # removing it: refused with the way out, on the session's page
    removed = coordinator.post(f"/koulutukset/istunto/{first}/poista?lang=en",
                               data={"csrf_token": form["csrf_token"]}, follow_redirects=True)
    assert "clear them in the roll call first" in _text(removed) and store.get_session(db, first)
    course_page = _text(coordinator.get(f"/koulutukset/kurssi/{course_id}?lang=en"))
    assert "1 mark: clear it in the roll call to remove the session" in course_page


# --- 3. roll call ------------------------------------------------------------------------

def test_mark_the_rest_present_keeps_the_taps(app, ws):
    db, orgs, runner = ws
    course_id = _course(db, starts="2027-01-05", ends="2027-01-05")
    session = _session(db, course_id, "2027-01-05")
    ids = [store.enrol(db, course_id, cid, 250, "base")["id"] for cid, _bid in orgs["miksei"][:3]]
    anna = login(app, "anna@miksei.test")
    path = f"/koulutukset/istunto/{session}/nimenhuuto"
    tapped = {f"e{ids[0]}": "absent", f"e{ids[1]}": "", f"e{ids[2]}": "excused", "kaikki": "1"}
    anna.post(path, data={"csrf_token": _csrf(anna, path), **tapped})
    assert records.attendance(db, session) == {ids[0]: "absent", ids[1]: "present", ids[2]: "excused"}


# --- 4. participant import ---------------------------------------------------------------

TEAMS = ("1. Summary\n"
         "Meeting title\tDigityöpaja\n"
         "Attended participants\t3\n"
         "\n"
         "2. Participants\n"
         "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
         "{first}\t1/5/27, 9:00 AM\t1/5/27, 12:00 PM\t3h\t{email}\tAttendee\n"
         "Mikko\t1/5/27, 9:00 AM\t1/5/27, 12:00 PM\t3h\t\tAttendee\n"
         "{second}\t1/5/27, 9:00 AM\t1/5/27, 12:00 PM\t3h\t\tAttendee\n"
         "\n"
         "3. In-Meeting Activities\n"
         "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
         "Mikko\t1/5/27, 9:00 AM\t1/5/27, 12:00 PM\t3h\t\tAttendee\n")


def test_a_teams_list_skips_its_sections_and_reports_its_lines():
    text = TEAMS.format(first="Anna A", email="anna@example.fi", second="Bertta B")
    rows = read_participants(text.encode("utf-16"))
    assert [(r["line"], r["name"], r["email"]) for r in rows] == [
        (7, "Anna A", "anna@example.fi"), (8, "Mikko", ""), (9, "Bertta B", ""), (13, "Mikko", "")]


def test_import_lists_every_change_before_saving_and_never_overwrites_by_hand(app, ws):
    db, orgs, runner = ws
    db.execute("UPDATE companies SET name = 'Mikkolan Puutarha Oy' WHERE id = ?", [orgs["miksei"][0][0]])
    db.conn.commit()
    course_id = _course(db, starts="2027-01-05", ends="2027-01-05")
    session = _session(db, course_id, "2027-01-05")
    ids = [store.enrol(db, course_id, cid, 250, "base", participant=name)["id"]
           for (cid, _bid), name in zip(orgs["miksei"][:3], ("Pekka P", "Anna Aalto", "Bertta Berg"))]
    records.set_attendance(db, session, {ids[2]: "absent"}, None, LATER)
    anna = login(app, "anna@miksei.test")
    rollcall = f"/koulutukset/istunto/{session}/nimenhuuto"
    listing = TEAMS.format(first="Aalto, Anna", email="", second="Bertta Berg (Berg Oy)")
    preview = anna.post(f"/koulutukset/istunto/{session}/tuonti?lang=en", content_type="multipart/form-data",
                        data={"csrf_token": _csrf(anna, rollcall),
                              "tiedosto": (io.BytesIO(listing.encode("utf-16")), "teams.csv")})
    html, text = preview.get_data(as_text=True), _text(preview)
    assert preview.status_code == 200 and records.attendance(db, session) == {ids[2]: "absent"}  # nothing saved
    assert "nothing has been saved yet" in text
    assert "not marked → Present (line 7 of the file)" in text  # Anna by whole name, surname first
    assert "Absent → Present (line 9 of the file)" in text and "changes a mark made by hand" in text
    assert f'value="{ids[1]}" id="valitse-{ids[1]}" checked' in html
    assert f'value="{ids[2]}" id="valitse-{ids[2]}">' in html  # not ticked: marked absent by hand
    assert "line 8: Mikko" in text and "Mikkolan" not in text.split("line 8")[1][:40]  # no substring match
    assert "In-Meeting Activities" not in text and "line 13" not in text  # the same Mikko once
    assert f'id="valitse-{ids[0]}"' not in html  # Pekka P was not on the list
    confirm = {"csrf_token": _csrf(anna, rollcall), "valitse": [str(ids[1])], f"oli{ids[1]}": "",
               f"oli{ids[2]}": "absent"}
    assert anna.post(f"/koulutukset/istunto/{session}/tuonti/vahvista", data=confirm).status_code == 302
    assert records.attendance(db, session) == {ids[1]: "present", ids[2]: "absent"}
    # a stale preview does not overwrite a mark changed meanwhile
    records.set_attendance(db, session, {ids[2]: "excused"}, None, LATER)
    stale = anna.post(f"/koulutukset/istunto/{session}/tuonti/vahvista?lang=en", follow_redirects=True,
                      data={**confirm, "valitse": [str(ids[2])]})
    assert "had changed after the list was read" in _text(stale)
    assert records.attendance(db, session)[ids[2]] == "excused"


# --- 5. enrolment from the company page --------------------------------------------------

def test_enrolment_choices_start_empty_fitting_first_with_plain_labels(app, ws):
    db, orgs, runner = ws
    company = orgs["miksei"][0][0]
    recommended = json.loads(db.execute(
        "SELECT json_extract(s.extras, '$.referrals') FROM scores s JOIN company_latest_analysis l "
        "ON l.response_id = s.response_id WHERE l.company_id = ?", [company]).fetchone()[0])
    other = next(o for o in ("tp6-1", "tp4-2", "tp3", "tp5", "tp4-1") if o not in recommended)
    later = _course(db, other, "2027-02-01", "2027-02-01", name="Muu kurssi helmikuu")
    fitting = _course(db, recommended[0], "2027-03-01", "2027-03-01", name="Sopiva kurssi maaliskuu")
    anna = login(app, "anna@miksei.test")
    html = anna.get(f"/neuvoja/yritys/{company}?lang=en").get_data(as_text=True)
    select = html.split('<select id="course"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value="" selected>Choose a course</option>', select)
    assert select.index(f'value="{fitting}"') < select.index(f'value="{later}"')  # the analysis' fit first
    assert "Recommended by the company&#39;s analysis" in select or "Recommended by the company's analysis" in select
    label = re.search(rf'<option value="{fitting}">([^<]+)</option>', select).group(1)
    assert label.count("Sopiva kurssi") == 1 and "2027" in label and "seats left" in label
    enrolled = _enrol(anna, company, fitting).get_data(as_text=True)
    after = enrolled.split('<select id="course"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value="" selected>', after) and " selected" not in after.split("</option>", 1)[1]


# --- 6. what the pages show --------------------------------------------------------------

def test_roster_shows_the_fee_the_billing_rule_charges(app, ws):
    db, orgs, runner = ws
    course_id = _course(db, starts="2027-02-01", ends="2027-02-28")
    _session(db, course_id, "2027-02-01")
    own = orgs["miksei"][0][0]
    enrolment = store.enrol(db, course_id, own, 250, "base")["id"]
    cancel(db, enrolment, "2027-01-05")  # 27 days before the start: free of charge
    coordinator = login(app, "kaisa@xamk.test")
    roster = _text(coordinator.get(f"/koulutukset/kurssi/{course_id}?lang=en")).split("Participants", 1)[1]
    assert "0 € (no fee)" in roster and "250 €" not in roster
    basis = coordinator.get("/koulutukset/laskutus.csv?org=xamk&lang=en").get_data(as_text=True)
    assert any(line.startswith("no fee;") for line in basis.lstrip("\ufeff").splitlines())
    company_page = _text(coordinator.get(f"/neuvoja/yritys/{own}?lang=en")).split("Trainings", 1)[1]
    assert "0 € (no fee)" in company_page


def test_a_course_not_started_is_not_present_zero(app, ws):
    db, orgs, runner = ws
    course_id = _course(db, starts="2027-02-01", ends="2027-02-28")
    _session(db, course_id, "2027-02-01")
    own = orgs["miksei"][0][0]
    store.enrol(db, course_id, own, 250, "base")
    anna = login(app, "anna@miksei.test")
    page = _text(anna.get(f"/neuvoja/yritys/{own}?lang=en"))
    assert "not started (1 session)" in page and "0 / 1" not in page
    course = _text(anna.get(f"/koulutukset/kurssi/{course_id}?lang=en"))
    assert "not held yet" in course and "0 / 1" not in course
    report = _text(anna.get(f"/neuvoja/yritys/{own}/raportti?lang=en")).split("Trainings and attendance", 1)[1]
    assert "not started yet (sessions: 1)" in report


def test_invoicing_rows_are_not_preticked_and_the_page_is_wide(app, ws):
    db, orgs, runner = ws
    course_id = _course(db, starts="2027-02-01", ends="2027-02-28")
    store.enrol(db, course_id, orgs["miksei"][0][0], 250, "base")
    html = login(app, "kaisa@xamk.test").get("/koulutukset/laskutus?org=xamk&lang=en").get_data(as_text=True)
    assert '<body class="wide">' in html and 'name="rivi"' in html and " checked" not in html.split("<tbody>")[1]
    assert "Choose all 1 rows to invoice" in html or "Choose the 1 row to invoice" in html


# --- 7. invoicing exports ----------------------------------------------------------------

def test_invoicing_exports_have_real_dates_and_an_autofilter(app, ws):
    db, orgs, runner = ws
    set_today(app, "2026-12-04")
    course_id = _course(db, starts="2027-02-01", ends="2027-02-28")
    coordinator = login(app, "kaisa@xamk.test")
    _enrol(coordinator, orgs["miksei"][0][0], course_id)  # through the app: enrolled at its clock's time
    body = coordinator.get("/koulutukset/laskutus.csv?org=xamk").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][9] == "4.12.2026" and "\u2013" not in body  # a date Finnish Excel reads, no en dashes
    workbook = load_workbook(io.BytesIO(coordinator.get("/koulutukset/laskutus.xlsx?org=xamk").data))
    sheet = workbook.active
    cell = sheet.cell(row=2, column=10)
    assert isinstance(cell.value, datetime) and cell.value.date() == date(2026, 12, 4)
    assert cell.number_format == "d.m.yyyy" and sheet.auto_filter.ref == "A1:O2"


# --- 8. verification ---------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}", " {spaced} "])
def test_a_typed_code_is_found_however_it_is_written(app, ws, typed):
    db, orgs, runner = ws
    course_id = _course(db, starts="2026-12-01", ends="2026-12-01")
    db.execute("INSERT INTO training_certificates (code, company_id, course_id, issued_on) "
               "VALUES ('ABCDE-FGH23', ?, ?, '2026-12-02')", [orgs["miksei"][0][0], course_id])
    db.conn.commit()
    client = app.test_client()
    form = client.get("/todistus?lang=en")
    assert form.status_code == 200 and 'name="koodi"' in form.get_data(as_text=True)
    value = typed.format(code="ABCDE-FGH23", lower="abcde-fgh23", bare="ABCDEFGH23", spaced="abcde fgh23")
    found = client.get("/todistus", query_string={"koodi": value, "lang": "en"}, follow_redirects=True)
    assert found.status_code == 200 and "This is a valid certificate of participation." in _text(found)
    assert client.get("/todistus/abcdefgh23").status_code == 200
    missing = client.get("/todistus?koodi=zzzzz-zzzzz&lang=en", follow_redirects=True)
    assert missing.status_code == 404 and "ZZZZZ-ZZZZZ" in _text(missing) and 'name="koodi"' in missing.get_data(
        as_text=True)


def test_hostile_text_in_an_edited_course_and_session_is_shown_literally(app, ws):
    db, orgs, runner = ws
    hostile = '<b>Kurssi</b> =1+1 \u202eyO\u202c e\u0301'
    coordinator = login(app, "kaisa@xamk.test")
    course_id = _course(db, starts="2027-02-01", ends="2027-02-28")
    session = _session(db, course_id, "2027-02-01")
    path = f"/koulutukset/kurssi/{course_id}/muokkaa"
    token = _csrf(coordinator, path)
    assert coordinator.post(path, data={"csrf_token": token, "name": hostile, "seats": "3", "starts_on": "2027-02-01",
                                        "ends_on": "2027-02-28"}).status_code == 302
    assert coordinator.post(f"/koulutukset/istunto/{session}/muokkaa", data={
        "csrf_token": token, "on_date": "2027-02-01", "start_time": "09:00", "end_time": "12:00", "hours": "3",
        "place": hostile, "trainer": "x" * 201}).status_code == 400  # too long: refused, nothing saved
    assert coordinator.post(f"/koulutukset/istunto/{session}/muokkaa", data={
        "csrf_token": token, "on_date": "2027-02-01", "start_time": "09:00", "end_time": "12:00", "hours": "3",
        "place": hostile}).status_code == 302
    for page in (f"/koulutukset/kurssi/{course_id}", "/neuvoja/loki", f"/koulutukset/istunto/{session}/muokkaa",
                 "/koulutukset/"):
        body = coordinator.get(page).get_data(as_text=True)
        assert "<b>Kurssi</b>" not in body and "&lt;b&gt;Kurssi&lt;/b&gt;" in body, page
    assert store.get_course(db, course_id)["name"] == hostile.replace("e\u0301", "\u00e9")  # NFC, as typed
