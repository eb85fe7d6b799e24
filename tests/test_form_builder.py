"""The WTForms classes generated from the survey definition."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField

from surveys.forms import FIELD_FACTORIES, build_page_form, page_form_class
from surveys.model import QUESTION_TYPES


def test_every_question_type_has_a_field_factory():
    assert set(FIELD_FACTORIES) == set(QUESTION_TYPES)


@pytest.mark.parametrize("question_id, field_class", [
    ("company_name", StringField),
    ("business_id", StringField),
    ("municipality", SelectField),
    ("industry", SelectField),
    ("personnel", RadioField),
    ("target_groups", SelectMultipleField),
    ("website_state", RadioField),
    ("website_competence", RadioField),
    ("website_training", BooleanField),
    ("biggest_challenge", TextAreaField),
    ("consent_processing", BooleanField),
])
def test_field_types(app, survey, question_id, field_class):
    question = survey.question(question_id)
    with app.test_request_context():
        form = build_page_form(survey, survey.page(question.page_id), "fi")
        assert isinstance(form[question_id], field_class)


def test_labels_and_choices_in_the_language(app, survey):
    page = survey.page("areas-marketing-base")
    with app.test_request_context():
        fi = build_page_form(survey, page, "fi")
        en = build_page_form(survey, page, "en")
        assert fi.website_state.label.text == "Mikä kuvaa yrityksenne verkkosivuja parhaiten?"
        assert en.website_state.label.text == "Which best describes your company's website?"
        assert [c.value for c in en.website_state.choices] == ["0", "1", "2", "3", "4", "na"]
        assert en.website_state.choices[-1].label == "Does not apply to us"
        assert en.website_competence.label.text == "My own competence: Website and sales page"


def test_form_class_is_cached_per_page_and_language(survey):
    assert page_form_class(survey, "company", "fi") is page_form_class(survey, "company", "fi")
    assert page_form_class(survey, "company", "fi") is not page_form_class(survey, "company", "en")


def test_answers_are_normalised(app, survey):
    page = survey.page("company")
    data = MultiDict({
        "company_name": " Testi Oy ", "business_id": "20774740", "contact_name": "A B",
        "contact_email": "A@Example.COM", "municipality": "491", "website_url": "testi.fi",
        "contact_phone": "",
    })
    with app.test_request_context(method="POST"):
        form = page_form_class(survey, page.id, "fi")(formdata=data, meta={"csrf": False})
        assert form.validate(), form.errors
        answers = form.answers(page)
    assert answers["company_name"] == "Testi Oy"
    assert answers["business_id"] == "2077474-0"
    assert answers["contact_email"] == "A@example.com"
    assert answers["website_url"] == "https://testi.fi"
    assert answers["contact_phone"] is None and answers["contact_role"] is None


def test_tampered_choice_is_rejected_with_a_message(app, survey):
    page = survey.page("profile")
    with app.test_request_context(method="POST"):
        form = page_form_class(survey, page.id, "fi")(formdata=MultiDict({"personnel": "9999", "industry": "ZZ"}),
                                                      meta={"csrf": False})
        assert not form.validate()
        assert form.personnel.errors == ["Valitse jokin näytetyistä vaihtoehdoista."]
        assert form.industry.errors == ["Valitse jokin näytetyistä vaihtoehdoista."]
