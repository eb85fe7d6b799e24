"""A new course's stored fields from its catalogue offer (pure)."""

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
