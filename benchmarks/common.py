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
