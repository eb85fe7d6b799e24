"""What the training views and commands share: the catalogue, who may run a course, the
application period, and enrolment with the fee fixed from the company's turnover answer."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from trainings.rules.places import fee_for
from storage import get_db
from trainings.storage import courses as store


def catalogue():
    return current_app.extensions["trainings"]


def today() -> str:
    """Today's date (ISO) in the project's time zone, by the app's clock."""
    return current_app.extensions["clock"].today_iso()


def db_path() -> str:
    return current_app.config["DATABASE"]


def may_run(course: dict) -> bool:
    """Coordinators run every course; an advisor the courses of their organisation."""
    return current_user.is_coordinator or course["organiser"] == current_user.organisation


def course_or_404(course_id: int) -> dict:
    course = store.get_course(get_db(), course_id)
    if course is None or not may_run(course):
        abort(404)  # the same answer whether it exists in another organisation or not at all
    return course


def session_or_404(session_id: int) -> tuple[dict, dict]:
    session = store.get_session(get_db(), session_id)
    if session is None:
        abort(404)
    return course_or_404(session["course_id"]), session


def closed_reason(course: dict, on: str | None = None) -> str | None:
    """Why a course takes no enrolments today (None: it is open)."""
    on = on or today()
    if course.get("apply_from") and on < course["apply_from"]:
        return _("The application period has not started yet.")
    if course.get("apply_until") and on > course["apply_until"]:
        return _("The application period has ended.")
    if on > course["ends_on"]:
        return _("The course has ended.")
    return None


def is_webinar(course: dict) -> bool:
    """Webinars are open to everyone: no companies are enrolled, attendees are counted by group."""
    offer = catalogue().offer(course["offer_id"])
    return offer is not None and offer.kind == "webinar"


def pool_seats(course: dict) -> int | None:
    pool = catalogue().pool(course.get("pool"))
    return pool.seats if pool else None


@dataclass
class Enrolment:
    status: str
    rank: int | None
    fee: int
    fee_tier: str
    created: bool
    id: int | None = None


class EnrolError(Exception):
    pass


def fee_of(course: dict, profile: dict) -> tuple[int, str]:
    """The fee and its tier for this company (from its answer to the catalogue's fee-tier question,
    ``profile["tier"]``), as enrolment fixes them."""
    offer = catalogue().offer(course["offer_id"])
    return (fee_for(offer.fee, offer.fee_high, profile.get("tier"), catalogue().high_codes) if offer
            else (0, "free"))


def profile_of(company_id: int) -> dict | None:
    """The company's confirmed identity and contact and its fee-tier answer (store.company_profile)."""
    return store.company_profile(get_db(), company_id, catalogue().tier_question)


def enrol(course: dict, company_id: int, user_id: int | None, participant: str | None = None,
          event: str = "enrol", email: str | None = None, **application) -> Enrolment:
    """Enrols a company (fee and tier fixed now); raises EnrolError with a message for the user.
    ``event``: 'enrol', 'enrol_application' (staff records an application to a path) or 'apply'
    (the company's own); ``application``: ``source``, ``motivation`` and ``language`` of it."""
    db = get_db()
    if is_webinar(course):
        raise EnrolError(_("Webinars are open to everyone without enrolment; record their audience on the session."))
    reason = closed_reason(course)
    if reason:
        raise EnrolError(reason)
    profile = profile_of(company_id)
    if profile is None:
        raise EnrolError(_("Unknown company."))
    fee, tier = fee_of(course, profile)
    try:
        row = store.enrol(db, course["id"], company_id, fee, tier, participant or profile["contact_name"],
                          email or profile["contact_email"], user_id, pool_seats(course), event, **application)
    except store.StatusRefused as exc:
        raise EnrolError(refusal_text(exc.args[1])) from None
    return Enrolment(row["status"], row["rank"], row["fee"], row["fee_tier"], row["created"], row["id"])


def refusal_text(reason: str | None) -> str:
    """Why an enrolment could not change, in the user's words."""
    return {
        "invoiced": _("This enrolment has already been invoiced, so it is kept as it is."),
        "attended": _("The company has attendance in this course, so the enrolment is kept as it is."),
        "ended": _("The course has ended, so the enrolment is kept as a record of what happened."),
        "declined": _("The application to this course was declined, so it cannot be sent again."),
    }.get(reason, _("The enrolment has changed meanwhile, so nothing was changed. Its status is shown below."))


def tier_label(tier: str, lang: str) -> str:
    if tier == "high":
        return catalogue().threshold.get(lang) if catalogue().threshold else _("higher fee")
    return {"free": _("free of charge"), "base": _("basic fee")}.get(tier, tier)


def offer_name(offer_id: str, lang: str) -> str:
    """The offer with its work-package code ("TP5: …"), for the project's staff."""
    offer = catalogue().offer(offer_id)
    return f"{offer.package}: {offer.name.get(lang)}" if offer else offer_id


def offer_title(offer_id: str, lang: str) -> str:
    """The offer in plain words, without internal codes (for companies and the public)."""
    offer = catalogue().offer(offer_id)
    return offer.name.get(lang) if offer else ""


def audience(offer_id: str, lang: str) -> str:
    """Who the offer is for, in plain words (the catalogue's ``audience``)."""
    offer = catalogue().offer(offer_id)
    return offer.audience.get(lang) if offer and offer.audience else ""


def takes_applications(offer_id: str) -> bool:
    """Whether the offer takes companies by application (a company's own row is then its
    application; else its own sign-up)."""
    offer = catalogue().offer(offer_id)
    return bool(offer and offer.application)


def offer_label(course: dict, lang: str) -> str:
    """The offer beside a course's name without saying it twice: the work package alone when the
    course's name already names the offer ("TP2"), else "TP2: Työpaja 5: …"."""
    offer = catalogue().offer(course["offer_id"])
    if offer is None:
        return course["offer_id"]
    return offer.package if offer.name.get(lang) in course["name"] or offer.name.fi in course["name"] \
        else f"{offer.package}: {offer.name.get(lang)}"
