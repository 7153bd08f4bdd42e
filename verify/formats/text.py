"""The report for people, in a terminal: a summary, the rows, the counterexamples and the
findings, then the verdict; the decisions only where asked for (they are many)."""

from __future__ import annotations

from prg.model.spec import RowSide
from prg.model.words import config_words
from prg.verify.formats.trace import trace_text
from prg.verify.formats.wording import (
    confirmed_words,
    reported,
    run_words,
    states_words,
    verdict_heading,
)
from prg.verify.results import Report


def _side_text(side: RowSide) -> str:
    if side.states is None:
        return "(down: " + ", ".join(side.down_causes) + ")"
    return states_words(side)


def to_text(report: Report, decisions: bool = True) -> str:
    """The report for people: a summary, the rows, the counterexamples, the findings, the
    decisions (or, without ``decisions``, how many there are and where they are), then the
    verdict, last."""
    model, spec = report.model, report.spec
    lines = [
        f"prg {report.version}: {spec.title}",
        (f"spec {spec.path}: {spec.states} states, {spec.reasons} reasons, {spec.rules} rules, "
         f"{spec.rows} rows"),
        (f"model: {model.configurations} configurations, fault budget "
         f"{model.fault_budget}, {model.joint_states:,} joint states, "
         f"{model.transitions:,} transitions"),
        "",
        f"{'property':<32} {'verdict':<9} {'engine':<20} {'seconds':>7}  configuration",
    ]
    if model.settings:
        lines.insert(3, f"what-if settings: {config_words(model.settings)}")
    for prop in report.properties:
        config = config_words(prop.config, "all")
        engine = prop.engine + (f" {prop.method}" if prop.method else "")
        if prop.k is not None:
            engine += f" k={prop.k}"
        lines.append(f"{prop.name:<32} {prop.status:<9} {engine:<20} "
                     f"{round(prop.seconds, 3):>7.2f}  {config}")
    reachable = sum(row.reachable for row in report.rows)
    lines += ["", (f"Table 2: {reachable} of {len(report.rows)} rows reachable "
                  "(witness length = events from Normal / Normal)")]
    for row in report.rows:
        length = len(row.witness) - 1 if row.witness else None
        status = (f"{length:>2} {'event ' if length == 1 else 'events'}" if length is not None
                  else "UNREACHABLE")
        lines.append(f"  {row.id:>2}. {status}  node 1 {_side_text(row.node1)}"
                     f"  |  node 2 {_side_text(row.node2)}")
        if row.also_printed is not None:
            lines.append(f"      {'printed':>9}  node 1 {_side_text(row.also_printed.node1)}"
                         f"  |  node 2 {_side_text(row.also_printed.node2)}")
    for item in reported(report):
        prop = item.verdict
        lines += ["", f"{verdict_heading(prop)} {prop.name}: {prop.message}"]
        if prop.config:
            lines.append(f"  configuration: {config_words(prop.config)}")
        if item.confirmed_by:
            lines.append(f"  {confirmed_words(item)}")
        if prop.counterexample:
            lines.append("  counterexample:")
            lines.append(trace_text(prop.counterexample))
    if report.findings:
        lines += ["", ("Findings: where the document's behaviour breaks a property "
                       f"({len(report.findings)}):")]
        for finding in report.findings:
            lines.append(f"  - {finding.id} [{finding.status}] {finding.property}, from fault "
                         f"budget {finding.fault_budget}: {finding.note}")
            lines.append(f"    {finding.why} [{finding.source}]")
    if decisions:
        lines += ["", (f"Decisions where the document is inconsistent or silent "
                      f"({len(report.decisions)}):")]
        for decision in report.decisions:
            lines.append(f"  - {decision.what}")
            lines.append(f"    {decision.why} [{decision.source}]")
    elif report.decisions:
        lines += ["", (f"{len(report.decisions)} decisions where the document is inconsistent "
                       "or silent: --verbose, or report.txt with --output")]
    lines += ["", f"{run_words(report)} ({round(report.elapsed_s, 3):.1f} s)"]
    return "\n".join(lines)
