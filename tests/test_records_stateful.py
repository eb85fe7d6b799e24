"""A model-based test of the training records (Hypothesis ``RuleBasedStateMachine``).

Random sequences of enrolment, application, cancellation, the coordinator's decision, seat offers
answered or lapsing, roll calls, issuing certificates, marking invoices, confirming a stranger's
later analysis and time passing; after every step the invariants are checked against a recount
from the raw rows, written here independently of the code that counts them:

- seats are never exceeded, in a course or in a shared pool;
- at most one certificate per company and course, or company and work package, and only for a
  company that met the attendance rule;
- the funnel is nested;
- a row is invoiced at most once, only when it was billable, and a fee basis is charged once;
- every training figure of the dashboard equals its recount, unfiltered and under a period, an
  organisation and a group of companies (webinar sign-ups from the open calendar included: never
  more than the webinar's seats, one live sign-up per address, a figure of their own);
- the training contact is the confirmed one, never a stranger's.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from app import create_app
from trainings.rules.certificates import certificate_due
from storage import claims, companies as company_store
from trainings.storage import courses as store
from trainings.storage import records as records
from storage.db import connect
from tests.helpers import FROZEN_NOW

START = date(2027, 1, 5)
POOL_SEATS = 3  # TP6's two paths share fewer seats than they have together, so the pool binds
# (offer, days from START to the first session, sessions, days between, seats)
COURSES = [("tp2-1", 0, 1, 0, 2), ("tp2-3", 3, 1, 0, 3), ("tp4-1", 1, 3, 2, 2), ("tp6-1", 2, 2, 2, 2),
           ("tp6-2", 2, 2, 2, 2), ("tp5", 4, 2, 3, 2)]
COMPANIES = 10
STRANGER = "vieras@example.invalid"
WEBINAR_SEATS = 3
SIGNUP_EMAILS = ("a@example.invalid", "B@example.invalid", "b@example.invalid", "c@example.invalid",
                 "d@example.invalid")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An app and a database with companies, courses and sessions, and a stranger's pending
    analysis for three companies; copied afresh for every example."""
    folder = tmp_path_factory.mktemp("stateful")
    path = folder / "template.db"
    app = create_app({"SECRET_KEY": "stateful", "DATABASE": str(path), "TESTING": True,
                      "SESSION_COOKIE_SECURE": False, "FROZEN_NOW": FROZEN_NOW})
    loaded = app.test_cli_runner().invoke(args=["demo", "load", "--companies", str(COMPANIES), "--drafts", "0"])
    assert loaded.exit_code == 0, loaded.output
    db = connect(path)
    for offer, offset, sessions, gap, seats in COURSES:
        first = START + timedelta(days=offset)
        last = first + timedelta(days=gap * (sessions - 1))
        pool = "tp6" if offer.startswith("tp6") else None
        course = store.create_course(db, {"offer_id": offer, "name": offer, "organiser": "miksei" if offer == "tp5"
                                          else "xamk", "seats": seats, "pool": pool, "starts_on": first.isoformat(),
                                          "ends_on": last.isoformat()}, None)
        for n in range(sessions):
            store.add_session(db, course, {"on_date": (first + timedelta(days=gap * n)).isoformat(),
                                           "start_time": "09:00", "end_time": "12:00", "hours": 3})
    webinar = store.create_course(db, {"offer_id": "webinar", "name": "webinar", "organiser": "xamk",
                                       "seats": WEBINAR_SEATS, "starts_on": (START + timedelta(days=1)).isoformat(),
                                       "ends_on": (START + timedelta(days=1)).isoformat()}, None)
    store.add_session(db, webinar, {"on_date": (START + timedelta(days=1)).isoformat(), "start_time": "14:00",
                                    "end_time": "15:00", "hours": 1})
    with db.conn:
        for company in (1, 2, 3):
            answers = json.loads(db.execute("SELECT answers FROM responses WHERE company_id = ?",
                                            [company]).fetchone()[0])
            answers.update(contact_name="Vieras", contact_email=STRANGER, company_name="Vieras Oy")
            db.execute("INSERT INTO responses (token_hash, survey_id, survey_version, status, kind, answers, "
                       "created_at, updated_at, submitted_at, claimed_company_id, claim) VALUES (?, 'tp1', 1, "
                       "'submitted', 'analysis', ?, '2027-01-01T10:00:00+00:00', '2027-01-01T10:00:00+00:00', "
                       "'2027-01-01T10:00:00+00:00', ?, 'pending')", [f"pending-{company}", json.dumps(answers),
                                                                      company])
    db.close()
    return app, path


class Records(RuleBasedStateMachine):
    app = None
    template_path = None
    runs = 0

    @initialize()
    def fresh_database(self):
        Records.runs += 1
        path = self.template_path.with_name(f"run-{Records.runs}.db")
        with sqlite3.connect(self.template_path) as source, sqlite3.connect(path) as target:
            source.backup(target)  # the template's WAL too
        self.app.config["DATABASE"] = str(path)
        self.clock = self.app.extensions["clock"]
        self.clock.set(f"{START.isoformat()}T12:00:00")
        self.db = connect(path)
        self.db.clock = self.clock
        self.courses = [r["id"] for r in self.db.query("SELECT id FROM training_courses WHERE offer_id != 'webinar' "
                                                       "ORDER BY id")]
        self.webinar = self.db.execute("SELECT id FROM training_courses WHERE offer_id = 'webinar'").fetchone()[0]
        self.companies = [r[0] for r in self.db.execute("SELECT id FROM companies ORDER BY id")]
        self.stranger_contact = set()
        self.invoices = 0

    def teardown(self):
        if getattr(self, "db", None) is not None:
            self.db.close()

    # --- helpers ---------------------------------------------------------------------------

    def today(self) -> str:
        return self.clock.today_iso()

    def catalogue(self):
        return self.app.extensions["trainings"]

    def course(self, n: int) -> dict:
        return store.get_course(self.db, self.courses[n % len(self.courses)])

    def pool_seats(self, course: dict) -> int | None:
        return POOL_SEATS if course["pool"] else None

    def enrolment(self, n: int) -> int | None:
        ids = [r[0] for r in self.db.execute("SELECT id FROM training_enrolments ORDER BY id")]
        return ids[n % len(ids)] if ids else None

    # --- rules -----------------------------------------------------------------------------

    @rule(company=st.integers(0, COMPANIES - 1), course=st.integers(0, len(COURSES) - 1),
          own=st.booleans())
    def enrol(self, company, course, own):
        row = self.course(course)
        offer = self.catalogue().offer(row["offer_id"])
        if self.today() > row["ends_on"]:
            return  # closed: the service refuses it before storage
        event = ("apply" if own else "enrol_application") if offer.application else "enrol"
        profile = store.company_profile(self.db, self.companies[company], self.catalogue().tier_question)
        try:
            store.enrol(self.db, row["id"], self.companies[company], 250, "base", profile["contact_name"],
                        profile["contact_email"], None, self.pool_seats(row), event,
                        source="company" if own else None)
        except store.StatusRefused:
            pass

    @rule(n=st.integers(0, 200))
    def cancel(self, n):
        enrolment = self.enrolment(n)
        if enrolment is not None:
            course = store.course_row(self.db, store.get_enrolment(self.db, enrolment)["course_id"])
            store.cancel(self.db, enrolment, self.pool_seats(course), self.today(), self.catalogue().offer_days)

    @rule(n=st.integers(0, 200), accept=st.booleans())
    def decide(self, n, accept):
        enrolment = self.enrolment(n)
        if enrolment is not None:
            course = store.course_row(self.db, store.get_enrolment(self.db, enrolment)["course_id"])
            store.decide(self.db, enrolment, accept, self.pool_seats(course), self.today(),
                         self.catalogue().offer_days)

    @rule(n=st.integers(0, 200), accept=st.booleans())
    def answer_offer(self, n, accept):
        from trainings.storage import offers as training_offers

        enrolment = self.enrolment(n)
        if enrolment is not None:
            course = store.course_row(self.db, store.get_enrolment(self.db, enrolment)["course_id"])
            training_offers.answer(self.db, enrolment, accept, self.today(), self.catalogue().offer_days,
                                   self.pool_seats(course))

    @rule(days=st.integers(1, 4))
    def time_passes(self, days):
        from trainings.storage import offers as training_offers

        self.clock.advance(days=days)
        for course in training_offers.courses_with_overdue_offers(self.db, self.today()):
            training_offers.expire_course(self.db, course["id"], self.today(), self.catalogue().offer_days,
                                          self.pool_seats(store.course_row(self.db, course["id"])))

    @rule(course=st.integers(0, len(COURSES) - 1), session=st.integers(0, 2),
          marks=st.lists(st.sampled_from(["present", "absent", "excused", None]), min_size=1, max_size=4))
    def roll_call(self, course, session, marks):
        row = self.course(course)
        sessions = [s for s in store.sessions(self.db, row["id"]) if s["on_date"] <= self.today()] \
            or store.sessions(self.db, row["id"])  # mostly started ones; a future one is refused
        enrolled = [e["id"] for e in store.roster(self.db, row["id"]) if e["status"] == "enrolled"]
        offer = self.catalogue().offer(row["offer_id"])
        package = offer.package if offer.certificate.at_project_end else None
        records.set_attendance(self.db, sessions[session % len(sessions)]["id"], dict(zip(enrolled, marks)), None,
                               self.today(), package)

    @rule(course=st.integers(0, len(COURSES) - 1))
    def everyone_present(self, course):
        """A full roll call of every started session of a course (so that certificates get earned)."""
        row = self.course(course)
        enrolled = {e["id"]: "present" for e in store.roster(self.db, row["id"]) if e["status"] == "enrolled"}
        for session in store.sessions(self.db, row["id"]):
            records.set_attendance(self.db, session["id"], enrolled, None, self.today())

    @rule(course=st.integers(0, len(COURSES) - 1), absent=st.integers(0, 3))
    def a_course_runs_to_its_end(self, course, absent):
        """Time passes to the course's last day, the roll calls are made (one company absent
        ``absent`` times), and the certificates are issued."""
        row = self.course(course)
        if row["ends_on"] > self.today():
            self.clock.set(f"{row['ends_on']}T18:00:00")
        enrolled = [e["id"] for e in store.roster(self.db, row["id"]) if e["status"] == "enrolled"]
        for n, session in enumerate(store.sessions(self.db, row["id"])):
            marks = {eid: "absent" if k == 0 and n < absent else "present" for k, eid in enumerate(enrolled)}
            records.set_attendance(self.db, session["id"], marks, None, self.today())
        self.issue_certificates(course)

    @rule(course=st.integers(0, len(COURSES) - 1))
    def issue_certificates(self, course):
        from trainings import certificate_service
        from web.context import of_app

        with self.app.app_context():
            certificate_service.issue(of_app(self.app), self.course(course))

    @rule(picks=st.lists(st.integers(0, 200), min_size=1, max_size=4), org=st.sampled_from(["xamk", "miksei"]))
    def mark_invoiced(self, picks, org):
        from trainings import invoicing

        ids = {self.enrolment(n) for n in picks} - {None}
        own = [o.id for o in self.catalogue().offers if o.invoicing == org]
        related = [o.id for o in self.catalogue().offers
                   if self.catalogue().basis_key(o.id) in {self.catalogue().basis_key(x) for x in own}]
        mine = {r["id"] for r in records.billing_rows(self.db, own)}
        with self.app.app_context():
            self.invoices += 1
            records.mark_invoiced(self.db, sorted(ids & mine), f"L-{self.invoices}", self.today(), related,
                                  invoicing.billable)

    @rule(n=st.integers(0, len(SIGNUP_EMAILS) - 1))
    def webinar_sign_up(self, n):
        from trainings.storage import webinar_signups

        webinar_signups.sign_up(self.db, self.webinar, f"N{n}", SIGNUP_EMAILS[n], "fi", WEBINAR_SEATS)

    @rule(n=st.integers(0, 20))
    def webinar_sign_up_cancelled(self, n):
        from trainings.storage import webinar_signups

        ids = [r[0] for r in self.db.execute("SELECT id FROM webinar_signups ORDER BY id")]
        if ids:
            webinar_signups.cancel(self.db, ids[n % len(ids)])

    @invariant()
    def webinar_seats_and_one_sign_up_per_address(self):
        if not hasattr(self, "db"):
            return
        live = [r[0] for r in self.db.execute("SELECT lower(email) FROM webinar_signups WHERE cancelled_at IS NULL")]
        assert len(live) <= WEBINAR_SEATS and len(live) == len(set(live))
        assert not self.db.execute("SELECT 1 FROM webinar_signups WHERE cancelled_at IS NOT NULL "
                                   "AND (name IS NOT NULL OR email IS NOT NULL)").fetchone()

    @rule(company=st.integers(0, 2), take_contact=st.booleans())
    def confirm_a_later_analysis(self, company, take_contact):
        pending = self.db.execute("SELECT id FROM responses WHERE claim = 'pending' AND claimed_company_id = ?",
                                  [self.companies[company]]).fetchone()
        if pending and claims.confirm(self.db, pending[0], take_contact=take_contact) and take_contact:
            self.stranger_contact.add(self.companies[company])

    # --- invariants (recounted from the raw rows) ----------------------------------------------

    @invariant()
    def seats_are_never_exceeded(self):
        if not hasattr(self, "db"):
            return
        for course_id, seats, taken in self.db.execute(
                "SELECT c.id, c.seats, (SELECT count(*) FROM training_enrolments e WHERE e.course_id = c.id "
                "AND e.status IN ('enrolled', 'offered')) FROM training_courses c"):
            assert taken <= seats, course_id
        pool = self.db.execute("SELECT count(*) FROM training_enrolments e JOIN training_courses c ON "
                               "c.id = e.course_id WHERE c.pool = 'tp6' AND e.status IN ('enrolled', 'offered')")
        assert pool.fetchone()[0] <= POOL_SEATS

    @invariant()
    def certificates_once_and_only_when_earned(self):
        if not hasattr(self, "db"):
            return
        rows = self.db.execute("SELECT company_id, course_id, package, issued_on FROM training_certificates").fetchall()
        keys = [(company, course or package) for company, course, package, _day in rows]
        assert len(keys) == len(set(keys))
        for company, course_id, _package, issued_on in rows:
            if course_id is None:
                continue
            course = store.get_course(self.db, course_id)
            rule = self.catalogue().offer(course["offer_id"]).certificate
            held = self.db.execute("SELECT count(*) FROM training_sessions WHERE course_id = ? AND on_date <= ?",
                                   [course_id, issued_on]).fetchone()[0]
            present = self.db.execute(
                "SELECT count(*) FROM training_attendance a JOIN training_enrolments e ON e.id = a.enrolment_id "
                "JOIN training_sessions s ON s.id = a.session_id WHERE e.company_id = ? AND e.course_id = ? "
                "AND a.status = 'present' AND s.on_date <= ?", [company, course_id, issued_on]).fetchone()[0]
            assert issued_on >= course["ends_on"] and certificate_due(rule.rule, rule.min_share, held, present)

    @invariant()
    def invoiced_once_and_only_billable(self):
        if not hasattr(self, "db"):
            return
        basis = self.catalogue().basis_key
        charged = {}
        for row_id, company, offer, status, seated in self.db.execute(
                "SELECT e.id, e.company_id, t.offer_id, e.status, e.seated_at IS NOT NULL FROM training_enrolments e "
                "JOIN training_courses t ON t.id = e.course_id WHERE e.invoiced_on IS NOT NULL"):
            assert status in ("enrolled", "cancelled") and seated, row_id
            key = (company, basis(offer))
            assert key not in charged, (row_id, charged.get(key))
            charged[key] = row_id

    @invariant()
    def the_contact_is_the_confirmed_one(self):
        if not hasattr(self, "db"):
            return
        for company in self.companies[:3]:
            contact = company_store.contact(self.db, company)
            profile = store.company_profile(self.db, company, "turnover")
            assert profile["contact_email"] == contact["contact_email"]
            assert (contact["contact_email"] == STRANGER) == (company in self.stranger_contact)

    @invariant()
    def every_figure_equals_its_recount(self):
        if not hasattr(self, "db"):
            return
        from trainings.dashboard import training_numbers

        today = self.today()
        group = frozenset(self.companies[::2])
        for filters, companies in (({}, None), ({"start": "2027-01-08", "end": "2027-01-16"}, None),
                                   ({"organisation": "xamk"}, None), ({}, group)):
            numbers = training_numbers(self.db, self.app.config["DATABASE"], self.catalogue(), filters, today,
                                       companies, None)
            expected = recount(self.db, self.catalogue(), filters, today, companies)
            assert {key: numbers[key] for key in expected} == expected, filters
            funnel = [n for _stage, n in numbers["funnel"]]
            assert funnel == sorted(funnel, reverse=True)


def recount(db, catalogue, filters: dict, today: str, companies) -> dict:
    """The dashboard's training figures counted again, straight from the rows."""
    kinds = {o.id: o.kind for o in catalogue.offers}
    start, end, org = filters.get("start") or "0000", filters.get("end") or "9999", filters.get("organisation")

    def company_ok(company: int) -> bool:
        effective = db.execute("SELECT coalesce(organisation_override, organisation) FROM companies WHERE id = ?",
                               [company]).fetchone()[0]
        return (companies is None or company in companies) and (not org or effective == org)

    present = db.execute(
        "SELECT e.company_id, t.offer_id FROM training_attendance a "
        "JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_sessions s ON s.id = a.session_id "
        "JOIN training_courses t ON t.id = s.course_id "
        "WHERE a.status = 'present' AND s.on_date <= ? AND s.on_date BETWEEN ? AND ?", [today, start, end]).fetchall()
    sessions = db.execute(
        "SELECT t.offer_id, t.organiser FROM training_sessions s JOIN training_courses t ON t.id = s.course_id "
        "WHERE s.on_date <= ? AND s.on_date BETWEEN ? AND ?", [today, start, end]).fetchall()
    certificates = db.execute("SELECT company_id FROM training_certificates WHERE issued_on BETWEEN ? AND ?",
                              [start, end]).fetchall()
    signups = db.execute("SELECT t.organiser FROM webinar_signups w JOIN training_courses t ON t.id = w.course_id "
                         "WHERE w.cancelled_at IS NULL AND t.offer_id = 'webinar' AND t.starts_on BETWEEN ? AND ?",
                         [start, end]).fetchall()
    return {
        "tp2_companies": len({c for c, o in present if kinds[o] == "workshop" and company_ok(c)}),
        "path_companies": len({c for c, o in present if kinds[o] == "path" and company_ok(c)}),
        "trained_companies": len({c for c, o in present if company_ok(c)}),
        "tp2_sessions": sum(1 for o, organiser in sessions if kinds[o] == "workshop" and (not org or organiser == org)),
        "certificates": sum(1 for (c,) in certificates if company_ok(c)),
        "webinar_signups": sum(1 for (organiser,) in signups if not org or organiser == org),
    }


def test_the_records_stay_consistent(template):
    Records.app, Records.template_path = template
    Records.TestCase.settings = settings(max_examples=40, stateful_step_count=50, deadline=None,
                                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    Records.TestCase().runTest()
