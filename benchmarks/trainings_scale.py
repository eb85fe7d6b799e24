"""Trainings at scale: the coordinator's dashboard (targets and funnel counted from the records)
with 10 000 companies, 1 000 courses, 10 000 sessions and 100 000 attendance rows (bound
100 ms), and the certificates of a 16-company course as a ZIP (bound 1 s).

The records go in through the storage functions, as the application writes them.
Run: .venv/bin/python benchmarks/trainings_scale.py [--companies 10000] [--db PATH] [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _app(path: str):
    os.environ.update({"DIGIANALYYSI_SECRET_KEY": "bench", "DIGIANALYYSI_DATABASE": path,
                       "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "DIGIANALYYSI_AUTO_MIGRATE": "true"})
    from app import create_app

    return create_app()


def generate(path: str, companies: int, courses: int = 1000) -> None:
    from trainings.storage import courses as store
    from trainings.storage import records as records
    from storage.db import connect

    app = _app(path)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--companies", str(companies), "--drafts", "0"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["users", "create", "bench@example.fi", "--name", "Bench", "--role", "coordinator",
                        "--password", "benchmark-password"])
    db = connect(path)
    rng = random.Random(16)
    ids = store.company_ids(db)
    catalogue = app.extensions["trainings"]
    offers = [o for o in catalogue.offers if o.kind != "webinar"]
    start = date(2026, 1, 5)
    for n in range(courses):
        offer = offers[n % len(offers)]
        first = start + timedelta(days=n % 700)
        course = store.create_course(db, {"offer_id": offer.id, "name": f"Kurssi {n}", "organiser": offer.invoicing,
                                          "seats": 10, "starts_on": first.isoformat(),
                                          "ends_on": (first + timedelta(days=63)).isoformat()}, None)
        enrolled = [store.enrol(db, course, cid, offer.fee, "base")["id"] for cid in rng.sample(ids, 10)]
        for k in range(10):
            session = store.add_session(db, course, {"on_date": (first + timedelta(days=7 * k)).isoformat(),
                                                     "start_time": "09:00", "end_time": "12:00", "hours": 3})
            records.set_attendance(db, session, {e: rng.choice(("present", "present", "present", "absent"))
                                                 for e in enrolled}, None, "2099-12-31")
    # the 16-company course of the certificate benchmark
    offer = catalogue.offer("tp6-1")
    course = store.create_course(db, {"offer_id": "tp6-1", "name": "Kuusitoista", "organiser": offer.invoicing,
                                      "seats": 16, "starts_on": "2026-02-01", "ends_on": "2026-03-01"}, None)
    enrolled = [store.enrol(db, course, cid, 250, "base", participant="Osallistuja")["id"] for cid in ids[:16]]
    for k in range(4):
        session = store.add_session(db, course, {"on_date": f"2026-02-{1 + 7 * k:02d}", "start_time": "09:00",
                                                 "end_time": "12:00", "hours": 3})
        records.set_attendance(db, session, {e: "present" for e in enrolled}, None, "2099-12-31")
    from trainings.certificate_service import new_code

    records.issue_course_certificates(db, course, "2026-03-02", lambda rows: rows, new_code)  # issued once
    db.close()


def measure(path: str) -> dict:
    from clock import FrozenClock
    from trainings.storage import courses as store
    from storage.db import connect

    app = _app(path)
    app.extensions["clock"] = FrozenClock("2028-01-01T12:00")
    client = app.test_client()
    page = client.get("/kirjaudu").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/kirjaudu", data={"csrf_token": token, "email": "bench@example.fi", "password": "benchmark-password"})

    def timed(url, repeat=5):
        """Median wall time and median CPU time of this process (the machine may be shared)."""
        times, cpu = [], []
        for _ in range(repeat):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            times.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - begin_cpu)
        return statistics.median(times), statistics.median(cpu)

    db = connect(path)
    counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)
              for table in ("companies", "training_courses", "training_sessions", "training_enrolments",
                            "training_attendance")}
    course = next(c for c in store.courses(db, limit=100_000) if c["name"] == "Kuusitoista")
    client.get("/koordinaattori/")  # warm the per-process tables
    result = {"counts": counts, "dashboard": timed("/koordinaattori/"),
              "dashboard_org_period": timed("/koordinaattori/?organisation=xamk&start=2026-03-01&end=2026-09-30")}
    from flask import g

    from trainings.dashboard import training_numbers

    with app.app_context():  # no request: the counts are a service
        g.db = db
        begin, begin_cpu = time.perf_counter(), time.process_time()
        training_numbers(db, path, app.extensions["trainings"], {}, "2027-12-31")  # not cached
        result["training_numbers_uncached"] = (time.perf_counter() - begin, time.process_time() - begin_cpu)
    after = []
    for _ in range(5):  # every view the first after a training record changed
        store.bump(db)
        db.conn.commit()
        after.append(timed("/koordinaattori/", repeat=1))
    result["dashboard_after_a_change"] = tuple(statistics.median(values) for values in zip(*after))
    result["certificates_zip_first"] = timed(f"/koulutukset/kurssi/{course['id']}/todistukset.zip", repeat=1)
    result["certificates_zip"] = timed(f"/koulutukset/kurssi/{course['id']}/todistukset.zip")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--db", help="reuse (or create) this database file")
    parser.add_argument("--quick", action="store_true", help="100 companies, 10 courses (CI: the script still works)")
    args = parser.parse_args()
    courses = 1000
    if args.quick:
        args.companies, courses = 100, 10
    path = args.db or str(Path(tempfile.mkdtemp()) / "trainings-bench.db")
    if not Path(path).exists():
        begin = time.perf_counter()
        generate(path, args.companies, courses)
        print(f"generated in {time.perf_counter() - begin:.0f} s")
    result = measure(path)
    print(result["counts"])
    for key in ("dashboard", "dashboard_org_period", "dashboard_after_a_change", "training_numbers_uncached",
                "certificates_zip_first", "certificates_zip"):
        wall, cpu = result[key]
        print(f"{key}: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
