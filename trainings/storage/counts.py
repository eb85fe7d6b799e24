"""The facts the training counts are made of (``trainings.rules.counts`` defines every count on
them): seats, attendance, referrals, certificates, held sessions, invoice marks and webinar
sign-ups, read in a few queries and kept per worker process until the training records (``training_generation``) or the
companies' organisations change."""

from __future__ import annotations

import json
import threading

import clock
from trainings.rules.counts import Facts

from .courses import generation

_cache: dict = {}
_lock = threading.Lock()
CACHE_SIZE = 16


def _enrolments(db, day_of) -> tuple:
    return tuple((company, offer, status, day_of(enrolled_at), starts_on, ends_on) for
                 company, offer, status, enrolled_at, starts_on, ends_on in db.execute(
                     "SELECT e.company_id, t.offer_id, e.status, e.enrolled_at, t.starts_on, t.ends_on "
                     "FROM training_enrolments e JOIN training_courses t ON t.id = e.course_id"))


def _presence(db, today: str) -> dict:
    """(company, offer) -> the sorted days of held sessions the company was present at."""
    found: dict = {}
    for company, offer, days in db.execute(
            "SELECT e.company_id, t.offer_id, group_concat(DISTINCT a.on_date) FROM training_attendance a "
            "JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_courses t ON t.id = e.course_id "
            "WHERE a.status = 'present' AND a.on_date <= ? GROUP BY e.company_id, t.offer_id", [today]):
        found[(company, offer)] = tuple(sorted(days.split(",")))
    return found


def _sessions(db, today: str) -> tuple:
    return tuple((course, offer, organiser, day, hours, json.loads(audience or "{}"))
                 for course, offer, organiser, day, hours, audience in db.execute(
                     "SELECT t.id, t.offer_id, t.organiser, s.on_date, s.hours, s.audience FROM training_sessions s "
                     "JOIN training_courses t ON t.id = s.course_id WHERE s.on_date <= ?", [today]))


def _attendance(db, today: str) -> tuple:
    """(company, offer, session, day, hours) of each held session a company was present at."""
    return tuple(db.execute(
        "SELECT e.company_id, t.offer_id, a.session_id, a.on_date, s.hours FROM training_attendance a "
        "JOIN training_enrolments e ON e.id = a.enrolment_id JOIN training_courses t ON t.id = e.course_id "
        "JOIN training_sessions s ON s.id = a.session_id WHERE a.status = 'present' AND a.on_date <= ? "
        "ORDER BY a.on_date, a.session_id", [today]).fetchall())


def _records(db, today: str) -> dict:
    day_of = clock.of(db).local_date_iso
    return {
        "enrolments": _enrolments(db, day_of),
        "presence": _presence(db, today),
        "attendance": _attendance(db, today),
        "certificates": tuple(db.execute(
            "SELECT x.company_id, t.offer_id, x.package, x.issued_on FROM training_certificates x "
            "LEFT JOIN training_courses t ON t.id = x.course_id").fetchall()),
        "sessions": _sessions(db, today),
        "invoiced": tuple(db.execute(
            "SELECT e.company_id, t.offer_id, e.invoiced_on, e.fee FROM training_enrolments e "
            "JOIN training_courses t ON t.id = e.course_id WHERE e.invoiced_on IS NOT NULL").fetchall()),
        "org": dict(db.execute("SELECT company_id, organisation FROM company_org").fetchall()),
        "signups": tuple(db.execute(
            "SELECT w.course_id, t.offer_id, t.organiser, t.starts_on FROM webinar_signups w "
            "JOIN training_courses t ON t.id = w.course_id WHERE w.cancelled_at IS NULL").fetchall()),
    }


def referrals(db) -> tuple:
    """(company, day) of every final interview that referred the company to a training or path."""
    return tuple(db.execute(
        "SELECT company_id, held_on FROM interviews WHERE status = 'final' AND held_on IS NOT NULL "
        "AND json_array_length(json_extract(data, '$.referrals')) > 0").fetchall())


def interviews(db, today: str) -> tuple:
    """(company, day) of every final advisory interview held by ``today``."""
    return tuple(db.execute("SELECT company_id, held_on FROM interviews WHERE status = 'final' AND held_on IS NOT NULL "
                            "AND held_on <= ?", [today]).fetchall())


_ANALYSES = ("FROM responses WHERE kind = 'analysis' AND status = 'submitted' AND company_id IS NOT NULL "
             "AND coalesce(claim, 'confirmed') = 'confirmed'")


def analyses(db, path: str, questions: tuple[str, ...] = ()) -> tuple:
    """(company, local day, survey version, {question: answer}) of every confirmed analysis, in
    time order; ``questions``: the answers wanted (the size questions). Kept per process until an
    analysis is submitted, confirmed or erased."""
    signature = tuple(db.execute(f"SELECT count(*), max(id), total(company_id) {_ANALYSES}").fetchone())
    key = ("analyses", path, questions, signature)
    with _lock:
        found = _cache.get(key)
    if found is None:
        day_of = clock.of(db).local_date_iso
        picks = "".join(f", json_extract(answers, '$.{q}')" for q in questions)
        found = tuple((company, day_of(submitted), version, dict(zip(questions, values)))
                      for company, submitted, version, *values in db.execute(
                          f"SELECT company_id, submitted_at, survey_version{picks} {_ANALYSES} "
                          "ORDER BY submitted_at, id").fetchall())
        with _lock:
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()
            _cache[key] = found
    return found


def facts(db, path: str, kinds: dict, today: str, version=None, questions: tuple[str, ...] = ()) -> Facts:
    """The facts of the training records as of ``today``; ``kinds``: offer id -> kind (the
    catalogue); ``version``: a number that changes with the companies' organisations (the peers'
    generation); ``questions``: the analyses' answers wanted (the size questions). Interviews are
    read every time (a final interview changes no generation)."""
    key = (path, today, version, generation(db), tuple(sorted(kinds.items())))
    with _lock:
        records = _cache.get(key)
    if records is None:
        records = _records(db, today)
        with _lock:
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()
            _cache[key] = records
    return Facts(kinds=kinds, referrals=referrals(db), interviews=interviews(db, today),
                 analyses=analyses(db, path, questions), **records)
