"""The pair's safety properties proved by Z3 for every number of users and every
configuration, and Table 2's rows found by bounded model checking: the symbolic engine.

A safety property here is the graph engine's own (``prg.verify.checks.properties``) stated as a ``bad``
formula over the symbolic transition relation (``prg.model.symbolic``). It is first tried by
k-induction, strengthened with the lemmas that hold (conservation of users, the saved state);
what k-induction cannot decide goes to Spacer. A violation comes back as a shortest run found
by BMC, read as a trace of the explicit pair, and the graph engine's property is run on that
trace: the message is the same as the graph engine's, and a run that the graph property does
not find broken is reported as a disagreement of the engines.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import z3  # type: ignore[import-untyped]
from prg.model.explore import Graph
from prg.model.guards import NONE
from prg.model.product import Config, Label, Pair
from prg.model.spec import Row, RowSide, Rule, Spec
from prg.model.symbolic import Frame, NodeTerms, SymbolicPair, TransitionSystem, Users
from prg.model.traces import Trace, trace_of
from prg.model.words import counted
from prg.verify.checks.certificates import (
    FRAME_TAG,
    BadCertificate,
    Certificate,
    certificate_path,
    certificate_text,
    certifies,
    digest,
    invariant_words,
    read_certificate,
)
from prg.verify.checks.engines import Bad, Lemma, Proof, Run, Spacer, bmc, bmc_all, k_induction
from prg.verify.checks.properties import (
    Violation,
    no_split_brain,
    no_user_lost,
    no_users_added_during_failover,
)
from prg.verify.results import Verdict

#: How far k-induction unrolls before Spacer takes over.
MAX_K = 2
#: How deep BMC looks for a counterexample once Spacer has found that one exists.
MAX_DEPTH = 40


@dataclass(frozen=True)
class SafetyProperty:
    """A property both engines check: its bad frames, and the graph engine's function."""

    name: str
    bad: Callable[[SymbolicPair], Bad]
    graph_check: Callable[[Graph], Violation | None]


def _users_lost(symbolic: SymbolicPair) -> Bad:
    def bad(frame: Frame) -> z3.BoolRef:
        parts = []
        for home in (1, 2):
            def count(category: str, home: int = home) -> z3.ArithRef:
                return symbolic.users_term(frame, home, category)
            own, other = symbolic.node(frame, home - 1), symbolic.node(frame, 2 - home)
            categories = [count(c) for c in ("at_home", "at_peer", "out")]
            parts += [
                z3.Or([c < 0 for c in [count("assigned"), *categories]]),
                z3.Sum(categories) != count("assigned"),
                z3.And(count("at_home") > 0, z3.Not(own.serves("own"))),
                z3.And(count("at_peer") > 0, z3.Not(other.serves("guests"))),
            ]
        return z3.Or(parts)
    return Bad(state=bad)


def _split_brain(symbolic: SymbolicPair) -> Bad:
    def bad(frame: Frame) -> z3.BoolRef:
        first, second = symbolic.node(frame, 0), symbolic.node(frame, 1)
        return z3.Or(z3.And(first.serves("own"), second.serves("guests")),
                     z3.And(second.serves("own"), first.serves("guests")))
    return Bad(state=bad)


def _added_during_failover(symbolic: SymbolicPair) -> Bad:
    failover = {s.name for s in symbolic.spec.states if s.failover}
    adding = [number for number, action in enumerate(symbolic.actions) if action.adds_users]

    def bad(before: Frame, after: Frame) -> z3.BoolRef:
        shows = [symbolic.node(before, i).shows(failover) for i in (0, 1)]
        return z3.And(z3.Or(shows), z3.Or([after["step"] == n for n in adding]
                                           + [z3.BoolVal(False)]))
    return Bad(step=bad)


SAFETY = (
    SafetyProperty("no_user_lost", _users_lost, no_user_lost),
    SafetyProperty("no_split_brain", _split_brain, no_split_brain),
    SafetyProperty("no_users_added_during_failover", _added_during_failover,
                   no_users_added_during_failover),
)


def lemmas(symbolic: SymbolicPair) -> list[Lemma]:
    """Candidate invariants; ``prove_lemmas`` keeps those that are inductive together."""
    found = []
    for home in (1, 2):
        def conserved(frame: Frame, home: int = home) -> z3.BoolRef:
            counts = [symbolic.users_term(frame, home, c)
                      for c in ("assigned", "at_home", "at_peer", "out")]
            return z3.And(*(c >= 0 for c in counts), counts[0] == z3.Sum(counts[1:]))
        found.append(Lemma(f"users of node {home} are conserved", conserved))
    resumes = {s.name for s in symbolic.spec.states if s.resumes}
    for index in (0, 1):
        def saved(frame: Frame, index: int = index) -> z3.BoolRef:
            node = symbolic.node(frame, index)
            return z3.Or(symbolic.domains["state"].among(node["state"], resumes),
                         node["saved"] == symbolic.domains["saved"].index[NONE])
        found.append(Lemma(f"node {index + 1} saves a state only where it resumes one", saved))
    return found


@dataclass
class Outcome:
    """One property as the symbolic engine decided it."""

    name: str
    status: str  # holds, violated, unknown
    method: str
    k: int | None
    message: str | None
    config: dict[str, Any]
    counterexample: Trace | None
    spec_lines: list[int]
    seconds: float
    users_beyond_configuration: bool = False
    findings: tuple[str, ...] = ()
    #: Where the proof gives one, its certificate as an SMT-LIB file's text
    #: (``prg.verify.checks.certificates``); None where it was checked from one.
    certificate: str | None = None
    #: Where the proof rests on an inductive invariant (its certificate's, or the one it
    #: found), what of it the property does not imply, in the spec's words
    #: (``invariant_words``): what else keeps the property true.
    invariant: tuple[str, ...] = ()

    def verdict(self, description: str) -> Verdict:
        """The outcome as the report's verdict on the property."""
        return Verdict(self.name, description, self.status, "z3", self.config, self.message,
                       self.counterexample, tuple(self.spec_lines), self.seconds,
                       method=self.method, k=self.k, findings=self.findings,
                       invariant=self.invariant)


def prove(spec: Spec, prop: SafetyProperty, fault_budget: int | None,
          spacer_timeout_ms: int = 600_000, config: Config | None = None,
          users: Users = "any") -> Outcome:
    """Decide ``prop`` for every number of users (``users="exact"``: the configuration's) and
    every configuration (or only ``config``)."""
    return prove_on(SymbolicPair(spec, fault_budget, users=users), prop, spacer_timeout_ms,
                    config, time.perf_counter())


def prove_on(symbolic: SymbolicPair, prop: SafetyProperty, spacer_timeout_ms: int = 600_000,
             config: Config | None = None, start: float | None = None,
             certified: Certified | None = None) -> Outcome:
    """``prove`` on a transition system already built (building one is costly, see
    bench/README.md; the properties share it). Where ``certified`` gives a certificate for
    it that checks, that is the proof; else the proof found comes with one (for every
    configuration at once)."""
    start = time.perf_counter() if start is None else start
    bad = prop.bad(symbolic)
    known = certified.certificate if certified is not None else None
    if known is not None and config is None and certifies(symbolic.system, bad,
                                                          known.invariant):
        return Outcome(prop.name, "holds", f"certificate ({known.method})", None, None, {},
                       None, [], time.perf_counter() - start,
                       invariant=tuple(invariant_words(symbolic, known.invariant, bad)))
    # Unrolling is faster without the steps, where the property does not read them; Spacer
    # is not (see bench/README.md).
    labelled, unrolled = symbolic.system, symbolic.system
    if bad.step is None:
        unrolled = symbolic.unlabelled
    if config is not None:
        labelled, unrolled = (replace(system, init=lambda frame: symbolic.init_for(frame, config))
                              for system in (labelled, unrolled))
    method = "k-induction"
    result: Proof | Run | bool | None = k_induction(unrolled, bad, MAX_K, lemmas(symbolic))
    if result is None:
        method = "spacer"
        result = Spacer(labelled, spacer_timeout_ms).prove(bad)
        if result is False:
            result = bmc(unrolled, bad, MAX_DEPTH)
            method = "spacer+bmc"
    if isinstance(result, Proof):
        text: str | None = None
        kept_by: tuple[str, ...] = ()
        if result.invariant is not None and config is None:
            invariant = result.invariant(symbolic.system.frame(FRAME_TAG))
            kept_by = tuple(invariant_words(symbolic, invariant, bad))
            if certified is not None:
                # A proof by induction shows the property with its lemmas: those are its
                # words.
                words = (("the property itself", *result.lemmas)
                         if result.method == "k-induction"
                         else tuple(invariant_words(symbolic, invariant)))
                text = certificate_text(Certificate(
                    prop.name, certified.fault_budget, certified.scope, certified.digest,
                    result.method, invariant, words))
        return Outcome(prop.name, "holds", result.method, result.k, None, {}, None, [],
                       time.perf_counter() - start, certificate=text, invariant=kept_by)
    if isinstance(result, Run):
        return _violated(prop, symbolic, result, method, start)
    return Outcome(prop.name, "unknown", method, None,
                   "Z3 could not decide (timeout or unknown)", {}, None, [],
                   time.perf_counter() - start)


def _violated(prop: SafetyProperty, symbolic: SymbolicPair, run: Run, method: str,
              start: float) -> Outcome:
    graph = run_graph(symbolic, run)
    violation = prop.graph_check(graph)
    config = dict(graph.config)
    initial_users = graph.states[0][3]
    beyond = initial_users != graph.pair.initial[3]
    if violation is None or violation.path is None:
        return Outcome(prop.name, "violated", method, None,
                       "the symbolic engine's counterexample is not one for the graph engine",
                       config, trace_of(graph, graph.path_to(len(graph.states) - 1)), [],
                       time.perf_counter() - start, beyond)
    lines = list(violation.lines) or [
        rule.at.line for rule in _rules_of(symbolic.spec, violation.path[-1][0])]
    return Outcome(prop.name, "violated", method, None, violation.message,
                   config, trace_of(graph, violation.path), lines,
                   time.perf_counter() - start, beyond)


def _rules_of(spec: Spec, label: Label | None) -> list[Rule]:
    if label is None:
        return []
    return [rule for rule in spec.rules if rule.id in label.rules]


def run_graph(symbolic: SymbolicPair, run: Run) -> Graph:
    """A run as a graph of the explicit pair of its configuration: one path, one state per
    frame, so that the graph engine's properties and traces apply to it. A run of the
    unlabelled system gets its steps first."""
    frames = run.frames if all("step" in f for f in run.frames) else symbolic.label(run.frames)
    config = symbolic.config_of(frames[0])
    pair = Pair(symbolic.spec, config, symbolic.fault_budget or 0)
    labels: list[Label] = []
    states = [symbolic.joint(pair, values) for values in frames]
    edges: list[list[tuple[int, int]]] = []
    parent = [(0, 0)]
    for index, values in enumerate(frames[1:], start=1):
        labels.append(symbolic.actions[int(values["step"])].label)
        edges.append([(index, len(labels) - 1)])
        parent.append((index - 1, len(labels) - 1))
    edges.append([])
    return Graph(pair, states, edges, labels, parent, 0.0, config)


def side_formula(symbolic: SymbolicPair, node: NodeTerms, side: RowSide) -> z3.BoolRef:
    """One node shows one side of a Table 2 row (as ``prg.model.table.side_matches``)."""
    if side.states is None:
        others = [f for f in symbolic.spec.facts if f.name not in side.down_causes]
        return z3.And(z3.Not(node.up),
                      *(z3.Not(node.fact_in(f.name, f.down_when)) for f in others))
    return z3.And(node.up, symbolic.domains["state"].among(node["state"], set(side.states)),
                  symbolic.domains["reason"].among(node["reason"], set(side.reasons or ())))


def row_goal(symbolic: SymbolicPair, row: Row) -> Bad:
    """The pair shows ``row``, node 1 first (as ``prg.model.table.row_matches``)."""
    return Bad(state=lambda frame: z3.Or(*(
        z3.And(side_formula(symbolic, symbolic.node(frame, 0), first),
               side_formula(symbolic, symbolic.node(frame, 1), second))
        for first, second in row.shown_as)))


#: How deep BMC looks for Table 2's rows.
ROW_DEPTH = 8


@dataclass(frozen=True)
class Proved:
    """One half of what the symbolic engine decides for a report: the safety properties for
    every user count."""

    outcomes: tuple[Outcome, ...]
    seconds: float


@dataclass(frozen=True)
class RowWitnesses:
    """The other half: each row's shortest witness within ``depth`` steps, or None;
    ``shortest``: the rows whose witness BMC showed is the shortest, having refuted the row
    at every depth below it."""

    witnesses: Mapping[int, Trace | None]
    seconds: float
    depth: int
    shortest: frozenset[int] = frozenset()

    def confirms(self, row_id: int, length: int) -> bool:
        """Whether BMC confirms that the shortest witness of row ``row_id`` has ``length``
        steps: it found one of ``length`` steps and showed that none has ``length - 1``
        (nor fewer)."""
        witness = self.witnesses.get(row_id)
        return witness is not None and len(witness) - 1 == length and row_id in self.shortest


def row_witnesses(spec: Spec, fault_budget: int | None, depth: int = ROW_DEPTH,
                  rows: Sequence[Row] | None = None) -> RowWitnesses:
    """Per Table 2 row (or per row of ``rows``), the shortest witness BMC finds within
    ``depth`` steps over every configuration, with the users the explicit pair has (so
    lengths compare with it); it can come back from another process."""
    start = time.perf_counter()
    symbolic = SymbolicPair(spec, fault_budget, users="exact")
    chosen = rows if rows is not None else spec.rows
    found = bmc_all(symbolic.unlabelled,
                    {str(row.id): row_goal(symbolic, row) for row in chosen}, depth)
    witnesses: dict[int, Trace | None] = {}
    for row in chosen:
        run = found.get(str(row.id))
        if run is None:
            witnesses[row.id] = None
            continue
        graph = run_graph(symbolic, run)
        witnesses[row.id] = trace_of(graph, graph.path_to(len(graph.states) - 1))
    shortest = frozenset(row.id for row in chosen
                         if (run := found.get(str(row.id))) is not None and run.shortest)
    return RowWitnesses(witnesses, time.perf_counter() - start, depth, shortest)


@dataclass(frozen=True)
class Certified:
    """What a proof is for, as its certificate says it (``fault_budget``, the findings of
    ``scope`` set aside, ``digest``), and the certificate found for it (None: none, or one
    for something else)."""

    fault_budget: int
    scope: str
    digest: str
    certificate: Certificate | None


def certified_for(spec: Spec, fault_budget: int, prop: SafetyProperty, scope: str,
                  folder: Path | None, system: TransitionSystem) -> Certified:
    """What a proof of ``prop`` is for, with the certificate in ``folder`` that is about it
    (a certificate that cannot be read, or whose digest differs, is not used)."""
    wanted = digest(spec, fault_budget, scope)
    found = None
    if folder is not None:
        path = certificate_path(folder, prop.name, fault_budget, scope)
        if path.exists():
            try:
                found = read_certificate(path, system)
            except BadCertificate:
                found = None
            if found is not None and (found.digest, found.property, found.scope) != (
                    wanted, prop.name, scope):
                found = None
    return Certified(fault_budget, scope, wanted, found)


def symbolic_proofs(spec: Spec, fault_budget: int, certificates: str | None = None) -> Proved:
    """The safety properties, proved or refuted for every user count (it can come back from
    another process); each proof checked from its certificate in the folder
    ``certificates``, where it has one there that checks."""
    start = time.perf_counter()
    symbolic = SymbolicPair(spec, fault_budget, users="any")
    folder = Path(certificates) if certificates is not None else None
    outcomes = tuple(_judged(spec, fault_budget, prop, prove_on(
        symbolic, prop, start=time.perf_counter(),
        certified=certified_for(spec, fault_budget, prop, "", folder, symbolic.system)),
        folder) for prop in SAFETY)
    return Proved(outcomes, time.perf_counter() - start)


def _judged(spec: Spec, fault_budget: int, prop: SafetyProperty, outcome: Outcome,
            folder: Path | None = None) -> Outcome:
    """A violation is a finding's where the property is proved with that finding's scope set
    aside (``prg.verify.checks.findings``, for every configuration at once): one finding
    alone first, then all that apply together; a scope with a certificate in ``folder`` is
    tried first, since the proof that wrote it found the others violated. Else the violation
    left is the property's."""
    findings = [f for f in spec.findings
                if f.property == prop.name and fault_budget >= f.fault_budget]
    if outcome.status != "violated" or not findings:
        return outcome
    tries = [[f] for f in findings] + ([findings] if len(findings) > 1 else [])
    if folder is not None:
        tries.sort(key=lambda chosen: not certificate_path(
            folder, prop.name, fault_budget, ",".join(f.id for f in chosen)).exists())
    rest = outcome
    for chosen in tries:
        without = [(frozenset(f.faults), f.config) for f in chosen]
        symbolic = SymbolicPair(spec, fault_budget, users="any", without=without)
        scope = ",".join(f.id for f in chosen)
        rest = prove_on(symbolic, prop, certified=certified_for(
            spec, fault_budget, prop, scope, folder, symbolic.system))
        if rest.status == "holds":
            return replace(outcome, status="finding", findings=tuple(f.id for f in chosen),
                           seconds=outcome.seconds + rest.seconds,
                           certificate=rest.certificate, invariant=rest.invariant)
    return replace(rest, seconds=outcome.seconds + rest.seconds)


def engines_agree(graph_properties: Sequence[Verdict], graph_rows: Mapping[int, int | None],
                  proved: Proved, rows: RowWitnesses) -> Verdict:
    """Whether the graph and the symbolic engine give the same verdicts on the properties both
    check, and whether BMC confirms each row's shortest witness length as the graph engine
    found it (``RowWitnesses.confirms``): the report's property entry, naming both lengths
    where they differ.

    The symbolic engine proves for every number of users, the graph engine for the
    configuration's users: a symbolic counterexample that needs more users than that is a
    finding, not a disagreement."""
    problems = []
    by_name = {p.name: p for p in graph_properties if p.engine == "graph"}
    for found in proved.outcomes:
        graph = by_name.get(found.name)
        if graph is None or found.status == "unknown":
            continue
        if found.status != graph.status and not (
            found.status in ("violated", "finding") and found.users_beyond_configuration
        ):
            problems.append(f"{found.name}: graph {graph.status}, z3 {found.status} "
                            f"({found.method})")
    depth = rows.depth
    for row_id, length in graph_rows.items():
        witness = rows.witnesses.get(row_id)
        found_length = len(witness) - 1 if witness else None
        if length is not None and length > depth:
            continue
        if found_length != length or (length is not None and not rows.confirms(row_id, length)):
            problems.append(f"row {row_id}: graph {_length_text(length)}, z3 "
                            f"{_length_text(found_length, depth, row_id in rows.shortest)}")
    return Verdict(
        name="engines_agree",
        description="The graph and Z3 engines give the same verdicts and witness lengths.",
        status="violated" if problems else "holds",
        engine="graph+z3",
        config={},
        message="; ".join(problems) if problems else None,
        counterexample=None,
        spec_lines=(),
        seconds=0.0,
    )


def _length_text(length: int | None, depth: int | None = None, shortest: bool = True) -> str:
    if length is None:
        return f"no witness within {counted(depth, 'step')}" if depth is not None else \
            "unreachable"
    if not shortest:
        return f"a witness of {counted(length, 'step')}, not shown to be the shortest"
    return f"shortest witness {counted(length, 'step')}"
