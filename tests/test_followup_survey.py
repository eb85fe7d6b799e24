"""The follow-up definition: the comparability mapping checked at load, and comparisons that use
only the mapped items."""

import shutil
from pathlib import Path

import pytest

from scoring.change import compare
from surveys.loader import DEFINITIONS_DIR, SurveyError, load_all

FOLLOWUP = "tp1_followup-v1.toml"
BASELINE = "tp1-v1.toml"
BASELINE_V2 = "tp1-v2.toml"
TOP_WEBSITE_OPTION = '{ score = 4, fi = "Kehitämme sivuja säännöllisesti'


@pytest.fixture(scope="module")
def surveys():
    return load_all()


@pytest.mark.parametrize("version", [1, 2])
def test_every_followup_ladder_item_repeats_a_baseline_item(surveys, version):
    followup, baseline = surveys[("tp1_followup", 1)], surveys[("tp1", version)]
    assert followup.is_followup and followup.baseline == "tp1" and followup.baseline_versions == (1, 2)
    levels = [q for q in followup.questions if q.role == "level"]
    assert len(levels) == len([q for q in baseline.questions if q.role == "level"]) == 24
    for question in levels:
        original = baseline.question(question.compares_to)
        assert original.area == question.area
        assert [(o.code, o.score) for o in original.options] == [(o.code, o.score) for o in question.options]
    assert followup.question_with_role("attended").type == "multi"
    assert followup.question_with_role("satisfaction").required


def _edited(tmp_path, file: str, old: str, new: str, count: int = 1) -> Path:
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text, old
    (folder / file).write_text(text.replace(old, new, count), encoding="utf-8")
    return folder


@pytest.mark.parametrize("file, old, new, message", [
    (FOLLOWUP, 'compares_to = "website_state"', 'compares_to = "website_status"',
     "tp1_followup-v1.toml: question 'website_state': compares_to 'website_status' is not a question of tp1 version 1 "
     "(tp1-v1.toml)"),
    (FOLLOWUP, 'compares_to = "website_state"', 'compares_to = "analytics_tracking"',
     "tp1_followup-v1.toml: question 'website_state': is in area 'website' but 'analytics_tracking' is in area "
     "'analytics' in tp1-v1.toml"),
    (FOLLOWUP, 'compares_to = "website_state"', 'compares_to = "website_competence"',
     "tp1_followup-v1.toml: question 'website_state': compares_to 'website_competence' is not a ladder item in "
     "tp1-v1.toml"),
    (FOLLOWUP, TOP_WEBSITE_OPTION, TOP_WEBSITE_OPTION.replace("4", "5"),
     "tp1_followup-v1.toml: question 'website_state': its options and scores differ from 'website_state' in "
     "tp1-v1.toml"),
    (BASELINE, TOP_WEBSITE_OPTION, TOP_WEBSITE_OPTION.replace("4", "5"),
     "tp1_followup-v1.toml: question 'website_state': its options and scores differ from 'website_state' in "
     "tp1-v1.toml"),
    (FOLLOWUP, 'compares_to = "website_state"\n', '',
     "tp1_followup-v1.toml: question 'website_state': a follow-up ladder item needs 'compares_to'"),
    (FOLLOWUP, "baseline_versions = [1, 2]", "baseline_versions = [1, 2, 3]",
     "tp1_followup-v1.toml: [followup]: baseline tp1 version 3 is not defined"),
    (BASELINE_V2, TOP_WEBSITE_OPTION, TOP_WEBSITE_OPTION.replace("4", "5"),
     "tp1_followup-v1.toml: question 'website_state': its options and scores differ from 'website_state' in "
     "tp1-v2.toml"),
    (FOLLOWUP, 'baseline = "tp1"', 'baseline = "tp9"',
     "tp1_followup-v1.toml: [followup]: baseline tp9 version 1 is not defined"),
    (FOLLOWUP, '[followup]\nbaseline = "tp1"\n', '',
     "tp1_followup-v1.toml: [followup]: a follow-up survey needs a [followup] table"),
    (BASELINE, 'id = "website_state"\n', 'id = "website_state"\ncompares_to = "website_state"\n',
     "tp1-v1.toml: question 'website_state': 'compares_to' is only for follow-up surveys"),
    (FOLLOWUP, 'kind = "followup"', 'kind = "t1"', "tp1_followup-v1.toml: [survey]: unknown kind 't1'"),
])
def test_a_broken_mapping_names_the_file_and_the_item(tmp_path, file, old, new, message):
    with pytest.raises(SurveyError) as error:
        load_all(_edited(tmp_path, file, old, new))
    assert str(error.value).startswith(message), str(error.value)


def test_wording_may_change_without_breaking_the_mapping(tmp_path):
    folder = _edited(tmp_path, FOLLOWUP, "Mikä kuvaa yrityksenne verkkosivuja parhaiten?",
                     "Mikä kuvaa yrityksenne verkkosivuja nyt parhaiten?")
    assert load_all(folder)[("tp1_followup", 1)].question("website_state").label.fi.endswith("nyt parhaiten?")


def _answers(survey, value="2", **overrides):
    return {**{q.id: value for q in survey.questions if q.role == "level"}, **overrides}


@pytest.mark.parametrize("before, after, website, index", [
    ({}, {}, (50, 50, 2), (50, 50)),
    ({"website_state": "1", "website_mobile": "1"}, {"website_state": "3", "website_mobile": "3"}, (25, 75, 2),
     (575 / 12, 625 / 12)),
    # "does not apply" on either side: that pair is left out on both sides
    ({"website_state": "na", "website_mobile": "0"}, {"website_state": "4", "website_mobile": "2"}, (0, 50, 1),
     (550 / 12, 600 / 12)),
    ({"website_state": "0", "website_mobile": "0"}, {"website_state": "na", "website_mobile": "na"}, (None, None, 0),
     (50, 50)),
    # unanswered at T0 (e.g. an item added later): left out
    ({"website_state": None, "website_mobile": "4"}, {"website_state": "0", "website_mobile": "4"}, (100, 100, 1),
     (50 + 50 / 12, 50 + 50 / 12)),
])
def test_compare_uses_scored_pairs_only(surveys, before, after, website, index):
    baseline, followup = surveys[("tp1", 1)], surveys[("tp1_followup", 1)]
    result = compare(baseline, followup, _answers(baseline, **before), _answers(followup, **after))
    area = result.area("website")
    assert (area.before, area.after, area.items) == pytest.approx(website)
    assert (result.index_before, result.index_after) == pytest.approx(index)


def test_compare_ignores_baseline_items_the_followup_does_not_repeat(tmp_path):
    """A later T0 version adds an item to an area: the follow-up (comparable with v1 and v3)
    still compares only the items it maps, so the new item cannot move "before"."""
    folder = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS_DIR, folder)
    v1 = (folder / BASELINE).read_text(encoding="utf-8")
    extra = v1.split("[[areas.items]]\nid = \"website_mobile\"")[1].split("[[areas]]")[0]
    v3 = v1.replace("version = 1", "version = 3", 1).replace(
        "[[areas.items]]\nid = \"website_mobile\"",
        "[[areas.items]]\nid = \"website_extra\"" + extra + "[[areas.items]]\nid = \"website_mobile\"", 1)
    (folder / "tp1-v3.toml").write_text(v3, encoding="utf-8")
    followup_text = (folder / FOLLOWUP).read_text(encoding="utf-8").replace("baseline_versions = [1, 2]",
                                                                            "baseline_versions = [1, 3]")
    (folder / FOLLOWUP).write_text(followup_text, encoding="utf-8")
    surveys = load_all(folder)
    v2_survey, followup = surveys[("tp1", 3)], surveys[("tp1_followup", 1)]
    assert len(v2_survey.area_questions("website", "level")) == 3
    before = _answers(v2_survey, website_state="2", website_mobile="2", website_extra="0")
    result = compare(v2_survey, followup, before, _answers(followup))
    assert result.area("website").before == pytest.approx(50)  # not (2 + 2 + 0) / 12 = 33.3
    assert result.area("website").items == 2
