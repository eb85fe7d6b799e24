"""Whom a company or a visitor contacts: each organisation's contact for its companies
(``organisations.toml``, ``[organisations.contact]``) and the service's own contact, named in the
privacy notice and the accessibility statement (``contact.toml``, ``[service]``). Validated at
load: an error names the file and the item.

A contact has a name (fi/en), an email, a phone number and optionally a web page; the settings
``CONTACT_EMAIL`` and ``SERVICE_OWNER`` override the service contact's email and name."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from surveys.model import Text
from surveys.parsing import read_text


@dataclass(frozen=True)
class Contact:
    name: Text
    email: str
    phone: str       # as written in the data ("+358 40 000 0001")
    tel: str         # for a tel: link (E.164)
    url: str | None = None


def _email(ctx, where: str, value) -> str:
    try:
        return validate_email(str(value), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ctx.fail(where, f"'email' is not an email address: {value!r}") from None


def _phone(ctx, where: str, value) -> str:
    try:
        number = phonenumbers.parse(str(value), "FI")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ctx.fail(where, f"'phone' is not a phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def read_contact(ctx, where: str, raw) -> Contact:
    """A ``{ name = {fi, en}, email, phone, url }`` table."""
    if not isinstance(raw, dict):
        raise ctx.fail(where, "'contact' must be a table with name, email and phone")
    for key in ("email", "phone"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ctx.fail(where, f"'{key}' is required")
    url = raw.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
        raise ctx.fail(where, "'url' must be a web address starting with https://")
    return Contact(read_text(ctx, where, raw, "name"), _email(ctx, where, raw["email"]), raw["phone"].strip(),
                   _phone(ctx, where, raw["phone"]), url)
