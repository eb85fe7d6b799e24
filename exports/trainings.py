"""The invoicing basis and the funder summary as tables for CSV and XLSX (through
``exports.cells``: formula-safe, numbers and dates typed)."""

from __future__ import annotations

from datetime import date

from reports.texts import TRAINING_EXPORTS

TEXTS = TRAINING_EXPORTS  # the texts, in both languages, are in reports/texts.py


def _date(iso: str | None) -> date | None:
    """An ISO date as a date: the CSV writes it as a date Excel reads, the XLSX as a date cell."""
    return date.fromisoformat(iso) if iso else None


def invoicing_table(rows: list[dict], states: dict[int, str], catalogue,
                    lang: str) -> tuple[list[str], list[list], list[int]]:
    """Header, rows and the ids of the rows to invoice. ``states``: ``scoring.invoicing.billing``."""
    body, to_invoice = [], []
    for row in rows:
        offer = catalogue.offer(row["offer_id"])
        status = states[row["id"]]
        if status == "to_invoice":
            to_invoice.append(row["id"])
        tier = (catalogue.threshold.get(lang) if catalogue.threshold else "high") if row["fee_tier"] == "high" \
            else TEXTS[lang]["tiers"].get(row["fee_tier"], row["fee_tier"])
        body.append([TEXTS[lang]["status"][status], row["company_name"], row["business_id"],
                     row["contact_name"] or row["participant"],
                     row["email"], row["course_name"], offer.package if offer else row["offer_id"],
                     row["fee"] if status in ("to_invoice", "invoiced") else 0, tier, _date(row["enrolled_on"]),
                     _date(row["cancelled_on"]), _date(row["completed_on"]), _date(row["invoiced_on"]),
                     row["invoice_number"] or "", row["id"]])
    return TEXTS[lang]["invoicing_header"], body, to_invoice


def funder_table(summary: list[dict], packages: dict[str, int], catalogue,
                 lang: str) -> tuple[list[str], list[list]]:
    """Per offer with anything to report, then each work package's own certificates."""
    body = []
    for row in summary:
        offer = catalogue.offer(row["offer_id"])
        if not any(row[key] for key in ("sessions", "companies", "participants", "certificates", "webinar")):
            continue
        webinar = row["webinar"] if offer and offer.kind == "webinar" else ""
        body.append([offer.name.get(lang) if offer else row["offer_id"], offer.package if offer else "",
                     row["courses"], row["sessions"], float(row["hours"] or 0),
                     row["companies"], row["participants"], row["certificates"], webinar])
    for package, count in sorted(packages.items()):
        body.append([TEXTS[lang]["package_certificates"].format(package=package), package, "", "", "", "", "", count,
                     ""])
    return TEXTS[lang]["funder_header"], body
