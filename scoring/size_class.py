"""The EU size class of a company from its answers (Commission Recommendation 2003/361/EC, Annex,
Article 2): micro under 10 persons and turnover at most 2 M€, small under 50 and at most 10 M€,
medium under 250 and at most 50 M€, otherwise large. Pure functions; the ceilings and what each
answer code means in persons and euros are data (``projectdata/indicators.toml``).

An answer is a class of the questionnaire (personnel "10–49", turnover "700 001–2 000 000 €"), so
it gives a range, not a number. A company gets a class only when every value in both ranges gives
the same class; otherwise it is ``unknown`` – never guessed. Version 1's "50 or more" persons (medium
or large) and "over 2 000 000 €" (small, medium or large) therefore stay unknown unless the other
answer decides; a missing answer is unknown too. The recommendation also allows a balance sheet
total instead of turnover; the questionnaire does not ask it, so turnover alone decides (a company
over a turnover ceiling whose balance sheet is under it is counted one class larger).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLASSES = ("micro", "small", "medium", "large")
UNKNOWN = "unknown"
BREAKDOWN = (*CLASSES, UNKNOWN)  # the indicators' breakdown, in the funder's order

CLASSIFIED, NO_ANSWER, SPANS = "classified", "no_answer", "spans"


@dataclass(frozen=True)
class Ceiling:
    """A class's ceilings: fewer persons than ``persons_below`` and turnover at most ``turnover_max``."""

    name: str
    persons_below: int
    turnover_max: int


@dataclass(frozen=True)
class SizeRule:
    """The questions asked, the ceilings (micro, small, medium) and each answer code's range:
    ``(low, high)`` inclusive, ``high`` None for an open class ("250 or more")."""

    persons_question: str
    turnover_question: str
    ceilings: tuple[Ceiling, ...]
    persons: dict = field(default_factory=dict)
    turnover: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SizeClass:
    """A company's class and how it was derived: ``reason`` CLASSIFIED, NO_ANSWER (an answer is
    missing) or SPANS (the answers' ranges cross a class boundary: ``possible`` lists the classes
    they allow); the answer codes it was derived from."""

    size: str
    reason: str
    persons: str | None = None
    turnover: str | None = None
    possible: tuple[str, ...] = ()


def _position(value: int | None, ceilings, persons: bool) -> int:
    """The smallest class a value fits (0 micro … 3 large); None (an open range's top): large."""
    if value is None:
        return len(ceilings)
    for position, ceiling in enumerate(ceilings):
        if (value < ceiling.persons_below) if persons else (value <= ceiling.turnover_max):
            return position
    return len(ceilings)


def classify(rule: SizeRule, persons_code: str | None, turnover_code: str | None) -> SizeClass:
    """The EU size class of the answers ``persons_code`` and ``turnover_code`` (answer codes)."""
    persons, turnover = rule.persons.get(persons_code), rule.turnover.get(turnover_code)
    if persons is None or turnover is None:
        return SizeClass(UNKNOWN, NO_ANSWER, persons_code, turnover_code)
    ceilings = rule.ceilings
    # a class needs both criteria, so the company's class is the larger of the two; both
    # criteria grow with the value, so the range's ends give the smallest and largest class
    low = max(_position(persons[0], ceilings, True), _position(turnover[0], ceilings, False))
    high = max(_position(persons[1], ceilings, True), _position(turnover[1], ceilings, False))
    names = [c.name for c in ceilings] + ["large"]
    if low == high:
        return SizeClass(names[low], CLASSIFIED, persons_code, turnover_code, (names[low],))
    return SizeClass(UNKNOWN, SPANS, persons_code, turnover_code, tuple(names[low:high + 1]))


def breakdown(classes) -> dict[str, int]:
    """Companies per class (``classes``: one class name per company) with the ``total``; the
    classes always add up to the total."""
    counts = {name: 0 for name in BREAKDOWN}
    for name in classes:
        counts[name if name in counts else UNKNOWN] += 1
    return {"total": sum(counts.values()), **counts}
