"""Integers from URLs, parsed strictly: ASCII digits only and within SQLite's integer range.

Python's ``int()`` and ``str.isdigit()`` accept other digits ("²", "٣"), and an id above
2**63-1 makes sqlite3 raise OverflowError: both used to end in a 500. Every ``<int:...>`` route
uses ``BoundedInt`` (registered as the ``int`` converter before any blueprint), and query
integers go through ``query_int``.
"""

from __future__ import annotations

import re

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """A positive integer in SQLite's range written in ASCII digits, else None."""
    text = str(value or "")
    if not ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class BoundedInt(IntegerConverter):
    """``<int:...>``: ASCII digits (Werkzeug's ``\\d`` also matches "٣"), 1..2**63-1, else 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002 - Werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


def query_int(name: str) -> int | None:
    """``?name=<id>``: None when absent or empty; a malformed or out-of-range value is a 400."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    number = parse_id(value)
    if number is None:
        abort(400)
    return number


def init_app(app) -> None:
    """Before any blueprint is registered, so that every rule binds this converter."""
    app.url_map.converters["int"] = BoundedInt
