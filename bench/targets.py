"""The speed targets of "compile once, prove once", each as a ratio to the import floor
measured in the same run (median of N runs of each command):

* ``prg verify`` (all engines, fault budget 1): at most 6x the floor with a warm cache, 12x on
  a fresh clone (``fresh``: ``--no-cache``, the shipped certificates);
* ``prg verify --engine graph --fault-budget 2``: at most 20x;
* ``prg explain`` on a Table 2 pair: at most 4x;
* the search alone: at least 1.5 million joint states/s (every configuration group at fault
  budget 1, one process; the explorer's own count and clock);
* the search's peak memory at fault budget 2: at most 150 bytes per joint state (the default
  configuration's group, reading its compiled tables as ``prg verify`` does once the cache
  holds them, alone in a new process: ``bench/array_search.py``).

The floor is ``python -c "import z3, networkx, statemachine, graphviz"``. ``--only`` picks
targets (the fault budget 2 run takes minutes).

    python bench/targets.py [--runs 5] [--only verify,fresh,budget2,explain,search,memory]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from measure import FLOOR
from prg.model.explore import explore
from prg.model.load import load_spec
from prg.model.product import Pair, configuration_groups

PRG = str(Path(sys.executable).with_name("prg"))
#: Each command target: its prg arguments and the most it may take, in floors.
COMMANDS = {
    "verify": (["verify", "--format", "json"], 6.0),
    # As on a fresh clone: nothing compiled is kept, the shipped certificates are checked.
    "fresh": (["verify", "--no-cache", "--format", "json"], 12.0),
    # Its largest search holds 1,972,041 joint states, past the default limit.
    "budget2": (["verify", "--engine", "graph", "--fault-budget", "2", "--max-states",
                 "2100000", "--format", "json"], 20.0),
    "explain": (["explain", ("Failed Over with Critical Services Not Running/Critical Service "
                 "Down"), "Running in Backup Mode/Critical Service Down"], 4.0),
}
SEARCH_TARGET = 1_500_000
MEMORY_TARGET = 150


def wall(command: list[str]) -> float:
    """Seconds one run of ``command`` takes (exit 0 or 1: a verdict, not a failure)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed: {done.stderr.strip()}")
    return time.perf_counter() - start


def median(work: Callable[[], float], runs: int) -> float:
    return statistics.median(work() for _ in range(runs))


def search_rate(fault_budget: int = 1) -> tuple[int, float]:
    """Joint states searched and the explorer's seconds, every group of the bundled spec."""
    spec = load_spec()
    states, seconds = 0, 0.0
    for group in configuration_groups(spec):
        pair = Pair(spec, group[0], fault_budget)
        graph = explore(pair, [pair.initial_for(config) for config in group])
        states += len(graph.states)
        seconds += graph.seconds
    return states, seconds


def search_peak(fault_budget: int = 2) -> float:
    """Peak resident bytes per joint state of the search of the default configuration's
    group, reading compiled tables (a first run fills the cache where it does not hold
    them)."""
    command = [sys.executable, str(Path(__file__).with_name("array_search.py")), "--child",
               "2", "--fault-budget", str(fault_budget), "--max-states", "2100000"]
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    before, after, states = map(int, done.stdout.split())
    return (after - before) / states


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join([*COMMANDS, "search", "memory"]))
    args = parser.parse_args()
    chosen = args.only.split(",")
    floor = median(lambda: wall(FLOOR), args.runs)
    print(f"import floor   {floor:8.3f} s (median of {args.runs})")
    for name, (arguments, target) in COMMANDS.items():
        if name in chosen:
            seconds = median(lambda arguments=arguments: wall([PRG, *arguments]), args.runs)
            verdict = "met" if seconds <= target * floor else "missed"
            print(f"{name:<14} {seconds:8.3f} s, {seconds / floor:6.1f}x the floor "
                  f"(target <= {target:g}x: {verdict})")
    if "search" in chosen:
        runs = [search_rate() for _ in range(args.runs)]
        states = runs[0][0]
        seconds = statistics.median(s for _, s in runs)
        rate = states / seconds
        print(f"search         {states:,} joint states in {seconds:.3f} s, {rate:,.0f} joint "
              f"states/s (target >= {SEARCH_TARGET:,}: "
              f"{'met' if rate >= SEARCH_TARGET else 'missed'})")
    if "memory" in chosen:
        peak = search_peak()
        print(f"memory         search peak {peak:.0f} bytes per joint state at fault budget 2 "
              f"(target <= {MEMORY_TARGET}: {'met' if peak <= MEMORY_TARGET else 'missed'})")


if __name__ == "__main__":
    main()
