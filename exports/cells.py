"""Spreadsheet cells that are never evaluated. In a CSV every text cell that a spreadsheet could
read as a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
apostrophe, so Excel and LibreOffice show it as text; the ";" variant is written for Finnish
Excel (``exports.excel_fi``: decimal commas, codes such as ``2-4`` kept as text). XLSX cells are
typed: text goes in with write_string (a string cell can never be a formula, so it needs no
apostrophe), numbers as numbers, dates and date-times as dates; a table gets an autofilter."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import xlsxwriter

from . import excel_fi

FORMULA_STARTS = excel_fi.FORMULA_STARTS
HELSINKI = ZoneInfo("Europe/Helsinki")


def local_datetime(stamp: str | None, zone: ZoneInfo = HELSINKI) -> datetime | None:
    """An ISO time stamp (UTC when it has no offset) as naive local time for a spreadsheet."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone).replace(tzinfo=None)


def safe_cell(value):
    """A value as a spreadsheet cell that is never evaluated (a date as ISO "2026-12-04" and a
    local date-time as "2026-12-04 20:15", which spreadsheets read as dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, (int, float)):
        return round(value, 2) if isinstance(value, float) else value
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def finnish_excel_cell(value, text: bool = False) -> str:
    """A cell of the ";" CSV: numbers with a decimal comma, dates and date-times as Finnish Excel
    reads them ("4.12.2026", "4.12.2026 20:15"), text Finnish Excel keeps as text; ``text``: a
    code column kept as text in every row ("'491" as "'091": never a number in some rows)."""
    if isinstance(value, date):
        return excel_fi.date_cell(value)
    if text and isinstance(value, str):
        return excel_fi.code_cell(value)
    cell = safe_cell(value)
    if isinstance(cell, (int, float)):
        return excel_fi.number_cell(cell)
    text = "; ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    return excel_fi.text_cell(text)


def csv_bytes(header: list[str], body, delimiter: str = ";", text_columns=()) -> bytes:
    """A CSV file Excel opens right (UTF-8 with BOM); every cell through ``safe_cell``, and with
    the ";" delimiter (the Finnish Excel variant) through ``finnish_excel_cell`` (the columns of
    ``text_columns``, indexes, as text codes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    if delimiter == ";":
        text = frozenset(text_columns)
        writer.writerows([finnish_excel_cell(v, n in text) for n, v in enumerate(row)] for row in body)
    else:
        writer.writerows([safe_cell(v) for v in row] for row in body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_typed(sheet, r: int, c: int, value, date_format=None) -> None:
    """One XLSX cell by its type: number, date-time, or a string cell (never a formula)."""
    if value is None or value == "" or value == []:
        return
    if isinstance(value, bool):
        sheet.write_number(r, c, int(value))
    elif isinstance(value, (int, float)):
        sheet.write_number(r, c, round(value, 2) if isinstance(value, float) else value)
    elif isinstance(value, date):  # a datetime with its time, a date at midnight, in the given format
        sheet.write_datetime(r, c, value, date_format)
    else:
        sheet.write_string(r, c, "; ".join(map(str, value)) if isinstance(value, list) else str(value))


def write_table(sheet, header: list[str], body, date_format=None) -> None:
    """The header row (frozen, with an autofilter over the table) and the typed rows."""
    sheet.write_row(0, 0, header)
    last = 0
    for last, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            write_typed(sheet, last, c, value, date_format)
    sheet.freeze_panes(1, 0)
    if header:
        sheet.autofilter(0, 0, last, len(header) - 1)


def workbook(buffer):
    return xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})


def xlsx_bytes(sheets) -> bytes:
    """A workbook of ``(sheet name, header, rows)`` tables; text never becomes a formula."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    dates = book.add_format({"num_format": "d.m.yyyy"})
    for name, header, body in sheets:
        write_table(book.add_worksheet(name), header, body, dates)
    book.close()
    return buffer.getvalue()
