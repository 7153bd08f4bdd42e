"""The report as SARIF 2.1.0, for code-scanning views: each property that does not hold is
one result (an error; a property left undecided, a warning; a finding, a note), however many
engines found it, located at the spec lines of the rules, rows or states involved and at the
states its counterexample ends in, with its counterexample as a code flow through the rules
each step fired. Each rule says what its property means, and links to where the
documentation describes it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from prg.model.traces import Trace
from prg.model.words import config_words
from prg.verify.formats.trace import breaks_at
from prg.verify.formats.wording import (
    ALL,
    FINDINGS_DOC,
    confirmed_words,
    decided_words,
    engine_words,
    property_doc,
    reported,
    verdict_id,
)
from prg.verify.results import FindingResult, Report, Verdict

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The SARIF level of each status of a property that does not hold.
_LEVELS = {"violated": "error", "finding": "note", "unknown": "warning"}
#: Where the spec's URI is relative to: the checkout prg runs in.
SRCROOT = "%SRCROOT%"

Uri = tuple[str, str | None]


def _uri(path: str, root: Path) -> Uri:
    """The spec's URI: relative to ``root`` (the checkout, ``%SRCROOT%``) where it lies
    inside, else absolute."""
    resolved = Path(path).resolve()
    try:
        return quote(resolved.relative_to(root.resolve()).as_posix()), SRCROOT
    except ValueError:
        return resolved.as_uri(), None


def _location(uri: Uri, line: int, message: str | None = None) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri[0]}
    if uri[1]:
        artifact["uriBaseId"] = uri[1]
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": artifact, "region": {"startLine": max(line, 1)}}}
    if message:
        location["message"] = {"text": message}
    return location


def _line_names(report: Report) -> dict[int, str]:
    """What starts on each spec line the report knows of: a rule, a state or a Table 2 row."""
    names = {row.line: f"Table 2 row {row.id}" for row in report.rows}
    names |= {line: f"state {name}" for name, line in report.spec.state_lines.items()}
    names |= {line: f"rule {rule}" for rule, line in report.spec.rule_lines.items()}
    return names


def _locations(prop: Verdict, uri: Uri, report: Report) -> list[dict[str, Any]]:
    """Where a verdict points in the spec: the lines its check names, then the states both
    nodes show at the step where the property breaks (``trace.breaks_at``: where its
    counterexample ends), whose ``serves``, ``class`` and rules decide what it reads there."""
    names = _line_names(report)
    found = [(line, names.get(line)) for line in prop.spec_lines or (1,)]
    step = breaks_at(prop)
    if prop.counterexample and step is not None:
        broken = prop.counterexample[step]
        for node, side in ((1, broken.node1), (2, broken.node2)):
            line = report.spec.state_lines.get(side.state or "")
            if line is not None and line not in (seen for seen, _ in found):
                found.append((line, (f"state {side.state}, shown by node {node} at step "
                                    f"{step}, where the counterexample ends")))
    return [_location(uri, line, message) for line, message in found]


def _code_flow(trace: Trace, uri: Uri, rule_lines: Mapping[str, int]) -> dict[str, Any]:
    steps = []
    for number, entry in enumerate(trace):
        if entry.event is None:
            continue
        where = "both nodes" if entry.node is None else f"node {entry.node}"
        for rule in entry.rules:
            text = f"{number}. {entry.event} on {where} (rule {rule})"
            steps.append({"location": _location(uri, rule_lines.get(rule, 1), text)})
    return {"threadFlows": [{"locations": steps}]}


def _rule(prop: Verdict) -> dict[str, Any]:
    """A property as a SARIF rule: what it checks, which engine decided it, what a result
    means and where the documentation describes it."""
    description = prop.description or prop.name
    decided = f"Decided by {decided_words(prop)}."
    doc = property_doc(prop.name)
    meaning = ("A result is where the property does not hold, in the configuration it names, "
               "with a shortest counterexample from Normal / Normal where one exists (its code "
               f"flow), which `prg diagram trace --property {prop.name}` draws as a timeline.")
    return {
        "id": verdict_id(prop),
        "name": prop.name,
        "shortDescription": {"text": _first_sentence(description)},
        "fullDescription": {"text": f"{description} {decided}"},
        "help": {
            "text": f"{description} {decided} {meaning.replace('`', '')} "
                    f"The property in the documentation: {doc}",
            "markdown": f"**`{prop.name}`**: {description} {decided}\n\n{meaning}\n\n"
                        f"[The property in the documentation]({doc})",
        },
        "helpUri": doc,
        "properties": {"engine": engine_words(prop)},
    }


def _finding_rule(finding: FindingResult) -> dict[str, Any]:
    """A stale finding's rule: the finding, and what to do about it."""
    what = (f"Finding {finding.id} of the spec says the document's behaviour breaks "
            f"{finding.property}: {finding.why}")
    todo = ("It is stale: no violation needs it any more. Remove it from the spec's findings, "
            "or find why the model changed.")
    return {
        "id": f"findings.{finding.id}",
        "name": finding.id,
        "shortDescription": {"text": f"finding {finding.id} ({finding.property})"},
        "fullDescription": {"text": what},
        "help": {"text": f"{what} {todo} Findings in the documentation: {FINDINGS_DOC}",
                 "markdown": f"{what}\n\n{todo}\n\n[Findings in the documentation]"
                             f"({FINDINGS_DOC})"},
        "helpUri": FINDINGS_DOC,
        "properties": {"property": finding.property},
    }


def _first_sentence(text: str) -> str:
    head, dot, rest = text.partition(". ")
    return head + "." if dot and rest else text


def to_sarif(report: Report, root: Path | None = None) -> str:
    """The report as a SARIF log; spec paths are made relative to ``root`` (default: the
    current directory)."""
    uri = _uri(report.spec.path, root or Path.cwd())
    rule_lines = report.spec.rule_lines
    rules = [_rule(prop) for prop in report.properties]
    results = []
    indices = {id(prop): index for index, prop in enumerate(report.properties)}
    for item in reported(report):
        prop = item.verdict
        text = prop.message or prop.status
        if prop.status == "finding":
            text = f"finding {', '.join(prop.findings)} (the document's behaviour): {text}"
        elif prop.status != "violated":
            text = f"{prop.status}: {text}"
        if prop.config:
            text += f" (configuration: {config_words(prop.config, ALL)})"
        if item.confirmed_by:
            text += f"; {confirmed_words(item)}"
        result: dict[str, Any] = {
            "ruleId": verdict_id(prop),
            "ruleIndex": indices[id(prop)],
            # A property no engine could decide is a warning: nothing is known to be wrong. A
            # finding is a note: the document's behaviour, declared in the spec.
            "level": _LEVELS.get(prop.status, "warning"),
            "message": {"text": text},
            "locations": _locations(prop, uri, report),
            "properties": {"engine": engine_words(prop)},
        }
        if item.confirmed_by:
            result["properties"]["confirmedBy"] = [engine_words(v) for v in item.confirmed_by]
        if prop.counterexample:
            result["codeFlows"] = [_code_flow(prop.counterexample, uri, rule_lines)]
        results.append(result)
    for finding in report.stale:
        rules.append(_finding_rule(finding))
        results.append({
            "ruleId": f"findings.{finding.id}",
            "ruleIndex": len(rules) - 1,
            "level": "error",
            "message": {"text": f"stale finding {finding.id}: {finding.note}"},
            "locations": [_location(uri, finding.line, f"finding {finding.id}")],
        })
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "prg", "version": report.version, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2)
