"""Traces: the steps of a path through a pair, as the JSON report writes them and as people read
them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prg.model.explore import Graph
from prg.model.product import Joint, Label, Pair, users_of

Path = Sequence[tuple[Label | None, int]]


def node_json(graph: Graph, node: int) -> dict[str, Any]:
    view = graph.pair.view(node)
    result: dict[str, Any] = {"state": view.state, "reason": view.reason}
    broken = {
        name: value
        for name, value in view.facts.items()
        if value != next(f.healthy for f in graph.pair.spec.facts if f.name == name)
    }
    if broken:
        result["facts"] = broken
    return result


def users_json(graph: Graph, state: int) -> dict[str, dict[str, int]]:
    users = graph.states[state][3]
    return {f"node{home}": users_of(users, home) for home in (1, 2)}


def trace_json(graph: Graph, path: Path) -> list[dict[str, Any]]:
    """The TRACE of the report: one entry per joint state, with the event that led to it."""
    result = []
    for label, state in path:
        n1, n2, ha, _ = graph.states[state]
        result.append(
            {
                "event": label.event if label else None,
                "node": label.node if label else None,
                "rules": list(label.rules) if label else [],
                "node1": node_json(graph, n1),
                "node2": node_json(graph, n2),
                "high_availability": ha,
                "users": users_json(graph, state),
            }
        )
    return result


def step_json(pair: Pair, label: Label | None, joint: Joint) -> dict[str, Any]:
    """One TRACE entry for a joint state of ``pair`` that no searched graph holds (a
    simulation's): the step's event, acting node and rules, and the joint state after it."""
    alone = Graph(pair, [joint], [[]], pair.labels, [(0, 0)], 0.0)
    return trace_json(alone, [(label, 0)])[0]


def _side(entry: dict[str, Any]) -> str:
    if entry["state"] is None:
        text = "(down)"
    else:
        text = f"{entry['state']} / {entry['reason']}"
    facts = entry.get("facts")
    if facts:
        text += " [" + ", ".join(f"{k} {v}" for k, v in facts.items()) + "]"
    return text


def _users(users: dict[str, dict[str, int]]) -> str:
    parts = []
    for home, counts in users.items():
        where = [f"{counts[c]} {c.replace('_', ' ')}" for c in ("at_home", "at_peer", "out")
                 if counts[c]]
        parts.append(f"{home}'s users: {', '.join(where) or 'none'}")
    return "; ".join(parts)


def trace_text(
    trace: Sequence[dict[str, Any]], indent: str = "    ", notes: Sequence[str] | None = None,
    first: int = 0,
) -> str:
    """A numbered trace for people (from ``first``): the event, then both nodes and the users
    after it; ``notes[i]``, where given, is written after step i's event."""
    lines = []
    for number, entry in enumerate(trace, first):
        if entry["event"] is None:
            head = "start"
        elif entry["node"] is None:
            head = f"{entry['event']} (pair)"
        else:
            head = f"{entry['event']} on node {entry['node']}"
        note = notes[number - first] if notes is not None and number - first < len(notes) else ""
        lines.append(f"{indent}{number:>2}. {head}" + (f"   [{note}]" if note else ""))
        lines.append(f"{indent}      node 1: {_side(entry['node1'])}")
        lines.append(f"{indent}      node 2: {_side(entry['node2'])}")
        lines.append(f"{indent}      {_users(entry['users'])}")
    return "\n".join(lines)
