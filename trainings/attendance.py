"""Roll call of a session (made for a phone in the training room) and the audience counts of a
webinar (the import of an online meeting's participant list is ``participant_import``). Every
change audited."""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from storage import audit, get_db, immediate
from trainings.storage import courses as store
from trainings.storage import records as records
from web.i18n import current_language
from web.params import form_int

from .blueprints import bp
from .helpers import catalogue, offer_name, session_or_404, today

MAX_AUDIENCE = 100_000


def render_rollcall(course, session, status=200, report=None):
    offer = catalogue().offer(course["offer_id"])
    enrolled = [r for r in store.roster(get_db(), course["id"]) if r["status"] == "enrolled"]
    return render_template(
        "trainings/rollcall.html", course=course, session=session, enrolled=enrolled,
        marks=records.attendance(get_db(), session["id"]), offer=offer, report=report,
        groups=catalogue().webinar_groups, lang=current_language(), offer_name=offer_name,
        audience=json.loads(session.get("audience") or "{}"), started=session["on_date"] <= today()), status


def locked_package(course: dict) -> str | None:
    """The work package whose certificate at project end is issued on this course's attendance."""
    offer = catalogue().offer(course["offer_id"])
    return offer.package if offer and offer.certificate.at_project_end else None


def save_marks(course: dict, session_id: int, marks: dict, action: str) -> dict:
    """Records the marks (refused before the session's day); flashes what happened; audited."""
    with immediate(get_db()):  # the marks and their audit row, together
        result = records.set_attendance(get_db(), session_id, marks, current_user.id, today(),
                                        locked_package(course))
        if result["refused"] is None and result["changed"]:
            audit.record(get_db(), current_user.id, action, "session", session_id)
    if result["refused"] == "future":
        flash(_("The session has not started yet: attendance is recorded from its day on."), "error")
        return result
    if result["locked"]:
        flash(_("A certificate has been issued on the attendance of %(n)s companies, so their marks were not changed.",  # noqa: E501
                n=len(result["locked"])), "error")
    return result


@bp.route("/istunto/<int:session_id>/nimenhuuto", methods=["GET", "POST"])
def rollcall(session_id):
    course, session = session_or_404(session_id)
    if request.method == "GET":
        return render_rollcall(course, session)
    enrolled = [r["id"] for r in store.roster(get_db(), course["id"]) if r["status"] == "enrolled"]
    # the marks as tapped; an empty choice ("not marked") clears a mark, or with "mark the rest
    # present" makes it present: the taps are never thrown away
    marks = {eid: request.form.get(f"e{eid}") or None for eid in enrolled if f"e{eid}" in request.form}
    if request.form.get("kaikki"):
        marks = {eid: marks.get(eid) or "present" for eid in enrolled}
    result = save_marks(course, session_id, marks, "attendance_saved")
    if result["refused"] is None:
        flash(_("Attendance saved (%(n)s changes).", n=result["changed"]), "info")
    return redirect(url_for("trainings.rollcall", session_id=session_id))


@bp.post("/istunto/<int:session_id>/yleiso")
def audience(session_id):
    course, session = session_or_404(session_id)
    counts, errors = {}, False
    for group in catalogue().webinar_groups:
        value = (request.form.get(f"g_{group.code}") or "").strip()
        number = form_int(f"g_{group.code}", 0, MAX_AUDIENCE)
        if value and number is None:
            errors = True
        elif value:
            counts[group.code] = number
    if errors:
        flash(_("Give the attendee counts as whole numbers."), "error")
        return render_rollcall(course, {**session, "audience": json.dumps(counts)}, 400)
    if session["on_date"] > today():
        flash(_("The session has not started yet: attendance is recorded from its day on."), "error")
        return render_rollcall(course, {**session, "audience": json.dumps(counts)}, 400)
    with immediate(get_db()):
        records.set_audience(get_db(), session_id, counts)
        audit.record(get_db(), current_user.id, "audience_saved", "session", session_id)
    flash(_("The attendee counts were saved."), "info")
    return redirect(url_for("trainings.rollcall", session_id=session_id))
