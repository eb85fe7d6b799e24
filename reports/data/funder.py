"""Build the data of the funder's report (the page, the XLSX, the CSV and the steering group's PDF):
the indicators RCO01 and RCO04 by EU size class in the period and since the project start, the
supported companies with what they received, the project's targets and the measured change, and
the rules the figures were counted by. Every figure comes in counted (``trainings.rules.counts``
through ``trainings.dashboard`` and the coordinator's dashboard functions); nothing is counted
here. No Flask and no database.
"""

from __future__ import annotations

from datetime import date, datetime

from scoring.size_class import BREAKDOWN, CLASSIFIED, NO_ANSWER

from ..texts import FUNDER
from .formatting import date_text, moment_text, number

ROWS = ("total", *BREAKDOWN)  # the CSV's and the tables' breakdowns, in this order


def day_text(value: str | date | None, lang: str) -> str:
    """A day in the one date style of the reports ("30.6.2026" / "30 Jun 2026"); "–" for none."""
    return date_text(value, lang) or "–" if value else "–"


def indicator_rows(indicators, numbers: dict, lang: str) -> list[dict]:
    """Each indicator with its breakdown rows (total first): the period's and the cumulative value.
    All of this project's support is non-financial, so every indicator counts the same companies."""
    t = FUNDER[lang]
    return [{"code": indicator.code, "name": indicator.name.get(lang),
             "rows": [{"breakdown": key, "label": t["sizes"][key], "period": numbers["period"][key],
                       "cumulative": numbers["cumulative"][key]} for key in ROWS]}
            for indicator in indicators.indicators]


def size_basis(found, surveys: dict, rule, lang: str) -> tuple[str, str]:
    """(the class's name, how it was derived) of one company: ``found`` (SizeClass, (day,
    version)) from ``trainings.rules.counts.sizes``; ``surveys``: version -> questionnaire."""
    t = FUNDER[lang]
    if found is None:
        return t["size_of"]["unknown"], t["derived_none"]
    size, (day, version) = found
    survey = surveys.get(version)

    def label(question_id, code):
        try:
            option = survey.question(question_id).option(code) if survey and code else None
        except KeyError:
            option = None
        text = option.label.get(lang) if option else (code or "–")
        return text[:1].lower() + text[1:] if text[:1].isalpha() and text[1:2].islower() else text
    derived = t["derived"].format(persons=label(rule.persons_question, size.persons),
                                  turnover=label(rule.turnover_question, size.turnover), version=version,
                                  date=day_text(day, lang))
    if size.reason == NO_ANSWER:
        derived = f"{t['derived_missing']}; {derived}"
    elif size.reason != CLASSIFIED:
        possible = t["or"].join(t["size_of"][name] for name in size.possible)
        derived = f"{t['derived_spans'].format(possible=possible)}; {derived}"
    return t["size_of"][size.size], derived


def company_rows(numbers: dict, services: dict, identities: dict, surveys: dict, rule, project, lang: str,
                 include_contact: bool) -> list[dict]:
    """The companies counted since the project start (to the period's end), those first supported
    in the period first; each with what it received in the period."""
    newest = surveys[max(surveys)]
    period, cumulative = numbers["companies"]["period"], numbers["companies"]["cumulative"]
    rows = []
    for company, first in cumulative.items():
        who = identities.get(company, {})
        size, basis = size_basis(numbers["sizes"].get(company), surveys, rule, lang)
        industry = who.get("industry")
        option = newest.question("industry").option(industry) if industry else None
        organisation = project.organisation(who.get("organisation"))
        municipality = newest.question("municipality").option(who.get("municipality") or "")
        row = {
            "company_id": company, "business_id": who.get("business_id"), "name": who.get("name"),
            "industry_code": industry, "industry": option.label.get(lang) if option else industry,
            "municipality": municipality.label.get(lang) if municipality else who.get("municipality"),
            "organisation": organisation.name.get(lang) if organisation else who.get("organisation"),
            "size": size, "size_basis": basis, "first_support": first, "in_period": company in period,
            **services.get(company, {}),
        }
        if include_contact:
            row.update({key: who.get(key) for key in ("contact_name", "contact_email", "contact_phone")})
        rows.append(row)
    rows.sort(key=lambda r: (not r["in_period"], r["first_support"], (r["name"] or "").casefold()))
    return rows


def _targets(period_targets: list[dict], total_targets: list[dict], lang: str) -> list[dict]:
    totals = {t["id"]: t["done"] for t in total_targets}
    return [{"id": t["id"], "name": t["name"], "target": t["target"], "done": t["done"],
             "done_total": totals.get(t["id"]),
             "share_text": f"{number(100 * totals[t['id']] / t['target'], lang)} %"
             if totals.get(t["id"]) is not None and t["target"] else "–"}
            for t in period_targets]


def _change(impact: dict | None, lang: str) -> dict:
    """The measured change of the period's companies (the dashboard's impact data)."""
    t = FUNDER[lang]
    if not impact or not impact["companies"]:
        return {"n": 0, "text": t["change_none"], "rows": []}
    index = impact["index"]
    text = t["change_text"].format(n=impact["companies"], before=index["before_text"], after=index["after_text"],
                                   change=index["change_text"], ci=index["ci_text"], rose=index["rose_text"])
    by = next((b for b in impact["breakdowns"] if b["id"] == "answered_by"), None)
    return {"n": impact["companies"], "text": text, "index": index, "name": t["change_by"],
            "rows": by["rows"] if by else []}


def rules_rows(indicators, numbers: dict, start: str, end: str, versions: dict, lang: str,
               produced: datetime, producer: str | None) -> list[tuple[str, str]]:
    """The Rules sheet (and the notes of the page and the PDF): the period, the counting rule, the
    size-class rule, the questionnaire versions the classes came from, who compiled it and when."""
    t = FUNDER[lang]
    ways = "; ".join(f"({n}) {w.name.get(lang)}" for n, w in enumerate(indicators.way_names, start=1))
    version_text = ", ".join(t["version_count"].format(version=v, n=n) for v, n in sorted(versions.items())) or "–"
    when = moment_text(produced, lang)
    return [
        (t["rules"]["period"], f"{day_text(start, lang)} – {day_text(end, lang)}"),
        (t["rules"]["project_start"], day_text(indicators.project_start, lang)),
        (t["rules"]["supported"], t["rule_supported"].format(start=day_text(indicators.project_start, lang),
                                                            ways=ways)),
        (t["rules"]["sizes"], t["rule_sizes"]),
        (t["rules"]["versions"], t["rule_versions"].format(versions=version_text)),
        (t["rules"]["targets"], t["rule_targets"]),
        (t["rules"]["produced"], t["produced"].format(date=when, who=producer or t["command_line"])),
        (t["rules"]["sources"], t["sources"]),
    ]


def build_funder_data(indicators, numbers: dict, services: dict, identities: dict, surveys: dict, project,
                      period_targets: list[dict], total_targets: list[dict], impact: dict | None, start: str,
                      end: str, lang: str, produced: datetime, producer: str | None,
                      include_contact: bool = False) -> dict:
    """Everything the funder's report shows, in ``lang``. ``numbers``: the indicators as counted
    (``trainings.dashboard.indicator_numbers``); ``services``: company -> what it received in the
    period; ``identities``: company -> business ID, name, …; ``surveys``: version -> questionnaire;
    ``period_targets`` / ``total_targets``: the dashboard's targets for the period and since the
    project start; ``impact``: the dashboard's measured change for the period (or None)."""
    t = FUNDER[lang]
    companies = company_rows(numbers, services, identities, surveys, indicators.size_rule, project, lang,
                             include_contact)
    versions: dict[int, int] = {}
    for company in numbers["companies"]["cumulative"]:
        found = numbers["sizes"].get(company)
        if found is not None:
            versions[found[1][1]] = versions.get(found[1][1], 0) + 1
    return {
        "language": lang, "title": t["title"], "subtitle": t["subtitle"],
        "start": start, "end": end,
        "period_text": t["period"].format(start=day_text(start, lang), end=day_text(end, lang)),
        "indicators": indicator_rows(indicators, numbers, lang),
        "targets": _targets(period_targets, total_targets, lang),
        "change": _change(impact, lang),
        "rules": rules_rows(indicators, numbers, start, end, versions, lang, produced, producer),
        "companies": companies,
        "include_contact": include_contact,
        "texts": t,
    }
