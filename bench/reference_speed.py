"""Time the reference commands as a UC engineer runs them: `prg explain` (a documented pair,
and a pair the model never shows, which searches every configuration), `prg replay` of a short
history, `prg simulate` of a manual failover, and `prg diff` of one option. Median of N runs
each (wall and processor seconds), with the import floor (`python -c "import z3, networkx, statemachine, graphviz"`) for
scale.

    python bench/reference_speed.py [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import FLOOR

HISTORY = """time,node1_state,node1_reason,node2_state,node2_reason
2026-11-20T10:00:00Z,Normal,Normal,Normal,Normal
2026-11-20T10:01:30Z,Failed Over with Critical Services Not Running,Critical Service Down,Running in Backup Mode,Critical Service Down
2026-11-20T10:05:00Z,Failed Over,Initialization,Running in Backup Mode,Critical Service Down
2026-11-20T10:06:00Z,Normal,Normal,Normal,Normal
"""


def seconds(command: list[str]) -> tuple[float, float]:
    """Wall seconds and processor seconds (user and system) of one run: on a shared machine
    the second is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command)} failed: {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    prg = str(Path(sys.executable).with_name("prg"))
    with tempfile.TemporaryDirectory() as folder:
        history = Path(folder) / "history.csv"
        history.write_text(HISTORY, encoding="utf-8")
        commands = {
            "import floor": FLOOR,
            "explain row 11": [prg, "explain", "Failed Over/Initialization",
                               "Running in Backup Mode/Critical Service Down"],
            "explain unreachable": [prg, "explain", "Idle/Peer Down",
                                    "Running in Backup Mode/Peer Down"],
            "replay 4 lines": [prg, "replay", str(history)],
            "simulate 2 events": [prg, "simulate", "failover@1", "takeover complete@2"],
            "diff one option": [prg, "diff", "--set", "automatic_fallback=on"],
        }
        for name, command in commands.items():
            runs = [seconds(command) for _ in range(args.runs)]
            wall = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[1] for run in runs)
            print(f"{name:<22} {wall:8.3f} s wall, {cpu:8.3f} s processor "
                  f"(medians of {args.runs})")


if __name__ == "__main__":
    main()
