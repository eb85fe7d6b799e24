"""The funder's indicators RCO01 and RCO04 (trainings.rules.counts.supported / indicators) and the
EU size class (scoring.size_class) on facts with known answers and services: literal expected
values, every company counted once, the breakdown adding up to the total; the rule and the classes
are data (projectdata/indicators.toml) validated at load."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projectdata import HERE as PROJECTDATA
from projectdata.indicators import load_indicators
from trainings.rules import counts as counts
from scoring.size_class import BREAKDOWN, classify
from trainings.rules.counts import Facts, Scope, SupportWay
from surveys import SurveyCatalog
from surveys.parsing import SurveyError

CATALOG = SurveyCatalog.load()
VERSIONS = [s for s in CATALOG if s.id == "tp1" and not s.is_followup]
RULES = load_indicators(VERSIONS)
SIZE = RULES.size_rule
WAYS = RULES.ways  # advised: analysis + final interview; trained: one session
START = RULES.project_start
KINDS = {"tp2-1": "workshop", "tp4-1": "path", "web": "webinar"}


@pytest.mark.parametrize("persons, turnover, expected", [
    # questionnaire v2: every combination has a class
    ("1", "under_100k", "micro"), ("5-9", "700k_2m", "micro"), ("5-9", "2m_10m", "small"),
    ("10-49", "300k_700k", "small"), ("10-49", "10m_50m", "medium"), ("50-249", "100k_300k", "medium"),
    ("50-249", "over_50m", "large"), ("250+", "under_100k", "large"), ("1", "over_50m", "large"),
    # questionnaire v1: as far as its classes allow
    ("2-4", "700k_2m", "micro"), ("10-49", "700k_2m", "small"),
    ("2-4", "over_2m", "unknown"),  # over 2 M€: small, medium or large
    ("10-49", "over_2m", "unknown"),
    ("50+", "under_100k", "unknown"),  # 50 or more persons: medium or large
    ("50+", "over_2m", "unknown"),
    # no answer
    (None, "under_100k", "unknown"), ("1", None, "unknown"), ("999", "under_100k", "unknown"),
])
def test_eu_size_class_from_the_answers(persons, turnover, expected):
    assert classify(SIZE, persons, turnover).size == expected


def test_an_unclassifiable_v1_answer_says_which_classes_it_allows():
    found = classify(SIZE, "50+", "300k_700k")
    assert (found.size, found.reason, found.possible) == ("unknown", "spans", ("medium", "large"))
    assert classify(SIZE, None, "300k_700k").reason == "no_answer"
    assert classify(SIZE, "10-49", "700k_2m").reason == "classified"


def _facts(**extra) -> Facts:
    return Facts(kinds=KINDS, org={n: "xamk" if n % 2 else "miksei" for n in range(1, 20)}, **extra)


ANALYSES = (  # (company, day, version, answers), in time order
    (9, "2025-10-01", 2, {"personnel": "1", "turnover": "under_100k"}),
    (1, "2026-01-10", 2, {"personnel": "1", "turnover": "under_100k"}),  # micro
    (2, "2026-01-12", 2, {"personnel": "2-4", "turnover": "100k_300k"}),  # micro, five services
    (3, "2026-01-15", 2, {"personnel": "10-49", "turnover": "700k_2m"}),  # small
    (4, "2026-01-20", 2, {"personnel": "50-249", "turnover": "2m_10m"}),  # medium, analysis only
    (5, "2026-02-01", 2, {"personnel": "50-249", "turnover": "10m_50m"}),  # medium
    (6, "2026-02-03", 2, {"personnel": "250+", "turnover": "over_50m"}),  # large
    (7, "2026-02-05", 1, {"personnel": "50+", "turnover": "under_100k"}),  # v1: unknown
    (8, "2026-02-07", 1, {"personnel": "10-49", "turnover": "over_2m"}),  # v1: unknown
    (10, "2026-02-09", 1, {"personnel": "5-9", "turnover": "700k_2m"}),  # v1: micro
    (11, "2026-03-01", 2, {"personnel": "1", "turnover": "under_100k"}),  # supported after the period
    (12, "2026-08-10", 2, {"personnel": "2-4", "turnover": "under_100k"}),
)
INTERVIEWS = ((9, "2025-10-20"), (1, "2026-02-01"), (2, "2026-02-02"), (5, "2026-03-03"), (7, "2026-03-10"),
              (8, "2026-04-01"), (10, "2026-05-05"), (12, "2026-08-20"))
ATTENDANCE = (  # (company, offer, session, day, hours)
    (2, "tp2-1", 1, "2026-03-01", 3.0), (2, "tp2-1", 2, "2026-03-08", 3.0), (2, "tp4-1", 3, "2026-04-01", 4.0),
    (3, "tp2-1", 1, "2026-03-01", 3.0),
    (6, "tp4-1", 3, "2026-04-01", 4.0),
    (11, "tp2-1", 9, "2026-07-02", 3.0),
)
CERTIFICATES = ((2, "tp4-1", None, "2026-06-01"),)
FACTS = _facts(analyses=ANALYSES, interviews=INTERVIEWS, attendance=ATTENDANCE, certificates=CERTIFICATES)
FIRST_HALF = Scope("2026-01-01", "2026-06-30")


def test_first_support_day_of_each_company():
    assert counts.first_support(FACTS, WAYS, START) == {
        9: "2025-10-20", 1: "2026-02-01", 2: "2026-02-02", 3: "2026-03-01", 5: "2026-03-03", 6: "2026-04-01",
        7: "2026-03-10", 8: "2026-04-01", 10: "2026-05-05", 11: "2026-07-02", 12: "2026-08-20"}


def test_rco01_and_rco04_of_a_half_year_with_literal_values():
    result = counts.indicators(FACTS, FIRST_HALF, WAYS, START, SIZE)
    # companies 1, 2 (five services, once), 3, 5, 6, 7, 8, 10; not 4 (analysis only), 9 (supported
    # in 2025), 11 and 12 (after the period)
    assert result["period"] == {"total": 8, "micro": 3, "small": 1, "medium": 1, "large": 1, "unknown": 2}
    assert result["cumulative"] == {"total": 9, "micro": 4, "small": 1, "medium": 1, "large": 1, "unknown": 2}
    assert sorted(result["companies"]["period"]) == [1, 2, 3, 5, 6, 7, 8, 10]
    for values in (result["period"], result["cumulative"]):
        assert sum(values[name] for name in BREAKDOWN) == values["total"]


def test_a_company_with_five_services_counts_once():
    only = _facts(analyses=ANALYSES[2:3], interviews=INTERVIEWS[2:3], attendance=ATTENDANCE[:3],
                  certificates=CERTIFICATES)
    assert counts.services(only, FIRST_HALF, [2])[2] == {
        "analyses": 1, "interviews": 1, "sessions": 3, "hours": 10.0, "certificates": 1}
    assert counts.indicators(only, FIRST_HALF, WAYS, START, SIZE)["period"] == {
        "total": 1, "micro": 1, "small": 0, "medium": 0, "large": 0, "unknown": 0}


def test_filters_narrow_the_supported_companies():
    assert sorted(counts.supported(FACTS, Scope("2026-01-01", "2026-06-30", "xamk"), WAYS, START)) == [1, 3, 5, 7]
    assert sorted(counts.supported(FACTS, Scope("2026-01-01", "2026-06-30", companies=frozenset({2, 3, 4})),
                                   WAYS, START)) == [2, 3]


def test_services_before_the_project_start_do_not_count():
    early = _facts(analyses=((1, "2025-06-01", 2, {}),), interviews=((1, "2025-06-02"),))
    assert counts.first_support(early, WAYS, START) == {}
    later = _facts(analyses=((1, "2025-06-01", 2, {}), (1, "2025-09-05", 2, {})), interviews=((1, "2025-09-10"),))
    assert counts.first_support(later, WAYS, START) == {1: "2025-09-10"}


@pytest.mark.parametrize("way, expected", [
    (SupportWay("h", hours=6), "2026-03-08"),  # 3 + 3 hours
    (SupportWay("h", hours=7), "2026-04-01"),
    (SupportWay("h", hours=11), None),
    (SupportWay("s", sessions=3), "2026-04-01"),
    (SupportWay("c", certificate=True, analysis=True), "2026-06-01"),
    (SupportWay("a", analysis=True), "2026-01-12"),
])
def test_each_condition_of_the_rule(way, expected):
    assert counts.first_support(FACTS, [way], START).get(2) == expected


def test_the_size_class_comes_from_the_latest_analysis_up_to_the_first_support():
    answers = ((1, "2026-01-10", 1, {"personnel": "50+", "turnover": "under_100k"}),
               (1, "2026-09-01", 2, {"personnel": "50-249", "turnover": "under_100k"}))
    facts = _facts(analyses=answers)
    assert counts.sizes(facts, SIZE, "2026-06-30")[1][0].size == "unknown"  # the v1 answer until then
    assert counts.sizes(facts, SIZE, {1: "2026-12-31"})[1] == (classify(SIZE, "50-249", "under_100k"),
                                                               ("2026-09-01", 2))
    assert counts.sizes(facts, SIZE, "2025-12-31")[1][1] == ("2026-01-10", 1)  # none before: its first
    # supported in February: a later analysis with a known class does not change what was reported
    supported = _facts(analyses=answers, interviews=((1, "2026-02-01"),))
    for end in ("2026-06-30", "2026-12-31"):
        assert counts.indicators(supported, Scope(None, end), WAYS, START, SIZE)["cumulative"]["unknown"] == 1


def test_a_webinar_is_no_training_session_for_the_rule():
    facts = _facts(attendance=((1, "web", 1, "2026-03-01", 2.0),))
    assert counts.first_support(facts, WAYS, START) == {}


company_ids = st.integers(1, 6)
days = st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 30)).map(lambda d: d.isoformat())
sizes_answers = st.sampled_from([("1", "under_100k"), ("10-49", "700k_2m"), ("50+", "over_2m"), ("250+", "over_50m"),
                                 (None, None), ("50-249", "2m_10m")])


@settings(max_examples=150, deadline=None)
@given(analyses=st.lists(st.tuples(company_ids, days, sizes_answers), max_size=10),
       interviews=st.lists(st.tuples(company_ids, days), max_size=10),
       attendance=st.lists(st.tuples(company_ids, st.sampled_from(["tp2-1", "tp4-1", "web"]), days,
                                     st.sampled_from([1.0, 2.5, 4.0])), max_size=12),
       cut=days)
def test_every_company_counts_once_and_the_periods_add_up(analyses, interviews, attendance, cut):
    """Against a recount from the raw rows: each company is supported on one day; two periods that
    meet at ``cut`` add up to the cumulative value; the classes add up to every total."""
    facts = _facts(
        analyses=tuple((c, d, 2, {"personnel": p, "turnover": t})
                       for c, d, (p, t) in sorted(analyses, key=lambda a: a[1])),
        interviews=tuple(interviews),
        attendance=tuple((c, o, n, d, h) for n, (c, o, d, h) in enumerate(attendance)))
    end = "2027-06-30"
    before = (date.fromisoformat(cut) - timedelta(days=1)).isoformat()
    first = counts.indicators(facts, Scope(None, before), WAYS, START, SIZE)
    second = counts.indicators(facts, Scope(cut, end), WAYS, START, SIZE)
    whole = counts.indicators(facts, Scope(None, end), WAYS, START, SIZE)
    for name in ("total", *BREAKDOWN):
        assert first["period"][name] + second["period"][name] == whole["cumulative"][name], name
    for result in (first, second, whole):
        for values in (result["period"], result["cumulative"]):
            assert sum(values[name] for name in BREAKDOWN) == values["total"]
    # the recount: a company is supported when it had an analysis and an interview from the start,
    # or attended a workshop or path session from the start
    recount = set()
    for company in range(1, 7):
        advised = (any(c == company and d >= START for c, d, _ in analyses)
                   and any(c == company and d >= START for c, d in interviews))
        trained = any(c == company and d >= START and o != "web" for c, o, d, _ in attendance)
        if advised or trained:
            recount.add(company)
    assert set(whole["companies"]["cumulative"]) == recount
    assert whole["cumulative"]["total"] == len(recount)


# --- the rule is data, validated at load --------------------------------------------------------

def _edited(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "indicators.toml"
    shutil.copy(PROJECTDATA / "indicators.toml", path)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ('start = "2025-09-01"', 'start = "1.9.2025"', "[project]: 'start' must be a date YYYY-MM-DD"),
    ("sessions = 1\nname", "sessions = 0\nname", "supported 2 'trained': 'sessions' must be greater than zero"),
    ("sessions = 1\nname", "sesions = 1\nname", "supported 2 'trained': unknown condition(s): sesions"),
    ("analysis = true\nfinal", 'analysis = "yes"\nfinal', "supported 1 'advised': 'analysis' must be true or false"),
    ('id = "trained"\nsessions = 1', 'id = "trained"', "supported 2 'trained': a way needs at least "
                                                       "one condition"),
    ('support = "non_financial"', 'support = "grants"', "indicator 2 'RCO04': 'support' must be one of"),
    ('"50-249" = [50, 249]\n', '', "[size_classes].persons: no range for option '50-249'"),
    ('over_2m = [2_000_001]', 'over_2n = [2_000_001]',  # a typo: the option has no range
     "[size_classes].turnover: no range for option 'over_2m' (every option of tp1-v1.toml, tp1-v2.toml needs one)"),
    ('"10-49" = [10, 49]', '"10-49" = [49, 10]', "[size_classes].persons '10-49': must be [low, high]"),
    ('small = { persons_below = 50,', 'small = { persons_below = 5,',
     "[size_classes] small: ceilings must grow"),
    ('persons_question = "personnel"', 'persons_question = "staff"',
     "[size_classes] persons_question: unknown question 'staff' in tp1-v1.toml"),
])
def test_rule_errors_name_the_file_and_the_item(tmp_path, old, new, message):
    with pytest.raises(SurveyError) as error:
        load_indicators(VERSIONS, _edited(tmp_path, old, new))
    assert str(error.value).startswith("indicators.toml: " + message), str(error.value)


def test_the_shipped_rule():
    assert RULES.project_start == "2025-09-01"
    assert [i.code for i in RULES.indicators] == ["RCO01", "RCO04"]
    assert [(w.id, w.analysis, w.final_interview, w.sessions) for w in RULES.ways] == [
        ("advised", True, True, 0), ("trained", False, False, 1)]
    assert [(c.name, c.persons_below, c.turnover_max) for c in SIZE.ceilings] == [
        ("micro", 10, 2_000_000), ("small", 50, 10_000_000), ("medium", 250, 50_000_000)]
