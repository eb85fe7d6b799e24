"""What the benchmark scripts share."""

from __future__ import annotations

import statistics
import time


def median_ms(func, repeat: int) -> float:
    """Median wall time of ``func()`` in milliseconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def median_wall_cpu_ms(func, repeat: int, before=None) -> tuple[float, float]:
    """Medians of wall time and of this process's CPU time of ``func()`` in milliseconds; the CPU
    time is what another helper's load on the shared cores disturbs least. ``before()`` runs
    untimed before each run."""
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


# Simulated users come from their own addresses: the benchmarks' gunicorn trusts one proxy hop
# (PROXY_COUNT=1) and each user sends X-Forwarded-For from the benchmarking range 198.18.0.0/15
# (RFC 2544), so per-address limits (new drafts, logins) apply per user as in production instead
# of all users sharing 127.0.0.1.
BENCH_ENV = {"DIGIANALYYSI_PROXY_COUNT": "1"}


def user_address(n: int) -> str:
    """The n-th simulated user's address (198.18.0.1 ...), distinct for n < 131 000."""
    n += 1
    return f"198.{18 + n // 65536}.{n // 256 % 256}.{n % 256}"


def start_gunicorn(db: str, port: int, workers: int, app: str = "app:create_app()", env: dict | None = None):
    """gunicorn on loopback with a local-deployment configuration behind one (simulated) proxy
    (BENCH_ENV, plus ``env``); returns once it answers."""
    import http.client
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "benchmark-" + "x" * 32, "DIGIANALYYSI_DATABASE": db,
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "DIGIANALYYSI_AUTO_MIGRATE": "true", "PYTHONPATH": str(root), **BENCH_ENV, **(env or {})}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config",
                               str(root / "benchmarks" / "gunicorn_bench.py"),
                               "--workers", str(workers), "--timeout", "30", "--bind", f"127.0.0.1:{port}", app],
                              cwd=root, env=env)
    for _ in range(600):  # until a worker answers the health check (not only the master's socket)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/terveys")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")
