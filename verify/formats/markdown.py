"""The report as Markdown for a CI job summary page: the verdict, the properties, the rows of
Table 2 (with what BMC says of each witness's length, where the Z3 engine ran), each
counterexample (a Mermaid timeline and the numbered trace), the findings, the invariants of
Z3's proofs, folded, the Mermaid diagrams given, and the decisions, folded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from prg.model.words import config_words, events
from prg.verify.formats.trace import breaks_at, trace_text
from prg.verify.formats.wording import (
    ALL,
    INVARIANTS_TITLE,
    bmc_words,
    confirmed_words,
    engine_words,
    invariant_heading,
    printed_sides,
    printed_words,
    reported,
    run_words,
    side_words,
    verdict_heading,
    with_invariant,
)
from prg.verify.results import Report


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _summary(report: Report) -> list[str]:
    model, spec = report.model, report.spec
    failing = [item.verdict.name for item in reported(report)
               if item.verdict.status == "violated"]
    if report.passed or (report.stale and not failing):
        verdict = f"**{run_words(report).capitalize()}.**"
    else:
        verdict = f"**Violated: {', '.join(failing) or 'undecided properties'}.**"
    reachable = sum(row.reachable for row in report.rows)
    return [
        f"# prg {report.version}: {spec.title}", "",
        (f"{'✅' if report.passed else '❌'} {verdict} Spec `{spec.path}`: "
        f"{spec.states} states, {spec.rules} rules, "
        f"{spec.rows} Table 2 rows ({reachable} reachable). Model: "
        f"{model.configurations} configurations, fault budget {model.fault_budget}, "
        f"{model.joint_states:,} joint states, {model.transitions:,} transitions; "
        f"{round(report.elapsed_s, 3):.1f} s."), "",
    ]


def _properties(report: Report) -> list[str]:
    lines = ["## Properties", "", "| property | verdict | engine | configuration | seconds |",
             "|---|---|---|---|---:|"]
    for prop in report.properties:
        mark = {"holds": "✅ holds", "violated": "❌ violated",
                "finding": f"🔷 finding ({', '.join(prop.findings)})"}.get(
                    prop.status, f"⚠️ {prop.status}")
        config = config_words(prop.config, ALL) if prop.config else "all"
        lines.append(f"| `{prop.name}` | {mark} | {_cell(engine_words(prop))} | "
                     f"{_cell(config)} | {round(prop.seconds, 3):.2f} |")
    return lines + [""]


def _rows(report: Report) -> list[str]:
    # The column of what BMC says of each witness, where the Z3 engine ran.
    bmc = any(row.bmc_confirms is not None for row in report.rows)
    lines = ["## Table 2", "", "| row | node 1 | node 2 | reachable | witness |"
             + (" BMC |" if bmc else ""), "|---:|---|---|---|---:|" + ("---|" if bmc else "")]
    for row in report.rows:
        witness = events(len(row.witness) - 1) if row.witness else "—"
        node1, node2 = (side_words(side) + printed_words(side, printed)
                        for side, printed in zip((row.node1, row.node2), printed_sides(row),
                                                 strict=True))
        lines.append(f"| {row.id} | {_cell(node1)} | {_cell(node2)} | "
                     f"{'yes' if row.reachable else '**no**'} | {witness} |"
                     + (f" {_cell(bmc_words(row) or '—')} |" if bmc else ""))
    return lines + [""]


def _invariants(report: Report) -> list[str]:
    """What keeps each property Z3 proved true besides itself, folded per property."""
    proved = with_invariant(report)
    if not proved:
        return []
    lines = [f"## {INVARIANTS_TITLE}", ""]
    for prop in proved:
        lines += [f"<details><summary>{_cell(invariant_heading(prop))}</summary>", "",
                  *(f"- {_cell(clause)}" for clause in prop.invariant), "", "</details>", ""]
    return lines


def _counterexamples(report: Report, traces: Mapping[str, str]) -> list[str]:
    violated = [item for item in reported(report)
                if item.verdict.status in ("violated", "finding")]
    if not violated:
        return []
    lines = ["## Counterexamples", ""]
    for item in violated:
        prop = item.verdict
        heading = verdict_heading(prop) + " " if prop.status == "finding" else ""
        lines += [f"### {heading}`{prop.name}`", "", _cell(prop.message or ""), ""]
        if item.confirmed_by:
            confirmed = confirmed_words(item)
            lines += [f"{confirmed[:1].upper()}{confirmed[1:]}.", ""]
        if prop.config:
            lines += [f"Configuration: {config_words(prop.config, ALL)}", ""]
        if prop.name in traces:
            lines += ["```mermaid", traces[prop.name].rstrip(), "```", ""]
        if prop.counterexample:
            lines += ["<details><summary>The trace, step by step</summary>", "", "```",
                      trace_text(prop.counterexample, indent="", breaks_at=breaks_at(prop),
                                 property_name=prop.name), "```", "",
                      "</details>", ""]
    return lines


def _findings(report: Report) -> list[str]:
    if not report.findings:
        return []
    lines = ["## Findings: where the document's behaviour breaks a property", "",
             "| finding | status | property | from fault budget | in this run | why |",
             "|---|---|---|---:|---|---|"]
    for finding in report.findings:
        mark = {"occurs": "🔷 occurs", "stale": "❌ stale"}.get(finding.status,
                                                              f"⚪ {finding.status}")
        lines.append(f"| `{finding.id}` | {mark} | `{finding.property}` | "
                     f"{finding.fault_budget} | {_cell(finding.note)} | "
                     f"{_cell(finding.why)} _({_cell(finding.source)})_ |")
    return lines + [""]


def _decisions(report: Report) -> list[str]:
    lines = [(f"<details><summary>Decisions where the document is inconsistent or silent "
             f"({len(report.decisions)})</summary>"), ""]
    for decision in report.decisions:
        lines.append(f"- **{_cell(decision.what)}**: {_cell(decision.why)} "
                     f"_({_cell(decision.source)})_")
    return lines + ["", "</details>", ""]


def to_markdown(report: Report, diagrams: Sequence[tuple[str, str]] = (),
                traces: Mapping[str, str] | None = None) -> str:
    """The report as Markdown; ``diagrams`` are (title, Mermaid text) pairs to show, and
    ``traces`` each violated property's counterexample as Mermaid."""
    lines = _summary(report) + _properties(report) + _rows(report)
    lines += _counterexamples(report, traces or {}) + _findings(report) + _invariants(report)
    if diagrams:
        lines += ["## Diagrams", ""]
        for title, mermaid in diagrams:
            lines += [f"### {title}", "", "```mermaid", mermaid.rstrip(), "```", ""]
    lines += _decisions(report)
    return "\n".join(lines)
