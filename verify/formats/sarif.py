"""The report as SARIF 2.1.0, for code-scanning views: each violated property is a result (an
error; a property left undecided, a warning) located at the spec lines of the rules, rows or
states involved, with its counterexample as a code flow through the rules each step fired."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from prg.model.words import config_words
from prg.verify.formats.wording import ALL, engine_words

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def rule_id(prop: dict[str, Any]) -> str:
    """A property's rule id, unique when several engines check the same property."""
    engine = prop.get("engine", "graph")
    return prop["name"] if engine == "graph" else f"{prop['name']}.{engine}"


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


def _code_flow(trace: list[dict[str, Any]], uri: tuple[str, str | None],
               rule_lines: dict[str, int]) -> dict[str, Any]:
    steps = []
    for number, entry in enumerate(trace):
        if entry["event"] is None:
            continue
        where = "both nodes" if entry["node"] is None else f"node {entry['node']}"
        for rule in entry["rules"]:
            text = f"{number}. {entry['event']} on {where} (rule {rule})"
            steps.append({"location": _location(uri, rule_lines.get(rule, 1), text)})
    return {"threadFlows": [{"locations": steps}]}


def to_sarif(report: dict[str, Any], root: Path | None = None) -> str:
    """The report as a SARIF log; spec paths are made relative to ``root`` (default: the
    current directory)."""
    uri = _uri(report["spec"]["path"], root or Path.cwd())
    rule_lines = report["spec"].get("rule_lines", {})
    rules = [{
        "id": rule_id(prop),
        "name": prop["name"],
        "shortDescription": {"text": prop.get("description") or prop["name"]},
        "properties": {"engine": engine_words(prop)},
    } for prop in report["properties"]]
    results = []
    for index, prop in enumerate(report["properties"]):
        if prop["status"] == "holds":
            continue
        lines = prop.get("spec_lines") or [1]
        config = prop.get("config") or {}
        text = prop.get("message") or prop["status"]
        if prop["status"] != "violated":
            text = f"{prop['status']}: {text}"
        if config:
            text += f" (configuration: {config_words(config, ALL)})"
        result: dict[str, Any] = {
            "ruleId": rule_id(prop),
            "ruleIndex": index,
            # A property no engine could decide is a warning: nothing is known to be wrong.
            "level": "error" if prop["status"] == "violated" else "warning",
            "message": {"text": text},
            "locations": [_location(uri, line) for line in lines],
            "properties": {"engine": engine_words(prop)},
        }
        if prop.get("counterexample"):
            result["codeFlows"] = [_code_flow(prop["counterexample"], uri, rule_lines)]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "prg", "version": report["version"],
                                "rules": rules}},
            "results": results,
        }],
    }
    if uri[1]:
        log["runs"][0]["originalUriBaseIds"] = {  # type: ignore[index]
            "%SRCROOT%": {"uri": (root or Path.cwd()).resolve().as_uri() + "/"}}
    return json.dumps(log, indent=2)
