"""A cancellation offers the freed seat to the first waiting company: the deadline rule at its
boundaries, accept / decline / lapse with the cascade to the next company, the offer holding its
seat (course and pool), the public answer page (fi/en, replayed and wrong tokens), the answer an
advisor records, the statuses shown everywhere, and who may do what."""

import re
from datetime import date

import pytest

from trainings.catalogue import load_catalogue
from trainings.rules.invoicing import billing, row_status
from trainings.rules.places import offer_deadline, offer_lapsed
from trainings.storage import offers as offers
from trainings.storage import courses as store
from trainings.storage import records as records
from surveys.loader import SurveyError
from tests.helpers import LATER, cancel, deliver_outbox, fake_smtp, set_today
from tests.test_advisor import login
from tests.test_trainings import _course_with_sessions, _csrf, _enrol, ws  # noqa: F401  (ws is a fixture)
from tests.test_visible_text import visible_text

TODAY = "2027-01-05"


@pytest.mark.parametrize("starts_on, expected", [
    ("2027-01-06", "2027-01-05"),   # starts tomorrow: answer today
    ("2027-01-05", "2027-01-05"),   # starts today: answer today, never after the start
    ("2027-01-04", None),           # already started: no offer
    ("2027-01-08", "2027-01-07"),   # the day before the start comes before offer_days
    ("2027-01-11", "2027-01-10"),   # both the same day
    ("2027-03-01", "2027-01-10"),   # far away: offer_days (5)
])
def test_offer_deadline_at_its_boundaries(starts_on, expected):
    found = offer_deadline(date.fromisoformat(TODAY), date.fromisoformat(starts_on), 5)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize("until, today, lapsed", [
    ("2027-01-10", "2027-01-10", False), ("2027-01-10", "2027-01-11", True), ("2027-01-10", "2027-01-09", False),
    (None, "2027-01-11", False),
])
def test_an_offer_lapses_after_its_last_day(until, today, lapsed):
    assert offer_lapsed(until, today) is lapsed


@pytest.mark.parametrize("section, message", [
    ("[waiting_list]\noffer_days = 0", "[waiting_list]: 'offer_days' must be a whole number of days from 1 to 60"),
    ("[waiting_list]\noffer_days = \"5\"", "'offer_days' must be a whole number"),
    ("", "[waiting_list]: 'offer_days'"),
])
def test_offer_days_is_validated_at_load(app, tmp_path, section, message):
    from pathlib import Path

    text = (Path(__file__).parents[1] / "projectdata" / "trainings.toml").read_text(encoding="utf-8")
    assert "[waiting_list]\noffer_days = 5" in text
    path = tmp_path / "trainings.toml"
    path.write_text(text.replace("[waiting_list]\noffer_days = 5", section), encoding="utf-8")
    method = app.extensions["surveys"].method(app.extensions["surveys"].current("tp1"))
    with pytest.raises(SurveyError) as error:
        load_catalogue(method, ["xamk", "miksei", "proagria", "shk"], path)
    assert str(error.value).startswith("trainings.toml: ") and message in str(error.value)


# --- storage: offer, accept, decline, lapse, cascade ----------------------------------------

def _companies(db, n, prefix="O"):
    with db.conn:
        return [db.execute("INSERT INTO companies (business_id, name, organisation, created_at, updated_at) "
                           "VALUES (?, ?, 'miksei', '2026-01-01', '2026-01-01')",
                           [f"{prefix}{i}", f"Yritys {prefix}{i}"]).lastrowid for i in range(n)]


def _full_course(db, seats=2, waiting=3, pool=None, prefix="O"):
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": "Polku", "organiser": "miksei", "seats": seats,
                                         "pool": pool, "starts_on": "2027-02-01", "ends_on": "2027-03-01"}, None)
    ids = _companies(db, seats + waiting, prefix)
    rows = [store.enrol(db, course_id, cid, 250, "base") for cid in ids]
    assert [r["status"] for r in rows] == ["enrolled"] * seats + ["waiting"] * waiting
    return course_id, rows


def _statuses(db, course_id):
    return [r["status"] for r in db.query("SELECT status FROM training_enrolments WHERE course_id = ? ORDER BY id",
                                          [course_id])]


def test_cancel_offers_then_accept_enrols_with_the_fee_fixed_at_enrolment(app):
    from storage.db import connect

    db = connect(app.config["DATABASE"])
    course_id, rows = _full_course(db)
    made = cancel(db, rows[0]["id"], TODAY, offer_days=5)
    assert [(o["id"], o["offer_until"]) for o in made] == [(rows[2]["id"], "2027-01-10")]
    assert len(made[0]["token"]) >= 30
    stored = db.execute("SELECT offer_hash FROM training_enrolments WHERE id = ?", [rows[2]["id"]]).fetchone()[0]
    assert stored and made[0]["token"] not in stored  # only a hash is stored
    assert offers.offer_by_token(db, made[0]["token"])["id"] == rows[2]["id"]
    assert _statuses(db, course_id) == ["cancelled", "enrolled", "offered", "waiting", "waiting"]
    assert store.get_course(db, course_id)["offered"] == 1
    # the offered seat is taken: a new enrolment queues behind the others
    late = _companies(db, 1, "L")[0]
    assert store.enrol(db, course_id, late, 250, "base")["rank"] == 3
    # an offered seat is no enrolment: no roll call, certificate or invoicing row
    session = store.add_session(db, course_id, {"on_date": "2027-02-01", "start_time": "09:00", "end_time": "10:00",
                                                "hours": 1})
    assert records.set_attendance(db, session, {rows[2]["id"]: "present"}, None, LATER)["changed"] == 0
    assert rows[2]["id"] not in {r["id"] for r in records.import_contacts(db, course_id)}
    assert rows[2]["id"] not in {r["enrolment_id"] for r in records.certificate_basis(db, course_id, "2027-03-02")}
    assert rows[2]["id"] not in billing(records.billing_rows(db, ["tp4-1"]), 7, lambda offer: offer)
    from trainings.rules.counts import Scope, enrolled
    from trainings.storage import counts as counts

    found = counts.facts(db, app.config["DATABASE"], {"tp4-1": "path"}, TODAY)
    assert enrolled(found, Scope()) == {rows[1]["company_id"]}  # the funnel: offered is not yet enrolled
    # accepting after the deadline's last day finds it lapsed
    result, _ = offers.answer(db, rows[2]["id"], True, "2027-01-10", 5)
    assert result == "enrolled"
    row = store.get_enrolment(db, rows[2]["id"])
    assert (row["status"], row["fee"], row["fee_tier"]) == ("enrolled", 250, "base") and row["seated_at"]
    assert offers.answer(db, rows[2]["id"], False, "2027-01-10", 5)[0] == "already_enrolled"  # replay changes nothing
    assert _statuses(db, course_id)[:5] == ["cancelled", "enrolled", "enrolled", "waiting", "waiting"]


def test_decline_offers_the_seat_to_the_next_and_a_lapse_cascades(app):
    from storage.db import connect

    db = connect(app.config["DATABASE"])
    generation = store.generation(db)
    course_id, rows = _full_course(db)
    first = cancel(db, rows[1]["id"], TODAY)[0]
    result, made = offers.answer(db, first["id"], False, TODAY, 5)
    assert result == "declined" and [o["id"] for o in made] == [rows[3]["id"]]
    assert _statuses(db, course_id) == ["enrolled", "cancelled", "declined", "offered", "waiting"]
    # the deadline's last day is still open; the day after, the offer lapses and the next one gets it
    assert offers.expire_course(db, course_id, "2027-01-10", 5) == ([], [])
    lapsed, made = offers.expire_course(db, course_id, "2027-01-11", 5)
    assert lapsed == [rows[3]["id"]] and [(o["id"], o["offer_until"]) for o in made] == [(rows[4]["id"], "2027-01-16")]
    assert _statuses(db, course_id) == ["enrolled", "cancelled", "declined", "lapsed", "offered"]
    assert offers.answer(db, rows[3]["id"], True, "2027-01-11", 5)[0] == "already_lapsed"
    # an answer after the deadline lapses the offer first; nobody is left to offer the seat to
    assert offers.answer(db, rows[4]["id"], True, "2027-01-17", 5) == ("already_lapsed", [])
    assert _statuses(db, course_id)[-1] == "lapsed" and store.get_course(db, course_id)["enrolled"] == 1
    assert store.generation(db) > generation


def test_the_pool_counts_offered_seats(app):
    """TP6's two paths share a pool: an offered seat in one path is taken from the pool too."""
    from storage.db import connect

    db = connect(app.config["DATABASE"])
    first, rows = _full_course(db, seats=3, waiting=1, pool="tp6", prefix="P")
    second = store.create_course(db, {"offer_id": "tp6-2", "name": "Toinen", "organiser": "miksei", "seats": 3,
                                      "pool": "tp6", "starts_on": "2027-02-01", "ends_on": "2027-03-01"}, None)
    other = _companies(db, 2, "Q")
    assert store.enrol(db, second, other[0], 250, "base", pool_seats=4)["status"] == "enrolled"  # pool: 4 of 4
    made = cancel(db, rows[0]["id"], TODAY, pool_seats=4)
    assert [o["id"] for o in made] == [rows[3]["id"]]
    assert store.enrol(db, second, other[1], 250, "base", pool_seats=4)["status"] == "waiting"


def test_the_command_expires_offers_and_offers_the_seats_on(app):
    from storage.db import connect

    db = connect(app.config["DATABASE"])
    course_id, rows = _full_course(db)
    cancel(db, rows[0]["id"], TODAY)
    set_today(app, "2027-01-11")
    result = app.test_cli_runner().invoke(args=["training", "expire-offers"])
    assert result.exit_code == 0 and result.stdout.strip() == "1 offers lapsed, 1 seats offered to the next in line"
    assert _statuses(db, course_id) == ["cancelled", "enrolled", "lapsed", "offered", "waiting"]
    business_id = db.execute("SELECT business_id FROM companies WHERE id = ?", [rows[3]["company_id"]]).fetchone()[0]
    set_today(app, "2027-01-12")
    repeated = app.test_cli_runner().invoke(args=["training", "enrol", str(course_id), business_id])
    assert repeated.exit_code == 0 and repeated.stdout.strip() == "offered"  # enrolling twice is harmless
    again = app.test_cli_runner().invoke(args=["training", "expire-offers"])
    assert again.stdout.strip() == "0 offers lapsed, 0 seats offered to the next in line"
    # Emailed links come from PUBLIC_BASE_URL, which production requires at start-up when mail is on
    # (tests/test_public_links.py); a test deployment uses the local default address.
    app.config["MAIL_SERVER"] = "smtp.test"
    assert app.test_cli_runner().invoke(args=["training", "expire-offers"]).exit_code == 0


# --- views ----------------------------------------------------------------------------------

def _offer_with_mail(app, ws, monkeypatch, outbox, lang="fi"):  # noqa: F811
    db, orgs, runner = ws
    coordinator, anna = login(app, "kaisa@xamk.test"), login(app, "anna@miksei.test")
    course_id = _course_with_sessions(app, coordinator, seats="1")
    own = [cid for cid, _bid in orgs["miksei"]]
    db.execute("UPDATE responses SET language = ? WHERE company_id = ?", [lang, own[1]])
    db.conn.commit()
    seated = store.enrol(db, course_id, own[0], 250, "base")
    waiting = store.enrol(db, course_id, own[1], 250, "base")
    assert waiting["status"] == "waiting"
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(outbox))
    app.config.update(MAIL_SERVER="smtp.test", PUBLIC_BASE_URL="https://digianalyysi.example")
    path = f"/koulutukset/kurssi/{course_id}"
    cancelled = anna.post(f"/koulutukset/ilmoittautuminen/{seated['id']}/peru",
                          data={"csrf_token": _csrf(anna, path), "next": path}, follow_redirects=True)
    assert "Paikkaa tarjottiin jonon ensimmäiselle yritykselle." in cancelled.get_data(as_text=True)
    deliver_outbox(app)
    message = next(m for m in outbox if m[0] == "message")
    link = re.search(r"https://digianalyysi\.example/koulutuspaikka/(\S+)", message[3])
    return db, coordinator, anna, course_id, waiting, message, link.group(1)


def test_the_offer_email_and_the_answer_page(app, ws, monkeypatch):  # noqa: F811
    outbox = []
    db, coordinator, anna, course_id, waiting, message, token = _offer_with_mail(app, ws, monkeypatch, outbox)
    assert message[2].startswith("Paikka koulutuksessa: Verkkokauppapolku kevät 2027")
    assert "viimeistään 9.1.2027" in message[3] and "@" in message[1]
    assert f"/koulutuspaikka/{token}" in message[3] and "tarjotaan yritykselle" in message[3]
    company = store.get_enrolment(db, waiting["id"])["company_name"]
    client = app.test_client()
    page = client.get(f"/koulutuspaikka/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    for shown in ("Koulutuspaikka", company, "Verkkokauppapolku kevät 2027", "Vastaathan viimeistään 9.1.2027.",
                  "250 €", "perusmaksu", "10.1.2027", "Mikkeli, Xamk", "Ota paikka vastaan", "Kieltäydy paikasta"):
        assert shown in text, shown
    english = client.get(f"/koulutuspaikka/{token}?lang=en").get_data(as_text=True)
    for shown in ("A seat in the training", "Please answer by 9 Jan 2027.", "Accept the seat", "Decline the seat",
                  "basic fee"):
        assert shown in english, shown
    # the roster and the company page say offered, with the deadline, in plain language
    roster = coordinator.get(f"/koulutukset/kurssi/{course_id}?lang=en").get_data(as_text=True)
    assert "offered a seat: answer by 9 Jan 2027" in roster and "Offered, not yet accepted 1" in roster
    company_page = anna.get(f"/neuvoja/yritys/{waiting['company_id']}?lang=fi").get_data(as_text=True)
    assert "paikkaa tarjottu: vastaus viimeistään 9.1.2027" in company_page
    assert "Yritys otti paikan vastaan" in company_page
    # no CSRF token: refused, nothing changed
    assert client.post(f"/koulutuspaikka/{token}", data={"vastaus": "accept"}).status_code == 400
    csrf = _csrf(client, f"/koulutuspaikka/{token}")
    assert client.post(f"/koulutuspaikka/{token}", data={"csrf_token": csrf, "vastaus": "maybe"}).status_code == 400
    answered = client.post(f"/koulutuspaikka/{token}?lang=en", data={"csrf_token": csrf, "vastaus": "accept"},
                           follow_redirects=True).get_data(as_text=True)
    assert "Thank you: the seat is yours." in answered and "accepted this seat and is enrolled" in answered
    assert "Accept the seat" not in answered
    assert store.get_enrolment(db, waiting["id"])["status"] == "enrolled"
    # a replayed answer changes nothing and says so
    replay = client.post(f"/koulutuspaikka/{token}?lang=en", data={"csrf_token": csrf, "vastaus": "decline"},
                         follow_redirects=True)
    assert replay.status_code == 200
    assert "already been answered, so nothing was changed" in replay.get_data(as_text=True)
    assert store.get_enrolment(db, waiting["id"])["status"] == "enrolled"
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE object_type = 'enrolment'")]
    assert {"enrolment_offered", "offer_enrolled", "offer_already_enrolled"} <= set(actions)


@pytest.mark.parametrize("token", ["A" * 43, "x", "<script>", "A" * 500, "%00"])
def test_an_unknown_token_is_a_404(app, token):
    assert app.test_client().get(f"/koulutuspaikka/{token}").status_code == 404


def test_the_page_follows_the_analysis_language_and_says_when_the_deadline_passed(app, ws, monkeypatch):  # noqa: F811
    outbox = []
    db, coordinator, anna, course_id, waiting, message, token = _offer_with_mail(app, ws, monkeypatch, outbox, "en")
    assert message[2].startswith("A seat in the training:") and "by 9 Jan 2027" in message[3]
    set_today(app, "2027-01-10")
    page = app.test_client().get(f"/koulutuspaikka/{token}").get_data(as_text=True)
    assert "The deadline to accept this seat was 9 Jan 2027 and it has passed" in page
    assert "Accept the seat" not in page and store.get_enrolment(db, waiting["id"])["status"] == "lapsed"


def test_an_advisor_records_the_answer_and_the_access_matrix(app, ws, monkeypatch):  # noqa: F811
    db, orgs, runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id, rows = _course_with_offer(app, db, orgs, coordinator)
    offered = rows[2]["id"]
    actors = {"anonymous": app.test_client(), "other_org_advisor": login(app, "sami@shk.test"),
              "advisor": login(app, "anna@miksei.test")}
    tokens = {actor: _csrf(client, "/kirjaudu") for actor, client in actors.items()}
    for actor, status in (("anonymous", 302), ("other_org_advisor", 404)):
        for answer in ("vastaanota", "kieltaydy"):
            got = actors[actor].post(f"/koulutukset/tarjous/{offered}/{answer}", data={"csrf_token": tokens[actor]})
            assert got.status_code == status, (actor, answer)
    assert actors["anonymous"].post(f"/koulutukset/tarjous/{offered}/vastaanota").status_code in (302, 400)
    assert store.get_enrolment(db, offered)["status"] == "offered"
    again = _enrol(actors["advisor"], rows[2]["company_id"], course_id).get_data(as_text=True)
    assert "on jo tarjottu paikkaa" in again or "A seat is already offered to" in again
    assert actors["advisor"].post(f"/koulutukset/tarjous/{offered}/jotain",
                                  data={"csrf_token": tokens["advisor"]}).status_code == 404
    declined = actors["advisor"].post(f"/koulutukset/tarjous/{offered}/kieltaydy?lang=en",
                                      data={"csrf_token": tokens["advisor"]}, follow_redirects=True)
    assert "declined the seat; it was offered to the next company in line" in declined.get_data(as_text=True)
    assert _statuses(db, course_id) == ["cancelled", "enrolled", "declined", "offered"]
    path = f"/koulutukset/kurssi/{course_id}"
    accepted = coordinator.post(f"/koulutukset/tarjous/{rows[3]['id']}/vastaanota?lang=en",
                                data={"csrf_token": _csrf(coordinator, path), "next": path}, follow_redirects=True)
    assert "accepted the seat and is now enrolled" in accepted.get_data(as_text=True)
    assert _statuses(db, course_id) == ["cancelled", "enrolled", "declined", "enrolled"]
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE object_type = 'enrolment'")]
    assert {"offer_declined_recorded", "offer_enrolled_recorded"} <= set(actions)


def _course_with_offer(app, db, orgs, coordinator):
    course_id = _course_with_sessions(app, coordinator, seats="2")
    own = [cid for cid, _bid in orgs["miksei"]]
    rows = [store.enrol(db, course_id, cid, 250, "base") for cid in own[:4]]
    cancel(db, rows[0]["id"], TODAY)
    return course_id, rows


def test_the_entrepreneur_and_the_calendar_see_the_offer(app, ws):  # noqa: F811
    db, orgs, runner = ws
    coordinator = login(app, "kaisa@xamk.test")
    course_id, rows = _course_with_offer(app, db, orgs, coordinator)
    calendar = coordinator.get("/koulutukset/?lang=en").get_data(as_text=True)
    row = re.search(r"Verkkokauppapolku kevät 2027</a></th>(.*?)</tr>", calendar, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row) == ["0", "1"]  # no seat left (one is offered); one waiting
    from questionnaire.results import training_store

    assert "offered" in {t["status"] for t in training_store.for_company(db, rows[2]["company_id"])}
    funnel = store.get_course(db, course_id)
    assert (funnel["enrolled"], funnel["offered"], funnel["waiting"]) == (1, 1, 1)


HOSTILE = '<b>Äkäs & Co</b><img src=x> =1+1 \u202eRTL e\u0301'


def test_hostile_names_on_the_answer_page_are_printed_literally(app, ws, monkeypatch):  # noqa: F811
    db, orgs, runner = ws
    own = [cid for cid, _bid in orgs["miksei"]]
    db.execute("UPDATE companies SET name = ? WHERE id = ?", [HOSTILE, own[1]])
    db.conn.commit()
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": "<script>alert(1)</script> =cmd|", "seats": 1,
                                         "organiser": "miksei", "starts_on": "2027-02-01", "ends_on": "2027-02-01"},
                                    None)
    seated = store.enrol(db, course_id, own[0], 250, "base")
    store.enrol(db, course_id, own[1], 250, "base")
    token = cancel(db, seated["id"], TODAY)[0]["token"]
    html = app.test_client().get(f"/koulutuspaikka/{token}").get_data(as_text=True)
    assert "&lt;b&gt;Äkäs &amp; Co&lt;/b&gt;&lt;img src=x&gt; =1+1 \u202eRTL e\u0301" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; =cmd|" in html and "<script>alert" not in html


def test_the_entrepreneur_sees_the_offer_on_the_results_page(app, walker):
    from storage.db import connect

    token = walker.start()
    walker.walk(token)
    db = connect(app.config["DATABASE"])
    company_id = store.company_by_business_id(db, "2077474-0")
    course = store.create_course(db, {"offer_id": "tp4-1", "name": "Kurssi Q7", "organiser": "xamk", "seats": 1,
                                      "starts_on": "2027-02-01", "ends_on": "2027-03-01"}, None)
    seated = store.enrol(db, course, _companies(db, 1, "E")[0], 250, "base")
    store.enrol(db, course, company_id, 250, "base")
    cancel(db, seated["id"], TODAY)
    page = walker.client.get(f"/a/{token}/tulokset?lang=en").get_data(as_text=True)
    assert ("offered a seat: answer by 10 Jan 2027 (answer on the training's page or with the link in the email "
            "we sent)") in page
    offers.expire_course(db, course, "2027-01-11", 5)
    page = walker.client.get(f"/a/{token}/tulokset?lang=fi").get_data(as_text=True)
    assert "Kurssi Q7" not in page  # a lapsed offer is no longer among the company's trainings


def test_the_migration_keeps_enrolments_and_their_attendance(tmp_path):
    """m013b (once m015) rebuilds training_enrolments (a CHECK cannot be altered) with foreign keys off: a DROP
    with them on would have deleted the attendance rows through ON DELETE CASCADE."""
    import sqlite3

    from storage.db import connect, migrate
    from storage.migrations import migrations

    path = tmp_path / "old.db"
    db = connect(path)
    migrations.apply(db, stop_before="m013b_waiting_list_offers")
    with db.conn:
        db.execute("INSERT INTO companies (id, business_id, name, created_at, updated_at) "
                   "VALUES (1, 'X1', 'Vanha Oy', '2026-01-01', '2026-01-01')")
        db.execute("INSERT INTO training_courses (id, offer_id, name, organiser, seats, starts_on, ends_on, "
                   "created_at) "
                   "VALUES (1, 'tp4-1', 'Vanha', 'xamk', 5, '2026-01-10', '2026-01-20', '2026-01-01')")
        db.execute("INSERT INTO training_sessions (id, course_id, on_date, start_time, end_time, hours) "
                   "VALUES (1, 1, '2026-01-10', '09:00', '12:00', 3)")
        db.execute("INSERT INTO training_enrolments (id, course_id, company_id, status, fee, fee_tier, enrolled_at) "
                   "VALUES (7, 1, 1, 'enrolled', 250, 'base', '2026-01-02')")
        db.execute("INSERT INTO training_attendance (session_id, enrolment_id, status, updated_at) "
                   "VALUES (1, 7, 'present', '2026-01-10')")
        # a column another migration added before this one ran (m014's, on a database that had it first)
        db.execute("ALTER TABLE training_enrolments ADD COLUMN motivation TEXT")
        db.execute("UPDATE training_enrolments SET motivation = 'Haluamme oppia' WHERE id = 7")
    db.close()
    assert migrate(path)[:2] == ["m013b_waiting_list_offers", "m014_company_applications"]  # then any later ones
    db = connect(path)
    assert db.execute("SELECT id, status, fee, motivation, source FROM training_enrolments").fetchall() == [
        (7, "enrolled", 250, "Haluamme oppia", None)]
    assert db.execute("SELECT enrolment_id, status FROM training_attendance").fetchall() == [(7, "present")]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not db.execute("PRAGMA foreign_key_check").fetchall()
    with db.conn:  # the rebuilt CHECK takes the new statuses
        db.execute("INSERT INTO companies (id, business_id, name, created_at, updated_at) "
                   "VALUES (2, 'X2', 'Toinen Oy', '2026-01-01', '2026-01-01')")
        db.execute("INSERT INTO training_enrolments (id, course_id, company_id, status, fee, fee_tier, enrolled_at, "
                   "offer_until) VALUES (8, 1, 2, 'offered', 250, 'base', '2026-01-02', '2026-01-05')")
    with pytest.raises(sqlite3.IntegrityError):
        with db.conn:
            db.execute("UPDATE training_enrolments SET status = 'bogus' WHERE id = 8")
    with db.conn:  # the cascade still works after the rebuild
        db.execute("DELETE FROM companies WHERE id = 1")
    assert db.execute("SELECT count(*) FROM training_attendance").fetchone()[0] == 0


@pytest.mark.parametrize("status", ["offered", "lapsed"])
def test_an_offered_or_lapsed_seat_is_never_invoiced(status):
    row = {"status": status, "fee": 250, "seated": True, "starts_on": "2027-01-10", "cancelled_on": None,
           "invoiced_on": None}
    assert row_status(row, 7) is None


@pytest.mark.parametrize("status, offered_at, lang, expected", [
    ("declined", "2027-01-05T10:00:00+00:00", "fi", "kieltäytyi tarjotusta paikasta"),
    ("declined", "2027-01-05T10:00:00+00:00", "en", "declined the offered seat"),
    ("declined", None, "en", "application not accepted"),
    ("offered", "2027-01-05T10:00:00+00:00", "en", "offered a seat, awaiting an answer"),
    ("lapsed", "2027-01-05T10:00:00+00:00", "fi", "tarjottu paikka raukesi"),
])
def test_the_company_report_names_offer_statuses_in_plain_words(status, offered_at, lang, expected):
    from reports.data.training_records import build_training_records

    row = {"id": 1, "status": status, "offered_at": offered_at, "course_name": "Polku", "offer_id": None,
           "starts_on": "2027-02-01", "ends_on": "2027-03-01", "rank": None, "sessions": 4, "held": 0, "attended": 0,
           "hours": 0, "certificate": None}
    data = build_training_records([row], [], type("NoCatalogue", (), {"offer": lambda self, _id: None})(), lang,
                                  "2027-01-05")
    assert data["rows"][0]["status"] == expected


def test_declining_asks_first_and_says_what_really_happened(app, ws, monkeypatch):  # noqa: F811
    """Issue 23 item 9: a decline asks for a confirmation (a plain form, no JavaScript) and the page
    then says what storage did – here nobody else was waiting, so the seat is free again; item 8:
    the offer page names the path in plain words, with who it is for, never by its code."""
    outbox = []
    db, coordinator, anna, course_id, waiting, message, token = _offer_with_mail(app, ws, monkeypatch, outbox, "en")
    client = app.test_client()
    page = client.get(f"/koulutuspaikka/{token}?lang=en").get_data(as_text=True)
    text = visible_text(page)
    assert "E-commerce path 1: Starting a web shop" in text and "Companies planning to open a web shop" in text
    assert not re.search(r"\bTP[2-6]\b", text)
    csrf = _csrf(client, f"/koulutuspaikka/{token}")
    asked = client.post(f"/koulutuspaikka/{token}", data={"csrf_token": csrf, "vastaus": "decline"})
    text = visible_text(asked.get_data(as_text=True))
    assert asked.status_code == 200 and "Decline the seat?" in text and "No, go back" in text
    assert store.get_enrolment(db, waiting["id"])["status"] == "offered"
    done = client.post(f"/koulutuspaikka/{token}", data={"csrf_token": csrf, "vastaus": "decline", "vahvista": "1"},
                       follow_redirects=True)
    text = visible_text(done.get_data(as_text=True))
    assert "the seat is free again (nobody was waiting for it)" in text
    assert "offered to the next company" not in text and "declined this seat." in text
    assert store.get_enrolment(db, waiting["id"])["status"] == "declined"


def test_accepting_gives_the_next_steps(app, ws, monkeypatch):  # noqa: F811
    outbox = []
    db, coordinator, anna, course_id, waiting, message, token = _offer_with_mail(app, ws, monkeypatch, outbox, "en")
    db.execute("UPDATE training_sessions SET link = 'https://meet.example.fi/polku' WHERE course_id = ? "
               "AND on_date = '2027-01-17'", [course_id])
    db.conn.commit()
    client = app.test_client()
    assert client.get(f"/koulutuspaikka/{token}/kalenteri.ics").status_code == 404  # not yet the company's
    assert b"meet.example.fi" not in client.get(f"/koulutuspaikka/{token}?lang=en").data
    csrf = _csrf(client, f"/koulutuspaikka/{token}")
    done = client.post(f"/koulutuspaikka/{token}?lang=en", data={"csrf_token": csrf, "vastaus": "accept"},
                       follow_redirects=True)
    html = done.get_data(as_text=True)
    text = visible_text(html)
    assert "Next steps" in text and "Add the sessions to your calendar (.ics file)" in text
    assert 'href="https://meet.example.fi/polku"' in html and "digifocus@miksei.example" in text
    ics = client.get(f"/koulutuspaikka/{token}/kalenteri.ics")
    assert ics.status_code == 200 and b"meet.example.fi/polku" in ics.data
