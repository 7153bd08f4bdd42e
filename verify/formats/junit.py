"""The report as JUnit XML, the format CI test report viewers read: a test case per property
and configuration where the property holds (per property where it is checked once, for all
configurations or by another engine), one per counterexample where it does not (the
configurations whose counterexamples have the same shape share one), and one per Table 2 row.
Each test case names the spec file and, where the report gives one, its line; a failure
carries its counterexample as a numbered trace."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Hashable, Mapping, Sequence

from prg.model.spec import Value
from prg.model.traces import Trace
from prg.model.words import config_words, events
from prg.verify.formats.trace import counterexample_breaks_at, trace_text
from prg.verify.formats.wording import (
    ALL,
    confirmed_words,
    engine_words,
    reported,
    short_config_words,
    side_words,
)
from prg.verify.results import ConfigResult, ConfigVerdict, Report, Verdict


def _case(suite: ET.Element, report: Report, classname: str, name: str, seconds: float,
          lines: Sequence[int] = ()) -> ET.Element:
    """A test case at the spec file and at the first of ``lines``, where there is one."""
    case = ET.SubElement(suite, "testcase", classname=classname, name=name,
                         time=f"{seconds:.3f}", file=report.spec.path)
    if lines:
        case.set("line", str(lines[0]))
    return case


def _configurations(configs: Sequence[Mapping[str, Value]]) -> list[str]:
    """The configurations a verdict is about, one a line after a heading."""
    if len(configs) == 1:
        return [f"configuration: {config_words(configs[0], ALL)}"]
    return [(f"configurations ({len(configs)}), each with this counterexample (as the first "
            "shows it):"), *(f"  {config_words(config)}" for config in configs)]


def _verdict(case: ET.Element, name: str, status: str, message: str | None,
             trace: Trace | None, configs: Sequence[Mapping[str, Value]],
             findings: tuple[str, ...] = (), confirmed: str = "") -> None:
    """Mark a test case failed (violated), skipped (a finding about the document, or
    undecided) or leave it passed; ``configs`` are the configurations it is about (none where
    it is about every one at once), ``confirmed`` says which other engines found the same;
    the trace marks where property ``name`` breaks."""
    if status == "holds":
        return
    body = _configurations(configs) if configs else []
    if status == "finding":
        element = ET.SubElement(case, "skipped",
                                message=f"finding {', '.join(findings)}: {message or ''}")
    elif status == "violated":
        element = ET.SubElement(case, "failure", message=message or "violated",
                                type="violated")
        body.append(message or "")
    else:
        ET.SubElement(case, "skipped", message=f"{status}: {message or 'not decided'}")
        return
    body += [confirmed] if confirmed else []
    if trace:
        body += ["counterexample:", trace_text(trace, breaks_at=counterexample_breaks_at(trace),
                                               property_name=name)]
    element.text = "\n".join(body)


def _shape(verdict: ConfigVerdict) -> Hashable:
    """What a reader sees of a configuration's counterexample: its status, message and
    findings, and each step's event and the joint state it leads to (the users' counts
    aside, which follow the configuration's users)."""
    violated = verdict.violated
    trace = violated.counterexample if violated is not None else None
    steps = tuple((step.event, step.node, step.node1, step.node2, step.high_availability)
                  for step in trace or ())
    return (verdict.status, violated.message if violated else None, verdict.findings, steps)


def _per_configuration(suite: ET.Element, report: Report, prop: Verdict,
                       checked: Sequence[ConfigResult], confirmed: Mapping[str, str]) -> None:
    """A property the graph engine checks per configuration: a test case for each
    configuration where it holds, and one for each shape of counterexample, in the order of
    the configurations, named by the first configuration of its shape."""
    engine = engine_words(prop)
    classname = f"prg.properties.{prop.name}"
    defaults = report.spec.default_config
    shapes: dict[Hashable, list[ConfigResult]] = {}
    for config in checked:
        if config.verdicts[prop.name].violated is not None:
            shapes.setdefault(_shape(config.verdicts[prop.name]), []).append(config)
    for config in checked:
        verdict = config.verdicts[prop.name]
        violated = verdict.violated
        same = shapes.get(_shape(verdict), []) if violated is not None else [config]
        if same[0] is not config:
            continue  # told in the test case of the first configuration of its shape
        more = f" and {len(same) - 1} more" if len(same) > 1 else ""
        name = f"{prop.name} [{short_config_words(config.config, defaults)}{more}] ({engine})"
        seconds = sum(c.verdicts[prop.name].seconds for c in same)
        case = _case(suite, report, classname, name, round(seconds, 3),
                     violated.spec_lines if violated else ())
        _verdict(case, prop.name, verdict.status, violated.message if violated else None,
                 violated.counterexample if violated else None, [c.config for c in same],
                 verdict.findings, confirmed.get(verdict.status, ""))


def _property_cases(suite: ET.Element, report: Report) -> None:
    """The properties' test cases; a verdict that confirms another engine's violation has
    none of its own: the violation fails once, saying who confirmed it."""
    items = reported(report)
    confirming = {id(verdict) for item in items for verdict in item.confirmed_by}
    confirmed: dict[str, dict[str, str]] = {}
    for item in items:
        confirmed.setdefault(item.verdict.name, {})[item.verdict.status] = confirmed_words(item)
    for prop in report.properties:
        if id(prop) in confirming:
            continue
        checked = [c for c in report.configurations if prop.name in c.verdicts]
        if prop.engine == "graph" and checked:
            _per_configuration(suite, report, prop, checked, confirmed.get(prop.name, {}))
            continue
        case = _case(suite, report, f"prg.properties.{prop.name}",
                     f"{prop.name} ({engine_words(prop)})", round(prop.seconds, 3),
                     prop.spec_lines)
        _verdict(case, prop.name, prop.status, prop.message, prop.counterexample,
                 [prop.config] if prop.config else [], prop.findings,
                 confirmed.get(prop.name, {}).get(prop.status, ""))


def _row_cases(suite: ET.Element, report: Report) -> None:
    for row in report.rows:
        name = (f"row {row.id}: node 1 {side_words(row.node1)} | "
                f"node 2 {side_words(row.node2)}")
        case = _case(suite, report, "prg.table2", name, 0.0, (row.line,))
        if row.reachable and row.witness is not None:
            out = ET.SubElement(case, "system-out")
            out.text = (f"shortest witness ({events(len(row.witness) - 1)}, "
                        f"{config_words(row.config or {}, ALL)}):\n{trace_text(row.witness)}")
        else:
            failure = ET.SubElement(case, "failure", type="unreachable",
                                    message=f"Table 2 row {row.id} is never reached")
            failure.text = (f"No reachable joint state shows row {row.id} as written "
                            f"({row.cause}); spec line {row.line}.")


def _finding_cases(suite: ET.Element, report: Report) -> None:
    """One test case per finding of the spec: it passes where it occurs, fails where it is
    stale, and is skipped where the run did not check it."""
    for finding in report.findings:
        case = _case(suite, report, "prg.findings", f"{finding.id} ({finding.property})", 0.0,
                     (finding.line,))
        if finding.status == "stale":
            failure = ET.SubElement(case, "failure", type="stale",
                                    message=f"stale finding {finding.id}: {finding.note}")
            failure.text = f"{finding.why} [{finding.source}; spec line {finding.line}]"
        elif finding.status == "not checked":
            ET.SubElement(case, "skipped", message=f"not checked: {finding.note}")
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"{finding.note}.\n{finding.why} [{finding.source}]"


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
    suite.set("time", f"{sum(float(c.get('time', '0')) for c in cases):.3f}")


def to_junit(report: Report) -> str:
    """The report as a JUnit XML document."""
    root = ET.Element("testsuites", name=f"prg {report.spec.title}")
    properties = ET.SubElement(root, "testsuite", name="prg properties")
    model = report.model
    info = ET.SubElement(properties, "properties")
    for name, value in (("spec", report.spec.path),
                        ("fault_budget", model.fault_budget),
                        ("configurations", model.configurations),
                        ("joint_states", model.joint_states)):
        ET.SubElement(info, "property", name=name, value=str(value))
    _property_cases(properties, report)
    rows = ET.SubElement(root, "testsuite", name="prg Table 2 rows")
    _row_cases(rows, report)
    suites = [properties, rows]
    if report.findings:
        findings = ET.SubElement(root, "testsuite", name="prg findings")
        _finding_cases(findings, report)
        suites.append(findings)
    for suite in suites:
        _count(suite)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", f"{round(report.elapsed_s, 3):.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
