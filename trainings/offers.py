"""A freed seat offered to the first waiting company: the email with the answer link, the
public answer page ``/koulutuspaikka/<token>`` (accept / decline), the answer an advisor
records for the company (phone call), and the lazy processing of lapsed offers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.rules.courses import course_title
from storage import audit, get_db, immediate
from trainings.storage import offers as offers_store
from trainings.storage import courses as store
from web.context import here
from web.dates import day, day_span
from web.i18n import current_language, follow_draft_language
from web.redirects import safe_next

from . import offer_service
from .blueprints import bp, public_bp
from .confirm import confirm_page
from .listing import course_file, organiser_contact, sessions_of
from .helpers import audience, catalogue, offer_title, pool_seats, tier_label, today


def offer_days() -> int:
    return catalogue().offer_days


def tell_offered(new_offers: list[dict], user_id: int | None = None) -> None:
    """``offer_service.tell_offered`` in this request's context."""
    offer_service.tell_offered(here(), new_offers, user_id)


def process_course(course: dict, user_id: int | None = None) -> None:
    """``offer_service.process_course`` in this request's context (views call this before showing
    or writing the course's enrolments)."""
    offer_service.process_course(here(), course, user_id)


def _page_data(details: dict, lang: str) -> dict:
    """The offer page: the course in plain words (no internal codes), its sessions (the meeting
    link only once the seat is the company's) and, after accepting, the next steps."""
    enrolled = details["status"] == "enrolled"
    return {"offer": details, "course_name": course_title(details, lang, "course_name"),
            "offer_label": offer_title(details["offer_id"], lang), "audience": audience(details["offer_id"], lang),
            "tier": tier_label(details["fee_tier"], lang), "sessions": sessions_of(details["course_id"], enrolled),
            "until": day(details["offer_until"]), "dates": day_span(details["starts_on"], details["ends_on"]),
            "contact": organiser_contact(details["organiser"]), "lang": lang}


@public_bp.route("/koulutuspaikka/<token>", methods=["GET", "POST"])
def offer(token):
    """Public: the company accepts or declines the seat offered to it (by the link's token)."""
    details = offers_store.offer_by_token(get_db(), token)
    if details is None:
        abort(404)
    follow_draft_language(details["language"])
    course = store.get_course(get_db(), details["course_id"])
    if request.method == "POST":
        choice = request.form.get("vastaus")
        if choice not in ("accept", "decline"):
            abort(400)
        if choice == "decline" and details["status"] == "offered" and request.form.get("vahvista") != "1":
            return confirm_decline(details, url_for("trainings_public.offer", token=token),
                                   url_for("trainings_public.offer", token=token))
        with immediate(get_db()):
            result, new_offers = offers_store.answer(get_db(), details["id"], choice == "accept", today(),
                                                     offer_days(), pool_seats(course))
            audit.record(get_db(), None, f"offer_{result}", "enrolment", details["id"])
            tell_offered(new_offers)
        flash(answer_message(result, bool(new_offers)), "info" if result in ("enrolled", "declined") else "error")
        return redirect(url_for("trainings_public.offer", token=token))
    process_course(course)
    details = offers_store.offer_by_token(get_db(), token)
    return render_template("trainings/offer.html", token=token, **_page_data(details, current_language()))


def confirm_decline(details: dict, action: str, back: str):
    """The confirmation step before a seat is declined (it cannot be taken back)."""
    return confirm_page(
        _("Decline the seat?"),
        _("%(company)s will not take part in %(course)s, and the seat goes to the next company on the waiting list, if there is one. This cannot be undone.",  # noqa: E501
          company=details["company_name"], course=course_title(details, current_language(), "course_name")),
        action, _("Decline the seat"), back, {"vastaus": "decline"})


def answer_message(result: str, offered_on: bool) -> str:
    """What really happened to the answer: a declined seat went to the next company only when
    the waiting list had one (``offered_on``)."""
    if result == "declined":
        return (_("Thank you for letting us know: the seat was offered to the next company on the waiting list.")
                if offered_on
                else _("Thank you for letting us know: the seat is free again (nobody was waiting for it)."))
    return {"enrolled": _("Thank you: the seat is yours. Welcome to the training! The next steps are below."),
            "already_lapsed": _("The deadline to accept this seat has passed, so nothing was changed."),
            }.get(result, _("This offer has already been answered, so nothing was changed."))


@public_bp.get("/koulutuspaikka/<token>/kalenteri.ics")
def offer_calendar(token):
    """The course's calendar file for a company that accepted the seat (with the meeting link)."""
    details = offers_store.offer_by_token(get_db(), token)
    if details is None or details["status"] != "enrolled":
        abort(404)
    return course_file(store.get_course(get_db(), details["course_id"]), with_links=True)


@bp.post("/tarjous/<int:enrolment_id>/<answer>")
def record_answer(enrolment_id, answer):
    """An advisor of the company's organisation, or a coordinator, records the company's answer
    (e.g. given by phone)."""
    if answer not in ("vastaanota", "kieltaydy"):
        abort(404)
    details = offers_store.offer_details(get_db(), enrolment_id)
    if details is None or not (current_user.is_coordinator or details["organisation"] == current_user.organisation):
        abort(404)
    course = store.get_course(get_db(), details["course_id"])
    with immediate(get_db()):
        result, new_offers = offers_store.answer(get_db(), enrolment_id, answer == "vastaanota", today(),
                                                 offer_days(), pool_seats(course))
        audit.record(get_db(), current_user.id, f"offer_{result}_recorded", "enrolment", enrolment_id)
        tell_offered(new_offers, current_user.id)
    flash(_answer_recorded(result, details["company_name"], bool(new_offers)),
          "info" if result in ("enrolled", "declined") else "error")
    target = safe_next(request.form.get("next"))
    if target:
        return redirect(target)
    return redirect(url_for("advisor.company", company_id=details["company_id"]) + "#koulutukset")


def _answer_recorded(result: str, company: str, offered_on: bool) -> str:
    if result == "enrolled":
        return _("%(company)s accepted the seat and is now enrolled.", company=company)
    if result == "declined" and offered_on:
        return _("%(company)s declined the seat; it was offered to the next company in line.", company=company)
    if result == "declined":
        return _("%(company)s declined the seat; nobody was waiting, so the seat is free again.", company=company)
    if result == "already_lapsed":
        return _("The offer to %(company)s had already lapsed; nothing was changed.", company=company)
    return _("The offer to %(company)s was already answered; nothing was changed.", company=company)
