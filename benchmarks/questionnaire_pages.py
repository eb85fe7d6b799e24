"""Questionnaire pages under gunicorn (2 workers) against a bare Flask route, in one run.

Prints requests per second of the bare route and of each questionnaire page (GET), their
ratio, and complete walks per second (every page fetched and posted, then submitted).
Loopback only, bounded in time. Each walk comes from an address of its own (X-Forwarded-For
through the benchmarks' trusted proxy hop, benchmarks.common.BENCH_ENV): a walk is a new
respondent, and one address may start only DRAFT_START_LIMIT drafts an hour. A page that is not
saved stops the run with an error.

Run: .venv/bin/python benchmarks/questionnaire_pages.py [--seconds 8] [--rounds 3] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import socket
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import BENCH_ENV, start_gunicorn, user_address  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A minimal HTTP client (http.client, one cookie jar) so that the load generator spends as
    little of the machine's two cores as possible; gunicorn's sync workers close every connection.
    ``address``: the user's own address, sent as X-Forwarded-For (benchmarks.common.BENCH_ENV)."""

    def __init__(self, base: str, address: str | None = None):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.address = address

    def request(self, path: str, data=None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        location = response.headers.get("Location", "")
        connection.close()
        return response.status, location, text

    def get(self, path: str) -> str:
        status, location, text = self.request(path)
        assert status == 200, (path, status)
        return text

    def post(self, path: str, data) -> str:
        status, location, text = self.request(path, data)
        assert status == 302, (path, status, text[:500])
        return urllib.parse.urlsplit(location).path


def _count_gets(args):
    base, path, seconds = args
    client, n, end = Client(base), 0, time.monotonic() + seconds
    while time.monotonic() < end:
        client.get(path)
        n += 1
    return n


def _walks(args):
    base, seconds, seed = args
    from demo.formdata import page_formdata
    from demo.generate import generate
    from surveys import SurveyCatalog

    survey = SurveyCatalog.load().current("tp1")
    answers = [item.answers for item in generate(survey, count=50, seed=seed)]
    walks, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        client = Client(base, user_address(seed * 20_000 + walks))
        html = client.get("/")
        location = client.post("/analyysi/aloita", [("csrf_token", CSRF.search(html).group(1))])
        token_path = location.split("/sivu/")[0]
        for page in survey.pages:
            html = client.get(f"{token_path}/sivu/{page.id}")
            nav = "submit" if page is survey.pages[-1] else "next"
            data = page_formdata(page, answers[walks % len(answers)])
            location = client.post(f"{token_path}/sivu/{page.id}",
                                   data + [("csrf_token", CSRF.search(html).group(1)), ("nav", nav)])
        assert location.endswith("/valmis"), location
        client.get(location)
        walks += 1
    return walks


def rate(pool, clients, func, args, seconds) -> float:
    counts = pool.map(func, [args] * clients)
    return sum(counts) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3, help="repeat each measurement; medians are printed")
    parser.add_argument("--quick", action="store_true", help="two clients, one short round (CI: it still works)")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.clients, options.rounds = 0.5, 2, 1

    workdir = Path(tempfile.mkdtemp(prefix="digianalyysi-bench-"))
    port = free_port()
    server = start_gunicorn(str(workdir / "bench.db"), port, 2, "benchmarks.bench_app:bench_app()")
    base = f"http://127.0.0.1:{port}"
    try:
        client = Client(base)
        html = client.get("/")
        token_path = client.post("/analyysi/aloita", [("csrf_token", CSRF.search(html).group(1))]).split("/sivu/")[0]
        from surveys import SurveyCatalog

        survey = SurveyCatalog.load().current("tp1")
        with multiprocessing.Pool(options.clients) as pool:
            print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, gunicorn 2 sync workers, "
                  f"{options.clients} client processes, {options.rounds} rounds")
            print(f"configuration: {' '.join(f'{k}={v}' for k, v in BENCH_ENV.items())}, each walk from its own "
                  "address (X-Forwarded-For 198.18.0.0/15), the default draft limit")
            # Each round measures the bare route and then every page, so that a ratio compares
            # figures taken close together (a shared machine's speed drifts); medians of rounds.
            bare_rates, page_rates, ratios = [], {p.id: [] for p in survey.pages}, {p.id: [] for p in survey.pages}
            for _ in range(options.rounds):
                bare = rate(pool, options.clients, _count_gets, (base, "/_bench/bare", options.seconds / 2),
                            options.seconds / 2)
                bare_rates.append(bare)
                for page in survey.pages:
                    page_rate = rate(pool, options.clients, _count_gets,
                                     (base, f"{token_path}/sivu/{page.id}", options.seconds / 2), options.seconds / 2)
                    page_rates[page.id].append(page_rate)
                    ratios[page.id].append(page_rate / bare)
            print(f"bare Flask route: {statistics.median(bare_rates):8.1f} req/s (median)")
            for page in survey.pages:
                print(f"page {page.id:<26} {statistics.median(page_rates[page.id]):8.1f} req/s  "
                      f"{statistics.median(ratios[page.id]):6.1%} of bare (median of per-round ratios)")
            worst = min(statistics.median(r) for r in ratios.values())
            print(f"lowest page ratio: {worst:.1%} (target >= 25%)")
            walks = statistics.median(
                sum(pool.map(_walks,
                             [(base, options.seconds, seed) for seed in range(options.clients)])) / options.seconds
                for _ in range(options.rounds))
            print(f"complete walks: {walks:.1f} walks/s, {walks * (2 * len(survey.pages) + 3):.0f} req/s (target >= 20 "
                  f"walks/s)")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
