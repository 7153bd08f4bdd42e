"""The symbolic transition relation is the explicit product, step for step; the symbolic
engines find what the graph engine finds."""

from __future__ import annotations

import itertools
import random

import pytest
import z3
from prg.model.explore import explore
from prg.model.product import Pair, configurations, default_config
from prg.model.spec import Spec
from prg.model.symbolic import Evaluator, SymbolicPair, successors
from prg.model.words import counted
from prg.verify.checks import proofs
from prg.verify.checks.engines import bmc_all
from prg.verify.checks.properties import summarize
from prg.verify.formats.trace import trace_text
from prg.verify.tools.witness import shortest_witness

from .helpers import broken, without_rule


def disagreements(spec: Spec, configs, fault_budget: int, limit: int | None = None,
                  solver: bool = False) -> list[str]:
    """The joint states (per configuration, the first ``limit`` in breadth-first order) whose
    symbolic successors differ from the explicit ones, with what differs."""
    symbolic = SymbolicPair(spec, fault_budget)
    evaluator = Evaluator(symbolic)
    shared = z3.Solver()
    if solver:
        shared.add(symbolic.trans(symbolic.system.frame("s"), symbolic.system.frame("t")))
    found = []
    for config in configs:
        pair = Pair(spec, config, fault_budget)
        for joint in explore(pair).states[:limit]:
            values = symbolic.values_of(pair, joint, config)
            if solver:
                after = list(successors(symbolic, values, shared))
            else:
                after = [v for _, v in evaluator.successors(values)]
            got = {(symbolic.actions[int(v["step"])].label, symbolic.joint(pair, v))
                   for v in after}
            want = set(pair.successors(joint))
            if got != want:
                found.append(f"{config} {joint}: only symbolic {got - want}, "
                             f"only explicit {want - got}")
    return found


@pytest.mark.slow
def test_every_explicit_state_has_the_same_successors_symbolically(spec: Spec) -> None:
    assert disagreements(spec, [default_config(spec)], 0) == []


@pytest.mark.slow
def test_every_configuration_agrees(spec: Spec) -> None:
    assert disagreements(spec, configurations(spec), 0, limit=100) == []


@pytest.mark.slow
def test_faults_agree(spec: Spec) -> None:
    assert disagreements(spec, [default_config(spec)], 1, limit=400) == []


@pytest.mark.slow
def test_the_trans_formula_itself_agrees(spec: Spec) -> None:
    """The solver, not the evaluator, on ``trans`` as engines see it."""
    assert disagreements(spec, [default_config(spec)], 1, limit=40, solver=True) == []


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_random_variants_of_the_spec_agree(spec: Spec, seed: int) -> None:
    """Specs with random rules removed: other transition relations, the same agreement."""
    chooser = random.Random(seed)
    # (The last rule is left: ``without_rule`` cuts up to the next item.)
    removed = chooser.sample([rule.id for rule in spec.rules[:-1]], 12)
    variant = broken(*(without_rule(rule) for rule in removed))
    configs = chooser.sample(configurations(variant), 2)
    assert disagreements(variant, configs, chooser.choice((0, 1)), limit=300) == []


def graph_row_lengths(spec: Spec, fault_budget: int) -> dict[int, int | None]:
    summaries = [summarize(explore(Pair(spec, c, fault_budget))) for c in configurations(spec)]
    lengths: dict[int, int | None] = {}
    for row in spec.rows:
        found = [len(w) - 1 for s in summaries if (w := s.witnesses[row.id]) is not None]
        lengths[row.id] = min(found) if found else None
    return lengths


def test_bmc_finds_the_same_shortest_witnesses_as_the_graph(spec: Spec) -> None:
    graph = graph_row_lengths(spec, 0)
    shallow = [row for row in spec.rows if (graph[row.id] or 99) <= 3]
    found = proofs.row_witnesses(spec, 0, 3, shallow).witnesses
    assert {row: len(w) - 1 for row, w in found.items() if w} == {
        row.id: graph[row.id] for row in shallow}


def test_bmc_confirms_the_graph_engine_s_shortest_witness_length_and_no_other(
        spec: Spec) -> None:
    """The graph engine's shortest witness of a row (a breadth-first search): BMC finds one
    of the same length and none a step shorter. Told a length one too long or one too short,
    the engines' agreement fails, naming both lengths."""
    row = next(r for r in spec.rows if r.id == 4)
    found_by_graph = shortest_witness(spec, configurations(spec), 0, row.id)
    assert found_by_graph is not None
    length = len(found_by_graph[1]) - 1
    found = proofs.row_witnesses(spec, 0, length + 1, [row])
    assert found.confirms(row.id, length)
    # "None at length - 1", asked again on its own.
    assert proofs.row_witnesses(spec, 0, length - 1, [row]).witnesses[row.id] is None
    for wrong in (length + 1, length - 1):
        assert not found.confirms(row.id, wrong)
        agreed = proofs.engines_agree([], {row.id: wrong}, proofs.Proved((), 0.0), found)
        assert agreed.status == "violated"
        assert agreed.message == (f"row 4: graph shortest witness {counted(wrong, 'step')}, "
                                  f"z3 shortest witness {counted(length, 'step')}")


def test_a_bmc_witness_is_a_readable_trace(spec: Spec) -> None:
    row = next(r for r in spec.rows if r.id == 3)
    witness = proofs.row_witnesses(spec, 1, 2, [row]).witnesses[3]
    assert witness is not None
    text = trace_text(witness)
    assert "failover on node 1" in text and "Running in Backup Mode" in text


def test_a_run_without_steps_gets_them_back(spec: Spec) -> None:
    """``label`` names, for each step of a run of the unlabelled system, an action that takes
    the frame before to the frame after; frames that are not a run are refused."""
    symbolic = SymbolicPair(spec, 1)
    row = next(r for r in spec.rows if r.id == 5)
    run = bmc_all(symbolic.unlabelled, {"row": proofs.row_goal(symbolic, row)}, 4)["row"]
    assert all("step" not in frame for frame in run.frames)
    labelled = symbolic.label(run.frames)
    assert [{k: v for k, v in f.items() if k != "step"} for f in labelled] == run.frames
    evaluator = Evaluator(symbolic)
    for before, after in itertools.pairwise(labelled):
        taken = dict(evaluator.successors({k: v for k, v in before.items() if k != "step"}))
        assert taken[int(after["step"])] == after
    with pytest.raises(ValueError, match="not a run"):
        symbolic.label([run.frames[0], run.frames[-1]])


def outcome(spec: Spec, name: str, fault_budget: int = 1) -> proofs.Outcome:
    prop = next(p for p in proofs.SAFETY if p.name == name)
    return proofs.prove(spec, prop, fault_budget)


def test_split_brain_is_found_with_the_graph_engines_message() -> None:
    spec = broken(("  - name: Failing Over\n    class: transient\n",
                   "  - name: Failing Over\n    class: transient\n    serves: [own]\n"))
    found = outcome(spec, "no_split_brain", 0)
    assert found.status == "violated"
    assert found.message is not None and "Failing Over" in found.message
    assert found.counterexample is not None and len(found.counterexample) == 2


def test_lost_users_are_found() -> None:
    spec = broken(("    send: failover request\n    users: [self.at_home -> self.out]\n",
                   "    send: failover request\n    users: [self.at_home -> peer.out]\n"))
    found = outcome(spec, "no_user_lost", 0)
    assert found.status == "violated"
    assert found.message is not None and ("lost" in found.message
                                          or "duplicated" in found.message)


@pytest.mark.slow
def test_users_added_during_failover_are_found() -> None:
    spec = broken((
        ("  - id: add-user\n    on: add users\n    from: Normal\n"
         "    when: {peer.state: Normal, healthy: true,"),
        ("  - id: add-user\n    on: add users\n    from: [Normal, Running in Backup Mode]\n"
         "    when: {healthy: true,"),
    ))
    found = outcome(spec, "no_users_added_during_failover", 0)
    assert found.status == "violated"
    assert found.counterexample is not None
    assert found.counterexample[-1].event == "add users"
