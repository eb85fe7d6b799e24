"""Enrolment from the company page; cancelling (the freed seat is offered to the first waiting
company: ``offers``); accepting or declining an application."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import company_or_404
from storage import audit, get_db, immediate
from trainings.storage import courses as store
from web.params import form_int
from web.redirects import safe_next

from .blueprints import bp
from .applications import tell_decision
from .offers import offer_days, process_course, tell_offered
from .enrolment_service import EnrolError, refusal_text
from .helpers import (
    catalogue, enrol, may_run, pool_seats, today,
)




@bp.post("/yritys/<int:company_id>/ilmoita")
def enrol_company(company_id):
    company = company_or_404(company_id)
    back = redirect(url_for("advisor.company", company_id=company_id) + "#koulutukset")
    course = store.get_course(get_db(), form_int("course", 1) or 0)
    if course is None:
        flash(_("Choose a course."), "error")
        return back
    offer = catalogue().offer(course["offer_id"])
    participant = (request.form.get("participant") or "").strip()[:200] or None
    process_course(course, current_user.id)  # a lapsed offer frees its seat for the waiting list first
    try:
        with immediate(get_db()):  # the enrolment and its audit row, together
            result = enrol(course, company_id, current_user.id, participant,
                           event="enrol_application" if offer and offer.application else "enrol")
            audit.record(get_db(), current_user.id, "enrolled" if result.created else "enrol_repeated", "company",
                         company_id)
    except EnrolError as exc:
        flash(str(exc), "error")
        return back
    if result.status == "waiting":
        flash(_("The course is full: %(company)s is number %(n)s on the waiting list.", company=company["name"],
                n=result.rank), "info")
    elif result.status == "offered":
        flash(_("A seat is already offered to %(company)s: record its answer in the trainings table.",
                company=company["name"]), "info")
    elif result.status == "applied":
        flash(_("The application was recorded; the coordinator accepts or declines it."), "info")
    else:
        flash(_("%(company)s was enrolled. Fee %(fee)s €.", company=company["name"], fee=result.fee), "info")
    return back


def _enrolment_or_404(enrolment_id: int) -> tuple[dict, dict]:
    enrolment = store.get_enrolment(get_db(), enrolment_id)
    if enrolment is None:
        abort(404)
    course = store.get_course(get_db(), enrolment["course_id"])
    company_visible = current_user.is_coordinator or enrolment["organisation"] == current_user.organisation
    if not (company_visible or may_run(course)):
        abort(404)
    return enrolment, course


@bp.post("/ilmoittautuminen/<int:enrolment_id>/<action>")
def enrolment_action(enrolment_id, action):
    if action not in ("peru", "hyvaksy", "hylkaa"):
        abort(404)
    enrolment, course = _enrolment_or_404(enrolment_id)
    if action != "peru" and not current_user.is_coordinator:
        abort(403)
    with immediate(get_db()):  # the change and the emails it causes, together
        if action == "peru":
            change = store.cancel(get_db(), enrolment_id, pool_seats(course), today(), offer_days())
        else:
            change = store.decide(get_db(), enrolment_id, action == "hyvaksy", pool_seats(course), today(),
                                  offer_days())
        tell_offered(change["offers"], current_user.id)
        if change["changed"]:
            event = {"peru": "cancelled", "hyvaksy": "accepted", "hylkaa": "declined"}[action]
            audit.record(get_db(), current_user.id, f"enrolment_{event}", "enrolment", enrolment_id)
            if action != "peru":
                tell_decision(enrolment_id)
    if change["changed"]:
        flash(_change_message(action, change), "info")
    else:
        flash(refusal_text(change.get("refusal") if action == "peru" else None), "error")
    target = safe_next(request.form.get("next"))
    if target:
        return redirect(target)
    return redirect(url_for("advisor.company", company_id=enrolment["company_id"]))



def _change_message(action: str, change: dict) -> str:
    text = {"peru": _("The enrolment was cancelled."), "hyvaksy": _("The application was accepted."),
            "hylkaa": _("The application was declined.")}[action]
    if action == "hyvaksy" and change["after"] == "waiting":
        text = _("The application was accepted, but the course is full: the company is on the waiting list.")
    if action == "peru" and change["offers"]:
        text += " " + _("The seat was offered to the first company on the waiting list.")
    return text
