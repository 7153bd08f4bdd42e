"""The Z3 engine's encoding of the pair, built from the rules (cold) and read from the cache
(warm): per transition system that ``prg verify`` uses, the time to have its ``trans``; then
the two tasks of the Z3 engine in a ``prg verify`` run (the certificate checks, the rows'
witnesses by BMC), each in a new process, cold and warm, in processor seconds of the process
and of what it forks (the encoding is built in a forked process).

    python bench/encoding_speed.py [--runs 3] [--fault-budget 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

TASK = """
import resource, sys
from prg.model.load import load_spec
from prg.verify.checks.certificates import certificates_folder
from prg.verify.report import ROW_DEPTH, row_witnesses, symbolic_proofs

def spent():
    own, forked = (resource.getrusage(who) for who in
                   (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + forked.ru_utime + forked.ru_stime

spec = load_spec()
budget = int(sys.argv[2])
start = spent()
if sys.argv[1] == "certificate checks":
    symbolic_proofs(spec, budget, str(certificates_folder(spec.path)))
else:
    row_witnesses(spec, budget, ROW_DEPTH)
print(spent() - start)
"""

SYSTEMS = """
import sys, time
from prg.model.load import load_spec
from prg.model.symbolic import SymbolicPair
spec = load_spec()
start = time.perf_counter()
symbolic = SymbolicPair(spec, int(sys.argv[2]), users=sys.argv[1])
symbolic.trans(symbolic.system.frame("a"), symbolic.system.frame("b"))
print(time.perf_counter() - start)
"""


def run(code: str, cache: str, *args: str) -> float:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True, env=os.environ | {"XDG_CACHE_HOME": cache})
    return float(done.stdout.split()[-1])


def cold_and_warm(code: str, runs: int, *args: str) -> tuple[float, float]:
    """The medians of ``runs`` runs of ``code`` with an empty cache, each followed by one
    that reads what it left."""
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(run(code, cache, *args))
            warm.append(run(code, cache, *args))
    return statistics.median(cold), statistics.median(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fault-budget", type=int, default=1)
    args = parser.parse_args()
    budget = str(args.fault_budget)
    for users in ("any", "exact"):
        built, read = cold_and_warm(SYSTEMS, args.runs, users, budget)
        print(f"encoding, users {users:5s}  built {built:6.2f} s, read {read:6.3f} s "
              f"(wall, median of {args.runs})")
    for task in ("certificate checks", "row witnesses"):
        cold, warm = cold_and_warm(TASK, args.runs, task, budget)
        print(f"{task:22s} cold {cold:6.2f} s, warm {warm:6.2f} s "
              f"(processor, median of {args.runs})")


if __name__ == "__main__":
    main()
