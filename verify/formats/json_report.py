"""The report as JSON, the contract CI reads (``docs/report-json.md``): every key sorted, times
in seconds to the millisecond."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from prg.model.spec import RowSide
from prg.model.words import AddedStep
from prg.verify.formats.trace import breaks_at, node_json, trace_json_or_none
from prg.verify.results import ConfigResult, FindingResult, Report, RowResult, Verdict
from prg.verify.tools.recovery import RecoveryTable

if TYPE_CHECKING:
    # For a type only: the rules' checks import Z3, which the reports that name no
    # situation (prg explain's) need not load.
    from prg.verify.checks.rules import Situation


def to_json(report: Report, recovery: RecoveryTable | None = None) -> str:
    """The report as JSON text; ``recovery``, where given, is the default configuration's
    recovery table."""
    return json.dumps(report_json(report, recovery), indent=2, sort_keys=True)


def report_json(report: Report, recovery: RecoveryTable | None = None) -> dict[str, Any]:
    spec, model = report.spec, report.model
    found: dict[str, Any] = {
        "tool": report.tool,
        "version": report.version,
        "spec": {
            "path": spec.path,
            "title": spec.title,
            "states": spec.states,
            "reasons": spec.reasons,
            "rules": spec.rules,
            "rows": spec.rows,
            "rule_lines": dict(spec.rule_lines),
            "state_classes": dict(spec.state_classes),
            "state_lines": dict(spec.state_lines),
            "default_config": dict(spec.default_config),
        },
        "model": {
            "configurations": model.configurations,
            "fault_budget": model.fault_budget,
            "joint_states": model.joint_states,
            "transitions": model.transitions,
            "explored_states": model.explored_states,
            "explore_seconds": round(model.explore_seconds, 3),
            "settings": dict(model.settings),
        },
        "properties": [verdict_json(v) for v in report.properties],
        "engine": report.engine,
        "configurations": [_config_json(c) for c in report.configurations],
        "rows": [_row_json(r) for r in report.rows],
        "decisions": [{"what": d.what, "why": d.why, "source": d.source}
                      for d in report.decisions],
        "findings": [finding_json(f) for f in report.findings],
        "passed": report.passed,
        "elapsed_s": round(report.elapsed_s, 3),
    }
    if recovery is not None:
        found["recovery"] = recovery_json(recovery)
    return found


def recovery_json(table: RecoveryTable) -> dict[str, Any]:
    """The default configuration's recovery table."""
    return {"config": dict(table.config), "fault_budget": table.fault_budget, "entries": [
        {
            "node1": node_json(entry.node1),
            "node2": node_json(entry.node2),
            "row": entry.row,
            "row_swapped": entry.row_swapped,
            "extension": entry.extension,
            "reached_in": entry.reached_in,
            "joint_states": entry.joint_states,
            "recoverable": entry.recoverable,
            "actions": entry.actions,
            "disconnects": entry.disconnects,
            "steps": [{"event": s.event, "node": s.node, "kind": s.kind, "action": s.action,
                       "text": s.text} for s in entry.steps],
            "recommended": list(entry.recommended),
            "added": [added_json(step) for step in entry.added],
        }
        for entry in table.entries
    ]}


def added_json(step: AddedStep) -> dict[str, Any]:
    """A step prg adds to a row's recommended actions."""
    return {"mark": step.mark, "text": step.text, "why": step.why, "before": step.before}


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """One property's verdict; ``method`` (and ``k`` and ``invariant``, or ``situations``)
    where Z3 decided."""
    found: dict[str, Any] = {
        "name": verdict.name,
        "description": verdict.description,
        "status": verdict.status,
        "engine": verdict.engine,
        "config": dict(verdict.config),
        "message": verdict.message,
        "counterexample": trace_json_or_none(verdict.counterexample),
        "breaks_at": breaks_at(verdict),
        "spec_lines": list(verdict.spec_lines),
        "seconds": round(verdict.seconds, 3),
        "findings": list(verdict.findings),
    }
    if verdict.engine == "z3":
        found["method"] = verdict.method
        if verdict.situations is None:
            found["k"] = verdict.k
            found["invariant"] = list(verdict.invariant)
    if verdict.situations is not None:
        found["situations"] = [_situation_json(s) for s in verdict.situations]
    return found


def finding_json(finding: FindingResult) -> dict[str, Any]:
    """One finding of the spec in this run."""
    return {"id": finding.id, "property": finding.property,
            "fault_budget": finding.fault_budget, "status": finding.status,
            "note": finding.note, "why": finding.why, "source": finding.source,
            "line": finding.line, "configs": [dict(c) for c in finding.configs],
            "counterexample": trace_json_or_none(finding.counterexample)}


def _situation_json(situation: Situation) -> dict[str, Any]:
    return {"node": situation.node, "state": situation.state, "event": situation.event,
            "values": situation.values, "problem": situation.what,
            "spec_lines": list(situation.lines)}


def _config_json(result: ConfigResult) -> dict[str, Any]:
    """One configuration's size and its verdict on each property checked per configuration."""
    verdicts = {}
    for name, verdict in result.verdicts.items():
        found: dict[str, Any] = {"status": verdict.status, "seconds": round(verdict.seconds, 3)}
        if verdict.violated is not None:
            violated = verdict.violated
            found |= {"findings": list(verdict.findings), "message": violated.message,
                      "counterexample": trace_json_or_none(violated.counterexample),
                      "spec_lines": list(violated.spec_lines)}
        verdicts[name] = found
    return {"config": dict(result.config), "joint_states": result.joint_states,
            "transitions": result.transitions, "verdicts": verdicts}


def side_json(side: RowSide) -> dict[str, Any]:
    """One node's columns of a Table 2 row as the spec writes them."""
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


def _row_json(row: RowResult) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": row.id,
        "node1": side_json(row.node1),
        "node2": side_json(row.node2),
        "cause": row.cause,
        "line": row.line,
        "reachable": row.reachable,
        "config": dict(row.config) if row.config is not None else None,
        "witness": trace_json_or_none(row.witness),
        "also_printed": None if row.also_printed is None else {
            "node1": side_json(row.also_printed.node1),
            "node2": side_json(row.also_printed.node2)},
    }
    if row.engines is not None:
        found["engines"] = dict(row.engines)
        found["bmc_confirms"] = row.bmc_confirms
    return found
