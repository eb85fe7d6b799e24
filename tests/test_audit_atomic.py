"""A change and the audit row that records it are one transaction: when the audit row cannot be
written, the change is not made either (and when it is made, its row is there). Issue 26, item 3."""

import sqlite3

import pytest

from storage import trainings as store
from tests.helpers import set_today
from tests.test_advisor import PASSWORD, csrf, demo_workspace, login, save_interview
from tests.test_trainings import _course_with_sessions, _enrol

# rows every request may touch whatever it does (the login's session, the log itself)
NOT_COMPARED = {"audit_log", "sessions", "sqlite_sequence"}


def _contents(db) -> dict:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"').fetchall()))
            for t in tables if t not in NOT_COMPARED}


def _audit_down(db, down: bool) -> None:
    with db.conn:
        if down:
            db.execute("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'the audit log is unavailable'); END")
        else:
            db.execute("DROP TRIGGER audit_down")


@pytest.fixture
def world(app):
    db = demo_workspace(app, companies=30)
    set_today(app, "2027-01-05")
    own = [r[0] for r in db.execute("SELECT id FROM companies WHERE organisation = 'miksei' ORDER BY id")]
    shk = db.execute("SELECT id FROM companies WHERE organisation = 'shk' ORDER BY id").fetchone()[0]
    coordinator, anna = login(app, "kaisa@xamk.test"), login(app, "anna@miksei.test")
    course_id = _course_with_sessions(app, coordinator)
    for company_id in own[:2]:
        _enrol(anna, company_id, course_id)
    enrolments = {e["company_id"]: e["id"] for e in store.roster(db, course_id)}
    sessions = [s["id"] for s in store.sessions(db, course_id)]
    users = {r[1]: r[0] for r in db.execute("SELECT id, email FROM users")}
    return {"db": db, "own": own, "shk": shk, "course": course_id, "enrolments": enrolments, "sessions": sessions,
            "users": users, "coordinator": coordinator, "anna": anna}


def _post(client, page, path, data):
    return lambda: client.post(path, data={"csrf_token": csrf(client, page), **data})


def _cases(w):
    """(the audited action, who, a request that makes the change)."""
    c, a, course = w["coordinator"], w["anna"], w["course"]
    first, second = w["own"][0], w["own"][1]
    return {
        "enrolled": lambda: _enrol(a, w["own"][2], course),
        "enrolment_cancelled": _post(a, f"/neuvoja/yritys/{first}",
                                     f"/koulutukset/ilmoittautuminen/{w['enrolments'][first]}/peru", {}),
        "course_created": _post(c, "/koulutukset/kurssi/uusi", "/koulutukset/kurssi/uusi", {
            "offer": "tp4-1", "name": "Toinen kurssi", "organiser": "miksei", "seats": "3",
            "apply_until": "2027-01-09", "starts_on": "2027-01-10", "ends_on": "2027-01-31"}),
        "course_edited": _post(c, f"/koulutukset/kurssi/{course}/muokkaa", f"/koulutukset/kurssi/{course}/muokkaa", {
            "name": "Uusi nimi", "organiser": "miksei", "seats": "5", "starts_on": "2027-01-10",
            "ends_on": "2027-01-31", "apply_from": "", "apply_until": "2027-01-09"}),
        "session_added": _post(c, f"/koulutukset/kurssi/{course}", f"/koulutukset/kurssi/{course}/istunto", {
            "on_date": "2027-01-28", "start_time": "09:00", "end_time": "12:00", "hours": "3"}),
        "session_deleted": _post(c, f"/koulutukset/kurssi/{course}",
                                 f"/koulutukset/istunto/{w['sessions'][-1]}/poista", {}),
        "organisation_changed": _post(c, "/neuvoja/", f"/neuvoja/yritys/{w['shk']}/organisaatio",
                                      {"organisation": "miksei"}),
        "interview_saved": lambda: save_interview(a, second),
        "user_created": _post(c, "/neuvoja/kayttajat", "/neuvoja/kayttajat", {
            "email": "uusi@proagria-esimerkki.fi", "name": "Uusi", "role": "advisor", "organisation": "proagria",
            "password": PASSWORD}),
        "user_disabled": _post(c, "/neuvoja/kayttajat", f"/neuvoja/kayttajat/{w['users']['sami@shk.test']}/tila",
                               {"active": "0"}),
    }


def _attendance_cases(w):
    c, session = w["coordinator"], w["sessions"][0]
    marks = {f"e{eid}": "present" for eid in w["enrolments"].values()}
    return {"attendance_saved": _post(c, f"/koulutukset/istunto/{session}/nimenhuuto",
                                      f"/koulutukset/istunto/{session}/nimenhuuto", marks)}


def _check(w, action, request):
    db = w["db"]
    before = _contents(db)
    logged = db.execute("SELECT count(*) FROM audit_log WHERE action = ?", [action]).fetchone()[0]
    _audit_down(db, True)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="audit log is unavailable"):
            request()
    finally:
        _audit_down(db, False)
    assert _contents(db) == before, f"{action}: the change was kept without its audit row"
    assert request().status_code in (200, 302)
    assert _contents(db) != before, f"{action}: the request changed nothing (the case tests nothing)"
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = ?", [action]).fetchone()[0] == logged + 1, action


ACTIONS = ["enrolled", "enrolment_cancelled", "course_created", "course_edited", "session_added", "session_deleted",
           "organisation_changed", "interview_saved", "user_created", "user_disabled"]


@pytest.mark.parametrize("action", ACTIONS)
def test_a_change_is_not_kept_without_its_audit_row(app, world, action):
    assert set(_cases(world)) == set(ACTIONS)
    _check(world, action, _cases(world)[action])


def test_attendance_is_not_kept_without_its_audit_row(app, world):
    set_today(world["coordinator"].application, "2027-01-12")
    _check(world, "attendance_saved", _attendance_cases(world)["attendance_saved"])

