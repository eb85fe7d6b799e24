"""docs/scoring.md: the worked example is recomputed and every number checked."""

import json
import re
from pathlib import Path

import pytest

from scoring import PeerTable, benchmark, recommend, score

DOC = (Path(__file__).resolve().parents[1] / "docs" / "scoring.md").read_text(encoding="utf-8")
ANSWERS = json.loads(re.search(r"```json\n(.*?)\n```", DOC, re.S).group(1))


def _num(text):
    return None if text.strip() == "–" else float(text)


def _table_rows(header: str):
    block = DOC.split(header, 1)[1]
    rows = []
    for line in block.splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@pytest.fixture
def example(app):
    catalog = app.extensions["surveys"]
    survey = catalog.current("tp1")
    method = catalog.method(survey)
    return survey, method, score(survey, method, ANSWERS)


def test_area_table(example):
    survey, method, result = example
    rows = _table_rows("| area | item scores | level | competence | importance | priority |")
    assert [r[0] for r in rows] == [a.id for a in survey.areas]
    for area_id, items, level, competence, importance, priority in rows:
        area = result.area(area_id)
        given = [ANSWERS[q.id] for q in survey.area_questions(area_id, "level")]
        assert ", ".join(given) == items
        assert area.level == _num(level)
        assert area.competence == _num(competence)
        assert area.importance == int(importance)
        assert area.priority == _num(priority)


def test_index_level_priorities_strengths(example):
    survey, method, result = example
    index = float(re.search(r"= \*\*([\d.]+)\*\*,\s+maturity level \*\*(\w+)\*\*", DOC).group(1))
    band = re.search(r"maturity level \*\*(\w+)\*\*", DOC).group(1)
    assert round(result.index, 2) == index and result.band_id == band
    assert result.index == 462.5 / 11
    priorities = re.findall(r"\*\*(\w+)\*\* \((\d+)\)", DOC.split("- Priorities:")[1].split("\n")[0])
    assert [(a, float(p)) for a, p in priorities] == [(a, result.area(a).priority) for a in result.priorities]
    strengths = re.findall(r"\*\*(\w+)\*\* \(([\d.]+)\)", DOC.split("- Strengths:")[1].split("\n")[0])
    assert [(a, float(v)) for a, v in strengths] == [(a, result.area(a).level) for a in result.strengths]


def test_recommendations(example):
    survey, method, result = example
    rows = _table_rows("| offer | fee | because of |")
    recommendations = recommend(method, ANSWERS, result)
    assert [(r[0], int(r[1])) for r in rows] == [(rec.offer_id, rec.fee) for rec in recommendations]
    for row, rec in zip(rows, recommendations):
        if rec.areas:
            assert row[2] == ", ".join(rec.areas)


def test_benchmark_example():
    own = {"index": 462.5 / 11}
    five = PeerTable.from_rows(("index",), [(n, {}, {"index": v}) for n, v in enumerate([20, 30, 40, 50, 60], 1)])
    four = PeerTable.from_rows(("index",), [(n, {}, {"index": v}) for n, v in enumerate([20, 30, 40, 50], 1)])
    shown = benchmark(five, 99, own, {}, 5)["all"].metrics["index"]
    assert (shown.percentile, shown.mean) == (60.0, 40.0)
    assert "percentile is (3 + 0) / 5 × 100 = **60** and the group mean\n  **40**" in DOC
    hidden = benchmark(four, 99, own, {}, 5)["all"]
    assert not hidden.enough and hidden.metrics["index"].mean is None
