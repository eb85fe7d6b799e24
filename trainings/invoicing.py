"""The invoicing basis per invoicing organisation and period (page, CSV, XLSX; rows marked
invoiced with a date and an invoice number, never twice) and the funder summary. Coordinators."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import coordinator_only
from trainings.exports import funder_table
from storage import audit, get_db, immediate
from trainings.storage import records as records
from web.context import here
from reports.texts import TRAINING_EXPORTS
from web.i18n import current_language
from web.params import form_ids

from .blueprints import bp
from .dashboard import funder_rows
from . import invoicing_service
from .invoicing_service import export_body, invoicing_basis, offers_of
from .helpers import catalogue, db_path, today

def _date_arg(name: str) -> str | None:
    value = (request.args.get(name) or "").strip()
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def billable(rows: list[dict]) -> set[int]:
    return invoicing_service.billable(catalogue(), rows)


def _org_arg() -> str:
    project = current_app.extensions["projectdata"]
    org = request.args.get("org") or request.form.get("org") or project.organisations[0].id
    if project.organisation(org) is None:
        abort(404)
    return org


@bp.get("/laskutus")
@coordinator_only
def invoicing():
    lang, org = current_language(), _org_arg()
    start, end = _date_arg("from"), _date_arg("to")
    header, body, to_invoice = invoicing_basis(here(lang), org, start, end)
    return render_template("trainings/invoicing.html", header=header, body=body, to_invoice=to_invoice, org=org,
                           start=start, end=end, lang=lang,
                           period={k: v for k, v in (('from', start), ('to', end)) if v},
                           projectdata=current_app.extensions["projectdata"],
                           today=today())


@bp.get("/laskutus.<fmt>")
@coordinator_only
def invoicing_export(fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    lang, org = current_language(), _org_arg()
    header, body, _ids = invoicing_basis(here(lang), org, _date_arg("from"), _date_arg("to"))
    data, mimetype = export_body(fmt, header, body, TRAINING_EXPORTS[lang]["invoicing_sheet"])
    audit.record(get_db(), current_user.id, f"invoicing_{fmt}")
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="laskutusperuste-{org}.{fmt}"'})


@bp.post("/laskutus/merkitse")
@coordinator_only
def invoicing_mark():
    org = _org_arg()
    number = (request.form.get("invoice_number") or "").strip()[:60]
    ids = form_ids("rivi")
    back = redirect(url_for("trainings.invoicing", org=org))
    if not number or not ids:
        flash(_("Choose the rows and give the invoice number."), "error")
        return back
    own, related = offers_of(catalogue(), org)
    mine = {row["id"] for row in records.billing_rows(get_db(), own)}
    with immediate(get_db()):  # the invoice marks and their audit row, together
        marked = records.mark_invoiced(get_db(), [i for i in ids if i in mine], number, today(), related, billable)
        audit.record(get_db(), current_user.id, "invoiced")
    flash(_("%(n)s rows were marked invoiced.", n=marked), "info")
    return back


def funder_summary(start: str | None, end: str | None, lang: str):
    rows, packages = funder_rows(get_db(), db_path(), catalogue(), start, end, today())
    return funder_table(rows, packages, catalogue(), lang)


@bp.get("/rahoittaja.<fmt>")
@coordinator_only
def funder_export(fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    lang = current_language()
    header, body = funder_summary(_date_arg("from"), _date_arg("to"), lang)
    data, mimetype = export_body(fmt, header, body, TRAINING_EXPORTS[lang]["funder_sheet"])
    audit.record(get_db(), current_user.id, f"funder_summary_{fmt}")
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="koulutukset.{fmt}"'})
