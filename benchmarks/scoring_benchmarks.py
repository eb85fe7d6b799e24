"""Time to score one response, and to benchmark it against 1 000, 10 000 and 100 000 stored
responses (demo generator scaled up). Prints medians; the 100 000 case must stay <= 50 ms.

Run: .venv/bin/python benchmarks/scoring_benchmarks.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import median_ms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=50)
    options = parser.parse_args()

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
        migrate(path)
        db = connect(path)
        start = time.perf_counter()
        items = generate(survey, count=size, seed=size)
        demo_store.load_responses(db, survey, items, lambda answers: score_row(survey, method, answers))
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
              f"target <= 50 ms) | peer table rebuilt after a change {build_ms:7.1f} ms | data generated in "
              f"{load_s:5.1f} s")
        db.close()


if __name__ == "__main__":
    main()
