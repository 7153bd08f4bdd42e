"""What-if: which properties and Table 2 rows change verdict when settings change, against
the defaults, with the trace that shows each difference.

Both sides are one configuration: the baseline has every option at its default (the
configuration the document recommends), the what-if the same with the settings applied.
A verdict that changes is shown with the counterexample of the side where the property is
violated, or the witness of the side where the row is reachable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from prg.model.settings import defaults, with_settings
from prg.model.spec import Spec, Value
from prg.model.traces import Trace
from prg.model.words import config_words
from prg.verify.formats.json_report import side_json
from prg.verify.formats.trace import trace_json, trace_text
from prg.verify.report import verify


def diff(spec: Spec, settings: Mapping[str, Value], fault_budget: int = 1,
         jobs: int | None = None) -> dict[str, Any]:
    """The differences between the defaults and the defaults with ``settings``."""
    base_settings = defaults(spec)
    what_settings = {**base_settings, **settings}
    # The explicit engine's verdicts are compared: each change comes with its trace.
    base = verify(with_settings(spec, base_settings), fault_budget, jobs, base_settings, "graph")
    what = verify(with_settings(spec, what_settings), fault_budget, jobs, what_settings, "graph")
    properties = []
    for before, after in zip(base.properties, what.properties, strict=True):
        if before.status == after.status:
            continue
        violated, side = (after, "what-if") if after.status == "violated" else (
            before, "baseline")
        properties.append({
            "name": before.name,
            "baseline": before.status,
            "what_if": after.status,
            "message": violated.message,
            "counterexample_side": side,
            "counterexample": violated.counterexample,
        })
    rows = []
    for row_before, row_after in zip(base.rows, what.rows, strict=True):
        if row_before.reachable == row_after.reachable:
            continue
        reachable, side = ((row_after, "what-if") if row_after.reachable
                           else (row_before, "baseline"))
        rows.append({
            "id": row_before.id,
            "node1": side_json(row_before.node1),
            "node2": side_json(row_before.node2),
            "baseline": row_before.reachable,
            "what_if": row_after.reachable,
            "witness_side": side,
            "witness": reachable.witness,
        })
    parameters = {p.key for p in spec.parameters}
    return {
        "settings": dict(settings),
        "baseline": base_settings,
        "what_if": what_settings,
        "joint_states": {"baseline": base.model.joint_states,
                         "what_if": what.model.joint_states},
        "timing_only": sorted(key for key in settings if key in parameters),
        "properties": properties,
        "rows": rows,
        "changed": bool(properties or rows),
    }


def to_json(result: Mapping[str, Any]) -> str:
    """The differences as JSON, each trace as the report writes it."""
    def trace(found: Trace | None) -> list[dict[str, Any]] | None:
        return trace_json(found) if found is not None else None

    return json.dumps({
        **result,
        "properties": [{**p, "counterexample": trace(p["counterexample"])}
                       for p in result["properties"]],
        "rows": [{**r, "witness": trace(r["witness"])} for r in result["rows"]],
    }, indent=2)


def _settings_text(settings: Mapping[str, Any]) -> str:
    return config_words(settings)


def _side(side: Mapping[str, Any]) -> str:
    if side["state"] is None:
        return "(down)"
    return f"{side['state']} / {side['reason']}"


def to_text(result: Mapping[str, Any]) -> str:
    """The differences for people, each with its trace."""
    states = result["joint_states"]
    lines = [
        f"what-if: {_settings_text(result['settings'])}",
        f"  baseline (the defaults): {_settings_text(result['baseline'])}",
        f"  what-if:                 {_settings_text(result['what_if'])}",
        f"  joint states: {states['baseline']:,} -> {states['what_if']:,}",
    ]
    if result["timing_only"]:
        lines.append(f"  {', '.join(result['timing_only'])}: service parameters change timing "
                     "only; no rule reads them, so no verdict can change")
    if not result["changed"]:
        lines += ["", "no property or Table 2 row changes verdict"]
        return "\n".join(lines)
    for prop in result["properties"]:
        lines += ["", f"property {prop['name']}: {prop['baseline']} -> {prop['what_if']}",
                  f"  {prop['message']}"]
        if prop["counterexample"]:
            lines.append(f"  counterexample ({prop['counterexample_side']}):")
            lines.append(trace_text(prop["counterexample"]))
    for row in result["rows"]:
        verdicts = {True: "reachable", False: "unreachable"}
        lines += ["", (f"row {row['id']} (node 1 {_side(row['node1'])}  |  node 2 "
                       f"{_side(row['node2'])}): {verdicts[row['baseline']]} -> "
                       f"{verdicts[row['what_if']]}"),
                  f"  witness ({row['witness_side']}):", trace_text(row["witness"])]
    return "\n".join(lines)
