"""Coordinator-only actions on a company: move it to another organisation, export everything
stored about it (right of access), erase it. Same URLs as the company page (/neuvoja/yritys/...)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import COORDINATOR, company_or_404, protect
from storage import audit, get_db, immediate, maintenance
from storage import companies as company_store
from storage.erasures import ledger_for

company_admin = protect(Blueprint("company_admin", __name__, url_prefix="/neuvoja"), COORDINATOR)


@company_admin.post("/yritys/<int:company_id>/organisaatio")
def company_organisation(company_id):
    company_or_404(company_id)
    chosen = request.form.get("organisation") or None
    if chosen is not None and current_app.extensions["projectdata"].organisation(chosen) is None:
        abort(400)
    with immediate(get_db()):  # the change and its audit row, together
        company_store.set_override(get_db(), company_id, chosen)
        audit.record(get_db(), current_user.id, "organisation_changed", "company", company_id)
    flash(_("The organisation of the company was changed."), "info")
    return redirect(url_for("advisor.company", company_id=company_id))


@company_admin.get("/yritys/<int:company_id>/tiedot.json")
def company_data_export(company_id):
    """Everything stored about the company (right of access), as JSON."""
    company = company_or_404(company_id)
    data = maintenance.company_data(get_db(), company_id)
    audit.record(get_db(), current_user.id, "company_data_exported", "company", company_id)
    return Response(json.dumps(data, ensure_ascii=False, indent=1), mimetype="application/json",
                    headers={"Content-Disposition":
                             f'attachment; filename="digianalyysi-{company["business_id"]}.json"'})


@company_admin.post("/yritys/<int:company_id>/poista")
def company_erase(company_id):
    company = company_or_404(company_id)
    if request.form.get("vahvista") != company["business_id"]:
        flash(_("To erase, type the business ID of the company in the confirmation field."), "error")
        return redirect(url_for("advisor.company", company_id=company_id))
    maintenance.erase_company(get_db(), company_id, current_user.id, ledger_for(current_app.config))
    flash(_("The company's data was erased."), "info")
    return redirect(url_for("advisor.companies"))
