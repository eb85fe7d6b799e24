"""Exports of responses for Excel and statistics tools: CSV, XLSX (with a codebook) and JSON.

Every cell goes through ``exports.cells.safe_cell`` (never a formula). Contact fields are
included only when asked for.
"""

from __future__ import annotations

import io
import json

from .cells import csv_bytes, safe_cell, workbook, write_table

CONTACT_FIELDS = ("company_name", "business_id", "contact_name", "contact_role", "contact_email", "contact_phone",
                  "website_url")


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


def to_csv(records, cols: list[str], delimiter: str = ";") -> bytes:
    return csv_bytes(cols, rows(records, cols), delimiter)


def to_json(records, cols: list[str], survey) -> bytes:
    data = {"survey": {"id": survey.id, "version": survey.version}, "columns": cols,
            "responses": [dict(zip(cols, row)) for row in rows(records, cols)]}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(records, cols: list[str], survey, lang: str) -> bytes:
    """Workbook written in constant-memory mode: responses, and a codebook of the questions and
    options. Text goes in with write_string, so nothing is ever stored as a formula."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    write_table(book.add_worksheet("responses"), cols, rows(records, cols))
    codebook = book.add_worksheet("codebook")
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
    book.close()
    return buffer.getvalue()
