"""Seats under real concurrency: 20 processes, each with its own connection, enrol at the same
moment into a 10-seat course -> exactly 10 enrolled and 10 waiting, in order; a cancellation
offers the seat to the first waiting company (the offer holds the seat: nobody else gets it)."""

import multiprocessing

from storage import trainings as store
from storage.db import connect


def _enrol(path: str, course_id: int, company_id: int, barrier, results) -> None:
    db = connect(path)  # its own connection, in its own process
    barrier.wait(timeout=60)
    row = store.enrol(db, course_id, company_id, 150, "base")
    results.put((company_id, row["status"], row["rank"]))
    db.close()


def test_twenty_simultaneous_enrolments_into_ten_seats(app):
    path = app.config["DATABASE"]
    db = connect(path)
    with db.conn:
        company_ids = [db.execute("INSERT INTO companies (business_id, name, created_at, updated_at) "
                                  "VALUES (?, ?, '2026-01-01', '2026-01-01')", [f"B{n}", f"Yritys {n}"]).lastrowid
                       for n in range(20)]
    course_id = store.create_course(db, {"offer_id": "tp4-1", "name": "Polku", "organiser": "xamk", "seats": 10,
                                         "starts_on": "2027-01-10", "ends_on": "2027-03-01"}, None)
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
    offers = store.set_status(db, rows[0]["id"], "cancelled", today="2027-01-01")
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
