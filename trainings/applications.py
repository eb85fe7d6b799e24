"""A company applies to a path itself with its private link (the offers marked ``application``
in the catalogue): the results page lists the paths open for application, the company applies or
withdraws a pending application, the coordinator accepts or declines it on the course page and the
applicant is told by email when SMTP is configured (in the language of the analysis).

Only a submitted analysis whose company is confirmed may apply: a business ID is public, so an
analysis waiting for an advisor's confirmation (``responses.claim = 'pending'``) or a rejected one
acts for no company."""

from __future__ import annotations


from flask import abort, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from questionnaire.loading import load
from trainings.rules.enrolments import ACTIVE, next_status
from mailer.queue import mail_enabled, queue_mail
from trainings.rules.courses import course_title
from questionnaire.results import render_results
from storage import audit, get_db, immediate
from trainings.storage import courses as store
from reports.data.formatting import time_span
from web.dates import short_day
from web.errors import csrf_recovery
from web.context import Context
from web.i18n import current_language

from .blueprints import public_bp
from . import enrolment_service
from .confirm import confirm_page
from .forms import ApplicationForm
from .enrolment_service import EnrolError
from .helpers import (
    audience, catalogue, closed_reason, enrol, offer_title, tier_label,
)

# several application forms on one page: the app-wide CSRFProtect checks the page's one token
NO_FORM_CSRF = {"csrf": False}


def blocked_reason(response) -> str | None:
    """Why this analysis cannot apply (None: it may)."""
    if response.company_id is not None:
        return None
    if response.awaiting_confirmation:
        return _("An advisor first confirms your analysis, because the business ID already had one. After that you can apply here with this link.")  # noqa: E501
    return _("This analysis is not linked to a company, so it cannot be used to apply. Contact the project to apply.")


def _form_for(course_id: int, response, applying: dict | None) -> ApplicationForm:
    if applying and applying["course_id"] == course_id:
        return applying["form"]
    answers = response.answers
    return ApplicationForm(formdata=None, prefix=f"c{course_id}", meta=NO_FORM_CSRF,
                           data={"participant": answers.get("contact_name"), "email": answers.get("contact_email")})


def _path(ctx: Context, course: dict, mine: dict | None, profile: dict, recommended: set) -> dict:
    lang = ctx.lang
    offer = ctx.catalogue.offer(course["offer_id"])
    fee, tier = enrolment_service.fee_of(ctx.catalogue, course, profile)
    if mine and mine["status"] == "waiting":  # with its place on the waiting list
        mine = store.enrolment_of(ctx.db, course["id"], mine["company_id"])
    sessions = [{"day": short_day(s["on_date"], lang), "time": time_span(s["start_time"], s["end_time"], lang),
                 "place": s["place"], "online": bool(s["link"])} for s in store.sessions(ctx.db, course["id"])]
    return {"course": course, "title": course_title(course, lang), "name": offer_title(course["offer_id"], lang),
            "audience": audience(course["offer_id"], lang), "topics": offer.topics.get(lang),
            "recommended": course["offer_id"] in recommended, "sessions": sessions, "planned": offer.sessions,
            "dates": f"{short_day(course['starts_on'], lang)} – {short_day(course['ends_on'], lang)}",
            "apply_until": short_day(course["apply_until"], lang), "fee": fee, "tier": tier_label(tier, lang),
            "seats": course["seats"], "seats_left": max(course["seats"] - course["enrolled"], 0),
            "open": enrolment_service.closed_reason(course, ctx.today()) is None, "mine": mine,
            "sent_on": short_day(mine["enrolled_at"], lang) if mine else "", "error": None}


def open_paths(ctx: Context, token: str, response, data: dict, applying: dict | None = None) -> dict:
    """The results page's part "paths open for application" (``questionnaire.parts``): application
    offers with a course whose application period is open today, recommended ones first, and this
    company's applications."""
    db, today_iso = ctx.db, ctx.today()
    offers = {o.id for o in ctx.catalogue.offers if o.application}
    mine = {e["course_id"]: e for e in store.for_company(db, response.company_id)} if response.company_id else {}
    wanted = applying["course_id"] if applying else None  # a refused application stays in view with its text
    courses = [c for c in store.courses(db, since=today_iso) if c["id"] == wanted or (
        c["offer_id"] in offers and (enrolment_service.closed_reason(c, today_iso) is None or c["id"] in mine))]
    if wanted and all(c["id"] != wanted for c in courses) and store.get_course(db, wanted):
        courses.append(store.get_course(db, wanted))
    profile = (enrolment_service.profile_of(ctx, response.company_id) if response.company_id else None) or {
        "tier": response.answers.get(ctx.catalogue.tier_question)}
    recommended = {t["offer"] for t in data.get("trainings") or []}
    paths = []
    for course in courses:
        path = _path(ctx, course, mine.get(course["id"]), profile, recommended)
        path["form"] = _form_for(course["id"], response, applying)
        if applying and applying["course_id"] == course["id"]:
            path["error"] = applying["error"]
        paths.append(path)
    paths.sort(key=lambda p: (not p["recommended"], p["course"]["starts_on"], p["course"]["id"]))
    return {"paths": paths, "blocked": blocked_reason(response), "token": token}


def submitted_analysis(token: str):
    """The submitted analysis of a private link and its survey (a follow-up link is a 404; a
    draft goes back to the questionnaire)."""
    response, survey = load(token)
    if survey.is_followup:
        abort(404)
    if not response.submitted:
        abort(redirect(url_for("questionnaire.resume", token=token)))
    return response, survey


def _back(token: str, course_id: int):
    return redirect(url_for("questionnaire.results", token=token) + f"#haku-{course_id}")


def refusal(response, course: dict, existing: dict | None) -> str | None:
    """Why this application cannot be made now (None: it can)."""
    blocked = blocked_reason(response)
    if blocked:
        return blocked
    offer = catalogue().offer(course["offer_id"])
    if offer is None or not offer.application:
        return _("This course takes no applications: your digital advisor enrols companies in it.")
    if existing is not None and next_status("apply", existing["status"]) is None:
        return _("Your application to this course was declined, so it cannot be sent again.")
    return closed_reason(course)


@public_bp.post("/a/<token>/koulutushaku/<int:course_id>")
def apply(token, course_id):
    response, survey = submitted_analysis(token)
    course = store.get_course(get_db(), course_id)
    if course is None:
        abort(404)
    existing = store.enrolment_of(get_db(), course_id, response.company_id) if response.company_id else None
    if existing is not None and existing["status"] in ACTIVE:  # applying twice is harmless
        flash(_("You have already applied to this course; its status is shown below."), "info")
        return _back(token, course_id)
    form = ApplicationForm(prefix=f"c{course_id}", meta=NO_FORM_CSRF)
    problem = send_application(response, course, existing, form)
    if problem is not None:
        return render_results(token, response, survey, {"course_id": course_id, "form": form, "error": problem}, 400)
    flash(_("Your application was sent. The coordinator will accept or decline it."), "info")
    return _back(token, course_id)


def send_application(response, course: dict, existing: dict | None, form: ApplicationForm) -> str | None:
    """Sends the company's own application (from the results page or the sign-up page): None
    when it was recorded, else why not (the form keeps what was typed)."""
    problem = refusal(response, course, existing)
    if problem is None and not form.validate():
        problem = _("Check the marked fields: nothing was sent yet.")
    if problem is not None:
        return problem
    try:
        with immediate(get_db()):  # the application and its audit row, together
            result = enrol(course, response.company_id, None, form.participant.data, event="apply",
                           email=form.email.data, source="company", motivation=form.motivation.data or None,
                           language=response.language)
            if result.created:
                audit.record(get_db(), None, "company_applied_via_link", "enrolment", result.id)
    except EnrolError as exc:
        return str(exc)
    return None


@public_bp.post("/a/<token>/koulutushaku/<int:course_id>/peru")
def withdraw(token, course_id):
    """Withdraws the company's pending application, after a confirmation step (``vahvista``; the
    first press shows what will happen and asks again: no JavaScript needed)."""
    response, _survey = submitted_analysis(token)
    course = store.get_course(get_db(), course_id)
    if course is None or response.company_id is None:
        abort(404)
    back = request.form.get("takaisin") == "ilmoittautuminen"
    if request.form.get("vahvista") != "1":
        return confirm_page(
            _("Withdraw the application?"),
            _("Your application to %(course)s will be withdrawn and the coordinator will not decide on it. You can apply again while the application period is open.",  # noqa: E501
              course=course_title(course, current_language())),
            url_for("trainings_public.withdraw", token=token, course_id=course_id),
            _("Withdraw the application"),
            url_for("trainings_public.signup_page", token=token, course_id=course_id) if back
            else url_for("questionnaire.results", token=token) + f"#haku-{course_id}",
            {"takaisin": request.form.get("takaisin") or ""})
    with immediate(get_db()):
        enrolment_id = store.withdraw_application(get_db(), course_id, response.company_id)
        if enrolment_id is not None:
            audit.record(get_db(), None, "company_withdrew_application", "enrolment", enrolment_id)
    if enrolment_id is None:
        flash(_("There is no pending application to withdraw: the coordinator may have decided on it already."),
              "error")
    else:
        flash(_("Your application was withdrawn."), "info")
    if back:
        return redirect(url_for("trainings_public.signup_page", token=token, course_id=course_id))
    return _back(token, course_id)


def recover_apply(exc):
    """An expired form: the application page again with everything typed and a fresh token."""
    response, survey = submitted_analysis(request.view_args["token"])
    course_id = request.view_args["course_id"]
    form = ApplicationForm(prefix=f"c{course_id}", meta=NO_FORM_CSRF)
    notice = _("Your session had expired, so nothing was sent yet. Your text is still here: press the button again.")
    return render_results(request.view_args["token"], response, survey,
                          {"course_id": course_id, "form": form, "error": notice}, 400)


csrf_recovery(public_bp, "trainings_public.apply", recover_apply)


def tell_decision(enrolment_id: int) -> None:
    """Queues the email of a company's own application's decision to the applicant when SMTP is
    configured, in the language of the analysis (callers run it in the decision's transaction)."""
    enrolment = store.get_enrolment(get_db(), enrolment_id)
    if enrolment is None or enrolment.get("source") != "company" or not enrolment.get("email") or not mail_enabled():
        return
    course = store.get_course(get_db(), enrolment["course_id"])
    with force_locale(enrolment.get("language") or "fi"):
        texts = {"enrolled": _("Your application to the training %(course)s (starts %(start)s) was accepted: %(company)s has a seat. The fee is %(fee)s €."),  # noqa: E501
                 "waiting": _("Your application to the training %(course)s (starts %(start)s) was accepted, but the course is full: %(company)s is number %(rank)s on the waiting list."),  # noqa: E501
                 "declined": _("Your application to the training %(course)s was declined. Your digital advisor can suggest other trainings.")}  # noqa: E501
        if enrolment["status"] not in texts:
            return
        name = course_title(course, enrolment.get("language") or "fi")
        body = texts[enrolment["status"]] % {"course": name,
                                             "start": short_day(course["starts_on"], enrolment.get("language") or "fi"),
                                             "company": enrolment["company_name"], "fee": enrolment["fee"],
                                             "rank": enrolment["rank"]}
        subject = _("Your training application: %(course)s", course=name)
    queue_mail(enrolment["email"], subject, body, "training application decision")
