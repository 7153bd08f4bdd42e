"""Compare prg's explicit search with SPIN, end to end, on the same model at growing fault
budgets.

prg: the explicit search of every configuration (what SPIN's run also decides: the reachable
joint states, the Table 2 rows, the safety properties), and the whole `prg verify` run, which
checks every property on top. SPIN: export the Promela model, `spin -a` (generate), compile
`pan.c` (at -O2), run `pan`; the states SPIN stored per second of its search, as `pan` reports it. Both
find the same joint states (tests/test_spin.py checks it).

    python bench/spin_vs_prg.py [--fault-budgets 0 1 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from prg.model.explore import explore
from prg.model.load import load_spec
from prg.model.product import Pair, configurations
from prg.verify.exports.spin import available, run_spin


def explicit_search(fault_budget: int) -> tuple[float, int]:
    """Seconds to load the spec and search every configuration; the joint states found."""
    start = time.perf_counter()
    spec = load_spec()
    states = sum(len(explore(Pair(spec, c, fault_budget)).states) for c in configurations(spec))
    return time.perf_counter() - start, states


def verify_run(fault_budget: int) -> float:
    prg = str(Path(sys.executable).with_name("prg"))
    start = time.perf_counter()
    subprocess.run([prg, "verify", "--format", "json", "--fault-budget", str(fault_budget)],
                   capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault-budgets", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    if not available():
        sys.exit("bench: SPIN and a C compiler are needed (apt-get install spin gcc)")
    print(f"{'budget':>6} {'states':>10} {'prg search':>11} {'prg verify':>11} "
          f"{'SPIN total':>11} {'export':>7} {'generate':>8} {'compile':>8} {'search':>8} {'SPIN states':>11} "
          f"{'states/s':>9}")
    for budget in args.fault_budgets:
        search, states = explicit_search(budget)
        whole = verify_run(budget)
        with tempfile.TemporaryDirectory() as folder:
            found = run_spin(load_spec(), budget, Path(folder))
        spin = found.seconds
        total = sum(spin.values())
        rate = f"{found.rate:,.0f}" if found.rate else "-"
        print(f"{budget:>6} {states:>10,} {search:>10.1f}s {whole:>10.1f}s {total:>10.1f}s "
              f"{spin['export']:>6.2f}s {spin['generate']:>7.1f}s {spin['compile']:>7.1f}s {spin['search']:>7.1f}s "
              f"{found.states_stored:>11,} {rate:>9}", flush=True)


if __name__ == "__main__":
    main()
