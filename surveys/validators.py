"""Field validators and filters for questionnaire answers. Messages are in the user's language."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus
from wtforms.validators import StopValidation, ValidationError

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9\u00c0-\uffff]([a-z0-9\u00c0-\uffff-]{0,61}[a-z0-9\u00c0-\uffff])?\.)+"
                       r"[a-z\u00c0-\uffff]{2,63}$", re.I)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """NFC-normalise and strip typed text, drop control characters (NUL, escape, bell…) but
    keep line breaks and tabs; None stays None."""
    if isinstance(value, str):
        return _CONTROL.sub("", unicodedata.normalize("NFC", value).replace("\r\n", "\n")).strip()
    return value


def normalise_business_id(value: str) -> str:
    """'20774740' or ' 2077474-0 ' -> '2077474-0'; raises stdnum's ValidationError when invalid."""
    return ytunnus.format(ytunnus.validate(value))


def normalise_url(value: str) -> str:
    """Accept 'www.yritys.fi' or 'yritys.fi/sivu' and return an absolute http(s) URL."""
    text = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(value)
    if " " in text or not _HOSTNAME.match(parts.hostname):
        raise ValueError(value)
    return text


def normalise_phone(value: str) -> str:
    """Finnish or international number -> E.164 ('+358401234567')."""
    number = phonenumbers.parse(value, "FI")
    if not phonenumbers.is_valid_number(number):
        raise ValueError(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(value: str) -> str:
    return validate_email(value, check_deliverability=False).normalized


class Normalised:
    """Replace the answer by its normalised form, or fail with a message in the user's language.
    ``specific``: (exception types, message) pairs tried first, for errors that deserve their own
    message (a business ID in the right form whose check digit does not match)."""

    def __init__(self, normalise, errors: tuple[type[Exception], ...], message, specific=()):
        self.normalise, self.errors, self.message, self.specific = normalise, errors, message, specific

    def __call__(self, form, field):
        try:
            field.data = self.normalise(field.data)
        except self.errors as exc:
            message = next((m for types, m in self.specific if isinstance(exc, types)), self.message)
            raise ValidationError(message) from exc


def BusinessId():  # noqa: N802 - reads like the other WTForms validators
    return Normalised(normalise_business_id, (StdnumError,),
                      _l("Check the business ID: seven digits, a hyphen and a check digit, for example 1234566-3."),
                      specific=[((InvalidChecksum,), _l("Check the business ID: the check digit does not match."))])


def Email():  # noqa: N802
    return Normalised(normalise_email, (EmailNotValidError,),
                      _l("Check the email address, for example name@company.fi."))


def Phone():  # noqa: N802
    return Normalised(normalise_phone, (ValueError, phonenumbers.NumberParseException),
                      _l("Check the phone number, for example 040 123 4567 or +358 40 123 4567."))


def Url():  # noqa: N802
    return Normalised(normalise_url, (ValueError,), _l("Check the website address, for example www.company.fi."))


class MaxLength:
    def __init__(self, maximum: int):
        self.maximum = maximum

    def __call__(self, form, field):
        if field.data and len(field.data) > self.maximum:
            raise ValidationError(
                _l("This is too long: at most %(max)d characters (now %(count)d).", max=self.maximum,
                   count=len(field.data))
            )


class Required:
    """Stops the chain when the answer is missing, so later validators see only real input."""

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        data = field.data
        if data is None or data is False or data == "" or data == []:
            field.errors[:] = []
            raise StopValidation(self.message)


class Optional:
    """Skip the remaining validators for an empty optional answer."""

    def __call__(self, form, field):
        data = field.data
        if data is None or data == "" or data == []:
            field.errors[:] = []
            raise StopValidation()
