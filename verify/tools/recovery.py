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

from typing import Any

from prg.model.explore import Graph
from prg.model.graphs import fewest_to
from prg.model.node import ACTIONS, AUTOMATIC
from prg.model.spec import Row
from prg.model.table import documentation, is_goal, nodes_healthy_and_normal
from prg.verify.formats.trace import node_json

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


def _failed(side: dict[str, Any], classes: dict[str, str]) -> bool:
    return side["state"] is not None and classes[side["state"]] in FAILED_CLASSES


def _step_words(graph: Graph, label_id: int) -> dict[str, Any]:
    label = graph.labels[label_id]
    kind = graph.pair.event_kind(label.event)
    where = "both nodes" if label.node is None else f"node {label.node}"
    return {"event": label.event, "node": label.node, "kind": kind,
            "action": kind in ACTIONS, "text": f"{label.event} on {where}"}


def recovery_table(graph: Graph) -> dict[str, Any]:
    """The recovery table of one configuration's graph, as the report writes it."""
    pair = graph.pair
    classes = {state.name: state.klass for state in pair.spec.states}
    distance, step = distances_to_goal(graph)
    entries: list[dict[str, Any]] = []
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    sides: dict[int, tuple[dict[str, Any], str, bool]] = {}
    for index, (n1, n2, _, _) in enumerate(graph.states):
        for node in (n1, n2):
            if node not in sides:
                side = node_json(graph, node)
                shown = repr((side["state"], side["reason"]))
                sides[node] = (side, shown, _failed(side, classes))
        (first, shown1, failed1), (second, shown2, failed2) = sides[n1], sides[n2]
        if not (failed1 or failed2):
            continue
        key = (shown1, shown2)
        if key in groups:
            groups[key]["joint_states"] += 1
            continue
        described = documentation(pair, n1, n2)
        row = described if isinstance(described, Row) else None
        steps: list[dict[str, Any]] = []
        current, limit = index, len(graph.states)
        while step[current] is not None and len(steps) < limit:
            target, label = step[current]  # type: ignore[misc]
            steps.append(_step_words(graph, label))
            current = target
        entry = {
            "node1": first,
            "node2": second,
            "row": row.id if row is not None else None,
            "extension": described is not None and row is None,
            "reached_in": len(graph.path_to(index)) - 1,
            "joint_states": 1,
            "recoverable": distance[index] != float("inf"),
            "actions": int(distance[index]) if distance[index] != float("inf") else None,
            "steps": steps,
            "recommended": [s.text for s in row.actions or ()] if row is not None else [],
        }
        groups[key] = entry
        entries.append(entry)
    return {"config": dict(graph.config), "fault_budget": pair.fault_budget,
            "entries": entries}
