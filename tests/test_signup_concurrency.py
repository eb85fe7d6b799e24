"""Sign-ups from the open calendar under real concurrency: separate processes, each with its own
database connection, press "sign up" at the same moment through the whole web path (private
link, CSRF, the service, storage's BEGIN IMMEDIATE). A five-seat workshop gives exactly five
seats and a waiting list in order; a five-seat webinar takes exactly five sign-ups."""

import multiprocessing
import re

from trainings.storage import courses as store
from trainings.storage import webinar_signups
from storage.db import connect
from storage.responses import hash_token
from tests.helpers import set_today

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _press(app, path: str, data: dict, barrier, results) -> None:
    client = app.test_client()  # its own session; get_db opens this process's own connection
    token = CSRF.search(client.get("/").get_data(as_text=True)).group(1)
    barrier.wait(timeout=60)
    response = client.post(path, data={"csrf_token": token, **data})
    results.put((path, data.get("email"), response.status_code))


def _race(app, jobs) -> list:
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    workers = [ctx.Process(target=_press, args=(app, path, data, barrier, results)) for path, data in jobs]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return outcomes


def test_simultaneous_company_sign_ups_never_overbook_a_workshop(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load", "--companies", "12", "--drafts", "0"]).exit_code == 0
    set_today(app, "2026-11-23")
    db = connect(app.config["DATABASE"])
    course_id = store.create_course(db, {"offer_id": "tp2-4", "name": "Sisältötyöpaja", "organiser": "xamk",
                                         "seats": 5, "starts_on": "2027-01-10", "ends_on": "2027-01-10"}, None)
    analyses = [r["response_id"] for r in db.query("SELECT response_id FROM company_latest_analysis "
                                                   "WHERE response_id IS NOT NULL ORDER BY company_id")]
    assert len(analyses) == 12
    tokens = [f"{'T' * 40}{n:03d}" for n in range(12)]
    with db.conn:
        for token, response_id in zip(tokens, analyses):
            db.execute("UPDATE responses SET token_hash = ? WHERE id = ?", [hash_token(token), response_id])
    db.close()  # no connection crosses the fork
    outcomes = _race(app, [(f"/a/{token}/koulutus/{course_id}",
                            {"participant": f"Osallistuja {n}", "email": f"p{n}@example.com"})
                           for n, token in enumerate(tokens)])
    assert all(status == 302 for _path, _email, status in outcomes)
    db = connect(app.config["DATABASE"])
    rows = list(db.query("SELECT status, position, source FROM training_enrolments WHERE course_id = ? ORDER BY id",
                         [course_id]))
    assert len(rows) == 12 and {r["source"] for r in rows} == {"company"}
    assert [r["status"] for r in rows] == ["enrolled"] * 5 + ["waiting"] * 7  # the first five, in the order written
    positions = [r["position"] for r in rows[5:]]
    assert positions == sorted(positions) and len(set(positions)) == 7


def test_simultaneous_webinar_sign_ups_never_exceed_its_seats(app):
    set_today(app, "2026-11-23")
    db = connect(app.config["DATABASE"])
    course_id = store.create_course(db, {"offer_id": "webinar", "name": "Pieni webinaari", "organiser": "xamk",
                                         "seats": 5, "starts_on": "2027-01-10", "ends_on": "2027-01-10"}, None)
    db.close()
    outcomes = _race(app, [(f"/koulutuskalenteri/{course_id}/webinaari",
                            {"name": f"N{n}", "email": f"w{n}@example.com"}) for n in range(9)])
    statuses = sorted(status for _path, _email, status in outcomes)
    assert statuses == [200] * 5 + [400] * 4  # four were told it is full
    db = connect(app.config["DATABASE"])
    assert webinar_signups.count(db, course_id) == 5
