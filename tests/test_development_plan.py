"""The entrepreneur's development plan: advice texts per area and level (data, checked at load),
strengths that are never priorities, at most three trainings with plain names, competence as
"2/5", the language kept with the draft, and the final interview's agreed actions."""

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from reports.texts import LABELS
from reports.data.plan import competence_rating
from scoring import recommend, score, top_recommendations
from storage import interviews, users
from storage.db import connect
from storage.responses import get_by_token
from surveys import SurveyCatalog, SurveyError
from surveys.advice import load_advice
from surveys.method import METHOD_DIR
from tests.helpers import csrf_of, page_data

CATALOG = SurveyCatalog.load()
SURVEY = CATALOG.current("tp1")
METHOD = CATALOG.method(SURVEY)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# --- advice data -----------------------------------------------------------------------------

def test_every_area_and_level_has_meaning_and_steps_in_both_languages():
    book = METHOD.advice
    assert [lv.id for lv in book.levels] == ["starting", "basic", "developing", "advanced"]
    for area in SURVEY.areas:
        for level in book.levels:
            advice = book.advice(area.id, level.id)
            assert advice.meaning.fi and advice.meaning.en
            for lang in ("fi", "en"):
                assert 2 <= len(advice.steps[lang]) <= 3, (area.id, level.id, lang)
            assert len(advice.steps["fi"]) == len(advice.steps["en"]), (area.id, level.id)


@pytest.mark.parametrize("level, band, texts", [(0, "starting", "starting"), (19.9, "starting", "starting"),
                                                (20, "basic", "basic"), (40, "developing", "developing"),
                                                (59, "developing", "developing"), (60, "advanced", "advanced"),
                                                (80, "leading", "advanced"), (100, "leading", "advanced")])
def test_an_area_level_has_the_maturity_levels_of_the_index(level, band, texts):
    """One scale: an area's level is named like an index of the same value, and its texts serve
    that maturity level."""
    assert METHOD.band_for(level).id == band
    assert METHOD.advice.for_band(band).id == texts


BANDS = tuple(b.id for b in METHOD.bands)


def _broken(tmp_path, old, new):
    text = (METHOD_DIR / "advice.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "advice.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ("[website.developing]", "[website.developping]",
     "advice.toml: [website.developing]: missing: area 'website' needs texts for level 'developing'"),
    ("[content.starting]", "[nonsense.starting]", "advice.toml: [nonsense]: unknown area 'nonsense'"),
    ('bands = ["advanced", "leading"]', 'bands = ["advanced"]',
     "advice.toml: [[levels]]: no texts for maturity level(s) leading"),
    ('bands = ["basic"]', 'bands = ["starting"]',
     "advice.toml: level 2 'basic': maturity level 'starting' is already served by another level"),
    ('bands = ["developing"]', 'bands = ["good"]',
     "advice.toml: level 3 'developing': unknown maturity level 'good'"),
    ('steps.en = ["Set a target per channel', 'steps.sv = ["Set a target per channel',
     "advice.toml: [analytics.developing]: 'steps.en' must list 2-3 non-empty steps"),
    ('meaning = { fi = "Seuraat lukuja säännöllisesti.', 'meaning = { sv = "Seuraat lukuja säännöllisesti.',
     "advice.toml: [analytics.developing]: missing translation 'fi' for 'meaning'"),
    ('steps.fi = ["Valitse yksi kanava', 'steps.fi = ["x", "y", "z", "Valitse yksi kanava',
     "advice.toml: [social_media.starting]: 'steps.fi' must list 2-3 non-empty steps"),
])
def test_advice_errors_name_the_file_and_the_item(tmp_path, old, new, message):
    with pytest.raises(SurveyError) as error:
        load_advice(_broken(tmp_path, old, new), SURVEY, BANDS)
    assert str(error.value).startswith(message), str(error.value)


# --- scoring ---------------------------------------------------------------------------------

LADDERS = [q for q in SURVEY.questions if q.role == "level"]
RATINGS = [q for q in SURVEY.questions if q.role in ("importance", "competence")]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_an_area_is_never_both_a_strength_and_a_priority(data):
    answers = {q.id: data.draw(st.sampled_from([o.code for o in q.options] + [None])) for q in LADDERS}
    answers.update({q.id: data.draw(st.sampled_from(["1", "2", "3", "4", "5", None])) for q in RATINGS})
    result = score(SURVEY, METHOD, answers)
    assert not set(result.strengths) & set(result.priorities)
    assert len(result.priorities) <= 3 and len(result.strengths) <= 3
    shown = top_recommendations(recommend(METHOD, answers, result), result)
    assert len(shown) <= 3


def test_the_walk_that_found_the_overlap():
    """Everything at the top but one important area at 75: it is priority #1, not a strength."""
    answers = {q.id: "4" for q in LADDERS}
    answers.update({"social_presence": "3", "social_channels": "3"})
    answers.update({q.id: "5" if q.area == "social_media" else "1" for q in RATINGS if q.role == "importance"})
    result = score(SURVEY, METHOD, answers)
    assert result.priorities[0] == "social_media"
    assert "social_media" not in result.strengths


@pytest.mark.parametrize("score_value, text", [(None, None), (0, "1/5"), (25, "2/5"), (50, "3/5"), (75, "4/5"),
                                               (100, "5/5")])
def test_competence_is_shown_as_a_rating(score_value, text):
    assert competence_rating(score_value) == text


def test_at_most_three_trainings_path_first_then_most_urgent_workshops():
    answers = {q.id: "0" for q in LADDERS}
    answers.update({q.id: "5" for q in RATINGS if q.role == "importance"})
    answers.update({"target_groups": ["webshop_planned", "agency", "b2b_sales"], "customers": "b2b"})
    result = score(SURVEY, METHOD, answers)
    all_recs = recommend(METHOD, answers, result)
    shown = top_recommendations(all_recs, result)
    assert len(all_recs) > 3 and len(shown) == 3
    assert not shown[0].areas and all(r.areas for r in shown[1:])


# --- the results page and PDF ----------------------------------------------------------------

def test_results_page_shows_plan_steps_next_level_and_plain_trainings(client, walker):
    token = walker.start("en")
    walker.walk(token, overrides={"website_state": "0", "website_mobile": "1", "website_importance": "5"})
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Your development plan" in html and "<h3>Website and sales page</h3>" in html
    assert "Your level 12 / 100 – Starting out · importance 5/5" in html
    assert "Next steps towards “Basic”" in html
    assert "Put the phone number on the front page as a tappable tel: link" in html
    assert "Next level: Advanced (from 60)" in html
    assert "Workshop 1: Basics of digital business" in html and not re.search(r"TP\d", html)
    assert "Sign up for the workshops and apply to the training paths in the training calendar" in html
    assert "<dd>3/5</dd>" in html and "<td>3/5</td>" in html  # competence "3" on every area


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_one_scale_of_level_names_on_the_page_in_the_plan_and_in_the_pdf(client, walker, lang):
    """The plan names an area's level and the next one with the maturity levels the page lists
    (issue: "towards 'Hyvä taso'", a level on no list)."""
    token = walker.start(lang)
    walker.walk(token, overrides={"website_state": "2", "website_mobile": "2", "website_importance": "5",
                                  "analytics_tracking": "3", "analytics_decisions": "2",
                                  "analytics_importance": "5"})
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    names = [b.name.get(lang) for b in METHOD.bands]
    listed = re.search(r"(Maturity levels|Kypsyystasot):(.*?)</p>", html, re.S).group(2)
    assert all(name in listed for name in names)
    used = re.findall(r"/ 100 – ([^·<]+) ·", html) + re.findall(r"(?:towards|kohti tasoa) [“”]([^”]+)”", html)
    assert len(used) >= 4 and all(name.strip() in names for name in used), used
    text = pdf_text(client.get(f"/a/{token}/raportti.pdf?lang={lang}").data)
    pdf_used = re.findall(r"/ 100 – ([^·\n]+) ·", text) + re.findall(r"(?:towards|kohti tasoa) [“”]([^”]+)”", text)
    assert len(pdf_used) >= 4 and all(name.strip() in names for name in pdf_used), pdf_used
    for other in ("Hyvä taso", "Vahva taso", "“Good”", "“Strong”", "”Good”", "”Strong”"):
        assert other not in html and other not in text


# --- language kept with the draft ------------------------------------------------------------

def test_language_is_restored_from_the_draft_on_another_device(app, walker, survey):
    token = walker.start("en")
    for page in survey.pages[:4]:
        assert walker.post(token, page).status_code == 302
    other = app.test_client()  # a new browser: no session
    resumed = other.get(f"/a/{token}", follow_redirects=True)
    html = resumed.get_data(as_text=True)
    assert '<html lang="en">' in html and f"/sivu/{survey.pages[4].id}" in resumed.request.path
    for page in survey.pages[4:]:
        html = other.get(f"/a/{token}/sivu/{page.id}").get_data(as_text=True)
        assert '<html lang="en">' in html
        data = {**page_data(survey, page), "csrf_token": csrf_of(html),
                "nav": "submit" if page is survey.pages[-1] else "next"}
        assert other.post(f"/a/{token}/sivu/{page.id}", data=data).status_code == 302
    third = app.test_client()
    assert "Thank you – your analysis has been sent" in third.get(f"/a/{token}/valmis").get_data(as_text=True)
    assert "Your development plan" in app.test_client().get(f"/a/{token}/tulokset").get_data(as_text=True)
    # choosing Finnish on the results page is remembered too
    assert "Kehityssuunnitelmasi" in third.get(f"/a/{token}/tulokset?lang=fi").get_data(as_text=True)
    assert "Kehityssuunnitelmasi" in app.test_client().get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert get_by_token(connect(app.config["DATABASE"]), token).language == "fi"


# --- the advisor's final interview on the entrepreneur's results ------------------------------

HOSTILE_ACTION = '<b>Tee =1+1</b> & "lainaus" ‏עברית‏'


def _interview(app, token, status, interview_id=None):
    db = connect(app.config["DATABASE"])
    response = get_by_token(db, token)
    user = users.by_email(db, "anna@example.test") or users.create(
        db, "anna@example.test", "Anna Neuvoja", "advisor", "miksei", "oikein-hyva-salasana")
    data = {"actions": [{"what": HOSTILE_ACTION, "who": "Tiina", "by": "2027-01-31"},
                        {"what": "Asenna Matomo", "who": "", "by": None}],
            "referrals": ["tp2-1", "tp4-1"], "referrals_other": "Yritys-Suomi", "follow_up_on": "2027-03-15",
            "notes": "Neuvojan omat muistiinpanot", "ratings": {"website": 40}}
    return interviews.save(db, user.id, response.company_id, response.id, status, "2026-11-20", data, interview_id)


def test_final_interview_shows_actions_referrals_and_follow_up(app, client, walker):
    token = walker.start("fi")
    walker.walk(token)
    before = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Sovittu digiyritysneuvojan kanssa" not in before
    draft = _interview(app, token, "draft")
    assert "Sovittu digiyritysneuvojan kanssa" not in client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    _interview(app, token, "final", draft)
    html = client.get(f"/a/{token}/tulokset").get_data(as_text=True)
    assert "Sovittu digiyritysneuvojan kanssa" in html
    assert "&lt;b&gt;Tee =1+1&lt;/b&gt; &amp; &#34;lainaus&#34;" in html and "<b>Tee" not in html
    assert "kuka: Tiina" in html and "31.1.2027 mennessä" in html
    assert "Workshop" not in html and "Työpaja 1: Digitaalisen liiketoiminnan perusteet" in html
    assert "Yritys-Suomi" in html and "Seuranta: 15.3.2027" in html
    assert "Neuvojan omat muistiinpanot" not in html  # the advisor's notes stay in the advisor's report
    text = pdf_text(client.get(f"/a/{token}/raportti.pdf").data)
    squashed = re.sub(r"\s+", "", text)
    for expected in ["Sovitut toimenpiteet", "kuka: Tiina", "Verkkokauppapolku 1: Verkkokaupan aloittaminen",
                     "Yritys-Suomi", "Seuranta: 15.3.2027", "Asenna Matomo"]:
        assert re.sub(r"\s+", "", expected) in squashed, expected
    assert re.sub(r"\s+", "", "<b>Tee =1+1</b> &") in squashed
    for field in LABELS["fi"]["interview_fields"]:
        assert field not in text  # no empty form in the entrepreneur's copy
    assert "Neuvojan omat muistiinpanot" not in text


def test_entrepreneur_pdf_before_the_interview_has_no_form(client, walker):
    token = walker.start("en")
    walker.walk(token)
    text = pdf_text(client.get(f"/a/{token}/raportti.pdf").data)
    assert "appear here once the digital advisor has recorded it" in text
    for field in LABELS["en"]["interview_fields"]:
        assert field not in text


@pytest.mark.parametrize("lang, line", [("fi", "Koulutuskalenteri: http://127.0.0.1:5000/koulutuskalenteri"),
                                        ("en", "Training calendar: http://127.0.0.1:5000/koulutuskalenteri?lang=en")])
def test_entrepreneur_pdf_gives_the_training_calendar_address(app, client, walker, lang, line):
    """The plan's closing text sends the reader to the training calendar: the PDF gives its
    address under the service's public base URL (a printed copy has no button), as a link too."""
    token = walker.start(lang)
    walker.walk(token)
    pdf = client.get(f"/a/{token}/raportti.pdf?lang={lang}").data
    assert line in pdf_text(pdf).splitlines()
    links = [a.get("/A", {}).get("/URI") for page in PdfReader(io.BytesIO(pdf)).pages for a in
             (x.get_object() for x in page.get("/Annots") or [])]
    assert line.split(": ", 1)[1] in links
