"""Seats under real concurrency: 20 processes, each with its own connection, enrol at the same
moment into a 10-seat course -> exactly 10 enrolled and 10 waiting, in order; a cancellation
offers the seat to the first waiting company (the offer holds the seat: nobody else gets it)."""

import multiprocessing

from trainings.storage import courses as store
from storage.db import connect
from tests.helpers import cancel


def _enrol(path: str, course_id: int, company_id: int, barrier, results) -> None:
    db = connect(path)  # its own connection, in its own process
    barrier.wait(timeout=60)
    row = store.enrol(db, course_id, company_id, 150, "base")
    results.put((company_id, row["status"], row["rank"]))
    db.close()


def _course_and_companies(path: str, prefix: str, name: str, count: int, course: str, seats: int, starts_on: str):
    """A TP4 course and ``count`` companies to race for its seats."""
    db = connect(path)
    with db.conn:
        company_ids = [db.execute("INSERT INTO companies (business_id, name, created_at, updated_at) "
                                  "VALUES (?, ?, '2026-01-01', '2026-01-01')",
                                  [f"{prefix}{n}", f"{name} {n}"]).lastrowid for n in range(count)]
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": course, "organiser": "xamk", "seats": seats,
                                         "starts_on": starts_on, "ends_on": "2027-03-01"}, None)
    return db, company_ids, course_id


def test_twenty_simultaneous_enrolments_into_ten_seats(app):
    path = app.config["DATABASE"]
    db, company_ids, course_id = _course_and_companies(path, "B", "Yritys", 20, "Polku", 10, "2027-01-10")
    db.close()  # no connection is carried across fork; each child opens its own
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(20), ctx.Queue()
    workers = [ctx.Process(target=_enrol, args=(path, course_id, cid, barrier, results)) for cid in company_ids]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    db = connect(path)
    statuses = [status for _cid, status, _rank in outcomes]
    assert statuses.count("enrolled") == 10 and statuses.count("waiting") == 10
    assert sorted(rank for _c, status, rank in outcomes if status == "waiting") == list(range(1, 11))
    rows = list(db.query("SELECT id, company_id, status, position FROM training_enrolments WHERE course_id = ? "
                         "ORDER BY id", [course_id]))
    # in order: the rows were written one at a time; the first ten got the seats, the rest queued in turn
    assert [r["status"] for r in rows] == ["enrolled"] * 10 + ["waiting"] * 10
    positions = [r["position"] for r in rows[10:]]
    assert positions == sorted(positions) and len(set(positions)) == 10
    # each process was told what was stored
    stored = {r["company_id"]: r["status"] for r in rows}
    assert all(stored[cid] == status for cid, status, _rank in outcomes)

    first_waiting = rows[10]["company_id"]
    offers = cancel(db, rows[0]["id"], "2027-01-01")
    assert [o["id"] for o in offers] == [rows[10]["id"]] and offers[0]["offer_until"] == "2027-01-06"
    assert store.enrolment_of(db, course_id, first_waiting)["status"] == "offered"
    assert store.enrolment_of(db, course_id, rows[11]["company_id"])["rank"] == 1
    counts = dict(db.execute("SELECT status, count(*) FROM training_enrolments WHERE course_id = ? GROUP BY status",
                             [course_id]).fetchall())
    assert counts == {"enrolled": 9, "offered": 1, "waiting": 9, "cancelled": 1}
    # the offered seat is held: a new company goes to the waiting list
    with db.conn:
        late = db.execute("INSERT INTO companies (business_id, name, created_at, updated_at) "
                          "VALUES ('B99', 'Myöhäinen', '2026-01-01', '2026-01-01')").lastrowid
    assert store.enrol(db, course_id, late, 150, "base")["status"] == "waiting"


def _race(path: str, job: tuple, barrier, results) -> None:
    from trainings.storage import offers as offers

    db = connect(path)  # its own connection, in its own process
    kind, target, today = job
    barrier.wait(timeout=60)
    if kind == "enrol":
        outcome = store.enrol(db, target[0], target[1], 150, "base")["status"]
    elif kind == "expire":
        outcome = offers.expire_course(db, target, today, 5)
        outcome = (len(outcome[0]), len(outcome[1]))
    else:
        outcome = offers.answer(db, target, kind == "accept", today, 5)[0]
    results.put((kind, target, outcome))
    db.close()


def test_workers_accepting_declining_and_expiring_at_once_never_overbook(app):
    """Offers answered on their last day while other workers (their clocks past midnight) lapse
    them and new companies enrol: whatever the order, the seats taken never exceed the course's."""
    path = app.config["DATABASE"]
    db, company_ids, course_id = _course_and_companies(path, "R", "Kilpa", 16, "Kilpa", 3, "2027-02-01")
    rows = [store.enrol(db, course_id, cid, 150, "base") for cid in company_ids[:12]]
    made = [o["id"] for r in rows[:2] for o in cancel(db, r["id"], "2027-01-05")]
    assert made == [rows[3]["id"], rows[4]["id"]]  # deadline 2027-01-10
    db.close()
    jobs = ([("accept", made[0], "2027-01-10")] * 4 + [("accept", made[1], "2027-01-10")] * 3
            + [("decline", made[1], "2027-01-10")] * 3 + [("expire", course_id, "2027-01-11")] * 6
            + [("enrol", (course_id, cid), None) for cid in company_ids[12:]])
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    workers = [ctx.Process(target=_race, args=(path, job, barrier, results)) for job in jobs]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    db = connect(path)
    final = {r["id"]: r["status"] for r in db.query("SELECT id, status FROM training_enrolments WHERE course_id = ?",
                                                    [course_id])}
    held = [status for status in final.values() if status in ("enrolled", "offered")]
    assert len(held) == 3  # never more than the seats; every freed seat offered on (the list is long enough)
    for offer_id in made:
        answers = [o for kind, target, o in outcomes if kind in ("accept", "decline") and target == offer_id]
        winners = [o for o in answers if not o.startswith("already_")]
        assert len(winners) <= 1  # one answer counts, the replays change nothing
        assert final[offer_id] == (winners[0] if winners else "lapsed")
    assert sum(o[0] for kind, _t, o in outcomes if kind == "expire") == sum(
        1 for offer_id in made if final[offer_id] == "lapsed")
    assert all(o == "waiting" for kind, _t, o in outcomes if kind == "enrol")
