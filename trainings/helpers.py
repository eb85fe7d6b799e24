"""What the training views share (they read the app and the request; commands and jobs call the
``*_service`` modules with a ``Context`` instead): the catalogue, who may run a course, the
course or 404, the application period, offer names and labels, and enrolment in this page's
context (``enrolment_service``)."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from storage import get_db
from trainings.storage import courses as store
from web.context import here

from . import enrolment_service
from .enrolment_service import Enrolment


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
    """Why a course takes no enrolments today (or on ``on``; None: it is open)."""
    return enrolment_service.closed_reason(course, on or today())


def is_webinar(course: dict) -> bool:
    return enrolment_service.is_webinar(catalogue(), course)


def pool_seats(course: dict) -> int | None:
    pool = catalogue().pool(course.get("pool"))
    return pool.seats if pool else None


def fee_of(course: dict, profile: dict) -> tuple[int, str]:
    return enrolment_service.fee_of(catalogue(), course, profile)


def profile_of(company_id: int) -> dict | None:
    return enrolment_service.profile_of(here(), company_id)


def enrol(course: dict, company_id: int, user_id: int | None, participant: str | None = None,
          event: str = "enrol", email: str | None = None, **application) -> Enrolment:
    """``enrolment_service.enrol`` in this page's context (its language)."""
    return enrolment_service.enrol(here(), course, company_id, user_id, participant, event, email, **application)


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
