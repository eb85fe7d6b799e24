"""Build the data of the measured impact (T0 → T1) for the dashboard and the aggregate report.

Input: ``scoring.change.impact`` over the selected companies' answered follow-ups. Publication
mode hides every row of fewer than ``minimum`` companies ("< 5"), with secondary suppression in
each breakdown as for the other aggregates (a row hidden only for that shows "–" and the table a
note). No Flask and no database here.
"""

from __future__ import annotations

from scoring.aggregate import SECONDARY, SMALL
from trainings.rules.courses import course_title

from ..texts import ANSWERED, GROUP_NAMES, TRAINING
from .aggregate import code_label, hidden_text, reasons_of, secondary_note
from .formatting import number, signed

BREAKDOWNS = ("training", "answered_by", "size", "industry", "municipality", "target_group", "theme", "organisation")
OWN_LABELS = ("training", "answered_by")  # breakdowns labelled by reports.texts, not by the survey's options


def _interval(change, lang: str) -> str | None:
    if change.ci_low is None:
        return None
    return f"{signed(change.ci_low, lang, 1)} … {signed(change.ci_high, lang, 1)}"


def change_row(change, lang: str, reason: str | None, minimum: int) -> dict:
    """One PairedChange as table cells; a hidden row (``reason`` SMALL or SECONDARY) shows only
    "< minimum" or "–" as its number of companies."""
    if reason is not None:
        return {"n": change.n, "n_text": hidden_text(change.n, reason, minimum), "hidden": True,
                "secondary": reason == SECONDARY, "before_text": "–", "after_text": "–",
                "change_text": "–", "ci_text": "–", "rose_text": "–", "change": None}
    return {
        "n": change.n, "n_text": str(change.n), "hidden": False, "secondary": False, "change": change.mean_change,
        "ci_low": change.ci_low, "ci_high": change.ci_high,
        "before_text": number(change.mean_before, lang, 1) or "–",
        "after_text": number(change.mean_after, lang, 1) or "–",
        "change_text": signed(change.mean_change, lang, 1) or "–",
        "ci_text": _interval(change, lang) or "–",
        "rose_text": f"{number(100 * change.share_rose, lang)} %" if change.share_rose is not None else "–",
    }


def build_impact_data(survey, followup, project, result: dict, lang: str, publication: bool, minimum: int,
                      rounds: list[dict], selected_round: int | None, outcome: dict) -> dict:
    """``result``: scoring.change.impact with group keys BREAKDOWNS; ``outcome``: invited,
    answered and the satisfaction ratings of the selection."""
    total = result["index"]
    hidden_all = publication and total.n < minimum
    areas = []
    for area in followup.areas:
        change = result["areas"][area.id]
        hide = hidden_all or (publication and change.n < minimum)
        areas.append({"id": area.id, "name": area.name.get(lang),
                      **change_row(change, lang, SMALL if hide else None, minimum)})
    breakdowns = []
    for key in BREAKDOWNS:
        cells = result["groups"].get(key, [])
        reasons = reasons_of([c.n for _, c in cells], minimum, publication, hidden_all)
        rows = []
        own = {"training": TRAINING, "answered_by": ANSWERED}.get(key)
        for (code, change), reason in zip(cells, reasons):
            label = own[lang][code] if own else code_label(survey, project, key, code, lang)
            rows.append({"code": code, "label": label, **change_row(change, lang, reason, minimum)})
        if key not in OWN_LABELS:  # the hidden rows last: their place among the others would tell their size
            rows.sort(key=lambda r: (r["hidden"], 0 if r["hidden"] else -r["n"], r["label"]))
        name = own[lang]["name"] if own else GROUP_NAMES[lang][key]
        breakdowns.append({"id": key, "name": name, "rows": rows, "note": secondary_note(reasons, minimum, lang)})
    ratings = [s for s in outcome.get("satisfaction", []) if s is not None]
    return {
        "companies": total.n,
        "hidden_all": hidden_all,
        "index": change_row(total, lang, SMALL if hidden_all else None, minimum),
        "areas": areas,
        "breakdowns": breakdowns,
        "rounds": [{"id": r["id"], "name": course_title(r, lang), "invited": r["invited"], "answered": r["answered"]}
                   for r in rounds],
        "round": selected_round,
        "invited": outcome.get("invited", 0),
        "satisfaction_text": None if hidden_all or not ratings else number(sum(ratings) / len(ratings), lang, 1),
        "satisfaction_n": len(ratings),
        "min_peers": minimum,
    }
