"""Peer benchmarks: small groups hidden, the company itself left out, and agreement with an
independent computation over the demo data."""

import bisect
import json
import statistics

import pytest

from questionnaire.flow import score_row
from reports.data.company import build_company_data
from scoring import PeerTable, benchmark, metric_names, percentile_rank, score
from storage import claims as claim_store
from storage import scores as score_store
from storage.db import connect
from storage.responses import get_by_token


def table(values, groups=None):
    return PeerTable.from_rows(("index",), [
        (company, {"industry": (groups or {}).get(company, "C")}, {"index": value})
        for company, value in values.items()
    ])


@pytest.mark.parametrize("others, shown", [(4, False), (5, True)])
def test_four_peers_hidden_five_shown(others, shown):
    peers = table({n: 10.0 * n for n in range(1, others + 1)})
    result = benchmark(peers, 999, {"index": 25.0}, {"industry": "C"}, 5)
    for group in ("all", "industry"):
        assert result[group].enough is shown
        assert (result[group].metrics["index"].mean is not None) is shown
        assert (result[group].metrics["index"].percentile is not None) is shown
        assert result[group].peers == others


def test_the_company_itself_is_left_out():
    peers = table({1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0, 5: 50.0, 6: 99.0})
    mine = benchmark(peers, 6, {"index": 99.0}, {"industry": "C"}, 5)["all"]
    assert mine.peers == 5
    assert mine.metrics["index"].mean == 30.0
    assert mine.metrics["index"].percentile == 100.0
    # with the company in the table only 5 others remain: still shown; with 5 rows in all, not
    small = benchmark(table({1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 5.0}), 5, {"index": 5.0}, {}, 5)["all"]
    assert small.peers == 4 and not small.enough


def test_group_membership_and_missing_values():
    peers = PeerTable.from_rows(("index", "web"), [
        (n, {"industry": "C" if n <= 6 else "I"}, {"index": float(n), "web": None if n == 1 else float(n)})
        for n in range(1, 11)
    ])
    result = benchmark(peers, None, {"index": 3.5, "web": 3.5}, {"industry": "C"}, 5)
    assert result["industry"].peers == 6
    assert result["industry"].metrics["index"].percentile == pytest.approx(3 / 6 * 100)
    assert result["industry"].metrics["web"].peers == 5  # one peer has no level for "web"
    assert result["industry"].metrics["web"].percentile == pytest.approx(2 / 5 * 100)
    assert result["all"].metrics["web"].mean == pytest.approx(sum(range(2, 11)) / 9)


@pytest.mark.parametrize("values, value, expected", [
    ([1, 2, 3, 4], 2.5, 50.0),
    ([1, 2, 2, 4], 2, 50.0),  # (1 below + 0.5 x 2 equal) / 4
    ([5, 5, 5, 5, 5], 5, 50.0),
    ([1, 2, 3], 0, 0.0),
    ([1, 2, 3], 9, 100.0),
])
def test_percentile_rank(values, value, expected):
    assert percentile_rank(values, value) == expected


def _demo(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load", "--companies", "300", "--drafts", "0"]).exit_code == 0
    return connect(app.config["DATABASE"])


def test_benchmarks_match_an_independent_computation_over_the_demo_data(app, survey):
    db = _demo(app)
    method = app.extensions["surveys"].method(survey)
    rows = list(db.query("SELECT id, company_id, answers, submitted_at FROM responses WHERE status = 'submitted'"))
    latest = {}
    for row in sorted(rows, key=lambda r: (r["submitted_at"], r["id"])):
        latest[row["company_id"]] = json.loads(row["answers"])
    scored = {company: score(survey, method, answers) for company, answers in latest.items()}
    peers = score_store.peer_table(db, app.config["DATABASE"], survey.id, survey.version, metric_names(survey))
    assert len(peers) == len(latest) == 300

    for company in sorted(latest)[::37]:
        answers = latest[company]
        data = build_company_data(survey, method, answers, company, peers, "en")
        mine = scored[company]
        for group in ("all", "industry", "municipality"):
            key = {"all": None, "industry": "industry", "municipality": "municipality"}[group]
            others = sorted(scored[c].index for c in latest
                            if c != company and (key is None or latest[c][key] == answers[key]))
            row = next(g for g in data["groups"] if g["id"] == group)
            assert row["peers"] == len(others)
            if len(others) < 5:
                assert not row["enough"] and row["mean"] is None
                continue
            below = bisect.bisect_left(others, mine.index)
            equal = bisect.bisect_right(others, mine.index) - below
            assert row["percentile"] == pytest.approx((below + equal / 2) / len(others) * 100)
            assert row["mean"] == pytest.approx(statistics.fmean(others))
        for area in data["areas"]:
            levels = [scored[c].area(area["id"]).level for c in latest if c != company]
            levels = sorted(v for v in levels if v is not None)
            if area["level"] is not None:
                assert area["peer_mean"] == pytest.approx(statistics.fmean(levels))
                assert area["percentile"] == pytest.approx(
                    (bisect.bisect_left(levels, area["level"])
                     + (bisect.bisect_right(levels, area["level"]) - bisect.bisect_left(levels, area["level"])) / 2)
                    / len(levels) * 100)


def test_only_the_latest_answer_of_a_company_is_a_peer(app, walker, survey):
    db = connect(app.config["DATABASE"])
    first, second = walker.start(), walker.start()
    walker.walk(first)
    walker.walk(second, overrides={"website_state": "4"})
    rows = list(db.query("SELECT response_id, company_id, is_latest FROM scores ORDER BY response_id"))
    # the second answer under the same business ID waits for an advisor's confirmation: not a peer yet
    assert [r["is_latest"] for r in rows] == [1, 0]
    peers = score_store.peer_table(db, app.config["DATABASE"], survey.id, survey.version, metric_names(survey))
    assert peers.values_of(rows[0]["company_id"])["index"] == pytest.approx(
        score_row(survey, app.extensions["surveys"].method(survey), get_by_token(db, first).answers)["index"])
    assert claim_store.confirm(db, rows[1]["response_id"])
    rows = list(db.query("SELECT response_id, company_id, is_latest FROM scores ORDER BY response_id"))
    assert [r["is_latest"] for r in rows] == [0, 1]
    peers = score_store.peer_table(db, app.config["DATABASE"], survey.id, survey.version, metric_names(survey))
    assert len(peers) == 1
    response = get_by_token(db, second)
    method = app.extensions["surveys"].method(survey)
    assert peers.values_of(rows[0]["company_id"])["index"] == pytest.approx(
        score_row(survey, method, response.answers)["index"])


def test_peer_table_is_rebuilt_only_when_peers_change(app, walker, survey):
    db = connect(app.config["DATABASE"])
    args = (db, app.config["DATABASE"], survey.id, survey.version, metric_names(survey))
    walker.walk(walker.start())
    first = score_store.peer_table(*args)
    assert score_store.peer_table(*args) is first
    walker.walk(walker.start(), overrides={"business_id": "0737546-2"})
    assert len(score_store.peer_table(*args)) == 2
