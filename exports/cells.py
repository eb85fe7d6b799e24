"""Spreadsheet cells that are never evaluated: every text cell that a spreadsheet could read as a
formula (starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe, so
Excel and LibreOffice show it as text; XLSX text goes in with write_string, numbers as numbers."""

from __future__ import annotations

import csv
import io

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell that is never evaluated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, (int, float)):
        return round(value, 2) if isinstance(value, float) else value
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: list[str], body, delimiter: str = ";") -> bytes:
    """A CSV file Excel opens right (UTF-8 with BOM); every cell through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_table(sheet, header: list[str], body) -> None:
    sheet.write_row(0, 0, header)
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            cell = safe_cell(value)
            if isinstance(cell, str):
                if cell:
                    sheet.write_string(r, c, cell)
            else:
                sheet.write_number(r, c, cell)


def workbook(buffer):
    return xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})


def xlsx_bytes(sheets) -> bytes:
    """A workbook of ``(sheet name, header, rows)`` tables; text never becomes a formula."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    for name, header, body in sheets:
        write_table(book.add_worksheet(name), header, body)
    book.close()
    return buffer.getvalue()
