"""Gather the coordinator's numbers for a filter: from storage, through scoring, into report data.
Every function takes a ``web.context.Context`` (the database, the catalogues, the clock, the
language): the dashboard, its downloads, ``flask export`` and the funder's report call the same code
without a web request."""

from __future__ import annotations

from datetime import date

import numpy as np

from projectdata.branding import cover_logos
from reports.data.aggregate import build_aggregate_data
from reports.data.impact import BREAKDOWNS, build_impact_data
from scoring.aggregate import FILTER_GROUPS, aggregate, select
from scoring.impact import impact
from scoring.impact import select as select_changes
from storage import followups as followup_store
from storage import interviews as interview_store
from storage import scores as score_store
from trainings.dashboard import participation as training_participation
from trainings.dashboard import training_numbers
from web.context import Context

FILTER_KEYS = ("start", "end", "organisation", *FILTER_GROUPS)


def read_filters(args) -> dict:
    """Filters from query arguments; invalid dates are dropped (the form shows them again)."""
    filters = {}
    for key in FILTER_KEYS:
        value = (args.get(key) or "").strip()
        if not value:
            continue
        if key in ("start", "end"):
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                continue
        filters[key] = value[:40]
    return filters


def context(ctx: Context):
    """The active questionnaire's newest version with the options of its older comparable
    versions (for labels and filters: the figures count every comparable version), its
    method and the project data."""
    catalog = ctx.surveys
    survey = catalog.current(ctx.active_survey)
    return catalog.with_older_options(survey), catalog.method(survey), ctx.projectdata


def versions(ctx: Context, survey) -> tuple[int, ...]:
    """The questionnaire versions the coordinator's figures count together (each company's
    latest analysis of them): those whose areas and ladder items are the newest version's."""
    return ctx.surveys.comparable_versions(survey)


def generation(ctx: Context, survey) -> tuple[int, ...]:
    """Changes whenever the analyses of the counted versions (or the companies' organisations) change."""
    return score_store.generations(ctx.db, survey.id, versions(ctx, survey))


def _table(ctx: Context, survey, method):
    return score_store.aggregate_table(ctx.db, ctx.db_path, survey, tuple(o.id for o in method.offers),
                                       versions(ctx, survey))


def selection(ctx: Context, filters: dict, publication: bool = False):
    """The analysed companies the filters select (in publication mode only those that agreed to
    anonymous use in published results) and their aggregates."""
    survey, method, project = context(ctx)
    table = _table(ctx, survey, method)
    return survey, method, project, aggregate(table, select(table, filters, publication), method)


def group_companies(ctx: Context, filters: dict, publication: bool) -> frozenset | None:
    """The companies of the chosen groups (industry, size, …), whenever analysed, for the
    training figures that count events in the period; None when nothing narrows them."""
    groups = {key: value for key, value in filters.items() if key in FILTER_GROUPS}
    if not groups and not publication:
        return None
    survey, method, _project = context(ctx)
    table = _table(ctx, survey, method)
    return frozenset(table.company_ids[select(table, groups, publication)].tolist())


def left_out(ctx: Context, filters: dict) -> int:
    """How many companies of the selection publication mode leaves out (no consent)."""
    survey, method, _project = context(ctx)
    table = _table(ctx, survey, method)
    return int(select(table, filters).sum() - select(table, filters, True).sum())


def aggregate_data(ctx: Context, filters: dict, publication: bool) -> dict:
    """The aggregate report's data (the dashboard, its PDF, ``flask export aggregate``) in ``ctx.lang``."""
    lang = ctx.lang
    survey, method, project, agg = selection(ctx, filters, publication)
    stats = interview_store.stats(ctx.db, agg["company_ids"], {o.id: o.package for o in method.offers})
    stats.update(training_numbers(ctx.db, ctx.db_path, ctx.catalogue, filters, ctx.today(),
                                  group_companies(ctx, filters, publication), agg["company_ids"],
                                  generation(ctx, survey)))
    open_ids = [q.id for q in survey.questions if q.type == "textarea"]
    answers = [] if publication else _open_answers(ctx, survey, filters, agg["company_ids"], open_ids)
    labels = {q.id: q.label.get(lang) for q in survey.questions}
    answers = [{"question": labels[a["question"]], "answer": a["answer"]} for a in answers]
    data = build_aggregate_data(survey, method, project, agg, filters, lang, publication, stats, answers,
                                ctx.clock.today(), versions(ctx, survey))
    data["branding"] = cover_logos(project.logos, lang)
    data["left_out"] = 0 if publication else left_out(ctx, filters)
    data["by_group"] = bool(group_companies(ctx, filters, False) is not None)
    return data


_open_answers_cache: dict = {}


def _open_answers(ctx: Context, survey, filters: dict, company_ids, question_ids) -> list[dict]:
    """The selection's open answers, kept per worker process until the analyses (or the
    companies' organisations) change: reading and parsing the answer documents was a third of a
    dashboard view with 10 000 companies. An erasure bumps the generation, so nothing erased is kept."""
    db = ctx.db
    key = (ctx.db_path, survey.id, versions(ctx, survey), generation(ctx, survey), tuple(question_ids),
           tuple(sorted(filters.items())))
    hit = _open_answers_cache.get(key)
    if hit is None:
        hit = score_store.open_answers(db, survey.id, versions(ctx, survey), company_ids, question_ids)
        if len(_open_answers_cache) >= 32:
            _open_answers_cache.clear()
        _open_answers_cache[key] = hit
    return hit


def impact_data(ctx: Context, filters: dict, publication: bool, round_id: int | None) -> dict | None:
    """The measured change of the selected companies (each company's latest follow-up, or its
    answer in one round); None when the current analysis has no follow-up questionnaire."""
    survey, method, project = context(ctx)
    followup_surveys = ctx.surveys.followups(survey.id)
    if not followup_surveys:
        return None
    followup = followup_surveys[0]
    db = ctx.db
    rounds = followup_store.rounds(db)
    if round_id is not None and round_id not in {r["id"] for r in rounds}:
        round_id = None
    table = followup_store.change_table(db, ctx.db_path, round_id, generation(ctx, survey),
                                        tuple(a.id for a in followup.areas))
    completed, attended = training_participation(db, ctx.db_path, ctx.catalogue, ctx.today(), generation(ctx, survey))
    training = table.participation(completed, attended)
    mask = select_changes(table, filters)
    if publication:  # only the companies that agreed to anonymous use in published results
        mask &= np.isin(table.company_ids, list(group_companies(ctx, {}, True)))
    result = impact(table, mask, {"training": training}, BREAKDOWNS)
    invited = sum(r["invited"] for r in rounds if round_id is None or r["id"] == round_id)
    outcome = {"invited": invited, "satisfaction": result["satisfaction"]}
    return build_impact_data(survey, followup, project, result, ctx.lang, publication, method.min_peers, rounds,
                             round_id, outcome)
