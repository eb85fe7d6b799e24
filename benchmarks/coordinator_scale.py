"""Coordinator pages at scale: dashboard, CSV and XLSX exports, aggregate PDF, at 10 000 and
100 000 stored responses (demo generator scaled up, half of the companies with an answered
follow-up, so the dashboard and the PDF include the measured change), with the worker's peak
memory; and the follow-up round's per-company export.

Each size runs in a fresh process (so the peak memory is the worker's, not the generator's).
Run: .venv/bin/python benchmarks/coordinator_scale.py [--sizes 10000 100000] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generate(path: str, size: int) -> None:
    os.environ.update({"DIGIANALYYSI_SECRET_KEY": "bench", "DIGIANALYYSI_DATABASE": path,
                       "DIGIANALYYSI_DEPLOYMENT": "local", "DIGIANALYYSI_AUTO_MIGRATE": "true"})
    from app import create_app

    app = create_app()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--companies", str(size), "--drafts", "0", "--followup-share", "0.5"])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["users", "create", "bench@example.fi", "--name", "Bench", "--role", "coordinator",
                        "--password", "benchmark-password"])


def measure(path: str, size: int) -> dict:
    os.environ.update({"DIGIANALYYSI_SECRET_KEY": "bench", "DIGIANALYYSI_DATABASE": path,
                       "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "DIGIANALYYSI_AUTO_MIGRATE": "true"})
    from app import create_app

    app = create_app()
    client = app.test_client()
    page = client.get("/kirjaudu").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/kirjaudu", data={"csrf_token": token, "email": "bench@example.fi", "password": "benchmark-password"})

    def timed(url, repeat=5):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    start = time.perf_counter()
    client.get("/koordinaattori/")
    results = {"size": size, "dashboard_first_s": time.perf_counter() - start}
    results["dashboard_s"] = timed("/koordinaattori/")
    results["dashboard_filtered_s"] = timed("/koordinaattori/?municipality=491&size=2-4")
    if size <= 10000:
        results["csv_s"] = timed("/koordinaattori/vienti.csv?yhteystiedot=1", 3)
        results["xlsx_s"] = timed("/koordinaattori/vienti.xlsx?yhteystiedot=1", 1)
    results["pdf_s"] = timed("/koordinaattori/raportti.pdf?julkaisu=1", 3)
    results["followup_csv_s"] = timed("/koordinaattori/seuranta/1/tulokset.csv", 3)
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--step", choices=["generate", "measure"])
    parser.add_argument("--db")
    parser.add_argument("--size", type=int)
    parser.add_argument("--quick", action="store_true", help="100 responses only (CI: the script still works)")
    options = parser.parse_args()
    if options.quick:
        options.sizes = [100]
    if options.step == "generate":
        generate(options.db, options.size)
        return
    if options.step == "measure":
        print(json.dumps(measure(options.db, options.size)))
        return
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for size in options.sizes:
        db = str(Path(tempfile.mkdtemp(prefix="digianalyysi-coord-")) / "bench.db")
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--step", "generate", "--db", db, "--size", str(size)], check=True)
        generated = time.perf_counter() - start
        out = subprocess.run([sys.executable, __file__, "--step", "measure", "--db", db, "--size", str(size)],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        line = (f"{size:>7} responses: dashboard {r['dashboard_s'] * 1000:6.0f} ms (filtered "
                f"{r['dashboard_filtered_s'] * 1000:.0f} ms,"
                f" first after a change {r['dashboard_first_s'] * 1000:.0f} ms) | aggregate PDF {r['pdf_s']:.2f} s")
        if "csv_s" in r:
            line += f" | CSV {r['csv_s']:.2f} s | XLSX {r['xlsx_s']:.2f} s"
        line += f" | follow-up CSV {r['followup_csv_s']:.2f} s"
        print(line + f" | peak memory {r['peak_rss_mb']:.0f} MB | data generated in {generated:.0f} s")


if __name__ == "__main__":
    main()
