"""Run every property on every configuration of a spec and report the verdicts: the JSON
contract that CI reads, and text for people."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import get_context
from typing import Any, TypeVar, cast

from prg.model.explore import MAX_STATES, Graph, collector_paused, explore
from prg.model.product import Config, Pair, configuration_groups, configurations, default_config
from prg.model.spec import Row, RowSide, Spec, Value
from prg.model.words import config_words
from prg.verify.checks.proofs import ROW_DEPTH, engines_agree, symbolic_proofs, symbolic_rows
from prg.verify.checks.properties import PROPERTIES, Summary, Violation, summarize
from prg.verify.checks.spec_properties import spec_properties
from prg.verify.formats.trace import trace_json, trace_text


def version() -> str:
    try:
        return metadata.version("prg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass
class ConfigResult:
    """One configuration checked: its size, the universal verdicts, the summary for the rest."""

    config: dict[str, Any]
    joint_states: int
    transitions: int
    explore_seconds: float
    explored_states: int
    verdicts: dict[str, tuple[dict[str, Any] | None, float]]
    summary: Summary
    #: What ``inspect`` made of the graph, for the default configuration.
    inspected: object = None


def check_group(spec: Spec, configs: Sequence[Config], fault_budget: int,
                inspect: Callable[[Graph], object] | None = None,
                max_states: int = MAX_STATES) -> list[ConfigResult]:
    """Check configurations that share one transition relation (``configuration_groups``):
    one search from all their initial states, then each configuration's own graph. Where the
    default configuration is among them, ``inspect`` is called on its graph, in this process.

    A configuration whose initial state lies in the graph of one already checked has a graph
    closed under its steps inside that one, so every property that holds there holds for it
    (each is about reachable states, steps, or paths from them); only the others are checked
    again, to name it with its own shortest counterexample."""
    with collector_paused():
        return _check_group(spec, configs, fault_budget, inspect, max_states)


def _check_group(spec: Spec, configs: Sequence[Config], fault_budget: int,
                 inspect: Callable[[Graph], object] | None,
                 max_states: int) -> list[ConfigResult]:
    pair = Pair(spec, configs[0], fault_budget)
    roots = [pair.initial_for(c) for c in configs]
    union = explore(pair, roots, max_states)
    explored = union.seconds
    root_ids = union.roots
    graphs = [
        union.first_part(c) if root_ids[i] == 0 else union.rooted(root_ids[i], c)
        for i, c in enumerate(configs)
    ]
    checked: list[tuple[set[int], dict[str, tuple[dict[str, Any] | None, float]]]] = []
    results: dict[int, ConfigResult] = {}
    for position in sorted(range(len(configs)), key=lambda i: -len(graphs[i].states)):
        graph = graphs[position]
        inherited = next((v for held, v in checked if root_ids[position] in held), None)
        verdicts: dict[str, tuple[dict[str, Any] | None, float]] = {}
        for prop in PROPERTIES:
            if prop.existential:
                continue
            if inherited is not None and inherited[prop.name][0] is None:
                verdicts[prop.name] = (None, 0.0)
                continue
            begin = time.perf_counter()
            violation = prop.check(graph)  # type: ignore[call-arg,arg-type]
            verdicts[prop.name] = (_violation_json(violation), time.perf_counter() - begin)
        checked.append((set(graph.origin or ()), verdicts))
        results[position] = ConfigResult(
            dict(graphs[position].config), len(graph.states), graph.transitions,
            explored if position == 0 else 0.0, len(union.states) if position == 0 else 0,
            verdicts, summarize(graph),
            inspect(graph) if inspect and configs[position] == default_config(spec) else None,
        )
    return [results[i] for i in range(len(configs))]


def _violation_json(violation: Violation | None) -> dict[str, Any] | None:
    if violation is None:
        return None
    graph = violation.graph
    return {
        "message": violation.message,
        "counterexample": (
            trace_json(graph, violation.path)
            if graph is not None and violation.path is not None else None
        ),
        "spec_lines": list(violation.lines or _last_rules(violation)),
    }


def _last_rules(violation: Violation) -> tuple[int, ...]:
    """The spec lines of the rules of a counterexample's last step: where it went wrong."""
    if violation.graph is None or not violation.path or violation.path[-1][0] is None:
        return ()
    label = violation.path[-1][0]
    lines = {rule.id: rule.at.line for rule in violation.graph.pair.spec.rules}
    return tuple(lines[rule] for rule in label.rules)


ENGINES = ("graph", "z3", "all")
Inspected = TypeVar("Inspected")


def verify(spec: Spec, fault_budget: int = 1, jobs: int | None = None,
           settings: Mapping[str, Value] | None = None, engine: str = "all",
           bmc_depth: int = ROW_DEPTH, max_states: int = MAX_STATES) -> dict[str, Any]:
    """Check every configuration (``jobs`` at a time, in processes), every property and every
    Table 2 row with the graph engine, the Z3 engine (``prg.verify.checks.proofs``) or both, which
    then must agree; the report as the JSON contract's dictionary. ``settings`` are the
    what-if settings ``spec`` was made with (``prg.model.settings``), recorded in the report."""
    return verify_inspecting(spec, fault_budget, jobs, settings, engine, bmc_depth,
                             max_states=max_states)[0]


def verify_inspecting(spec: Spec, fault_budget: int = 1, jobs: int | None = None,
                      settings: Mapping[str, Value] | None = None, engine: str = "all",
                      bmc_depth: int = ROW_DEPTH,
                      inspect: Callable[[Graph], Inspected] | None = None,
                      max_states: int = MAX_STATES,
                      ) -> tuple[dict[str, Any], Inspected | None]:
    """``verify``, and what ``inspect`` made of the default configuration's graph (None where
    the graph engine did not run): worked out where that graph already is, rather than
    searched again. ``inspect`` must be a module-level function, to reach other processes.
    ``StateLimit`` where a search would hold more than ``max_states`` joint states."""
    start = time.perf_counter()
    groups = configuration_groups(spec) if engine != "z3" else []
    # The symbolic engine runs as two tasks (proofs, rows) beside the graph engine's groups.
    tasks = len(groups) + (2 if engine != "graph" else 0)
    workers = max(1, min(jobs or os.cpu_count() or 1, tasks))
    symbolic: dict[str, Any] | None = None
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            # The long symbolic tasks first; the graph engine's groups fill in around them.
            halves = [] if engine == "graph" else [
                pool.submit(symbolic_proofs, spec, fault_budget),
                pool.submit(symbolic_rows, spec, fault_budget, bmc_depth),
            ]
            batches = list(pool.map(check_group, [spec] * len(groups), groups,
                                    [fault_budget] * len(groups), [inspect] * len(groups),
                                    [max_states] * len(groups)))
            if halves:
                symbolic = halves[0].result() | halves[1].result()
    else:
        batches = [check_group(spec, group, fault_budget, inspect, max_states)
                   for group in groups]
        if engine != "graph":
            symbolic = (in_own_process(symbolic_proofs, spec, fault_budget)
                        | in_own_process(symbolic_rows, spec, fault_budget, bmc_depth))
    order = {config: i for i, config in enumerate(configurations(spec))}
    results = sorted((r for batch in batches for r in batch),
                     key=lambda r: order[tuple(r.config.items())])
    properties: list[dict[str, Any]] = []
    summaries = [r.summary for r in results]
    for prop in PROPERTIES if engine != "z3" else ():
        if prop.existential:
            begin = time.perf_counter()
            violation = prop.check(spec, summaries)  # type: ignore[call-arg,arg-type]
            found, config = _violation_json(violation), {}
            seconds = time.perf_counter() - begin
        else:
            found = next((r.verdicts[prop.name][0] for r in results
                          if r.verdicts[prop.name][0] is not None), None)
            config = next((r.config for r in results if r.verdicts[prop.name][0] is not None), {})
            seconds = sum(r.verdicts[prop.name][1] for r in results)
        properties.append({
            "name": prop.name,
            "description": prop.description,
            "status": "holds" if found is None else "violated",
            "engine": "graph",
            "config": config,
            "message": found["message"] if found else None,
            "counterexample": found["counterexample"] if found else None,
            "spec_lines": found["spec_lines"] if found else [],
            "seconds": round(seconds, 3),
        })
    rows = [_row_json(row, results) for row in spec.rows]
    if symbolic is not None:
        properties += [{k: v for k, v in p.items() if k != "users_beyond_configuration"}
                       | {"description": _description(p["name"])}
                       for p in symbolic["properties"]]
        if engine == "all":
            properties.append(engines_agree(
                properties, {row["id"]: _length(row["witness"]) for row in rows}, symbolic))
        for row in rows:
            witness = symbolic["rows"][str(row["id"])]
            row["engines"] = {"z3": _length(witness)} | (
                {"graph": _length(row["witness"])} if engine == "all" else {})
            if engine == "z3":
                row["reachable"], row["witness"] = witness is not None, witness
                row["config"] = None
    if engine != "graph":
        properties += spec_properties(spec)  # spec-level, once for every configuration
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
            "rule_lines": {rule.id: rule.at.line for rule in spec.rules},
            "state_classes": {state.name: state.klass for state in spec.states},
        },
        "model": {
            "configurations": len(configurations(spec)),
            "fault_budget": fault_budget,
            "joint_states": sum(r.joint_states for r in results),
            "transitions": sum(r.transitions for r in results),
            "explored_states": sum(r.explored_states for r in results),
            "explore_seconds": round(sum(r.explore_seconds for r in results), 3),
            "settings": dict(settings or {}),
        },
        "properties": properties,
        "engine": engine,
        "configurations": [_config_json(r) for r in results],
        "rows": rows,
        "decisions": decisions(spec),
        "elapsed_s": 0.0,
    }
    report["elapsed_s"] = round(time.perf_counter() - start, 3)
    inspected = next((r.inspected for r in results if r.inspected is not None), None)
    return report, cast("Inspected | None", inspected)


Result = TypeVar("Result")


def in_own_process(work: Callable[..., Result], *args: Any) -> Result:
    """``work`` in a process of its own, forked from this one. What Z3 answers, and how fast,
    depends on what its context already holds; forked from here, each half of the symbolic
    engine starts from the same context however many processes run (in parallel, each is the
    first task of its process)."""
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        return pool.submit(work, *args).result()


def _length(witness: list[dict[str, Any]] | None) -> int | None:
    return len(witness) - 1 if witness else None


def _description(name: str) -> str:
    found = next((p.description for p in PROPERTIES if p.name == name), "")
    return found + " (proved for every number of users)"


def _config_json(result: ConfigResult) -> dict[str, Any]:
    """One configuration's size and its verdict on each property checked per configuration."""
    verdicts = {}
    for name, (found, seconds) in result.verdicts.items():
        verdicts[name] = {"status": "holds" if found is None else "violated",
                          "seconds": round(seconds, 3), **(found or {})}
    return {"config": result.config, "joint_states": result.joint_states,
            "transitions": result.transitions, "verdicts": verdicts}


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


def _row_json(row: Row, results: Sequence[ConfigResult]) -> dict[str, Any]:
    found = [(r.summary.witnesses[row.id], r.config) for r in results
             if r.summary.witnesses[row.id] is not None]
    witness, config = min(found, key=lambda f: len(f[0] or ())) if found else (None, None)
    return {
        "id": row.id,
        "node1": _side_json(row.node1),
        "node2": _side_json(row.node2),
        "cause": row.cause,
        "line": row.at.line,
        "reachable": witness is not None,
        "config": config,
        "witness": witness,
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
        *((f"ignored {', '.join(i.events)} (line {i.at.line})", i) for i in spec.ignored),
        *((f"constraint {c.name}", c) for c in spec.constraints),
        *((("timing", spec.timing),) if spec.timing else ()),
        *((f"timing of {f.start}", f) for f in (spec.timing.failures if spec.timing else ())),
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
        (f"spec {report['spec']['path']}: {report['spec']['states']} states, "
        f"{report['spec']['reasons']} reasons, {report['spec']['rules']} rules, "
        f"{report['spec']['rows']} rows"),
        (f"model: {model['configurations']} configurations, fault budget "
        f"{model['fault_budget']}, {model['joint_states']:,} joint states, "
        f"{model['transitions']:,} transitions"),
        "",
        f"{'property':<32} {'verdict':<9} {'engine':<20} {'seconds':>7}  configuration",
    ]
    if model.get("settings"):
        settings = config_words(model["settings"])
        lines.insert(3, f"what-if settings: {settings}")
    for prop in report["properties"]:
        config = config_words(prop["config"], "all")
        engine = prop["engine"] + (f" {prop['method']}" if prop.get("method") else "")
        if prop.get("k") is not None:
            engine += f" k={prop['k']}"
        lines.append(f"{prop['name']:<32} {prop['status']:<9} {engine:<20} "
                     f"{prop['seconds']:>7.2f}  {config}")
    reachable = sum(row["reachable"] for row in report["rows"])
    lines += ["", (f"Table 2: {reachable} of {len(report['rows'])} rows reachable "
                  "(witness length = events from Normal / Normal)")]
    for row in report["rows"]:
        length = len(row["witness"]) - 1 if row["witness"] else None
        status = f"{length:>2} events" if length is not None else "UNREACHABLE"
        lines.append(f"  {row['id']:>2}. {status}  node 1 {_side_text(row['node1'])}"
                     f"  |  node 2 {_side_text(row['node2'])}")
    for prop in report["properties"]:
        if prop["status"] == "holds":
            continue
        config = config_words(prop["config"])
        lines += ["", f"VIOLATED {prop['name']}: {prop['message']}"]
        if config:
            lines.append(f"  configuration: {config}")
        if prop["counterexample"]:
            lines.append("  counterexample:")
            lines.append(trace_text(prop["counterexample"]))
    lines += ["", (f"Decisions where the document is inconsistent or silent "
                  f"({len(report['decisions'])}):")]
    for decision in report["decisions"]:
        lines.append(f"  - {decision['what']}")
        lines.append(f"    {decision['why']} [{decision['source']}]")
    verdict = "all properties hold" if passed(report) else "some properties are violated"
    lines += ["", f"{verdict} ({report['elapsed_s']:.1f} s)"]
    return "\n".join(lines)
