"""A company's recorded trainings as report data: each course with its work package and offer
in plain words, the dates, the status in plain words, the sessions attended of those held, the
hours attended and the certificate's code. The company report (advisor's HTML and PDF) and the
entrepreneur's own PDF render exactly this.

No Flask and no database here: the caller passes the rows of
``trainings.storage.records.company_history`` and ``package_certificates`` and the training
catalogue (anything with ``offer(id)`` giving ``package`` and ``name``).
"""

from __future__ import annotations

import unicodedata

from trainings.rules.courses import course_title

from ..texts import TRAINING_RECORDS
from .formatting import date_text, number

MAX_NAME = 300  # longer than the course form allows: shortened, so that a table row fits a page
SHOWS_ATTENDANCE = ("enrolled",)  # other statuses show attendance only when there is some


def build_training_records(rows: list[dict], certificates: list[dict], catalogue, lang: str,
                           today: str) -> dict:
    """``today`` (ISO date): the day up to which sessions count as held."""
    t = TRAINING_RECORDS[lang]
    return {
        # certificates of a whole work package (TP2's at project end), not of one course
        "as_of": _date(today, lang),
        "rows": [_row(row, catalogue, t, lang) for row in rows],
        "certificates": [{"package": c["package"], "code": c["code"], "issued": _date(c["issued_on"], lang)}
                         for c in certificates],
    }


def _row(row: dict, catalogue, t: dict, lang: str) -> dict:
    offer = catalogue.offer(row["offer_id"]) if row["offer_id"] else None
    attended, held, sessions = row["attended"] or 0, row["held"] or 0, row["sessions"] or 0
    counted = attended > 0 or (held > 0 and row["status"] in SHOWS_ATTENDANCE)
    return {
        "course": course_name(course_title(row, lang, "course_name")),
        "package": offer.package if offer else None,
        "offer": offer.name.get(lang) if offer else None,
        "dates": _dates(row["starts_on"], row["ends_on"], lang),
        # a declined offer of a freed seat is the company's own answer, not a declined application
        "status": status_text("offer_declined" if row["status"] == "declined" and row.get("offered_at")
                              else row["status"], row.get("rank"), t),
        "attended": (t["attended"].format(attended=attended, held=held) if counted
                     else t["not_started"].format(sessions=sessions) if row["status"] == "enrolled" and not held
                     and sessions else "–"),
        "planned": t["planned"].format(sessions=sessions) if sessions > held and counted else None,
        "hours": t["hours"].format(hours=number(row["hours"], lang, 0 if float(row["hours"]).is_integer() else 1))
                 if attended else "–",
        "certificate": row["certificate"],
    }


def status_text(status: str, rank: int | None, t: dict) -> str:
    """The status in plain words; a status this version does not know gets a generic label."""
    if status == "waiting" and rank:
        return t["waiting_rank"].format(rank=rank)
    return t["statuses"].get(status, t["other_status"])


def course_name(name: str | None) -> str:
    """The course name NFC-normalised and at most ``MAX_NAME`` characters (with "…")."""
    text = unicodedata.normalize("NFC", name or "").strip()
    return text if len(text) <= MAX_NAME else text[:MAX_NAME - 1].rstrip() + "…"


def _date(value: str | None, lang: str) -> str | None:
    return date_text(value, lang)


def _dates(start: str, end: str | None, lang: str) -> str:
    """"10 Jan 2027 – 31 Jan 2027": a line breaks only after the dash (no-break spaces elsewhere)."""
    first, last = (_date(day, lang).replace(" ", "\u00a0") for day in (start, end or start))
    return first if last == first else f"{first}\u00a0– {last}"
