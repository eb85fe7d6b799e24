"""A realistic training calendar for the demo: past courses with attendance and certificates,
upcoming ones with seats left, a full path with a waiting list (and a seat offered to its first
company after a cancellation), and a webinar. Seeded; dates relative to today; only through the
storage functions (no SQL here)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from storage import trainings as store
from storage import trainings_records as records

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
# companies' own applications (with their private link) to the upcoming paths that take applications
MOTIVATIONS = ("Teemme asiakkaille verkkosivuja ja haluamme oppia saavutettavuuden ja tekoälyn käytön.",
               "Mainostoimistomme haluaa kehittää ostopolkujen suunnittelua ja maksettua mainontaa.",
               "")


def _course(db, catalogue, offer_id: str, start: date, sessions: int, gap: int, seats: int, rng) -> int:
    offer = catalogue.offer(offer_id)
    end = start + timedelta(days=gap * (sessions - 1))
    season = ("kevät" if start.month <= 6 else "syksy") + f" {start.year}"
    course_id = store.create_course(db, {
        "offer_id": offer_id, "name": f"{offer.name.fi} – {season}", "organiser": offer.invoicing, "seats": seats,
        "pool": offer.pool, "starts_on": start.isoformat(), "ends_on": end.isoformat(),
        "apply_until": (start - timedelta(days=2)).isoformat()}, None)
    for n in range(sessions):
        online = offer.kind == "webinar" or rng.random() < 0.2
        store.add_session(db, course_id, {
            "on_date": (start + timedelta(days=gap * n)).isoformat(), "start_time": "09:00" if not online else "14:00",
            "end_time": "12:00" if not online else "15:30", "hours": 3 if not online else 1.5,
            "place": None if online else rng.choice(PLACES),
            "link": "https://meet.example.invalid/digifocus" if online else None,
            "trainer": rng.choice(TRAINERS), "description": offer.topics.fi})
    return course_id


def _attend(db, course_id: int, enrolled: list[int], today: str, rng) -> None:
    for session in store.sessions(db, course_id):
        if session["on_date"] > today:
            continue
        marks = {eid: rng.choices(("present", "absent", "excused"), (0.82, 0.1, 0.08))[0] for eid in enrolled}
        records.set_attendance(db, session["id"], marks, None, today)


def _applications(db, course_id: int, offer, company_ids: list[int], fee_of, rng) -> None:
    taken = {e["company_id"] for e in store.roster(db, course_id)}
    free = [c for c in company_ids if c not in taken]
    for company_id, motivation in zip(rng.sample(free, min(len(MOTIVATIONS), len(free))), MOTIVATIONS):
        fee, tier, participant = fee_of(offer, company_id)
        store.enrol(db, course_id, company_id, fee, tier, participant, event="apply", source="company",
                    motivation=motivation or None, language="fi")


def load_trainings(db, catalogue, company_ids: list[int], fee_of, seed: int, today: date) -> int:
    """Creates the demo courses; ``fee_of(offer, company_id)`` gives (fee, tier, participant). Returns the
    number of courses."""
    rng = random.Random(seed)
    pools = {p.id: p.seats for p in catalogue.pools}
    cancelled = False
    for offer_id, offset, sessions, gap, seats, companies in PLAN:
        offer = catalogue.offer(offer_id)
        course_id = _course(db, catalogue, offer_id, today + timedelta(days=offset), sessions, gap, seats, rng)
        enrolled = []
        for company_id in rng.sample(company_ids, min(companies, len(company_ids))):
            fee, tier, participant = fee_of(offer, company_id)
            row = store.enrol(db, course_id, company_id, fee, tier, participant, pool_seats=pools.get(offer.pool))
            if row["status"] == "enrolled":
                enrolled.append(row["id"])
        if offset > 0 and enrolled and not cancelled and len(enrolled) < companies:
            # the first upcoming course with a waiting list had a cancellation: its seat is offered on
            store.cancel(db, enrolled.pop(0), pools.get(offer.pool), today.isoformat(), catalogue.offer_days)
            cancelled = True
        _attend(db, course_id, enrolled, today.isoformat(), rng)
        if offer.application and offset > 0:
            _applications(db, course_id, offer, company_ids, fee_of, rng)
        if offer.kind == "webinar" and offset < 0:
            session = store.sessions(db, course_id)[0]
            records.set_audience(db, session["id"], {g.code: rng.randint(3, 40) for g in catalogue.webinar_groups})
    return len(PLAN)
