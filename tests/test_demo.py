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
