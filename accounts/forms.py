"""Forms of logins and user management (Flask-WTF: CSRF on every one)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from surveys.validators import clean_text


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(_l("Please answer this question.")), Length(max=254)],
                       filters=[clean_text])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Please answer this question."))])


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[clean_text],
                       validators=[InputRequired(_l("Please answer this question.")),
                                   Email(_l("Check the email address, for example name@company.fi.")), Length(max=254)])
    name = StringField(_l("Name"), filters=[clean_text],
                       validators=[InputRequired(_l("Please answer this question.")), Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice("advisor", _l("Digital advisor")),
                                            SelectChoice("coordinator", _l("Coordinator"))])
    organisation = SelectField(_l("Organisation"))
    password = PasswordField(_l("Password (at least 12 characters)"),
                             validators=[InputRequired(_l("Please answer this question.")),
                                         Length(min=12, message=_l("The password must have at least 12 characters."))])
