"""Dates and times on the pages, in the page's language, one style per language (the rules and
the pure functions are in reports.data.formatting, shared with the emails and the PDFs): Finnish
"26.7.2026", "26.7.2026 klo 20.15", "9.00–12.00"; English "26 Jul 2026", "26 Jul 2026, 20:15",
"09:00–12:00". A stored moment is shown on its day and time in the project's time zone. The
database keeps ISO dates; templates use the ``day``, ``moment`` and ``clock_time`` filters and the
``day_span`` and ``time_span`` globals."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import get_locale

from reports.data import formatting


def _lang() -> str:
    locale = get_locale()
    return locale.language if locale else "fi"


def zone() -> ZoneInfo:
    """The project's time zone: the app's clock's, else the configured one."""
    if not has_app_context():
        return formatting.HELSINKI
    clock = current_app.extensions.get("clock")
    if getattr(clock, "zone", None) is not None:
        return clock.zone
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Helsinki")


def day(value) -> str:
    """One date in the page's language (a timestamp on its day in the project's time zone); a
    value that is not a date is shown as it is."""
    return formatting.date_text(value, _lang(), zone()) or ""


def day_span(start, end=None) -> str:
    """A course's dates: one date when it starts and ends on the same day, else "start – end"."""
    return formatting.date_span(start, end, _lang(), zone())


def moment(value) -> str:
    """A timestamp with its time of day in the project's time zone ("23.11.2026 klo 20.15",
    "23 Nov 2026, 20:15")."""
    return formatting.moment_text(value, _lang(), zone()) or ""


def clock_time(value) -> str:
    """A clock time of the day ("09:00") as "9.00" / "09:00"."""
    return formatting.time_text(value, _lang())


def time_span(start, end=None) -> str:
    """A session's times: "9.00–12.00" / "09:00–12:00"."""
    return formatting.time_span(start, end, _lang())


def short_day(iso: str | None, lang: str) -> str:
    """A date in running text for an entrepreneur ("23.12.2026", "23 Dec 2026"), in ``lang``
    whatever the page's locale; "" for no date."""
    return formatting.date_text(iso, lang, zone()) or ""


def init_app(app) -> None:
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.filters["clock_time"] = clock_time
    app.jinja_env.globals["day_span"] = day_span
    app.jinja_env.globals["time_span"] = time_span
