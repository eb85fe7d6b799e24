"""Enrolling a company in a course, without a web request: the fee fixed from the company's
turnover answer, the seat or the waiting list (``trainings.storage.courses.enrol``), the user's
reasons when it cannot be done. Views (through ``trainings.helpers``), ``flask training enrol``
and the company's own sign-up call the same function with a ``web.context.Context``."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from trainings.rules.places import fee_for
from trainings.storage import courses as store
from web.context import Context


class EnrolError(Exception):
    pass


@dataclass
class Enrolment:
    status: str
    rank: int | None
    fee: int
    fee_tier: str
    created: bool
    id: int | None = None


def closed_reason(course: dict, on: str) -> str | None:
    """Why a course takes no enrolments on the day ``on`` (ISO; None: it is open), in the current
    locale."""
    if course.get("apply_from") and on < course["apply_from"]:
        return _("The application period has not started yet.")
    if course.get("apply_until") and on > course["apply_until"]:
        return _("The application period has ended.")
    if on > course["ends_on"]:
        return _("The course has ended.")
    return None


def is_webinar(catalogue, course: dict) -> bool:
    """Webinars are open to everyone: no companies are enrolled, attendees are counted by group."""
    offer = catalogue.offer(course["offer_id"])
    return offer is not None and offer.kind == "webinar"


def fee_of(catalogue, course: dict, profile: dict) -> tuple[int, str]:
    """The fee and its tier for this company (from its answer to the catalogue's fee-tier question,
    ``profile["tier"]``), as enrolment fixes them."""
    offer = catalogue.offer(course["offer_id"])
    return (fee_for(offer.fee, offer.fee_high, profile.get("tier"), catalogue.high_codes) if offer
            else (0, "free"))


def profile_of(ctx: Context, company_id: int) -> dict | None:
    """The company's confirmed identity and contact and its fee-tier answer (store.company_profile)."""
    return store.company_profile(ctx.db, company_id, ctx.catalogue.tier_question)


def refusal_text(reason: str | None) -> str:
    """Why an enrolment could not change, in the user's words."""
    return {
        "invoiced": _("This enrolment has already been invoiced, so it is kept as it is."),
        "attended": _("The company has attendance in this course, so the enrolment is kept as it is."),
        "ended": _("The course has ended, so the enrolment is kept as a record of what happened."),
        "declined": _("The application to this course was declined, so it cannot be sent again."),
    }.get(reason, _("The enrolment has changed meanwhile, so nothing was changed. Its status is shown below."))


def enrol(ctx: Context, course: dict, company_id: int, user_id: int | None, participant: str | None = None,
          event: str = "enrol", email: str | None = None, **application) -> Enrolment:
    """Enrols a company (fee and tier fixed now); raises EnrolError with a message in ``ctx.lang``.
    ``event``: 'enrol', 'enrol_application' (staff records an application to a path) or 'apply'
    (the company's own); ``application``: ``source``, ``motivation`` and ``language`` of it."""
    with force_locale(ctx.lang):
        if is_webinar(ctx.catalogue, course):
            raise EnrolError(_("Webinars are open to everyone without enrolment; record their audience on the session."))  # noqa: E501
        reason = closed_reason(course, ctx.today())
        if reason:
            raise EnrolError(reason)
        profile = profile_of(ctx, company_id)
        if profile is None:
            raise EnrolError(_("Unknown company."))
        fee, tier = fee_of(ctx.catalogue, course, profile)
        try:
            row = store.enrol(ctx.db, course["id"], company_id, fee, tier, participant or profile["contact_name"],
                              email or profile["contact_email"], user_id, ctx.pool_seats(course), event,
                              **application)
        except store.StatusRefused as exc:
            raise EnrolError(refusal_text(exc.args[1])) from None
    return Enrolment(row["status"], row["rank"], row["fee"], row["fee_tier"], row["created"], row["id"])
