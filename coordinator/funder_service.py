"""Gather the funder's report for a period: the indicators as the dashboard counts them, what each
supported company received, the dashboard's targets and measured change for the same period. The
web page, the downloads and ``flask report indicators`` all call ``funder_data``."""

from __future__ import annotations

from datetime import date

from reports.data.funder import build_funder_data
from storage import funder as funder_store
from trainings.dashboard import indicator_numbers, supported_services
from web.context import Context

from .service import aggregate_data, context, generation, impact_data

PERIOD_ERRORS = ("missing", "invalid", "order")


class PeriodError(ValueError):
    """A bad reporting period; ``args[0]`` is one of PERIOD_ERRORS."""


def last_full_half_year(today: date) -> tuple[str, str]:
    """The default period: the last half-year (January–June or July–December) that has ended."""
    if today.month > 6:
        return f"{today.year}-01-01", f"{today.year}-06-30"
    return f"{today.year - 1}-07-01", f"{today.year - 1}-12-31"


def _day(text: str) -> date:
    """An ISO date (what a date field sends) or a Finnish one, 30.6.2026 (typed where a browser
    shows a plain text field)."""
    text = text.strip()
    if "." in text:
        day, month, year = text.rstrip(".").split(".")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


def parse_period(start: str | None, end: str | None) -> tuple[str, str]:
    """Dates ``start`` <= ``end`` as ISO dates; raises PeriodError("missing" | "invalid" | "order")."""
    if not (start or "").strip() or not (end or "").strip():
        raise PeriodError("missing")
    try:
        first, last = _day(start), _day(end)
    except ValueError:
        raise PeriodError("invalid") from None
    if first > last:
        raise PeriodError("order")
    return first.isoformat(), last.isoformat()


def indicator_data(ctx: Context, filters: dict, companies=None) -> dict:
    """The indicators (RCO01, RCO04) of the dashboard's filters – one definition for the dashboard
    and the funder's report (``trainings.dashboard.indicator_numbers``)."""
    survey, _method, project = context(ctx)
    return indicator_numbers(ctx.db, ctx.db_path, ctx.catalogue, project.indicators, filters, ctx.today(), companies,
                             generation(ctx, survey))


def _surveys(ctx: Context, survey) -> dict:
    return {s.version: s for s in ctx.surveys if s.id == survey.id and not s.is_followup}


def funder_data(ctx: Context, start: str, end: str, include_contact: bool = False,
                producer: str | None = None) -> dict:
    """The funder's report of the period ``start`` – ``end`` (ISO dates, inclusive) in ``ctx.lang``;
    ``producer``: who compiles it (None: the command line)."""
    survey, _method, project = context(ctx)
    indicators = project.indicators
    filters = {"start": start, "end": end}
    numbers = indicator_data(ctx, filters)
    listed = numbers["companies"]["cumulative"]
    services = supported_services(ctx.db, ctx.db_path, ctx.catalogue, indicators, filters, ctx.today(), listed,
                                  generation(ctx, survey))
    since_start = {"start": min(indicators.project_start, start), "end": end}
    return build_funder_data(
        indicators, numbers, services, funder_store.company_rows(ctx.db, listed), _surveys(ctx, survey), project,
        aggregate_data(ctx, filters, publication=False)["targets"],
        aggregate_data(ctx, since_start, publication=False)["targets"],
        impact_data(ctx, filters, publication=False, round_id=None), start, end, ctx.lang,
        ctx.clock.now().astimezone(ctx.clock.zone), producer, include_contact)
