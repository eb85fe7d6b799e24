"""The follow-up (T1) side of the questionnaire: the private invitation link, submission with the
comparison, and the entrepreneur's before/after page. The pages in between are the ordinary
questionnaire pages (views.py); storage goes through ``storage.followups``."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for

from reports.data.followup import build_comparison_data
from storage import followups, get_db
from storage import responses as store
from web.charts import comparison_chart

from . import bp, flow
from .loading import TOKEN_RE


@bp.get("/seuranta/<token>")
def invitation(token):
    """A follow-up invitation link: starts (once) the company's follow-up and opens it."""
    if not TOKEN_RE.match(token):
        abort(404)
    catalog = current_app.extensions["surveys"]
    if followups.open_link(get_db(), token, catalog.get) is None:
        abort(404)
    return redirect(url_for("questionnaire.resume", token=token))


def submit(token: str, survey):
    """Raises storage's Incomplete like an analysis; the caller redirects to the missing page."""
    catalog = current_app.extensions["surveys"]
    followups.submit(get_db(), token, flow.followup_finalizer(survey, catalog.get))


def comparison_data(survey, response, lang: str) -> dict | None:
    row = followups.for_response(get_db(), response.id)
    if row is None:
        return None
    return build_comparison_data(survey, current_app.extensions["surveys"].method(survey), row, lang)


def report_data(survey, response, lang: str, company_results) -> dict:
    """The advisory report of the company's T0 analysis with this follow-up's before/after."""
    row = followups.for_response(get_db(), response.id)
    baseline = store.get_by_id(get_db(), row["baseline_response_id"]) if row else None
    if baseline is None:
        abort(404)
    catalog = current_app.extensions["surveys"]
    baseline_survey = catalog.get(baseline.survey_id, baseline.survey_version) or abort(404)
    data = company_results(baseline_survey, baseline, lang)
    data["followup"] = build_comparison_data(survey, catalog.method(survey), row, lang)
    return data


def done_page(token: str, survey, response, lang: str, link: str, submitted: str):
    data = comparison_data(survey, response, lang)
    if data is None:
        abort(404)
    return render_template("questionnaire/followup_done.html", survey=survey, response=response, data=data,
                           chart=comparison_chart(data), link=link, token=token, lang=lang, submitted=submitted)
