"""Records you can audit: each defect seen in the records as a test (certificates issued once,
publication consent, figures under filters, the path target from attendance, guarded status
changes, the confirmed identity, local dates, the fee once per work package), the status table
in code and in the schema, and the rules' mutations (each caught here)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile

import pytest
from pypdf import PdfReader

from trainings.rules.enrolments import TRANSITIONS, allowed_pairs, next_status
from trainings.rules.invoicing import billing
from trainings.storage import courses as store
from trainings.storage import records as records
from storage.db import connect
from tests.helpers import LATER, cancel, set_today
from tests.test_advisor import login
from tests.test_trainings import _csrf, _session, ws  # noqa: F401  (ws is a fixture)

# a row of the dashboard's funnel (the stage names are the aggregate PDF's, reports.texts)
STAGE_ROW = r'<th scope="row">(Referred or signed up|Holds a seat|Attended|Certified)</th><td>(\d+)</td>'


def app_db(app):
    """A connection that stamps rows with the app's (frozen) clock, as the app's own do."""
    db = connect(app.config["DATABASE"])
    db.clock = app.extensions["clock"]
    return db


def course(db, offer="tp4-1", organiser="xamk", starts="2027-01-10", ends="2027-01-31", seats=10, name=None):
    return store.create_course(db, {"offer_id": offer, "name": name or f"{offer} {starts}", "organiser": organiser,
                                    "seats": seats, "starts_on": starts, "ends_on": ends}, None)


def statuses(db, course_id):
    return [r[0] for r in db.execute("SELECT status FROM training_enrolments WHERE course_id = ? ORDER BY id",
                                     [course_id])]


# --- the status table ------------------------------------------------------------------------

def test_the_schema_holds_the_same_status_changes_as_the_code(app):
    db = connect(app.config["DATABASE"])
    assert set(db.execute("SELECT before, after FROM training_status_changes").fetchall()) == allowed_pairs()


@pytest.mark.parametrize("before, after", [("enrolled", "declined"), ("cancelled", "offered"), ("lapsed", "declined"),
                                           ("waiting", "enrolled"), ("declined", "lapsed"), ("enrolled", "waiting")])
def test_the_schema_refuses_a_change_the_table_does_not_allow(ws, before, after):
    db, orgs, _runner = ws
    course_id = course(db)
    with db.conn:
        db.execute("INSERT INTO training_enrolments (course_id, company_id, status, fee, fee_tier, enrolled_at) "
                   "VALUES (?, ?, ?, 250, 'base', '2027-01-01')", [course_id, orgs["miksei"][0][0], before])
    with pytest.raises(sqlite3.IntegrityError, match="not allowed"):
        with db.conn:
            db.execute("UPDATE training_enrolments SET status = ? WHERE course_id = ?", [after, course_id])


@pytest.mark.parametrize("event, before, after", [
    ("accept", "applied", "seat"), ("accept", "enrolled", None), ("accept", "cancelled", None),
    ("accept", "waiting", None), ("decline", "applied", "declined"), ("decline", "enrolled", None),
    ("decline", "waiting", None), ("apply", "declined", None), ("enrol_application", "declined", "applied"),
    ("cancel", "enrolled", "cancelled"), ("cancel", "cancelled", None), ("lapse", "enrolled", None),
])
def test_next_status(event, before, after):
    assert next_status(event, before) == after


def test_every_event_of_the_table_is_known():
    assert set(TRANSITIONS) == {"enrol", "enrol_application", "apply", "accept", "decline", "withdraw", "cancel",
                                "offer", "accept_offer", "decline_offer", "lapse"}


# --- 5: state changes without guards -----------------------------------------------------

def test_a_stale_decline_does_not_undo_an_enrolment(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db, "tp5", "miksei")
    row = store.enrol(db, path, orgs["miksei"][0][0], 250, "base", event="enrol_application")
    assert store.decide(db, row["id"], True, None, "2027-01-05", 5)["after"] == "enrolled"
    stale = store.decide(db, row["id"], False, None, "2027-01-05", 5)  # the decline button of an old page
    assert stale["changed"] is False and statuses(db, path) == ["enrolled"]
    coordinator = login(app, "kaisa@xamk.test")
    page = f"/koulutukset/kurssi/{path}"
    answer = coordinator.post(f"/koulutukset/ilmoittautuminen/{row['id']}/hylkaa?lang=en",
                              data={"csrf_token": _csrf(coordinator, page)}, follow_redirects=True)
    assert "nothing was changed" in answer.get_data(as_text=True) and statuses(db, path) == ["enrolled"]
    assert not db.execute("SELECT 1 FROM audit_log WHERE action = 'enrolment_declined'").fetchone()


def _attended_course(app, db, orgs, invoiced=False):
    path = course(db, "tp4-1", "xamk", "2027-01-10", "2027-01-17")
    first = _session(db, path, "2027-01-10")
    _session(db, path, "2027-01-17")
    rows = [store.enrol(db, path, cid, 250, "base") for cid, _b in orgs["miksei"][:3]]
    records.set_attendance(db, first, {rows[0]["id"]: "present"}, None, LATER)
    if invoiced:
        assert records.mark_invoiced(db, [rows[1]["id"]], "L-1", "2027-01-12", ["tp4-1"],
                                     lambda found: {r["id"] for r in found}) == 1
    return path, rows


def test_an_attended_invoiced_or_ended_enrolment_is_not_cancelled(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path, rows = _attended_course(app, db, orgs, invoiced=True)
    assert store.cancel(db, rows[0]["id"], None, "2027-01-12", 5)["refusal"] == "attended"
    assert store.cancel(db, rows[1]["id"], None, "2027-01-12", 5)["refusal"] == "invoiced"
    assert store.cancel(db, rows[2]["id"], None, "2027-02-01", 5)["refusal"] == "ended"
    assert statuses(db, path) == ["enrolled", "enrolled", "enrolled"]
    coordinator = login(app, "kaisa@xamk.test")
    set_today(app, "2027-02-01")
    page = f"/koulutukset/kurssi/{path}"
    html = coordinator.get(page + "?lang=en").get_data(as_text=True)
    assert "invoiced: kept as a record" in html and html.count("kept as a record") == 3
    answer = coordinator.post(f"/koulutukset/ilmoittautuminen/{rows[1]['id']}/peru?lang=en",
                              data={"csrf_token": _csrf(coordinator, page)}, follow_redirects=True)
    assert "already been invoiced" in answer.get_data(as_text=True) and statuses(db, path)[1] == "enrolled"
    # the funder summary still counts the three that stayed, of whom one attended
    summary = list(csv.reader(io.StringIO(coordinator.get("/koulutukset/rahoittaja.csv?lang=en")
                                          .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    row = next(r for r in summary if r[1] == "TP4")
    assert (row[5], row[6]) == ("3", "1")
    with pytest.raises(sqlite3.IntegrityError):  # and the schema refuses it whatever code tries
        with db.conn:
            db.execute("UPDATE training_enrolments SET status = 'cancelled' WHERE id = ?", [rows[0]["id"]])


def test_attendance_waits_for_the_session_and_a_mark_can_be_cleared(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db, "tp4-1", "miksei", "2027-01-10", "2027-02-20")
    later = _session(db, path, "2027-02-20")
    row = store.enrol(db, path, orgs["miksei"][0][0], 250, "base")
    assert records.set_attendance(db, later, {row["id"]: "present"}, None, "2027-01-05")["refused"] == "future"
    assert records.attendance(db, later) == {}
    anna = login(app, "anna@miksei.test")
    rollcall = f"/koulutukset/istunto/{later}/nimenhuuto"
    page = anna.get(rollcall + "?lang=en").get_data(as_text=True)
    assert "has not started yet" in page and 'name="kaikki"' not in page
    anna.post(rollcall, data={"csrf_token": _csrf(anna, "/koulutukset/"), "kaikki": "1"})
    assert records.attendance(db, later) == {}
    set_today(app, "2027-02-20")  # the session's day: marked, then cleared, then the session can go
    token = _csrf(anna, rollcall)
    anna.post(rollcall, data={"csrf_token": token, f"e{row['id']}": "present"})
    assert records.attendance(db, later) == {row["id"]: "present"}
    coordinator = login(app, "kaisa@xamk.test")
    remove = f"/koulutukset/istunto/{later}/poista"
    refused = coordinator.post(remove + "?lang=en", data={"csrf_token": _csrf(coordinator, rollcall)},
                               follow_redirects=True)
    assert "clear them in the roll call first" in refused.get_data(as_text=True) and store.get_session(db, later)
    anna.post(rollcall, data={"csrf_token": token, f"e{row['id']}": ""})
    assert records.attendance(db, later) == {}
    coordinator.post(remove, data={"csrf_token": _csrf(coordinator, rollcall)})
    assert store.get_session(db, later) is None


def test_a_course_with_records_is_not_deleted(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path, rows = _attended_course(app, db, orgs, invoiced=True)
    with db.conn:
        db.execute("DELETE FROM training_attendance")
    assert store.delete_course(db, path) == "invoiced"
    assert statuses(db, path) == ["enrolled"] * 3
    empty = course(db, "tp4-2", "xamk")
    store.enrol(db, empty, orgs["miksei"][0][0], 250, "base")
    assert store.delete_course(db, empty) is None and store.get_course(db, empty) is None


# --- 1: certificates ---------------------------------------------------------------------

def _certified_course(app, db, orgs):
    path = course(db, "tp4-1", "xamk", "2027-01-10", "2027-01-17")
    sessions = [_session(db, path, day) for day in ("2027-01-10", "2027-01-17")]
    rows = [store.enrol(db, path, cid, 250, "base") for cid, _b in orgs["miksei"][:3]]
    for session in sessions:
        records.set_attendance(db, session, {rows[0]["id"]: "present", rows[1]["id"]: "present",
                                             rows[2]["id"]: "absent"}, None, LATER)
    return path, rows


def test_certificates_are_issued_once_and_downloads_never_issue(app, ws):
    db, orgs, runner = ws
    db = app_db(app)
    path, rows = _certified_course(app, db, orgs)
    set_today(app, "2027-02-01")
    out = str(app.config["DATABASE"]) + ".zip"
    outputs = [runner.invoke(args=["training", "certificates", "--all", "-o", out]).stdout for _ in range(3)]
    assert outputs[0].startswith("2 certificates issued now; 2 certificates written")
    assert outputs[1].startswith("0 certificates issued now; 2 certificates written") and outputs[2] == outputs[1]
    codes = [r[0] for r in db.execute("SELECT code FROM training_certificates ORDER BY id")]
    assert len(codes) == 2
    coordinator = login(app, "kaisa@xamk.test")
    for _download in range(3):
        archive = zipfile.ZipFile(io.BytesIO(coordinator.get(f"/koulutukset/kurssi/{path}/todistukset.zip").data))
        assert len(archive.namelist()) == 2
        text = "".join(p.extract_text() for name in archive.namelist()
                       for p in PdfReader(io.BytesIO(archive.read(name))).pages)
        assert all(code in text for code in codes) and "Läsnä 2 / 2" in text
    assert coordinator.get(f"/koulutukset/kurssi/{path}/todistus/{rows[2]['id']}.pdf").status_code == 404
    assert [r[0] for r in db.execute("SELECT code FROM training_certificates ORDER BY id")] == codes
    page = f"/koulutukset/kurssi/{path}"
    again = coordinator.post(page + "/todistukset/myonna?lang=en", data={"csrf_token": _csrf(coordinator, page)},
                             follow_redirects=True)
    assert "No new certificates" in again.get_data(as_text=True)
    # the company's history counts each session once (a duplicate certificate multiplied them)
    history = records.company_history(db, rows[0]["company_id"], "2027-02-01")
    assert [(h["attended"], h["held"], h["hours"]) for h in history] == [(2, 2, 6)]
    # a mark the certificate was issued on does not change
    result = records.set_attendance(db, store.sessions(db, path)[0]["id"], {rows[0]["id"]: "absent"}, None, LATER)
    assert result["locked"] == [rows[0]["id"]] and result["changed"] == 0


def test_the_schema_allows_one_certificate_per_company_and_course_or_package(ws):
    db, orgs, _runner = ws
    company = orgs["miksei"][0][0]
    path = course(db)
    with db.conn:
        db.execute("INSERT INTO training_certificates (code, company_id, course_id, issued_on) "
                   "VALUES ('AAAAA-AAAAA', ?, ?, '2027-02-01')", [company, path])
        db.execute("INSERT INTO training_certificates (code, company_id, package, issued_on) "
                   "VALUES ('BBBBB-BBBBB', ?, 'TP2', '2027-02-01')", [company])
    for values in (("CCCCC-CCCCC", company, path, None), ("DDDDD-DDDDD", company, None, "TP2"),
                   ("EEEEE-EEEEE", company, path, "TP2"), ("FFFFF-FFFFF", company, None, None)):
        with pytest.raises(sqlite3.IntegrityError):
            with db.conn:
                db.execute("INSERT INTO training_certificates (code, company_id, course_id, package, issued_on) "
                           "VALUES (?, ?, ?, ?, '2027-02-02')", list(values))


def test_the_migration_removes_the_duplicate_certificates_keeping_the_first_code(tmp_path):
    from storage.migrations import migrations

    db = connect(tmp_path / "old.db")
    migrations.apply(db, stop_before="m017_auditable_records")
    with db.conn:
        db.execute("INSERT INTO companies (id, business_id, name, created_at, updated_at) "
                   "VALUES (1, 'X1', 'Oy', '2026-01-01', '2026-01-01')")
        db.execute("INSERT INTO training_courses (id, offer_id, name, organiser, seats, starts_on, ends_on, "
                   "created_at) VALUES (5, 'tp4-1', 'P', 'xamk', 5, '2026-01-10', '2026-01-20', '2026-01-01')")
        for n, (course_id, package) in enumerate([(5, None), (5, None), (None, "TP2"), (5, None), (None, "TP2")]):
            db.execute("INSERT INTO training_certificates (code, company_id, course_id, package, issued_on) "
                       "VALUES (?, 1, ?, ?, '2026-02-01')", [f"CODE{n}", course_id, package])
    migrations.apply(db)
    assert db.execute("SELECT code, course_id, package FROM training_certificates ORDER BY id").fetchall() == [
        ("CODE0", 5, None), ("CODE2", None, "TP2")]


# --- 2 and 3: publication consent, filters ------------------------------------------------

def _consent(db, company_ids, value):
    with db.conn:
        for company in company_ids:
            db.execute("UPDATE responses SET answers = json_set(answers, '$.consent_publication', json(?)) "
                       "WHERE company_id = ?", ["true" if value else "false", company])
            db.execute("UPDATE peer_generations SET generation = generation + 1")


def test_the_publication_counts_only_companies_that_agreed(app, ws):
    db, orgs, _runner = ws
    everyone = [cid for org in orgs.values() for cid, _b in org]
    _consent(db, everyone, True)
    _consent(db, everyone[:7], False)
    coordinator = login(app, "kaisa@xamk.test")
    internal = coordinator.get("/koordinaattori/?lang=en").get_data(as_text=True)
    assert "7 companies of the selection did not and are left out" in internal
    pdf = coordinator.get("/koordinaattori/raportti.pdf?julkaisu=1&lang=en")
    full = coordinator.get("/koordinaattori/raportti.pdf?lang=en")
    shown, internal = (int(re.search(r"\nCompanies\n(\d+)\n", PdfReader(io.BytesIO(r.data)).pages[0].extract_text())
                           .group(1)) for r in (pdf, full))
    assert (shown, internal) == (len(everyone) - 7, len(everyone))


def test_every_training_figure_follows_the_group_filter_and_the_funnel_is_nested(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path, rows = _certified_course(app, db, orgs)
    set_today(app, "2027-02-01")
    coordinator = login(app, "kaisa@xamk.test")
    page = f"/koulutukset/kurssi/{path}"
    coordinator.post(page + "/todistukset/myonna", data={"csrf_token": _csrf(coordinator, page)})
    municipality = db.execute("SELECT municipality FROM companies WHERE id = ?", [rows[2]["company_id"]]).fetchone()[0]
    others = [r for r in rows if db.execute("SELECT municipality FROM companies WHERE id = ?",
                                            [r["company_id"]]).fetchone()[0] != municipality]
    html = coordinator.get(f"/koordinaattori/?lang=en&municipality={municipality}").get_data(as_text=True)
    funnel = dict(re.findall(STAGE_ROW, html))
    certified_here = 2 - len([r for r in others if r["id"] != rows[2]["id"]])
    assert funnel["Certified"] == str(certified_here)
    assert f"Certificates issued in the period: {certified_here}" in html
    for start, end in (("2027-01-01", "2027-01-31"), ("2026-01-01", "2026-12-31"), ("2027-02-02", "2027-12-31")):
        html = coordinator.get(f"/koordinaattori/?lang=en&start={start}&end={end}").get_data(as_text=True)
        stages = [int(n) for n in re.findall(
            STAGE_ROW.replace("(Referred", "(?:Referred"), html)]
        assert len(stages) == 4 and stages == sorted(stages, reverse=True), (start, stages)


# --- 4: the path target counts attendance ---------------------------------------------------

def test_the_path_target_counts_companies_present_not_seats(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    started = course(db, "tp5", "miksei", "2027-01-10", "2027-03-01")
    upcoming = course(db, "tp3", "shk", "2027-04-01", "2027-05-01")
    session = _session(db, started, "2027-01-10")
    _session(db, upcoming, "2027-04-01")
    seated = [store.enrol(db, started, cid, 250, "base") for cid, _b in orgs["miksei"][:3]]
    for cid, _b in orgs["shk"][:4]:
        store.enrol(db, upcoming, cid, 250, "base")
    records.set_attendance(db, session, {seated[0]["id"]: "present", seated[1]["id"]: "absent"}, None, LATER)
    set_today(app, "2027-01-12")
    html = login(app, "kaisa@xamk.test").get("/koordinaattori/?lang=en").get_data(as_text=True)
    assert re.search(r"Companies in TP3–TP6 paths</th><td>1</td><td>58</td>", html)


# --- 6: the confirmed identity ---------------------------------------------------------------

def test_a_confirmed_stranger_does_not_become_the_training_contact(app, ws, walker):
    db, orgs, _runner = ws
    db = app_db(app)
    company, business_id = orgs["miksei"][0]
    before = db.execute("SELECT json_extract(answers, '$.contact_name'), json_extract(answers, '$.contact_email') "
                        "FROM responses WHERE company_id = ?", [company]).fetchone()
    token = walker.start()
    walker.walk(token, overrides={"business_id": business_id, "contact_name": "Vieras Henkilö",
                                  "contact_email": "vieras@example.com", "company_name": "Vieras Oy"})
    pending = db.execute("SELECT id FROM responses WHERE claim = 'pending'").fetchone()[0]
    anna = login(app, "anna@miksei.test")
    confirmed = anna.post(f"/neuvoja/vastaus/{pending}/vahvista",
                          data={"csrf_token": _csrf(anna, f"/neuvoja/yritys/{company}")})
    assert confirmed.status_code == 302 and db.execute(
        "SELECT claim FROM responses WHERE id = ?", [pending]).fetchone()[0] == "confirmed"
    path = course(db, "tp4-1", "miksei", "2027-01-20", "2027-02-20")
    _session(db, path, "2027-01-20")
    page = anna.post(f"/koulutukset/yritys/{company}/ilmoita?lang=en",
                     data={"csrf_token": _csrf(anna, f"/neuvoja/yritys/{company}"), "course": path},
                     follow_redirects=True)
    assert page.status_code == 200
    row = store.roster(db, path)[0]
    assert (row["participant"], row["email"]) == tuple(before)
    coordinator = login(app, "kaisa@xamk.test")
    basis = coordinator.get("/koulutukset/laskutus.csv?org=xamk&lang=en").get_data(as_text=True)
    assert before[1] in basis and "vieras@example.com" not in basis and "Vieras" not in basis


# --- 8: one clock, local dates ---------------------------------------------------------------

def test_a_cancellation_at_half_past_midnight_counts_the_helsinki_day(app, ws):
    """The course starts on 2027-01-10; free until 7 days before. Cancelled at 00.30 Helsinki time
    on 4 January (22.30 UTC on the 3rd): six days before, so the fee is charged."""
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db, "tp4-1", "xamk", "2027-01-10", "2027-01-31")
    row = store.enrol(db, path, orgs["miksei"][0][0], 250, "base")
    app.extensions["clock"].set("2027-01-04T00:30:00+02:00")
    cancel(db, row["id"], "2027-01-04")
    found = records.billing_rows(db, ["tp4-1"])
    assert found[0]["cancelled_at"].startswith("2027-01-03T22:30") and found[0]["cancelled_on"] == "2027-01-04"
    assert billing(found, 7, lambda offer: offer) == {row["id"]: "to_invoice"}


def test_the_invoicing_period_counts_local_days_and_includes_its_last_day(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db, "tp4-1", "xamk", "2027-02-10", "2027-02-28")
    enrolled = []
    for moment, (cid, _b) in zip(("2027-01-31T23:30:00+02:00", "2027-02-01T00:30:00+02:00",
                                  "2027-02-28T23:59:00+02:00", "2027-03-01T00:00:00+02:00"), orgs["miksei"]):
        app.extensions["clock"].set(moment)
        enrolled.append(store.enrol(db, path, cid, 250, "base")["id"])
    coordinator = login(app, "kaisa@xamk.test")
    rows = list(csv.reader(io.StringIO(coordinator.get("/koulutukset/laskutus.csv?org=xamk&from=2027-02-01"
                                                       "&to=2027-02-28&lang=en").get_data(as_text=True)
                                       .lstrip("\ufeff")), delimiter=";"))
    assert sorted(int(r[-1]) for r in rows[1:]) == enrolled[1:3]
    assert {r[9] for r in rows[1:]} == {"1.2.2027", "28.2.2027"}  # dates Finnish Excel reads as dates


# --- 9: the fee -----------------------------------------------------------------------------

def test_the_tier_is_the_answer_to_the_catalogues_question(app, ws):
    db, orgs, _runner = ws
    company = orgs["miksei"][0][0]
    with db.conn:
        db.execute("UPDATE responses SET answers = json_set(answers, '$.turnover', 'over_2m', '$.personnel', '1') "
                   "WHERE company_id = ?", [company])
    assert store.company_profile(db, company, "turnover")["tier"] == "over_2m"
    assert store.company_profile(db, company, "personnel")["tier"] == "1"


def test_tp2_is_charged_once_per_company_and_work_package(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    company = orgs["miksei"][0][0]
    first, second, third = (course(db, offer, "xamk", day, day, 15) for offer, day in
                            (("tp2-1", "2027-01-20"), ("tp2-3", "2027-02-20"), ("tp2-5", "2027-03-20")))
    rows = [store.enrol(db, c, company, 150, "base")["id"] for c in (first, second, third)]
    coordinator = login(app, "kaisa@xamk.test")

    def basis():
        text = coordinator.get("/koulutukset/laskutus.csv?org=xamk&lang=en").get_data(as_text=True).lstrip("\ufeff")
        return {int(r[-1]): (r[0], r[7]) for r in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]}

    assert basis() == {rows[0]: ("to invoice", "150"), rows[1]: ("included in a fee already charged", "0"),
                       rows[2]: ("included in a fee already charged", "0")}
    cancel(db, rows[0], "2027-01-05")  # cancelled in time: the next workshop carries the fee
    assert basis() == {rows[0]: ("no fee", "0"), rows[1]: ("to invoice", "150"),
                       rows[2]: ("included in a fee already charged", "0")}
    page = "/koulutukset/laskutus?org=xamk"
    marked = coordinator.post("/koulutukset/laskutus/merkitse", data={
        "csrf_token": _csrf(coordinator, page), "org": "xamk", "invoice_number": "X-1", "rivi": [str(r) for r in rows]})
    assert marked.status_code == 302
    assert db.execute("SELECT id FROM training_enrolments WHERE invoice_number = 'X-1'").fetchall() == [(rows[1],)]


# --- 10: the mutations ------------------------------------------------------------------------

def test_a_row_is_never_invoiced_twice_even_if_asked(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db)
    row = store.enrol(db, path, orgs["miksei"][0][0], 250, "base")["id"]
    everything = lambda found: {r["id"] for r in found}  # noqa: E731  (a caller that forgot the rule)
    assert records.mark_invoiced(db, [row], "A-1", "2027-01-05", ["tp4-1"], everything) == 1
    assert records.mark_invoiced(db, [row], "B-2", "2027-01-06", ["tp4-1"], everything) == 0
    assert db.execute("SELECT invoice_number, invoiced_on FROM training_enrolments").fetchone() == ("A-1",
                                                                                                  "2027-01-05")


def test_a_session_today_has_been_held(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db, "tp4-1", "xamk", "2027-01-10", "2027-01-10")
    session = _session(db, path, "2027-01-10")
    row = store.enrol(db, path, orgs["miksei"][0][0], 250, "base")
    records.set_attendance(db, session, {row["id"]: "present"}, None, "2027-01-10")
    assert [(r["held"], r["present"]) for r in records.certificate_basis(db, path, "2027-01-10")] == [(1, 1)]
    workshop = course(db, "tp2-1", "xamk", "2027-01-10", "2027-01-10", 15)
    _session(db, workshop, "2027-01-10")
    from trainings.dashboard import training_numbers

    numbers = training_numbers(db, app.config["DATABASE"], app.extensions["trainings"], {}, "2027-01-10")
    assert numbers["tp2_sessions"] == 1 and numbers["path_companies"] == 1


def test_marking_refuses_rows_that_are_not_billable(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db, "tp4-1", "xamk", seats=1)
    seated, waiting = (store.enrol(db, path, cid, 250, "base")["id"] for cid, _b in orgs["miksei"][:2])
    other = course(db, "tp5", "miksei")  # invoiced by another organisation
    elsewhere = store.enrol(db, other, orgs["miksei"][2][0], 250, "base")["id"]
    coordinator = login(app, "kaisa@xamk.test")
    coordinator.post("/koulutukset/laskutus/merkitse", data={
        "csrf_token": _csrf(coordinator, "/koulutukset/laskutus?org=xamk"), "org": "xamk", "invoice_number": "X-9",
        "rivi": [str(seated), str(waiting), str(elsewhere)]})
    assert db.execute("SELECT id FROM training_enrolments WHERE invoice_number IS NOT NULL").fetchall() == [(seated,)]


def test_audit_rows_name_what_changed(app, ws):
    db, orgs, _runner = ws
    db = app_db(app)
    path = course(db)
    row = store.enrol(db, path, orgs["miksei"][0][0], 250, "base")
    coordinator = login(app, "kaisa@xamk.test")
    page = f"/koulutukset/kurssi/{path}"
    coordinator.post(f"/koulutukset/ilmoittautuminen/{row['id']}/peru", data={"csrf_token": _csrf(coordinator, page)})
    assert db.execute("SELECT action, object_id FROM audit_log WHERE action LIKE 'enrolment_%'").fetchall() == [
        ("enrolment_cancelled", row["id"])]
    assert json.loads(json.dumps(statuses(db, path))) == ["cancelled"]
