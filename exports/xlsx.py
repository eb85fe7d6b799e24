"""The responses workbook, ready to analyse in Excel: typed cells, labels beside codes.

- numbers are number cells (answer codes that are numbers, ``"1"``, become 1; scores are numbers);
- the submission time is an Excel date-time in Finnish time (Europe/Helsinki);
- text is a string cell written with ``write_string``: it can never become a formula, so it
  needs no apostrophe guard (a phone number ``+358401234567`` reads exactly so);
- every coded column (choices, organisation, maturity level) has a ``<column>_label`` column
  beside it in the workbook's language; the codebook sheet lists every code;
- a frozen header row, an autofilter over the table and column widths that fit the content.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from .cells import workbook as new_workbook
from .cells import local_datetime, write_typed  # noqa: F401 (local_datetime: this module's name too)
from .responses import rows

HELSINKI = ZoneInfo("Europe/Helsinki")
_INTEGER = re.compile(r"^-?\d{1,9}$")
_PLAIN_INTEGER = re.compile(r"^(0|[1-9]\d{0,8})$")
NOT_APPLICABLE = "na"
MAX_WIDTH, MIN_WIDTH = 60, 6


def typed(value, code: bool = False):
    """An answer or score as the value its cell holds: number, bool as 1/0, or text (an answer
    code that is a whole number, ``"3"``, as that number when ``code``)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return round(value, 2) if isinstance(value, float) else value
    if isinstance(value, list):
        return "; ".join(map(str, value))
    text = str(value)
    return int(text) if code and _INTEGER.match(text) else text


def _labeller(col: str, survey, method, project, lang: str):
    """A function code -> label for a coded column, or None for an uncoded one."""
    if col == "organisation" and project is not None:
        return lambda code: (project.organisation(code).name.get(lang) if project.organisation(code) else code)
    if col == "maturity_level" and method is not None:
        return lambda code: method.band(code).name.get(lang)
    try:
        question = survey.question(col)
    except KeyError:
        return None
    if question.options or question.type == "checkbox":
        return lambda value: question.answer_text(value, lang)
    return None


def numeric_codes(survey, col: str) -> bool:
    """Are the answer codes of this column numbers (ladders 0-4, ratings 1-5; "na" allowed)?
    Codes such as municipality "091" or size "2-4" stay text."""
    try:
        question = survey.question(col)
    except KeyError:
        return False
    codes = [o.code for o in question.options if o.code != NOT_APPLICABLE]
    return question.type in ("single", "likert") and bool(codes) and all(_PLAIN_INTEGER.match(c) for c in codes)


def layout(cols: list[str], survey, method, project, lang: str) -> list[tuple[str, str, str, object]]:
    """The workbook's columns: (header, source column, kind, labeller); kind is "value",
    "code" (a numeric answer code), "label" (the code's label) or "datetime"."""
    out = []
    for col in cols:
        label = _labeller(col, survey, method, project, lang)
        kind = "datetime" if col == "submitted_at" else "code" if numeric_codes(survey, col) else "value"
        out.append((col, col, kind, None))
        if label is not None:
            out.append((f"{col}_label", col, "label", label))
    return out


def _cells(record_row: list, cols: list[str], plan) -> list:
    by_col = dict(zip(cols, record_row))
    cells = []
    for _header, col, kind, label in plan:
        value = by_col.get(col)
        if kind == "label":
            cells.append(label(value) if value not in (None, "", []) else None)
        elif kind == "datetime":
            cells.append(local_datetime(value))
        else:
            cells.append(typed(value, code=kind == "code"))
    return cells


def write_responses(workbook, records, cols: list[str], survey, method, project, lang: str) -> None:
    sheet = workbook.add_worksheet("responses")
    plan = layout(cols, survey, method, project, lang)
    body = [_cells(row, cols, plan) for row in rows(records, cols)]
    header_format = workbook.add_format({"bold": True, "bg_color": "#DCE6F0", "bottom": 1, "text_wrap": False})
    date_format = workbook.add_format({"num_format": "d.m.yyyy h:mm"})
    for c, (header, *_rest) in enumerate(plan):
        sample = [len(str(r[c])) for r in body[:500] if r[c] is not None and not isinstance(r[c], datetime)]
        width = 16 if header == "submitted_at" else max([len(header) + 2, *(n + 1 for n in sample)])
        sheet.set_column(c, c, max(MIN_WIDTH, min(MAX_WIDTH, width)))
    sheet.write_row(0, 0, [item[0] for item in plan], header_format)
    for r, cells in enumerate(body, start=1):
        for c, value in enumerate(cells):
            write_typed(sheet, r, c, value, date_format)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(body), 1), len(plan) - 1)


def write_codebook(workbook, cols: list[str], survey, lang: str) -> None:
    """The questions and their options (code, label, score) of the exported columns."""
    sheet = workbook.add_worksheet("codebook")
    header = ["survey", "version", "question_id", "type", "area", "question", "option_code", "option_label", "score"]
    for c, width in enumerate((8, 8, 22, 10, 14, 60, 14, 50, 7)):
        sheet.set_column(c, c, width)
    sheet.write_row(0, 0, header, workbook.add_format({"bold": True, "bottom": 1}))
    lines = []
    for q in survey.questions:
        if q.id not in cols:
            continue
        base = [survey.id, survey.version, q.id, q.type, q.area or "", q.label.get(lang)]
        numeric = numeric_codes(survey, q.id)
        lines += [base + [typed(o.code, code=numeric), o.label.get(lang), o.score] for o in q.options] or [base]
    for area in survey.areas:
        for prefix in ("level_", "competence_"):
            lines.append([survey.id, survey.version, prefix + area.id, "score", area.id, area.name.get(lang), "",
                          "0–100"])
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line):
            write_typed(sheet, r, c, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(lines), 1), len(header) - 1)


def to_xlsx(records, cols: list[str], survey, lang: str, method=None, project=None) -> bytes:
    """The responses sheet (typed cells, labels beside codes) and the codebook."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    write_responses(workbook, records, cols, survey, method, project, lang)
    write_codebook(workbook, cols, survey, lang)
    workbook.close()
    return buffer.getvalue()
