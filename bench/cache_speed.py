"""What the cache of compiled tables saves: each configuration group searched with its steps
worked out from the rules (cold: the tables written) and read from the cache (warm), in this
process; then ``prg explain`` of a Table 2 pair and ``prg verify --engine graph`` with an empty
cache and with a full one. The cold and warm runs alternate, each in a cache directory of its
own under a temporary folder, so that a machine whose speed drifts slows both alike.

    python bench/cache_speed.py [--runs 3] [--fault-budget 1] [--verify-runs 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from prg.model.cache import TABLES, caching
from prg.model.explore import explore
from prg.model.load import load_spec
from prg.model.product import Pair, configuration_groups

#: Table 2's row 11, as bench/reference_speed.py explains it.
ROW_11 = ("Failed Over/Initialization", "Running in Backup Mode/Critical Service Down")


def searches(fault_budget: int) -> tuple[float, int]:
    """Seconds of every group's search, summed, and the joint states they found."""
    spec = load_spec()
    seconds = 0.0
    states = 0
    for group in configuration_groups(spec):
        pair = Pair(spec, group[0], fault_budget)
        start = time.perf_counter()
        graph = explore(pair, [pair.initial_for(config) for config in group])
        seconds += time.perf_counter() - start
        states += len(graph.states)
    return seconds, states


def in_cache(folder: Path, *command: str) -> float:
    """Wall seconds of ``command`` with ``folder`` as the cache directory."""
    start = time.perf_counter()
    subprocess.run(command, env={**os.environ, "XDG_CACHE_HOME": str(folder)},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def cold_and_warm(root: Path, runs: int, *command: str) -> tuple[list[float], list[float]]:
    """``runs`` cold runs (an empty cache each) and warm runs, alternating; the first cold
    run fills the cache the warm runs read."""
    cold, warm = [], []
    full = root / "full"
    for run in range(runs):
        empty = full if run == 0 else root / f"empty-{run}"
        cold.append(in_cache(empty, *command))
        warm.append(in_cache(full, *command))
        if empty != full:
            shutil.rmtree(empty, ignore_errors=True)
    return cold, warm


def shown(times: list[float]) -> str:
    return f"{statistics.median(times):7.2f} s (median of {len(times)}: " + ", ".join(
        f"{t:.2f}" for t in times) + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verify-runs", type=int, default=1)
    parser.add_argument("--fault-budget", type=int, default=1)
    args = parser.parse_args()
    prg = str(Path(sys.executable).with_name("prg"))
    budget = str(args.fault_budget)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        os.environ["XDG_CACHE_HOME"] = str(root / "searches")
        cold, warm = [], []
        for _ in range(args.runs):
            with caching(True):
                seconds, states = searches(args.fault_budget)
                cold.append(seconds)
                warm.append(searches(args.fault_budget)[0])
            shutil.rmtree(root / "searches")
        groups = len(configuration_groups(load_spec()))
        print(f"every group's search, fault budget {budget}, one process: {groups} groups, "
              f"{states:,} joint states")
        print(f"  cold (steps from the rules, tables written)  {shown(cold)}")
        print(f"  warm (steps from the tables)                 {shown(warm)}")
        explained = cold_and_warm(root / "explain", args.runs, prg, "explain", *ROW_11,
                                  "--fault-budget", budget, "--quiet")
        tables = sorted((root / "explain" / "full" / "prg" / TABLES).glob("*"))
        print(f"prg explain (row 11), fault budget {budget}: {len(tables)} tables, "
              f"{sum(t.stat().st_size for t in tables):,} bytes")
        print(f"  cold  {shown(explained[0])}")
        print(f"  warm  {shown(explained[1])}")
        verified = cold_and_warm(root / "verify", args.verify_runs, prg, "verify", "--engine",
                                 "graph", "--fault-budget", budget, "--format", "json",
                                 "--quiet")
        tables = sorted((root / "verify" / "full" / "prg" / TABLES).glob("*"))
        print(f"prg verify --engine graph, fault budget {budget}: {len(tables)} tables, "
              f"{sum(t.stat().st_size for t in tables):,} bytes")
        print(f"  cold  {shown(verified[0])}")
        print(f"  warm  {shown(verified[1])}")


if __name__ == "__main__":
    main()
