"""Build the data of the coordinator's dashboard and of the aggregate results report.

Publication mode hides every group and breakdown cell with fewer than ``min_peers`` companies
(shown as "< 5") and, where one such cell could be worked out from a total, the next smallest
cell too (secondary suppression: shown as "–" with a note, never as "< 5", since it is not
small); it leaves out free text and anything that identifies a company. No Flask and no
database here.
"""

from __future__ import annotations

from datetime import date

from clock import SYSTEM

from scoring.aggregate import FILTER_GROUPS, SECONDARY, SMALL, suppression
from trainings.rules.counts import NOT_BY_COMPANY

from ..texts import AGGREGATE, GROUP_NAMES, PERIOD
from .formatting import date_text, number

GROUP_QUESTIONS = {"industry": "industry", "size": "personnel", "target_group": "target_groups",
                   "municipality": "municipality", "theme": "smart_theme"}


def hidden_text(value: int, reason: str | None, minimum: int) -> str:
    """A count as printed: itself, "< 5" when it is small, "–" when it is hidden only so that a
    small one cannot be worked out (see ``secondary_note``)."""
    return {None: str(value), SMALL: f"< {minimum}", SECONDARY: "–"}[reason]


def secondary_note(reasons, minimum: int, lang: str) -> str | None:
    """The footnote under a table that has a cell hidden by secondary suppression, else None."""
    return AGGREGATE[lang]["hidden_secondary"].format(min=minimum) if SECONDARY in reasons else None


def reasons_of(cells: list[int], minimum: int, publication: bool, hidden_all: bool) -> list[str | None]:
    """Why each cell of one breakdown is hidden (nothing is hidden outside publication mode)."""
    if hidden_all:
        return [SMALL] * len(cells)
    return suppression(cells, minimum) if publication else [None] * len(cells)


def code_label(survey, project, group: str, code: str, lang: str) -> str:
    if group == "organisation":
        organisation = project.organisation(code)
        return organisation.name.get(lang) if organisation else GROUP_NAMES[lang]["none"]
    option = survey.question(GROUP_QUESTIONS[group]).option(code)
    return option.label.get(lang) if option else GROUP_NAMES[lang]["none"]


def filter_description(survey, project, filters: dict, lang: str) -> list[dict]:
    items = []
    if filters.get("start") or filters.get("end"):
        period = f"{filters.get('start') or '…'} – {filters.get('end') or '…'}"
        items.append({"name": PERIOD[lang], "value": period})
    for group in (*FILTER_GROUPS, "organisation"):
        if filters.get(group):
            items.append({"name": GROUP_NAMES[lang][group],
                          "value": code_label(survey, project, group, filters[group], lang)})
    return items


def build_aggregate_data(survey, method, project, agg: dict, filters: dict, lang: str, publication: bool,
                         interviews: dict, open_answers: list[dict], today: date | None = None,
                         versions: tuple[int, ...] = ()) -> dict:
    """``versions``: the questionnaire versions counted together (default: the survey's own)."""
    minimum = method.min_peers
    hidden_all = publication and agg["companies"] < minimum
    shown = "< %d" % minimum

    def count(value: int, hide: bool) -> str:
        return shown if hide else str(value)

    band_rows, bands_note = _band_rows(method, agg, lang, publication, hidden_all)
    areas, demand_rows = _areas(survey, method, agg, lang, publication, hidden_all, count)
    breakdowns = _breakdowns(survey, method, project, agg, lang, publication, hidden_all)
    recommended = _recommended(method, agg, lang, publication, hidden_all, count)
    today = today or SYSTEM.today()
    return {
        "language": lang,
        "publication": publication,
        "survey": {"id": survey.id, "version": survey.version, "title": survey.title.get(lang),
                   "versions": list(versions or (survey.version,))},
        "filters": filter_description(survey, project, filters, lang),
        "companies": agg["companies"],
        "hidden_all": hidden_all,
        "index": None if hidden_all else agg["index"],
        "index_text": None if hidden_all else number(agg["index"], lang),
        "bands": band_rows,
        "bands_note": bands_note,
        "areas": areas,
        "demand": [] if hidden_all else demand_rows,
        "breakdowns": breakdowns,
        "recommended": recommended,
        "interviews": interviews,
        "targets": [{"id": t_id, "name": name.get(lang), "target": target, "done": interviews.get(t_id),
                     "of_companies": t_id not in NOT_BY_COMPANY}  # sessions are not companies: never hidden
                    for t_id, target, name in project.targets],
        "open_answers": [] if publication else open_answers,
        "open_groups": [] if publication else group_open_answers(survey, open_answers, lang),
        "min_peers": minimum,
        "date": date_text(today, lang),
    }


def group_open_answers(survey, open_answers: list[dict], lang: str) -> list[dict]:
    """Open answers under their question, questions in the questionnaire's order:
    ``[{"question", "answers": [text, ...]}]`` (each question printed once)."""
    order = [q.label.get(lang) for q in survey.questions if q.type == "textarea"]
    groups: dict[str, list[str]] = {}
    for item in open_answers:
        groups.setdefault(item["question"], []).append(item["answer"])
    ranked = sorted(groups, key=lambda label: order.index(label) if label in order else len(order))
    return [{"question": label, "answers": groups[label]} for label in ranked]


def _band_rows(method, agg: dict, lang: str, publication: bool, hidden_all: bool) -> tuple[list[dict], str | None]:
    minimum = method.min_peers
    bands = agg["bands"]
    reasons = reasons_of([b["count"] for b in bands], minimum, publication, hidden_all)
    rows = [{"id": b["id"], "name": method.band(b["id"]).name.get(lang), "count": b["count"],
             "count_text": hidden_text(b["count"], reason, minimum), "hidden": reason is not None,
             "secondary": reason == SECONDARY}
            for b, reason in zip(bands, reasons)]
    return rows, secondary_note(reasons, minimum, lang)


def _areas(survey, method, agg: dict, lang: str, publication: bool, hidden_all: bool, count) -> tuple[list, list]:
    """The area means and the training demand by area (with the offer each area is referred to)."""
    minimum = method.min_peers
    areas = []
    for a in agg["areas"]:
        area = survey.area(a["id"])
        hide_demand = publication and 0 < a["demand"] < minimum
        areas.append({**a, "name": area.name.get(lang), "level_text": number(a["level"], lang),
                      "competence_text": number(a["competence"], lang),
                      "demand_text": count(a["demand"], hide_demand or hidden_all),
                      "hidden": hidden_all})
    offers_by_area = {}
    for rule in method.rules:
        for area_id in rule.areas:
            offers_by_area.setdefault(area_id, rule.offer)
    demand = sorted((a for a in areas if a["demand"] > 0), key=lambda a: (-a["demand"], a["id"]))
    demand_rows = [{**a, "offer": offers_by_area.get(a["id"]),
                    "offer_name": method.offer(offers_by_area[a["id"]]).name.get(lang) if a["id"] in offers_by_area
                    else AGGREGATE[lang]["no_offer"]}
                   for a in demand]
    return areas, demand_rows


def _breakdowns(survey, method, project, agg: dict, lang: str, publication: bool, hidden_all: bool) -> list[dict]:
    minimum = method.min_peers
    breakdowns = []
    for group in (*FILTER_GROUPS, "organisation"):
        cells = agg["groups"][group]
        reasons = reasons_of([c["count"] for c in cells], minimum, publication, hidden_all)
        rows = []
        for cell, reason in zip(cells, reasons):
            hidden = reason is not None
            rows.append({"code": cell["code"], "label": code_label(survey, project, group, cell["code"], lang),
                         "count": cell["count"], "count_text": hidden_text(cell["count"], reason, minimum),
                         "index_text": "–" if hidden else (number(cell["index"], lang) or "–"), "hidden": hidden,
                         "secondary": reason == SECONDARY})
        # the hidden rows last, by name: their place among the others would tell their size
        rows.sort(key=lambda r: (r["hidden"], 0 if r["hidden"] else -r["count"], r["label"]))
        breakdowns.append({"id": group, "name": GROUP_NAMES[lang][group], "rows": rows,
                           "note": secondary_note(reasons, minimum, lang)})
    return breakdowns


def _recommended(method, agg: dict, lang: str, publication: bool, hidden_all: bool, count) -> list[dict]:
    minimum = method.min_peers
    packages: dict[str, int] = {}
    for offer in method.offers:
        packages[offer.package] = packages.get(offer.package, 0)
    return [{"offer": o.id, "package": o.package, "name": o.name.get(lang),
             "count": agg["recommended"].get(o.id, 0),
             "count_text": count(agg["recommended"].get(o.id, 0),
                                 hidden_all or (publication and 0 < agg["recommended"].get(o.id, 0) < minimum))}
            for o in method.offers]
