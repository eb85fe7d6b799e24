"""What the open training calendar, the sign-up pages and the results page show of a course, in
the reader's language and without internal codes: its name, who it is for, the dates and sessions
(place, or "online": a meeting link only goes to those who signed up), the seats left, the fee and
how to join. Public data only: never another company's or person's details."""

from __future__ import annotations

from flask import Response, abort, current_app
from flask_babel import gettext as _

from trainings.rules.signup import seats_left
from trainings.rules.courses import course_title
from storage import get_db
from trainings.storage import courses as store
from trainings.storage import webinar_signups
from trainings.storage.seats import pool_taken
from web.dates import day, day_span, time_span
from web.i18n import current_language

from .calendar import course_ics
from .helpers import audience, catalogue, closed_reason, offer_title, pool_seats, today

KINDS = ("workshop", "webinar", "path")


def kind_label(kind: str) -> str:
    return {"workshop": _("Workshop"), "webinar": _("Webinar"), "path": _("Training path")}.get(kind, "")


def how_to_join(offer) -> str:
    """``webinar`` (name and email), ``signup`` (a company with its analysis link: a seat or the
    waiting list), ``apply`` (a path taking applications) or ``advisor`` (the advisor enrols)."""
    if offer.kind == "webinar":
        return "webinar"
    if offer.kind == "workshop":
        return "signup"
    return "apply" if offer.application else "advisor"


def fee_text(offer) -> str:
    """The fee as the public sees it (a company's own tier is on its sign-up page)."""
    if not offer.fee and not offer.fee_high:
        return _("Free of charge")
    text = _("%(fee)s € per company", fee=offer.fee)
    if offer.fee_high and catalogue().threshold:
        text += " " + _("(%(fee)s € when %(threshold)s)", fee=offer.fee_high,
                        threshold=catalogue().threshold.get(current_language()))
    return text


def fee_note(offer) -> str | None:
    """How often the fee is charged, when it is not once per course."""
    if offer.fee and offer.fee_basis == "package":
        return _("The fee is paid once: your company's later workshops are included.")
    return None


def _web_link(link: str | None) -> bool:
    return bool(link) and link.lower().startswith(("https://", "http://"))


def sessions_of(course_id: int, with_links: bool = False) -> list[dict]:
    return [{"id": s["id"], "day": day(s["on_date"]), "on_date": s["on_date"],
             "time": time_span(s["start_time"], s["end_time"]), "place": s["place"], "online": bool(s["link"]),
             "link": s["link"] if with_links and _web_link(s["link"]) else None, "trainer": s["trainer"]}
            for s in store.sessions(get_db(), course_id)]


def left(course: dict, offer) -> int:
    """Seats left (the one definition, for the open calendar and the staff pages): a webinar's minus
    its live sign-ups; a course's minus those held, within its pool."""
    if offer is not None and offer.kind == "webinar":
        signed_up = course.get("signed_up")
        return seats_left(course["seats"], webinar_signups.count(get_db(), course["id"]) if signed_up is None
                          else signed_up)
    taken = course["enrolled"] + course["offered"]
    return seats_left(course["seats"], taken, pool_seats(course), pool_taken(get_db(), course.get("pool")))


def entry(course: dict, lang: str, with_links: bool = False) -> dict:
    """One course as the calendar shows it."""
    offer = catalogue().offer(course["offer_id"])
    organisation = current_app.extensions["projectdata"].organisation(course["organiser"])
    closed = closed_reason(course)
    sessions = sessions_of(course["id"], with_links)
    return {
        "id": course["id"], "course": course, "title": course_title(course, lang), "kind": offer.kind,
        "kind_label": kind_label(offer.kind), "offer": offer_title(offer.id, lang),
        "topics": offer.topics.get(lang), "audience": audience(offer.id, lang), "how": how_to_join(offer),
        "dates": day_span(course["starts_on"], course["ends_on"]), "starts_on": course["starts_on"],
        "sessions": sessions, "planned": offer.sessions, "seats": course["seats"],
        "places": sorted({x["place"] for x in sessions if x["place"]}), "online": any(x["online"] for x in sessions),
        "seats_left": left(course, offer), "fee": fee_text(offer), "fee_note": fee_note(offer),
        "open": closed is None, "closed": closed,
        "apply_until": day(course["apply_until"]) if course.get("apply_until") else "",
        "organiser": organisation.name.get(lang) if organisation else "",
    }


def upcoming(lang: str, kind: str | None = None) -> list[dict]:
    """The calendar: courses of the catalogue's offers that have not started yet (a one-day
    workshop or webinar still on its day), soonest first; ``kind`` narrows it."""
    on = today()
    rows = []
    for course in store.courses(get_db(), since=on):
        offer = catalogue().offer(course["offer_id"])
        if offer is None or course["starts_on"] < on or (kind and offer.kind != kind):
            continue
        rows.append(entry(course, lang))
    return rows


def organiser_contact(org_id: str | None):
    """Whom to contact about a course or a company's trainings (projectdata: the organisation's
    contact, else the service's)."""
    return current_app.extensions["projectdata"].contact_of(org_id)


def course_file(course: dict | None, with_links: bool = False, lang: str | None = None) -> Response:
    """The course's iCalendar file in the reader's language; the meeting link only ``with_links``
    (for those who hold a seat or signed up)."""
    if course is None:
        abort(404)
    lang = lang or current_language()
    about = offer_title(course["offer_id"], lang)
    body = course_ics(course, store.sessions(get_db(), course["id"]), about, current_app.extensions["clock"],
                      title=course_title(course, lang), online_text=None if with_links else _("Online"))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="koulutus-{course["id"]}.ics"'})
