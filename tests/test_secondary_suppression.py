"""Publication mode: a group hidden only so that a smaller group cannot be worked out from the
total (secondary suppression) is shown as hidden – "–" with a footnote – never as "< 5": it
has 11 companies, not fewer than five."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from pypdf import PdfReader

from reports.data.aggregate import build_aggregate_data
from reports.data.impact import BREAKDOWNS, build_impact_data
from reports.pdf.aggregate import render_aggregate_pdf
from scoring.aggregate import FILTER_GROUPS, AggregateTable, aggregate, suppression
from scoring.impact import ChangeTable, impact

NOTE = {"fi": "– = piilotettu, jotta alle 5 yrityksen ryhmän lukua ei voi laskea kokonaismäärästä ja muista luvuista.",
        "en": "– = hidden so that the number of a group of fewer than 5 companies cannot be worked out from the total "
              "and the other figures."}
INDUSTRIES = {"A": 3, "F": 11, "C": 40}  # a breakdown of 3, 11 and 40 companies


@pytest.fixture
def tp1(app):
    catalog = app.extensions["surveys"]
    survey = catalog.current("tp1")
    return survey, catalog.method(survey), app.extensions["projectdata"]


def _aggregate(survey, method, sizes: dict[str, int]) -> dict:
    areas, offers = tuple(a.id for a in survey.areas), tuple(o.id for o in method.offers)
    rows, n = [], 0
    for industry, count in sizes.items():
        for _ in range(count):
            n += 1
            groups = {g: "none" for g in FILTER_GROUPS} | {"industry": industry}
            rows.append((n, "2026-05-01T10:00:00", "miksei", 50.0, json.dumps({a: 50.0 for a in areas}),
                         json.dumps(groups), "{}"))
    table = AggregateTable.from_rows(areas, offers, rows)
    return aggregate(table, np.ones(len(table), dtype=bool), method)


def _industry(data: dict) -> dict:
    rows = next(b for b in data["breakdowns"] if b["id"] == "industry")
    return rows


@pytest.mark.parametrize("cells, reasons", [
    ([3, 11, 40], ["small", "secondary", None]),
    ([3, 2, 40], ["small", "small", None]),  # two small cells: their sum is all that can be worked out
    ([11, 40], [None, None]),
    ([4, 0, 9], ["small", None, "secondary"]),
])
def test_suppression_says_why(cells, reasons):
    assert suppression(cells, 5) == reasons


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_publication_shows_a_secondary_cell_as_hidden_not_as_small(tp1, lang):
    survey, method, project = tp1
    agg = _aggregate(survey, method, INDUSTRIES)
    data = build_aggregate_data(survey, method, project, agg, {}, lang, True, {"interviews": 0,
                                                                              "referrals_by_package": {}}, [])
    industry = _industry(data)
    texts = {r["code"]: (r["count_text"], r["index_text"]) for r in industry["rows"]}
    assert texts == {"A": ("< 5", "–"), "F": ("–", "–"), "C": ("40", "50")}
    assert industry["note"] == NOTE[lang]
    # the shown rows first, then the hidden ones by name: the order does not tell the sizes
    assert [r["hidden"] for r in industry["rows"]] == [False, True, True]
    assert all(b["note"] is None for b in data["breakdowns"] if b["id"] != "industry")
    internal = build_aggregate_data(survey, method, project, agg, {}, lang, False,
                                    {"interviews": 0, "referrals_by_package": {}}, [])
    industry = _industry(internal)
    assert {r["code"]: r["count_text"] for r in industry["rows"]} == {"A": "3", "F": "11", "C": "40"}
    assert industry["note"] is None

    text = re.sub(r"[ \t]+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        render_aggregate_pdf(data))).pages))
    labels = {code: survey.question("industry").option(code).label.get(lang) for code in INDUSTRIES}
    lines = [line.strip() for line in text.splitlines()]

    def cells(code):  # the table's cells are extracted one a line: the label, the count, the mean
        start = next(n for n, line in enumerate(lines) if line.endswith(labels[code]))
        return lines[start + 1:start + 3]

    assert [cells("A"), cells("F"), cells("C")] == [["< 5", "–"], ["–", "–"], ["40", "50"]]
    assert NOTE[lang] in re.sub(r"\s+", " ", text)


def test_a_band_hidden_for_a_smaller_one_is_shown_as_hidden(tp1):
    survey, method, project = tp1
    agg = _aggregate(survey, method, {"C": 30})
    agg["bands"] = [{"id": b.id, "count": c} for b, c in zip(method.bands, [3, 11, 16, 0])]
    data = build_aggregate_data(survey, method, project, agg, {}, "fi", True, {"interviews": 0,
                                                                              "referrals_by_package": {}}, [])
    assert [b["count_text"] for b in data["bands"]][:4] == ["< 5", "–", "16", "0"][:len(data["bands"])]
    assert data["bands_note"] == NOTE["fi"]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_impact_shows_a_secondary_group_as_hidden(app, tp1, lang):
    survey, _, project = tp1
    followup = app.extensions["surveys"].followups(survey.id)[0]
    areas = tuple(a.id for a in followup.areas)
    records = [{"index_before": 40, "index_after": 40 + k % 7, "levels_before": {}, "levels_after": {},
                "groups": {"size": size, "training": "neither"}}
               for size, count in (("1", 3), ("2-4", 11), ("5-9", 40)) for k in range(count)]
    result = impact(ChangeTable.from_records(areas, records, ("training", "size")))
    data = build_impact_data(survey, followup, project, result, lang, True, 5, [], None, {})
    size = next(b for b in data["breakdowns"] if b["id"] == "size")
    assert {r["code"]: r["n_text"] for r in size["rows"]} == {"1": "< 5", "2-4": "–", "5-9": "40"}
    assert size["note"] == NOTE[lang]
    assert [b["id"] for b in data["breakdowns"] if b["note"]] == ["size"]
    assert {b["id"] for b in data["breakdowns"]} == set(BREAKDOWNS)
