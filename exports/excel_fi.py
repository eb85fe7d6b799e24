"""Cells of the CSV "for Finnish Excel (;)": what Excel with Finnish settings (fi-FI: decimal
comma, space as thousands separator, dates d.m.yyyy) would silently turn into a number, a date or
a time when it opens the file, and how each cell is written so that it is not.

- Numbers are written with a decimal comma ("12,5"): Finnish Excel reads them as numbers.
- A text cell Excel would convert keeps its meaning as text: a hyphen between digits becomes an
  en dash (the range code ``2-4`` is written ``2–4``, as its label prints it; Excel converts
  ``2-4`` to 2 April and ``10-49`` to October 1949 but never reads an en dash as a date); any
  other convertible text (``12.5``, ``0401234567``, ``1/2``) gets a leading apostrophe, as the
  formula guard does (Excel shows it, but keeps the text and the leading zero).
- Text starting with = + - @ (or a tab or carriage return) gets the apostrophe too: never a
  formula. No cell is ever written as a formula such as ``="2-4"``.
"""

from __future__ import annotations

import re
from datetime import datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SPACE = "[ \u00a0\u202f]"
_NUMBER = re.compile(
    rf"^\(?[+\-]?(€{_SPACE}?)?(\d{{1,3}}({_SPACE}\d{{3}})+|\d+)?([,]\d+)?([eE][+\-]?\d+)?{_SPACE}?[%€]?\)?$")
_DATE = re.compile(r"^(\d{1,4})([./\-])(\d{1,4})(?:\2(\d{1,4})?)?\.?$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}([:.]\d{2})?$")
_HYPHEN_BETWEEN_DIGITS = re.compile(r"(?<=\d)-(?=\d)")


def _date_like(first: int, second: int, third: int | None) -> bool:
    if third is not None:  # d.m.y (also y-m-d)
        return (1 <= first <= 31 and 1 <= second <= 12) or (first >= 1000 and 1 <= second <= 12 and 1 <= third <= 31)
    day_month = 1 <= first <= 31 and 1 <= second <= 12
    month_year = 1 <= first <= 12  # "10-49" is October 1949, "3.2026" March 2026
    return day_month or month_year


def converts(text: str) -> bool:
    """Would Excel with Finnish settings read this text cell as a number, date, time or percent?"""
    value = text.strip()
    if not value:
        return False
    if any(ch.isdigit() for ch in value) and _NUMBER.match(value):
        return True
    if _TIME.match(value):
        return True
    match = _DATE.match(value)
    if match:
        third = int(match.group(4)) if match.group(4) else None
        return _date_like(int(match.group(1)), int(match.group(3)), third)
    return False


_PLAIN_INTEGER = re.compile(r"^(0|[1-9]\d{0,14})$")


def text_cell(text: str) -> str:
    """A text as a cell Finnish Excel keeps as this text (never a formula, never a number).
    A plain whole number such as the answer code ``3`` or ``507`` is left as it is: Excel's
    number is the same value (a leading zero, ``091``, would be lost, so that one is guarded)."""
    if _PLAIN_INTEGER.match(text):
        return text
    if converts(text):
        text = _HYPHEN_BETWEEN_DIGITS.sub("\u2013", text)
        if converts(text):
            return "'" + text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def date_cell(value) -> str:
    """A date as Finnish Excel reads a date: "4.12.2026" (d.m.yyyy; never "2026–12–04" text), a
    date-time with its time: "4.12.2026 20:15"."""
    text = f"{value.day}.{value.month}.{value.year}"
    return f"{text} {value.hour}:{value.minute:02d}" if isinstance(value, datetime) else text


def code_cell(text: str) -> str:
    """A code of a column kept as text in every row (municipality "491" and "091" alike): a code
    Excel would read as a number gets the apostrophe whether or not it has a leading zero."""
    if _PLAIN_INTEGER.match(text) or (text.isdigit() and text.isascii()):
        return "'" + text
    return text_cell(text)


def number_cell(value: float | int) -> str:
    """A number as Finnish Excel reads it: decimal comma, no thousands separator."""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text.replace(".", ",")
    return str(value)
