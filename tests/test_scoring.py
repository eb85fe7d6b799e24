"""scoring/: parametrised tables for every rule and edge case, and property tests."""

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import competence_score, group_code, recommend, score
from surveys.loader import load_survey
from surveys.method import ALL_PEERS, Band, FeeTier, Method, Offer, Rule
from surveys.model import Text

T = Text("x", "x")
SURVEY = """
[survey]
id = "mini"
version = 1
title = { fi = "Mini", en = "Mini" }

[scales.rating]
options = [ { score = 1, fi = "1", en = "1" }, { score = 2, fi = "2", en = "2" }, { score = 3, fi = "3", en = "3" },
            { score = 4, fi = "4", en = "4" }, { score = 5, fi = "5", en = "5" } ]

[[area_questions]]
suffix = "competence"
type = "likert"
scale = "rating"
role = "competence"
label = { fi = "Osaaminen", en = "Competence" }

[[area_questions]]
suffix = "importance"
type = "likert"
scale = "rating"
role = "importance"
label = { fi = "Tärkeys", en = "Importance" }

[[area_questions]]
suffix = "training"
type = "checkbox"
role = "training"
label = { fi = "Koulutus", en = "Training" }

[[areas]]
id = "a"
weight = 2
name = { fi = "A", en = "A" }
[[areas.items]]
id = "a1"
not_applicable = true
label = { fi = "a1", en = "a1" }
options = [ { score = 0, fi = "0", en = "0" }, { score = 1, fi = "1", en = "1" }, { score = 2, fi = "2", en = "2" },
            { score = 3, fi = "3", en = "3" }, { score = 4, fi = "4", en = "4" } ]
[[areas.items]]
id = "a2"
weight = 3
not_applicable = true
label = { fi = "a2", en = "a2" }
options = [ { score = 0, fi = "0", en = "0" }, { score = 2, fi = "2", en = "2" }, { score = 4, fi = "4", en = "4" } ]

[[areas]]
id = "b"
name = { fi = "B", en = "B" }
[[areas.items]]
id = "b1"
not_applicable = true
label = { fi = "b1", en = "b1" }
options = [ { score = 0, fi = "0", en = "0" }, { score = 1, fi = "1", en = "1" }, { score = 2, fi = "2", en = "2" },
            { score = 3, fi = "3", en = "3" }, { score = 4, fi = "4", en = "4" } ]

[[areas]]
id = "c"
name = { fi = "C", en = "C" }
[[areas.items]]
id = "c1"
not_applicable = true
label = { fi = "c1", en = "c1" }
options = [ { score = 0, fi = "0", en = "0" }, { score = 4, fi = "4", en = "4" } ]

[[pages]]
id = "p"
title = { fi = "P", en = "P" }
areas = ["a", "b", "c"]

[[pages.questions]]
id = "turnover"
type = "single"
label = { fi = "T", en = "T" }
options = [ { code = "small", fi = "s", en = "s" }, { code = "big", fi = "b", en = "b" } ]

[[pages.questions]]
id = "groups"
type = "multi"
label = { fi = "G", en = "G" }
options = [ { code = "shop", fi = "s", en = "s" }, { code = "farm", fi = "f", en = "f" } ]
"""


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    path = tmp_path_factory.mktemp("mini") / "mini-v1.toml"
    path.write_text(textwrap.dedent(SURVEY), encoding="utf-8")
    return load_survey(path)


@pytest.fixture(scope="module")
def method():
    bands = tuple(Band(b, s, T, T) for b, s in [("l1", 0), ("l2", 20), ("l3", 40), ("l4", 60), ("l5", 80)])
    offers = (Offer("w-a", "TP2", T, T, 150, 350), Offer("w-bc", "TP2", T, T, 150, 350),
              Offer("shop", "TP4", T, T, 250))
    rules = (Rule("ra", "w-a", areas=("a",)), Rule("rbc", "w-bc", areas=("b", "c")),
             Rule("rshop", "shop", answer_in=(("groups", ("shop",)),)))
    return Method("mini", 1, min_peers=5, strength_min_level=50, weak_level=50, important_from=4, bands=bands,
                  rules=rules, offers=offers, fee_tier=FeeTier("turnover", ("big",), T), peer_groups=(ALL_PEERS,))


@pytest.mark.parametrize("answers, a, b, c", [
    ({"a1": "4", "a2": "4", "b1": "4", "c1": "4"}, 100.0, 100.0, 100.0),
    ({"a1": "0", "a2": "0", "b1": "0", "c1": "0"}, 0.0, 0.0, 0.0),
    ({"a1": "2", "a2": "4", "b1": "1"}, (1 * 0.5 + 3 * 1.0) / 4 * 100, 25.0, None),  # item weights 1 and 3
    ({"a1": "na", "a2": "2", "b1": "3", "c1": "na"}, 50.0, 75.0, None),  # "does not apply" leaves the item out
    ({"a1": "na", "a2": "na", "b1": "na", "c1": "na"}, None, None, None),  # nothing applies
    ({}, None, None, None),  # nothing answered (a draft)
    ({"a1": "9", "b1": None}, None, None, None),  # unknown codes are ignored
])
def test_area_levels(survey, method, answers, a, b, c):
    result = score(survey, method, answers)
    assert [result.area(x).level for x in "abc"] == [a, b, c]


@pytest.mark.parametrize("answers, index, band", [
    ({"a1": "4", "a2": "4", "b1": "0", "c1": "0"}, (2 * 100 + 0 + 0) / 4, "l3"),  # area weights 2, 1, 1
    ({"a1": "4", "a2": "4", "b1": "0", "c1": "na"}, (2 * 100 + 0) / 3, "l4"),  # c left out, others reweighted
    ({"a1": "na", "a2": "na", "b1": "2", "c1": "na"}, 50.0, "l3"),  # one area only
    ({"a1": "na", "a2": "na", "b1": "na", "c1": "na"}, None, None),
    ({"a1": "0", "a2": "0", "b1": "0", "c1": "0"}, 0.0, "l1"),
    ({"a1": "4", "a2": "4", "b1": "4", "c1": "4"}, 100.0, "l5"),
])
def test_index_and_band(survey, method, answers, index, band):
    result = score(survey, method, answers)
    assert result.index == pytest.approx(index) if index is not None else result.index is None
    assert result.band_id == band


@pytest.mark.parametrize("index, band",
                         [(0, "l1"), (19.99, "l1"), (20, "l2"), (59.999, "l3"), (60, "l4"), (80, "l5"), (100, "l5")])
def test_band_boundaries(method, index, band):
    assert method.band_for(index).id == band


@pytest.mark.parametrize("rating, expected", [("1", 0.0), ("2", 25.0), ("3", 50.0), ("4", 75.0), ("5", 100.0),
                                              (None, None), ("0", None), ("6", None), ("x", None)])
def test_competence_score(rating, expected):
    assert competence_score(rating) == expected


@pytest.mark.parametrize("answers, priorities", [
    # importance x gap: a 5 x 100 = 500, b 3 x 50 = 150, c 4 x 100 = 400
    ({"a1": "0", "a2": "0", "a_importance": "5", "b1": "2", "b_importance": "3", "c1": "0", "c_importance": "4"},
     ("a", "c", "b")),
    # ties: a 2 x 50 = 100 and b 4 x 25 = 100 -> higher importance (b) first; c 1 x 100 = 100 -> lower importance last
    ({"a1": "2", "a2": "2", "a_importance": "2", "b1": "3", "b_importance": "4", "c1": "0", "c_importance": "1"},
     ("b", "a", "c")),
    # exact tie in everything: questionnaire order
    ({"a1": "2", "a2": "2", "a_importance": "3", "b1": "2", "b_importance": "3"}, ("a", "b")),
    # level 100 has no gap; missing importance leaves an area out
    ({"a1": "4", "a2": "4", "a_importance": "5", "b1": "0", "c1": "0", "c_importance": "2"}, ("c",)),
])
def test_priorities(survey, method, answers, priorities):
    assert score(survey, method, answers).priorities == priorities


@pytest.mark.parametrize("answers, strengths", [
    ({"a1": "4", "a2": "4", "b1": "3", "c1": "4"}, ("a", "c", "b")),
    ({"a1": "1", "a2": "0", "b1": "1", "c1": "0"}, ()),  # nothing at 50 or above
    ({"a1": "2", "a2": "2", "b1": "2", "b_competence": "5", "a_competence": "2"}, ("b", "a")),  # tie -> competence
])
def test_strengths(survey, method, answers, strengths):
    assert score(survey, method, answers).strengths == strengths


@pytest.mark.parametrize("answers, expected", [
    # a weak (0) and important (4) -> workshop; b, c strong -> nothing
    ({"a1": "0", "a2": "0", "a_importance": "4", "b1": "4", "c1": "4"}, [("w-a", 150)]),
    # weak but not important and no training wish -> nothing
    ({"a1": "0", "a2": "0", "a_importance": "3"}, []),
    # weak, not important, training wanted -> workshop
    ({"a1": "0", "a2": "0", "a_importance": "1", "a_training": True}, [("w-a", 150)]),
    # important but not weak (level 75) -> nothing
    ({"a1": "3", "a2": "4", "a_importance": "5"}, []),
    # exactly at the weak threshold (50) counts as weak
    ({"b1": "2", "b_importance": "4"}, [("w-bc", 150)]),
    # big turnover -> higher fee for TP2, path fee unchanged; path from target group
    ({"a1": "0", "a2": "0", "a_importance": "5", "turnover": "big", "groups": ["farm", "shop"]},
     [("w-a", 350), ("shop", 250)]),
    # no level (does not apply) never triggers
    ({"a1": "na", "a2": "na", "a_importance": "5"}, []),
])
def test_recommendations(survey, method, answers, expected):
    result = score(survey, method, answers)
    assert [(r.offer_id, r.fee) for r in recommend(method, answers, result)] == expected


@pytest.mark.parametrize("answers, code", [
    ({"groups": ["farm", "shop"]}, "shop"),  # first ticked in questionnaire order
    ({"groups": []}, "none"),
    ({}, "none"),
])
def test_group_code_of_multiple_choice(survey, answers, code):
    assert group_code(survey, "groups", answers) == code


LADDER = {"a1": ["0", "1", "2", "3", "4", "na"], "a2": ["0", "2", "4", "na"], "b1": ["0", "1", "2", "3", "4", "na"],
          "c1": ["0", "4", "na"]}
answer_sets = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LADDER.items()}).map(
    lambda d: {k: v for k, v in d.items()})
ratings = st.sampled_from(["1", "2", "3", "4", "5"])


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets, importance=ratings)
def test_scores_always_within_0_and_100(survey, method, answers, importance):
    result = score(survey, method, {**answers, "a_importance": importance})
    values = ([a.level for a in result.areas if a.level is not None]
              + ([result.index] if result.index is not None else []))
    assert all(0 <= v <= 100 for v in values)
    assert all(0 <= (a.priority or 0) <= 500 for a in result.areas)


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets, item=st.sampled_from(sorted(LADDER)))
def test_a_better_answer_never_lowers_the_area(survey, method, answers, item):
    scores = [c for c in LADDER[item] if c != "na"]
    current = answers[item]
    if current == "na" or current == scores[-1]:
        return
    better = {**answers, item: scores[scores.index(current) + 1]}
    area = item[0]
    assert score(survey, method, better).area(area).level > score(survey, method, answers).area(area).level


@settings(max_examples=100, deadline=None)
@given(answers=answer_sets, seed=st.randoms())
def test_order_of_answers_is_irrelevant(survey, method, answers, seed):
    items = list(answers.items())
    seed.shuffle(items)
    assert score(survey, method, dict(items)) == score(survey, method, answers)
