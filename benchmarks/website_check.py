"""Website quick check: one check of a local fixture site (median, against a bare httpx GET of
the same page in the same run), then a batch over 1 000 local fixture sites with the bounded
concurrency `flask website-check --all` uses; peak memory of the process.

Run: .venv/bin/python benchmarks/website_check.py [--sites 1000] [--workers 8] [--quick]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import median_ms  # noqa: E402

PAGES = ROOT / "tests" / "website_pages"


def serve():
    home = (PAGES / "good.html").read_bytes()
    contact = (PAGES / "contact.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            body = contact if self.path.endswith("/yhteystiedot") else home
            body = body.replace(b'href="/yhteystiedot"', f'href="{self.path.rstrip("/")}/yhteystiedot"'.encode())
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="3 checks, 16 sites (CI: the script still works)")
    options = parser.parse_args()
    if options.quick:
        options.repeat, options.sites = 3, 16

    import httpx

    from websitecheck import fingerprints, service, site
    from websitecheck.fetch import Fetcher

    server = serve()
    port = server.server_port
    config = {"WEBSITE_CHECK_ALLOWED_HOSTS": [f"127.0.0.1:{port}"], "WEBSITE_CHECK_TIMEOUT": 15}
    url = f"http://127.0.0.1:{port}/s/0/"
    started = time.perf_counter()
    fingerprints.dataset_version()
    print(f"fingerprint dataset loaded once per process: {(time.perf_counter() - started) * 1000:.0f} ms")

    bare = median_ms(lambda: httpx.get(url, trust_env=False), options.repeat)
    one = median_ms(lambda: site.check(url, Fetcher(allowed_hosts=(f"127.0.0.1:{port}",))), options.repeat)
    print(f"bare GET of the page: {bare:.1f} ms (median of {options.repeat})")
    print(f"one check (home + contact page + http probe, parse, fingerprints): {one:.1f} ms "
          f"= {one / bare:.0f}x the bare GET")

    urls = [f"http://127.0.0.1:{port}/s/{i}/" for i in range(options.sites)]
    before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    started = time.perf_counter()
    outcomes = service.run_many(config, urls, options.workers)
    took = time.perf_counter() - started
    after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    # CPU of this process (the scheduler and the fixture server's threads) and of the check
    # processes (counted once they have ended, as they have when run_many returns)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
    ok = sum(1 for o in outcomes if o.ok)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"--all over {options.sites} sites with {options.workers} concurrent checks: {took:.1f} s "
          f"({took / options.sites * 1000:.0f} ms per site, {options.sites / took:.1f} sites/s), {ok} ran; "
          f"peak memory {peak:.0f} MB (largest check process {child:.0f} MB, pages shared with it included)")
    cores = len(os.sched_getaffinity(0))
    print(f"CPU per site (checks, scheduling and the fixture server together): {cpu / options.sites * 1000:.1f} ms "
          f"= {cores / (cpu / options.sites):.1f} sites/s on {cores} cores with nothing else running; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    server.shutdown()
    if ok < options.sites:
        sys.exit(f"FAILED: {options.sites - ok} of {options.sites} checks did not run")


if __name__ == "__main__":
    main()
