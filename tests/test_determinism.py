"""Two runs of ``prg verify --format json`` on the same input print the same bytes apart from
the timing fields, whatever the hash seed and the number of processes, so that CI can diff
reports between commits."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from .helpers import PRG

ROOT = Path(__file__).resolve().parent.parent
#: The fields that measure time, the only ones that may differ between runs.
TIMINGS = re.compile(r'^(\s*"(?:elapsed_s|explore_seconds|seconds)": )[0-9.]+(,?)$', re.MULTILINE)


def report(*args: str, seed: str, jobs: str, engine: str = "graph") -> str:
    done = subprocess.run(
        [PRG, "verify", "--engine", engine, "--format", "json", "--fault-budget", "0",
         "--jobs", jobs, *args],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    assert done.returncode in (0, 1), done.stderr
    return TIMINGS.sub(r"\g<1>0\g<2>", done.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("spec", [(), ("--spec", "specs/mutants/both-serving-idle.yaml")],
                         ids=["bundled", "mutant"])
def test_json_reports_are_byte_identical_apart_from_timings(spec: tuple[str, ...]) -> None:
    first = report(*spec, seed="1", jobs="1")
    second = report(*spec, seed="2", jobs="2")
    assert '"status": "violated"' in first  # counterexamples are part of what is compared
    assert first == second


@pytest.mark.slow
def test_the_z3_engines_traces_do_not_change_with_the_hash_seed_or_the_processes() -> None:
    """The solver is given its formulas in the same order whatever the hash seed, and each
    half of the engine starts from the same context however many processes run, so it
    answers with the same counterexamples and witnesses."""
    spec = ("--spec", "specs/mutants/both-serving-idle.yaml", "--bmc-depth", "4")
    first = report(*spec, seed="1", jobs="1", engine="z3")
    second = report(*spec, seed="2", jobs="2", engine="z3")
    assert '"status": "violated"' in first and '"witness": [' in first
    assert first == second


def test_the_json_keys_are_sorted() -> None:
    text = report(seed="0", jobs="1")
    keys = re.findall(r'^  "(\w+)":', text, re.MULTILINE)
    assert keys == sorted(keys)
