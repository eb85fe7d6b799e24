"""Which enrolments are billed: one pure function decides it for the invoicing page, its exports,
the command line and the marking of rows as invoiced (which re-decides inside its transaction).

The fee is charged once per company per *fee basis* (data in the training catalogue): TP2's
workshops once per company for the whole work package (its first billable workshop; later ones
are included), a path (TP3–TP6) once per company per path. A row is on the basis when it held a
seat: enrolled, or cancelled after it had a seat. A cancellation at least ``free_days`` days
before the course starts costs nothing. No Flask, no database, no I/O.
"""

from __future__ import annotations

from datetime import date

INVOICED, TO_INVOICE, NO_FEE, INCLUDED = "invoiced", "to_invoice", "no_fee", "included"


def row_status(row: dict, free_days: int) -> str | None:
    """One row on its own: ``invoiced``, ``chargeable``, ``no_fee`` or None (not on the basis:
    applied, waiting, offered, declined, lapsed, or cancelled without ever holding a seat).
    ``row``: ``status``, ``fee``, ``seated`` (held a seat), ``starts_on``, ``cancelled_on`` (the
    local date of the cancellation), ``invoiced_on``."""
    if row.get("invoiced_on"):
        return INVOICED
    if row["status"] == "cancelled":
        if not row.get("seated"):
            return None
        if row["fee"] <= 0 or not row.get("cancelled_on"):
            return NO_FEE
        days = (date.fromisoformat(row["starts_on"]) - date.fromisoformat(row["cancelled_on"])).days
        return NO_FEE if days >= free_days else "chargeable"
    if row["status"] != "enrolled":
        return None
    return "chargeable" if row["fee"] > 0 else NO_FEE


def billing(rows: list[dict], free_days: int, basis_key) -> dict[int, str]:
    """``{row id: invoiced | to_invoice | no_fee | included}`` for every row on the basis.

    ``rows``: every enrolment of the companies concerned in the offers concerned (also outside a
    period: whether a workshop is a company's first is decided over all of them), each with
    ``id``, ``company_id``, ``offer_id``, ``enrolled_at`` and what ``row_status`` reads.
    ``basis_key(offer_id)``: what the fee is charged once per (the work package, or the offer).
    Per company and basis the first row charged wins: an invoiced one, else the first enrolled."""
    result, charged = {}, {}
    order = sorted(rows, key=lambda r: (r.get("enrolled_at") or "", r["id"]))
    states = {r["id"]: row_status(r, free_days) for r in order}
    for row in order:  # an invoiced row is the charge of its basis, whenever it was enrolled
        if states[row["id"]] == INVOICED:
            charged.setdefault((row["company_id"], basis_key(row["offer_id"])), row["id"])
    for row in order:
        state = states[row["id"]]
        if state is None:
            continue
        if state in (INVOICED, NO_FEE):
            result[row["id"]] = state
            continue
        key = (row["company_id"], basis_key(row["offer_id"]))
        if charged.setdefault(key, row["id"]) == row["id"]:
            result[row["id"]] = TO_INVOICE
        else:
            result[row["id"]] = INCLUDED
    return result


def billable_ids(rows: list[dict], free_days: int, basis_key) -> set[int]:
    """The rows to invoice now (never one already invoiced)."""
    return {row_id for row_id, state in billing(rows, free_days, basis_key).items() if state == TO_INVOICE}
