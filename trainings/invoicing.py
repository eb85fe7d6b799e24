"""The invoicing basis per invoicing organisation and period (page, CSV, XLSX; rows marked
invoiced with a date and an invoice number, never twice) and the funder summary. Coordinators."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.auth import coordinator_only
from exports.cells import csv_bytes, xlsx_bytes
from exports.trainings import funder_table, invoicing_table
from reports.texts import TRAINING_EXPORTS
from storage import audit, get_db, immediate
from scoring.invoicing import billable_ids, billing
from storage import trainings_records as records
from web.i18n import current_language
from web.params import form_ids

from . import bp
from .dashboard import funder_rows
from .service import catalogue, db_path, today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date_arg(name: str) -> str | None:
    value = (request.args.get(name) or "").strip()
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def _offers(org_id: str) -> tuple[list[str], list[str]]:
    """(the offers the organisation invoices, every offer sharing a fee basis with them: whether a
    TP2 workshop is a company's first is decided over the whole work package)."""
    own = [o.id for o in catalogue().offers if o.invoicing == org_id]
    bases = {catalogue().basis_key(offer) for offer in own}
    return own, [o.id for o in catalogue().offers if catalogue().basis_key(o.id) in bases]


def billable(rows: list[dict]) -> set[int]:
    return billable_ids(rows, catalogue().free_cancel_days, catalogue().basis_key)


def fee_states(offer_ids=None, company_id: int | None = None) -> dict[int, str]:
    """What the billing rule says of each enrolment (``scoring.invoicing.billing``: to_invoice,
    invoiced, no_fee, included; an enrolment that never held a seat is absent), for the roster and
    the company page: the fee they show is the one the invoicing basis charges. ``offer_ids``: the
    offers concerned with every offer sharing a fee basis with them (None: all)."""
    bases = {catalogue().basis_key(o) for o in offer_ids} if offer_ids is not None else None
    related = [o.id for o in catalogue().offers if bases is None or catalogue().basis_key(o.id) in bases]
    rows = records.billing_rows(get_db(), related, company_id)
    return billing(rows, catalogue().free_cancel_days, catalogue().basis_key)


def invoicing_basis(org_id: str, start: str | None, end: str | None, lang: str):
    """The organisation's invoicing basis for enrolments made in the period (local dates,
    inclusive): header, rows and the ids to invoice now (``scoring.invoicing`` decides)."""
    own, related = _offers(org_id)
    rows = records.billing_rows(get_db(), related)
    states = billing(rows, catalogue().free_cancel_days, catalogue().basis_key)
    shown = [row for row in rows if row["offer_id"] in own and row["id"] in states
             and (not start or row["enrolled_on"] >= start) and (not end or row["enrolled_on"] <= end)]
    return invoicing_table(shown, states, catalogue(), lang)


def export_body(fmt: str, header, body, sheet: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return xlsx_bytes([(sheet, header, body)]), XLSX
    return csv_bytes(header, body), "text/csv"


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
    header, body, to_invoice = invoicing_basis(org, start, end, lang)
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
    header, body, _ids = invoicing_basis(org, _date_arg("from"), _date_arg("to"), lang)
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
    own, related = _offers(org)
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
