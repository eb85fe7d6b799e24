"""Correcting a course (name, seats, dates) and a session (date, time, place, trainer, hours)
after they were created; coordinators. Every change is audited with the fields it changed; when
a session that has not been held yet moves or is removed, the companies holding a seat are told
by email (when email is in use), in the language of their analysis."""

from __future__ import annotations

from datetime import date, time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from accounts.audit_events import changed_text
from accounts.auth import coordinator_only
from mailer.queue import mail_enabled, queue_mail
from trainings.rules.courses import course_title
from storage import audit, get_db, immediate
from trainings.storage import changes as changes
from trainings.storage import courses as store
from web.dates import short_day
from web.i18n import current_language

from .blueprints import bp
from .attendance import locked_package
from .forms import CourseDetailsForm, SessionForm
from .offers import offer_days, tell_offered
from .helpers import offer_name, course_or_404, pool_seats, session_or_404, today


def _course_data(course: dict) -> dict:
    dates = {key: date.fromisoformat(course[key]) if course[key] else None
             for key in ("starts_on", "ends_on", "apply_from", "apply_until")}
    return {**course, **dates}


def _course_values(form: CourseDetailsForm) -> dict:
    iso = lambda value: value.isoformat() if value else None  # noqa: E731
    return {"name": form.name.data, "name_en": form.name_en.data or None, "seats": form.seats.data,
            "starts_on": iso(form.starts_on.data),
            "ends_on": iso(form.ends_on.data or form.starts_on.data), "apply_from": iso(form.apply_from.data),
            "apply_until": iso(form.apply_until.data or form.starts_on.data)}


@bp.route("/kurssi/<int:course_id>/muokkaa", methods=["GET", "POST"])
@coordinator_only
def course_edit(course_id):
    course = course_or_404(course_id)
    form = CourseDetailsForm(data=_course_data(course) if request.method == "GET" else None)
    package = locked_package(course)
    locked = changes.certified(get_db(), course_id, package)
    if form.validate_on_submit():
        with immediate(get_db()):  # the change, its audit row and the offers' emails, together
            result = changes.update_course(get_db(), course_id, _course_values(form), pool_seats(course), today(),
                                           offer_days(), package)
            if not result["refused"]:
                _course_saved(course, result)
        if result["refused"] == "seats":
            form.seats.errors = [_("%(n)s seats are taken (enrolled or offered): the course cannot have fewer.",
                                   n=result["taken"])]
        elif result["refused"] == "certified":
            flash(_("Certificates have been issued in this course: its name and dates are kept as they are on the certificates."), "error")  # noqa: E501
        else:
            return redirect(url_for("trainings.course", course_id=course_id))
    status = 200 if request.method == "GET" else 400
    return render_template("trainings/course_edit.html", course=course, form=form, locked=locked,
                           taken=course["enrolled"] + course["offered"], offer_name=offer_name,
                           lang=current_language()), status


def _course_saved(course: dict, result: dict) -> None:
    if not result["changed"]:
        flash(_("Nothing was changed."), "info")
        return
    audit.record(get_db(), current_user.id, "course_edited", "course", course["id"], details=result["changed"])
    tell_offered(result["offers"], current_user.id)
    flash(_("The course was saved (changed: %(fields)s).", fields=changed_text(result["changed"])), "info")
    if result["offers"]:
        flash(ngettext("A new seat was offered to the first company on the waiting list.",
                       "%(num)d new seats were offered to the first companies on the waiting list.",
                       len(result["offers"])), "info")
    now = store.get_course(get_db(), course["id"])
    if any(not now["starts_on"] <= s["on_date"] <= now["ends_on"] for s in store.sessions(get_db(), course["id"])):
        flash(_("Some sessions are outside the course's dates: move them too if the course moved."), "error")


def _session_values(form: SessionForm) -> dict:
    values = {key: form[key].data or None for key in ("place", "link", "trainer", "description")}
    values.update(on_date=form.on_date.data.isoformat(), start_time=form.start_time.data.strftime("%H:%M"),
                  end_time=form.end_time.data.strftime("%H:%M"), hours=float(form.hours.data))
    return values


def _session_form(session: dict) -> SessionForm:
    if request.method != "GET":
        return SessionForm()
    data = {**session, "on_date": date.fromisoformat(session["on_date"]),
            "start_time": time.fromisoformat(session["start_time"]),
            "end_time": time.fromisoformat(session["end_time"])}
    return SessionForm(data=data)


@bp.route("/istunto/<int:session_id>/muokkaa", methods=["GET", "POST"])
@coordinator_only
def session_edit(session_id):
    course, session = session_or_404(session_id)
    form = _session_form(session)
    marked = changes.marks(get_db(), session_id)
    if form.validate_on_submit():
        with immediate(get_db()):  # the change, its audit row and the emails it causes, together
            result = changes.update_session(get_db(), session_id, _session_values(form), today(),
                                            locked_package(course))
            if not result["refused"]:
                _session_saved(course, result, store.get_session(get_db(), session_id))
        if result["refused"] == "marks_future":
            form.on_date.errors = [_("The session has attendance marks, so it cannot move to a day that has not come yet. Clear its marks in the roll call first.")]  # noqa: E501
        elif result["refused"] == "certified":
            flash(_("Certificates have been issued on this course's attendance: the session's date and hours are kept as they are on the certificates."), "error")  # noqa: E501
        else:
            return redirect(url_for("trainings.course", course_id=course["id"]) + "#istunnot")
    status = 200 if request.method == "GET" else 400
    return render_template("trainings/session_edit.html", course=course, session=session, form=form,
                           marked=marked, today=today()), status


def _session_saved(course: dict, result: dict, after: dict) -> None:
    if not result["changed"]:
        flash(_("Nothing was changed."), "info")
        return
    audit.record(get_db(), current_user.id, "session_edited", "session", after["id"], details=result["changed"])
    flash(_("The session was saved (changed: %(fields)s).", fields=changed_text(result["changed"])), "info")
    before = result["before"]
    if set(result["changed"]) & set(changes.SESSION_NOTIFIED) and max(before["on_date"], after["on_date"]) >= today():
        tell_schedule_change(course, before, after)


def tell_schedule_change(course: dict, before: dict, after: dict | None) -> None:
    """Tells the companies holding a seat that a session moved (``after``) or was cancelled
    (``after`` None): by email when email is in use, else the page asks the coordinator to."""
    people = changes.recipients(get_db(), course["id"])
    if not people:
        return
    if not mail_enabled():
        flash(ngettext("Email is not in use, so nobody was told: tell the enrolled company about the change yourself.",  # noqa: E501
                       "Email is not in use, so nobody was told: tell the %(num)d enrolled companies about the change yourself.",  # noqa: E501
                       len(people)), "error")
        return
    sent = 0
    for person in people:
        if not person["email"]:
            continue
        lang = person["language"] if person["language"] in current_app.config["LANGUAGES"] else "fi"
        with force_locale(lang):
            title = course_title(course, lang)
            subject = _("Change in the training: %(course)s", course=title)
            body = render_template("trainings/session_changed_email.txt", lang=lang, title=title,
                                   company=person["company_name"], before=_when(before, lang),
                                   after=_when(after, lang) if after else None)
        queue_mail(person["email"], subject, body, "training schedule change")
        sent += 1
    audit.record(get_db(), current_user.id, "schedule_change_emailed", "course", course["id"])
    flash(ngettext("The enrolled company was told by email.", "The %(num)d enrolled companies were told by email.",
                   sent), "info")


def _when(session: dict, lang: str) -> str:
    """A session's day, time and place in an email ("16.12.2026 9.00–12.00, Mikkeli")."""
    where = session.get("place") or (_("online") if session.get("link") else None)
    text = f"{short_day(session['on_date'], lang)} {session['start_time']}–{session['end_time']}"
    return f"{text}, {where}" if where else text
