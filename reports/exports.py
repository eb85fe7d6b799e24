"""Exports of responses for Excel and statistics tools: CSV, XLSX (with a codebook) and JSON.

In a CSV every text cell that a spreadsheet could read as a formula (starting with =, +, -, @,
tab or carriage return) is prefixed with an apostrophe, so Excel and LibreOffice show it as text;
the ";" variant is written for Finnish Excel (``reports.excel_fi``: decimal commas, codes such as
``2-4`` kept as text). XLSX cells are typed (``reports.xlsx_export``): text goes in as string
cells, which can never be formulas, so it needs no apostrophe. Contact fields are included only
when asked for.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import date, datetime

from . import excel_fi

FORMULA_STARTS = excel_fi.FORMULA_STARTS
CONTACT_FIELDS = ("company_name", "business_id", "contact_name", "contact_role", "contact_email", "contact_phone",
                  "website_url")


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


def columns(survey, include_contact: bool) -> list[str]:
    cols = ["response_id", "submitted_at", "survey_id", "survey_version", "organisation"]
    for q in survey.questions:
        if q.id in CONTACT_FIELDS and not include_contact:
            continue
        cols.append(q.id)
    cols += ["maturity_index", "maturity_level"]
    for area in survey.areas:
        cols += [f"level_{area.id}", f"competence_{area.id}"]
    return cols


def _plan(cols: list[str]) -> list[tuple[int, str]]:
    """Where each column comes from, decided once per export (not once per cell)."""
    plan = []
    for col in cols:
        if col in ("response_id", "submitted_at", "survey_id", "survey_version", "organisation"):
            plan.append((0, col))
        elif col.startswith("level_"):
            plan.append((2, col[6:]))
        elif col.startswith("competence_"):
            plan.append((3, col[11:]))
        elif col in ("maturity_index", "maturity_level"):
            plan.append((4, col))
        else:
            plan.append((1, col))
    return plan


def rows(records, cols: list[str]):
    """``record``: response fields, ``answers`` and ``scores`` (levels/competence per area)."""
    plan = _plan(cols)
    for record in records:
        sources = (record, record["answers"], record["scores"]["levels"], record["scores"]["competence"], record["scores"])
        yield [sources[source].get(key) for source, key in plan]


def finnish_excel_cell(value) -> str:
    """A cell of the ";" CSV: numbers with a decimal comma, text Finnish Excel keeps as text."""
    cell = safe_cell(value)
    if isinstance(cell, (int, float)):
        return excel_fi.number_cell(cell)
    text = "; ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
    return excel_fi.text_cell(text)


def csv_bytes(header: list[str], body, delimiter: str = ";") -> bytes:
    """A CSV file Excel opens right (UTF-8 with BOM); every cell through ``safe_cell``, and with
    the ";" delimiter (the Finnish Excel variant) through ``finnish_excel_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    cell = finnish_excel_cell if delimiter == ";" else safe_cell
    writer.writerows([cell(v) for v in row] for row in body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_csv(records, cols: list[str], delimiter: str = ";") -> bytes:
    return csv_bytes(cols, rows(records, cols), delimiter)


def write_typed(sheet, r: int, c: int, value, date_format=None) -> None:
    """One XLSX cell by its type: number, date-time, or a string cell (never a formula)."""
    if value is None or value == "" or value == []:
        return
    if isinstance(value, bool):
        sheet.write_number(r, c, int(value))
    elif isinstance(value, (int, float)):
        sheet.write_number(r, c, round(value, 2) if isinstance(value, float) else value)
    elif isinstance(value, datetime):
        sheet.write_datetime(r, c, value, date_format)
    else:
        sheet.write_string(r, c, "; ".join(map(str, value)) if isinstance(value, list) else str(value))


def _write_table(sheet, header: list[str], body) -> None:
    sheet.write_row(0, 0, header)
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            write_typed(sheet, r, c, value)
    sheet.freeze_panes(1, 0)


def new_workbook(buffer):
    import xlsxwriter

    return xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})


def xlsx_bytes(sheets) -> bytes:
    """A workbook of ``(sheet name, header, rows)`` tables; text never becomes a formula."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    for name, header, body in sheets:
        _write_table(book.add_worksheet(name), header, body)
    book.close()
    return buffer.getvalue()


def to_json(records, cols: list[str], survey) -> bytes:
    data = {"survey": {"id": survey.id, "version": survey.version}, "columns": cols,
            "responses": [dict(zip(cols, row)) for row in rows(records, cols)]}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def export_filename(filter_values: list[str], day: date, extension: str, stem: str = "digianalyysi") -> str:
    """A download's name after the selection and the day: ``digianalyysi-mikkeli-2026-11-23.xlsx``
    (ASCII letters, digits and hyphens only; "kaikki" when nothing is filtered)."""
    parts = []
    for value in filter_values:
        ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        if slug:
            parts.append(slug[:30].strip("-"))
    selection = "-".join(parts)[:80].strip("-") or "kaikki"
    return f"{stem}-{selection}-{day.isoformat()}.{extension}"
