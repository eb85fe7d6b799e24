"""The entrepreneur's results page (private link): scores, peer benchmarks, recommendations."""

from __future__ import annotations


from flask import Response, abort, current_app, redirect, render_template, request, url_for

from reports.pdf.company import render_company_pdf
from trainings.rules.own_trainings import is_own
from storage import get_db
from trainings.storage import courses as training_store
from web.charts import chart_data_uri, phone_chart_data_uri
from web.context import here
from web.i18n import current_language

from . import bp
from .loading import load
from .parts import results_parts
from .results_service import company_results, followup_report


@bp.get("/a/<token>/tulokset")
def results(token):
    response, survey = load(token)
    if not response.submitted or survey.is_followup:
        # A follow-up's results are its before/after page.
        return redirect(url_for("questionnaire.done" if response.submitted else "questionnaire.resume", token=token))
    return render_results(token, response, survey)


def render_results(token: str, response, survey, applying: dict | None = None, status: int = 200):
    """The results page with the parts other features add (``parts``); ``applying``: the state of
    a part's form whose post was refused (trainings: the ``course_id``, the ``form`` with what was
    typed and the ``error``), shown again in its place."""
    lang = current_language()
    ctx = here(lang)
    data = company_results(ctx, survey, response)
    trainings = training_store.for_company(get_db(), response.company_id) if response.company_id else []
    # the company's own trainings: those its recommendations leave out (trainings.rules.own_trainings)
    current = [t for t in trainings if is_own(t)]
    parts = results_parts(current_app, ctx, token, response, data, applying)
    return render_template("questionnaire/results.html", data=data, chart=chart_data_uri(data),
                           chart_phone=phone_chart_data_uri(data), token=token, lang=lang, response=response,
                           trainings=current, parts=parts), status


@bp.get("/a/<token>/raportti.pdf")
def report_pdf(token):
    """The company's own advisory report; ?lang=fi|en (default: the page language)."""
    response, survey = load(token)
    if not response.submitted:
        return redirect(url_for("questionnaire.resume", token=token))
    lang = request.args.get("lang") or current_language()
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    if survey.is_followup:
        data = followup_report(here(lang), survey, response)
        if data is None:
            abort(404)
    else:
        data = company_results(here(lang), survey, response)
    filename = f"digianalyysi-{data['company']['business_id']}-{lang}.pdf"
    return Response(render_company_pdf(data), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
