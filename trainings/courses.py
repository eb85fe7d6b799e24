"""The calendar, courses and their sessions (coordinators create and remove; the organiser's
advisors see their courses), and the iCalendar file of a course."""

from __future__ import annotations

from datetime import date

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import coordinator_only, visible_organisation
from trainings.rules.courses import course_title
from storage import audit, get_db, immediate
from trainings.storage import courses as store
from trainings.storage import records as records
from trainings.storage import webinar_signups
from trainings.rules.courses import course_values
from web.context import here
from web.i18n import current_language

from .blueprints import bp
from .calendar import course_ics
from .certificate_service import pending_certificates
from .editing import tell_schedule_change
from .invoicing_service import fee_states
from .listing import left
from .forms import CourseForm, SessionForm
from .offers import process_course
from .helpers import (catalogue, course_or_404, is_webinar, offer_label, offer_name, session_or_404,
                      today)


@bp.get("/")
def calendar():
    db = get_db()
    organiser = visible_organisation()
    lang = current_language()
    sessions, courses = store.upcoming_sessions(db, today(), organiser), store.courses(db, organiser, since=today())
    for row in sessions + courses:  # a webinar's seats are taken by its sign-ups, as the open calendar counts
        row["webinar"] = is_webinar(row)
        row["taken"] = row["signed_up"] if row["webinar"] else row["enrolled"]
    for row in courses:
        row["left"] = left(row, catalogue().offer(row["offer_id"]))
    return render_template("trainings/calendar.html", sessions=sessions, courses=courses, offer_name=offer_name,
                           lang=lang)


def _date_param(name: str) -> str | None:
    value = (request.args.get(name) or "").strip()
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


@bp.get("/menneet")
def past_courses():
    """Ended courses by period, work package and organiser (an advisor sees their organisation's),
    with the certificates issued and those due, so ended courses stay reachable."""
    project = current_app.extensions["projectdata"]
    packages = list(dict.fromkeys(o.package for o in catalogue().offers))
    package = request.args.get("paketti") if request.args.get("paketti") in packages else None
    organiser = visible_organisation()
    if organiser is None and project.organisation(request.args.get("org") or "") is not None:
        organiser = request.args["org"]
    start, end = _date_param("from"), _date_param("to")
    offers = [o.id for o in catalogue().offers if o.package == package] if package else None
    rows = store.past_courses(get_db(), today(), organiser, start, end, offers)
    ctx = here()
    for row in rows:
        row["due"] = pending_certificates(ctx, row)
        offer = catalogue().offer(row["offer_id"])
        row["at_project_end"] = bool(offer and offer.certificate.at_project_end)
        row["no_certificate"] = offer is None or offer.certificate.rule == "none"
        row["webinar"] = bool(offer and offer.kind == "webinar")
    return render_template("trainings/past.html", rows=rows, packages=packages, package=package,
                           organiser=organiser, start=start, end=end, organisations=project.organisations,
                           offer_label=offer_label, lang=current_language(),
                           due_courses=sum(1 for r in rows if r["due"]))


def _course_form() -> CourseForm:
    lang = current_language()
    form = CourseForm()
    form.offer.choices = [(o.id, f"{o.package}: {o.name.get(lang)}") for o in catalogue().offers]
    project = current_app.extensions["projectdata"]
    form.organiser.choices = [(o.id, o.name.get(lang)) for o in project.organisations]
    return form


@bp.route("/kurssi/uusi", methods=["GET", "POST"])
@coordinator_only
def course_new():
    form = _course_form()
    if form.validate_on_submit():
        offer = catalogue().offer(form.offer.data)
        values = course_values(offer, form.name.data, form.organiser.data, form.seats.data, form.starts_on.data,
                               form.ends_on.data, form.apply_from.data, form.apply_until.data, form.name_en.data)
        with immediate(get_db()):  # the change and its audit row, together
            course_id = store.create_course(get_db(), values, current_user.id)
            audit.record(get_db(), current_user.id, "course_created", "course", course_id)
        flash(_("The course was created. Add its sessions next."), "info")
        return redirect(url_for("trainings.course", course_id=course_id))
    return render_template("trainings/course_new.html", form=form), 200 if request.method == "GET" else 400


def _render_course(course: dict, session_form: SessionForm | None = None, status: int = 200):
    db = get_db()
    process_course(course, current_user.id)  # overdue offers lapse and their seats go to the next in line
    course = store.get_course(db, course["id"])
    lang = current_language()
    sessions = store.sessions(db, course["id"])
    return render_template(
        "trainings/course.html", course=course, sessions=sessions, held=sum(s["on_date"] <= today() for s in sessions),
        roster=store.roster(db, course["id"]), offer=catalogue().offer(course["offer_id"]), lang=lang,
        session_form=session_form or SessionForm(formdata=None), offer_name=offer_name, today=today(),
        fees=fee_states(here(), [course["offer_id"]]), pending=pending_certificates(here(), course),
        certificates=len(records.course_certificates(db, course["id"])),
        signups=webinar_signups.for_course(db, course["id"]) if is_webinar(course) else None), status


@bp.get("/kurssi/<int:course_id>")
def course(course_id):
    return _render_course(course_or_404(course_id))


@bp.post("/kurssi/<int:course_id>/istunto")
@coordinator_only
def session_add(course_id):
    course = course_or_404(course_id)
    form = SessionForm()
    if not form.validate_on_submit():
        flash(_("The session was not added: check the fields marked below."), "error")
        return _render_course(course, form, 400)
    values = {key: form[key].data for key in ("place", "link", "trainer", "description")}
    values.update(on_date=form.on_date.data.isoformat(), start_time=form.start_time.data.strftime("%H:%M"),
                  end_time=form.end_time.data.strftime("%H:%M"), hours=float(form.hours.data))
    with immediate(get_db()):
        session_id = store.add_session(get_db(), course_id, values)
        audit.record(get_db(), current_user.id, "session_added", "session", session_id)
    flash(_("The session was added."), "info")
    return redirect(url_for("trainings.course", course_id=course_id))


@bp.post("/istunto/<int:session_id>/poista")
@coordinator_only
def session_delete(session_id):
    course, session = session_or_404(session_id)
    with immediate(get_db()):  # the removal, its audit row and the emails it causes, together
        deleted = store.delete_session(get_db(), session_id)
        if deleted:
            audit.record(get_db(), current_user.id, "session_deleted", "session", session_id)
            flash(_("The session was removed."), "info")
            if session["on_date"] >= today():
                tell_schedule_change(course, session, None)
    if not deleted:
        flash(_("The session has attendance marks: clear them in the roll call first, then remove it."), "error")
        return redirect(url_for("trainings.session_edit", session_id=session_id))
    return redirect(url_for("trainings.course", course_id=course["id"]) + "#istunnot")


@bp.post("/kurssi/<int:course_id>/poista")
@coordinator_only
def course_delete(course_id):
    course_or_404(course_id)
    with immediate(get_db()):
        kept = store.delete_course(get_db(), course_id)
        if not kept:
            audit.record(get_db(), current_user.id, "course_deleted", "course", course_id)
    if kept:
        flash({"attendance": _("The course has attendance records and cannot be removed."),
               "certificates": _("Certificates have been issued in the course, so it cannot be removed."),
               "invoiced": _("The course has invoiced enrolments, so it cannot be removed.")}[kept], "error")
        return redirect(url_for("trainings.course", course_id=course_id))
    flash(_("The course was removed."), "info")
    return redirect(url_for("trainings.calendar"))


@bp.get("/kurssi/<int:course_id>.ics")
def course_calendar(course_id):
    course = course_or_404(course_id)
    lang = current_language()
    body = course_ics(course, store.sessions(get_db(), course_id), offer_name(course["offer_id"], lang),
                      current_app.extensions["clock"], title=course_title(course, lang))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="kurssi-{course_id}.ics"'})
