"""Traces through a pair, as typed values: each step's event and the joint state after it, as
people see it. The checks, the Z3 engine and the engineer's tools return them; the report
formats (``prg.verify.formats``) and the diagrams only render them, and none of them reads the
explored graph again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .explore import Graph
from .product import Joint, Label, Pair, users_of
from .spec import USER_CATEGORIES

Path = Sequence[tuple[Label | None, int]]


@dataclass(frozen=True)
class Shown:
    """One node as a trace shows it: its state and reason (None while it is down), and the
    facts that are not at their healthy value, in the spec's order."""

    state: str | None
    reason: str | None
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HomeUsers:
    """The users of one home node: how many are assigned, and where they are."""

    assigned: int
    at_home: int
    at_peer: int
    out: int

    def where(self) -> tuple[tuple[str, int], ...]:
        """Each place users can be (``at_home``, ``at_peer``, ``out``) with how many are there."""
        return tuple((category, getattr(self, category)) for category in USER_CATEGORIES)


@dataclass(frozen=True)
class TraceStep:
    """One joint state of a trace, with the step that led to it (no event for the first)."""

    event: str | None
    node: int | None
    rules: tuple[str, ...]
    node1: Shown
    node2: Shown
    high_availability: bool
    users: tuple[HomeUsers, HomeUsers]

    def side(self, lane: int) -> Shown:
        """Node 1 (``lane`` 1) or node 2 (``lane`` 2)."""
        return self.node1 if lane == 1 else self.node2


Trace = tuple[TraceStep, ...]


def shown(graph: Graph, node: int) -> Shown:
    """Node ``node`` (an id of the graph's pair) as a trace shows it."""
    pair = graph.pair
    view = pair.view(node)
    healthy = {f.name: f.healthy for f in pair.spec.facts}
    return Shown(view.state, view.reason,
                 tuple((name, value) for name, value in view.facts.items()
                       if value != healthy[name]))


def trace_of(graph: Graph, path: Path) -> Trace:
    """The trace of a path through ``graph``: one step per joint state."""
    result = []
    for label, state in path:
        n1, n2, ha, users = graph.states[state]
        result.append(TraceStep(
            event=label.event if label else None,
            node=label.node if label else None,
            rules=tuple(label.rules) if label else (),
            node1=shown(graph, n1),
            node2=shown(graph, n2),
            high_availability=ha,
            users=(HomeUsers(**users_of(users, 1)), HomeUsers(**users_of(users, 2))),
        ))
    return tuple(result)


def step_of(pair: Pair, label: Label | None, joint: Joint) -> TraceStep:
    """The trace step of a joint state of ``pair`` that no searched graph holds (a
    simulation's): the step's event, acting node and rules, and the joint state after it."""
    alone = Graph(pair, [joint], [[]], pair.labels, [(0, 0)], 0.0)
    return trace_of(alone, [(label, 0)])[0]
