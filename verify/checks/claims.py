"""The document's must / never / only sentences, checked as claims (the spec's ``claims:``).

A claim names steps (an event, or a node entering a state or taking a reason) and where they may
happen: a step it names happens to a node only where one of the claim's guards holds of that node
in the state the step leads to (no guard: never). A claim with ``after`` holds for a node from a
step of ``after`` on it until a step of ``until`` on it. Each claim cites its sentence; a broken
claim is a violation with the trace that breaks it.
"""

from __future__ import annotations

import numpy as np
from prg.model.explore import Graph
from prg.model.graphs import Array, Marks, breadth_first_levels, distinct
from prg.model.guards import holds
from prg.model.product import Joint, Pair
from prg.model.spec import Claim, StepPattern, Value
from prg.verify.checks.violation import Path, Violation

Control = tuple[int, int, bool]


def document_claims(graph: Graph) -> Violation | None:
    """Every claim of the spec (the document's must, never and only sentences) holds on every
    reachable step: a step it names happens to a node only where the claim allows it."""
    return document_claims_except(graph, frozenset())


def document_claims_except(graph: Graph, claims: frozenset[int | str]) -> Violation | None:
    """``document_claims`` for every claim but ``claims`` (ids)."""
    steps: _NodeSteps | None = None
    for claim in graph.pair.spec.claims:
        if claim.id in claims:
            continue
        if steps is None:
            steps = _NodeSteps(graph)
        found = _step_claim(steps, claim) if claim.after is None else _claim_between(steps, claim)
        if found is not None:
            return found
    return None


class _NodeSteps:
    """The graph's steps as they change the nodes (users aside): the claims read the nodes
    only, and most steps differ only in where the users are. Each distinct (nodes before,
    nodes after, label) is numbered in the order of its first step (breadth-first: the first
    state it is taken from, then that state's steps in order), and every step knows its
    number, so that a claim asks once per distinct step and a search reads the answer."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.steps = steps = graph.steps()
        control, self.controls = graph.controls()
        count, labels = len(self.controls), len(graph.labels)
        key = (control[steps.source] * count + control[steps.target]) * labels + steps.label
        _, firsts, distinct = np.unique(key, return_index=True, return_inverse=True)
        ranked = np.argsort(firsts, kind="stable")
        number = np.empty(len(ranked), np.int64)
        number[ranked] = np.arange(len(ranked))
        #: Per distinct step, the position of its first step; per step, its distinct step.
        self.first_step = firsts[ranked]
        self.of_step = number[distinct.reshape(-1)]
        self.before = control[steps.source[self.first_step]]
        self.after = control[steps.target[self.first_step]]
        self.label = steps.label[self.first_step]
        self.node_of = [np.array([c[index] for c in self.controls], np.int64) for index in (0, 1)]

    def stepped(self, pattern: StepPattern, index: int) -> Marks:
        """Per distinct step, whether it is one ``pattern`` names to node ``index`` (0, 1)."""
        labels = self.graph.labels
        marks = np.fromiter((pattern.events is None or label.event in pattern.events
                             for label in labels), np.bool_, len(labels))
        if pattern.enters is None and pattern.reasons is None:
            marks &= np.fromiter((label.node is None or label.node == index + 1
                                  for label in labels), np.bool_, len(labels))
            named: Marks = marks[self.label]
            return named
        nodes = self.node_of[index]
        shows = np.zeros(int(nodes.max()) + 1, np.bool_)
        present = distinct(nodes)
        shows[present] = [_shows(self.graph.pair, node, pattern) for node in present.tolist()]
        by_control = shows[nodes]
        entered: Marks = marks[self.label] & by_control[self.after] & ~by_control[self.before]
        return entered

    def forbidden(self, claim: Claim, index: int, stepped: Marks) -> Marks:
        """Of the ``stepped`` distinct steps, those after which none of the claim's guards
        holds of node ``index``."""
        if not claim.only_when:
            return stepped
        afters = distinct(self.after[stepped])
        allowed = np.zeros(len(self.controls), np.bool_)
        allowed[afters] = [_allowed(self.graph.pair, claim, self.controls[c], index)
                           for c in afters.tolist()]
        left: Marks = stepped & ~allowed[self.after]
        return left

    def path_through(self, position: int) -> Path:
        """The shortest trace to the source of the step at ``position``, then that step."""
        graph, steps = self.graph, self.steps
        return graph.path_to(int(steps.source[position])) + [
            (graph.labels[int(steps.label[position])], int(steps.target[position]))]


def _shows(pair: Pair, node: int, pattern: StepPattern) -> bool:
    view = pair.view(node)
    return view.up and (pattern.enters is None or view.state in pattern.enters) and (
        pattern.reasons is None or view.reason in pattern.reasons)


def _allowed(pair: Pair, claim: Claim, control: Control, index: int) -> bool:
    """Whether one of the claim's guards holds of node ``index`` (its peer as it is, heard or
    not)."""
    if not claim.only_when:
        return False
    node = pair.semantics
    me, peer = pair.local(control[index]), pair.local(control[1 - index])
    variables: dict[str, Value] = node.own_variables(me, node.info(me), control[2], index,
                                                    pair.config)
    variables.update(node.peer_variables(peer, node.info(peer), True))
    return any(holds(guard.atoms, variables) for guard in claim.only_when)


def _step_claim(steps: _NodeSteps, claim: Claim) -> Violation | None:
    """The first distinct step a claim names to a node where it does not allow it: node 1's
    before node 2's."""
    broken = [steps.forbidden(claim, index, steps.stepped(claim.step, index))
              for index in (0, 1)]
    either = np.flatnonzero(broken[0] | broken[1])
    if not either.size:
        return None
    first = int(either[0])
    index = 0 if broken[0][first] else 1
    return _broken(steps.graph, claim, index, steps.path_through(int(steps.first_step[first])))


def _claim_between(steps: _NodeSteps, claim: Claim) -> Violation | None:
    """A claim that holds for a node from a step of ``after`` on it until one of ``until``:
    a search from each state an ``after`` step leads to (in the order of those steps),
    breadth-first along steps that are not ``until`` steps on that node."""
    assert claim.after is not None
    graph, arrays = steps.graph, steps.steps
    for index in (0, 1):
        arming = np.flatnonzero(steps.stepped(claim.after, index)[steps.of_step])
        armed, places = _first_found(arrays.target[arming])
        if not armed.size:
            continue
        until = np.zeros(len(steps.first_step), np.bool_)
        for pattern in claim.until:
            until |= steps.stepped(pattern, index)
        breaking = steps.forbidden(claim, index, steps.stepped(claim.step, index))[steps.of_step]
        reached_by = np.full(arrays.states, -1, np.int64)
        reached_by[armed] = arming[places]
        is_armed = np.zeros(arrays.states, np.bool_)
        is_armed[armed] = True
        for taken, finding in breadth_first_levels(arrays, armed, ~until[steps.of_step]):
            broken = taken[breaking[taken]]
            if broken.size:
                position = int(broken[0])
                path = _armed_path(steps, reached_by, is_armed, int(arrays.source[position]))
                target = int(arrays.target[position])
                return _broken(graph, claim, index,
                               path + [(graph.labels[int(arrays.label[position])], target)])
            reached_by[arrays.target[finding]] = finding
    return None


def _first_found(states: Array) -> tuple[Array, Array]:
    """The distinct states of ``states``, each at its first place, and those places."""
    _, places = np.unique(states, return_index=True)
    places.sort()
    return states[places], places


def _armed_path(steps: _NodeSteps, reached_by: Array, armed: Marks, state: int) -> Path:
    """The shortest trace to the arming step that the search from it reached ``state`` by,
    then the steps since (``reached_by``: per state, the step that reached it, the arming
    step for the ``armed`` states, those an arming step leads to)."""
    graph, arrays = steps.graph, steps.steps
    tail: Path = []
    while not armed[state]:
        position = int(reached_by[state])
        tail.append((graph.labels[int(arrays.label[position])], state))
        state = int(arrays.source[position])
    return steps.path_through(int(reached_by[state])) + tail[::-1]


def _broken(graph: Graph, claim: Claim, index: int, path: Path) -> Violation:
    pair = graph.pair
    joint: Joint = graph.states[path[-1][1]]
    view = pair.view(joint[0] if index == 0 else joint[1])
    shown = f"{view.state} / {view.reason}" if view.up else "down"
    return Violation(f"claim {claim.id}: node {index + 1} ends {shown}, against "
                     f"{claim.says!r} ({claim.at.source})", graph, path, (claim.at.line,))
