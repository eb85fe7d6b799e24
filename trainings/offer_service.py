"""Freed seats offered on without a web request: overdue offers lapse and their seats go to the
next companies on the waiting list, each told by email (in the language of its analysis) with its
answer link under the public base URL. Used by the views, ``flask training enrol`` and the daily
``flask training expire-offers``; every function takes the ``Context``."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from mailer.queue import queue_mail
from trainings.rules.courses import course_title
from storage import audit, immediate
from trainings.storage import offers as offers_store
from web.context import Context
from web.dates import day
from web.urls import url_under



def tell_offered(ctx: Context, new_offers: list[dict], user_id: int | None = None) -> None:
    """Audits each new offer and, when SMTP is configured, queues the company's email with its
    answer link (in the language of its analysis). The token exists in clear only here: callers
    run this in the transaction that made the offers, so an offer is never left without its mail."""
    for offer in new_offers:
        audit.record(ctx.db, user_id, "enrolment_offered", "enrolment", offer["id"])
        details = offers_store.offer_details(ctx.db, offer["id"])
        address = details and details.get("email")
        if not address or not ctx.mail:
            continue
        lang = details["language"] if details["language"] in ctx.languages else "fi"
        link = url_under(ctx.base_url, "trainings_public.offer", token=offer["token"])
        with force_locale(lang):  # the email in the language of the company's analysis
            name = course_title(details, lang, "course_name")
            subject = _("A seat in the training: %(course)s", course=name)
            body = render_template("trainings/offer_email.txt", lang=lang, link=link, offer=details, course_name=name,
                                   starts=day(details["starts_on"]), until=day(offer["offer_until"]))
        queue_mail(address, subject, body, "training seat offer", db=ctx.db)


def process_course(ctx: Context, course: dict, user_id: int | None = None) -> None:
    """Lapses the course's overdue offers and offers their seats on."""
    with immediate(ctx.db):
        _lapsed, new_offers = offers_store.expire_course(ctx.db, course["id"], ctx.today(), ctx.catalogue.offer_days,
                                                         ctx.pool_seats(course))
        tell_offered(ctx, new_offers, user_id)


def expire_all(ctx: Context) -> tuple[int, int]:
    """Every course's overdue offers (for cron); returns (lapsed, newly offered)."""
    lapsed = offered = 0
    for course in offers_store.courses_with_overdue_offers(ctx.db, ctx.today()):
        with immediate(ctx.db):
            gone, new_offers = offers_store.expire_course(ctx.db, course["id"], ctx.today(), ctx.catalogue.offer_days,
                                                          ctx.pool_seats(course))
            tell_offered(ctx, new_offers)
        lapsed, offered = lapsed + len(gone), offered + len(new_offers)
    return lapsed, offered
