"""Counterexamples and witnesses in the Informal Trace Format (ITF) of Apalache and Quint
(``FORMAT_DESCRIPTION``), for the tools that read it: trace viewers, model-based tests. A trace
is one JSON object: ``#meta`` says what it is (the property it breaks, or the Table 2 row it
reaches, the configuration, the engine), ``vars`` names the parts of a joint state
(``VAR_TYPES``) and ``states`` holds one object per step of the trace, the first the initial
joint state. ``to_itf`` writes every trace of a report one to a line (JSON Lines), each line an
ITF document; ``itf_traces`` gives each with the name of the file ``--output`` writes it to."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from prg.model.traces import HomeUsers, Shown, Trace, TraceStep
from prg.model.words import START, config_words
from prg.verify.formats.wording import ALL, engine_words, reported, verdict_id
from prg.verify.results import Report

FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html"
#: One node as a record: down (``up`` false, no state or reason) or its state and reason,
#: and the facts that are not at their healthy value.
NODE_TYPE = "{ up: Bool, state: Str, reason: Str, facts: Str -> Str }"
#: One home node's users: how many are assigned to it, and where they are.
USERS_TYPE = "{ assigned: Int, at_home: Int, at_peer: Int, out: Int }"
#: The variables of every trace and their types, in Apalache's notation: the event that led
#: to the state (``start`` for the first), the node it happened on (0: the pair, or none), the
#: rules it fired, both nodes, whether high availability is on, and each home node's users.
VAR_TYPES = {
    "event": "Str",
    "node": "Int",
    "rules": "Seq(Str)",
    "node1": NODE_TYPE,
    "node2": NODE_TYPE,
    "high_availability": "Bool",
    "users": f"{{ node1: {USERS_TYPE}, node2: {USERS_TYPE} }}",
}


def _node(side: Shown) -> dict[str, Any]:
    return {"up": side.state is not None, "state": side.state or "",
            "reason": side.reason or "", "facts": {"#map": [list(f) for f in side.facts]}}


def _users(users: HomeUsers) -> dict[str, int]:
    return {"assigned": users.assigned, **dict(users.where())}


def _state(index: int, step: TraceStep) -> dict[str, Any]:
    return {
        "#meta": {"index": index},
        "event": step.event if step.event is not None else START,
        "node": step.node or 0,
        "rules": list(step.rules),
        "node1": _node(step.node1),
        "node2": _node(step.node2),
        "high_availability": step.high_availability,
        "users": {f"node{home}": _users(users) for home, users in enumerate(step.users, 1)},
    }


def trace_itf(trace: Trace, meta: Mapping[str, Any]) -> dict[str, Any]:
    """One trace as an ITF object, with ``meta`` in its ``#meta`` beside the format and the
    variables' types."""
    return {
        "#meta": {"format": "ITF", "format-description": FORMAT_DESCRIPTION, **meta,
                  "varTypes": VAR_TYPES},
        "vars": list(VAR_TYPES),
        "states": [_state(index, step) for index, step in enumerate(trace)],
    }


def itf_traces(report: Report) -> list[tuple[str, dict[str, Any]]]:
    """Every trace of the report as ITF, each with its file's name: the counterexample of each
    property that does not hold, reported once however many engines found it
    (``<property>.itf.json``), then each Table 2 row's shortest witness
    (``row-<id>.itf.json``)."""
    source = {"source": report.spec.path, "fault_budget": report.model.fault_budget}
    found = []
    for item in reported(report):
        prop = item.verdict
        if prop.counterexample is None:
            continue
        meta = {**source, "kind": "counterexample", "property": prop.name,
                "description": f"{prop.name} {prop.status}: {prop.message}",
                "status": prop.status, "configuration": dict(prop.config),
                "engine": engine_words(prop),
                "confirmed_by": [engine_words(v) for v in item.confirmed_by]}
        found.append((f"{verdict_id(prop)}.itf.json", trace_itf(prop.counterexample, meta)))
    for row in report.rows:
        if row.witness is None:
            continue
        meta = {**source, "kind": "witness", "row": row.id,
                "description": f"Table 2 row {row.id}: shortest witness "
                               f"({config_words(row.config or {}, ALL)})",
                "configuration": dict(row.config or {})}
        found.append((f"row-{row.id:02d}.itf.json", trace_itf(row.witness, meta)))
    return found


def to_itf(report: Report) -> str:
    """Every trace of the report (``itf_traces``) as JSON Lines: one ITF document a line, the
    counterexamples first."""
    return "\n".join(json.dumps(trace) for _, trace in itf_traces(report))
