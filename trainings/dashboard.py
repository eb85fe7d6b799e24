"""The training figures of the dashboard, the aggregate report, the funder summary and the
follow-up's split by participation: the counts of ``trainings.rules.counts`` (each defined once)
on the facts of ``trainings.storage.counts``, never counted again here."""

from __future__ import annotations

from trainings.rules import counts as definitions
from trainings.rules.counts import Scope
from trainings.storage import counts as counts


def kinds(catalogue) -> dict[str, str]:
    return {o.id: o.kind for o in catalogue.offers}


def facts(db, path: str, catalogue, today: str, version=None, questions: tuple[str, ...] = ()):
    return counts.facts(db, path, kinds(catalogue), today, version, questions)


def scope(filters: dict, companies=None, period: bool = True) -> Scope:
    """The filters as a scope: the period (unless ``period`` False), the organisation and the
    companies of the chosen groups (None: every company)."""
    return Scope(filters.get("start") if period else None, filters.get("end") if period else None,
                 filters.get("organisation") or None, frozenset(companies) if companies is not None else None)


def training_numbers(db, path: str, catalogue, filters: dict, today: str, companies=None, selection=None,
                     version=None) -> dict:
    """The dashboard's training figures: activity in the period for ``companies`` (the chosen
    groups; None: all), the funnel of the page's ``selection`` (None: all)."""
    return definitions.dashboard(facts(db, path, catalogue, today, version), scope(filters, companies), selection)


def participation(db, path: str, catalogue, today: str, version=None) -> tuple[set[int], set[int]]:
    """The follow-up's split by recorded participation: (companies holding a certificate of a path
    course, companies present at a held TP2 workshop), from the same facts as the dashboard."""
    found = facts(db, path, catalogue, today, version)
    paths = {o.id for o in catalogue.offers if o.kind == "path"}
    completed = {company for company, offer, _package, _day in found.certificates if offer in paths}
    return completed, definitions.attended(found, Scope(), ("workshop",))


def funder_rows(db, path: str, catalogue, start: str | None, end: str | None, today: str,
                organisation: str | None = None) -> tuple[list[dict], dict[str, int]]:
    """The funder summary: per offer (catalogue order) and the work packages' own certificates."""
    found = facts(db, path, catalogue, today)
    period = Scope(start, end, organisation)
    return (definitions.by_offer(found, period, [o.id for o in catalogue.offers]),
            definitions.package_certificates(found, period))


def _size_questions(indicators) -> tuple[str, ...]:
    return (indicators.size_rule.persons_question, indicators.size_rule.turnover_question)


def indicator_numbers(db, path: str, catalogue, indicators, filters: dict, today: str, companies=None,
                      version=None) -> dict:
    """The funder's indicators (RCO01, RCO04) of the dashboard and the funder's report alike:
    companies first supported in the period and cumulatively since the project start, by EU size
    class (``trainings.rules.counts.indicators``), for ``companies`` (the chosen groups; None: all)."""
    found = facts(db, path, catalogue, today, version, _size_questions(indicators))
    return definitions.indicators(found, scope(filters, companies), indicators.ways, indicators.project_start,
                                  indicators.size_rule)


def supported_services(db, path: str, catalogue, indicators, filters: dict, today: str, company_ids,
                       version=None) -> dict[int, dict]:
    """What each listed company received in the period (``trainings.rules.counts.services``)."""
    found = facts(db, path, catalogue, today, version, _size_questions(indicators))
    return definitions.services(found, scope(filters), company_ids)
