"""Numbers, changes, dates and times as text in the report's language (Babel locale data; no
Flask). One date style per language everywhere – pages, emails and PDFs: Finnish "4.12.2026 klo
20.30" and "9.00–12.00", English day-month-year "4 Dec 2026, 20:30" and "09:00–12:00", never m/d/y.
A stored moment (an ISO timestamp, UTC) is shown on its day and time in the project's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

HELSINKI = ZoneInfo("Europe/Helsinki")
DATE_PATTERN = {"fi": "d.M.yyyy", "en": "d MMM yyyy"}
MOMENT = {"fi": "{date} klo {time}", "en": "{date}, {time}"}


def _lang(lang: str) -> str:
    return "en" if str(lang).startswith("en") else "fi"


def parse_when(value) -> date | datetime | None:
    """A date, or an aware moment (an ISO timestamp; one without a zone is UTC, as stored);
    None for nothing or for text that is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) <= 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_day(value, zone: ZoneInfo = HELSINKI) -> date | None:
    """The calendar day of a date or of a moment in ``zone`` (never the UTC text's first ten
    characters: 2026-11-23T22:30Z is 24 November in Helsinki)."""
    parsed = parse_when(value)
    return parsed.astimezone(zone).date() if isinstance(parsed, datetime) else parsed


def date_text(value, lang: str, zone: ZoneInfo = HELSINKI) -> str | None:
    """"4.12.2026" / "4 Dec 2026"; None for no date; text that is not a date as it is."""
    day = local_day(value, zone)
    if day is None:
        return None if value in (None, "") else str(value)
    lang = _lang(lang)
    return format_date(day, DATE_PATTERN[lang], locale=lang)


def date_span(start, end, lang: str, zone: ZoneInfo = HELSINKI) -> str:
    """One date when it starts and ends on the same day, else "start – end"."""
    first, last = date_text(start, lang, zone) or "", date_text(end, lang, zone)
    return first if not last or last == first else f"{first} – {last}"


def time_text(value, lang: str) -> str:
    """A clock time ("09:00", a time) as "9.00" / "09:00"; text that is not a time as it is."""
    if isinstance(value, time):
        hour, minute = value.hour, value.minute
    else:
        try:
            hour, minute = (int(part) for part in str(value).strip().split(":")[:2])
        except ValueError:
            return "" if value is None else str(value)
    lang = _lang(lang)  # Finnish "9.05", English "09:05" (each language's 24-hour habit)
    return f"{hour}.{minute:02d}" if lang == "fi" else f"{hour:02d}:{minute:02d}"


def time_span(start, end, lang: str) -> str:
    """"9.00–12.00" / "09:00–12:00"."""
    return f"{time_text(start, lang)}–{time_text(end, lang)}" if end else time_text(start, lang)


def moment_text(value, lang: str, zone: ZoneInfo = HELSINKI) -> str | None:
    """A stored moment with its time in ``zone``: "4.12.2026 klo 20.30" / "4 Dec 2026, 20:30"; a
    plain date as a date."""
    parsed = parse_when(value)
    if not isinstance(parsed, datetime):
        return date_text(value, lang, zone)
    local = parsed.astimezone(zone)
    lang = _lang(lang)
    return MOMENT[lang].format(date=date_text(local.date(), lang), time=time_text(local.time(), lang))


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
