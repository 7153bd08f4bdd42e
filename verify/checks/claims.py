"""The document's must / never / only sentences, checked as claims (the spec's ``claims:``).

A claim names steps (an event, or a node entering a state or taking a reason) and where they may
happen: a step it names happens to a node only where one of the claim's guards holds of that node
in the state the step leads to (no guard: never). A claim with ``after`` holds for a node from a
step of ``after`` on it until a step of ``until`` on it. Each claim cites its sentence; a broken
claim is a violation with the trace that breaks it.
"""

from __future__ import annotations

from collections.abc import Iterator

from prg.model.explore import Graph
from prg.model.guards import holds
from prg.model.product import Joint, Label, Pair
from prg.model.spec import Claim, StepPattern, Value
from prg.verify.checks.violation import Path, Violation

Control = tuple[int, int, bool]


def document_claims(graph: Graph) -> Violation | None:
    """Every claim of the spec (the document's must, never and only sentences) holds on every
    reachable step: a step it names happens to a node only where the claim allows it."""
    return document_claims_except(graph, frozenset())


def document_claims_except(graph: Graph, claims: frozenset[int | str]) -> Violation | None:
    """``document_claims`` for every claim but ``claims`` (ids)."""
    steps: dict[tuple[Control, Control, int], int] | None = None
    for claim in graph.pair.spec.claims:
        if claim.id in claims:
            continue
        if claim.after is None:
            if steps is None:
                steps = _distinct_steps(graph)
            found = _step_claim(graph, claim, steps)
        else:
            found = _claim_between(graph, claim)
        if found is not None:
            return found
    return None


def _distinct_steps(graph: Graph) -> dict[tuple[Control, Control, int], int]:
    """Each step of the graph as it changes the nodes (users aside), with the first state
    (breadth-first) it is taken from: the claims read the nodes only."""
    found: dict[tuple[Control, Control, int], int] = {}
    controls: list[Control] = [state[:3] for state in graph.states]
    for source, edges in enumerate(graph.edges):
        before = controls[source]
        for target, label in edges:
            found.setdefault((before, controls[target], label), source)
    return found


def _nodes_stepped(pair: Pair, pattern: StepPattern, label: Label, before: Control,
                   after: Control) -> Iterator[int]:
    """The nodes (0, 1) to which a step is one ``pattern`` names."""
    if pattern.events is not None and label.event not in pattern.events:
        return
    for index in (0, 1):
        if pattern.enters is None and pattern.reasons is None:
            if label.node is None or label.node == index + 1:
                yield index
            continue
        if _shows(pair, after[index], pattern) and not _shows(pair, before[index], pattern):
            yield index


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


def _step_claim(graph: Graph, claim: Claim,
                steps: dict[tuple[Control, Control, int], int]) -> Violation | None:
    pair = graph.pair
    for (before, after, label), source in steps.items():
        for index in _nodes_stepped(pair, claim.step, graph.labels[label], before, after):
            if not _allowed(pair, claim, after, index):
                target = next(t for t, l in graph.edges[source]
                              if l == label and graph.states[t][:3] == after)
                path = graph.path_to(source) + [(graph.labels[label], target)]
                return _broken(graph, claim, index, path)
    return None


def _claim_between(graph: Graph, claim: Claim) -> Violation | None:
    """A claim that holds for a node from a step of ``after`` on it until one of ``until``:
    a search from each state an ``after`` step leads to, along steps that are not ``until``
    steps on that node."""
    assert claim.after is not None
    pair = graph.pair
    controls: list[Control] = [state[:3] for state in graph.states]
    for index in (0, 1):
        parent: dict[int, tuple[int, int]] = {}
        order: list[int] = []
        for source, edges in enumerate(graph.edges):
            for target, label in edges:
                if target not in parent and index in _nodes_stepped(
                        pair, claim.after, graph.labels[label], controls[source],
                        controls[target]):
                    parent[target] = (source, label)
                    order.append(target)
        armed = set(order)
        for state in order:  # grows while it is read: breadth-first from the arming steps
            for target, label in graph.edges[state]:
                step = graph.labels[label]
                before, after = controls[state], controls[target]
                if any(index in _nodes_stepped(pair, until, step, before, after)
                       for until in claim.until):
                    continue
                if index in _nodes_stepped(pair, claim.step, step, before, after) and \
                        not _allowed(pair, claim, after, index):
                    path = _armed_path(graph, parent, armed, state)
                    return _broken(graph, claim, index, path + [(step, target)])
                if target not in parent:
                    parent[target] = (state, label)
                    order.append(target)
    return None


def _armed_path(graph: Graph, parent: dict[int, tuple[int, int]], armed: set[int],
                state: int) -> Path:
    """The shortest trace to the arming step that the search from it reached ``state`` by,
    then the steps since."""
    tail: Path = []
    while state not in armed:
        before, label = parent[state]
        tail.append((graph.labels[label], state))
        state = before
    source, label = parent[state]
    return graph.path_to(source) + [(graph.labels[label], state)] + tail[::-1]


def _broken(graph: Graph, claim: Claim, index: int, path: Path) -> Violation:
    pair = graph.pair
    joint: Joint = graph.states[path[-1][1]]
    view = pair.view(joint[0] if index == 0 else joint[1])
    shown = f"{view.state} / {view.reason}" if view.up else "down"
    return Violation(f"claim {claim.id}: node {index + 1} ends {shown}, against "
                     f"{claim.says!r} ({claim.at.source})", graph, path, (claim.at.line,))
