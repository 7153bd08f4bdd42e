"""Symbolic model checking engines, generic over a ``TransitionSystem`` (``init``, ``trans``,
variables, invariants): bounded model checking, k-induction and Spacer (constrained Horn
clauses). They know nothing of the pair: a property is a ``bad`` formula over one frame (a state
property) or over a frame and the next (a step property).

Each engine answers with a ``Run`` (the frames' values, from an initial frame to a bad one: a
counterexample or a witness; BMC's says whether it showed that none is shorter), a ``Proof``
(the property holds in every reachable frame: how it was shown), or None when it cannot decide
within its bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import z3  # type: ignore[import-untyped]
from prg.model.symbolic import Frame, TransitionSystem, frame_values

Values = dict[str, int | bool]


@dataclass(frozen=True)
class Bad:
    """What a property forbids: ``state(frame)`` or, for a step property, ``step(frame,
    next_frame)``."""

    state: Callable[[Frame], z3.BoolRef] | None = None
    step: Callable[[Frame, Frame], z3.BoolRef] | None = None

    def at(self, frames: Sequence[Frame], k: int) -> z3.BoolRef:
        """The property is broken at frame ``k`` (by the step into it, for a step property)."""
        if self.state is not None:
            return self.state(frames[k])
        assert self.step is not None
        return self.step(frames[k - 1], frames[k]) if k > 0 else z3.BoolVal(False)


@dataclass(frozen=True)
class Run:
    """Frames from an initial one to where the property breaks (or the goal is met);
    ``shortest``: whether the search refuted the goal at every depth below this one, so that
    no shorter run meets it."""

    frames: list[Values]
    shortest: bool = False

    @property
    def length(self) -> int:
        return len(self.frames) - 1


@dataclass(frozen=True)
class Proof:
    """The property holds in every reachable frame: ``method`` (``k-induction``, ``spacer``)
    and, for k-induction, ``k``; ``lemmas`` names the invariants the proof assumed.
    ``invariant``, where the proof gives one, is an inductive invariant over one frame that
    excludes the bad frames (with the system's own invariants): its certificate."""

    method: str
    k: int | None = None
    lemmas: tuple[str, ...] = ()
    invariant: Callable[[Frame], z3.BoolRef] | None = None


@dataclass
class Lemma:
    """A candidate invariant: a name and a formula over one frame."""

    name: str
    holds: Callable[[Frame], z3.BoolRef]


class Unroller:
    """One incremental solver holding ``init`` and ``trans`` unrolled as far as asked, with
    the system's invariants asserted on every frame. ``simplex`` picks Z3's older,
    simplex-based arithmetic: for BMC here it refutes faster and finds the rows' witnesses
    faster; k-induction keeps the default, since with it Spacer, run after it in the same
    process, is slower (bench/README.md has the figures)."""

    def __init__(self, system: TransitionSystem, init: Callable[[Frame], z3.BoolRef] | None,
                 tag: str = "", simplex: bool = False) -> None:
        self.system = system
        # Integer and Boolean variables, linear terms: the linear integer arithmetic solver
        # is faster here than the default one (see bench/README.md).
        self.solver = z3.SolverFor("QF_LIA")
        if simplex:
            self.solver.set("arith.solver", 2)
        self.frames: list[Frame] = [system.frame(f"{tag}0")]
        self.tag = tag
        if init is not None:
            self.solver.add(init(self.frames[0]))
        self.solver.add(system.invariants(self.frames[0]))

    def extend(self, depth: int) -> None:
        while len(self.frames) <= depth:
            before = self.frames[-1]
            after = self.system.frame(f"{self.tag}{len(self.frames)}")
            self.solver.add(self.system.trans(before, after), self.system.invariants(after))
            self.frames.append(after)

    def check(self, goal: z3.BoolRef) -> z3.ModelRef | str:
        """A model where ``goal`` holds on top of what the solver has; else ``REFUTED`` where
        Z3 shows there is none, ``UNDECIDED`` where it cannot tell. A refuted goal is told to
        the solver: every later query reads ``goal`` as false there, which it would otherwise
        have to work out again (faster rows' witnesses: see bench/README.md)."""
        literal = z3.FreshBool("goal")
        self.solver.add(z3.Implies(literal, goal))
        answer = self.solver.check(literal)
        if answer == z3.sat:
            return self.solver.model()
        if answer == z3.unsat:
            self.solver.add(z3.Not(goal))
            return REFUTED
        return UNDECIDED

    def run(self, model: z3.ModelRef, depth: int, shortest: bool = False) -> Run:
        return Run([frame_values(model, self.frames[k]) for k in range(depth + 1)], shortest)


#: What ``Unroller.check`` answers where it finds no model: Z3 showed there is none, or it
#: could not tell.
REFUTED, UNDECIDED = "refuted", "undecided"


def bmc(system: TransitionSystem, bad: Bad, depth: int,
        init: Callable[[Frame], z3.BoolRef] | None = None) -> Run | None:
    """The shortest run (at most ``depth`` steps) from an initial frame to a bad one."""
    found = bmc_all(system, {"bad": bad}, depth, init)
    return found.get("bad")


def bmc_all(system: TransitionSystem, goals: dict[str, Bad], depth: int,
            init: Callable[[Frame], z3.BoolRef] | None = None) -> dict[str, Run]:
    """For each goal, the shortest run (at most ``depth`` steps) that reaches it, all in one
    incremental unrolling; goals never reached within ``depth`` are absent. A run is
    ``shortest`` where every query at a smaller depth was refuted (none undecided): the goal
    is checked at each depth in turn, so a run of ``k`` steps comes with the proof that none
    of ``k - 1`` steps, nor fewer, reaches the goal, at no cost of its own."""
    unroller = Unroller(system, init or system.init, simplex=True)
    found: dict[str, Run] = {}
    undecided: set[str] = set()
    for k in range(depth + 1):
        unroller.extend(k)
        for name, bad in goals.items():
            if name in found:
                continue
            answer = unroller.check(bad.at(unroller.frames, k))
            if isinstance(answer, z3.ModelRef):
                found[name] = unroller.run(answer, k, shortest=name not in undecided)
            elif answer == UNDECIDED:
                undecided.add(name)
        if len(found) == len(goals):
            break
    return found


def k_induction(system: TransitionSystem, bad: Bad, max_k: int,
                lemmas: Iterable[Lemma] = ()) -> Proof | Run | None:
    """Prove that no reachable frame is bad by k-induction for k = 1 .. ``max_k``,
    strengthened with ``lemmas`` (each proved an invariant first, by 1-induction; lemmas that
    are not are left out). A bad run within ``max_k`` steps comes back as a ``Run``."""
    proved = prove_lemmas(system, list(lemmas))
    base = Unroller(system, system.init, "base")
    step = Unroller(system, None, "step")
    for lemma in proved:
        step.solver.add(lemma.holds(step.frames[0]))
    for k in range(max_k + 1):
        base.extend(k)
        found = base.check(bad.at(base.frames, k))
        if isinstance(found, z3.ModelRef):
            return base.run(found, k)
        if k == 0:
            continue
        # Step: k frames that are not bad, then a bad one.
        step.extend(k)
        frame = step.frames[k]
        for lemma in proved:
            step.solver.add(lemma.holds(frame))
        step.solver.add(z3.Not(bad.at(step.frames, k - 1)))
        if step.check(bad.at(step.frames, k)) == REFUTED:
            return Proof("k-induction", k, tuple(lemma.name for lemma in proved),
                         _one_inductive(bad, proved) if k == 1 else None)
    return None


def _one_inductive(bad: Bad, lemmas: Sequence[Lemma]) -> Callable[[Frame], z3.BoolRef]:
    """The invariant a proof by 1-induction shows: the lemmas, and no bad frame."""
    def invariant(frame: Frame) -> z3.BoolRef:
        good = [z3.Not(bad.state(frame))] if bad.state is not None else []
        return z3.And(*good, *(lemma.holds(frame) for lemma in lemmas))
    return invariant


def prove_lemmas(system: TransitionSystem, lemmas: list[Lemma]) -> list[Lemma]:
    """The largest subset of ``lemmas`` that holds initially and is inductive together
    (Houdini: drop a lemma that a step can break, until none can)."""
    before, after = system.frame("lemma0"), system.frame("lemma1")
    initial = z3.Solver()
    initial.add(system.init(before), system.invariants(before))
    kept = []
    for lemma in lemmas:
        initial.push()
        initial.add(z3.Not(lemma.holds(before)))
        if initial.check() == z3.unsat:
            kept.append(lemma)
        initial.pop()
    solver = z3.Solver()
    solver.add(system.invariants(before), system.trans(before, after),
               system.invariants(after))
    while kept:
        # One query for all: a step from where every lemma holds to where some does not.
        solver.push()
        solver.add(*(lemma.holds(before) for lemma in kept))
        solver.add(z3.Or([z3.Not(lemma.holds(after)) for lemma in kept]))
        if solver.check() != z3.sat:
            solver.pop()
            break
        model = solver.model()
        solver.pop()
        kept = [lemma for lemma in kept
                if z3.is_true(model.eval(lemma.holds(after), model_completion=True))]
    return kept


@dataclass
class Spacer:
    """Z3's Spacer engine over constrained Horn clauses: ``reach(frame)`` is the least relation
    holding of initial frames and closed under ``trans``; the property holds when ``bad``
    cannot follow from it."""

    system: TransitionSystem
    timeout_ms: int = 60_000
    lemmas: list[str] = field(default_factory=list)

    def prove(self, bad: Bad) -> Proof | None | bool:
        """``Proof`` when it holds, False when a bad frame is reachable, None when Spacer gives
        up (timeout or unknown)."""
        system = self.system
        sorts = [sort for _, sort in system.variables]
        engine = z3.Fixedpoint()
        engine.set(engine="spacer")
        engine.set("timeout", self.timeout_ms)
        reach = z3.Function("reach", *sorts, z3.BoolSort())
        error = z3.Function("error", z3.BoolSort())
        engine.register_relation(reach, error)
        before, after = system.frame("h0"), system.frame("h1")
        now = [before[name] for name, _ in system.variables]
        then = [after[name] for name, _ in system.variables]
        engine.declare_var(*now, *then)
        engine.rule(reach(*now), system.init(before))
        engine.rule(reach(*then), [reach(*now), system.trans(before, after)])
        if bad.state is not None:
            engine.rule(error(), [reach(*now), bad.state(before)])
        else:
            assert bad.step is not None
            engine.rule(error(), [reach(*now), system.trans(before, after),
                                  bad.step(before, after)])
        answer = engine.query(error())
        if answer == z3.unsat:
            # Spacer's interpretation of reach, its arguments as de Bruijn variables 0, 1, ...
            cover = engine.get_cover_delta(-1, reach)

            def invariant(frame: Frame) -> z3.BoolRef:
                return z3.substitute_vars(cover, *(frame[name] for name, _ in
                                                   system.variables))
            return Proof("spacer", invariant=invariant)
        if answer == z3.sat:
            return False
        return None
