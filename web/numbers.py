"""Numbers on the pages in the page's language: "1,5" and "3" in Finnish, "1.5" and "3" in
English (never "3.0"); templates use the ``decimal`` filter."""

from __future__ import annotations

from flask_babel import get_locale

from reports.data.formatting import number


def decimal(value, digits: int = 1) -> str:
    """A number with at most ``digits`` decimals, trailing zeros dropped ("3", "1,5"); "–" for none."""
    if value is None or value == "":
        return "–"
    locale = get_locale()
    text = number(float(value), locale.language if locale else "fi", digits)
    if digits and any(sep in text for sep in ",."):
        text = text.rstrip("0").rstrip(",.")
    return text


def init_app(app) -> None:
    app.jinja_env.filters["decimal"] = decimal
