"""Findings: a violation the spec declares as the document's own behaviour is reported as a
finding (exit 0, 1 with --strict); a violation no finding explains stays a violation; a finding
that no longer occurs is stale (exit 1); a finding the run does not reach is not checked."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.settings import with_settings
from prg.model.spec import Value
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES
from prg.verify.formats.html import to_html
from prg.verify.formats.json_report import report_json
from prg.verify.formats.junit import to_junit
from prg.verify.formats.markdown import to_markdown
from prg.verify.formats.sarif import to_sarif
from prg.verify.formats.text import to_text
from prg.verify.report import verify
from prg.verify.results import FindingResult, Report

from .helpers import SPEC_TEXT, SPLIT_BRAIN, broken, error_of, prg, refused, spec_file

#: A critical service failure made to leave the node's users connected to it.
USERS_KEPT_ON_CRITICAL_DOWN = (
    ("    set: {critical: down}\n"
     "    users: [self.at_home -> self.out, peer.at_peer -> peer.out]\n"
     "    source: Presence Redundancy Group Overview (Failover)\n"),
    "    set: {critical: down}\n    source: Presence Redundancy Group Overview (Failover)\n")
#: The runs at fault budget 1 check the eight configurations of the default user assignment
#: mode (every Table 2 row and state, every row's cause and every rule is reached in them, the
#: XCP Authentication Service monitored and not): what is tested is how findings are judged,
#: not the configurations.
DEFAULTS: dict[str, Value] = {"user_assignment_mode": "Balanced"}
ONE_CONFIGURATION = [arg for key, value in DEFAULTS.items()
                     for arg in ("--set", f"{key}={str(value).lower()}")]
#: The network loss rule made to leave its users connected to the node that went down.
USERS_KEPT_ON_NETWORK_LOSS = (
    "    set: {network: down}\n    users: [self.at_home -> self.out, peer.at_peer -> peer.out]\n",
    "    set: {network: down}\n")


def finding(property_name: str, fault_budget: int, extra: str = "",
            finding_id: str = "the-document") -> str:
    return (f"  - id: {finding_id}\n    property: {property_name}\n"
            f"    fault_budget: {fault_budget}\n{extra}"
            "    why: The document's own behaviour.\n    source: Table 2\n")


def with_findings(*entries: str) -> tuple[str, str]:
    """A replacement that adds ``entries`` to the bundled spec's findings (the section before
    the cluster's)."""
    start = SPEC_TEXT.index("findings:\n")
    end = SPEC_TEXT.index("\n# --- The cluster", start) + 1
    return SPEC_TEXT[start:end], SPEC_TEXT[start:end] + "".join(entries)


def _finding(report: Report, finding_id: str) -> FindingResult:
    return next(f for f in report.findings if f.id == finding_id)


def _property(name: str):  # type: ignore[no-untyped-def]
    return next(p for p in PROPERTIES if p.name == name)


def test_a_violation_only_the_findings_faults_cause_is_the_findings() -> None:
    spec = broken(USERS_KEPT_ON_NETWORK_LOSS, with_findings(
        finding("no_user_lost", 1, "    faults: [network loss]\n")))
    graph = explore(Pair(spec, default_config(spec), 1))
    judged = judge(_property("no_user_lost"), graph)
    assert judged.findings == ("the-document",)
    assert judged.violation is not None
    assert "network loss" in [label.event for label, _ in judged.violation.path[1:]]


def test_a_finding_of_other_faults_does_not_hide_the_violation() -> None:
    spec = broken(USERS_KEPT_ON_NETWORK_LOSS, with_findings(
        finding("no_user_lost", 1, "    faults: [power loss]\n")))
    graph = explore(Pair(spec, default_config(spec), 1))
    judged = judge(_property("no_user_lost"), graph)
    assert judged.findings == ()
    assert judged.violation is not None


def test_a_finding_of_a_configuration_covers_only_that_configuration() -> None:
    spec = broken(USERS_KEPT_ON_NETWORK_LOSS, with_findings(
        finding("no_user_lost", 1, "    faults: [network loss]\n"
                "    config: {automatic_fallback: true}\n")))
    graph = explore(Pair(spec, default_config(spec), 1))  # automatic fallback off
    assert judge(_property("no_user_lost"), graph).findings == ()


#: Failing Over made to serve its users (split brain, and users left on it when it goes Idle),
#: declared findings.
COVERED = (SPLIT_BRAIN, with_findings(
    finding("no_split_brain", 0),
    finding("no_user_lost", 0, finding_id="users-left-on-failing-over")))


@pytest.fixture(scope="module")
def covered_report() -> Report:
    return verify(broken(*COVERED), fault_budget=0, jobs=1, engine="graph")


def test_a_covered_violation_is_a_finding_and_the_run_passes(covered_report: Report) -> None:
    verdict = next(p for p in covered_report.properties if p.name == "no_split_brain")
    assert (verdict.status, verdict.findings) == ("finding", ("the-document",))
    assert verdict.counterexample is not None
    # At budget 0 some rows, causes, extensions and rules need a fault: those fail, the
    # finding does not.
    assert {p.name for p in covered_report.properties if p.fails} == {
        "states_reachable", "rows_reachable", "rows_caused", "extensions_needed",
        "no_dead_rules"}
    result = next(f for f in covered_report.findings if f.id == "the-document")
    assert result.status == "occurs" and result.counterexample is not None
    assert len(result.configs) == 24


def test_every_format_shows_the_finding(covered_report: Report) -> None:
    text = to_text(covered_report)
    assert "FINDING (the-document) no_split_brain:" in text
    assert "the-document [occurs] no_split_brain" in text
    document = report_json(covered_report)
    verdict = next(p for p in document["properties"] if p["name"] == "no_split_brain")
    assert verdict["status"] == "finding" and verdict["findings"] == ["the-document"]
    assert {f["id"]: f["status"] for f in document["findings"]}["the-document"] == "occurs"
    junit = ET.fromstring(to_junit(covered_report))
    skipped = [c for c in junit.iter("testcase") if c.get("classname") ==
               "prg.properties.no_split_brain" and c.find("skipped") is not None]
    assert skipped and "finding the-document" in skipped[0].find("skipped").get("message")
    assert junit.find("testsuite[@name='prg findings']") is not None
    sarif = json.loads(to_sarif(covered_report))["runs"][0]["results"]
    assert [r["level"] for r in sarif if r["ruleId"] == "no_split_brain"] == ["note"]
    assert "## Findings" in to_markdown(covered_report)
    html = to_html(covered_report)
    assert 'id="findings"' in html and 'class="finding"' in html


def test_a_violation_besides_a_finding_still_fails(tmp_path: Path) -> None:
    spec = broken(SPLIT_BRAIN, with_findings(
        finding("no_split_brain", 0, "    faults: [network loss]\n")))
    report = verify(spec, fault_budget=0, jobs=1, engine="graph")
    verdict = next(p for p in report.properties if p.name == "no_split_brain")
    assert verdict.status == "violated" and verdict.fails
    # Without network loss at budget 0 the finding applies but explains nothing.
    assert _finding(report, "the-document").status == "stale"


@pytest.mark.slow
def test_a_finding_that_no_longer_occurs_is_stale_and_fails() -> None:
    report = verify(with_settings(broken(with_findings(finding("no_split_brain", 1))), DEFAULTS),
                    fault_budget=1, jobs=1, engine="graph")
    assert _finding(report, "the-document").status == "stale"
    assert not report.passed
    assert "stale findings: the-document" in to_text(report)
    sarif = json.loads(to_sarif(report))["runs"][0]["results"]
    assert [r["level"] for r in sarif if r["ruleId"] == "findings.the-document"] == ["error"]
    assert {r["level"] for r in sarif if not r["ruleId"].startswith("findings.")} == {"note"}


#: A configuration where two faults reach what one cannot: a partition while node 2 takes
#: over (rows 12 and 13), a monitored XCP Authentication Service down with node 1 (row 16).
TWO_FAULTS: dict[str, Value] = {"high_availability": True, "automatic_fallback": False,
                                "user_assignment_mode": "Balanced",
                                "xcp_authentication_monitoring": True}


@pytest.mark.slow
def test_at_fault_budget_2_the_findings_of_two_faults_explain_every_violation() -> None:
    report = verify(with_settings(broken(), TWO_FAULTS), fault_budget=2, jobs=1, engine="graph")
    per_configuration = {p.name for p in PROPERTIES if not p.existential}
    assert {p.name: p.status for p in report.properties
            if p.name in per_configuration and p.status == "violated"} == {}
    verdict = next(p for p in report.properties if p.name == "recommended_actions_recover")
    assert {"partition-during-takeover-defeats-recommended-actions",
            "row-16-actions-with-critical-down"} <= set(verdict.findings)
    assert not report.stale


def test_a_finding_above_the_runs_fault_budget_is_not_checked() -> None:
    report = verify(broken(with_findings(finding("no_split_brain", 1))),
                    fault_budget=0, jobs=1, engine="graph")
    assert _finding(report, "the-document").status == "not checked"
    assert "fault budget 1" in _finding(report, "the-document").note
    assert not report.stale


@pytest.mark.slow
def test_exit_statuses_with_and_without_strict(tmp_path: Path) -> None:
    covered = spec_file(tmp_path, SPEC_TEXT.replace(*USERS_KEPT_ON_CRITICAL_DOWN).replace(
        *with_findings(finding("no_user_lost", 1, "    faults: [critical service down]\n"))))
    run = ["verify", "--spec", str(covered), "--engine", "graph", *ONE_CONFIGURATION]
    done = prg(*run)
    assert done.returncode == 0, done.stdout
    assert "FINDING (the-document) no_user_lost" in done.stdout
    assert prg(*run, "--strict").returncode == 1
    stale = spec_file(tmp_path, SPEC_TEXT.replace(*with_findings(
        finding("no_user_lost", 1, "    faults: [critical service down]\n"))), "stale.yaml")
    done = prg("verify", "--spec", str(stale), "--engine", "graph", *ONE_CONFIGURATION)
    assert done.returncode == 1 and "stale findings: the-document" in done.stdout


@pytest.mark.slow
def test_the_z3_engine_reports_the_finding_too() -> None:
    report = verify(broken(SPLIT_BRAIN, with_findings(finding("no_split_brain", 0))),
                    fault_budget=0, jobs=1, engine="z3")
    verdict = next(p for p in report.properties if p.name == "no_split_brain")
    assert (verdict.status, verdict.findings) == ("finding", ("the-document",))
    assert _finding(report, "the-document").status == "occurs"


def test_a_bad_finding_is_one_line_naming_it(tmp_path: Path) -> None:
    unknown = SPEC_TEXT.replace(*with_findings(finding("no_split_brains", 0)))
    message = refused("verify", "--spec", str(spec_file(tmp_path, unknown)))
    assert ".property: unknown property 'no_split_brains'" in message
    assert "did you mean 'no_split_brain'" in message
    rows = SPEC_TEXT.replace(*with_findings(finding("no_split_brain", 0, "    rows: [16]\n")))
    message = refused("verify", "--spec", str(spec_file(tmp_path, rows, "rows.yaml")))
    assert ".rows: no_split_brain is not about the spec's rows" in message
    assert "unknown fault event 'lightning'" in error_of(SPEC_TEXT.replace(*with_findings(
        finding("no_split_brain", 0, "    faults: [lightning]\n"))))
    assert "].config.colour" in error_of(SPEC_TEXT.replace(*with_findings(
        finding("no_split_brain", 0, "    config: {colour: red}\n"))))
