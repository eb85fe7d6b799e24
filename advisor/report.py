"""The advisor's view of a company's report: the results data plus the interview record.

A final interview's part of the report is rendered from what was kept with it when it was made
final (storage/snapshots.py): the self-assessment it was compared with and the website findings
chosen for it. A later analysis or website check is shown beside it as newer information."""

from __future__ import annotations

from flask import current_app

from projectdata.branding import cover_logos
from questionnaire.results_service import training_records, training_rows
from reports.data.company import build_company_data
from reports.data.contact import build_contact
from reports.data.formatting import date_text, number, signed
from reports.data.followup import build_comparison_data
from reports.data.identity import with_identity
from reports.texts import LABELS
from scoring import metric_names
from storage import followups as followup_store
from storage import companies as company_store
from storage import get_db
from storage import scores as score_store
from storage import snapshots
from storage import website_checks as check_store
from web.context import here
from websitecheck import service as website_service


def _date(value: str | None, lang: str) -> str | None:
    return date_text(value, lang)


def _day(stamp: str | None, lang: str) -> str | None:
    """The day of a stored timestamp in the project's time zone, as the report prints an analysis' date."""
    return date_text(stamp, lang, current_app.extensions["clock"].zone)


def rating_row(area: str, own, given, lang: str) -> dict:
    """One row of the advisor's ratings next to the self-assessment: the self-assessed level is
    rounded once and the difference is that of the printed figures (38 and 25: −13, with a real
    minus sign); 25 or more apart is ``big``."""
    shown = None if own is None else round(own)
    gap = None if shown is None else int(given) - shown
    return {"area": area, "self": "–" if shown is None else number(shown, lang), "advisor": number(int(given), lang),
            "gap": "–" if gap is None else signed(gap, lang), "big": gap is not None and abs(gap) >= 25}


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
        ratings.append(rating_row(area.name.get(lang), self_levels.get(area.id), given, lang))
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
    db = get_db()
    peers = score_store.peer_table(db, current_app.config["DATABASE"], survey.id, survey.version,
                                   metric_names(survey))
    rows = training_rows(here(lang), analysis["company_id"])
    data = build_company_data(survey, method, analysis["answers"], analysis["company_id"], peers, lang,
                              submitted_at=analysis["submitted_at"], clock=current_app.extensions["clock"],
                              own_trainings=rows)
    data = with_identity(data, survey, company_store.get(db, analysis["company_id"]), lang)
    data["response_id"] = analysis["id"]
    kept = (interview or {}).get("snapshot")
    if interview is not None:
        data["interview"] = interview_data(survey, interview, {a["id"]: a["level"] for a in data["areas"]}, lang)
    data["followup"] = followup_data(analysis["company_id"], lang, baseline_id=analysis["id"])
    data["branding"] = cover_logos(current_app.extensions["projectdata"].logos, lang)
    confirmed = company_store.contact(db, analysis["company_id"])  # never an unconfirmed analysis' contact
    data["contact"] = build_contact(survey, {**analysis["answers"], **confirmed})
    data["website"] = website_data(analysis["company_id"], kept, lang)
    data["training_records"] = training_records(here(lang), analysis["company_id"], rows)
    return data


def interview_data(survey, interview: dict, levels: dict, lang: str) -> dict:
    """A final interview as report data, its self-assessment column from what was kept with it
    (``levels``, the analysis' levels by area, only for an interview that has no snapshot)."""
    compared = (interview.get("snapshot") or {}).get("analysis")
    data = interview_to_data(survey, current_app.extensions["surveys"].method(survey),
                             current_app.extensions["projectdata"], interview,
                             compared["levels"] if compared else levels, lang)
    return {**data, **compared_with(compared, company_store.analyses(get_db(), interview["company_id"]), lang)}


def compared_with(compared: dict | None, analyses: list[dict], lang: str) -> dict:
    """The self-assessment a final interview was compared with (its analysis' date and index) and
    the newest analysis confirmed after it, if any (new information, not part of the interview)."""
    if not compared:
        return {"compared_with": None, "newer_analysis": None}
    labels = LABELS[lang]
    then = _day(compared["submitted_at"], lang)
    index = number(compared["index"], lang) or "–"
    newer = [a for a in analyses if (a["submitted_at"], a["id"]) > (compared["submitted_at"], compared["response_id"])]
    result = {"compared_with": {"response_id": compared["response_id"], "submitted": then, "index_text": index,
                                "text": labels["compared_with"].format(date=then, index=index)},
              "newer_analysis": None}
    if newer:
        date_text, index_text = _day(newer[0]["submitted_at"], lang), number(newer[0]["maturity_index"], lang) or "–"
        result["newer_analysis"] = {
            "response_id": newer[0]["id"], "submitted": date_text, "index_text": index_text,
            "title": labels["newer_analysis"],
            "text": labels["newer_analysis_text"].format(date=date_text, index=index_text, then=then)}
    return result


def website_data(company_id: int, kept: dict | None, lang: str) -> dict | None:
    """The website findings of the report: those kept with the final interview (``kept``, its
    snapshot), else those chosen from the newest check with a choice; and the newest successful
    check made after them, if any, as newer information."""
    if kept is not None:
        chosen = kept.get("website")
        since = chosen["id"] if chosen else kept.get("last_check_id") or 0
    else:
        chosen = snapshots.chosen_check(get_db(), company_id)
        since = chosen["id"] if chosen else None
    shown = website_service.report_data(chosen, lang) if chosen else None
    newer = next((c for c in check_store.of_company(get_db(), company_id)
                  if not c["error"] and since is not None and c["id"] > since), None)
    if shown is None and newer is None:
        return None
    labels = LABELS[lang]
    data = {"findings": [], **(shown or {}), "kept": kept is not None,
            "kept_text": labels["website_kept" if shown else "website_none_kept"] if kept is not None else None,
            "newer": None}
    if shown:
        data["checked_on"] = _day(chosen["checked_at"], lang)
    if newer:
        url = newer["final_url"] or newer["requested_url"]
        data["newer"] = {"checked_on": _day(newer["checked_at"], lang), "url": url, "title": labels["newer_check"],
                         "text": labels["newer_check_kept" if kept is not None else "newer_check_open"].format(
                             date=_day(newer["checked_at"], lang), url=url)}
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
