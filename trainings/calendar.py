"""The iCalendar file of a course (one event per session), built with ``icalendar``."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from clock import Clock


def course_ics(course: dict, sessions: list[dict], offer_name: str, clock: Clock,
               domain: str = "digianalyysi") -> bytes:
    """Sessions in the clock's time zone; DTSTAMP is the clock's now."""
    cal = Calendar()
    cal.add("prodid", "-//Digianalyysi//trainings//FI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", course["name"])
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session['id']}@{domain}")
        event.add("summary", course["name"])
        start = datetime.fromisoformat(f"{session['on_date']}T{session['start_time']}").replace(tzinfo=clock.zone)
        end = datetime.fromisoformat(f"{session['on_date']}T{session['end_time']}").replace(tzinfo=clock.zone)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("dtstamp", clock.now())
        where = ", ".join(v for v in (session.get("place"), session.get("link")) if v)
        if where:
            event.add("location", where)
        text = "\n".join(v for v in (offer_name, session.get("trainer"), session.get("description")) if v)
        event.add("description", text)
        cal.add_component(event)
    return cal.to_ical()
