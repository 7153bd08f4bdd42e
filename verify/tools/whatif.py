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
from dataclasses import dataclass

from prg.model.progress import Progress, RunStarted
from prg.model.settings import defaults, with_settings
from prg.model.spec import RowSide, Spec, Value
from prg.model.traces import Trace
from prg.model.words import config_words
from prg.verify.formats.json_report import side_json
from prg.verify.formats.trace import trace_json_or_none, trace_text
from prg.verify.formats.wording import states_words
from prg.verify.report import verify


@dataclass(frozen=True)
class ChangedVerdict:
    """A property whose verdict the settings change, with the trace of the side where it is
    violated."""

    name: str
    baseline: str
    what_if: str
    message: str | None
    counterexample_side: str
    counterexample: Trace | None


@dataclass(frozen=True)
class ChangedRow:
    """A Table 2 row whose reachability the settings change, with the witness of the side
    where it is reachable."""

    id: int
    node1: RowSide
    node2: RowSide
    baseline: bool
    what_if: bool
    witness_side: str
    witness: Trace | None


@dataclass(frozen=True)
class WhatIf:
    """What a set of settings changes against the defaults."""

    settings: Mapping[str, Value]
    baseline: Mapping[str, Value]
    what_if: Mapping[str, Value]
    joint_states: tuple[int, int]
    properties: tuple[ChangedVerdict, ...]
    rows: tuple[ChangedRow, ...]

    @property
    def changed(self) -> bool:
        return bool(self.properties or self.rows)


def diff(spec: Spec, settings: Mapping[str, Value], fault_budget: int = 1,
         jobs: int | None = None, progress: Progress | None = None) -> WhatIf:
    """The differences between the defaults and the defaults with ``settings``; ``progress``
    hears how both runs go."""
    base_settings = defaults(spec)
    what_settings = {**base_settings, **settings}
    # The explicit engine's verdicts are compared: each change comes with its trace.
    runs = []
    for name, run_settings in (("the defaults", base_settings),
                               (f"with {config_words(settings)}", what_settings)):
        if progress is not None:
            progress(RunStarted(name))
        runs.append(verify(with_settings(spec, run_settings), fault_budget, jobs, run_settings,
                           "graph", progress=progress))
    base, what = runs
    properties = []
    for before, after in zip(base.properties, what.properties, strict=True):
        if before.status == after.status:
            continue
        violated, side = (after, "what-if") if after.status == "violated" else (
            before, "baseline")
        properties.append(ChangedVerdict(before.name, before.status, after.status,
                                         violated.message, side, violated.counterexample))
    rows = []
    for row_before, row_after in zip(base.rows, what.rows, strict=True):
        if row_before.reachable == row_after.reachable:
            continue
        reachable, side = ((row_after, "what-if") if row_after.reachable
                           else (row_before, "baseline"))
        rows.append(ChangedRow(row_before.id, row_before.node1, row_before.node2,
                               row_before.reachable, row_after.reachable, side,
                               reachable.witness))
    return WhatIf(dict(settings), base_settings, what_settings,
                  (base.model.joint_states, what.model.joint_states),
                  tuple(properties), tuple(rows))


def to_json(result: WhatIf) -> str:
    """The differences as JSON, each trace as the report writes it."""
    return json.dumps({
        "settings": dict(result.settings),
        "baseline": dict(result.baseline),
        "what_if": dict(result.what_if),
        "joint_states": {"baseline": result.joint_states[0],
                         "what_if": result.joint_states[1]},
        "properties": [{"name": p.name, "baseline": p.baseline, "what_if": p.what_if,
                        "message": p.message, "counterexample_side": p.counterexample_side,
                        "counterexample": trace_json_or_none(p.counterexample)}
                       for p in result.properties],
        "rows": [{"id": r.id, "node1": side_json(r.node1), "node2": side_json(r.node2),
                  "baseline": r.baseline, "what_if": r.what_if,
                  "witness_side": r.witness_side, "witness": trace_json_or_none(r.witness)}
                 for r in result.rows],
        "changed": result.changed,
    }, indent=2)


def to_text(result: WhatIf) -> str:
    """The differences for people, each with its trace."""
    before, after = result.joint_states
    lines = [
        f"what-if: {config_words(result.settings)}",
        f"  baseline (the defaults): {config_words(result.baseline)}",
        f"  what-if:                 {config_words(result.what_if)}",
        f"  joint states: {before:,} -> {after:,}",
    ]
    if not result.changed:
        lines += ["", "no property or Table 2 row changes verdict"]
        return "\n".join(lines)
    for prop in result.properties:
        lines += ["", f"property {prop.name}: {prop.baseline} -> {prop.what_if}",
                  f"  {prop.message}"]
        if prop.counterexample:
            lines.append(f"  counterexample ({prop.counterexample_side}):")
            lines.append(trace_text(prop.counterexample))
    for row in result.rows:
        verdicts = {True: "reachable", False: "unreachable"}
        lines += ["", (f"row {row.id} (node 1 {_side(row.node1)}  |  node 2 "
                       f"{_side(row.node2)}): {verdicts[row.baseline]} -> "
                       f"{verdicts[row.what_if]}"),
                  f"  witness ({row.witness_side}):", trace_text(row.witness or ())]
    return "\n".join(lines)


def _side(side: RowSide) -> str:
    if side.states is None:
        return "(down)"
    return states_words(side)
