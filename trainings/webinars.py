"""Webinar sign-ups from the open calendar: anyone gives a name and an email (no analysis needed)
and gets the meeting link, the calendar file and – when SMTP is configured – a confirmation email
with a private link to cancel (``/webinaari/<token>``: only a hash of the token is stored).

A second sign-up with the same address changes nothing and only mails the address its cancel link
again; the sign-up's own page is linked on the confirmation page only for a new sign-up (the
browser that created it: without email that is the only way to cancel), never for a repeat, which
may be a stranger typing someone's address. Sign-ups are limited per client address and per email address (the same
pattern as "email me my link"), never exceed the webinar's seats and count only as a separate
"signed up" figure, never as attendance."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from mailer.queue import mail_enabled, queue_mail
from trainings.rules.courses import course_title
from storage import audit, get_db, immediate
from trainings.storage import courses as store
from storage import signup_limits
from trainings.storage import webinar_signups
from web.errors import csrf_recovery
from web.i18n import current_language, follow_draft_language
from web.clients import request_client
from web.urls import public_url

from .blueprints import public_bp
from .confirm import confirm_page
from .forms import WebinarForm
from .listing import course_file, entry, organiser_contact
from .open_calendar import public_course_or_404, render_course
from .helpers import catalogue, closed_reason


def _webinar_or_404(course_id: int) -> dict:
    course = public_course_or_404(course_id)
    if catalogue().offer(course["offer_id"]).kind != "webinar":
        abort(404)
    return course


@public_bp.post("/koulutuskalenteri/<int:course_id>/webinaari")
def webinar_signup(course_id):
    course = _webinar_or_404(course_id)
    form = WebinarForm()
    if not form.validate():
        return render_course(course, webinar_form=form, status=400,
                             error=_("Check the marked fields: nothing was sent yet."))
    problem = closed_reason(course)
    if problem:
        return render_course(course, webinar_form=form, error=problem, status=400)
    if not signup_limits.allow_request(get_db(), request_client(), current_app.config["SIGNUP_LIMIT"],
                                         form.email.data):
        return render_course(course, webinar_form=form, status=429, error=_(
            "Too many sign-ups from this connection or for this email address. Try again in an hour, or contact the organiser."))  # noqa: E501
    lang = current_language()
    with immediate(get_db()):  # the sign-up and its audit row, together
        result = webinar_signups.sign_up(get_db(), course_id, form.name.data, form.email.data, lang, course["seats"],
                                         secret=current_app.config["SECRET_KEY"])
        if result["result"] == "created":
            audit.record(get_db(), None, "webinar_signed_up", "webinar_signup", result["id"])
    if result["result"] == "full":
        return render_course(course, webinar_form=form, status=400,
                             error=_("The webinar is full: nobody can sign up any more."))
    if mail_enabled():
        # an existing sign-up's own language: whoever typed the address cannot change it
        signup = webinar_signups.by_token(get_db(), result["token"])
        _confirm_by_email(course, signup["email"], result["token"], signup["language"] or lang)
    # the sign-up's own page (cancel, calendar) only to the browser that created it now: a repeat
    # sign-up may be a stranger typing someone's address, who must never get that person's link
    own = (url_for("trainings_public.webinar_page", token=result["token"])
           if result["result"] == "created" and result["token"] else None)
    return render_template("trainings/webinar_done.html", e=entry(course, lang, with_links=True), lang=lang,
                           name=form.name.data, email=form.email.data, mail=mail_enabled(), own=own,
                           contact=organiser_contact(course["organiser"]))


def _confirm_by_email(course: dict, address: str, token: str, lang: str) -> None:
    """The confirmation to the address typed: nothing typed in the form is in it (anyone may type
    anyone's address, so a name would carry a stranger's text in the project's email)."""
    with force_locale(lang):
        e = entry(course, lang, with_links=True)
        subject = _("Signed up: %(webinar)s", webinar=course_title(course, lang))
        body = render_template("trainings/webinar_email.txt", e=e, lang=lang,
                               page=public_url("trainings_public.webinar_page", token=token),
                               calendar=public_url("trainings_public.webinar_file", token=token),
                               contact=organiser_contact(course["organiser"]))
    queue_mail(address, subject, body, "webinar sign-up")


def recover_signup(exc):
    """An expired form: the course page again with what was typed, nothing sent yet."""
    course = _webinar_or_404(request.view_args["course_id"])
    form = WebinarForm(meta={"csrf": False})
    return render_course(course, webinar_form=form, status=400, error=_(
        "Your session had expired, so nothing was sent yet. Your text is still here: press the button again."))


csrf_recovery(public_bp, "trainings_public.webinar_signup", recover_signup)


def _signup_or_404(token: str) -> tuple[dict, dict]:
    signup = webinar_signups.by_token(get_db(), token)
    if signup is None:
        abort(404)
    follow_draft_language(signup["language"])
    return signup, store.get_course(get_db(), signup["course_id"])


@public_bp.get("/webinaari/<token>")
def webinar_page(token):
    """The sign-up's own page (the emailed link): the webinar, the meeting link and cancelling."""
    signup, course = _signup_or_404(token)
    live = signup["cancelled_at"] is None
    lang = current_language()
    return render_template("trainings/webinar_signup.html", signup=signup, live=live, token=token, lang=lang,
                           e=entry(course, lang, with_links=live), contact=organiser_contact(course["organiser"]))


@public_bp.get("/webinaari/<token>/kalenteri.ics")
def webinar_file(token):
    signup, course = _signup_or_404(token)
    if signup["cancelled_at"] is not None:
        abort(404)
    return course_file(course, with_links=True)


@public_bp.post("/webinaari/<token>/peru")
def webinar_cancel(token):
    signup, course = _signup_or_404(token)
    page = url_for("trainings_public.webinar_page", token=token)
    if request.form.get("vahvista") != "1":
        return confirm_page(_("Cancel the sign-up?"),
                            _("You will no longer be signed up for %(webinar)s, and the meeting link is no longer shown here.",  # noqa: E501
                              webinar=course_title(course, current_language())),
                            url_for("trainings_public.webinar_cancel", token=token), _("Cancel the sign-up"), page)
    with immediate(get_db()):  # the cancellation and its audit row, together
        cancelled = webinar_signups.cancel(get_db(), signup["id"], token)
        if cancelled:
            audit.record(get_db(), None, "webinar_signup_cancelled", "webinar_signup", signup["id"])
    if cancelled:
        flash(_("Your sign-up was cancelled. Your name and email were removed."), "info")
    else:
        flash(_("This sign-up had already been cancelled."), "info")
    return redirect(page)
