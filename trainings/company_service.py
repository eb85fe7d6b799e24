"""A company's trainings for the advisor's company page, without a web request: its enrolments
with attendance and fees, and the open courses to enrol it in (those of the offers it was
referred to first). Every function takes the ``Context``."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from trainings.rules.own_trainings import without_own_trainings
from trainings.storage import courses as store
from web.context import Context
from web.dates import day_span

from .invoicing_service import fee_states
from .helpers import offer_name


def _is_webinar(ctx: Context, course: dict) -> bool:
    offer = ctx.catalogue.offer(course["offer_id"])
    return offer is not None and offer.kind == "webinar"


def enrol_choices(ctx: Context, company_id: int, referred_offers) -> list[dict]:
    """Open courses for the company's enrolment form, those that fit the company first: the
    offers its advisor referred it to, then those its analysis recommends, each by start date.
    ``fit``: 'referred', 'recommended' or None; ``label``: the course's name, its work package
    when the name does not say it, its dates and the seats left (never the offer's name again)."""
    enrolments = store.for_company(ctx.db, company_id)
    taken = {e["course_id"] for e in enrolments if e["status"] in store.ACTIVE}
    # an offer the company takes part in or has attended is not "recommended" again
    recommended = set(without_own_trainings(store.recommended_offers(ctx.db, company_id), enrolments))
    today, rows = ctx.today(), []
    for course in store.courses(ctx.db, since=today):
        if course["id"] in taken or (course["apply_until"] and course["apply_until"] < today) \
                or _is_webinar(ctx, course):
            continue
        fit = "referred" if course["offer_id"] in referred_offers else \
            "recommended" if course["offer_id"] in recommended else None
        offer = ctx.catalogue.offer(course["offer_id"])
        package = offer.package if offer and offer.package not in course["name"] else None
        left = max(course["seats"] - course["enrolled"] - course["offered"], 0)
        with force_locale(ctx.lang):
            seats = _("%(n)s seats left", n=left) if left else _("full: waiting list")
            span = day_span(course["starts_on"], course["ends_on"])
        rows.append({**course, "fit": fit, "recommended": fit is not None,
                     "label": " · ".join(part for part in (package, course["name"], span, seats) if part)})
    order = {"referred": 0, "recommended": 1, None: 2}
    return sorted(rows, key=lambda c: (order[c["fit"]], c["starts_on"], c["id"]))


def company_trainings(ctx: Context, company_id: int, interviews: list[dict]) -> dict:
    """The company page's trainings: its enrolments with attendance, and the open courses to
    enrol in (those of the offers it was referred to first)."""
    referred = {o for i in interviews if i["status"] == "final" for o in (i["data"].get("referrals") or [])}
    return {"enrolments": store.for_company(ctx.db, company_id, ctx.today()),
            "choices": enrol_choices(ctx, company_id, referred), "offer_name": offer_name,
            "fees": fee_states(ctx, None, company_id), "today": ctx.today()}
