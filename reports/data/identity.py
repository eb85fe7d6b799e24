"""The company a report is about, as confirmed: its name and municipality are the company's
record (``companies``), never what a later analysis typed unless the advisor took them over when
confirming it (storage.claims.confirm). No Flask and no database here."""

from __future__ import annotations


def municipality_label(survey, code: str | None, lang: str) -> str | None:
    """A municipality code in words (the code itself when the questionnaire does not know it)."""
    if not code:
        return None
    try:
        option = survey.question("municipality").option(code)
    except KeyError:
        return code
    return option.label.get(lang) if option else code


def with_identity(data: dict, survey, company: dict | None, lang: str) -> dict:
    """``data`` (reports.data.company) with the company's confirmed name and municipality; the
    business ID and the industry stay those of the analysis."""
    if not company:
        return data
    confirmed = {"name": company.get("name") or data["company"]["name"],
                 "municipality": municipality_label(survey, company.get("municipality"), lang)
                 or data["company"]["municipality"]}
    return {**data, "company": {**data["company"], **confirmed}}
