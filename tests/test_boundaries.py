"""Boundaries of the small-group rules and of "latest", each at the exact edge.

The documented rule (docs/scoring.md, surveys/method/*.toml `min_peers`): a group with fewer than
5 other companies is not shown, so exactly 5 is shown and 4 is hidden – for the peer groups of
the results, for every area's peer mean (counted over the peers who answered that area) and for
every count of the coordinator's publication reports ("< 5"). After a bulk load a company's
newest analysis, not its oldest, is the one that counts.
"""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from pypdf import PdfReader

from demo.generate import DemoResponse, generate
from questionnaire.flow import score_row
from reports.data.aggregate import build_aggregate_data
from reports.data.company import build_company_data
from reports.data.impact import BREAKDOWNS, build_impact_data
from reports.pdf.aggregate import render_aggregate_pdf
from scoring import PeerTable, benchmark, metric_names, score
from scoring.aggregate import FILTER_GROUPS, AggregateTable, aggregate, suppress
from scoring.change import paired_arrays
from storage import scores as score_store
from storage.db import connect
from storage.demo import load_responses
from storage.responses import latest_submitted

MINIMUM = 5


@pytest.fixture
def tp1(app):
    catalog = app.extensions["surveys"]
    survey = catalog.current("tp1")
    method = catalog.method(survey)
    assert method.min_peers == MINIMUM
    return survey, method, app.extensions["projectdata"]


def own_answers(survey, method, area_id):
    """A generated company that answered ``area_id`` (its level is not "does not apply")."""
    for item in generate(survey, count=20, seed=7):
        if score(survey, method, item.answers).area(area_id).level is not None:
            return item.answers
    raise AssertionError("no generated company answered " + area_id)


# --- results: peer groups and area peer means -------------------------------------------------

@pytest.mark.parametrize("answered, shown", [(4, False), (5, True), (6, True)])
def test_area_peer_mean_needs_five_peers_who_answered_that_area(tp1, answered, shown):
    """A group of 8 others is big enough, but an area only 4 of them answered has no peer mean."""
    survey, method, _ = tp1
    area = survey.areas[0].id
    metrics = metric_names(survey)
    rows = [(n, {}, {m: (50.0 if m != area or n <= answered else None) for m in metrics}) for n in range(1, 9)]
    peers = PeerTable.from_rows(metrics, rows)
    data = build_company_data(survey, method, own_answers(survey, method, area), 999, peers, "fi")
    everyone = next(g for g in data["groups"] if g["id"] == "all")
    assert everyone["enough"] and everyone["peers"] == 8 and everyone["mean_text"] == "50"
    row = next(a for a in data["areas"] if a["id"] == area)
    assert row["peers"] == answered
    assert (row["peer_mean"] is not None) is shown
    assert (row["peer_mean_text"] is not None) is shown
    assert (row["percentile"] is not None) is shown
    others = [a for a in data["areas"] if a["id"] != area and a["applicable"]]
    assert others and all(a["peer_mean_text"] == "50" for a in others)


@pytest.mark.parametrize("others, shown", [(4, False), (5, True)])
@pytest.mark.parametrize("company_in_table", [False, True])
def test_peer_group_of_exactly_five_others_is_shown(others, shown, company_in_table):
    values = {n: 10.0 * n for n in range(1, others + 1)}
    if company_in_table:
        values[999] = 99.0  # the company itself never counts as its own peer
    peers = PeerTable.from_rows(("index",), [(c, {"industry": "C"}, {"index": v}) for c, v in values.items()])
    result = benchmark(peers, 999, {"index": 25.0}, {"industry": "C"}, MINIMUM)
    for group in ("all", "industry"):
        assert result[group].peers == others
        assert result[group].enough is shown
        assert (result[group].metrics["index"].mean is not None) is shown


@pytest.mark.parametrize("cells, hidden", [
    ([5, 10, 20], [False, False, False]),
    ([5, 5, 5], [False, False, False]),
    ([4, 10, 20], [True, True, False]),
    ([4, 5, 20], [True, True, False]),
    ([4, 4, 20], [True, True, False]),
    ([6, 5], [False, False]),
])
def test_suppression_edge(cells, hidden):
    assert suppress(cells, MINIMUM) == hidden


# --- coordinator: publication aggregates ------------------------------------------------------

def aggregate_of(survey, method, companies: int, demand: int, recommended: int = 0, industry_small: int = 0):
    """``companies`` synthetic analyses; the first area is wanted (training + important) by
    ``demand`` of them; ``recommended`` have the first offer recommended; ``industry_small`` are
    in industry "B" (the others in "C")."""
    areas = tuple(a.id for a in survey.areas)
    offers = tuple(o.id for o in method.offers)
    rows = []
    for n in range(companies):
        extra = {"importance": {a: 5 for a in areas}, "training": [areas[0]] if n < demand else [],
                 "referrals": [offers[0]] if n < recommended else []}
        groups = {g: "none" for g in FILTER_GROUPS}
        groups["industry"] = "B" if n < industry_small else "C"
        rows.append((n + 1, "2026-05-01T10:00:00", "miksei", 40.0 + n, json.dumps({a: 50.0 for a in areas}),
                     json.dumps(groups), json.dumps(extra)))
    table = AggregateTable.from_rows(areas, offers, rows)
    return aggregate(table, np.ones(len(table), dtype=bool), method)


def publication(tp1, lang="fi", **counts):
    survey, method, project = tp1
    agg = aggregate_of(survey, method, **counts)
    return build_aggregate_data(survey, method, project, agg, {}, lang, True,
                                {"interviews": 0, "referrals_by_package": {}}, [])


@pytest.mark.parametrize("companies, hidden", [(4, True), (5, False)])
def test_publication_selection_of_exactly_five_is_shown(tp1, companies, hidden):
    data = publication(tp1, companies=companies, demand=0)
    assert data["hidden_all"] is hidden
    assert (data["index_text"] is None) is hidden


@pytest.mark.parametrize("demand, text", [(4, "< 5"), (5, "5"), (1, "< 5"), (0, "0")])
def test_publication_training_demand_count(tp1, demand, text):
    survey, _, _ = tp1
    data = publication(tp1, companies=30, demand=demand)
    first = next(a for a in data["areas"] if a["id"] == survey.areas[0].id)
    assert first["demand"] == demand and first["demand_text"] == text


@pytest.mark.parametrize("recommended, text", [(4, "< 5"), (5, "5")])
def test_publication_recommendation_count(tp1, recommended, text):
    _, method, _ = tp1
    data = publication(tp1, companies=30, demand=0, recommended=recommended)
    row = next(r for r in data["recommended"] if r["offer"] == method.offers[0].id)
    assert row["count_text"] == text


@pytest.mark.parametrize("small, texts", [(4, {"< 5", "–"}), (5, {"5", "25"})])
def test_publication_breakdown_cell_of_exactly_five_is_shown(tp1, small, texts):
    data = publication(tp1, companies=30, demand=0, industry_small=small)
    industry = next(b for b in data["breakdowns"] if b["id"] == "industry")
    shown = {r["count_text"] for r in industry["rows"]}
    assert shown == texts  # with 4 the other cell (26) is hidden too, or 30 - 26 would give it away: "–"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_publication_pdf_prints_a_training_demand_of_four_as_under_five(tp1, lang):
    survey, _, _ = tp1
    data = publication(tp1, lang=lang, companies=30, demand=4)
    assert len(data["demand"]) == 1
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_aggregate_pdf(data))).pages)
    lines = [line for line in text.splitlines() if line.rstrip().endswith("< 5")]
    assert lines, text
    footer = re.compile(r"^(sivu|page) \d+ / \d+$")  # the page numbers are not counts
    assert not any(line.rstrip().endswith(" 4") and not footer.match(line.strip()) for line in text.splitlines())
    internal = build_aggregate_data(*tp1, aggregate_of(survey, tp1[1], companies=30, demand=4), {}, lang, False,
                                    {"interviews": 0, "referrals_by_package": {}}, [])
    assert internal["demand"][0]["demand_text"] == "4"


@pytest.mark.parametrize("pairs, hidden", [(4, True), (5, False)])
def test_publication_impact_of_exactly_five_pairs_is_shown(app, tp1, pairs, hidden):
    survey, method, project = tp1
    followup = app.extensions["surveys"].followups(survey.id)[0]
    before, after = np.linspace(30, 50, pairs), np.linspace(40, 65, pairs)
    result = {"index": paired_arrays(before, after),
              "areas": {a.id: paired_arrays(before, after) for a in followup.areas},
              "groups": {key: [] for key in BREAKDOWNS}, "satisfaction": [4.0] * pairs}
    data = build_impact_data(survey, followup, project, result, "fi", True, method.min_peers, [], None,
                             {"invited": 10, "satisfaction": [4.0] * pairs})
    assert data["hidden_all"] is hidden
    assert (data["index"]["n_text"] == "< 5") is hidden
    assert all(a["hidden"] is hidden for a in data["areas"])


# --- "latest" after a bulk load ---------------------------------------------------------------

@pytest.mark.parametrize("newest_first", [False, True])
def test_bulk_load_makes_the_newest_analysis_the_latest(app, tp1, newest_first):
    survey, method, _ = tp1
    base = generate(survey, count=1, seed=11)[0].answers
    old = {**base, "website_state": "1"}
    new = {**base, "website_state": "4"}
    assert score(survey, method, old).index != score(survey, method, new).index
    items = [DemoResponse("old-token", old, True, "2026-01-10T09:00:00", "2026-01-10T09:30:00"),
             DemoResponse("new-token", new, True, "2026-06-10T09:00:00", "2026-06-10T09:30:00")]
    db = connect(app.config["DATABASE"])
    load_responses(db, survey, items[::-1] if newest_first else items,
                   lambda answers: score_row(survey, method, answers))
    latest = list(db.query("SELECT s.submitted_at, s.maturity_index FROM scores s WHERE s.is_latest = 1"))
    assert [r["submitted_at"] for r in latest] == ["2026-06-10T09:30:00"]
    assert latest[0]["maturity_index"] == pytest.approx(score(survey, method, new).index)
    peers = score_store.peer_table(db, app.config["DATABASE"], survey.id, survey.version, metric_names(survey))
    [company_id] = [r["id"] for r in db.query("SELECT id FROM companies")]
    assert len(peers) == 1 and peers.values_of(company_id)["index"] == pytest.approx(score(survey, method, new).index)
    [(business_id, response)] = latest_submitted(db)
    assert business_id == base["business_id"] and response.answers["website_state"] == "4"
