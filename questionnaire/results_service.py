"""The company's results and report data without a web request: the scores against the current
peers, the advisor to contact, the plan agreed in the interview and the company's recorded and
upcoming trainings. Used by the results page, its PDF, the advisor's report and ``flask report``; and after a
follow-up the before/after comparison and the report built from the company's latest answers.
Every function takes the ``Context`` (database, catalogues, clock, language)."""

from __future__ import annotations

from dataclasses import replace

from projectdata.branding import cover_logos
from reports.data.company import build_company_data
from reports.data.followup import build_comparison_data
from reports.data.plan import agreed_plan
from reports.data.training_records import build_training_records
from scoring import metric_names
from storage import companies as company_store
from storage import followups
from storage import interviews as interview_store
from storage import responses as response_store
from storage import scores as score_store
from trainings.storage import courses as training_store
from trainings.storage import records as trainings_records
from web.context import Context
from web.dates import short_day
from web.urls import url_under

from .flow import latest_answers


def training_rows(ctx: Context, company_id: int | None) -> list[dict]:
    """The company's enrolments with attendance and certificates (none for an unconfirmed analysis):
    its records, and what its recommendations leave out (trainings.rules.own_trainings)."""
    return trainings_records.company_history(ctx.db, company_id, ctx.today()) if company_id else []


def training_records(ctx: Context, company_id: int | None, rows: list[dict] | None = None) -> dict:
    """The company's recorded trainings as report data (none for an unconfirmed analysis)."""
    today = ctx.today()
    rows = training_rows(ctx, company_id) if rows is None else rows
    certificates = trainings_records.package_certificates(ctx.db, company_id) if company_id else []
    return build_training_records(rows, certificates, ctx.catalogue, ctx.lang, today)


def company_results(ctx: Context, survey, response) -> dict:
    """Everything the results page shows, built from the stored answers and the current peers."""
    lang = ctx.lang
    method = ctx.surveys.method(survey)
    peers = score_store.peer_table(ctx.db, ctx.db_path, survey.id, survey.version, metric_names(survey))
    # An analysis waiting for confirmation is compared with peers other than the company it names.
    company_id = response.company_id or response.claimed_company_id
    rows = training_rows(ctx, response.company_id)
    data = build_company_data(survey, method, response.answers, company_id, peers, lang,
                              submitted_at=response.submitted_at, clock=ctx.clock, own_trainings=rows)
    data["branding"] = cover_logos(ctx.projectdata.logos, lang)
    data["audience"] = "entrepreneur"
    data["signup"] = ctx.projectdata.contact_line(lang)
    # the calendar's address for a printed copy: in the report's language (none needed for the default)
    data["calendar_url"] = url_under(ctx.base_url, "trainings_public.open_calendar",
                                     **({} if lang == ctx.languages[0] else {"lang": lang}))
    data["advisor_contact"] = advisor_contact(ctx, response)
    data["agreed"] = None
    interview = interview_store.latest_final(ctx.db, response.company_id) if response.company_id else None
    if interview is not None and interview.get("response_id") in (None, response.id):
        data["agreed"] = agreed_plan(method, interview, lang)
    data["training_records"] = training_records(ctx, response.company_id, rows)
    upcoming = training_store.upcoming_by_offer(ctx.db, [t["offer"] for t in data.get("trainings") or []],
                                                ctx.today())
    for training in data.get("trainings") or []:
        offer = ctx.catalogue.offer(training["offer"])
        training["audience"] = offer.audience.get(lang) if offer and offer.audience else None
        training["courses"] = [{**c, "starts_text": short_day(c["starts_on"], lang)}
                               for c in upcoming.get(training["offer"], [])]
    return data


def advisor_contact(ctx: Context, response) -> dict | None:
    """Whom the entrepreneur contacts about the trainings: the contact of the organisation that
    serves the company (projectdata; the one its answers assign when it is not confirmed yet)."""
    project = ctx.projectdata
    organisation = company_store.organisation_of(ctx.db, response.company_id) if response.company_id else None
    contact = project.contact_of(organisation or project.assign(response.answers))
    if contact is None:
        return None
    lang = ctx.lang
    return {"name": contact.name.get(lang), "email": contact.email, "phone": contact.phone, "tel": contact.tel,
            "url": contact.url}


def followup_comparison(ctx: Context, survey, response) -> dict | None:
    """A follow-up's before/after comparison (None: the response is no follow-up)."""
    row = followups.for_response(ctx.db, response.id)
    if row is None:
        return None
    return build_comparison_data(survey, ctx.surveys.method(survey), row, ctx.lang)


def followup_report(ctx: Context, survey, response) -> dict | None:
    """The entrepreneur's report after a follow-up: built from the company's latest answers (the
    follow-up's ladder answers over the first analysis's, flow.latest_answers) – its cover date,
    levels, strengths, plan and trainings are today's – with the before/after comparison. None
    when the first analysis is gone (erased) or its questionnaire version unknown."""
    row = followups.for_response(ctx.db, response.id)
    baseline = response_store.get_by_id(ctx.db, row["baseline_response_id"]) if row else None
    baseline_survey = ctx.surveys.get(baseline.survey_id, baseline.survey_version) if baseline else None
    if baseline_survey is None:
        return None
    latest = replace(baseline, answers=latest_answers(survey, baseline.answers, response.answers),
                     submitted_at=response.submitted_at)
    data = company_results(ctx, baseline_survey, latest)
    data["followup"] = build_comparison_data(survey, ctx.surveys.method(survey), row, ctx.lang)
    data["first_analysis"] = data["followup"]["analysed"]
    return data
