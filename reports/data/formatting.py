"""Numbers and changes as text in the report's language (Babel locale data; no Flask)."""

from __future__ import annotations

from babel.numbers import format_decimal


def number(value, lang: str, digits: int = 0) -> str | None:
    if value is None:
        return None
    return format_decimal(round(value, digits), format="#,##0" + ("." + "0" * digits if digits else ""), locale=lang)


def signed(value, lang: str, digits: int = 0) -> str | None:
    """A change with its sign: "+12", "−3" (a real minus sign), "0"."""
    if value is None:
        return None
    rounded = round(value, digits)
    text = format_decimal(abs(rounded), format="#,##0" + ("." + "0" * digits if digits else ""), locale=lang)
    if rounded > 0:
        return "+" + text
    if rounded < 0:
        return "\u2212" + text
    return text


def direction(change) -> str | None:
    if change is None:
        return None
    rounded = round(change)
    return "up" if rounded > 0 else "down" if rounded < 0 else "same"
