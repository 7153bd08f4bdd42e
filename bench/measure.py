"""What the benchmarks share: the import floor that every run of prg pays before it does
anything, and the median time of repeated work."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

FLOOR = [sys.executable, "-c", "import z3, networkx, statemachine, graphviz"]


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

