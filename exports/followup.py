"""The follow-up export: one row per answering company with T0, T1 and the change, overall and
per area, and how the follow-up was answered (``self`` with the private link or ``interview``
recorded by an advisor: who and on which day); cells go through exports.cells.safe_cell when
written."""

from __future__ import annotations

from clock import SYSTEM


def _change(before, after):
    return None if before is None or after is None else after - before


def comparison_table(followup, records) -> tuple[list[str], list[list]]:
    """``records``: storage.followups.answered rows. Returns (header, rows)."""
    areas = [a.id for a in followup.areas]
    header = ["company", "business_id", "organisation", "round", "analysed_at", "followed_up_at",
              "index_t0", "index_t1", "index_change"]
    for area in areas:
        header += [f"{area}_t0", f"{area}_t1", f"{area}_change"]
    header += ["trainings_attended", "satisfaction", "answered_by", "interviewer", "interviewed_on"]
    body = []
    for r in records:
        row = [r["name"], r["business_id"], r["organisation"], r["round_name"],
               SYSTEM.local_date_iso(r["analysed_at"]) or "", SYSTEM.local_date_iso(r["submitted_at"]) or "",
               r["index_before"], r["index_after"],
               _change(r["index_before"], r["index_after"])]
        for area in areas:
            before, after = r["levels_before"].get(area), r["levels_after"].get(area)
            row += [before, after, _change(before, after)]
        row += [list(r["outcome"].get("attended", [])), r["outcome"].get("satisfaction"),
                r.get("answered_by") or "self", r.get("interviewer"), r.get("interviewed_on")]
        body.append(row)
    return header, body
