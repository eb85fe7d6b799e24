"""The form that opens a follow-up round (Flask-WTF: CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from surveys.validators import clean_text


class RoundForm(FlaskForm):
    name = StringField(_l("Name of the round"), filters=[clean_text],
                       validators=[InputRequired(_l("Please answer this question.")), Length(max=120)])
    name_en = StringField(_l("Name in English (optional)"), filters=[clean_text],
                          validators=[Optional(), Length(max=120)])
    survey = SelectField(_l("Follow-up questionnaire"))
    opens_on = DateField(_l("Answering starts"), validators=[InputRequired(_l("Please give a date."))])
    closes_on = DateField(_l("Answering ends"), validators=[InputRequired(_l("Please give a date."))])
    send_now = BooleanField(_l("Email each company its link now"), default=True)

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The end must not be before the start."))
