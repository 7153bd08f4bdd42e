"""What the benchmarks share: the import floor that every run of prg pays before it does
anything, the median time of repeated work, and work in a process of its own."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

Result = TypeVar("Result")

FLOOR = [sys.executable, "-c", "import z3, networkx, statemachine, graphviz"]


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_own_process(work: Callable[[], Result]) -> Result:
    """``work`` in a process forked from this one. Z3 is slower in a context that already
    holds the terms of earlier work (Spacer took 6 s alone, 25 s after two minutes of BMC):
    each measurement starts from the same context."""
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        return pool.submit(work).result()
