"""The invoicing basis without a web request: an organisation's enrolments in a period with what
the billing rule (``trainings.rules.invoicing``) says of each, and the CSV/XLSX body. Used by the
invoicing page, its downloads and ``flask training invoicing``."""

from __future__ import annotations

from exports.cells import csv_bytes, xlsx_bytes
from trainings.exports import invoicing_table
from trainings.rules.invoicing import billable_ids, billing
from trainings.storage import records

from web.context import Context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def offers_of(catalogue, org_id: str) -> tuple[list[str], list[str]]:
    """(the offers the organisation invoices, every offer sharing a fee basis with them: whether a
    TP2 workshop is a company's first is decided over the whole work package)."""
    own = [o.id for o in catalogue.offers if o.invoicing == org_id]
    bases = {catalogue.basis_key(offer) for offer in own}
    return own, [o.id for o in catalogue.offers if catalogue.basis_key(o.id) in bases]


def billable(catalogue, rows: list[dict]) -> set[int]:
    return billable_ids(rows, catalogue.free_cancel_days, catalogue.basis_key)


def fee_states(ctx: Context, offer_ids=None, company_id: int | None = None) -> dict[int, str]:
    """What the billing rule says of each enrolment (``trainings.rules.invoicing.billing``: to_invoice,
    invoiced, no_fee, included; an enrolment that never held a seat is absent), for the roster and
    the company page: the fee they show is the one the invoicing basis charges. ``offer_ids``: the
    offers concerned with every offer sharing a fee basis with them (None: all)."""
    catalogue = ctx.catalogue
    bases = {catalogue.basis_key(o) for o in offer_ids} if offer_ids is not None else None
    related = [o.id for o in catalogue.offers if bases is None or catalogue.basis_key(o.id) in bases]
    rows = records.billing_rows(ctx.db, related, company_id)
    return billing(rows, catalogue.free_cancel_days, catalogue.basis_key)


def invoicing_basis(ctx: Context, org_id: str, start: str | None, end: str | None):
    """The organisation's invoicing basis for enrolments made in the period (local dates,
    inclusive), in ``ctx.lang``: header, rows and the ids to invoice now (``trainings.rules.invoicing``
    decides)."""
    catalogue = ctx.catalogue
    own, related = offers_of(catalogue, org_id)
    rows = records.billing_rows(ctx.db, related)
    states = billing(rows, catalogue.free_cancel_days, catalogue.basis_key)
    shown = [row for row in rows if row["offer_id"] in own and row["id"] in states
             and (not start or row["enrolled_on"] >= start) and (not end or row["enrolled_on"] <= end)]
    return invoicing_table(shown, states, catalogue, ctx.lang)


def export_body(fmt: str, header, body, sheet: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return xlsx_bytes([(sheet, header, body)]), XLSX
    return csv_bytes(header, body), "text/csv"
