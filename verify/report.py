"""Run every property on every configuration of a spec and report the verdicts: the JSON
contract that CI reads, and text for people."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from prg.model.explore import Graph, explore
from prg.model.product import Pair, configurations
from prg.model.spec import RowSide, Spec

from .properties import PROPERTIES, Violation, row_witness
from .trace import trace_json, trace_text


def version() -> str:
    try:
        return metadata.version("prg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass
class Verdict:
    """One property's verdict over every configuration."""

    name: str
    description: str
    violation: Violation | None
    seconds: float


def verify(spec: Spec, fault_budget: int = 1) -> dict[str, Any]:
    """Explore every configuration, check every property and every Table 2 row; the report as
    the JSON contract's dictionary."""
    start = time.perf_counter()
    graphs = [explore(Pair(spec, config, fault_budget)) for config in configurations(spec)]
    explored = time.perf_counter() - start
    verdicts = [_check(prop, graphs) for prop in PROPERTIES]
    report = {
        "tool": "prg",
        "version": version(),
        "spec": {
            "path": spec.path,
            "title": spec.title,
            "states": len(spec.states),
            "reasons": len(spec.reasons),
            "rules": len(spec.rules),
            "rows": len(spec.rows),
        },
        "model": {
            "configurations": len(graphs),
            "fault_budget": fault_budget,
            "joint_states": sum(len(g.states) for g in graphs),
            "transitions": sum(g.transitions for g in graphs),
            "explore_seconds": round(explored, 3),
        },
        "properties": [_property_json(v) for v in verdicts],
        "rows": [_row_json(spec, graphs, row_index) for row_index in range(len(spec.rows))],
        "decisions": decisions(spec),
        "elapsed_s": 0.0,
    }
    report["elapsed_s"] = round(time.perf_counter() - start, 3)
    return report


def _check(prop: Any, graphs: Sequence[Graph]) -> Verdict:
    start = time.perf_counter()
    violation = None
    if prop.existential:
        violation = prop.check(graphs)
    else:
        for graph in graphs:
            violation = prop.check(graph)
            if violation is not None:
                break
    return Verdict(prop.name, prop.description, violation, time.perf_counter() - start)


def _property_json(verdict: Verdict) -> dict[str, Any]:
    violation = verdict.violation
    graph = violation.graph if violation else None
    return {
        "name": verdict.name,
        "description": verdict.description,
        "status": "holds" if violation is None else "violated",
        "engine": "graph",
        "config": dict(graph.pair.config_items) if graph is not None else {},
        "message": violation.message if violation else None,
        "counterexample": (
            trace_json(graph, violation.path)
            if violation is not None and graph is not None and violation.path is not None
            else None
        ),
        "spec_lines": list(violation.lines) if violation else [],
        "seconds": round(verdict.seconds, 3),
    }


def _side_json(side: RowSide) -> dict[str, Any]:
    if side.states is None:
        return {"state": None, "reason": None, "down": list(side.down_causes),
                "as_written": side.as_written}
    return {
        "state": " or ".join(side.states),
        "reason": " or ".join(side.reasons or ()),
        "states": list(side.states),
        "reasons": list(side.reasons or ()),
        "as_written": side.as_written,
    }


def _row_json(spec: Spec, graphs: Sequence[Graph], index: int) -> dict[str, Any]:
    row = spec.rows[index]
    found = row_witness(graphs, row)
    return {
        "id": row.id,
        "node1": _side_json(row.node1),
        "node2": _side_json(row.node2),
        "cause": row.cause,
        "line": row.at.line,
        "reachable": found is not None,
        "config": dict(found[0].pair.config_items) if found else None,
        "witness": trace_json(found[0], found[1]) if found else None,
    }


def decisions(spec: Spec) -> list[dict[str, str]]:
    """Every reading the spec chose where the document is inconsistent or silent."""
    found: list[dict[str, str]] = [
        {"what": d.what, "why": d.why, "source": d.source} for d in spec.decisions
    ]
    items: list[tuple[str, Any]] = [
        *((f"parameter {p.name}", p) for p in spec.parameters),
        *((f"option {o.name}", o) for o in spec.options),
        *((f"fact {f.name}", f) for f in spec.facts),
        *((f"state {s.name}", s) for s in spec.states),
        *((f"reason {r.name}", r) for r in spec.reasons),
        *((f"event {e.name}", e) for e in spec.events),
        *((f"rule {r.id}", r) for r in spec.rules),
        *((f"row {r.id}", r) for r in spec.rows),
    ]
    for what, item in items:
        if item.at.decision:
            found.append({"what": what, "why": item.at.decision, "source": item.at.source})
    return found


def passed(report: dict[str, Any]) -> bool:
    return all(p["status"] == "holds" for p in report["properties"])


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, sort_keys=True)


def _side_text(side: dict[str, Any]) -> str:
    if side["state"] is None:
        return "(down: " + ", ".join(side["down"]) + ")"
    return f"{side['state']} / {side['reason']}"


def to_text(report: dict[str, Any]) -> str:
    """The report for people: a summary, the rows, the counterexamples, the decisions."""
    model = report["model"]
    lines = [
        f"prg {report['version']}: {report['spec']['title']}",
        f"spec {report['spec']['path']}: {report['spec']['states']} states, "
        f"{report['spec']['reasons']} reasons, {report['spec']['rules']} rules, "
        f"{report['spec']['rows']} rows",
        f"model: {model['configurations']} configurations, fault budget "
        f"{model['fault_budget']}, {model['joint_states']:,} joint states, "
        f"{model['transitions']:,} transitions",
        "",
        f"{'property':<32} {'verdict':<9} {'seconds':>7}  configuration",
    ]
    for prop in report["properties"]:
        config = ", ".join(f"{k}={v}" for k, v in prop["config"].items()) or "all"
        lines.append(f"{prop['name']:<32} {prop['status']:<9} {prop['seconds']:>7.2f}  {config}")
    reachable = sum(row["reachable"] for row in report["rows"])
    lines += ["", f"Table 2: {reachable} of {len(report['rows'])} rows reachable "
                  "(witness length = events from Normal / Normal)"]
    for row in report["rows"]:
        length = len(row["witness"]) - 1 if row["witness"] else None
        status = f"{length:>2} events" if length is not None else "UNREACHABLE"
        lines.append(f"  {row['id']:>2}. {status}  node 1 {_side_text(row['node1'])}"
                     f"  |  node 2 {_side_text(row['node2'])}")
    for prop in report["properties"]:
        if prop["status"] == "holds":
            continue
        config = ", ".join(f"{k}={v}" for k, v in prop["config"].items())
        lines += ["", f"VIOLATED {prop['name']}: {prop['message']}"]
        if config:
            lines.append(f"  configuration: {config}")
        if prop["counterexample"]:
            lines.append("  counterexample:")
            lines.append(trace_text(prop["counterexample"]))
    lines += ["", f"Decisions where the document is inconsistent or silent "
                  f"({len(report['decisions'])}):"]
    for decision in report["decisions"]:
        lines.append(f"  - {decision['what']}: {decision['why']} [{decision['source']}]")
    verdict = "all properties hold" if passed(report) else "some properties are violated"
    lines += ["", f"{verdict} ({report['elapsed_s']:.1f} s)"]
    return "\n".join(lines)
