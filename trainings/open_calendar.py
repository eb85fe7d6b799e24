"""The open training calendar ("kaikille avoin koulutuskalenteri"): public pages, linked from the
front page, listing the upcoming workshops, webinars and paths with their dates, place or online,
seats left, fee and who each is for; its iCalendar feed; a course's page with how to join. A
company signs up with the private link of its analysis (``signup``), anyone signs up for a
webinar with a name and an email (``webinars``). Nothing here shows anybody's personal data:
seats are counts, meeting links go only to those who signed up."""

from __future__ import annotations

import re

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from mailer.queue import mail_enabled
from storage import get_db
from storage import responses as response_store
from trainings.storage import courses as store
from storage import signup_limits
from web.clients import request_client
from web.errors import csrf_recovery
from web.i18n import current_language
from web.urls import public_url

from .blueprints import public_bp
from .calendar import feed_ics
from .forms import OwnLinkForm, WebinarForm
from .listing import KINDS, course_file, entry, organiser_contact, upcoming
from .helpers import catalogue

LINK_TOKEN = re.compile(r"(?:/a/)?([A-Za-z0-9_-]{32,64})(?:/|$|\?|#)")


def public_course_or_404(course_id: int) -> dict:
    course = store.get_course(get_db(), course_id)
    if course is None or catalogue().offer(course["offer_id"]) is None:
        abort(404)
    return course


@public_bp.get("/koulutuskalenteri")
def open_calendar():
    kind = request.args.get("laji")
    kind = kind if kind in KINDS else None
    lang = current_language()
    return render_template("trainings/open_calendar.html", entries=upcoming(lang, kind), kind=kind, token=None,
                           mine={}, lang=lang)


@public_bp.get("/koulutuskalenteri.ics")
def open_calendar_feed():
    """Every upcoming session of the open calendar; meeting links are not in it."""
    lang = current_language()
    entries = [{"title": e["title"], "about": " – ".join(v for v in (e["offer"], e["audience"]) if v),
                "url": public_url("trainings_public.open_course", course_id=e["id"]),
                "sessions": store.sessions(get_db(), e["id"])} for e in upcoming(lang)]
    body = feed_ics(_("Open training calendar"), entries, current_app.extensions["clock"], _("Online"))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="koulutuskalenteri.ics"'})


def render_course(course: dict, webinar_form: WebinarForm | None = None, link_form: OwnLinkForm | None = None,
                  error: str | None = None, status: int = 200):
    lang = current_language()
    return render_template(
        "trainings/open_course.html", e=entry(course, lang), lang=lang, error=error,
        webinar_form=webinar_form or WebinarForm(formdata=None), link_form=link_form or OwnLinkForm(formdata=None),
        contact=organiser_contact(course["organiser"]), mail=mail_enabled(),
        minutes=current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"]).estimated_minutes,
    ), status


@public_bp.get("/koulutuskalenteri/<int:course_id>")
def open_course(course_id):
    return render_course(public_course_or_404(course_id))


@public_bp.get("/koulutuskalenteri/<int:course_id>/kalenteri.ics")
def open_course_file(course_id):
    """The course's calendar file without the meeting link."""
    return course_file(public_course_or_404(course_id))


@public_bp.post("/koulutuskalenteri/<int:course_id>/oma-linkki")
def open_with_link(course_id):
    """A company pastes the private link of its analysis: on to its sign-up page for the course."""
    course = public_course_or_404(course_id)
    form = OwnLinkForm()
    if not form.validate():
        return render_course(course, link_form=form, status=400)
    if not signup_limits.allow_request(get_db(), request_client(), current_app.config["SIGNUP_LIMIT"]):
        return render_course(course, link_form=form, status=429,
                             error=_("Too many tries from this connection. Try again in an hour."))
    found = LINK_TOKEN.search(form.link.data + "/")
    response = response_store.get_by_token(get_db(), found.group(1)) if found else None
    survey = response and current_app.extensions["surveys"].get(response.survey_id, response.survey_version)
    if response is None or not response.submitted or survey is None or survey.is_followup:
        form.link.errors = [_("This is not the private link of a sent analysis. Check the link, or ask for a new one.")]
        return render_course(course, link_form=form, status=400)
    return redirect(url_for("trainings_public.signup_page", token=found.group(1), course_id=course_id))


def recover_link(exc):
    """An expired form: the course page again with the pasted link, nothing looked up yet."""
    course = public_course_or_404(request.view_args["course_id"])
    return render_course(course, link_form=OwnLinkForm(meta={"csrf": False}), status=400, error=_(
        "Your session had expired, so nothing was sent yet. Your text is still here: press the button again."))


csrf_recovery(public_bp, "trainings_public.open_with_link", recover_link)
