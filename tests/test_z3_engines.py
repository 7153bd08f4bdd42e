"""The symbolic engines on small transition systems whose answers are known, and the
agreement check between engines."""

from __future__ import annotations

import z3
from prg.model.symbolic import TransitionSystem
from prg.model.traces import HomeUsers, Shown, TraceStep
from prg.verify.checks.engines import Bad, Lemma, Proof, Run, Spacer, bmc, k_induction, prove_lemmas
from prg.verify.checks.proofs import Outcome, Proved, RowWitnesses, engines_agree
from prg.verify.results import Verdict


def counter(limit: int) -> TransitionSystem:
    """x starts at 0 and counts up to ``limit``, then back to 0; y follows x two steps
    behind, as its double."""
    return TransitionSystem(
        variables=(("x", z3.IntSort()), ("y", z3.IntSort())),
        init=lambda f: z3.And(f["x"] == 0, f["y"] == 0),
        trans=lambda f, g: z3.And(g["x"] == z3.If(f["x"] == limit, 0, f["x"] + 1),
                                  g["y"] == 2 * f["x"]),
        invariants=lambda f: z3.BoolVal(True),
    )


def test_bmc_finds_the_shortest_run() -> None:
    run = bmc(counter(10), Bad(state=lambda f: f["x"] == 4), 10)
    assert isinstance(run, Run) and run.length == 4
    assert run.shortest  # it refuted x == 4 at depths 0 to 3 on the way
    assert [frame["x"] for frame in run.frames] == [0, 1, 2, 3, 4]
    assert bmc(counter(10), Bad(state=lambda f: f["x"] == 11), 15) is None


def test_a_step_property_is_broken_by_the_step_into_a_frame() -> None:
    run = bmc(counter(3), Bad(step=lambda f, g: z3.And(f["x"] == 3, g["x"] == 0)), 10)
    assert run is not None and run.length == 4


def test_k_induction_proves_with_a_lemma_and_not_without() -> None:
    system = counter(5)
    bad = Bad(state=lambda f: f["x"] == -1)
    assert k_induction(system, bad, 4) is None  # -5, -4, -3, -2 are not bad, -1 is
    natural = Lemma("x >= 0", lambda f: f["x"] >= 0)
    proof = k_induction(system, bad, 4, [natural])
    assert isinstance(proof, Proof) and proof.method == "k-induction" and proof.k == 1
    assert proof.lemmas == ("x >= 0",)


def test_k_induction_returns_a_counterexample_it_meets() -> None:
    found = k_induction(counter(5), Bad(state=lambda f: f["y"] == 8), 6)
    assert isinstance(found, Run) and found.length == 5


def test_houdini_drops_what_is_not_inductive() -> None:
    lemmas = [Lemma("x >= 0", lambda f: f["x"] >= 0), Lemma("x <= 2", lambda f: f["x"] <= 2),
              Lemma("y is even", lambda f: f["y"] % 2 == 0)]
    kept = prove_lemmas(counter(5), lemmas)
    assert [lemma.name for lemma in kept] == ["x >= 0", "y is even"]


def test_spacer_proves_without_a_bound_and_finds_what_is_reachable() -> None:
    system = counter(5)
    assert isinstance(Spacer(system).prove(Bad(state=lambda f: f["y"] > 10)), Proof)
    assert Spacer(system).prove(Bad(state=lambda f: f["y"] == 10)) is False


def graph(status: str) -> Verdict:
    return Verdict("no_split_brain", "", status, "graph", {}, None, None, (), 0.0)


def symbolic(status: str, beyond: bool = False, rows: dict[int, int] | None = None,
             shortest: bool = True) -> tuple[Proved, RowWitnesses]:
    """The Z3 engine's answers: ``status`` on no_split_brain, and for each row of ``rows`` a
    witness of that length, which BMC showed is the shortest where ``shortest``."""
    step = TraceStep(None, None, (), Shown(None, None), Shown(None, None), True,
                     (HomeUsers(0, 0, 0, 0), HomeUsers(0, 0, 0, 0)))
    witnesses = {key: (step,) * (length + 1) for key, length in (rows or {}).items()}
    outcome = Outcome("no_split_brain", status, "spacer", None, None, {}, None, [], 0.0,
                      users_beyond_configuration=beyond)
    return Proved((outcome,), 0.0), RowWitnesses(
        witnesses, 0.0, 5, frozenset(witnesses) if shortest else frozenset())


def test_engines_agree_when_they_give_the_same_answers() -> None:
    assert engines_agree([graph("holds")], {3: 2}, *symbolic("holds", rows={3: 2})).holds


def test_a_verdict_the_engines_differ_on_is_a_violation_naming_both() -> None:
    found = engines_agree([graph("violated")], {}, *symbolic("holds"))
    assert found.status == "violated"
    assert found.message == "no_split_brain: graph violated, z3 holds (spacer)"


def test_the_z3_verdicts_beside_the_graph_engines_are_not_compared_with_themselves() -> None:
    """In a report the properties hold both engines' verdicts under one name: the graph
    engine's is the one compared."""
    z3_verdict = Verdict("no_split_brain", "", "holds", "z3", {}, None, None, (), 0.0)
    found = engines_agree([graph("violated"), z3_verdict], {}, *symbolic("holds"))
    assert found.status == "violated"


def test_a_counterexample_needing_more_users_is_no_disagreement() -> None:
    assert engines_agree([graph("holds")], {}, *symbolic("violated", beyond=True)).holds
    assert engines_agree([graph("holds")], {}, *symbolic("violated")).status == "violated"


def test_witness_lengths_must_agree_within_the_depth_searched() -> None:
    found = engines_agree([], {3: 2, 4: None, 9: 7}, *symbolic("holds", rows={3: 3, 4: 1}))
    assert found.message == ("row 3: graph shortest witness 2 steps, z3 shortest witness "
                                "3 steps; row 4: graph unreachable, z3 shortest witness 1 step")


def test_bmc_confirms_a_length_only_with_a_witness_of_it_and_none_a_step_shorter() -> None:
    rows = symbolic("holds", rows={3: 2})[1]
    assert rows.confirms(3, 2)
    assert not rows.confirms(3, 3)  # one too long: BMC has a witness at 3 - 1
    assert not rows.confirms(3, 1)  # one too short: BMC showed none at 1
    assert not rows.confirms(4, 2)  # no witness at all
    unproved = symbolic("holds", rows={3: 2}, shortest=False)[1]
    assert not unproved.confirms(3, 2)


def test_a_witness_bmc_did_not_show_shortest_is_a_disagreement() -> None:
    found = engines_agree([], {3: 2}, *symbolic("holds", rows={3: 2}, shortest=False))
    assert found.message == ("row 3: graph shortest witness 2 steps, z3 a witness of 2 steps, "
                             "not shown to be the shortest")
