"""The dashboard's training numbers, counted from the records (attendance, enrolments,
certificates), never from referrals: the targets and the funnel referred -> enrolled ->
attended -> certified, per organisation and period (session dates)."""

from __future__ import annotations

from scoring.aggregate import FILTER_GROUPS
from storage import trainings as store
from storage import trainings_counts as counts

FUNNEL = ("referred", "enrolled", "attended", "certified")


_cache: dict = {}
CACHE_SIZE = 64


def _records(db, by_kind: dict, trained: list, start, end, org, today: str, version) -> dict:
    """The counted records of one organisation and period, cached in this worker process until
    the training records (or the companies' organisations: ``version``) change."""
    key = (start, end, org, today, version, store.generation(db))
    hit = _cache.get(key)
    if hit is not None:
        return hit
    result = {
        "present": counts.attended_pairs(db, trained, start, end, org, today),
        "seated": counts.enrolled_pairs(db, trained, start, end, org),
        "certified": counts.certified(db, start, end, org),
        "certificates": counts.certificates_issued(db, start, end, org),
        "sessions": counts.sessions_held(db, by_kind["workshop"], start, end, org, today),
        "reach": counts.webinar_reach(db, by_kind["webinar"], start, end, org, today),
    }
    if len(_cache) >= CACHE_SIZE:
        _cache.clear()
    _cache[key] = result
    return result


def training_numbers(db, catalogue, filters: dict, today: str, referred_ids, selected_ids, version=None) -> dict:
    """``selected_ids`` (the analysed companies of the selection) narrows the company counts
    when a group filter (industry, size, ...) is set; organisation and period apply directly."""
    by_kind = {kind: [o.id for o in catalogue.offers if o.kind == kind] for kind in ("workshop", "path", "webinar")}
    trained = by_kind["workshop"] + by_kind["path"]
    start, end, org = filters.get("start"), filters.get("end"), filters.get("organisation")
    grouped = any(filters.get(key) for key in FILTER_GROUPS if key != "organisation")
    selected = set(selected_ids)

    def narrow(companies: set[int]) -> int:
        return len(companies & selected) if grouped else len(companies)

    data = _records(db, by_kind, trained, start, end, org, today, version)
    workshops = set(by_kind["workshop"])
    present, seated = data["present"], data["seated"]
    funnel = {
        "referred": len(set(referred_ids) & selected),
        "enrolled": narrow({company for company, _offer in seated}),
        "attended": narrow({company for company, _offer in present}),
        "certified": narrow(data["certified"]),
    }
    return {
        "tp2_companies": narrow({company for company, offer in present if offer in workshops}),
        "tp2_sessions": data["sessions"],
        "path_companies": narrow({company for company, offer in seated if offer not in workshops}),
        "certificates": data["certificates"],
        "webinar_reach": sum(data["reach"].values()),
        "reach_by_group": data["reach"],
        "funnel": [(stage, funnel[stage]) for stage in FUNNEL],
    }
