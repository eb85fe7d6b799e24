"""The funder's report as files: the XLSX (sheets Indicators, Companies, Rules: typed cells, dates
as dates, a frozen header and an autofilter) and the ";" CSV ``indicator;breakdown;value`` of the
period's values, whose numbers Finnish Excel reads as numbers (``exports.cells``: formula-safe)."""

from __future__ import annotations

import io
from datetime import date, datetime

from .cells import csv_bytes, write_typed
from .cells import workbook as new_workbook

CSV_HEADER = ["indicator", "breakdown", "value"]
COMPANY_COLUMNS = ("business_id", "name", "industry_code", "industry", "municipality", "organisation", "size",
                   "size_basis", "first_support", "in_period", "analyses", "interviews", "sessions", "hours",
                   "certificates")
CONTACT_COLUMNS = ("contact_name", "contact_email", "contact_phone")
WIDTHS = {"name": 34, "industry": 34, "size_basis": 60, "organisation": 30, "municipality": 16, "first_support": 13}


def indicators_csv(data: dict) -> bytes:
    """``indicator;breakdown;value`` rows of the period, e.g. ``RCO01;total;57``, ``RCO01;micro;44``."""
    body = [[indicator["code"], row["breakdown"], row["period"]]
            for indicator in data["indicators"] for row in indicator["rows"]]
    return csv_bytes(CSV_HEADER, body, ";")


def _cell(key: str, value, texts: dict):
    if key == "first_support":
        return datetime.combine(date.fromisoformat(value), datetime.min.time()) if value else None
    if key == "in_period":
        return texts["yes"] if value else texts["no"]
    return value


def _sheet(book, name: str, header: list[str], body: list[list], widths: list[int], date_format=None,
           wrap=None) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, header, bold)
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            write_typed(sheet, r, c, value, date_format)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width, wrap)
    sheet.freeze_panes(1, 0)
    if body:
        sheet.autofilter(0, 0, len(body), len(header) - 1)


def funder_xlsx(data: dict) -> bytes:
    """The workbook: Indicators (code, name, breakdown, period value, cumulative value), Companies
    (one row per company counted since the project start), Rules (how it was counted)."""
    t = data["texts"]
    columns = t["columns"]
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    dates = book.add_format({"num_format": "d.m.yyyy" if data["language"] == "fi" else "d mmm yyyy"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    indicators = [[i["code"], i["name"], row["label"], row["period"], row["cumulative"]]
                  for i in data["indicators"] for row in i["rows"]]
    _sheet(book, t["sheets"]["indicators"], [t["code"], t["indicator"], t["breakdown"], columns["period_value"],
                                              columns["cumulative_value"]], indicators, [9, 50, 16, 14, 18])
    keys = COMPANY_COLUMNS + (CONTACT_COLUMNS if data["include_contact"] else ())
    body = [[_cell(key, row.get(key), t) for key in keys] for row in data["companies"]]
    _sheet(book, t["sheets"]["companies"], [columns[key] for key in keys], body,
           [WIDTHS.get(key, 14) for key in keys], dates)
    _sheet(book, t["sheets"]["rules"], [columns["item"], columns["value"]], [list(r) for r in data["rules"]],
           [30, 110], wrap=wrap)
    book.close()
    return buffer.getvalue()
