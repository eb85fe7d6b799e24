"""The advisor's view of a company's report: the results data plus the interview record."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask import current_app

from projectdata.branding import cover_logos
from questionnaire.results import training_records
from reports.data.company import build_company_data
from reports.data.contact import build_contact
from reports.data.followup import build_comparison_data
from reports.texts import LABELS
from scoring import metric_names
from storage import followups as followup_store
from storage import companies as company_store
from storage import get_db
from storage import scores as score_store
from storage import website_checks as check_store
from websitecheck import service as website_service


def _date(value: str | None, lang: str) -> str | None:
    return format_date(date.fromisoformat(value), "long", locale=lang) if value else None


def interview_to_data(survey, method, project, interview: dict, self_levels: dict, lang: str) -> dict:
    """An interview record as report data: labelled, translated text items and the ratings."""
    labels = LABELS[lang]["interview_labels"]
    record = interview["data"]
    options = {o.code: o.label.get(lang) for o in project.marketing_levels}
    tools = {o.code: o.label.get(lang) for o in project.tools}
    offers = {o.id: f"{o.package}: {o.name.get(lang)}" for o in method.offers}
    values = {
        "participants": record.get("participants"),
        "field_of_operations": record.get("field_of_operations"),
        "marketing_level": options.get(record.get("marketing_level")),
        "tools": "; ".join([tools.get(t, t) for t in record.get("tools") or []]
                           + ([record["tools_other"]] if record.get("tools_other") else [])),
        "website_notes": record.get("website_notes"),
        "actions": "\n".join(LABELS[lang]["action_line"].format(what=a.get("what") or "–", who=a.get("who") or "–",
                                                                 by=_date(a.get("by"), lang) or "–")
                             for a in record.get("actions") or []),
        "referrals": "; ".join([offers.get(r, r) for r in record.get("referrals") or []]
                               + ([record["referrals_other"]] if record.get("referrals_other") else [])),
        "notes": record.get("notes"),
        "follow_up_on": _date(record.get("follow_up_on"), lang),
    }
    ratings = []
    for area in survey.areas:
        given = (record.get("ratings") or {}).get(area.id)
        if given is None:
            continue
        own = self_levels.get(area.id)
        gap = None if own is None else int(given) - own
        ratings.append({"area": area.name.get(lang), "self": "–" if own is None else f"{own:.0f}", "advisor": given,
                        "gap": "–" if gap is None else f"{gap:+.0f}", "big": gap is not None and abs(gap) >= 25})
    return {
        "advisor": interview["advisor_name"],
        "held_on": _date(interview["held_on"], lang),
        "status": interview["status"],
        "items": [{"label": labels[key], "value": value} for key, value in values.items() if value],
        "ratings": ratings,
    }


def advisor_report_data(survey, analysis: dict, interview: dict | None, lang: str) -> dict:
    catalog = current_app.extensions["surveys"]
    method = catalog.method(survey)
    peers = score_store.peer_table(get_db(), current_app.config["DATABASE"], survey.id, survey.version,
                                   metric_names(survey))
    data = build_company_data(survey, method, analysis["answers"], analysis["company_id"], peers, lang,
                              submitted_at=analysis["submitted_at"], clock=current_app.extensions["clock"])
    if interview is not None:
        levels = {a["id"]: a["level"] for a in data["areas"]}
        data["interview"] = interview_to_data(survey, method, current_app.extensions["projectdata"], interview, levels,
                                              lang)
    data["followup"] = followup_data(analysis["company_id"], lang, baseline_id=analysis["id"])
    data["branding"] = cover_logos(current_app.extensions["projectdata"].logos, lang)
    confirmed = company_store.contact(get_db(), analysis["company_id"])  # never an unconfirmed analysis' contact
    data["contact"] = build_contact(survey, {**analysis["answers"], **confirmed})
    data["website"] = website_service.report_data(check_store.latest(get_db(), analysis["company_id"]), lang)
    data["training_records"] = training_records(analysis["company_id"], lang)
    return data


def followup_data(company_id: int, lang: str, baseline_id: int | None = None) -> dict | None:
    """The company's latest answered follow-up (of one T0 analysis when ``baseline_id``) as
    before/after data, or None."""
    catalog = current_app.extensions["surveys"]
    for row in followup_store.of_company(get_db(), company_id):
        if baseline_id is not None and row["baseline_response_id"] != baseline_id:
            continue
        followup = catalog.get(row["survey_id"], row["survey_version"])
        if followup is not None:
            return build_comparison_data(followup, catalog.method(followup), row, lang)
    return None
