"""iCalendar files, built with ``icalendar``: a course's (one event per session) and the open
training calendar's feed (every upcoming session of the public calendar)."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from clock import Clock


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Digianalyysi//trainings//FI")
    cal.add("version", "2.0")
    # an X- property is written as it is: a line break in a course's name (a hand-made request,
    # the CLI) made icalendar refuse the whole file, a 500 on the course's public .ics
    cal.add("x-wr-calname", " ".join(name.split()))
    return cal


def _event(title: str, session: dict, about: str, clock: Clock, domain: str, online_text: str | None) -> Event:
    """One session. ``online_text``: said instead of the meeting link (the public feed never
    carries the link: it goes to those who signed up); None: the link itself."""
    event = Event()
    event.add("uid", f"session-{session['id']}@{domain}")
    event.add("summary", title)
    start = datetime.fromisoformat(f"{session['on_date']}T{session['start_time']}").replace(tzinfo=clock.zone)
    end = datetime.fromisoformat(f"{session['on_date']}T{session['end_time']}").replace(tzinfo=clock.zone)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", clock.now())
    link = session.get("link") and (online_text if online_text is not None else session["link"])
    where = ", ".join(v for v in (session.get("place"), link) if v)
    if where:
        event.add("location", where)
    text = "\n".join(v for v in (about, session.get("trainer"), session.get("description")) if v)
    event.add("description", text)
    return event


def course_ics(course: dict, sessions: list[dict], offer_name: str, clock: Clock,
               domain: str = "digianalyysi", title: str | None = None, online_text: str | None = None) -> bytes:
    """A course's sessions in the clock's time zone; DTSTAMP is the clock's now. ``title``: the
    course's name in the reader's language (default: its stored name)."""
    title = title or course["name"]
    cal = _calendar(title)
    for session in sessions:
        cal.add_component(_event(title, session, offer_name, clock, domain, online_text))
    return cal.to_ical()


def feed_ics(name: str, entries: list[dict], clock: Clock, online_text: str, domain: str = "digianalyysi") -> bytes:
    """The open calendar's feed: ``entries`` of ``{"title", "about", "url", "sessions"}``; meeting
    links are never in it (``online_text`` instead)."""
    cal = _calendar(name)
    for entry in entries:
        for session in entry["sessions"]:
            event = _event(entry["title"], session, "\n".join(v for v in (entry["about"], entry["url"]) if v),
                           clock, domain, online_text)
            if entry.get("url"):
                event.add("url", entry["url"])
            cal.add_component(event)
    return cal.to_ical()
