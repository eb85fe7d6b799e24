"""Every column has a retention decision (storage/personal_data.py), and the retention rule
removes the personal data of every column whose decision says so."""

import json
from datetime import datetime, timedelta, timezone

from storage import maintenance, personal_data
from storage import responses as store
from storage.db import connect, migrate
from tests.helpers import BACKGROUND
from tests.test_advisor import PASSWORD, csrf, login, save_interview

HOW_TO = ("Add each to COLUMNS in storage/personal_data.py as (table, column): (rule, why) with rule NONE, "
          "KEPT, CLEARED or EXPIRES. For CLEARED/EXPIRES also make storage.maintenance.apply_retention remove "
          "it and seed it in tests/test_personal_data.py::test_retention_removes_every_personal_column.")


def test_every_column_has_a_retention_decision(tmp_path):
    migrate(tmp_path / "schema.db")
    schema = personal_data.schema(connect(tmp_path / "schema.db"))
    missing = personal_data.undecided(schema)
    assert not missing, f"Columns without a personal-data retention decision: {', '.join(missing)}. {HOW_TO}"
    existing = {(t, c) for t, columns in schema.items() for c in columns}
    stale = sorted(f"{t}.{c}" for t, c in personal_data.COLUMNS if (t, c) not in existing)
    assert not stale, f"storage/personal_data.py lists columns the schema no longer has: {', '.join(stale)}"
    for table, (column, _age) in personal_data.EXPIRING.items():
        assert column in schema[table], f"EXPIRING[{table!r}] names a missing column {column!r}"
    expiring_tables = {t for (t, _c), (rule, _why) in personal_data.COLUMNS.items() if rule == personal_data.EXPIRES}
    assert expiring_tables <= set(personal_data.EXPIRING), "an EXPIRES column's table needs an EXPIRING entry"


def test_undecided_names_new_columns():
    assert (personal_data.undecided({"companies": ["id", "nickname"], "pets": ["owner"]})
            == ["companies.nickname", "pets.owner"])


def values(db, table, column):
    return [str(r[0]) for r in db.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')]


def test_retention_removes_every_personal_column(app, walker):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                               "--password", PASSWORD]).exit_code == 0
    walker.client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    token = walker.start()
    walker.walk(token)
    db = connect(app.config["DATABASE"])
    store.mark_resume_link_sent(db, token, "linkki.osoite@example.com")
    coordinator = login(app, "kaisa@xamk.test")
    company_id = next(db.query("SELECT id FROM companies"))["id"]
    assert save_interview(coordinator, company_id, participants="Anna Osallistuja", action_1_who="Ville Vastuullinen",
                          tallenna="draft").status_code == 302
    interview_id = next(db.query("SELECT id FROM interviews"))["id"]
    edit = {"csrf_token": csrf(coordinator, f"/neuvoja/haastattelu/{interview_id}"), "held_on": "2026-11-21",
            "participants": "Anna Osallistuja, Olli Omistaja", "action_1_what": "Uutiskirje",
            "action_1_who": "Ville Vastuullinen", "tallenna": "final"}
    assert coordinator.post(f"/neuvoja/haastattelu/{interview_id}", data=edit).status_code == 302
    failed = app.test_client()
    failed.post("/kirjaudu", data={"csrf_token": csrf(failed), "email": "arvaaja@example.com", "password": "x" * 12},
                environ_base={"REMOTE_ADDR": "198.51.100.99"})

    db.execute("INSERT INTO website_checks (company_id, requested_url, checked_at, tool_version, page_text, ai_prompt) "
               "VALUES (?, 'https://www.testi.fi', '2026-11-20T10:00:00+00:00', 't', 'Yhteyshenkilö Pekka Sivusto', "
               "'Tiivistä: Pekka Sivusto')", [company_id])
    course = db.execute("INSERT INTO training_courses (offer_id, name, organiser, seats, starts_on, ends_on, "
                        "created_at) VALUES ('o', 'Kurssi', 'xamk', 5, '2026-11-01', '2026-11-02', '2026-10-01')"
                        ).lastrowid
    db.execute("INSERT INTO training_enrolments (course_id, company_id, status, participant, email, enrolled_at, "
               "source, motivation) VALUES (?, ?, 'enrolled', 'Paula Koulutettava', 'paula@example.com', '2026-10-02', "
               "'company', 'Paula Koulutettava haluaa oppia')",
               [course, company_id])
    db.execute("INSERT INTO link_requests (at, address_hash, client) VALUES (?, 'abc', '192.0.2.5')",
               [datetime.now(timezone.utc).timestamp()])
    db.execute("INSERT INTO webinar_signups (course_id, name, email, email_key, language, token_hash, created_at) "
               "VALUES (?, 'Paula Koulutettava', 'paula@example.com', 'paula@example.com', 'fi', 'h', '2026-10-02')",
               [course])
    db.execute("INSERT INTO signup_requests (at, client, address_hash) VALUES (?, '192.0.2.5', 'abc')",
               [datetime.now(timezone.utc).timestamp()])
    db.execute("INSERT INTO public_lookups (at, kind, client) VALUES (?, 'certificate', '192.0.2.6')",
               [datetime.now(timezone.utc).timestamp()])
    moment = datetime.now(timezone.utc).timestamp()
    db.execute("INSERT INTO outbox (kind, recipient, subject, body, queued_at, next_attempt_at, status) "
               "VALUES ('test', 'tiina@example.com', 'S', 'tiina@example.com /a/token', ?, ?, 'failed')",
               [moment, moment])
    db.conn.commit()
    markers = ["Paula Koulutettava", "paula@example.com",
               "Pekka Sivusto", "Tiina Testaaja", BACKGROUND["contact_role"], "tiina@example.com", "+358401234567",
               "linkki.osoite@example.com", "Anna Osallistuja", "Olli Omistaja", "Ville Vastuullinen"]

    def found(table, column):
        text = " ".join(values(db, table, column))
        return [m for m in markers if m in text or json.dumps(m)[1:-1] in text]

    decided = {key: rule for key, (rule, _why) in personal_data.COLUMNS.items()}
    cleared = [k for k, rule in decided.items() if rule == personal_data.CLEARED]
    expiring = [k for k, rule in decided.items() if rule == personal_data.EXPIRES]
    for table, column in cleared:
        assert found(table, column), f"seed {table}.{column} with personal data in this test"
    for table, column in expiring:
        assert values(db, table, column), f"seed {table}.{column} in this test"

    later = datetime.now(timezone.utc) + timedelta(days=91)  # past every expiry (known login addresses: 90 days)
    result = maintenance.apply_retention(db, "2999-01-01", 365, today=later)
    assert result["anonymised"] == 1 and result["interviews_cleared"] == 1

    for table, column in cleared:
        assert not found(table, column), (table, column, found(table, column))
    for table, column in expiring:
        assert not values(db, table, column), (table, column)
    # what the rule keeps stays: the company, its answers apart from contacts, the interview's content
    assert values(db, "companies", "name") == [BACKGROUND["company_name"]]
    interview = json.loads(values(db, "interviews", "data")[0])
    assert interview["actions"][0]["what"] == "Uutiskirje" and interview["participants"] is None
    answers = json.loads(values(db, "responses", "answers")[0])
    assert answers["business_id"] == BACKGROUND["business_id"] and answers["contact_email"] is None
