"""The invoicing basis and the funder summary as tables for CSV and XLSX (through
``exports.cells``: formula-safe, numbers and dates typed)."""

from __future__ import annotations

from datetime import date

INVOICING_HEADER = {
    "fi": ["Tila", "Yritys", "Y-tunnus", "Yhteyshenkilö", "Sähköposti", "Kurssi", "Työpaketti", "Maksu (€)",
           "Maksuperuste", "Ilmoittautunut", "Peruttu", "Suoritettu", "Laskutettu", "Laskun numero", "Rivi"],
    "en": ["Status", "Company", "Business ID", "Contact", "Email", "Course", "Work package", "Fee (€)",
           "Fee basis", "Enrolled", "Cancelled", "Completed", "Invoiced", "Invoice number", "Row"],
}
STATUS = {
    "fi": {"to_invoice": "laskutettava", "invoiced": "laskutettu", "no_fee": "ei maksua",
           "included": "sisältyy jo laskutettuun maksuun"},
    "en": {"to_invoice": "to invoice", "invoiced": "invoiced", "no_fee": "no fee",
           "included": "included in a fee already charged"},
}
PACKAGE_CERTIFICATES = {"fi": "{package}: todistukset hankkeen lopussa", "en": "{package}: certificates at project end"}
TIERS = {"fi": {"base": "perusmaksu", "free": "maksuton"}, "en": {"base": "basic fee", "free": "free of charge"}}
FUNDER_HEADER = {
    "fi": ["Tarjonta", "Työpaketti", "Kurssit", "Tapaamiset", "Tunnit", "Yritykset", "Osallistuneet yritykset",
           "Todistukset", "Webinaarien osallistujat"],
    "en": ["Offer", "Work package", "Courses", "Sessions", "Hours", "Companies", "Companies that took part",
           "Certificates", "Webinar attendees"],
}


def _date(iso: str | None) -> date | None:
    """An ISO date as a date: the CSV writes it as a date Excel reads, the XLSX as a date cell."""
    return date.fromisoformat(iso) if iso else None


def invoicing_table(rows: list[dict], states: dict[int, str], catalogue,
                    lang: str) -> tuple[list[str], list[list], list[int]]:
    """Header, rows and the ids of the rows to invoice. ``states``: ``trainings.rules.invoicing.billing``."""
    body, to_invoice = [], []
    for row in rows:
        offer = catalogue.offer(row["offer_id"])
        status = states[row["id"]]
        if status == "to_invoice":
            to_invoice.append(row["id"])
        tier = (catalogue.threshold.get(lang) if catalogue.threshold else "high") if row["fee_tier"] == "high" \
            else TIERS[lang].get(row["fee_tier"], row["fee_tier"])
        body.append([STATUS[lang][status], row["company_name"], row["business_id"],
                     row["contact_name"] or row["participant"],
                     row["email"], row["course_name"], offer.package if offer else row["offer_id"],
                     row["fee"] if status in ("to_invoice", "invoiced") else 0, tier, _date(row["enrolled_on"]),
                     _date(row["cancelled_on"]), _date(row["completed_on"]), _date(row["invoiced_on"]),
                     row["invoice_number"] or "", row["id"]])
    return INVOICING_HEADER[lang], body, to_invoice


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
        body.append([PACKAGE_CERTIFICATES[lang].format(package=package), package, "", "", "", "", "", count, ""])
    return FUNDER_HEADER[lang], body
