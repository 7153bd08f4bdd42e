"""The recovery table: for every failed joint state the pair can reach, what the administrator
has to do to bring it back to Normal / Normal, next to what Table 2 recommends.

A joint state is *failed* where a node shows a state of class failed or unknown (Table 1's
Failed Over with Critical Services Not Running, Running in Failed Mode, Unknown). Failed states
are grouped by what the administrator page shows (both nodes' state and reason, or that a node
is down); each group is shown by its first state in
breadth-first order (the one reached first from Normal / Normal). Its recovery is the way to
Normal / Normal with every user at home that does the least harm: first the fewest users it
disconnects (a step that takes users from a node that serves them: rebooting the backup that
serves everyone costs every user), then the fewest administrator actions and repairs, then the
fewest steps; the pair's own events (timers, completions, messages, re-logins) run in between.
One backward search from the goal states (``recovery_ways``) gives it for every state at once,
and ``prg explain`` reads the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from prg.model.explore import Graph
from prg.model.graphs import Array, Steps, cheapest_to, reached_from
from prg.model.node import ACTIONS, AUTOMATIC
from prg.model.product import users_of
from prg.model.table import documentation, documented_row, goal_marks
from prg.model.traces import Shown, shown
from prg.model.words import AddedStep, added_steps, oriented

FAILED_CLASSES = frozenset(("failed", "unknown"))


#: The bits of each part of a way's cost (users disconnected, actions, steps), lowest last.
_PART = 24
_PARTS = (1 << _PART) - 1


@dataclass(frozen=True)
class RecoveryWays:
    """Per joint state of a graph, the least harm of a way to Normal / Normal with every user
    at home (``harm``: users disconnected, actions, steps; None where there is none) and the
    first step of such a way (``path``)."""

    steps: Steps
    #: Per state, the cost of its way (-1: there is none), each part in its own bits.
    cost: Array
    #: Per state, the position of the first step of its way (-1: a goal, or no way).
    first: Array

    def harm(self, state: int) -> tuple[int, int, int] | None:
        """The users the way from ``state`` disconnects, its actions and its steps."""
        cost = int(self.cost[state])
        if cost < 0:
            return None
        return cost >> 2 * _PART, cost >> _PART & _PARTS, cost & _PARTS

    def path(self, start: int) -> list[tuple[int, int]]:
        """The steps ``(label id, state)`` of the way from ``start``."""
        found: list[tuple[int, int]] = []
        current = start
        while (step := int(self.first[current])) >= 0 and len(found) < len(self.first):
            current = int(self.steps.target[step])
            found.append((int(self.steps.label[step]), current))
        return found


def recovery_ways(graph: Graph, start: int | None = None) -> RecoveryWays:
    """The ways that do the least harm from every state of ``graph`` (from every state
    ``start`` reaches, where given) to its goal states; faults are never taken."""
    pair, steps = graph.pair, graph.steps()
    # Per label, 1 for an action, 0 for one of the pair's own events, -1 for a fault.
    actions = np.array([1 if kind in ACTIONS else 0 if kind in AUTOMATIC else -1
                        for kind in (pair.event_kind(label.event) for label in graph.labels)],
                       np.int64)
    users, user_tuples = graph.users()
    # Per users tuple, how many users are logged out, waiting to log in again.
    out = np.array([users_of(u, 1)["out"] + users_of(u, 2)["out"] for u in user_tuples],
                   np.int64)

    def weight(read: Array) -> Array:
        more = out[users[steps.target[read]]] - out[users[steps.source[read]]]
        action = actions[steps.label[read]]
        return np.where(action >= 0,
                        (np.maximum(more, 0) << 2 * _PART) + (action << _PART) + 1, -1)

    within = None
    if start is not None:
        within = reached_from(steps, np.array([start], np.int64), actions[steps.label] >= 0)
    return RecoveryWays(steps, *cheapest_to(steps, goal_marks(graph), weight, within))


@dataclass(frozen=True)
class RecoveryStep:
    """One step of a recovery: an action someone takes, or one of the pair's own events."""

    event: str
    node: int | None
    kind: str
    action: bool
    text: str


@dataclass(frozen=True)
class RecoveryEntry:
    """A failed pair as the administrator page shows it, first reached after ``reached_in``
    steps and shown by ``joint_states`` joint states; its recovery that does the least harm
    (``disconnects`` users, ``actions`` administrator actions and repairs; None where there is
    none), what Table 2 recommends for its row (as the document writes it) and the steps prg
    adds to that."""

    node1: Shown
    node2: Shown
    row: int | None
    extension: bool
    reached_in: int
    joint_states: int
    recoverable: bool
    actions: int | None
    steps: tuple[RecoveryStep, ...]
    recommended: tuple[str, ...]
    added: tuple[AddedStep, ...] = ()
    disconnects: int | None = None
    #: Table 2 writes the row the other way round: its node 1 is the pair's node 2 (the
    #: recommended actions and added steps name the nodes as they are here).
    row_swapped: bool = False


@dataclass(frozen=True)
class RecoveryTable:
    """Every failed pair of one configuration's graph."""

    config: Mapping[str, object]
    fault_budget: int
    entries: tuple[RecoveryEntry, ...]


def _failed(side: Shown, classes: dict[str, str]) -> bool:
    return side.state is not None and classes[side.state] in FAILED_CLASSES


def _step(graph: Graph, label_id: int) -> RecoveryStep:
    label = graph.labels[label_id]
    kind = graph.pair.event_kind(label.event)
    where = "both nodes" if label.node is None else f"node {label.node}"
    return RecoveryStep(label.event, label.node, kind, kind in ACTIONS,
                        f"{label.event} on {where}")


def recovery_table(graph: Graph) -> RecoveryTable:
    """The recovery table of one configuration's graph."""
    pair = graph.pair
    classes = {state.name: state.klass for state in pair.spec.states}
    ways = recovery_ways(graph)
    entries: list[RecoveryEntry] = []
    counts: dict[tuple[str, str], int] = {}
    sides: dict[int, tuple[Shown, str, bool]] = {}
    for index, (n1, n2, _, _) in enumerate(graph.states):
        for node in (n1, n2):
            if node not in sides:
                side = shown(graph, node)
                sides[node] = (side, repr((side.state, side.reason)), _failed(side, classes))
        (first, shown1, failed1), (second, shown2, failed2) = sides[n1], sides[n2]
        if not (failed1 or failed2):
            continue
        key = (shown1, shown2)
        if key in counts:
            counts[key] += 1
            continue
        counts[key] = 1
        documented = documented_row(pair, n1, n2)
        row, swapped = documented if documented is not None else (None, False)
        described = row if row is not None else documentation(pair, n1, n2)
        steps = [_step(graph, label) for label, _ in ways.path(index)]
        cost = ways.harm(index)
        entries.append(RecoveryEntry(
            node1=first,
            node2=second,
            row=row.id if row is not None else None,
            extension=described is not None and row is None,
            reached_in=len(graph.path_to(index)) - 1,
            joint_states=0,  # counted below, once every state is seen
            recoverable=cost is not None,
            actions=cost[1] if cost is not None else None,
            steps=tuple(steps),
            disconnects=cost[0] if cost is not None else None,
            recommended=tuple(oriented(text, swapped) for text in row.document_actions)
            if row is not None else (),
            added=added_steps(row.actions or (), swapped) if row is not None else (),
            row_swapped=swapped,
        ))
    counted = [replace(entry, joint_states=count)
               for entry, count in zip(entries, counts.values(), strict=True)]
    return RecoveryTable(dict(graph.config), pair.fault_budget, tuple(counted))
