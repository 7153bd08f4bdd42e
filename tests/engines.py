"""Engines that decide the same questions about one spec under one configuration, for the
agreement tests: the explicit explorer with the properties of ``prg.verify.checks.properties``, and a
plain networkx search with every property written again over a ``networkx.DiGraph``.

An engine is a function ``(spec, config, fault_budget) -> Outcome``; the Z3 engine (the
symbolic transition relation, k-induction, Spacer and BMC) is the third.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import networkx as nx
import z3
from prg.model.explore import explore
from prg.model.node import AUTOMATIC, FAIR, NO_FAULTS
from prg.model.product import Config, Joint, Label, Pair, everyone_served, users_of
from prg.model.spec import CauseStep, Claim, Row, Spec, StepPattern
from prg.model.symbolic import Evaluator, SymbolicPair, frame_values
from prg.model.table import (
    condition_holds,
    documentation,
    extension_matches,
    is_goal,
    nodes_healthy_and_normal,
    row_matches,
    rows_acted_on,
)
from prg.verify.checks.causes import timings_of
from prg.verify.checks.engines import bmc_all
from prg.verify.checks.proofs import SAFETY, prove, row_goal
from prg.verify.checks.properties import PROPERTIES, summarize

#: A joint state by value: both nodes' local tuples, high availability, the users.
State = tuple[tuple[str, ...], tuple[str, ...], bool, tuple[int, ...]]


@dataclass(frozen=True)
class Outcome:
    """What an engine finds: the reachable joint states, whether each property holds, and the
    length (in events) of the shortest witness of each Table 2 row (None: unreachable). An
    engine that does not enumerate states gives ``reachable`` None, and ``verdicts`` only for
    the properties it decides."""

    reachable: frozenset[State] | None
    verdicts: dict[str, bool]
    witness_lengths: dict[int, int | None]


Engine = Callable[[Spec, Config, int], Outcome]


def _by_value(pair: Pair, joint: Joint) -> State:
    n1, n2, ha, users = joint
    return (pair.local(n1), pair.local(n2), ha, users)


def explicit(spec: Spec, config: Config, fault_budget: int) -> Outcome:
    """prg's own engine: the breadth-first explorer and the property functions."""
    graph = explore(Pair(spec, config, fault_budget))
    summary = summarize(graph)
    verdicts = {
        prop.name: (prop.check(spec, [summary]) if prop.existential  # type: ignore[call-arg,arg-type]
                    else prop.check(graph)) is None  # type: ignore[call-arg,arg-type]
        for prop in PROPERTIES
    }
    lengths = {row: (len(trace) - 1 if trace is not None else None)
               for row, trace in summary.witnesses.items()}
    return Outcome(frozenset(_by_value(graph.pair, s) for s in graph.states), verdicts, lengths)


def networkx_search(spec: Spec, config: Config, fault_budget: int) -> Outcome:
    """A plain search: a worklist over ``Pair.successors`` fills a ``networkx.MultiDiGraph``
    whose edges carry the step's label; reachability, distances and every property come from
    networkx's own algorithms."""
    pair = Pair(spec, config, fault_budget)
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    graph.add_node(pair.initial)
    work = [pair.initial]
    while work:
        joint = work.pop()
        for label, target in pair.successors(joint):
            if target not in graph:
                work.append(target)
            graph.add_edge(joint, target, label=label)
    distance = nx.single_source_shortest_path_length(graph, pair.initial)
    checks = _Checks(pair, graph, fault_budget)
    verdicts = {prop.name: getattr(checks, prop.name)() for prop in PROPERTIES}
    lengths: dict[int, int | None] = {}
    for row in spec.rows:
        found = [distance[j] for j in graph if row_matches(pair, j[0], j[1], row)]
        lengths[row.id] = min(found) if found else None
    return Outcome(frozenset(_by_value(pair, j) for j in graph), verdicts, lengths)


class _Checks:
    """Each property again, by its description, over the networkx graph."""

    def __init__(self, pair: Pair, graph: nx.MultiDiGraph, fault_budget: int) -> None:
        self.pair = pair
        self.graph = graph
        self.fault_budget = fault_budget
        self.spec = pair.spec

    def _kind(self, data: dict[str, object]) -> str:
        return self.pair.event_kind(data["label"].event)  # type: ignore[attr-defined]

    def _restricted(self, kinds: frozenset[str]) -> nx.DiGraph:
        kept: nx.DiGraph = nx.DiGraph()
        kept.add_nodes_from(self.graph)
        kept.add_edges_from((a, b) for a, b, data in self.graph.edges(data=True)
                            if self._kind(data) in kinds)
        return kept

    def _can_reach(self, kinds: frozenset[str], targets: set[Joint]) -> set[Joint]:
        """Every state with a path of ``kinds`` edges into ``targets`` (``targets`` included)."""
        restricted = self._restricted(kinds)
        found = set(targets)
        for target in targets:
            found |= nx.ancestors(restricted, target)
        return found

    def states_reachable(self) -> bool:
        shown = {self.pair.view(n).state for j in self.graph for n in j[:2]
                 if self.pair.view(n).up}
        return all(s.name in shown for s in self.spec.states)

    def rows_reachable(self) -> bool:
        return all(any(row_matches(self.pair, j[0], j[1], row) for j in self.graph)
                   for row in self.spec.rows)

    def extensions_needed(self) -> bool:
        used: set[int] = set()
        for joint in self.graph:
            n1, n2 = joint[0], joint[1]
            if any(row_matches(self.pair, a, b, row)
                   for row in self.spec.rows for a, b in ((n1, n2), (n2, n1))):
                continue
            excusing = {i for i, extension in enumerate(self.spec.extensions)
                        for a, b in ((n1, n2), (n2, n1))
                        if extension_matches(self.pair, a, b, extension)}
            if len(excusing) > 1:
                return False
            used |= excusing
        return used == set(range(len(self.spec.extensions)))

    def rows_caused(self) -> bool:
        return all(self._cause_agrees(row, cause) for row in self.spec.rows
                   for cause in row.causes if not self._configured_out(cause))

    def _configured_out(self, cause: tuple[CauseStep, ...]) -> bool:
        """A step of the cause is an event some rule takes, and no rule of this
        configuration."""
        config = self.pair.config
        for step in cause:
            rules = [r for r in self.spec.rules if r.event == step.event]
            if rules and not any(all(config[name[len("config."):]] in allowed
                                     for name, allowed in r.guard.atoms
                                     if name.startswith("config."))
                                 for r in rules):
                return True
        return False

    def _cause_agrees(self, row: Row, cause: tuple[CauseStep, ...]) -> bool:
        """The product of the graph with how many of the cause's steps were taken and whether
        the row's timer fired since the last, as its own graph."""
        timings = timings_of(self.spec, row, cause)
        timers = {t.timer for t in timings if t.timer is not None}
        product: nx.DiGraph = nx.DiGraph()
        for a, b, data in self.graph.edges(data=True):
            label = data["label"]
            for k in range(len(cause) + 1):
                for timed in (False, True):
                    if self._kind(data) in AUTOMATIC:
                        fired = timed or (k == len(cause) and label.event in timers)
                        product.add_edge((a, k, timed), (b, k, fired))
                    elif k < len(cause) and (label.event, label.node) == (
                            cause[k].event, cause[k].node):
                        product.add_edge((a, k, timed), (b, k + 1, timed))
        start = (self.pair.initial, 0, not timers)
        product.add_node(start)
        reached = nx.descendants(product, start) | {start}
        ends = [(j, timed) for j, k, timed in reached
                if k == len(cause) and row_matches(self.pair, j[0], j[1], row)]
        if not ends or (timers and not any(timed for _, timed in ends)):
            return False
        starts = {j for j, timed in ends if timed or not timers}
        own = self._restricted(AUTOMATIC)
        after = set(starts).union(*(nx.descendants(own, j) for j in starts))
        served = any(everyone_served(j[3]) for j in after)
        users = any(users_of(self.pair.initial[3], home)["assigned"] for home in (1, 2))
        return all(not users or served == (t.served_again == "re-login") for t in timings)

    def service_after_one_fault(self) -> bool:
        own = self._restricted(AUTOMATIC)
        servable = self._can_reach(AUTOMATIC, {j for j in self.graph if everyone_served(j[3])})
        info, semantics = self.pair.nodes.info, self.pair.semantics
        for a, b, data in self.graph.edges(data=True):
            if self._kind(data) != "fault" or a not in servable:
                continue
            if semantics.pair_faults(info[a[0]], info[a[1]]):
                continue
            if not any(info[n].up and info[n].healthy for n in b[:2]):
                continue
            if not ({b} | nx.descendants(own, b)) <= servable:
                return False
        return True

    def no_dead_rules(self) -> bool:
        fired = {rule for _, _, data in self.graph.edges(data=True)
                 for rule in data["label"].rules}
        # A rule whose config.* guard this configuration does not meet need not fire.
        config = self.pair.config
        possible = [r for r in self.spec.rules
                    if all(config[name[len("config."):]] in allowed
                           for name, allowed in r.guard.atoms if name.startswith("config."))]
        return all(r.id in fired for r in possible if r.needs_faults <= self.fault_budget)

    def documented_pairs(self) -> bool:
        return all(documentation(self.pair, j[0], j[1]) is not None for j in self.graph)

    def no_user_lost(self) -> bool:
        for n1, n2, _, users in self.graph:
            nodes = {1: self.pair.view(n1), 2: self.pair.view(n2)}
            for home in (1, 2):
                counts = users_of(users, home)
                if min(counts.values()) < 0 or (
                    counts["at_home"] + counts["at_peer"] + counts["out"] != counts["assigned"]
                ):
                    return False
                if counts["at_home"] and not nodes[home].serves_own:
                    return False
                if counts["at_peer"] and not nodes[3 - home].serves_guests:
                    return False
        return True

    def no_split_brain(self) -> bool:
        return not any(
            self.pair.view(own).serves_own and self.pair.view(other).serves_guests
            for n1, n2, _, _ in self.graph for own, other in ((n1, n2), (n2, n1))
        )

    def no_users_added_during_failover(self) -> bool:
        failover = {s.name for s in self.spec.states if s.failover}
        rules = {r.id: r for r in self.spec.rules}
        for source, _, data in self.graph.edges(data=True):
            adds = any(m.origin is None for rule in data["label"].rules
                       for m in rules[rule].moves)
            if adds and {self.pair.view(n).state for n in source[:2]} & failover:
                return False
        return True

    def document_claims(self) -> bool:
        """Each claim: no step it names, to a node, into a state where none of its guards
        holds of that node; with ``after``, among the steps reachable from an ``after`` step
        on the node by steps that are not ``until`` steps on it."""
        edges = list(self.graph.edges(data=True))
        for claim in self.spec.claims:
            for index in (0, 1):
                def on(pattern: StepPattern, a: Joint, b: Joint, data: dict[str, Label],
                       index: int = index) -> bool:
                    return self._step_on(pattern, a, b, data["label"], index)

                def bad(a: Joint, b: Joint, data: dict[str, Label],
                        index: int = index, claim: Claim = claim) -> bool:
                    return on(claim.step, a, b, data) and not self._claim_allows(
                        claim, b, index)

                def releases(a: Joint, b: Joint, data: dict[str, Label],
                             claim: Claim = claim) -> bool:
                    return any(on(until, a, b, data) for until in claim.until)

                if claim.after is None:
                    if any(bad(a, b, data) for a, b, data in edges):
                        return False
                    continue
                armed = {b for a, b, data in edges if on(claim.after, a, b, data)}
                free: nx.DiGraph = nx.DiGraph()
                free.add_nodes_from(self.graph)
                free.add_edges_from((a, b) for a, b, data in edges if not releases(a, b, data))
                reached = set(armed)
                for joint in armed:
                    reached |= nx.descendants(free, joint)
                if any(a in reached and not releases(a, b, data) and bad(a, b, data)
                       for a, b, data in edges):
                    return False
        return True

    def _step_on(self, pattern: StepPattern, before: Joint, after: Joint, label: Label,
                 index: int) -> bool:
        if pattern.events is not None and label.event not in pattern.events:
            return False
        if pattern.enters is None and pattern.reasons is None:
            return label.node in (None, index + 1)

        def shows(joint: Joint) -> bool:
            view = self.pair.view(joint[0] if index == 0 else joint[1])
            return view.up and (pattern.enters is None or view.state in pattern.enters) and (
                pattern.reasons is None or view.reason in pattern.reasons)
        return shows(after) and not shows(before)

    def _claim_allows(self, claim: Claim, joint: Joint, index: int) -> bool:
        node = self.pair.semantics
        nodes = (joint[0], joint[1])
        me, peer = self.pair.local(nodes[index]), self.pair.local(nodes[1 - index])
        values = {**node.own_variables(me, node.info(me), joint[2], index, self.pair.config),
                  **node.peer_variables(peer, node.info(peer), True)}
        return any(all(values[name] in allowed for name, allowed in guard.atoms)
                   for guard in claim.only_when)

    def _goals(self) -> set[Joint]:
        return {j for j in self.graph
                if nodes_healthy_and_normal(self.pair, j[0], j[1]) and is_goal(self.pair, j)}

    def recoverable(self) -> bool:
        return self._can_reach(NO_FAULTS, self._goals()) >= set(self.graph)

    def no_deadlock(self) -> bool:
        return all(
            any(target != joint and self._kind(data) != "fault"
                for _, target, data in self.graph.out_edges(joint, data=True))
            for joint in self.graph
        )

    def transient_states_left(self) -> bool:
        transient = {s.name for s in self.spec.states if s.klass == "transient"}
        for index in (0, 1):
            def shows_transient(joint: Joint, index: int = index) -> bool:
                view = self.pair.view(joint[index])
                return view.up and view.state in transient

            exits = {j for j in self.graph if not shows_transient(j)}
            if self._can_reach(FAIR, exits) != set(self.graph):
                return False
        return True

    def recommended_actions_recover(self) -> bool:
        for row in self.spec.rows:
            if row.actions is None:
                continue
            starts = [j for j in self.graph
                      if self._described(j[0]) and self._described(j[1])
                      and row in rows_acted_on(self.pair, j)
                      and condition_holds(self.pair, j, row.assumes)]
            if starts and not self._actions_recover(row.actions, starts):
                return False
        return True

    def _described(self, node: int) -> bool:
        view = self.pair.view(node)
        if not view.up or view.state is None:
            return True
        return all(view.facts[name] == value
                   for name, value in self.spec.state(view.state).implies)

    def _actions_recover(self, actions: tuple[object, ...], starts: list[Joint]) -> bool:
        """The product of the graph with how many actions were taken, as its own graph: from
        every start (after 0 actions), Normal after the last action must be reachable."""
        steps = list(actions)
        product: nx.DiGraph = nx.DiGraph()
        for joint in self.graph:
            for k in range(len(steps) + 1):
                product.add_node((joint, k))
                for _, target, data in self.graph.out_edges(joint, data=True):
                    if self._kind(data) in AUTOMATIC:
                        product.add_edge((joint, k), (target, k))
                if k == len(steps):
                    continue
                step = steps[k]
                if not condition_holds(self.pair, joint, step.condition):  # type: ignore[attr-defined]
                    product.add_edge((joint, k), (joint, k + 1))
                    continue
                for _, target, data in self.graph.out_edges(joint, data=True):
                    label = data["label"]
                    if (label.event, label.node) == (step.event, step.node):  # type: ignore[attr-defined]
                        product.add_edge((joint, k), (target, k + 1))
        done = {(j, len(steps)) for j in self.graph if is_goal(self.pair, j)}
        good = set(done)
        for node in done:
            good |= nx.ancestors(product, node)
        return all((start, 0) in good for start in starts)


def z3_outcome(spec: Spec, config: Config, fault_budget: int) -> Outcome:
    """The Z3 engine: the initial frame solved from ``init``; the reachable frames by
    evaluating ``trans``'s actions; the safety properties by k-induction or Spacer; each row's
    shortest witness by BMC, as deep as the reachable frames go (so that a row BMC does not
    find is unreachable)."""
    symbolic = SymbolicPair(spec, fault_budget, users="exact")
    system = replace(symbolic.system, init=lambda frame: symbolic.init_for(frame, config))
    first = system.frame(0)
    solver = z3.Solver()
    solver.add(system.init(first))
    assert solver.check() == z3.sat
    start = {k: v for k, v in frame_values(solver.model(), first).items() if k != "step"}
    evaluator = Evaluator(symbolic)
    seen = {tuple(sorted(start.items()))}
    level, depth = [start], 0
    while level:
        following = []
        for values in level:
            for _, after in evaluator.successors(values):
                del after["step"]
                key = tuple(sorted(after.items()))
                if key not in seen:
                    seen.add(key)
                    following.append(after)
        depth += bool(following)
        level = following
    pair = Pair(spec, config, fault_budget)
    reachable = frozenset(_by_value(pair, symbolic.joint(pair, dict(key))) for key in seen)
    verdicts = {prop.name: prove(spec, prop, fault_budget, config=config,
                                 users="exact").status == "holds" for prop in SAFETY}
    found = bmc_all(system, {str(row.id): row_goal(symbolic, row) for row in spec.rows}, depth)
    lengths = {row.id: found[str(row.id)].length if str(row.id) in found else None
               for row in spec.rows}
    return Outcome(reachable, verdicts, lengths)


#: The engines that must agree.
ENGINES: dict[str, Engine] = {
    "explicit": explicit,
    "networkx": networkx_search,
}
#: Engines that take seconds per spec: checked on fewer random specs.
SLOW_ENGINES: dict[str, Engine] = {
    "z3": z3_outcome,
}
