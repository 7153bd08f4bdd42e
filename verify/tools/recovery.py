"""The recovery table: for every failed joint state the pair can reach, what the administrator
has to do to bring it back to Normal / Normal, next to what Table 2 recommends.

A joint state is *failed* where a node shows a state of class failed or unknown (Table 1's
Failed Over with Critical Services Not Running, Running in Failed Mode, Unknown). Failed states
are grouped by what the administrator page shows (both nodes' state and reason, or that a node
is down); each group is shown by its first state in
breadth-first order (the one reached first from Normal / Normal). Its recovery is the fewest
administrator actions and repairs that lead to Normal / Normal with every user at home, the
pair's own events (timers, completions, messages, re-logins) running for free in between:
one backward 0-1 breadth-first search from the goal states gives it for every state at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from prg.model.explore import Graph
from prg.model.graphs import fewest_to
from prg.model.node import ACTIONS, AUTOMATIC
from prg.model.spec import Row
from prg.model.table import documentation, is_goal, nodes_healthy_and_normal
from prg.model.traces import Shown, shown
from prg.model.words import AddedStep, added_steps

FAILED_CLASSES = frozenset(("failed", "unknown"))


def distances_to_goal(graph: Graph) -> tuple[list[float], list[tuple[int, int] | None]]:
    """Per state, the fewest actions to a goal state and the first step of such a way
    (target, label id); faults are never taken."""
    pair = graph.pair
    weight: dict[int, int] = {}
    for label_id, step_label in enumerate(graph.labels):
        kind = pair.event_kind(step_label.event)
        if kind in ACTIONS:
            weight[label_id] = 1
        elif kind in AUTOMATIC:
            weight[label_id] = 0
    normal: dict[tuple[int, int], bool] = {}
    goals = []
    for index, joint in enumerate(graph.states):
        nodes = (joint[0], joint[1])
        if nodes not in normal:
            normal[nodes] = nodes_healthy_and_normal(pair, *nodes)
        if normal[nodes] and is_goal(pair, joint):
            goals.append(index)
    return fewest_to(graph.edges, goals, weight)


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
    steps and shown by ``joint_states`` joint states; its fewest-actions recovery (``actions``
    None where there is none), what Table 2 recommends for its row (as the document writes
    it) and the steps prg adds to that."""

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
    distance, step = distances_to_goal(graph)
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
        described = documentation(pair, n1, n2)
        row = described if isinstance(described, Row) else None
        steps: list[RecoveryStep] = []
        current, limit = index, len(graph.states)
        while step[current] is not None and len(steps) < limit:
            target, label = step[current]  # type: ignore[misc]
            steps.append(_step(graph, label))
            current = target
        recoverable = distance[index] != float("inf")
        entries.append(RecoveryEntry(
            node1=first,
            node2=second,
            row=row.id if row is not None else None,
            extension=described is not None and row is None,
            reached_in=len(graph.path_to(index)) - 1,
            joint_states=0,  # counted below, once every state is seen
            recoverable=recoverable,
            actions=int(distance[index]) if recoverable else None,
            steps=tuple(steps),
            recommended=tuple(s.text for s in row.document_actions) if row is not None else (),
            added=added_steps(row.actions or ()) if row is not None else (),
        ))
    counted = [replace(entry, joint_states=count)
               for entry, count in zip(entries, counts.values(), strict=True)]
    return RecoveryTable(dict(graph.config), pair.fault_budget, tuple(counted))
