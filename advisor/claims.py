"""Analyses waiting for confirmation: the list, what differs from the company, confirm / reject.

A submission under an existing company's business ID changes nothing until an advisor of the
company's organisation or a coordinator confirms it (see storage.claims and docs/operations.md).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import may_see, visible_organisation

from reports.data.company import build_company_data
from scoring import metric_names
from storage import audit, get_db, immediate
from storage import scores as score_store
from storage import claims as claim_store
from storage import companies as company_store
from web.i18n import current_language

from . import bp

CONTACT_FIELDS = company_store.CONTACT_FIELDS


def _labels() -> dict:
    return {"company_name": _("Company name"), "municipality": _("Municipality"), "contact_name": _("Contact person"),
            "contact_role": _("Role"), "contact_email": _("Email"), "contact_phone": _("Phone")}


def _municipality_names(lang: str) -> dict:
    survey = current_app.extensions["surveys"].current(current_app.config["ACTIVE_SURVEY"])
    return {o.code: o.label.get(lang) for o in survey.question("municipality").options}


def differences(company: dict, current_answers: dict, waiting: dict, lang: str) -> list[dict]:
    """Name, municipality and contact of the waiting analysis against what the company has now
    (its name and municipality, its confirmed contact)."""
    names = _municipality_names(lang)
    labels = _labels()
    current = {"company_name": company["name"], "municipality": company["municipality"],
               **{field: current_answers.get(field) for field in CONTACT_FIELDS}}
    rows = []
    for field, now in current.items():
        new = waiting["answers"].get(field)
        if (now or "") == (new or ""):
            continue
        if field == "municipality":
            now, new = names.get(now, now), names.get(new, new)
        rows.append({"field": field, "label": labels[field], "current": now or "–", "new": new or "–"})
    return rows


def waiting_for_company(company: dict, lang: str) -> list[dict]:
    current_answers = company_store.contact(get_db(), company["id"])
    return [{**w, "differences": differences(company, current_answers, w, lang)}
            for w in claim_store.pending(get_db(), company_id=company["id"])]


def _waiting_or_404(response_id: int) -> dict:
    waiting = claim_store.get_pending(get_db(), response_id)
    if waiting is None or not may_see(company_store.get(get_db(), waiting["company_id"])):
        abort(404)  # the same answer for another organisation's, a decided or a missing analysis
    return waiting


@bp.get("/odottavat")
def waiting_list():
    lang = current_language()
    rows = claim_store.pending(get_db(), visible_organisation())
    names = _municipality_names(lang)
    return render_template("advisor/waiting.html", rows=rows, municipalities=names, lang=lang,
                           projectdata=current_app.extensions["projectdata"])


@bp.get("/vastaus/<int:response_id>")
def waiting_analysis(response_id):
    """A waiting analysis in full – its results as the report shows them and every answer – so
    that the advisor can judge it before confirming or rejecting (nothing is linked by looking)."""
    waiting = _waiting_or_404(response_id)
    lang = current_language()
    catalog = current_app.extensions["surveys"]
    survey = catalog.get(waiting["survey_id"], waiting["survey_version"])
    if survey is None:
        abort(404)
    peers = score_store.peer_table(get_db(), current_app.config["DATABASE"], survey.id, survey.version,
                                   metric_names(survey))
    data = build_company_data(survey, catalog.method(survey), waiting["answers"], None, peers, lang,
                              submitted_at=waiting["submitted_at"], clock=current_app.extensions["clock"])
    company = company_store.get(get_db(), waiting["company_id"])
    audit.record(get_db(), current_user.id, "waiting_analysis_viewed", "company", waiting["company_id"])
    current = company_store.contact(get_db(), company["id"])
    return render_template("advisor/waiting_analysis.html", waiting={
        **waiting, "differences": differences(company, current, waiting, lang)}, company=company, data=data,
        survey=survey, response=waiting, lang=lang)


@bp.post("/vastaus/<int:response_id>/vahvista")
def confirm(response_id):
    waiting = _waiting_or_404(response_id)
    take = {field: request.form.get(field) == "1" for field in ("nimi", "kunta", "yhteys")}
    with immediate(get_db()):  # the confirmation and its audit row, together
        confirmed = claim_store.confirm(get_db(), response_id, take["nimi"], take["kunta"], take["yhteys"])
        if confirmed:
            audit.record(get_db(), current_user.id, "analysis_confirmed", "company", waiting["company_id"])
    if confirmed:
        flash(_("The analysis was confirmed and linked to the company."), "info")
    return redirect(url_for("advisor.company", company_id=waiting["company_id"]))


@bp.post("/vastaus/<int:response_id>/hylkaa")
def reject(response_id):
    waiting = _waiting_or_404(response_id)
    with immediate(get_db()):
        rejected = claim_store.reject(get_db(), response_id)
        if rejected:
            audit.record(get_db(), current_user.id, "analysis_rejected", "company", waiting["company_id"])
    if rejected:
        flash(_("The analysis was rejected: it is not linked to the company."), "info")
    return redirect(url_for("advisor.company", company_id=waiting["company_id"]))
