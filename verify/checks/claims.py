"""The document's must / never / only sentences, checked as claims (the spec's ``claims:``).

A claim names steps (an event, or a node entering a state or taking a reason) and where they may
happen: a step it names happens to a node only where one of the claim's guards holds of that node
in the state the step leads to (no guard: never). A claim with ``after`` holds for a node from a
step of ``after`` on it until a step of ``until`` on it. Each claim cites its sentence; a broken
claim is a violation with the trace that breaks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
from prg.model.explore import Graph, Triples, triples_of
from prg.model.graphs import Array, Marks, breadth_first_levels, first_places
from prg.model.guards import holds
from prg.model.product import Joint, Pair
from prg.model.spec import Claim, Guard, StepPattern, Value
from prg.verify.checks.violation import Path, Violation


def document_claims(graph: Graph) -> Violation | None:
    """Every claim of the spec (the document's must, never and only sentences) holds on every
    reachable step: a step it names happens to a node only where the claim allows it."""
    return document_claims_except(graph, frozenset())


def document_claims_except(graph: Graph, claims: frozenset[int | str]) -> Violation | None:
    """``document_claims`` for every claim but ``claims`` (ids)."""
    checked = [claim for claim in graph.pair.spec.claims if claim.id not in claims]
    if not checked:
        return None
    steps = _NodeSteps(graph)
    suspects = steps.suspects([claim for claim in checked if claim.after is None])
    read = steps.among(suspects)
    for claim in checked:
        found = (_step_claim(steps, claim, suspects, read) if claim.after is None
                 else _claim_between(steps, claim))
        if found is not None:
            return found
    return None


class _NodeAnswers:
    """What the claims ask of each node of one pair (by id), asked once per pair for all its
    graphs: whether it shows what a step pattern names it entering, and whether the atoms of
    a guard on the node itself (with high availability off and on) or on its peer hold."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.count = len(pair.nodes.locals)
        self._shows: dict[StepPattern, Marks] = {}
        self._guards: dict[tuple[Guard, int], tuple[Marks, Marks]] = {}
        self._own: dict[int, list[list[dict[str, Value]]]] = {}
        self._on_triples: _OnTriples | None = None

    def shows(self, pattern: StepPattern) -> Marks:
        """Per node, whether it is up and shows one of the pattern's states and reasons."""
        if pattern not in self._shows:
            self._shows[pattern] = np.fromiter(
                (_shows(self.pair, node, pattern) for node in range(self.count)), np.bool_,
                self.count)
        return self._shows[pattern]

    def guard(self, guard: Guard, index: int) -> tuple[Marks, Marks]:
        """Whether the guard's atoms on node ``index`` itself hold, per high availability
        (0, 1) and node; and whether its atoms on the peer (as heard) hold, per node."""
        key = (guard, index)
        if key not in self._guards:
            own_atoms = [(n, a) for n, a in guard.atoms if not n.startswith("peer.")]
            peer_atoms = [(n, a) for n, a in guard.atoms if n.startswith("peer.")]
            own = np.array([[holds(own_atoms, variables) for variables in by_node]
                            for by_node in self._own_variables(index)], np.bool_)
            peer_variables = self.pair.nodes.peer_variables
            peer = np.fromiter((holds(peer_atoms, peer_variables(node, True))
                                for node in range(self.count)), np.bool_, self.count)
            self._guards[key] = (own.reshape(2, self.count), peer)
        return self._guards[key]

    def _own_variables(self, index: int) -> list[list[dict[str, Value]]]:
        """The guard variables of node ``index`` that do not read the peer, per high
        availability (off, on) and node."""
        if index not in self._own:
            nodes, pair = self.pair.nodes, self.pair
            self._own[index] = [
                [nodes.semantics.own_variables(nodes.locals[node], nodes.info[node], ha, index,
                                               pair.config) for node in range(self.count)]
                for ha in (False, True)]
        return self._own[index]

    def on_triples(self, triples: Triples) -> _OnTriples:
        """The answers per triple of ``triples``: kept for the last triples asked about,
        which the graphs cut from one search share."""
        if self._on_triples is None or self._on_triples.triples is not triples:
            self._on_triples = _OnTriples(self, triples)
        return self._on_triples


class _OnTriples:
    """What the claims ask of a node, per triple of nodes (``prg.model.triples``), read from
    the answers per node."""

    def __init__(self, answers: _NodeAnswers, triples: Triples) -> None:
        self.answers = answers
        self.triples = triples
        self._allowed: dict[tuple[str, int], Marks] = {}

    def showing(self, pattern: StepPattern, index: int) -> Marks | None:
        """Per triple, whether node ``index`` shows what ``pattern`` names it entering; None
        where the pattern names events only."""
        if pattern.enters is None and pattern.reasons is None:
            return None
        showing: Marks = self.answers.shows(pattern)[self.triples.nodes[index]]
        return showing

    def allowed(self, claim: Claim, index: int) -> Marks:
        """Per triple, whether one of the claim's guards holds of node ``index`` (its peer as
        it is, heard or not)."""
        key = (claim.id, index)
        if key not in self._allowed:
            nodes, ha = self.triples.nodes, self.triples.ha
            allowed = np.zeros(len(ha), np.bool_)
            for guard in claim.only_when:
                own, peer = self.answers.guard(guard, index)
                allowed |= own[ha, nodes[index]] & peer[nodes[1 - index]]
            self._allowed[key] = allowed
        return self._allowed[key]


_NODE_ANSWERS: WeakKeyDictionary[Pair, _NodeAnswers] = WeakKeyDictionary()


def _node_answers(pair: Pair) -> _NodeAnswers:
    """The pair's ``_NodeAnswers``, made again where the pair has met new nodes since."""
    found = _NODE_ANSWERS.get(pair)
    if found is None or found.count != len(pair.nodes.locals):
        found = _NODE_ANSWERS[pair] = _NodeAnswers(pair)
    return found


@dataclass(frozen=True)
class _Read:
    """Some steps of a graph, as the claims read them: per step, the triples (ids of
    ``Graph.controls``) of the states it leads from and to, and its label."""

    before: Array
    after: Array
    label: Array


class _NodeSteps:
    """The graph's steps as the claims read them: a claim reads the nodes only, not where the
    users are, so what it asks is answered per node (``_NodeAnswers``), spread to the triples
    of nodes (``_OnTriples``) and read per step through the triples of the states the step
    leads from and to."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.steps = graph.steps()
        self.control = graph.controls()[0]
        self.triples = _node_answers(graph.pair).on_triples(triples_of(graph))
        self._every: _Read | None = None

    def every(self) -> _Read:
        """Every step, in order."""
        if self._every is None:
            steps = self.steps
            self._every = _Read(np.repeat(self.control, np.diff(steps.first)),
                                self.control[steps.target], steps.label)
        return self._every

    def among(self, positions: Array) -> _Read:
        """The steps at ``positions``, in their order."""
        steps = self.steps
        return _Read(self.control[steps.source[positions]],
                     self.control[steps.target[positions]], steps.label[positions])

    def _label_marks(self, pattern: StepPattern, index: int) -> Marks:
        """Per label, whether it is of one of the pattern's events; for a pattern that names
        events only, on node ``index`` or on the pair."""
        labels = self.graph.labels
        marks = np.fromiter((pattern.events is None or label.event in pattern.events
                             for label in labels), np.bool_, len(labels))
        if pattern.enters is None and pattern.reasons is None:
            marks &= np.fromiter((label.node is None or label.node == index + 1
                                  for label in labels), np.bool_, len(labels))
        return marks

    def stepped(self, pattern: StepPattern, index: int, read: _Read) -> Marks:
        """Per step ``read``, whether it is one ``pattern`` names to node ``index``."""
        named: Marks = self._label_marks(pattern, index)[read.label]
        showing = self.triples.showing(pattern, index)
        if showing is None:
            return named
        entered: Marks = named & showing[read.after] & ~showing[read.before]
        return entered

    def forbidden(self, claim: Claim, index: int, read: _Read) -> Marks:
        """Per step ``read``, whether it is one the claim names to node ``index`` after which
        none of the claim's guards holds of that node."""
        left: Marks = (self.stepped(claim.step, index, read)
                       & ~self.triples.allowed(claim, index)[read.after])
        return left

    def suspects(self, claims: list[Claim]) -> Array:
        """The steps (positions, in order) that lead to a triple where one of ``claims``
        allows none of the steps it names to one node: the only steps that may break them."""
        ending = np.zeros(len(self.triples.triples), np.bool_)
        for claim in claims:
            for index in (0, 1):
                showing = self.triples.showing(claim.step, index)
                refused = ~self.triples.allowed(claim, index)
                ending |= refused if showing is None else refused & showing
        found: Array = np.flatnonzero(ending[self.control][self.steps.target])
        return found

    def path_through(self, position: int) -> Path:
        """The shortest trace to the source of the step at ``position``, then that step."""
        graph, steps = self.graph, self.steps
        return graph.path_to(int(steps.source[position])) + [
            (graph.labels[int(steps.label[position])], int(steps.target[position]))]


def _shows(pair: Pair, node: int, pattern: StepPattern) -> bool:
    view = pair.view(node)
    return view.up and (pattern.enters is None or view.state in pattern.enters) and (
        pattern.reasons is None or view.reason in pattern.reasons)


def _step_claim(steps: _NodeSteps, claim: Claim, suspects: Array,
                read: _Read) -> Violation | None:
    """The first step a claim names to a node where it does not allow it (node 1's before
    node 2's at the same step), of the ``suspects`` (``_NodeSteps.suspects``; ``read``, as
    ``_NodeSteps.among`` reads them)."""
    broken = [steps.forbidden(claim, index, read) for index in (0, 1)]
    either = np.flatnonzero(broken[0] | broken[1])
    if not either.size:
        return None
    first = int(either[0])
    index = 0 if broken[0][first] else 1
    return _broken(steps.graph, claim, index, steps.path_through(int(suspects[first])))


def _claim_between(steps: _NodeSteps, claim: Claim) -> Violation | None:
    """A claim that holds for a node from a step of ``after`` on it until one of ``until``:
    a search from each state an ``after`` step leads to (in the order of those steps),
    breadth-first along steps that are not ``until`` steps on that node."""
    assert claim.after is not None
    graph, arrays, every = steps.graph, steps.steps, steps.every()
    for index in (0, 1):
        arming = np.flatnonzero(steps.stepped(claim.after, index, every))
        armed, places = first_places(arrays.target[arming])
        if not armed.size:
            continue
        until = np.zeros(len(arrays.target), np.bool_)
        for pattern in claim.until:
            until |= steps.stepped(pattern, index, every)
        breaking = steps.forbidden(claim, index, every)
        reached_by = np.full(arrays.states, -1, np.int64)
        reached_by[armed] = arming[places]
        is_armed = np.zeros(arrays.states, np.bool_)
        is_armed[armed] = True
        for taken, finding in breadth_first_levels(arrays, armed, ~until):
            broken = taken[breaking[taken]]
            if broken.size:
                position = int(broken[0])
                path = _armed_path(steps, reached_by, is_armed, int(arrays.source[position]))
                target = int(arrays.target[position])
                return _broken(graph, claim, index,
                               path + [(graph.labels[int(arrays.label[position])], target)])
            reached_by[arrays.target[finding]] = finding
    return None


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
