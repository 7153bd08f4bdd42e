"""SPIN, an independent checker, on the Promela model prg exports: the same reachable
(node 1, node 2) pairs, the same Table 2 rows reached, the same verdicts of the safety
properties and the same number of joint states as prg's own search, on the bundled spec and on
mutants that break each safety property (rows are compared at fault budgets 0 and 1,
where they differ) or that duplicate users. Skipped where SPIN or a C compiler is missing."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from prg.model.errors import UsageError
from prg.model.explore import explore
from prg.model.graphs import breadth_first
from prg.model.load import DEFAULT_SPEC, load_spec, load_spec_text
from prg.model.product import Pair, configuration_groups
from prg.model.spec import Spec
from prg.model.table import rows_shown
from prg.verify.checks.properties import PROPERTIES
from prg.verify.exports.promela import SAFETY, to_promela
from prg.verify.exports.spin import available, run_spin

from .helpers import PRG

MUTANTS = DEFAULT_SPEC.parent / "mutants"

needs_spin = pytest.mark.skipif(not available(), reason="SPIN or a C compiler is not installed")


@dataclass
class Found:
    """What prg's own search finds in every configuration."""

    pairs: set[tuple[tuple[str, ...], tuple[str, ...]]]
    rows: set[int]
    violated: set[str]
    joint_states: int


def prg_finds(spec: Spec, fault_budget: int) -> Found:
    """The reachable pairs, the rows they show (as ``prg verify`` finds a row's witness), the
    safety properties some configuration's graph breaks and the joint states of all, from one
    search of each group of configurations that share their steps (each property is about
    states or steps, so the group's graph breaks it where one configuration's does)."""
    safety = [p for p in PROPERTIES if p.name in SAFETY]  # each checked on one graph
    found = Found(set(), set(), set(), 0)
    for configs in configuration_groups(spec):
        pair = Pair(spec, configs[0], fault_budget)
        graph = explore(pair, [pair.initial_for(c) for c in configs])
        for n1, n2 in graph.node_pairs():
            found.pairs.add((pair.local(n1), pair.local(n2)))
            found.rows |= {row.id for row in rows_shown(pair, n1, n2)}
        found.violated |= {p.name for p in safety if p.check(graph) is not None}
        found.joint_states += sum(len(breadth_first(graph.edges, [root])[0])
                                  for root in graph.roots)
    return found


@pytest.mark.slow
@needs_spin
@pytest.mark.parametrize(("spec_path", "fault_budget"), [
    (DEFAULT_SPEC, 0),
    (DEFAULT_SPEC, 1),
    (MUTANTS / "both-serving-idle.yaml", 0),
    (MUTANTS / "kept-users-failover.yaml", 0),
    (MUTANTS / "users-added-in-backup-mode.yaml", 0),
    (MUTANTS / "extension-removed.yaml", 0),
    (MUTANTS / "duplicated-users-relogin.yaml", 0),
], ids=lambda value: value.stem if isinstance(value, Path) else str(value))
def test_spin_finds_what_prg_finds(spec_path: Path, fault_budget: int, tmp_path: Path) -> None:
    spec = load_spec(spec_path)
    found = run_spin(spec, fault_budget, tmp_path)
    expected = prg_finds(spec, fault_budget)
    assert found.pairs == expected.pairs
    assert found.rows == expected.rows
    assert found.violated == expected.violated
    # SPIN also stores the state before a configuration is chosen.
    assert found.states_stored == expected.joint_states + 1


def test_the_model_asserts_the_safety_properties_and_reports_the_rows(spec: Spec) -> None:
    model = to_promela(spec, 1)
    assert model.count("assert(") == len(SAFETY)
    assert all(f"seen_row({row.id});" in model for row in spec.rows)
    assert "#define BUDGET_LEFT (FAULTS1 + FAULTS2 + (SHARED1 || SHARED2) < 1)" in model
    assert "#define SEEN1 (HEARS1 -> VIS2 : " in model


def test_prg_export_promela_writes_the_model(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from prg.cli.main import main

    output = tmp_path / "pair.pml"
    with pytest.raises(SystemExit) as done:
        main(["export", "promela", "--fault-budget", "0", "-o", str(output)])
    assert done.value.code == 0
    assert output.read_text(encoding="utf-8") == to_promela(load_spec(), 0)
    with pytest.raises(SystemExit) as done:
        main(["export", "promela", "-o", str(tmp_path / "missing" / "pair.pml")])
    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("prg: error: ")


def test_the_model_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    written = []
    for seed in ("1", "2"):
        output = tmp_path / f"pair-{seed}.pml"
        subprocess.run([PRG, "export", "promela", "-o", str(output)], check=True,
                       env=os.environ | {"PYTHONHASHSEED": seed})
        written.append(output.read_bytes())
    assert written[0] == written[1]


@pytest.mark.slow
@needs_spin
def test_names_cannot_break_the_model(tmp_path: Path) -> None:
    """A comment's end in a name, two facts that read alike: SPIN still reads the model."""
    text = (DEFAULT_SPEC.read_text(encoding="utf-8")
            .replace("title: ", "title: a */ b /* c ", 1)
            .replace("  - name: power\n", "  - name: data-base\n", 1)
            .replace("power", "data-base").replace("  - name: network\n", "  - name: data_base\n")
            .replace("network", "data_base"))
    model = to_promela(load_spec_text(text, "odd.yaml"), 0)
    assert "unsigned f1_data_base : 2;" in model and "unsigned f2_data_base_2 : 1;" in model
    (tmp_path / "odd.pml").write_text(model, encoding="utf-8")
    done = subprocess.run(["spin", "-a", "odd.pml"], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_more_states_than_a_byte_holds_are_refused(spec: Spec) -> None:
    many = dataclasses.replace(spec, states=spec.states * 19)
    with pytest.raises(UsageError, match="266 states and 15 reasons are too many"):
        to_promela(many, 0)
