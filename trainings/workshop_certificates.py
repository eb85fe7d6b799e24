"""The page of TP2's certificates at project end: every company enrolled in a workshop, the
workshops it attended, its certificate or why it has none (yet), with the coordinator's *Issue*
and the downloads (the act and the files are in ``certificates``)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from accounts.auth import coordinator_only
from storage import get_db
from trainings.storage import records as records
from web.dates import day
from web.i18n import current_language

from .blueprints import bp
from .certificate_service import workshop_offers
from .helpers import catalogue, offer_name, today

# why a company has no certificate, in the order they are checked (the first that applies)
REASONS = ("issued", "due", "upcoming", "unmarked", "absent", "no_seat")


def reason(enrolments: list[dict]) -> str:
    """The state of one company's work-package certificate from its workshop enrolments
    (``trainings.storage.records.workshop_enrolments`` rows): issued; due (present at a held
    workshop); upcoming (enrolled in one not held yet); unmarked (a held one without its mark);
    absent (marked absent or excused at every held one); no_seat (cancelled, waiting, applied…)."""
    if any(e["code"] for e in enrolments):
        return "issued"
    if any(e["present"] for e in enrolments):
        return "due"
    seated = [e for e in enrolments if e["status"] == "enrolled"]
    if any(e["upcoming"] for e in seated):
        return "upcoming"
    if any(e["held"] and e["marked"] < e["held"] for e in seated):
        return "unmarked"
    if any(e["held"] for e in seated):
        return "absent"
    return "no_seat"


def companies(package: str, offer_ids: list[str], on: str) -> list[dict]:
    """One row per company: its enrolments, the workshops it attended, the state of its certificate."""
    grouped: dict[int, list[dict]] = {}
    for row in records.workshop_enrolments(get_db(), package, offer_ids, on):
        grouped.setdefault(row["company_id"], []).append(row)
    result = []
    for rows in grouped.values():
        first = rows[0]
        result.append({"company_id": first["company_id"], "name": first["company_name"],
                       "business_id": first["business_id"], "organisation": first["organisation"],
                       "enrolments": rows, "attended": [r for r in rows if r["present"]],
                       "code": next((r["code"] for r in rows if r["code"]), None),
                       "issued_on": next((r["issued_on"] for r in rows if r["issued_on"]), None),
                       "state": reason(rows)})
    return result


def reason_texts(issuable: bool) -> dict[str, str]:
    return {"due": _("present at a workshop: due, issue it now") if issuable
            else _("present at a workshop: gets one at the project's end"),
            "upcoming": _("none yet: enrolled in a workshop that has not been held"),
            "unmarked": _("none yet: attendance not marked at a held workshop"),
            "absent": _("none: marked absent or excused at every workshop held"),
            "no_seat": _("none: no seat in a held workshop (cancelled, waiting list or application)")}


@bp.get("/todistukset/tyopajat")
@coordinator_only
def workshop_certificates_page():
    offers = workshop_offers(catalogue())
    package = catalogue().offer(offers[0]).package if offers else None
    rows = companies(package, offers, today()) if offers else []
    end = catalogue().project_end
    counts = {state: sum(r["state"] == state for r in rows) for state in REASONS}
    return render_template("trainings/workshop_certificates.html", rows=rows, package=package, counts=counts,
                           project_end=day(end), issuable=today() >= end, reasons=reason_texts(today() >= end),
                           offer_name=offer_name, lang=current_language())
