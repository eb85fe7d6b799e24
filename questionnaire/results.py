"""The entrepreneur's results page (private link): scores, peer benchmarks, recommendations."""

from __future__ import annotations


from flask import Response, abort, current_app, redirect, render_template, request, url_for

from projectdata.branding import cover_logos
from reports.data.company import build_company_data
from reports.pdf.company import render_company_pdf
from reports.data.plan import agreed_plan
from reports.data.training_records import build_training_records
from scoring import metric_names
from storage import companies as company_store
from storage import get_db
from storage import interviews as interview_store
from storage import scores as score_store
from trainings.storage import courses as training_store
from trainings.storage import records as trainings_records
from web.charts import chart_data_uri, phone_chart_data_uri
from web.dates import short_day
from web.i18n import current_language

from . import bp
from . import followup
from .loading import load


def trainings_today() -> str:
    return current_app.extensions["clock"].today_iso()


def training_records(company_id: int | None, lang: str) -> dict:
    """The company's recorded trainings as report data (none for an unconfirmed analysis)."""
    db, today = get_db(), trainings_today()
    rows = trainings_records.company_history(db, company_id, today) if company_id else []
    certificates = trainings_records.package_certificates(db, company_id) if company_id else []
    return build_training_records(rows, certificates, current_app.extensions["trainings"], lang, today)


def company_results(survey, response, lang: str) -> dict:
    """Everything the results page shows, built from the stored answers and the current peers."""
    method = current_app.extensions["surveys"].method(survey)
    peers = score_store.peer_table(get_db(), current_app.config["DATABASE"], survey.id, survey.version,
                                   metric_names(survey))
    # An analysis waiting for confirmation is compared with peers other than the company it names.
    company_id = response.company_id or response.claimed_company_id
    data = build_company_data(survey, method, response.answers, company_id, peers, lang,
                              submitted_at=response.submitted_at, clock=current_app.extensions["clock"])
    data["branding"] = cover_logos(current_app.extensions["projectdata"].logos, lang)
    data["audience"] = "entrepreneur"
    data["signup"] = current_app.extensions["projectdata"].contact_line(lang)
    data["advisor_contact"] = advisor_contact(response, lang)
    data["agreed"] = None
    interview = interview_store.latest_final(get_db(), response.company_id) if response.company_id else None
    if interview is not None and interview.get("response_id") in (None, response.id):
        data["agreed"] = agreed_plan(method, interview, lang)
    data["training_records"] = training_records(response.company_id, lang)
    upcoming = training_store.upcoming_by_offer(get_db(), [t["offer"] for t in data.get("trainings") or []],
                                                trainings_today())
    catalogue = current_app.extensions["trainings"]
    for training in data.get("trainings") or []:
        offer = catalogue.offer(training["offer"])
        training["audience"] = offer.audience.get(lang) if offer and offer.audience else None
        training["courses"] = [{**c, "starts_text": short_day(c["starts_on"], lang)}
                               for c in upcoming.get(training["offer"], [])]
    return data


def advisor_contact(response, lang: str) -> dict | None:
    """Whom the entrepreneur contacts about the trainings: the contact of the organisation that
    serves the company (projectdata; the one its answers assign when it is not confirmed yet)."""
    project = current_app.extensions["projectdata"]
    organisation = company_store.organisation_of(get_db(), response.company_id) if response.company_id else None
    contact = project.contact_of(organisation or project.assign(response.answers))
    if contact is None:
        return None
    return {"name": contact.name.get(lang), "email": contact.email, "phone": contact.phone, "tel": contact.tel,
            "url": contact.url}


@bp.get("/a/<token>/tulokset")
def results(token):
    response, survey = load(token)
    if not response.submitted or survey.is_followup:
        # A follow-up's results are its before/after page.
        return redirect(url_for("questionnaire.done" if response.submitted else "questionnaire.resume", token=token))
    return render_results(token, response, survey)


def render_results(token: str, response, survey, applying: dict | None = None, status: int = 200):
    """The results page; ``applying``: a company's application to a path that was not sent
    (``course_id``, the ``form`` with what was typed, the ``error``), shown again in its place."""
    lang = current_language()
    data = company_results(survey, response, lang)
    trainings = training_store.for_company(get_db(), response.company_id) if response.company_id else []
    current = [t for t in trainings if t["status"] in ("enrolled", "offered", "waiting", "applied")]
    return render_template("questionnaire/results.html", data=data, chart=chart_data_uri(data),
                           chart_phone=phone_chart_data_uri(data), token=token, lang=lang, response=response,
                           applying=applying, trainings=current), status


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
        data = followup.report_data(survey, response, lang, company_results)
    else:
        data = company_results(survey, response, lang)
    filename = f"digianalyysi-{data['company']['business_id']}-{lang}.pdf"
    return Response(render_company_pdf(data), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
