"""Forms of the trainings (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, URL, ValidationError

from surveys.validators import Email, MaxLength, clean_text
from web.numbers import decimal
from web.params import StrictIntegerField

REQUIRED = _l("Please answer this question.")
LONG = _l("The text is too long: at most %(max)d characters (now %(length)d).")
MOTIVATION_MAX = 1000


def _name_field(label) -> StringField:
    """A person's name, as every sign-up form asks it."""
    return StringField(label, filters=[clean_text], validators=[InputRequired(REQUIRED), Length(max=200, message=LONG)],
                       render_kw={"maxlength": 200, "autocomplete": "name"})


def _email_field(label) -> StringField:
    """An email address, as every sign-up form asks it."""
    return StringField(label, filters=[clean_text],
                       validators=[InputRequired(REQUIRED), Length(max=254, message=LONG), Email()],
                       render_kw={"maxlength": 254, "autocomplete": "email", "type": "email"})


class HoursField(DecimalField):
    """Hours as people type and read them: "1,5" or "1.5" accepted; shown "3" and "1,5" in
    Finnish ("3" and "1.5" in English), never "3.0"."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").strip() if isinstance(v, str) else v for v in valuelist])

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return decimal(self.data) if self.data is not None else ""


class CourseDetailsForm(FlaskForm):
    """What can be corrected in a course after it was created (its offer and organiser stay)."""
    name = StringField(_l("Name of the course"), filters=[clean_text],
                       validators=[InputRequired(_l("Give the course a name.")),
                                   Length(max=200, message=_l("The name is too long: at most %(max)d characters."))],
                       render_kw={"maxlength": 200})
    name_en = StringField(_l("Name in English (optional)"), filters=[clean_text],
                          validators=[Optional(),
                                      Length(max=200, message=_l("The name is too long: at most %(max)d characters."))],
                          render_kw={"maxlength": 200})
    seats = StrictIntegerField(_l("Seats"),
        validators=[InputRequired(_l("Give the number of seats.")),
                    NumberRange(min=1, max=10000, message=_l("Give a number from 1 to 10 000."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 10000})
    apply_from = DateField(_l("Application period starts"), validators=[Optional()])
    apply_until = DateField(_l("Application period ends"), validators=[Optional()])
    starts_on = DateField(_l("Course starts"), validators=[InputRequired(_l("Please give a date."))])
    ends_on = DateField(_l("Course ends"), validators=[Optional()])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end must not be before the start."))

    def validate_apply_until(self, field):
        if self.apply_from.data and field.data and field.data < self.apply_from.data:
            raise ValidationError(_l("The end must not be before the start."))


class CourseForm(CourseDetailsForm):
    offer = SelectField(_l("Offer"), validators=[InputRequired(_l("Choose the offer the course runs."))])
    organiser = SelectField(_l("Organiser"), validators=[InputRequired(_l("Choose the organiser."))])
    seats = StrictIntegerField(_l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=10000, message=_l("Give a number from 1 to 10 000."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 10000})


class SessionForm(FlaskForm):
    on_date = DateField(_l("Date"), validators=[InputRequired(_l("Please give a date."))])
    start_time = TimeField(_l("Starts at"),
                           validators=[InputRequired(_l("Give the time it starts, for example 09:00."))])
    end_time = TimeField(_l("Ends at"), validators=[InputRequired(_l("Give the time it ends, for example 12:00."))])
    place = StringField(_l("Place"), filters=[clean_text], validators=[Optional(), Length(max=200)])
    link = StringField(_l("Online link"), filters=[clean_text],
                       validators=[Optional(), Length(max=500),
                                   URL(message=_l("Give a web address starting with https://."))])
    trainer = StringField(_l("Trainer"), filters=[clean_text], validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[clean_text], validators=[Optional(), Length(max=2000)])
    hours = HoursField(_l("Hours"), places=1,
        validators=[InputRequired(_l("Give the hours, for example 3 or 1,5.")),
                    NumberRange(min=0.5, max=24, message=_l("Give hours from 0.5 to 24."))],
        render_kw={"inputmode": "decimal"})

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end must be after the start."))


class EnrolForm(FlaskForm):
    course = SelectField(_l("Course"), validators=[InputRequired(REQUIRED)])
    participant = StringField(_l("Participant"), filters=[clean_text], validators=[Optional(), Length(max=200)])


class ApplicationForm(FlaskForm):
    """A company's own application to a path (the results page; prefixed per course)."""
    participant = _name_field(_l("Participant's name"))
    email = _email_field(_l("Participant's email"))
    motivation = TextAreaField(_l("Why do you want to join? (optional)"), filters=[clean_text],
                               # MaxLength, not Length: Length makes the browser cut a paste at the limit
                               validators=[Optional(), MaxLength(MOTIVATION_MAX)],
                               render_kw={"data-max": MOTIVATION_MAX})  # counted as one types, never cut


class SignupForm(FlaskForm):
    """A company's own sign-up to a workshop from the calendar (its private link)."""
    participant = _name_field(_l("Participant's name"))
    email = _email_field(_l("Participant's email"))


class WebinarForm(FlaskForm):
    """A webinar sign-up from the open calendar: a name and an email, no analysis."""
    name = _name_field(_l("Your name"))
    email = _email_field(_l("Your email"))


class OwnLinkForm(FlaskForm):
    """The private link of the analysis, pasted on the open calendar to sign up with it."""
    link = StringField(_l("Your private link"), filters=[clean_text],
                       validators=[InputRequired(REQUIRED), Length(max=500, message=LONG)],
                       render_kw={"maxlength": 500, "autocomplete": "off", "inputmode": "url"})
