"""Run SPIN on the Promela model of a spec (``prg.verify.exports.promela``) and read back what it
found: the reachable (node 1, node 2) pairs, the Table 2 rows reached, the safety properties
violated, the states SPIN stored, and how long each stage took."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from prg.model.errors import PrgError
from prg.model.spec import Spec
from prg.verify.exports.promela import numbering, to_promela

Local = tuple[str, ...]


class SpinError(PrgError):
    """SPIN or the C compiler is missing, or failed on the model."""


@dataclass(frozen=True)
class SpinResult:
    """What SPIN's exhaustive search of the model found."""

    pairs: frozenset[tuple[Local, Local]]
    rows: frozenset[int]
    violated: frozenset[str]
    states_stored: int
    seconds: dict[str, float]
    #: The states SPIN stored per second of its search, as ``pan`` reports it (None where the
    #: search was too short to say).
    rate: float | None


def compiler() -> str | None:
    return shutil.which("cc") or shutil.which("gcc")


def available() -> bool:
    """Whether SPIN and a C compiler are installed."""
    return shutil.which("spin") is not None and compiler() is not None


def _run(command: list[str], folder: Path, what: str) -> str:
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SpinError(f"{what} failed: {detail[0] if detail else done.returncode}")
    return done.stdout


def run_spin(spec: Spec, fault_budget: int, folder: Path) -> SpinResult:
    """Export, compile and run SPIN's exhaustive safety search in ``folder``."""
    cc = compiler()
    if shutil.which("spin") is None or cc is None:
        raise SpinError("SPIN and a C compiler are needed (Debian: apt-get install spin gcc)")
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    (folder / "pair.pml").write_text(to_promela(spec, fault_budget), encoding="utf-8")
    seconds["export"] = time.perf_counter() - start
    start = time.perf_counter()
    _run(["spin", "-a", "pair.pml"], folder, "spin -a")
    seconds["generate"] = time.perf_counter() - start
    start = time.perf_counter()
    _run([cc, "-O2", "-w", "-DSAFETY", "-DNOREDUCE", "-o", "pan", "pan.c"], folder,
         "compiling pan.c")
    seconds["compile"] = time.perf_counter() - start
    start = time.perf_counter()
    output = _run(["./pan", "-c0", "-m10000000", "-w24"], folder, "pan")
    seconds["search"] = time.perf_counter() - start
    return _read(spec, output, seconds)


def _read(spec: Spec, output: str, seconds: dict[str, float]) -> SpinResult:
    names = numbering(spec)
    width = 3 + len(spec.facts)
    pairs = set()
    rows = set()
    violated = set()
    for line in output.splitlines():
        word, _, rest = line.partition(" ")
        if word == "PAIR":
            numbers = [int(n) for n in rest.split()]
            pairs.add((names.local(numbers[:width]), names.local(numbers[width:])))
        elif word == "ROW":
            rows.add(int(rest))
        elif word == "VIOLATED":
            violated.add(rest.strip())
    stored = re.search(r"(\d+) states, stored", output)
    rate = re.search(r"pan: rate +([\d.]+) states/second", output)
    if stored is None:
        raise SpinError("pan did not report a complete search")
    return SpinResult(frozenset(pairs), frozenset(rows), frozenset(violated),
                      int(stored.group(1)), seconds, float(rate.group(1)) if rate else None)
