"""The report as SARIF 2.1.0, for code-scanning views: each violated property is a result (an
error; a property left undecided, a warning) located at the spec lines of the rules, rows or
states involved, with its counterexample as a code flow through the rules each step fired."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prg.model.traces import Trace
from prg.model.words import config_words
from prg.verify.formats.wording import ALL, engine_words
from prg.verify.results import Report, Verdict

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The SARIF level of each status of a property that does not hold.
_LEVELS = {"violated": "error", "finding": "note", "unknown": "warning"}


def rule_id(prop: Verdict) -> str:
    """A property's rule id, unique when several engines check the same property."""
    return prop.name if prop.engine == "graph" else f"{prop.name}.{prop.engine}"


def _uri(path: str, root: Path) -> tuple[str, str | None]:
    """The spec's URI: relative to ``root`` (the checkout) where it lies inside, else
    absolute."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix(), "%SRCROOT%"
    except ValueError:
        return resolved.as_uri(), None


def _location(uri: tuple[str, str | None], line: int, message: str | None = None
              ) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri[0]}
    if uri[1]:
        artifact["uriBaseId"] = uri[1]
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": artifact, "region": {"startLine": max(line, 1)}}}
    if message:
        location["message"] = {"text": message}
    return location


def _code_flow(trace: Trace, uri: tuple[str, str | None],
               rule_lines: Mapping[str, int]) -> dict[str, Any]:
    steps = []
    for number, entry in enumerate(trace):
        if entry.event is None:
            continue
        where = "both nodes" if entry.node is None else f"node {entry.node}"
        for rule in entry.rules:
            text = f"{number}. {entry.event} on {where} (rule {rule})"
            steps.append({"location": _location(uri, rule_lines.get(rule, 1), text)})
    return {"threadFlows": [{"locations": steps}]}


def to_sarif(report: Report, root: Path | None = None) -> str:
    """The report as a SARIF log; spec paths are made relative to ``root`` (default: the
    current directory)."""
    uri = _uri(report.spec.path, root or Path.cwd())
    rule_lines = report.spec.rule_lines
    rules = [{
        "id": rule_id(prop),
        "name": prop.name,
        "shortDescription": {"text": prop.description or prop.name},
        "properties": {"engine": engine_words(prop)},
    } for prop in report.properties]
    results = []
    for index, prop in enumerate(report.properties):
        if prop.holds:
            continue
        lines = prop.spec_lines or (1,)
        text = prop.message or prop.status
        if prop.status == "finding":
            text = f"finding {', '.join(prop.findings)} (the document's behaviour): {text}"
        elif prop.status != "violated":
            text = f"{prop.status}: {text}"
        if prop.config:
            text += f" (configuration: {config_words(prop.config, ALL)})"
        result: dict[str, Any] = {
            "ruleId": rule_id(prop),
            "ruleIndex": index,
            # A property no engine could decide is a warning: nothing is known to be wrong. A
            # finding is a note: the document's behaviour, declared in the spec.
            "level": _LEVELS.get(prop.status, "warning"),
            "message": {"text": text},
            "locations": [_location(uri, line) for line in lines],
            "properties": {"engine": engine_words(prop)},
        }
        if prop.counterexample:
            result["codeFlows"] = [_code_flow(prop.counterexample, uri, rule_lines)]
        results.append(result)
    for finding in report.stale:
        rules.append({"id": f"findings.{finding.id}", "name": finding.id,
                      "shortDescription": {"text": finding.why},
                      "properties": {"property": finding.property}})
        results.append({
            "ruleId": f"findings.{finding.id}",
            "ruleIndex": len(rules) - 1,
            "level": "error",
            "message": {"text": f"stale finding {finding.id}: {finding.note}"},
            "locations": [_location(uri, finding.line)],
        })
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "prg", "version": report.version,
                                "rules": rules}},
            "results": results,
        }],
    }
    if uri[1]:
        log["runs"][0]["originalUriBaseIds"] = {  # type: ignore[index]
            "%SRCROOT%": {"uri": (root or Path.cwd()).resolve().as_uri() + "/"}}
    return json.dumps(log, indent=2)
