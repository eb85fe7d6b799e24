"""Matching an online meeting's participant list to the enrolled companies by whole names
(legal-form words and accents ignored; pure)."""

from __future__ import annotations

import unicodedata


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

