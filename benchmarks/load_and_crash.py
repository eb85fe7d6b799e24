"""Load and crash safety against gunicorn on loopback (bounded in count and time).

1. load: N concurrent simulated entrepreneurs each walk the whole questionnaire and submit;
   prints errors, "database is locked" answers and page latency percentiles.
2. kill: the same load while one worker is killed with SIGKILL every few seconds; clients retry
   a request whose connection broke, as a browser user would. Afterwards every submission that
   got a confirmation page must be in the database exactly once, every acknowledged draft page
   must be stored, and the database must pass PRAGMA integrity_check.

Each simulated user comes from an address of its own (X-Forwarded-For through the benchmarks'
one trusted proxy hop, benchmarks.common.BENCH_ENV), so the production limits hold as they would
for real users: at most DRAFT_START_LIMIT (40) new drafts per address and hour. A walk that is
refused (any page not saved, e.g. HTTP 429) or does not end at its confirmation makes the run
fail (exit status 1) after the figures are printed.

Run: .venv/bin/python benchmarks/load_and_crash.py [--users 200] [--workers 3] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import BENCH_ENV, start_gunicorn, user_address  # noqa: E402
from benchmarks.questionnaire_pages import CSRF, Client, free_port  # noqa: E402


def walker(args):
    """One process running ``threads`` entrepreneurs; returns their records."""
    base, threads, seed, rounds, first_user = args
    from demo.formdata import page_formdata
    from demo.generate import generate
    from surveys import SurveyCatalog

    survey = SurveyCatalog.load().current("tp1")
    people = generate(survey, count=threads * rounds, seed=seed)
    results = []

    def request(client, path, data=None, record=None):
        for attempt in range(20):
            start = time.perf_counter()
            try:
                status, location, text = client.request(path, data)
            except (OSError, http.client.HTTPException):  # the worker died mid-request: retry
                record["retries"] += 1
                time.sleep(0.2)
                continue
            record["latencies"].append(time.perf_counter() - start)
            record["refused"] += status == 429
            if status >= 500 or "database is locked" in text:
                record["errors"] += 1
                record["locked"] += "database is locked" in text
                time.sleep(0.2)
                continue
            return status, location, text
        raise RuntimeError(f"gave up on {path}")

    def walk(person, address):
        record = {"latencies": [], "errors": 0, "locked": 0, "retries": 0, "refused": 0, "acknowledged": [],
                  "confirmed": False, "token": None, "business_id": person.answers["business_id"]}
        try:
            client = Client(base, address)
            _, _, html = request(client, "/", record=record)
            _, location, _ = request(client, "/analyysi/aloita", [("csrf_token", CSRF.search(html).group(1))], record)
            token = re.search(r"/a/([^/]+)/", location).group(1)
            record["token"] = token
            for page in survey.pages:
                _, _, html = request(client, f"/a/{token}/sivu/{page.id}", record=record)
                nav = "submit" if page is survey.pages[-1] else "next"
                data = page_formdata(page, person.answers) + [("csrf_token", CSRF.search(html).group(1)), ("nav", nav)]
                status, location, _ = request(client, f"/a/{token}/sivu/{page.id}", data, record)
                if status != 302:
                    raise RuntimeError(f"page {page.id} was not saved: HTTP {status}")
                record["acknowledged"].append(page.id)
            status, _, text = request(client, urlpath(location), record=record)
            record["confirmed"] = status == 200 and ("Kiitos" in text or "Thank you" in text)
        except Exception as exc:  # noqa: BLE001 - counted, never hidden
            record["failure"] = repr(exc)
        results.append(record)

    def walks(group, address):
        for person in group:
            walk(person, address)

    pool = [threading.Thread(target=walks, args=(people[n::threads], user_address(first_user + n)))
            for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(300)
    return results


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers), read from /proc (no pgrep)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def urlpath(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location)


def run(users: int, workers: int, kill: bool, rounds: int, kill_every: float = 2.0, max_kills: int = 10**6) -> bool:
    """One phase; prints its figures and returns whether every walk was stored as it should."""
    from storage.responses import hash_token

    db = str(Path(tempfile.mkdtemp(prefix="digianalyysi-load-")) / "load.db")
    port = free_port()
    server = start_gunicorn(db, port, workers)
    stop = threading.Event()
    kills = []

    def killer():
        while not stop.wait(kill_every) and len(kills) < max_kills:
            workers = children(server.pid)
            if workers:
                victim = random.choice(workers)
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)

    thread = threading.Thread(target=killer, daemon=True)
    if kill:
        thread.start()
    processes = min(8, users)
    start = time.perf_counter()
    with multiprocessing.Pool(processes) as pool:
        batches = pool.map(walker, [(f"http://127.0.0.1:{port}", users // processes, 1000 + n, rounds,
                                     n * (users // processes)) for n in range(processes)])
    elapsed = time.perf_counter() - start
    stop.set()
    server.terminate()
    server.wait(20)
    records = [r for batch in batches for r in batch]
    latencies = sorted(x for r in records for x in r["latencies"])
    conn = sqlite3.connect(db)
    confirmed = [r for r in records if r["confirmed"]]
    stored = lost = duplicates = drafts_lost = 0
    for r in records:
        if not r["token"]:
            continue
        row = conn.execute("SELECT status, answers, last_page FROM responses WHERE token_hash = ?",
                           [hash_token(r["token"])]).fetchone()
        if r["confirmed"]:
            if row and row[0] == "submitted":
                stored += 1
            else:
                lost += 1
        elif r["acknowledged"]:
            answers = json.loads(row[1]) if row else {}
            if not row or answers.get("business_id") != r["business_id"]:
                drafts_lost += 1
    for (n,) in conn.execute("SELECT count(*) FROM responses r JOIN companies c ON c.id = r.company_id "
                             "WHERE r.status = 'submitted' GROUP BY c.business_id HAVING count(*) > 1"):
        duplicates += n - 1
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    label = "kill" if kill else "load"
    print(f"[{label}] users {users} at once, {rounds} walk(s) each, gunicorn workers {workers}, {elapsed:.1f} s"
          + (f", workers killed {len(kills)}" if kill else ""))
    print(f"[{label}] requests {len(latencies)}, server errors {sum(r['errors'] for r in records)}, "
          f"'database is locked' {sum(r['locked'] for r in records)}, connection retries "
          f"{sum(r['retries'] for r in records)}, "
          f"client failures {sum(1 for r in records if 'failure' in r)}")
    for failure in [r["failure"] for r in records if "failure" in r][:3]:
        print(f"[{label}] client failure: {failure}")
    print(f"[{label}] page latency p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms")
    print(f"[{label}] sent {len(records)}, confirmed {len(confirmed)}, stored {stored}, duplicates {duplicates}, "
          f"lost {lost}, acknowledged drafts lost {drafts_lost}, integrity_check {integrity}")
    problems = verdict(records, lost=lost, duplicates=duplicates, drafts_lost=drafts_lost, integrity=integrity)
    problems += ["no worker was killed"] if kill and not kills else []
    if problems:
        print(f"[{label}] FAILED: " + "; ".join(problems))
    return not problems


def verdict(records: list, lost: int, duplicates: int, drafts_lost: int, integrity: str) -> list[str]:
    """What went wrong in a phase (nothing: every walk confirmed and stored once)."""
    unconfirmed = sum(1 for r in records if not r["confirmed"])
    refused = sum(r["refused"] for r in records)
    problems = [f"{unconfirmed} of {len(records)} walks not confirmed"] if unconfirmed else []
    problems += [f"{refused} requests refused (HTTP 429)"] if refused else []
    problems += [f"{n} {what}" for n, what in [(lost, "confirmed submissions lost"), (duplicates, "duplicates"),
                                               (drafts_lost, "acknowledged drafts lost")] if n]
    return problems + ([f"integrity_check {integrity}"] if integrity != "ok" else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=4, help="walks per simulated user in the kill phase")
    parser.add_argument("--kill-every", type=float, default=2.0, help="seconds between SIGKILLs in the kill phase")
    parser.add_argument("--max-kills", type=int, default=10**6)
    parser.add_argument("--quick", action="store_true", help="4 users, 2 workers, 2 walks, 2 kills 0.5 s apart")
    options = parser.parse_args()
    if options.quick:
        options.users, options.workers, options.rounds, options.kill_every, options.max_kills = 4, 2, 2, 0.5, 2
    from web.config import Defaults

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"configuration: {' '.join(f'{k}={v}' for k, v in BENCH_ENV.items())}, each simulated user from its own "
          f"address (X-Forwarded-For 198.18.0.0/15); DRAFT_START_LIMIT {Defaults.DRAFT_START_LIMIT} new drafts per "
          f"address per {Defaults.DRAFT_START_WINDOW} s (the default)")
    ok = run(options.users, options.workers, kill=False, rounds=1)
    ok = run(options.users, options.workers, kill=True, rounds=options.rounds, kill_every=options.kill_every,
             max_kills=options.max_kills) and ok
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
