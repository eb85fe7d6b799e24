"""Exports of responses for Excel and statistics tools: CSV, XLSX (with a codebook) and JSON.

Every cell goes through ``exports.cells.safe_cell`` (never a formula). Contact fields are
included only when asked for.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

from .cells import csv_bytes, local_datetime

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
        sources = (record, record["answers"], record["scores"]["levels"], record["scores"]["competence"],
                   record["scores"])
        yield [sources[source].get(key) for source, key in plan]


def text_code_columns(survey, cols: list[str]) -> set[int]:
    """The columns whose answer codes are digits with a leading zero somewhere (municipality
    "091"): the ";" CSV writes every code of such a column as text, never some as numbers."""
    found = set()
    for n, col in enumerate(cols):
        try:
            codes = [o.code for o in survey.question(col).options]
        except KeyError:
            continue
        if any(code.isdigit() and len(code) > 1 and code.startswith("0") for code in codes):
            found.add(n)
    return found


def to_csv(records, cols: list[str], delimiter: str = ";", survey=None) -> bytes:
    """The CSV; the submission time as a local date-time (Finnish time, not the stored UTC text),
    and with ``survey`` the text-code columns (``text_code_columns``) as text in every row."""
    stamp = cols.index("submitted_at") if "submitted_at" in cols else None

    def body():
        for row in rows(records, cols):
            if stamp is not None:
                row[stamp] = local_datetime(row[stamp])
            yield row
    return csv_bytes(cols, body(), delimiter, text_code_columns(survey, cols) if survey is not None else ())


def to_json(records, cols: list[str], survey, versions=None) -> bytes:
    """``versions``: the questionnaire versions the records may come from (each record names its own)."""
    data = {"survey": {"id": survey.id, "version": survey.version, "versions": list(versions or (survey.version,))},
            "columns": cols,
            "responses": [dict(zip(cols, row)) for row in rows(records, cols)]}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def export_filename(filter_values: list[str], day: date, extension: str, stem: str = "digianalyysi",
                    variant: str = "") -> str:
    """A download's name after the selection and the day: ``digianalyysi-mikkeli-2026-11-23.xlsx``
    (ASCII letters, digits and hyphens only; "kaikki" when nothing is filtered); ``variant``
    tells two files of one format apart (``…-2026-11-23-excel.csv``, ``…-pilkku.csv``)."""
    parts = []
    for value in filter_values:
        ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        if slug:
            parts.append(slug[:30].strip("-"))
    selection = "-".join(parts)[:80].strip("-") or "kaikki"
    return f"{stem}-{selection}-{day.isoformat()}{'-' + variant if variant else ''}.{extension}"
