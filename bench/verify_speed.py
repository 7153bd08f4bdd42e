"""Time `prg verify --format json` against the import floor, in the same run.

The import floor is `python -c "import z3, networkx, statemachine, graphviz"`: what any run of
prg pays before it does anything. Prints the median of N runs of each, their ratio, the size of
the model, the explorer's joint states per second and the peak memory of a verify run.
Targets: verify <= 2x the import floor; >= 300 k joint states/s in the explorer.

    python bench/verify_speed.py [--runs 5] [--fault-budget 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from measure import FLOOR


def timed(command: list[str]) -> tuple[float, str, int]:
    """Wall seconds, standard output, and peak resident memory (KiB) of one run."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed: {done.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, done.stdout, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fault-budget", type=int, default=1)
    args = parser.parse_args()
    prg = str(Path(sys.executable).with_name("prg"))
    verify = [prg, "verify", "--engine", "graph", "--format", "json",
              "--fault-budget", str(args.fault_budget)]
    floors, verifies, peak, report = [], [], 0, {}
    for _ in range(args.runs):
        floors.append(timed(FLOOR)[0])
        seconds, output, peak = timed(verify)
        verifies.append(seconds)
        report = json.loads(output)
    floor, total = statistics.median(floors), statistics.median(verifies)
    model = report["model"]
    print(f"import floor     {floor:8.3f} s (median of {args.runs})")
    print(f"prg verify       {total:8.3f} s (median of {args.runs}), "
          f"{total / floor:.1f}x the floor (target <= 2x)")
    print(f"model            {model['configurations']} configurations, fault budget "
          f"{model['fault_budget']}, {model['joint_states']:,} joint states and "
          f"{model['transitions']:,} transitions over all configurations")
    rate = model["explored_states"] / model["explore_seconds"]
    print(f"explorer         {model['explored_states']:,} distinct joint states searched in "
          f"{model['explore_seconds']:.3f} s (summed over processes), {rate:,.0f} joint states/s "
          "(target >= 300,000)")
    print(f"peak memory      {peak / 1024:,.0f} MiB (largest verify run)")


if __name__ == "__main__":
    main()
