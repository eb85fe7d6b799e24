"""The contact card of a company for its advisor: contact person, role, email, phone, website and
whether the company agreed to be contacted to arrange an advisory interview.

Consent policy (docs/advisor.md): the card always shows who the contact person is, their role
and the public website. Email and phone, and the mailto:/tel: actions, are shown only when the
entrepreneur ticked the contact consent; without it the card says so plainly and leaves them out,
so the advisor cannot use them by accident (the company may still get in touch itself).
No Flask and no database here: the caller passes the analysis' answers.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import phonenumbers

CONSENT_QUESTION = "consent_contact"


def _phone(value: str | None) -> tuple[str | None, str | None]:
    """(display, tel: link) of a stored phone number (E.164), or the text as it is."""
    if not value:
        return None, None
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return value, None
    if not phonenumbers.is_valid_number(number):
        return value, None
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return display, "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _website(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.hostname else None


def contact_allowed(survey, consent) -> bool:
    """May the company be contacted: it ticked the consent (``consent``: the answer), or its
    questionnaire did not ask (None ``survey`` means unknown: not allowed)."""
    if survey is None:
        return bool(consent)
    return bool(consent) or not any(q.id == CONSENT_QUESTION for q in survey.questions)


def build_contact(survey, answers: dict) -> dict:
    """The card's data. ``consent``: True (agreed), False (not agreed) or None (not asked)."""
    asked = any(q.id == CONSENT_QUESTION for q in survey.questions)
    consent = bool(answers.get(CONSENT_QUESTION)) if asked else None
    allowed = consent is not False
    email = answers.get("contact_email") or None
    phone, tel = _phone(answers.get("contact_phone"))
    website = answers.get("website_url") or None
    return {
        "name": answers.get("contact_name") or None,
        "role": answers.get("contact_role") or None,
        "consent": consent,
        "email": email if allowed else None,
        "email_href": f"mailto:{quote(email, safe='@.+-_')}" if allowed and email else None,
        "phone": phone if allowed else None,
        "phone_href": tel if allowed else None,
        "website": website,
        "website_href": _website(website),
        "withheld": not allowed and bool(email or phone),
    }
