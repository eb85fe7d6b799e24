"""The survey loader: every shipped definition loads, and every mistake names file and item."""

import shutil
import textwrap
from pathlib import Path

import pytest

from surveys import METHOD_DIR, SurveyCatalog
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


@pytest.mark.parametrize("version", [1, 2])
def test_tp1_covers_the_product_brief(version):
    survey = SurveyCatalog.load().get("tp1", version)
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


def test_new_analyses_use_v2_with_the_eu_size_classes():
    catalog = SurveyCatalog.load()
    survey = catalog.current("tp1")
    assert (survey.id, survey.version) == ("tp1", 2)
    assert [o.code for o in survey.question("personnel").options] == ["1", "2-4", "5-9", "10-49", "50-249", "250+"]
    assert [o.code for o in survey.question("turnover").options] == [
        "under_100k", "100k_300k", "300k_700k", "700k_2m", "2m_10m", "10m_50m", "over_50m"]
    assert [o.label.fi for o in survey.question("turnover").options][4:] == [
        "2 000 001–10 000 000 €", "10 000 001–50 000 000 €", "Yli 50 000 000 €"]
    # only the size classes changed: every other question is v1's, so the figures span both versions
    v1 = catalog.get("tp1", 1)
    assert [q.id for q in survey.questions] == [q.id for q in v1.questions]
    changed = {q.id for q in survey.questions if q.options != v1.question(q.id).options}
    assert changed == {"personnel", "turnover"}
    assert catalog.comparable_versions(survey) == (1, 2)
    merged = catalog.with_older_options(survey)
    assert merged.question("personnel").option("50+").label.en == "50 or more"
    assert merged.question("personnel").options[:6] == survey.question("personnel").options


def test_the_fee_tier_charges_every_class_over_700k_in_each_version():
    catalog = SurveyCatalog.load()
    for version, high in ((1, ["700k_2m", "over_2m"]), (2, ["700k_2m", "2m_10m", "10m_50m", "over_50m"])):
        survey = catalog.get("tp1", version)
        codes = catalog.method(survey).fee_tier.high_codes
        assert [o.code for o in survey.question("turnover").options if o.code in codes] == high


@pytest.mark.parametrize("old, new", [('"over_50m"]', '"over_5m"]'), ('"10m_50m", ', '')])
def test_a_class_above_the_fee_threshold_left_off_is_an_error(tmp_path, old, new):
    method_dir = tmp_path / "method"
    shutil.copytree(METHOD_DIR, method_dir)
    offers = method_dir / "offers.toml"
    offers.write_text(offers.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(SurveyError, match="offers.toml: \\[fee_tier\\]: high_codes: '(over_50m|10m_50m)' of "
                                          "'turnover' in tp1-v2.toml is above the threshold but not listed"):
        SurveyCatalog.load(method_dir=method_dir)


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
