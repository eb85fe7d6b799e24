"""Dates as people read them: "26.7.2026" in Finnish, "Jul 26, 2026" in English (Babel's
medium format of the page's language), and a course's run as one date or a range. The database
keeps ISO dates; templates use the ``day`` filter and the ``day_span`` global."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from flask_babel import format_date, format_time, to_user_timezone


def _parse(value) -> date | datetime | None:
    """A date, or a moment (an ISO timestamp: shown on its day in Finnish time)."""
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        return None


def _day_of(value) -> date | None:
    parsed = _parse(value)
    if isinstance(parsed, datetime):
        return to_user_timezone(parsed).date() if parsed.tzinfo else parsed.date()
    return parsed


def day(value) -> str:
    """One date in the page's language (a timestamp on its day in the configured time zone); a
    value that is not a date is shown as it is."""
    parsed = _day_of(value)
    if parsed is None:
        return "" if value is None else str(value)
    return format_date(parsed, "medium")


def day_span(start, end=None) -> str:
    """A course's dates: one date when it starts and ends on the same day, else "start – end"."""
    if not end or _day_of(end) == _day_of(start):
        return day(start)
    return f"{day(start)} – {day(end)}"


def moment(value) -> str:
    """A timestamp with its time of day in the configured time zone ("23.11.2026 20.15",
    "Nov 23, 2026 8:15 PM")."""
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return day(value)
    return f"{day(parsed)} {format_time(parsed, 'short')}"


def short_day(iso: str | None, lang: str) -> str:
    """A date in running text for an entrepreneur ("23.12.2026", "23 Dec 2026"), in ``lang``
    whatever the page's locale; "" for no date."""
    if not iso:
        return ""
    return babel_format_date(_day_of(iso), "d.M.yyyy" if lang == "fi" else "d MMM yyyy", locale=lang)


def init_app(app) -> None:
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.globals["day_span"] = day_span
