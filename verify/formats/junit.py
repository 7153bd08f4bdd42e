"""The report as JUnit XML, the format CI test report viewers read: one test case per property
and configuration (per property where it is checked once, for all configurations or by
another engine) and one per Table 2 row; a failure carries its counterexample as a numbered
trace."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from prg.model.traces import Trace
from prg.model.words import config_words, events
from prg.verify.formats.trace import trace_text
from prg.verify.formats.wording import ALL, engine_words, side_words
from prg.verify.results import Report


def _case(suite: ET.Element, classname: str, name: str, seconds: float) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=name,
                         time=f"{seconds:.3f}")


def _verdict(case: ET.Element, status: str, message: str | None,
             trace: Trace | None, config: str, findings: tuple[str, ...] = ()) -> None:
    """Mark a test case failed (violated), skipped (a finding about the document, or
    undecided) or leave it passed."""
    if status == "holds":
        return
    if status == "finding":
        skipped = ET.SubElement(case, "skipped",
                                message=f"finding {', '.join(findings)}: {message or ''}")
        body = [f"configuration: {config}"] if config else []
        if trace:
            body += ["counterexample:", trace_text(trace)]
        skipped.text = "\n".join(body)
        return
    if status == "violated":
        failure = ET.SubElement(case, "failure", message=message or "violated",
                                type="violated")
        body = [f"configuration: {config}"] if config else []
        body.append(message or "")
        if trace:
            body += ["counterexample:", trace_text(trace)]
        failure.text = "\n".join(body)
        return
    ET.SubElement(case, "skipped", message=f"{status}: {message or 'not decided'}")


def _property_cases(suite: ET.Element, report: Report) -> None:
    for prop in report.properties:
        engine = engine_words(prop)
        classname = f"prg.properties.{prop.name}"
        checked = [c for c in report.configurations if prop.name in c.verdicts]
        if prop.engine == "graph" and checked:
            for config in checked:
                verdict = config.verdicts[prop.name]
                violated = verdict.violated
                words = config_words(config.config, ALL)
                case = _case(suite, classname, f"{prop.name} [{words}] ({engine})",
                             round(verdict.seconds, 3))
                _verdict(case, verdict.status, violated.message if violated else None,
                         violated.counterexample if violated else None, words,
                         verdict.findings)
            continue
        words = config_words(prop.config, ALL)
        case = _case(suite, classname, f"{prop.name} ({engine})", round(prop.seconds, 3))
        _verdict(case, prop.status, prop.message, prop.counterexample,
                 words if prop.config else "", prop.findings)


def _row_cases(suite: ET.Element, report: Report) -> None:
    for row in report.rows:
        name = (f"row {row.id}: node 1 {side_words(row.node1)} | "
                f"node 2 {side_words(row.node2)}")
        case = _case(suite, "prg.table2", name, 0.0)
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
        case = _case(suite, "prg.findings", f"{finding.id} ({finding.property})", 0.0)
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
