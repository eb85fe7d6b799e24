"""The invoicing basis and the funder summary as tables for CSV and XLSX (through
``exports.cells``: formula-safe, numbers typed)."""

from __future__ import annotations

from scoring.trainings import invoice_status

INVOICING_HEADER = {
    "fi": ["Tila", "Yritys", "Y-tunnus", "Yhteyshenkilö", "Sähköposti", "Kurssi", "Työpaketti", "Maksu (€)",
           "Maksuperuste", "Ilmoittautunut", "Peruttu", "Suoritettu", "Laskutettu", "Laskun numero", "Rivi"],
    "en": ["Status", "Company", "Business ID", "Contact", "Email", "Course", "Work package", "Fee (€)",
           "Fee basis", "Enrolled", "Cancelled", "Completed", "Invoiced", "Invoice number", "Row"],
}
STATUS = {
    "fi": {"to_invoice": "laskutettava", "invoiced": "laskutettu", "no_fee": "peruttu ilman maksua"},
    "en": {"to_invoice": "to invoice", "invoiced": "invoiced", "no_fee": "cancelled without fee"},
}
TIERS = {"fi": {"base": "perusmaksu", "free": "maksuton"}, "en": {"base": "basic fee", "free": "free of charge"}}
FUNDER_HEADER = {
    "fi": ["Tarjonta", "Työpaketti", "Kurssit", "Tapaamiset", "Tunnit", "Yritykset", "Osallistuneet yritykset",
           "Todistukset", "Webinaarien osallistujat"],
    "en": ["Offer", "Work package", "Courses", "Sessions", "Hours", "Companies", "Companies that took part",
           "Certificates", "Webinar attendees"],
}


def invoicing_table(rows: list[dict], catalogue, lang: str) -> tuple[list[str], list[list], list[int]]:
    """Header, rows and the ids of the rows to invoice. Status per the cancellation rule."""
    body, to_invoice = [], []
    for row in rows:
        offer = catalogue.offer(row["offer_id"])
        status = invoice_status(row["status"], row["fee"], row["starts_on"], row["cancelled_at"],
                                catalogue.free_cancel_days, row["invoiced_on"])
        if status is None:
            continue
        if status == "to_invoice":
            to_invoice.append(row["id"])
        tier = (catalogue.threshold.get(lang) if catalogue.threshold else "high") if row["fee_tier"] == "high" \
            else TIERS[lang].get(row["fee_tier"], row["fee_tier"])
        body.append([STATUS[lang][status], row["company_name"], row["business_id"],
                     row["contact_name"] or row["participant"],
                     row["email"], row["course_name"], offer.package if offer else row["offer_id"],
                     row["fee"] if status != "no_fee" else 0, tier, (row["enrolled_at"] or "")[:10],
                     (row["cancelled_at"] or "")[:10], row["completed_on"] or "", row["invoiced_on"] or "",
                     row["invoice_number"] or "", row["id"]])
    return INVOICING_HEADER[lang], body, to_invoice


def funder_table(summary: list[dict], catalogue, reach: dict[str, int], lang: str) -> tuple[list[str], list[list]]:
    body = []
    order = {o.id: n for n, o in enumerate(catalogue.offers)}
    for row in sorted(summary, key=lambda r: order.get(r["offer_id"], 999)):
        offer = catalogue.offer(row["offer_id"])
        webinar = sum(reach.get(row["offer_id"], {}).values()) if offer and offer.kind == "webinar" else ""
        body.append([offer.name.get(lang) if offer else row["offer_id"], offer.package if offer else "",
                     row.get("courses", 0), row.get("sessions", 0), float(row.get("hours", 0) or 0),
                     row.get("companies", 0), row.get("participants", 0), row.get("certificates", 0), webinar])
    return FUNDER_HEADER[lang], body
