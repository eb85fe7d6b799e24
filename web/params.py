"""Integers from users, parsed strictly: ASCII digits only and within bounds (SQLite's range).

Python's ``int()`` and ``str.isdigit()`` accept other digits ("²", "٣"), and an id above
2**63-1 makes sqlite3 raise OverflowError: both used to end in a 500. ``parse_int`` is the one
parser of integer input: every ``<int:...>`` route uses ``BoundedInt`` (registered as the ``int``
converter before any blueprint), query integers go through ``query_int``, form fields through
``form_int`` / ``form_ids`` and WTForms' ``StrictIntegerField``.
"""

from __future__ import annotations

import re

from flask import abort, request
from werkzeug.routing import IntegerConverter
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField

MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(value, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A whole number written in ASCII digits (surrounding spaces allowed) within
    ``minimum..maximum``, else None: never raises, whatever the input."""
    text = value.strip(" \t\r\n") if isinstance(value, str) else ""
    if not ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """A positive integer in SQLite's range written in ASCII digits, else None."""
    return parse_int(value if isinstance(value, str) else str(value or ""), 1)


def form_int(name: str, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A posted integer field: None when absent, empty or not a whole number in range."""
    return parse_int(request.form.get(name), minimum, maximum)


def form_ids(name: str) -> list[int]:
    """Every valid id of a repeated posted field (checkboxes); anything else is left out."""
    return [number for number in (parse_id(v) for v in request.form.getlist(name)) if number is not None]


class StrictIntegerField(IntegerField):
    """WTForms' IntegerField through ``parse_int``: "²" or "٣" is "not a whole number", not 3."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0]
        self.data = parse_int(text)
        if self.data is None and isinstance(text, str) and text.strip():
            raise ValueError(_l("Give a whole number (digits 0–9)."))


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
