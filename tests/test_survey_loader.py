"""The survey loader: every shipped definition loads, and every mistake names file and item."""

import textwrap
from pathlib import Path

import pytest

from surveys import SurveyCatalog
from surveys.loader import DEFINITIONS_DIR, LISTS_DIR, SurveyError, load_all, load_survey

MINIMAL = """
[survey]
id = "mini"
version = 1
title = { fi = "Mini", en = "Mini" }

[[areas]]
id = "web"
name = { fi = "Verkko", en = "Web" }

[[areas.items]]
id = "web_state"
label = { fi = "Tila?", en = "State?" }
options = [ { score = 0, fi = "Ei", en = "No" }, { score = 4, fi = "Kyllä", en = "Yes" } ]

[[pages]]
id = "p1"
title = { fi = "Sivu", en = "Page" }
areas = ["web"]

[[pages.questions]]
id = "name"
type = "text"
label = { fi = "Nimi", en = "Name" }
"""


def write(tmp_path: Path, text: str, name="mini-v1.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(DEFINITIONS_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_definition_loads(path):
    survey = load_survey(path)
    assert survey.pages and survey.questions
    for question in survey.questions:
        assert question.label.fi and question.label.en


def test_tp1_v1_covers_the_product_brief():
    survey = SurveyCatalog.load().current("tp1")
    assert (survey.id, survey.version) == ("tp1", 1)
    assert len(survey.areas) == 12
    for area in survey.areas:
        assert 2 <= len(survey.area_questions(area.id, "level")) <= 3, area.id
        for role in ("competence", "importance", "training"):
            assert len(survey.area_questions(area.id, role)) == 1, (area.id, role)
        for item in survey.area_questions(area.id, "level"):
            assert [o.score for o in item.options if not o.not_applicable] == [0, 1, 2, 3, 4]
            assert item.options[-1].code == "na"
    ids = {q.id for q in survey.questions}
    assert {"company_name", "business_id", "contact_name", "contact_role", "contact_email", "contact_phone",
            "municipality", "industry", "smart_theme", "personnel", "turnover", "customers", "target_groups",
            "website_url", "channels", "biggest_challenge", "goals_12m", "help_wanted",
            "consent_processing", "consent_contact", "consent_publication"} <= ids
    assert survey.classifications["industries"] == "TOL 2008"
    turnover = [o.code for o in survey.question("turnover").options]
    assert turnover.index("300k_700k") + 1 == turnover.index("700k_2m")  # 700 000 € is a class boundary


def test_minimal_definition(tmp_path):
    survey = load_survey(write(tmp_path, MINIMAL))
    assert [q.id for q in survey.questions] == ["name", "web_state"]
    assert survey.question("web_state").role == "level"


@pytest.mark.parametrize("change, message", [
    (('type = "text"', 'type = "texty"'), "mini-v1.toml: question 'name': unknown type 'texty'"),
    (('id = "name"', 'id = "web_state"'), "mini-v1.toml: question 'web_state': duplicate question id"),
    (('label = { fi = "Nimi", en = "Name" }', 'label = { fi = "Nimi" }'),
     "mini-v1.toml: question 'name': missing translation 'en' for 'label'"),
    (('{ score = 4, fi = "Kyllä", en = "Yes" }', '{ code = "4", fi = "Kyllä", en = "Yes" }'),
     "mini-v1.toml: question 'web_state', option 2: option without a score"),
    (('areas = ["web"]', 'areas = ["webb"]'), "mini-v1.toml: page 1 'p1': unknown area 'webb'"),
    (('version = 1', 'version = 0'), "mini-v1.toml: [survey]: 'version' must be a positive integer"),
    (('type = "text"', 'type = "text"\noptions_from = "industries"'),
     "mini-v1.toml: question 'name': type 'text' takes no options"),
    (('type = "text"', 'type = "single"\noptions_from = "nolist"'),
     "mini-v1.toml: question 'name': nolist.toml: list 'nolist' not found"),
    (('type = "text"', 'type = "text"\nrequird = true'), "mini-v1.toml: question 'name': unknown key(s): requird"),
    (('type = "text"', 'type = "likert"\nscale = "nope"'), "mini-v1.toml: question 'name': unknown scale 'nope'"),
    (('id = "name"', 'id = "my name"'), "question id 'my name' must be an identifier"),
    (('[[pages]]', 'x = [\n[[pages]]'), "mini-v1.toml: not valid TOML"),
])
def test_errors_name_the_file_and_the_item(tmp_path, change, message):
    old, new = change
    assert old in MINIMAL
    with pytest.raises(SurveyError) as info:
        load_survey(write(tmp_path, MINIMAL.replace(old, new, 1)))
    assert message in str(info.value)


def test_area_not_on_any_page_is_an_error(tmp_path):
    text = MINIMAL.replace('areas = ["web"]', "")
    with pytest.raises(SurveyError, match="area 'web': is not placed on any page"):
        load_survey(write(tmp_path, text))


def test_same_version_twice_is_an_error(tmp_path):
    write(tmp_path, MINIMAL, "a.toml")
    write(tmp_path, MINIMAL, "b.toml")
    with pytest.raises(SurveyError, match="b.toml: survey mini version 1 is also defined in a.toml"):
        load_all(tmp_path, LISTS_DIR)


def test_catalog_uses_the_newest_version(tmp_path):
    write(tmp_path, MINIMAL, "a.toml")
    write(tmp_path, MINIMAL.replace("version = 1", "version = 2"), "b.toml")
    catalog = SurveyCatalog(load_all(tmp_path, LISTS_DIR), {})
    assert catalog.current("mini").version == 2
    assert catalog.get("mini", 1).version == 1


@pytest.mark.parametrize("name", ["municipalities", "industries", "smart_themes"])
def test_lists_have_both_languages(name):
    from surveys.loader import load_list

    classification, options = load_list(name)
    assert classification and options
    assert all(o.label.fi and o.label.en for o in options)


def test_bad_list_names_file_and_item(tmp_path):
    (tmp_path / "things.toml").write_text('classification = "x"\nitems = [{ code = "a", fi = "A" }]\n')
    from surveys.loader import load_list

    with pytest.raises(SurveyError, match="things.toml: item 1 \\('a'\\): missing translation 'en'"):
        load_list("things", tmp_path)
