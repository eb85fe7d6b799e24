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


def start_gunicorn(db: str, port: int, workers: int, app: str = "app:create_app()"):
    """gunicorn on loopback with a local-deployment configuration; returns once it answers."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "benchmark-" + "x" * 32, "DIGIANALYYSI_DATABASE": db,
           "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false", "DIGIANALYYSI_DEPLOYMENT": "local",
           "DIGIANALYYSI_AUTO_MIGRATE": "true", "PYTHONPATH": str(root)}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config",
                               str(root / "benchmarks" / "gunicorn_bench.py"),
                               "--workers", str(workers), "--timeout", "30", "--bind", f"127.0.0.1:{port}", app],
                              cwd=root, env=env)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")
