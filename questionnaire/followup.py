"""The follow-up (T1) side of the questionnaire: the private invitation link, submission with the
comparison, and the entrepreneur's before/after page. The pages in between are the ordinary
questionnaire pages (views.py); storage goes through ``storage.followups``."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for

from storage import followups, get_db
from storage import responses as store
from web.dates import day
from web.charts import comparison_chart, comparison_phone_chart
from web.context import here
from web.i18n import current_language, follow_draft_language

from . import bp, flow
from .loading import TOKEN_RE
from .results_service import followup_comparison


@bp.get("/seuranta/<token>")
def invitation(token):
    """A follow-up invitation link: starts (once) the company's follow-up and, before the first
    answer, shows an introduction (the company, the date of its first analysis, the time it takes)."""
    if not TOKEN_RE.match(token):
        abort(404)
    catalog = current_app.extensions["surveys"]
    invitation = followups.open_link(get_db(), token, catalog.get)
    if invitation is None:
        abort(404)
    response = store.get_by_token(get_db(), token)
    baseline = store.get_by_id(get_db(), invitation["baseline_response_id"])
    if response is None or baseline is None or response.submitted or response.last_page:
        return redirect(url_for("questionnaire.resume", token=token))
    follow_draft_language(response.language)
    survey = catalog.get(response.survey_id, response.survey_version) or abort(404)
    lang = current_language()
    analysed = day(baseline.submitted_at) or None
    return render_template("followup/intro.html", survey=survey, token=token, lang=lang,
                           company=baseline.answers.get("company_name"), analysed=analysed,
                           first_page=survey.pages[0].id)


def submit(token: str, survey):
    """Raises storage's Incomplete like an analysis; the caller redirects to the missing page."""
    catalog = current_app.extensions["surveys"]
    followups.submit(get_db(), token, flow.followup_finalizer(survey, catalog.get))


def done_page(token: str, survey, response, lang: str, link: str, submitted: str):
    """The before/after comparison and the answers; answers an advisor recorded in an interview
    say so (who and on which day) instead of thanking the company for sending them."""
    row = followups.for_response(get_db(), response.id)
    data = followup_comparison(here(lang), survey, response)
    if data is None or row is None:
        abort(404)
    recorded = ({"name": row["interviewer"] or "–", "day": row["interviewed_on"]}
                if row["answered_by"] == "interview" else None)
    return render_template("questionnaire/followup_done.html", survey=survey, response=response, data=data,
                           chart=comparison_chart(data), chart_phone=comparison_phone_chart(data), link=link,
                           token=token, lang=lang, submitted=submitted, recorded=recorded)
