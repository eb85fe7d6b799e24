"""The one owner of time: ``now()`` in UTC, ``today()`` and "the date of this timestamp" in the
project's time zone (Europe/Helsinki by default, the ``TIME_ZONE`` setting).

Every part of the application asks a ``Clock`` instead of the system: the app keeps one in
``app.extensions["clock"]`` and every database handle it opens carries it (``db.clock``), so
storage stamps rows with the same time the views reason with. Tests and demos freeze or move it
(``FrozenClock``, the ``FROZEN_NOW`` setting); nothing else reads the system time.

No Flask, no database, no I/O beyond reading the system clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/Helsinki"


def parse_moment(value: str | datetime, zone: ZoneInfo | None = None) -> datetime:
    """An aware datetime from an ISO text or a datetime; a naive one is read in ``zone`` (UTC
    when none is given). Raises ValueError for text that is not an ISO moment."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone or timezone.utc)
    return moment


class Clock:
    """The system clock, read in UTC; calendar days in ``zone``."""

    def __init__(self, zone: str | ZoneInfo = DEFAULT_ZONE):
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)

    def now(self) -> datetime:
        """This moment, aware, in UTC."""
        return datetime.now(timezone.utc)

    def stamp(self) -> str:
        """This moment as stored in the database: ISO 8601 in UTC, to the second."""
        return self.now().isoformat(timespec="seconds")

    def today(self) -> date:
        """Today's date in the project's time zone (not the server's, not UTC)."""
        return self.now().astimezone(self.zone).date()

    def today_iso(self) -> str:
        return self.today().isoformat()

    def local(self, value: str | datetime) -> datetime:
        """A stored moment (UTC text or aware datetime) in the project's time zone."""
        return parse_moment(value).astimezone(self.zone)

    def local_date(self, value: str | datetime | date | None) -> date | None:
        """The date of a stored moment in the project's time zone ("2026-11-26T22:30:00+00:00"
        is 27 November in Helsinki); a plain date (or ISO date text) is itself; None stays None."""
        if value is None or value == "":
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        text = value if isinstance(value, datetime) else str(value)
        if isinstance(text, str) and len(text) <= 10:
            return date.fromisoformat(text)
        return self.local(text).date()

    def local_date_iso(self, value) -> str | None:
        day = self.local_date(value)
        return day.isoformat() if day else None

    def day_start(self, day: date | str) -> str:
        """The UTC stamp at which a local calendar day starts (for ``stamp >= day_start(d)``)."""
        day = date.fromisoformat(day) if isinstance(day, str) else day
        return datetime(day.year, day.month, day.day, tzinfo=self.zone).astimezone(timezone.utc).isoformat(
            timespec="seconds")

    def day_end(self, day: date | str) -> str:
        """The UTC stamp at which the local day after ``day`` starts (for ``stamp < day_end(d)``)."""
        day = date.fromisoformat(day) if isinstance(day, str) else day
        return self.day_start(day + timedelta(days=1))


class FrozenClock(Clock):
    """A clock that stands still at ``moment`` until moved (tests, demos, the benchmark)."""

    def __init__(self, moment: str | datetime, zone: str | ZoneInfo = DEFAULT_ZONE):
        super().__init__(zone)
        self._moment = parse_moment(moment, self.zone).astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: str | datetime) -> None:
        self._moment = parse_moment(moment, self.zone).astimezone(timezone.utc)

    def advance(self, **delta) -> None:
        """Moves the clock on, e.g. ``advance(days=3)`` or ``advance(minutes=30)``."""
        self._moment += timedelta(**delta)


SYSTEM = Clock()


def of(db) -> Clock:
    """The clock a database handle carries (the app's), else the system clock in the default zone."""
    return getattr(db, "clock", None) or SYSTEM


def from_settings(zone: str | None, frozen: str | None) -> Clock:
    """The app's clock: frozen at ``frozen`` (an ISO moment; a naive one is local time) when
    given, else the system clock; days in ``zone``."""
    zone = zone or DEFAULT_ZONE
    return FrozenClock(frozen, zone) if frozen else Clock(zone)
