"""The dashboard's training numbers, counted from the records (attendance, enrolments,
certificates), never from referrals: the targets and the funnel referred -> enrolled ->
attended -> certified, per organisation and period (session dates)."""

from __future__ import annotations

from scoring.aggregate import FILTER_GROUPS
from storage import trainings_counts as counts

FUNNEL = ("referred", "enrolled", "attended", "certified")


def training_numbers(db, catalogue, filters: dict, today: str, referred_ids, selected_ids) -> dict:
    """``selected_ids`` (the analysed companies of the selection) narrows the company counts
    when a group filter (industry, size, ...) is set; organisation and period apply directly."""
    by_kind = {kind: [o.id for o in catalogue.offers if o.kind == kind] for kind in ("workshop", "path", "webinar")}
    trained = by_kind["workshop"] + by_kind["path"]
    start, end, org = filters.get("start"), filters.get("end"), filters.get("organisation")
    grouped = any(filters.get(key) for key in FILTER_GROUPS if key != "organisation")
    selected = set(selected_ids)

    def narrow(companies: set[int]) -> int:
        return len(companies & selected) if grouped else len(companies)

    reach = counts.webinar_reach(db, by_kind["webinar"], start, end, org, today)
    funnel = {
        "referred": len(set(referred_ids) & selected),
        "enrolled": narrow(counts.enrolled(db, trained, start, end, org)),
        "attended": narrow(counts.attended(db, trained, start, end, org, today)),
        "certified": narrow(counts.certified(db, start, end, org)),
    }
    return {
        "tp2_companies": narrow(counts.attended(db, by_kind["workshop"], start, end, org, today)),
        "tp2_sessions": counts.sessions_held(db, by_kind["workshop"], start, end, org, today),
        "path_companies": narrow(counts.enrolled(db, by_kind["path"], start, end, org)),
        "certificates": counts.certificates_issued(db, start, end, org),
        "webinar_reach": sum(reach.values()),
        "reach_by_group": reach,
        "funnel": [(stage, funnel[stage]) for stage in FUNNEL],
    }
