"""The seeded demo generator and the demo CLI."""

from collections import Counter

import pytest

from stdnum.fi import ytunnus

from app import create_app
from demo.generate import generate
from storage.db import connect


def test_same_seed_same_data(survey):
    assert generate(survey, count=20, seed=7) == generate(survey, count=20, seed=7)
    assert generate(survey, count=20, seed=7) != generate(survey, count=20, seed=8)


def test_generated_answers_are_valid_for_the_survey(survey):
    items = generate(survey, count=300, seed=2025)
    assert len({i.answers["business_id"] for i in items}) == 300
    for item in items:
        answers = item.answers
        assert ytunnus.is_valid(answers["business_id"])
        for question in survey.questions:
            value = answers.get(question.id)
            if question.required:
                assert value not in (None, "", [], False), question.id
            if question.options and value not in (None, []):
                codes = value if isinstance(value, list) else [value]
                assert all(question.option(code) for code in codes), (question.id, value)
    municipalities = Counter(i.answers["municipality"] for i in items)
    assert len(municipalities) >= 8  # spread over South Savo
    levels = Counter(i.answers["website_state"] for i in items)
    assert len(levels) >= 5  # varied answers, "does not apply" included


def test_demo_cli_loads_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "ensure"])
    assert first.exit_code == 0, first.output
    assert "Loaded 300 demo companies" in first.output and "/a/demo" in first.output
    second = runner.invoke(args=["demo", "ensure"])
    assert "not loaded again" in second.output
    db = connect(app.config["DATABASE"])
    assert next(db.query("SELECT count(*) AS n FROM companies"))["n"] == 300
    assert next(db.query("SELECT count(*) AS n FROM responses "
                         "WHERE status = 'submitted' AND kind = 'analysis'"))["n"] == 300
    # ... and a follow-up round: every company invited, about half answered, change computed
    invited, answered = db.execute("SELECT count(*), count(submitted_at) FROM followup_invitations").fetchone()
    assert invited == 300 and 120 <= answered <= 180
    assert db.execute("SELECT count(*) FROM responses "
                      "WHERE kind = 'followup' AND status = 'submitted'").fetchone()[0] == answered
    assert "/seuranta/" in first.output


def test_demo_link_opens_the_summary(app, client):
    runner = app.test_cli_runner()
    output = runner.invoke(args=["demo", "ensure"]).output
    link = output.split("/a/")[1].split()[0]
    response = client.get(f"/a/{link}")
    assert response.status_code == 302 and response.location.endswith("/valmis")
    assert client.get(response.location).status_code == 200


@pytest.mark.parametrize("args", [["demo", "load", "--companies", "3", "--drafts", "0"], ["demo", "ensure"]])
def test_demo_refused_in_production(tmp_path, args):
    """Demo links are predictable (fixed seed) and the demo accounts known: never in production."""
    app = create_app({"SECRET_KEY": "k" * 40, "DATABASE": str(tmp_path / "p.db"), "DEPLOYMENT": "production"})
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0
    assert "DEPLOYMENT=production" in result.output and len(result.output.strip().splitlines()) == 1
    with app.app_context():
        from storage import demo as demo_store, get_db
        assert demo_store.is_empty(get_db())


def test_demo_has_advisory_interviews_with_referrals(app):
    """The funnel starts from real referrals: about half of the demo companies had an interview
    with their own organisation's advisor, most of them final, after the analysis."""
    runner = app.test_cli_runner()
    output = runner.invoke(args=["demo", "ensure"]).output
    db = connect(app.config["DATABASE"])
    rows = list(db.query(
        "SELECT i.status, i.held_on, i.data, i.organisation, c.organisation AS company_organisation, u.organisation "
        "AS advisor_organisation, r.submitted_at FROM interviews i JOIN companies c ON c.id = i.company_id "
        "JOIN users u ON u.id = i.advisor_id JOIN responses r ON r.id = i.response_id"))
    assert f"{len(rows)} advisory interviews" in output
    assert 100 <= len(rows) <= 170
    finals = [r for r in rows if r["status"] == "final"]
    assert len(finals) >= 0.75 * len(rows)
    for row in rows:
        assert row["organisation"] == row["company_organisation"] == row["advisor_organisation"]
        assert row["submitted_at"][:10] <= row["held_on"]
    referred = [r for r in finals if '"referrals": ["' in r["data"]]
    assert len(referred) >= 0.8 * len(finals)


def test_the_demo_calendar_is_one_a_coordinator_would_believe(app):
    """Weekday sessions outside the Christmas break, Easter and July; each course named after the
    term(s) it runs in; enrolments before the course starts (and not in the future); applicants
    whose analysis recommends the path; the running path tp4-2 with sessions held."""
    import json
    from datetime import date

    from trainings.demo import closed, terms

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load", "--companies", "80", "--drafts", "0"]).exit_code == 0
    assert runner.invoke(args=["demo", "trainings"]).exit_code == 0
    db = connect(app.config["DATABASE"])
    today = app.extensions["clock"].today()
    courses = list(db.query("SELECT * FROM training_courses"))
    for course in courses:
        days = [date.fromisoformat(r[0]) for r in db.execute(
            "SELECT on_date FROM training_sessions WHERE course_id = ? ORDER BY on_date", [course["id"]])]
        assert all(not closed(d) and d.weekday() < 5 for d in days), (course["name"], days)
        assert all(not (d.month == 12 and d.day == 24) for d in days)
        assert course["name"].endswith(terms(days[0], days[-1])) and (days[0].isoformat(), days[-1].isoformat()) \
            == (course["starts_on"], course["ends_on"])
        for enrolled_at, in db.execute("SELECT enrolled_at FROM training_enrolments WHERE course_id = ?",
                                       [course["id"]]).fetchall():
            day = app.extensions["clock"].local_date(enrolled_at)
            assert day < days[0] and day <= today, (course["name"], enrolled_at)
    assert any("kevät" in c["name"] for c in courses) or any("syksy" in c["name"] for c in courses)
    applicants = list(db.query(
        "SELECT t.offer_id, json_extract(s.extras, '$.referrals') AS fits FROM training_enrolments e "
        "JOIN training_courses t ON t.id = e.course_id JOIN company_latest_analysis l ON l.company_id = e.company_id "
        "JOIN scores s ON s.response_id = l.response_id WHERE e.source = 'company'"))
    assert applicants and all(a["offer_id"] in json.loads(a["fits"]) for a in applicants)
    running = next(c for c in courses if c["offer_id"] == "tp4-2")
    held = db.execute("SELECT count(*) FROM training_sessions WHERE course_id = ? AND on_date <= ?",
                      [running["id"], today.isoformat()]).fetchone()[0]
    assert held >= 1 and running["ends_on"] > today.isoformat()
    issued = db.execute("SELECT min(x.issued_on >= t.ends_on) FROM training_certificates x "
                        "JOIN training_courses t ON t.id = x.course_id").fetchone()[0]
    assert issued == 1  # a path's certificates after it ended, not on the day the demo was loaded
