"""The report for people, in a terminal: a summary, the rows, the counterexamples, the
findings and what keeps each property Z3 proved true, then the verdict; the decisions only
where asked for (they are many)."""

from __future__ import annotations

from collections.abc import Callable

from prg.model.spec import RowSide
from prg.model.words import config_words
from prg.verify.formats.columns import WIDTH, wrapped
from prg.verify.formats.trace import breaks_at, trace_text
from prg.verify.formats.wording import (
    INVARIANTS_TITLE,
    bmc_words,
    confirmed_words,
    invariant_heading,
    reported,
    run_words,
    states_words,
    verdict_heading,
    with_invariant,
)
from prg.verify.results import Report, RowResult

#: How the report's verdicts are shown: ``paint(text, status)`` is ``text`` as shown for a
#: verdict of ``status`` (holds, finding, violated, unknown). The report is plain text; where
#: it goes to a terminal, the command gives a paint that colours it.
Paint = Callable[[str, str], str]


def unpainted(text: str, status: str) -> str:
    """``text`` as it is: the report without colour."""
    return text


def run_status(report: Report) -> str:
    """The run's verdict as a property's status: holds where every property holds, finding
    where some fail only as findings of the spec say, else violated."""
    return "holds" if report.clean else "finding" if report.passed else "violated"


def _side_text(side: RowSide) -> str:
    if side.states is None:
        return "(down: " + ", ".join(side.down_causes) + ")"
    return states_words(side)


def _row_lines(head: str, node1: RowSide, node2: RowSide) -> list[str]:
    """A Table 2 row after ``head``: both nodes on one line where they fit, else node 2 on a
    line of its own, under node 1."""
    first, second = f"node 1 {_side_text(node1)}", f"node 2 {_side_text(node2)}"
    if len(head) + len(first) + len("  |  ") + len(second) <= WIDTH:
        return [f"{head}{first}  |  {second}"]
    under = " " * len(head)
    return wrapped(first, head, under + "  ") + wrapped(second, under, under + "  ")


#: Where a note under a Table 2 row starts: under the row's sides.
_ROW_NOTE = " " * len("  24. 10 events  ")


def _table2(rows: tuple[RowResult, ...]) -> list[str]:
    reachable = sum(row.reachable for row in rows)
    lines = [(f"Table 2: {reachable} of {len(rows)} rows reachable "
              "(witness length = events from Normal / Normal)")]
    for row in rows:
        length = len(row.witness) - 1 if row.witness else None
        status = (f"{length:>2} {'event ' if length == 1 else 'events'}" if length is not None
                  else "UNREACHABLE")
        lines += _row_lines(f"  {row.id:>2}. {status}  ", row.node1, row.node2)
        if row.also_printed is not None:
            lines += _row_lines(f"      {'printed':>9}  ", row.also_printed.node1,
                                row.also_printed.node2)
        if bmc := bmc_words(row):
            lines += wrapped(bmc, _ROW_NOTE, _ROW_NOTE + "  ")
    return lines


def _invariants(report: Report) -> list[str]:
    """What keeps each property Z3 proved true besides itself, one clause a line."""
    proved = with_invariant(report)
    if not proved:
        return []
    lines = ["", *wrapped(f"{INVARIANTS_TITLE}:")]
    for prop in proved:
        lines += wrapped(f"{invariant_heading(prop)}:", "  ", "    ")
        for clause in prop.invariant:
            lines += wrapped(clause, "    - ", "      ")
    return lines


#: Where a property table row's configuration goes on when it does not fit after the row.
_TABLE_HANGING = "    "


def _properties(report: Report, paint: Paint) -> list[str]:
    lines = [f"{'property':<32} {'verdict':<9} {'engine':<20} {'seconds':>7}  configuration"]
    for prop in report.properties:
        config = config_words(prop.config, "all")
        engine = prop.engine + (f" {prop.method}" if prop.method else "")
        if prop.k is not None:
            engine += f" k={prop.k}"
        head = f"{prop.name:<32} "
        row = wrapped(config, f"{head}{prop.status:<9} {engine:<20} "
                              f"{round(prop.seconds, 3):>7.2f}  ", _TABLE_HANGING)
        # Painted once laid out: the colour takes no columns.
        row[0] = head + paint(prop.status, prop.status) + row[0][len(head) + len(prop.status):]
        lines += row
    return lines


def _counterexamples(report: Report, paint: Paint) -> list[str]:
    lines = []
    for item in reported(report):
        prop = item.verdict
        heading = verdict_heading(prop)
        message = wrapped(f"{heading} {prop.name}: {prop.message}")
        message[0] = paint(heading, prop.status) + message[0][len(heading):]
        lines += ["", *message]
        if prop.config:
            lines += wrapped(config_words(prop.config), "  configuration: ", "    ")
        if item.confirmed_by:
            lines += wrapped(confirmed_words(item), "  ", "    ")
        if prop.counterexample:
            lines.append("  counterexample:")
            lines.append(trace_text(prop.counterexample, breaks_at=breaks_at(prop),
                                    property_name=prop.name))
    return lines


def _noted(what: str, why: str, source: str) -> list[str]:
    """An item of the findings or the decisions: what, then why and where, indented."""
    return [*wrapped(what, "  - ", "    "), *wrapped(f"{why} [{source}]", "    ", "    ")]


def to_text(report: Report, decisions: bool = True, paint: Paint = unpainted) -> str:
    """The report for people, every line within ``WIDTH`` columns: a summary, the rows (with
    what BMC says of each witness's length, where the Z3 engine ran), the counterexamples
    (each marking the step where its property breaks), the findings, the invariants of Z3's
    proofs in the spec's words and the decisions (without ``decisions``, where they are and,
    for the decisions, how many), then the verdict, last. ``paint`` shows each verdict, and the run's,
    by its status."""
    model, spec = report.model, report.spec
    lines = [
        *wrapped(f"prg {report.version}: {spec.title}"),
        *wrapped(f"spec {spec.path}: {spec.states} states, {spec.reasons} reasons, "
                 f"{spec.rules} rules, {spec.rows} rows"),
        *wrapped(f"model: {model.configurations} configurations, fault budget "
                 f"{model.fault_budget}, {model.joint_states:,} joint states, "
                 f"{model.transitions:,} transitions"),
    ]
    if model.settings:
        lines += wrapped(f"what-if settings: {config_words(model.settings)}")
    lines += ["", *_properties(report, paint), "", *_table2(report.rows),
              *_counterexamples(report, paint)]
    if report.findings:
        lines += ["", ("Findings: where the document's behaviour breaks a property "
                       f"({len(report.findings)}):")]
        for finding in report.findings:
            lines += _noted(f"{finding.id} [{finding.status}] {finding.property}, from fault "
                            f"budget {finding.fault_budget}: {finding.note}",
                            finding.why, finding.source)
    if decisions:
        lines += _invariants(report)
    elif with_invariant(report):
        count = len(with_invariant(report))
        which = "the property" if count == 1 else f"the {count} properties"
        lines += ["", *wrapped(f"What keeps {which} Z3 proved true, in the spec's words: "
                               "--verbose, or report.txt with --output")]
    if decisions:
        lines += ["", (f"Decisions where the document is inconsistent or silent "
                      f"({len(report.decisions)}):")]
        for decision in report.decisions:
            lines += _noted(decision.what, decision.why, decision.source)
    elif report.decisions:
        lines += ["", (f"{len(report.decisions)} decisions where the document is inconsistent "
                       "or silent: --verbose, or report.txt with --output")]
    verdict = wrapped(f"{run_words(report)} ({round(report.elapsed_s, 3):.1f} s)")
    lines += ["", *(paint(line, run_status(report)) for line in verdict)]
    return "\n".join(lines)
