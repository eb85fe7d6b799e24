"""Exports of responses for Excel and statistics tools: CSV, XLSX (with a codebook) and JSON.

Every text cell that a spreadsheet could read as a formula (starting with =, +, -, @, tab or
carriage return) is prefixed with an apostrophe, so Excel and LibreOffice show it as text.
Contact fields are included only when asked for.
"""

from __future__ import annotations

import csv
import io
import json

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def csv_bytes(header: list[str], body, delimiter: str = ";") -> bytes:
    """A CSV file Excel opens right (UTF-8 with BOM); every cell through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_csv(records, cols: list[str], delimiter: str = ";") -> bytes:
    return csv_bytes(cols, rows(records, cols), delimiter)


def _write_table(sheet, header: list[str], body) -> None:
    sheet.write_row(0, 0, header)
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            cell = safe_cell(value)
            if isinstance(cell, str):
                if cell:
                    sheet.write_string(r, c, cell)
            else:
                sheet.write_number(r, c, cell)


def _workbook(buffer):
    import xlsxwriter

    return xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})


def xlsx_bytes(sheets) -> bytes:
    """A workbook of ``(sheet name, header, rows)`` tables; text never becomes a formula."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    for name, header, body in sheets:
        _write_table(workbook.add_worksheet(name), header, body)
    workbook.close()
    return buffer.getvalue()


def to_json(records, cols: list[str], survey) -> bytes:
    data = {"survey": {"id": survey.id, "version": survey.version}, "columns": cols,
            "responses": [dict(zip(cols, row)) for row in rows(records, cols)]}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(records, cols: list[str], survey, lang: str) -> bytes:
    """Workbook written in constant-memory mode: responses, and a codebook of the questions and
    options. Text goes in with write_string, so nothing is ever stored as a formula."""
    buffer = io.BytesIO()
    workbook = _workbook(buffer)
    _write_table(workbook.add_worksheet("responses"), cols, rows(records, cols))
    codebook = workbook.add_worksheet("codebook")
    codebook.write_row(0, 0, ["survey", "version", "question_id", "type", "area", "question", "option_code",
                              "option_label", "score"])
    line = 1

    def put(values):
        nonlocal line
        for c, value in enumerate(values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                codebook.write_number(line, c, value)
            elif value not in (None, ""):
                codebook.write_string(line, c, safe_cell(value))
        line += 1

    for q in survey.questions:
        if q.id not in cols:
            continue
        base = [survey.id, survey.version, q.id, q.type, q.area or "", q.label.get(lang)]
        if q.options:
            for option in q.options:
                put(base + [option.code, option.label.get(lang), option.score])
        else:
            put(base)
    for area in survey.areas:
        for prefix in ("level_", "competence_"):
            put([survey.id, survey.version, prefix + area.id, "score", area.id, area.name.get(lang), "", "0-100"])
    workbook.close()
    return buffer.getvalue()
