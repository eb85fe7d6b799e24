"""A course's name in the page's language and a new course's stored fields from its catalogue
offer (pure)."""

from __future__ import annotations

from datetime import date


def course_values(offer, name: str, organiser: str, seats: int | None, starts_on: date, ends_on: date | None = None,
                  apply_from: date | None = None, apply_until: date | None = None, name_en: str | None = None) -> dict:
    """The stored fields of a new course: seats and seat pool from the catalogue unless given;
    ``name_en`` the name in English (None: English pages use the Finnish name)."""
    return {"offer_id": offer.id, "name": name, "name_en": name_en or None, "organiser": organiser,
            "seats": seats or offer.seats,
            "pool": offer.pool, "starts_on": starts_on.isoformat(), "ends_on": (ends_on or starts_on).isoformat(),
            "apply_from": apply_from.isoformat() if apply_from else None,
            "apply_until": (apply_until or starts_on).isoformat()}


def named(name: str | None, name_en: str | None, lang: str) -> str:
    """A course's or a follow-up round's name in ``lang``: the English name when there is one
    and the language is English, else the Finnish ``name``."""
    if lang == "en" and name_en and name_en.strip():
        return name_en
    return name or ""


def course_title(row: dict, lang: str, key: str = "name") -> str:
    """``named`` of a row holding ``key`` and ``key + "_en"`` (a course, a round, a joined row
    with ``course_name`` / ``course_name_en``)."""
    return named(row.get(key), row.get(f"{key}_en"), lang)

