"""A realistic training calendar for the demo: past courses with attendance and certificates,
upcoming ones with seats left, a full path with a waiting list (and a seat offered to its first
company after a cancellation), and webinars (the upcoming one with sign-ups from the open
calendar). Seeded; dates relative to today; only through the storage functions (no SQL here).

What a coordinator would believe: sessions on weekdays, never in the Christmas break, at Easter
or in July; a course named after the term(s) it runs in ("syksy 2026", "syksy 2026 – kevät 2027");
companies enrol (and apply) before the course starts, at the time the records say; the companies
in a path are those the path fits (its offer is among their analysis' recommendations), and an
application's motivation is in the words of that path's companies."""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta

from dateutil.easter import easter

import clock
from trainings.storage import courses as store
from trainings.storage import records as records
from trainings.storage import webinar_signups

PLACES = ("Mikkeli, Xamk kampus", "Savonlinna, Kasinosaari", "Juva, kunnantalo", "Mäntyharju, yrityspalvelut")
TRAINERS = ("Tero Kouluttaja", "Anu Digivalmentaja", "Mikko Markkinoija", "Laura Verkkokauppias")

# (offer, days from today to the first session, sessions, days between, seats, companies)
PLAN = (
    ("tp2-1", -120, 1, 0, 15, 12), ("tp2-3", -75, 1, 0, 15, 14), ("tp2-5", -20, 1, 0, 15, 9),
    ("tp4-1", -110, 5, 14, 10, 9), ("tp6-1", -90, 4, 14, 8, 7), ("tp4-2", -21, 5, 14, 10, 8),
    ("tp2-2", 12, 1, 0, 15, 6), ("tp2-7", 40, 1, 0, 15, 3), ("tp6-2", 20, 4, 14, 8, 11),
    ("tp5", 30, 7, 14, 12, 5), ("webinar", 9, 1, 0, 500, 0), ("webinar", -30, 1, 0, 500, 0),
    ("tp3", 45, 5, 14, 10, 0),
)
# companies' own applications (with their private link) to the upcoming paths that take
# applications, in the words of the companies each path is for
MOTIVATIONS = {
    "tp3": ("Teemme asiakkaille verkkosivuja ja haluamme oppia saavutettavuuden ja tekoälyn käytön.",
            "Mainostoimistomme haluaa kehittää ostopolkujen suunnittelua ja maksettua mainontaa.", ""),
    "tp5": ("Myymme yritysasiakkaille ja haluamme, että verkkosivut tuovat uusia tarjouspyyntöjä.",
            "Asiakastiedot ovat nyt sähköpostissa ja Excelissä: tavoitteena on ottaa CRM käyttöön.", ""),
}


SEASONS = {"fi": ("kevät", "kesä", "syksy"), "en": ("spring", "summer", "autumn")}


def term(day: date, lang: str = "fi") -> str:
    """The term a day falls in, as a course name says it: "kevät 2027", "kesä 2027", "syksy 2026"
    (in English "spring 2027", "summer 2027", "autumn 2026")."""
    spring, summer, autumn = SEASONS[lang]
    season = spring if day.month <= 5 else summer if day.month <= 7 else autumn
    return f"{season} {day.year}"


def terms(start: date, end: date, lang: str = "fi") -> str:
    """"syksy 2026", or "syksy 2026 – kevät 2027" for a course that runs into the next term."""
    first, last = term(start, lang), term(end, lang)
    return first if first == last else f"{first} – {last}"


def closed(day: date) -> bool:
    """No training on a weekend, in the Christmas break (20.12.–7.1.), at Easter (Good Friday to
    Easter Monday) or in July, the summer holiday month."""
    easter_day = easter(day.year)
    return (day.weekday() >= 5 or (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 7)
            or day.month == 7 or easter_day - timedelta(days=2) <= day <= easter_day + timedelta(days=1))


def working_day(day: date, weekday: int | None = None) -> date:
    """The day itself, or the next day a training can be held on (on ``weekday``, 0 = Monday,
    when given: a path meets on the same weekday)."""
    while closed(day) or (weekday is not None and day.weekday() != weekday):
        day += timedelta(days=1)
    return day


def schedule(first: date, sessions: int, gap: int, weekday: int) -> list[date]:
    """The session days from the first, ``gap`` days apart, each on the course's weekday and
    moved on past a closed day (a session after the Christmas break meets on the first such
    weekday of January)."""
    days = [working_day(first, weekday)]
    for _ in range(sessions - 1):
        days.append(working_day(days[-1] + timedelta(days=gap), weekday))
    return days


@contextlib.contextmanager
def recorded_on(db, day: date, hour: int = 10):
    """Stamps what the storage functions write inside as done at ``hour`` on ``day`` (local time):
    an enrolment made weeks before its course, a roll call on the session's day."""
    saved = getattr(db, "clock", None)
    db.clock = clock.FrozenClock(f"{day.isoformat()}T{hour:02d}:00:00", clock.of(db).zone)
    try:
        yield
    finally:
        if saved is None:
            del db.clock
        else:
            db.clock = saved


def _course(db, catalogue, offer_id: str, days: list[date], seats: int, today: date, rng) -> int:
    offer = catalogue.offer(offer_id)
    start, end = days[0], days[-1]
    with recorded_on(db, min(start - timedelta(days=60), today - timedelta(days=30))):
        course_id = store.create_course(db, {
            "offer_id": offer_id, "name": f"{offer.name.fi} – {terms(start, end)}",
            "name_en": f"{offer.name.en} – {terms(start, end, 'en')}", "organiser": offer.invoicing,
            "seats": seats, "pool": offer.pool, "starts_on": start.isoformat(), "ends_on": end.isoformat(),
            "apply_until": (start - timedelta(days=2)).isoformat()}, None)
    for day in days:
        online = offer.kind == "webinar" or rng.random() < 0.2
        store.add_session(db, course_id, {
            "on_date": day.isoformat(), "start_time": "09:00" if not online else "14:00",
            "end_time": "12:00" if not online else "15:30", "hours": 3 if not online else 1.5,
            "place": None if online else rng.choice(PLACES),
            "link": "https://meet.example.invalid/digifocus" if online else None,
            "trainer": rng.choice(TRAINERS), "description": offer.topics.fi})
    return course_id


def _signed_up_on(start: date, today: date, rng) -> date:
    """A day in the five weeks before the course, or (a course further off) in the last three
    weeks: never after today, never before the course was announced."""
    return min(start - timedelta(days=rng.randint(3, 35)), today - timedelta(days=rng.randint(0, 20)))


def _attend(db, course_id: int, enrolled: list[int], today: date, rng) -> None:
    for session in store.sessions(db, course_id):
        day = date.fromisoformat(session["on_date"])
        if day > today:
            continue
        marks = {eid: rng.choices(("present", "absent", "excused"), (0.82, 0.1, 0.08))[0] for eid in enrolled}
        with recorded_on(db, day, 16):
            records.set_attendance(db, session["id"], marks, None, today.isoformat())


def _fitting(company_ids: list[int], fits: dict, offer_id: str, count: int, rng, taken=()) -> list[int]:
    """``count`` companies for a course of the offer: those it fits first (their analysis
    recommends it), then others (a workshop is for anyone)."""
    pool = [c for c in company_ids if c not in taken]
    first = [c for c in pool if offer_id in fits.get(c, ())]
    chosen = rng.sample(first, min(count, len(first)))
    rest = [c for c in pool if c not in chosen]
    return chosen + rng.sample(rest, min(count - len(chosen), len(rest)))


def _applications(db, course_id: int, offer, start: date, company_ids: list[int], fits: dict, fee_of, today,
                  rng) -> None:
    taken = {e["company_id"] for e in store.roster(db, course_id)}
    motivations = MOTIVATIONS.get(offer.id, ("",))
    suited = [c for c in company_ids if offer.id in fits.get(c, ()) and c not in taken]
    for company_id, motivation in zip(rng.sample(suited, min(len(motivations), len(suited))), motivations):
        fee, tier, participant = fee_of(offer, company_id)
        with recorded_on(db, _signed_up_on(start, today, rng), 20):
            store.enrol(db, course_id, company_id, fee, tier, participant, event="apply", source="company",
                        motivation=motivation or None, language="fi")


def load_trainings(db, catalogue, company_ids: list[int], fee_of, seed: int, today: date,
                   fits: dict | None = None) -> int:
    """Creates the demo courses; ``fee_of(offer, company_id)`` gives (fee, tier, participant);
    ``fits``: each company's recommended offers (its analysis'). Returns the number of courses."""
    rng = random.Random(seed)
    fits = fits or {}
    pools = {p.id: p.seats for p in catalogue.pools}
    cancelled = False
    for offer_id, offset, sessions, gap, seats, companies in PLAN:
        offer = catalogue.offer(offer_id)
        days = schedule(today + timedelta(days=offset), sessions, gap, rng.randint(0, 3))  # Monday to Thursday
        course_id = _course(db, catalogue, offer_id, days, seats, today, rng)
        enrolled = []
        for company_id in _fitting(company_ids, fits, offer_id, companies, rng):
            fee, tier, participant = fee_of(offer, company_id)
            with recorded_on(db, _signed_up_on(days[0], today, rng)):
                row = store.enrol(db, course_id, company_id, fee, tier, participant, pool_seats=pools.get(offer.pool))
            if row["status"] == "enrolled":
                enrolled.append(row["id"])
        if days[0] > today and enrolled and not cancelled and len(enrolled) < companies:
            # the first upcoming course with a waiting list had a cancellation: its seat is offered on
            store.cancel(db, enrolled.pop(0), pools.get(offer.pool), today.isoformat(), catalogue.offer_days)
            cancelled = True
        _attend(db, course_id, enrolled, today, rng)
        if offer.application and days[0] > today:
            _applications(db, course_id, offer, days[0], company_ids, fits, fee_of, today, rng)
        if offer.kind == "webinar" and days[0] > today:  # signed up from the open calendar
            for n in range(1, random.Random(seed + course_id).randint(15, 30)):  # the main sequence stays as it was
                webinar_signups.sign_up(db, course_id, f"Osallistuja {n}", f"osallistuja{n}@example.invalid", "fi",
                                        seats)
        if offer.kind == "webinar" and days[0] <= today:
            session = store.sessions(db, course_id)[0]
            records.set_audience(db, session["id"], {g.code: rng.randint(3, 40) for g in catalogue.webinar_groups})
    return len(PLAN)
