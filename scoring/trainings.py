"""Pure rules of the trainings: fee tier, seat placement, waiting-list promotion, the
certificate rule and the matching of an online meeting's participant list (the status table is
``scoring.enrolments``, what is billed ``trainings.rules.invoicing``).

No Flask, no database, no I/O: storage and views call these with plain values.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from .enrolments import ENROLLED, WAITING


def fee_for(fee: int, fee_high: int | None, turnover_code: str | None, high_codes) -> tuple[int, str]:
    """The fee of one company and its tier: ``free``, ``base`` or ``high`` (turnover over the
    threshold; an unknown turnover is charged the base fee)."""
    if not fee and not fee_high:
        return 0, "free"
    if fee_high is not None and turnover_code in tuple(high_codes):
        return fee_high, "high"
    return fee, "base"


def placement(enrolled: int, seats: int, pool_enrolled: int | None = None, pool_seats: int | None = None) -> str:
    """Whether a new enrolment gets a seat or goes to the waiting list: the course must have a
    free seat and so must the pool it shares seats with."""
    if enrolled >= seats:
        return WAITING
    if pool_seats is not None and (pool_enrolled or 0) >= pool_seats:
        return WAITING
    return ENROLLED


def promotions(waiting_ids_in_order, enrolled: int, seats: int, pool_enrolled: int | None = None,
               pool_seats: int | None = None) -> list:
    """Which waiting enrolments get the freed seats: the first in line, as many as fit."""
    free = seats - enrolled
    if pool_seats is not None:
        free = min(free, pool_seats - (pool_enrolled or 0))
    return list(waiting_ids_in_order)[:max(free, 0)]


def offer_deadline(today: date, starts_on: date, offer_days: int) -> date | None:
    """The last day to accept a freed seat: ``offer_days`` from today, but at the latest the day
    before the course starts (the start day itself when the course starts today). None when
    the course has already started: no seat is offered any more."""
    if starts_on < today:
        return None
    return min(today + timedelta(days=offer_days), max(today, starts_on - timedelta(days=1)))


def offer_lapsed(offer_until: str | None, today: str) -> bool:
    """An offer lapses when its last day (ISO date, inclusive) has passed."""
    return bool(offer_until) and today > offer_until


def certificate_due(rule: str, min_share: float, held: int, present: int) -> bool:
    """``share``: present at ``min_share`` of the sessions held or more, exactly (3 of 4 is
    75 %, 2 of 3 is not); ``any``: at least one session; ``none``: never."""
    if rule == "none" or held <= 0 or present <= 0:
        return False
    if rule == "any":
        return True
    return present * 1_000_000 >= round(min_share * 1_000_000) * held


# company-form words left out when names are compared ("Linnan Kauppa" is "Linnan Kauppa Oy")
LEGAL_FORMS = frozenset({"oy", "oyj", "ab", "abp", "ky", "ay", "tmi", "ry", "osk", "ltd", "inc", "llc", "gmbh"})


def _key(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(text.replace(",", " ").split())


def name_words(text: str | None) -> frozenset[str]:
    """A name's words, case and punctuation ignored, company forms (Oy, Tmi…) left out."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return frozenset(w for w in words if w not in LEGAL_FORMS)


def names_match(name: str | None, row_name: str | None) -> bool:
    """Whole words only: every word of the enrolled name is a word of the row's name ("Sari
    Rautiainen" is in "Rautiainen, Sari (Savon Kahvila)"; "Mikko" is not in "Mikkolan Puutarha");
    a one-word name only matches the row exactly."""
    wanted, words = name_words(name), name_words(row_name)
    if not wanted:
        return False
    return wanted == words if len(wanted) == 1 else wanted <= words


def match_participants(rows, enrolments) -> tuple[dict, list]:
    """Match participant rows ``{"name", "email"[, "line"]}`` to enrolments ``{"id", "company",
    "participant", "email"}``: by email, else by the company's or the participant's name as whole
    words (``names_match``). A row whose name fits several companies matches none of them.

    Returns ``({enrolment_id: line}, [(line, row)])``: the line is the row's ``line`` (its line
    in the file) or its position; an unmatched row gets ``reason`` 'none' or 'several'."""
    by_email = {}
    for e in enrolments:
        if e.get("email"):
            by_email.setdefault(_key(e["email"]), e["id"])
    matched, unmatched, seen = {}, [], set()
    for number, row in enumerate(rows, start=1):
        line = row.get("line", number)
        email = _key(row.get("email"))
        found = {by_email[email]} if email and email in by_email else {
            e["id"] for e in enrolments if row.get("name") and
            any(names_match(name, row["name"]) for name in (e.get("company"), e.get("participant")))}
        if len(found) == 1:
            matched.setdefault(found.pop(), line)
        elif (_key(row.get("name")), email) not in seen:  # a list may name a guest in several sections
            seen.add((_key(row.get("name")), email))
            unmatched.append((line, {**row, "reason": "several" if found else "none"}))
    return matched, unmatched


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
