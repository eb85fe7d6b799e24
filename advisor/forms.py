"""Forms of the advisor workspace (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from surveys.validators import MaxLength, clean_text

RATING_CHOICES = ("0", "25", "50", "75", "100")
ACTION_ROWS = 3


def _text(label, max_length=4000, area=False):
    field = TextAreaField if area else StringField
    return field(label, filters=[clean_text], validators=[Optional(), MaxLength(max_length)])


class _InterviewBase(FlaskForm):
    held_on = DateField(_l("Date of the interview"), validators=[InputRequired(_l("Please answer this question."))])
    participants = _text(_l("Participants"), 500)
    field_of_operations = _text(_l("Field of digital operations"), area=True)
    marketing_level = SelectField(_l("Level of digital marketing"), validators=[Optional()])
    tools = SelectMultipleField(_l("Suitable digital tools"), widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput(), validators=[Optional()])
    tools_other = _text(_l("Other tools"), 1000)
    website_notes = _text(_l("Website review"), area=True)
    referrals = SelectMultipleField(_l("Referrals to the project's trainings"), widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput(), validators=[Optional()])
    referrals_other = _text(_l("Referrals to outside services"), 1000)
    notes = _text(_l("Other notes"), area=True)
    follow_up_on = DateField(_l("Follow-up date"), validators=[Optional()])


@lru_cache(maxsize=16)
def interview_form_class(survey, lang: str):
    """The interview form with one rating field per area of the survey and action rows."""
    attrs = {}
    for area in survey.areas:
        attrs[f"rating_{area.id}"] = SelectField(
            area.name.get(lang), choices=[SelectChoice("", "–")] + [SelectChoice(c, c) for c in RATING_CHOICES],
            validators=[Optional()])
    for n in range(1, ACTION_ROWS + 1):
        attrs[f"action_{n}_what"] = _text(_l("What"), 500)
        attrs[f"action_{n}_who"] = _text(_l("Who"), 200)
        attrs[f"action_{n}_by"] = DateField(_l("By when"), validators=[Optional()])
    return type(f"Interview_{survey.id}_{survey.version}_{lang}", (_InterviewBase,), attrs)


class ReopenForm(FlaskForm):
    """Reopening a final interview as a draft: why (kept in its history)."""
    reason = TextAreaField(_l("Why is it reopened?"), filters=[clean_text],
                           validators=[DataRequired(_l("Please answer this question.")), MaxLength(500)])
