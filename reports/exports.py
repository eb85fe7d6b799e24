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


def row_values(record: dict, cols: list[str]) -> list:
    """``record``: response fields, ``answers`` and ``scores`` (levels/competence per area)."""
    answers, scores = record["answers"], record["scores"]
    values = []
    for col in cols:
        if col in record:
            values.append(record[col])
        elif col.startswith("level_"):
            values.append(scores["levels"].get(col[6:]))
        elif col.startswith("competence_"):
            values.append(scores["competence"].get(col[11:]))
        elif col in ("maturity_index", "maturity_level"):
            values.append(scores[col])
        else:
            values.append(answers.get(col))
    return values


def to_csv(records, cols: list[str], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(cols)
    for record in records:
        writer.writerow([safe_cell(v) for v in row_values(record, cols)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(records, cols: list[str], survey) -> bytes:
    data = {"survey": {"id": survey.id, "version": survey.version}, "columns": cols,
            "responses": [dict(zip(cols, row_values(r, cols))) for r in records]}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(records, cols: list[str], survey, lang: str) -> bytes:
    """Streamed (write-only) workbook: responses, and a codebook of questions and options."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("responses")
    sheet.append(cols)
    for record in records:
        sheet.append([safe_cell(v) for v in row_values(record, cols)])
    codebook = workbook.create_sheet("codebook")
    codebook.append(["survey", "version", "question_id", "type", "area", "question", "option_code", "option_label", "score"])
    for q in survey.questions:
        if q.id not in cols:
            continue
        base = [survey.id, survey.version, q.id, q.type, q.area or "", safe_cell(q.label.get(lang))]
        if q.options:
            for option in q.options:
                codebook.append(base + [safe_cell(option.code), safe_cell(option.label.get(lang)),
                                        "" if option.score is None else option.score])
        else:
            codebook.append(base + ["", "", ""])
    for area in survey.areas:
        for prefix, meaning in (("level_", "0-100"), ("competence_", "0-100")):
            codebook.append([survey.id, survey.version, prefix + area.id, "score", area.id,
                             safe_cell(area.name.get(lang)), "", meaning, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
