"""Time to score one response, to benchmark it against 1 000, 10 000 and 100 000 stored
responses (demo generator scaled up), and the first results page after a new submission.
Prints medians; at 100 000 stored one benchmark must stay <= 50 ms and the first results view
after a submission <= 100 ms.

The first results view is measured through the application (Flask test client): a respondent
walks the questionnaire and submits, then the results page is fetched; its peers are brought up
to date from the change, as any worker does. For comparison the same view is timed once with the
peers rebuilt from scratch (what every worker did before).

Run: .venv/bin/python benchmarks/scoring_benchmarks.py [--sizes 1000 10000 100000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import median_ms  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def submit(client, survey, answers: dict) -> str:
    """Walk the questionnaire with ``answers`` and submit; returns the private token."""
    from werkzeug.datastructures import MultiDict

    from demo.formdata import page_formdata

    html = client.get("/").get_data(as_text=True)
    location = client.post("/analyysi/aloita", data={"csrf_token": CSRF.search(html).group(1)}).location
    token = re.search(r"/a/([^/]+)/sivu/", location).group(1)
    for page in survey.pages:
        html = client.get(f"/a/{token}/sivu/{page.id}").get_data(as_text=True)
        nav = "submit" if page is survey.pages[-1] else "next"
        data = page_formdata(page, answers) + [("csrf_token", CSRF.search(html).group(1)), ("nav", nav)]
        response = client.post(f"/a/{token}/sivu/{page.id}", data=MultiDict(data))
        assert response.status_code == 302, (page.id, response.status_code)
    assert response.location.endswith("/valmis"), response.location
    return token


def first_results_views(path: Path, survey, repeat: int) -> tuple[list[float], float]:
    """Milliseconds of the results page right after each of ``repeat`` new submissions, and of
    one view with the peers rebuilt from scratch (same run, for comparison)."""
    from app import create_app
    from demo.generate import generate
    from storage import scores as score_store
    from storage.db import connect

    app = create_app({"SECRET_KEY": "benchmark-" + "x" * 32, "DATABASE": str(path), "TESTING": True,
                      "SESSION_COOKIE_SECURE": False, "DRAFT_START_LIMIT": 10_000})
    known = {row[0] for row in connect(path).conn.execute("SELECT business_id FROM companies")}
    newcomers = [item.answers for item in generate(survey, count=repeat + 50, seed=4242)
                 if item.answers["business_id"] not in known][:repeat + 1]
    client = app.test_client()

    def view(token: str) -> float:
        start = time.perf_counter()
        response = client.get(f"/a/{token}/tulokset")
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200 and "tulokset" in response.get_data(as_text=True).lower()
        return elapsed

    token = submit(client, survey, newcomers[0])
    view(token)  # the peers are loaded once per process
    first = []
    for answers in newcomers[1:]:
        token = submit(client, survey, answers)
        first.append(view(token))
    score_store._peers = score_store.PeerCache()  # forget the peers: the next view rebuilds them
    rebuilt = view(token)
    return first, rebuilt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--views", type=int, default=7, help="submissions, each followed by its first results view")
    parser.add_argument("--quick", action="store_true", help="one small size, few repeats (CI: the script still works)")
    parser.add_argument("--keep", help="keep the generated databases in this folder and start from them next time")
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.repeat, options.views = [200], 3, 2

    from demo.generate import generate
    from questionnaire.flow import score_row
    from scoring import benchmark, metric_names, metrics_of, own_groups, score
    from storage import demo as demo_store
    from storage import scores as score_store
    from storage.db import connect, migrate
    from surveys import SurveyCatalog

    catalog = SurveyCatalog.load()
    survey = catalog.current("tp1")
    method = catalog.method(survey)
    probe = generate(survey, count=1, seed=99)[0].answers
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"score one response: {median_ms(lambda: score(survey, method, probe), 2000) * 1000:.0f} µs (median)")

    metrics = metric_names(survey)
    for size in options.sizes:
        path = Path(tempfile.mkdtemp(prefix="digianalyysi-scoring-")) / "bench.db"
        kept = Path(options.keep) / f"scoring-{size}.db" if options.keep else None
        start = time.perf_counter()
        if kept and kept.exists():
            shutil.copyfile(kept, path)  # the measurement adds analyses: never to the kept copy
            db = connect(path)
        else:
            migrate(path)
            db = connect(path)
            items = generate(survey, count=size, seed=size)
            demo_store.load_responses(db, survey, items, lambda answers: score_row(survey, method, answers))
            if kept:
                kept.parent.mkdir(parents=True, exist_ok=True)
                db.conn.execute("VACUUM INTO ?", [str(kept)])
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        table = score_store.peer_table(db, str(path), survey.id, survey.version, metrics)
        build_ms = (time.perf_counter() - start) * 1000
        own = score(survey, method, probe)
        groups = own_groups(survey, method, probe)

        def per_request():
            peers = score_store.peer_table(db, str(path), survey.id, survey.version, metrics)
            return benchmark(peers, None, metrics_of(own), groups, method.min_peers)

        per_request()
        ms = median_ms(per_request, options.repeat)
        assert len(table) == size
        print(f"{size:>7} stored: benchmark one response {ms:6.2f} ms (median of {options.repeat}; "
              f"target <= 50 ms) | peer table built from scratch {build_ms:7.1f} ms | data generated in "
              f"{load_s:5.1f} s")
        db.close()
        first, rebuilt = first_results_views(path, survey, options.views)
        print(f"first results view after a submission, {size} stored: {statistics.median(first):.0f} ms "
              f"(median of {len(first)}, slowest {max(first):.0f} ms; target <= 100 ms at 100000) | the same view "
              f"with the peers rebuilt from scratch: {rebuilt:.0f} ms")


if __name__ == "__main__":
    main()
