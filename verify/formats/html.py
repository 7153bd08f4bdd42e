"""The report as one self-contained HTML page: the verdict, the properties, the rows of Table 2
(documented against reachable, with witness lengths and what BMC says of them), each
counterexample as a timeline, the findings, the invariants of Z3's proofs, the diagrams, the
recovery table and the decisions. Styles are inline and diagrams are inline SVG, so the file
can be mailed or attached to a CI run as it is."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from prg.model.traces import Trace
from prg.model.words import config_words, events
from prg.verify.formats.json_report import side_json
from prg.verify.formats.trace import (
    breaks_mark,
    counterexample_breaks_at,
    node_json,
    trace_text,
)
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
    verdict_heading,
    with_invariant,
)
from prg.verify.results import Report
from prg.verify.tools.recovery import RecoveryEntry, RecoveryStep, RecoveryTable

#: Fill and line colour per class of node state (and ``down``).
Palette = Mapping[str, tuple[str, str]]
PLAIN: Palette = {}

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;
color:#212529;background:#f8f9fa}
header{background:#212529;color:#f8f9fa;padding:18px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:2px 0;color:#ced4da}
nav{background:#343a40;padding:6px 32px;position:sticky;top:0;z-index:1}
nav a{color:#e9ecef;margin-right:18px;text-decoration:none;font-weight:600}
main{padding:8px 32px 40px;max-width:1600px}
section{background:#fff;border:1px solid #dee2e6;border-radius:8px;margin:18px 0;
padding:4px 20px 16px}
h2{font-size:19px;border-bottom:1px solid #dee2e6;padding-bottom:6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f5;position:sticky;top:34px}
td.num{text-align:right;white-space:nowrap}
.verdict{display:inline-block;padding:3px 12px;border-radius:12px;font-weight:700}
.pass{background:#2b8a3e;color:#fff}.fail{background:#c92a2a;color:#fff}
.other{background:#e67700;color:#fff}
.holds{color:#2b8a3e;font-weight:600}.violated{color:#c92a2a;font-weight:700}
.undecided{color:#e67700;font-weight:700}.finding{color:#1864ab;font-weight:700}
.state{display:inline-block;border:1px solid;border-radius:6px;padding:1px 6px;margin:1px 0}
.facts{color:#c92a2a;font-size:12px}
.action{font-weight:700;color:#1864ab}.auto{color:#868e96}
.diagram{overflow:auto;max-height:85vh;border:1px solid #e9ecef;border-radius:6px;
padding:6px;margin:8px 0;background:#fff}
.zoom{margin:0 4px 0 0}.zoom+label{color:#1864ab;cursor:pointer;font-size:13px}
.zoom+label+.diagram svg{max-width:none}
.zoom:checked+label+.diagram svg{max-width:100%;height:auto}
pre{background:#f1f3f5;padding:8px;border-radius:6px;overflow:auto;font-size:12px}
details summary{cursor:pointer;color:#1864ab}
.note{color:#495057}
mark.breaks{background:#ffe3e3;color:#c92a2a;font-weight:700}
tr.row-head th{background:#e7f5ff;position:static;font-weight:600}
tr.row-head details{font-weight:400;margin-top:2px}
"""


def _state(side: Mapping[str, Any], classes: Mapping[str, str], palette: Palette) -> str:
    """One node as a coloured chip: state and reason, or down, and unhealthy facts."""
    if side.get("state") is None:
        fill, line = palette.get("down", ("#495057", "#212529"))
        causes = side.get("down") or [f"{k} {v}" for k, v in (side.get("facts") or {}).items()]
        text = "down" + (f" ({', '.join(causes)})" if causes else "")
        return (f'<span class="state" style="background:{fill};border-color:{line};'
                f'color:#fff">{escape(text)}</span>')
    names = side.get("states") or [side["state"]]
    klass = classes.get(names[0], "unknown")
    fill, line = palette.get(klass, ("#ffffff", "#adb5bd"))
    chip = (f'<span class="state" style="background:{fill};border-color:{line}" '
            f'title="{escape(klass)}">{escape(side["state"])} / '
            f'{escape(side.get("reason") or "")}</span>')
    if side.get("facts") and "down" not in side:
        chip += '<br><span class="facts">' + escape(
            ", ".join(f"{k} {v}" for k, v in side["facts"].items())) + "</span>"
    return chip


def _code(text: str) -> str:
    """Text whose ````literals```` (as docstrings write them) are shown as code."""
    return re.sub(r"``(.+?)``", r"<code>\1</code>", escape(text))


def _status(status: str) -> str:
    css = status if status in ("holds", "violated", "finding") else "undecided"
    return f'<span class="{css}">{escape(status)}</span>'


def _header(report: Report) -> str:
    model = report.model
    verdicts = {p.status for p in report.properties}
    if report.passed:
        badge = f'<span class="verdict pass">{escape(run_words(report))}</span>'
    elif "violated" in verdicts or report.stale:
        badge = f'<span class="verdict fail">{escape(run_words(report))}</span>'
    else:
        badge = '<span class="verdict other">properties undecided</span>'
    spec = report.spec
    return (
        f"<header><h1>prg {escape(report.version)}: {escape(spec.title)}</h1>"
        f"<p>{badge}</p>"
        f"<p>spec {escape(spec.path)}: {spec.states} states, {spec.reasons} reasons, "
        f"{spec.rules} rules, {spec.rows} Table 2 rows</p>"
        f"<p>model: {model.configurations} configurations, fault budget "
        f"{model.fault_budget}, {model.joint_states:,} joint states, "
        f"{model.transitions:,} transitions; checked in {round(report.elapsed_s, 3):.1f} s</p>"
        "</header>"
    )


def _properties(report: Report) -> str:
    rows = []
    for prop in report.properties:
        config = config_words(prop.config, ALL) if prop.config else "all"
        rows.append(
            f"<tr><td><code>{escape(prop.name)}</code></td><td>{_status(prop.status)}"
            f"</td><td>{escape(engine_words(prop))}</td><td>{escape(config)}</td>"
            f"<td>{_code(prop.description or '')}</td>"
            f"<td class=num>{round(prop.seconds, 3):.2f}</td></tr>")
    return ('<section id="properties"><h2>Properties</h2><table><tr><th>property</th>'
            "<th>verdict</th><th>engine</th><th>configuration</th><th>what it checks</th>"
            "<th>seconds</th></tr>" + "".join(rows) + "</table></section>")


def _rows(report: Report, classes: Mapping[str, str], palette: Palette) -> str:
    rows = []
    for row in report.rows:
        if row.reachable and row.witness is not None:
            length = events(len(row.witness) - 1)
            config = escape(config_words(row.config or {}, ALL))
            bmc = bmc_words(row)
            reach = (f'<span class="holds">reachable</span> in {length}'
                     + (f"<br><span class=note>{escape(bmc)}</span>" if bmc else "")
                     + f"<details><summary>witness</summary><p class=note>{config}</p><pre>"
                     f"{escape(trace_text(row.witness, indent=''))}</pre></details>")
        else:
            reach = '<span class="violated">never reached</span>'
        sides = []
        for side, printed in zip((row.node1, row.node2), printed_sides(row), strict=True):
            words = printed_words(side, printed).strip()
            sides.append(_state(side_json(side), classes, palette)
                         + (f"<br><span class=note>{escape(words)}</span>" if words else ""))
        rows.append(
            f"<tr><td class=num>{row.id}</td><td>{sides[0]}</td><td>{sides[1]}</td>"
            f"<td>{escape(row.cause)}</td><td>{reach}</td><td class=num>{row.line}</td></tr>")
    reachable = sum(row.reachable for row in report.rows)
    return ('<section id="rows"><h2>Table 2: documented against reachable</h2>'
            f"<p>{reachable} of {len(report.rows)} documented rows are reachable; the witness "
            "is the shortest trace from Normal / Normal to a joint state that shows the row "
            "as written (node 1 first).</p><table><tr><th>row</th><th>node 1 (documented)"
            "</th><th>node 2 (documented)</th><th>cause</th><th>reachable, witness</th>"
            "<th>spec line</th></tr>" + "".join(rows) + "</table></section>")


def _counterexamples(report: Report, traces: Mapping[str, str]) -> str:
    violated = [item for item in reported(report)
                if item.verdict.status in ("violated", "finding")]
    if not violated:
        return ('<section id="counterexamples"><h2>Counterexamples</h2><p>None: every '
                "property holds.</p></section>")
    parts = ['<section id="counterexamples"><h2>Counterexamples</h2>']
    for item in violated:
        prop = item.verdict
        heading = verdict_heading(prop) + " " if prop.status == "finding" else ""
        parts.append(f"<h3>{escape(heading)}<code>{escape(prop.name)}</code></h3>"
                     f"<p>{escape(prop.message or '')}</p>")
        if item.confirmed_by:
            parts.append(f"<p class=note>{escape(confirmed_words(item))}</p>")
        if prop.config:
            parts.append(f"<p class=note>configuration: {escape(config_words(prop.config, ALL))}"
                         "</p>")
        if prop.spec_lines:
            parts.append("<p class=note>spec lines: "
                         + ", ".join(str(n) for n in prop.spec_lines) + "</p>")
        if prop.name in traces:
            parts.append(f'<div class="diagram">{traces[prop.name]}</div>')
        if prop.counterexample:
            parts.append("<details><summary>the trace as text</summary><pre>"
                         f"{_marked(prop.counterexample, prop.name)}</pre></details>")
    return "".join(parts) + "</section>"


def _invariants(report: Report) -> str:
    """What keeps each property Z3 proved true besides itself, folded per property; "" where
    no proof gives an invariant."""
    proved = with_invariant(report)
    if not proved:
        return ""
    parts = [f'<section id="invariants"><h2>{escape(INVARIANTS_TITLE)}</h2>']
    for prop in proved:
        clauses = "".join(f"<li>{escape(clause)}</li>" for clause in prop.invariant)
        parts.append(f"<details><summary>{escape(invariant_heading(prop))}</summary>"
                     f"<ul>{clauses}</ul></details>")
    return "".join(parts) + "</section>"


def _marked(counterexample: Trace, property_name: str) -> str:
    """A counterexample of ``property_name`` as text, the step where it breaks marked and
    highlighted."""
    text = trace_text(counterexample, indent="",
                      breaks_at=counterexample_breaks_at(counterexample),
                      property_name=property_name)
    mark = breaks_mark(property_name)
    return "\n".join(f"<mark class=breaks>{escape(line)}</mark>" if mark in line
                     else escape(line) for line in text.split("\n"))


def _diagrams(diagrams: Sequence[tuple[str, str]]) -> str:
    if not diagrams:
        return ('<section id="diagrams"><h2>Diagrams</h2><p>No diagrams: rendering SVG needs '
                "Graphviz (Debian package graphviz).</p></section>")
    parts = ['<section id="diagrams"><h2>Diagrams</h2>']
    for number, (title, svg) in enumerate(diagrams):
        # A diagram shows at its own size, where its text is readable at 100%, scrolling in
        # its box; a checkbox, not a script, fits it to the page for an overview.
        parts.append(f"<h3>{escape(title)}</h3><input type=checkbox class=zoom "
                     f"id=zoom{number}><label for=zoom{number}>fit to the page</label>"
                     f'<div class="diagram">{svg}</div>')
    return "".join(parts) + "</section>"


def _steps(steps: Sequence[RecoveryStep]) -> str:
    if not steps:
        return "already Normal / Normal"
    words = []
    for step in steps:
        css = "action" if step.action else "auto"
        words.append(f'<span class="{css}">{escape(step.text)}</span>')
    return " → ".join(words)


def _recommended(entry: RecoveryEntry) -> str:
    """What the document recommends for an entry's row, and the steps prg adds to that."""
    recommended = ("<ol>" + "".join(f"<li>{escape(t)}</li>" for t in entry.recommended)
                   + "</ol>") if entry.recommended else (
                       '<p class="note">Table 2 recommends nothing for this row.</p>')
    added = "".join(
        f"<p><b>{step.mark}.</b> {escape(step.text)} <span class=note>("
        + (f"before action {step.before}" if step.before else "after the last action")
        + f"; why: {escape(step.why)})</span></p>" for step in entry.added)
    if added:
        added = "<p>Steps prg adds:</p>" + added
    return recommended + added


def _recovery_rows(entries: Sequence[RecoveryEntry], classes: Mapping[str, str],
                   palette: Palette) -> str:
    rows = []
    for entry in entries:
        actions = "—" if entry.actions is None else str(entry.actions)
        disconnects = "—" if entry.disconnects is None else str(entry.disconnects)
        plan = (_steps(entry.steps) if entry.recoverable
                else '<span class="violated">no way back</span>')
        rows.append(
            f"<tr><td>{_state(node_json(entry.node1), classes, palette)}</td>"
            f"<td>{_state(node_json(entry.node2), classes, palette)}</td>"
            f"<td class=num>{entry.reached_in}</td>"
            f"<td class=num>{entry.joint_states:,}</td><td class=num>{disconnects}</td>"
            f"<td class=num>{actions}</td><td>{plan}</td></tr>")
    return "".join(rows)


_RECOVERY_HEAD = ("<tr><th>node 1</th><th>node 2</th><th>reached after</th>"
                  "<th>joint states</th><th>users disconnected</th><th>actions</th>"
                  "<th>the way back that does the least harm</th></tr>")


def _recovery(recovery: RecoveryTable | None, classes: Mapping[str, str],
              palette: Palette) -> str:
    """The recovery table: the failed pairs of each Table 2 row, in table order, under what
    the document recommends for the row (once); the failed pairs Table 2 does not list and
    the spec's extensions excuse, folded away; pairs nothing documents, last and open."""
    if recovery is None:
        return ""
    if not recovery.entries:
        return ('<section id="recovery"><h2>Recovery</h2><p>No failed state is reachable in '
                f"the configuration {escape(config_words(recovery.config, ALL))} at fault "
                f"budget {recovery.fault_budget}: there is nothing to recover from.</p>"
                "</section>")
    by_row: dict[tuple[int, bool], list[RecoveryEntry]] = {}
    for entry in recovery.entries:
        if entry.row is not None:
            by_row.setdefault((entry.row, entry.row_swapped), []).append(entry)
    groups = []
    for (row, swapped), entries in sorted(by_row.items()):
        heading = f"Table 2 row {row}" + (
            ", the other way round: its node 1 is node 2 here" if swapped else "")
        groups.append(
            f'<tbody><tr class="row-head"><th colspan=7>{heading} '
            f"<span class=note>({len(entries)} failed pair{'s' if len(entries) > 1 else ''})"
            f"</span><details><summary>the document recommends</summary>"
            f"{_recommended(entries[0])}</details></th></tr>"
            + _recovery_rows(entries, classes, palette) + "</tbody>")
    undocumented = [e for e in recovery.entries if e.row is None and not e.extension]
    if undocumented:
        groups.append(
            '<tbody><tr class="row-head"><th colspan=7><span class="violated">Neither a Table 2 '
            "row nor an extension</span></th></tr>"
            + _recovery_rows(undocumented, classes, palette) + "</tbody>")
    extensions = [e for e in recovery.entries if e.row is None and e.extension]
    folded = ""
    if extensions:
        folded = (f"<details><summary>{len(extensions)} failed pair"
                  f"{'s' if len(extensions) > 1 else ''} Table 2 does not list (the spec's "
                  "extensions excuse them; Table 2 recommends nothing for them)</summary>"
                  f"<table>{_RECOVERY_HEAD}"
                  + _recovery_rows(extensions, classes, palette) + "</table></details>")
    return (
        '<section id="recovery"><h2>Recovery</h2>'
        f"<p>Every failed pair the administrator page can show (a node in a failed or unknown "
        f"state) in the configuration {escape(config_words(recovery.config, ALL))}, fault "
        f"budget {recovery.fault_budget}, under its Table 2 row and what the document "
        "recommends for it: from the first such joint state reached, the way back to Normal / "
        "Normal with every user at home that does the least harm: first the fewest users it "
        "disconnects, then the fewest administrator actions and repairs "
        "(<span class=action>blue</span>), the pair's own events "
        "(<span class=auto>grey</span>) running in between.</p>"
        f"<table>{_RECOVERY_HEAD}" + "".join(groups) + "</table>" + folded + "</section>")


def _findings(report: Report) -> str:
    if not report.findings:
        return ""
    rows = []
    for finding in report.findings:
        css = {"occurs": "finding", "stale": "violated"}.get(finding.status, "undecided")
        trace = ""
        if finding.counterexample:
            trace = ("<details><summary>counterexample "
                     f"({events(len(finding.counterexample) - 1)})</summary><pre>"
                     f"{_marked(finding.counterexample, finding.property)}</pre></details>")
        rows.append(
            f"<tr><td><code>{escape(finding.id)}</code></td>"
            f'<td><span class="{css}">{escape(finding.status)}</span></td>'
            f"<td><code>{escape(finding.property)}</code></td>"
            f"<td class=num>{finding.fault_budget}</td><td>{escape(finding.note)}{trace}</td>"
            f"<td>{escape(finding.why)}</td><td>{escape(finding.source)}</td>"
            f"<td class=num>{finding.line}</td></tr>")
    return ('<section id="findings"><h2>Findings: where the document\'s behaviour breaks a '
            "property</h2><table><tr><th>finding</th><th>status</th><th>property</th>"
            "<th>from fault budget</th><th>in this run</th><th>why</th><th>source</th>"
            "<th>spec line</th></tr>" + "".join(rows) + "</table></section>")


def _decisions(report: Report) -> str:
    rows = "".join(
        f"<tr><td>{escape(d.what)}</td><td>{escape(d.why)}</td>"
        f"<td>{escape(d.source)}</td></tr>" for d in report.decisions)
    return ('<section id="decisions"><h2>Decisions where the document is inconsistent or '
            f"silent ({len(report.decisions)})</h2><table><tr><th>what</th><th>the reading "
            "taken, and why</th><th>source</th></tr>" + rows + "</table></section>")


def to_html(report: Report, diagrams: Sequence[tuple[str, str]] = (),
            traces: Mapping[str, str] | None = None, palette: Palette = PLAIN,
            recovery: RecoveryTable | None = None) -> str:
    """The report as an HTML page; ``diagrams`` are (title, inline SVG) pairs, ``traces`` each
    violated property's counterexample timeline as inline SVG, ``palette`` the colours of the
    classes of node states, ``recovery`` the default configuration's recovery table."""
    classes = report.spec.state_classes
    links = [("properties", "Properties"), ("rows", "Table 2"),
             ("counterexamples", "Counterexamples")]
    if report.findings:
        links.append(("findings", "Findings"))
    if with_invariant(report):
        links.append(("invariants", "Invariants"))
    links.append(("diagrams", "Diagrams"))
    if recovery is not None:
        links.append(("recovery", "Recovery"))
    links.append(("decisions", "Decisions"))
    nav = "<nav>" + "".join(f'<a href="#{a}">{t}</a>' for a, t in links) + "</nav>"
    body = (_header(report) + nav + "<main>" + _properties(report)
            + _rows(report, classes, palette) + _counterexamples(report, traces or {})
            + _findings(report) + _invariants(report) + _diagrams(diagrams)
            + _recovery(recovery, classes, palette) + _decisions(report) + "</main>")
    title = escape(f"prg: {report.spec.title}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{STYLE}</style></head><body>{body}</body></html>\n")
