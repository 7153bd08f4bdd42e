"""Time the Z3 engine on the bundled spec: BMC of no_split_brain depth by depth (the time to
show that no counterexample of up to k steps exists), each safety proof, the rows' witnesses,
and ``prg verify --engine all`` against the import floor. Each of the first three runs in a
process of its own (``prg.verify.report.in_own_process``): Spacer took 6 s alone and 25 s
after two minutes of BMC in the same process.

    python bench/z3_speed.py [--depth 20] [--budget-seconds 120] [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

from measure import FLOOR, median_seconds
from prg.model.load import load_spec
from prg.model.symbolic import SymbolicPair
from prg.verify.checks.certificates import certificates_folder
from prg.verify.checks.engines import Unroller
from prg.verify.checks.proofs import ROW_DEPTH, SAFETY, row_witnesses, symbolic_proofs
from prg.verify.report import in_own_process

PRG = str(Path(sys.executable).with_name("prg"))


def run(command: list[str]) -> None:
    subprocess.run(command, capture_output=True, check=False)


def bmc_depths(depth: int, budget_seconds: float) -> None:
    """Print the cumulative time of BMC at each depth, until ``depth`` or the budget."""
    spec = load_spec()
    symbolic = SymbolicPair(spec, 1, users="exact")
    bad = SAFETY[1].bad(symbolic)
    start = time.perf_counter()
    # As the engine unrolls a property that does not read steps: without them.
    unroller = Unroller(symbolic.unlabelled, symbolic.unlabelled.init, simplex=True)
    print(f"BMC, no_split_brain, fault budget 1, every configuration (built in "
          f"{time.perf_counter() - start:.2f} s)")
    for k in range(depth + 1):
        unroller.extend(k)
        found = unroller.check(bad.state(unroller.frames[k]))  # type: ignore[misc]
        elapsed = time.perf_counter() - start
        answer = found if isinstance(found, str) else "counterexample"
        print(f"  depth {k:>2}: {answer}, {elapsed:8.2f} s cumulative", flush=True)
        if elapsed > budget_seconds:
            print(f"  stopped: over {budget_seconds:.0f} s")
            break


def proofs(fault_budget: int, certificates: bool) -> None:
    """Print each safety property's verdict, method and time, proved as ``prg verify`` does
    (one transition system for the three): from scratch, or checked from the bundled spec's
    certificates."""
    spec = load_spec()
    folder = str(certificates_folder(spec.path)) if certificates else None
    start = time.perf_counter()
    proved = symbolic_proofs(spec, fault_budget, folder)
    print(f"proofs, fault budget {fault_budget}, "
          f"{'with' if certificates else 'without'} certificates: "
          f"{time.perf_counter() - start:.2f} s")
    for outcome in proved.outcomes:
        k = f" k={outcome.k}" if outcome.k is not None else ""
        print(f"  {outcome.name:<32} {outcome.status:<8} {outcome.method}{k:<5} "
              f"{outcome.seconds:7.2f} s", flush=True)


def rows() -> None:
    """Print how many rows BMC witnesses within ``ROW_DEPTH`` steps, and how fast."""
    spec = load_spec()
    start = time.perf_counter()
    found = row_witnesses(spec, 1, ROW_DEPTH)
    print(f"rows: {sum(w is not None for w in found.witnesses.values())} of "
          f"{len(found.witnesses)} witnessed by BMC within {ROW_DEPTH} steps, "
          f"{len(found.shortest)} shown shortest, in {time.perf_counter() - start:.2f} s",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--budget-seconds", type=float, default=120.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    in_own_process(partial(bmc_depths, args.depth, args.budget_seconds))
    for fault_budget in (0, 1):
        for certificates in (False, True):
            in_own_process(partial(proofs, fault_budget, certificates))
    in_own_process(rows)
    floor = median_seconds(lambda: run(FLOOR), args.runs)
    verify = median_seconds(lambda: run([PRG, "verify", "--engine", "all", "--format", "json"]),
                            args.runs)
    print(f"import floor {floor:.3f} s; prg verify --engine all {verify:.2f} s "
          f"({verify / floor:.1f}x the floor; target 2.5x), median of {args.runs}")


if __name__ == "__main__":
    main()
