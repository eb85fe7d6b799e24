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
    seated, present = counts.course_pairs(db, trained, start, end, org, today)
    workshops = set(by_kind["workshop"])
    result = {  # company sets, counted (and narrowed to a selection) per view
        "enrolled": {company for company, _offer in seated},
        "attended": {company for company, _offer in present},
        "tp2": {company for company, offer in present if offer in workshops},
        "paths": {company for company, offer in seated if offer not in workshops},
        "certified": counts.certified(db, start, end, org),
        "certificates": counts.certificates_issued(db, start, end, org),
        "sessions": counts.sessions_held(db, by_kind["workshop"], start, end, org, today),
        "reach": counts.webinar_reach(db, by_kind["webinar"], start, end, org, today),
    }
    _remember(key, result)
    return result


def _remember(key, value) -> None:
    if len(_cache) >= CACHE_SIZE:
        _cache.clear()
    _cache[key] = value


def _by_kind(catalogue) -> dict[str, list[str]]:
    return {kind: [o.id for o in catalogue.offers if o.kind == kind] for kind in ("workshop", "path", "webinar")}


def participation(db, catalogue, today: str, version=None) -> tuple[set[int], set[int]]:
    """The follow-up's split by recorded participation: (companies that completed a path,
    companies present at a held TP2 workshop), from the same cached records as the dashboard's
    unfiltered numbers (one pass over the enrolments serves both)."""
    by_kind = _by_kind(catalogue)
    data = _records(db, by_kind, by_kind["workshop"] + by_kind["path"], None, None, None, today, version)
    key = ("completed", store.generation(db))
    completed = _cache.get(key)
    if completed is None:
        completed = counts.completed_paths(db, by_kind["path"])
        _remember(key, completed)
    return completed, data["tp2"]


def training_numbers(db, catalogue, filters: dict, today: str, referred_ids, selected_ids, version=None) -> dict:
    """``selected_ids`` (the analysed companies of the selection) narrows the company counts
    when a group filter (industry, size, ...) is set; organisation and period apply directly."""
    by_kind = _by_kind(catalogue)
    trained = by_kind["workshop"] + by_kind["path"]
    start, end, org = filters.get("start"), filters.get("end"), filters.get("organisation")
    grouped = any(filters.get(key) for key in FILTER_GROUPS if key != "organisation")
    selected = set(selected_ids)

    def narrow(companies: set[int]) -> int:
        return len(companies & selected) if grouped else len(companies)

    data = _records(db, by_kind, trained, start, end, org, today, version)
    funnel = {
        "referred": len(set(referred_ids) & selected),
        "enrolled": narrow(data["enrolled"]),
        "attended": narrow(data["attended"]),
        "certified": narrow(data["certified"]),
    }
    return {
        "tp2_companies": narrow(data["tp2"]),
        "tp2_sessions": data["sessions"],
        "path_companies": narrow(data["paths"]),
        "certificates": data["certificates"],
        "webinar_reach": sum(data["reach"].values()),
        "reach_by_group": data["reach"],
        "funnel": [(stage, funnel[stage]) for stage in FUNNEL],
    }
