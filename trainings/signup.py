"""A company signs up with the private link of its analysis (``/a/<token>/koulutus/<course_id>``,
reached from the open calendar and from the results page's recommendations): a workshop gives a
seat or a place on the waiting list under the same seat rules as an advisor's enrolment
(``service.enrol(..., event="enrol")``, ``source = 'company'``); a path that takes applications
keeps the application flow (event ``apply``). The participant's name and email are prefilled from
the company's confirmed contact (``company_contact``). The page then shows the status and the next
steps – the calendar file, the place or the meeting link, whom to contact – and lets the company
answer an offered seat or cancel within the rule of ``trainings.rules.signup`` (every irreversible step
asks for a confirmation first). Only a submitted analysis of a confirmed company signs up: a
business ID is public, so an unconfirmed analysis acts for no company."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from mailer.queue import mail_enabled, queue_mail
from trainings.rules.enrolments import ACTIVE
from trainings.rules.signup import FREE, LATE, free_until, own_cancellation
from trainings.rules.courses import course_title
from storage import audit, get_db, immediate
from trainings.storage import offers as offers_store
from trainings.storage import courses as store
from web.dates import day
from web.errors import csrf_recovery
from web.i18n import current_language
from web.urls import public_url

from .blueprints import public_bp
from .applications import NO_FORM_CSRF, blocked_reason, send_application, submitted_analysis
from .confirm import confirm_page
from .forms import ApplicationForm, SignupForm
from .listing import KINDS, course_file, entry, how_to_join, organiser_contact, upcoming
from .offers import answer_message, confirm_decline, offer_days, process_course, tell_offered
from .open_calendar import public_course_or_404
from .enrolment_service import EnrolError, refusal_text
from .helpers import (
    catalogue, enrol, fee_of, pool_seats, profile_of, tier_label, today,
)


def _context(token: str, course_id: int):
    response, _survey = submitted_analysis(token)
    return response, public_course_or_404(course_id)


def _mine(response, course_id: int) -> dict | None:
    return store.enrolment_of(get_db(), course_id, response.company_id) if response.company_id else None


def _profile(response) -> dict:
    """The company's confirmed contact and fee-tier answer (an unconfirmed analysis: its own answers)."""
    profile = profile_of(response.company_id) if response.company_id else None
    return profile or {"tier": response.answers.get(catalogue().tier_question),
                       "contact_name": response.answers.get("contact_name"),
                       "contact_email": response.answers.get("contact_email"), "organisation": None}


def _form(how: str, course_id: int, profile: dict):
    data = {"participant": profile.get("contact_name"), "email": profile.get("contact_email")}
    if how == "apply":
        return ApplicationForm(formdata=None, prefix=f"c{course_id}", meta=NO_FORM_CSRF, data=data)
    return SignupForm(formdata=None, meta=NO_FORM_CSRF, data=data)


def render_page(token: str, response, course: dict, form=None, error: str | None = None, status: int = 200):
    lang = current_language()
    offer = catalogue().offer(course["offer_id"])
    mine = _mine(response, course["id"])
    live = mine if mine and mine["status"] in ACTIVE else None
    profile = _profile(response)
    fee, tier = fee_of(course, profile)
    organisation = profile.get("organisation") or current_app.extensions["projectdata"].assign(response.answers)
    return render_template(
        "trainings/signup.html", e=entry(course, lang, with_links=bool(live) and live["status"] == "enrolled"),
        token=token, mine=mine, live=live, how=how_to_join(offer), lang=lang, error=error,
        form=form or _form(how_to_join(offer), course["id"], profile), blocked=blocked_reason(response),
        rule=own_cancellation(live["status"], course["starts_on"], today(), catalogue().free_cancel_days)
        if live else None, free_until=day(free_until(course["starts_on"], catalogue().free_cancel_days)),
        fee=fee, tier=tier_label(tier, lang), contact=organiser_contact(course["organiser"]),
        advisor=organiser_contact(organisation)), status


@public_bp.get("/a/<token>/koulutus/<int:course_id>")
def signup_page(token, course_id):
    response, course = _context(token, course_id)
    if how_to_join(catalogue().offer(course["offer_id"])) == "webinar":  # anyone's: a name and an email
        return redirect(url_for("trainings_public.open_course", course_id=course_id))
    process_course(course)  # an overdue offer lapses and its seat goes on before the page shows it
    return render_page(token, response, store.get_course(get_db(), course_id))


@public_bp.get("/a/<token>/koulutuskalenteri")
def own_calendar(token):
    """The open calendar with this company's sign-ups, each course linking to its sign-up page."""
    response, _survey = submitted_analysis(token)
    kind = request.args.get("laji")
    lang = current_language()
    mine = {e["course_id"]: e for e in store.for_company(get_db(), response.company_id)} if response.company_id else {}
    kind = kind if kind in KINDS else None
    return render_template("trainings/open_calendar.html", entries=upcoming(lang, kind), kind=kind, token=token,
                           mine=mine, lang=lang)


@public_bp.post("/a/<token>/koulutus/<int:course_id>")
def signup(token, course_id):
    response, course = _context(token, course_id)
    how = how_to_join(catalogue().offer(course["offer_id"]))
    if how not in ("signup", "apply"):
        abort(404)  # webinars take a name and an email on the open calendar; advisors enrol in the other paths
    mine = _mine(response, course_id)
    if mine is not None and mine["status"] in ACTIVE:  # a second press changes nothing
        flash(_("You have already signed up for this training; its status is shown below."), "info")
        return redirect(url_for("trainings_public.signup_page", token=token, course_id=course_id))
    if how == "apply":
        form = ApplicationForm(prefix=f"c{course_id}", meta=NO_FORM_CSRF)
        problem, result = send_application(response, course, mine, form), None
    else:
        form = SignupForm(meta=NO_FORM_CSRF)
        problem, result = _sign_up(response, course, form)
    if problem is not None:
        return render_page(token, response, course, form, problem, 400)
    if result is not None:
        _tell_signed_up(response, store.get_course(get_db(), course_id), result, form.email.data)
    flash(_signed_up_message(result), "info")
    return redirect(url_for("trainings_public.signup_page", token=token, course_id=course_id))


def _sign_up(response, course: dict, form: SignupForm):
    """(problem, None) or (None, the enrolment): a seat or the waiting list by the seat rules."""
    problem = blocked_reason(response)
    if problem is None and not form.validate():
        problem = _("Check the marked fields: nothing was sent yet.")
    if problem is not None:
        return problem, None
    process_course(course)  # a lapsed offer frees its seat for the waiting list first
    try:
        with immediate(get_db()):  # the enrolment and its audit row, together
            result = enrol(course, response.company_id, None, form.participant.data, event="enrol",
                           email=form.email.data, source="company", language=response.language)
            if result.created:
                audit.record(get_db(), None, "company_signed_up_via_link", "enrolment", result.id)
    except EnrolError as exc:
        return str(exc), None
    return None, result


def _signed_up_message(result) -> str:
    if result is None:
        return _("Your application was sent. The coordinator will accept or decline it.")
    if result.status == "waiting":
        return _("The training is full: you are number %(n)s on the waiting list. If a seat becomes free, it is offered to you.", n=result.rank)  # noqa: E501
    if result.status == "offered":
        return _("A seat is offered to you: answer below.")
    return _("You have a seat in the training. The next steps are below.")


def _tell_signed_up(response, course: dict, result, address: str | None) -> None:
    """The confirmation email (when SMTP is configured), in the language of the analysis."""
    if not address or not mail_enabled():
        return
    lang = response.language if response.language in current_app.config["LANGUAGES"] else "fi"
    with force_locale(lang):
        e = entry(course, lang, with_links=result.status == "enrolled")
        body = render_template(
            "trainings/signup_email.txt", e=e, status=result.status, rank=result.rank, fee=result.fee, lang=lang,
            free_until=day(free_until(course["starts_on"], catalogue().free_cancel_days)),
            calendar=public_url("trainings_public.open_course_file", course_id=course["id"]),
            contact=organiser_contact(course["organiser"]))
        subject = _("Signed up: %(course)s", course=course_title(course, lang))
    queue_mail(address, subject, body, "training sign-up")


def recover_signup(exc):
    """An expired form: the sign-up page again with everything typed, nothing sent yet."""
    response, course = _context(request.view_args["token"], request.view_args["course_id"])
    how = how_to_join(catalogue().offer(course["offer_id"]))
    form = (ApplicationForm(prefix=f"c{course['id']}", meta=NO_FORM_CSRF) if how == "apply"
            else SignupForm(meta=NO_FORM_CSRF))
    notice = _("Your session had expired, so nothing was sent yet. Your text is still here: press the button again.")
    return render_page(request.view_args["token"], response, course, form, notice, 400)


csrf_recovery(public_bp, "trainings_public.signup", recover_signup)


def _back(token: str, course_id: int):
    return redirect(url_for("trainings_public.signup_page", token=token, course_id=course_id))


@public_bp.post("/a/<token>/koulutus/<int:course_id>/peru")
def cancel_own(token, course_id):
    """The company cancels its own seat or waiting-list place within the rule of
    ``trainings.rules.signup`` (a seat: free until ``free_days_before`` days before the start; later the
    page asks it to contact the organiser), after a confirmation step."""
    response, course = _context(token, course_id)
    mine = _mine(response, course_id)
    if mine is None or mine["status"] not in ("enrolled", "waiting"):
        flash(_("There is nothing to cancel: the status is shown below."), "error")
        return _back(token, course_id)
    rule = own_cancellation(mine["status"], course["starts_on"], today(), catalogue().free_cancel_days)
    if rule != FREE:
        started = _("The training has started, so the sign-up is kept as it is. Contact the organiser if you cannot come.")  # noqa: E501
        flash(_late_text() if rule == LATE else started, "error")
        return _back(token, course_id)
    if request.form.get("vahvista") != "1":
        seat = mine["status"] == "enrolled"
        return confirm_page(
            _("Cancel the sign-up?") if seat else _("Leave the waiting list?"),
            _seat_text(course) if seat else
            _("Your company leaves the waiting list of %(course)s. If you sign up again later, you go to the end of the list.",  # noqa: E501
              course=course_title(course, current_language())),
            url_for("trainings_public.cancel_own", token=token, course_id=course_id),
            _("Cancel the sign-up") if seat else _("Leave the waiting list"),
            url_for("trainings_public.signup_page", token=token, course_id=course_id))
    with immediate(get_db()):  # the cancellation, its audit row and the offers' emails, together
        change = store.cancel(get_db(), mine["id"], pool_seats(course), today(), offer_days())
        tell_offered(change["offers"])
        if change["changed"]:
            audit.record(get_db(), None, "company_cancelled_via_link", "enrolment", mine["id"])
    if not change["changed"]:
        flash(refusal_text(change["refusal"]), "error")
        return _back(token, course_id)
    text = _("Your sign-up was cancelled.")
    if change["offers"]:
        text += " " + _("The seat was offered to the next company on the waiting list.")
    flash(text, "info")
    return _back(token, course_id)


def _seat_text(course: dict) -> str:
    """What cancelling a seat does: offered on only when a company is waiting for it."""
    title = course_title(course, current_language())
    if course.get("waiting"):
        return _("Your seat in %(course)s is cancelled free of charge and offered to the next company on the waiting list.",  # noqa: E501
                 course=title)
    return _("Your seat in %(course)s is cancelled free of charge and becomes free for others to sign up.",
             course=title)


def _late_text() -> str:
    return _("Cancelling now would cost the fee, as the free cancellation period has ended. Contact the organiser below: they can tell you what to do.")  # noqa: E501


@public_bp.post("/a/<token>/koulutus/<int:course_id>/vastaus")
def answer_own(token, course_id):
    """The company answers a seat offered to it on its sign-up page (as with the emailed link)."""
    response, course = _context(token, course_id)
    mine = _mine(response, course_id)
    choice = request.form.get("vastaus")
    if mine is None or choice not in ("accept", "decline"):
        abort(404)
    page = url_for("trainings_public.signup_page", token=token, course_id=course_id)
    if choice == "decline" and mine["status"] == "offered" and request.form.get("vahvista") != "1":
        details = offers_store.offer_details(get_db(), mine["id"])
        return confirm_decline(details, url_for("trainings_public.answer_own", token=token, course_id=course_id), page)
    with immediate(get_db()):  # the answer, its audit row and the offers' emails, together
        result, new_offers = offers_store.answer(get_db(), mine["id"], choice == "accept", today(), offer_days(),
                                                 pool_seats(course))
        audit.record(get_db(), None, f"offer_{result}", "enrolment", mine["id"])
        tell_offered(new_offers)
    flash(answer_message(result, bool(new_offers)), "info" if result in ("enrolled", "declined") else "error")
    return redirect(page)


@public_bp.get("/a/<token>/koulutus/<int:course_id>/kalenteri.ics")
def own_file(token, course_id):
    """The course's calendar file; with the meeting link once the company holds a seat."""
    response, course = _context(token, course_id)
    mine = _mine(response, course_id)
    return course_file(course, with_links=bool(mine) and mine["status"] == "enrolled")
