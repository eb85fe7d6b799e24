"""Data of one company's T0/T1 comparison (follow-up): the entrepreneur's before/after page, the
advisor's company page and the advisory report render exactly this. No Flask, no database: the
caller passes the stored comparison row (storage.followups) and the survey definitions.
"""

from __future__ import annotations

from clock import SYSTEM
from trainings.rules.courses import named

from .formatting import date_text, direction, number, signed


def rounded_change(before, after) -> int | None:
    """The change as printed: from the rounded levels, so that "12 → 25" reads "+13" (a change
    of 12.4 → 24.6 is 12.2, which would print "+12" beside the rounded levels)."""
    if before is None or after is None:
        return None
    return round(after) - round(before)


def _date(stamp: str | None, lang: str) -> str | None:
    """The day of a stored UTC moment in the project's time zone."""
    return date_text(stamp, lang, SYSTEM.zone)


def build_comparison_data(followup, method, row: dict, lang: str) -> dict:
    """``row``: a stored comparison (levels and index before/after, outcome, dates)."""
    areas = []
    for area in followup.areas:
        before, after = row["levels_before"].get(area.id), row["levels_after"].get(area.id)
        change = rounded_change(before, after)
        areas.append({
            "id": area.id,
            "name": area.name.get(lang),
            "before": before,
            "after": after,
            "change": change,
            "before_text": number(before, lang),
            "after_text": number(after, lang),
            "change_text": signed(change, lang),
            "direction": direction(change),
        })
    before, after = row["index_before"], row["index_after"]
    change = rounded_change(before, after)
    attended_q = followup.question_with_role("attended")
    satisfaction_q = followup.question_with_role("satisfaction")
    outcome = row.get("outcome") or {}
    attended = [attended_q.answer_text([code], lang) for code in outcome.get("attended", [])] if attended_q else []
    satisfaction = outcome.get("satisfaction")
    return {
        "round": named(row.get("round_name"), row.get("round_name_en"), lang) or None,
        "analysed": _date(row.get("analysed_at"), lang),
        # answers recorded in an interview are dated by the interview, not by when they were typed in
        "answered": (date_text(row["interviewed_on"], lang) if row.get("interviewed_on")
                     else _date(row.get("submitted_at"), lang)),
        "index_before": before,
        "index_after": after,
        "index_change": change,
        "index_before_text": number(before, lang),
        "index_after_text": number(after, lang),
        "index_change_text": signed(change, lang),
        "direction": direction(change),
        # a large drop gets a sentence: scores often fall as self-knowledge grows (threshold: data)
        "drop_note": change is not None and change <= -method.drop_note_from,
        "band_before": method.band_for(before).name.get(lang) if before is not None else None,
        "band_after": method.band_for(after).name.get(lang) if after is not None else None,
        "areas": areas,
        "improved": [a["name"] for a in sorted(areas, key=lambda a: -(a["change"] or 0))
                     if (a["change"] or 0) >= 0.5][:3],
        "attended": attended,
        "satisfaction": satisfaction,
        "satisfaction_text": satisfaction_q.answer_text(str(satisfaction), lang)
                             if satisfaction_q and satisfaction else None,
    }
