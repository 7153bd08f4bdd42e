"""The report formats CI tools read: JUnit XML (checked with junitparser), SARIF 2.1.0,
Markdown and HTML."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import escape
from pathlib import Path

import junitparser
import pytest
from prg.cli.reports import Artifacts, written_message
from prg.model.product import default_config
from prg.model.spec import Spec
from prg.model.traces import Shown
from prg.model.words import AddedStep
from prg.verify.formats.html import to_html
from prg.verify.formats.itf import VAR_TYPES, itf_traces, to_itf
from prg.verify.formats.json_report import to_json
from prg.verify.formats.junit import to_junit
from prg.verify.formats.markdown import to_markdown
from prg.verify.formats.sarif import to_sarif
from prg.verify.formats.text import to_text
from prg.verify.report import default_views, verify, verify_inspecting
from prg.verify.results import Report, Verdict
from prg.verify.tools.recovery import RecoveryEntry, RecoveryStep, RecoveryTable

from .helpers import SPEC_TEXT, SPLIT_BRAIN, broken, line_of


@pytest.fixture(scope="module")
def fault_free_report(spec: Spec) -> Report:
    """Without faults failed states are unreachable: rows and states are missing."""
    return verify(spec, fault_budget=0, jobs=1, engine="graph")


@pytest.fixture(scope="module")
def split_brain_report() -> Report:
    return verify(broken(SPLIT_BRAIN), fault_budget=0, jobs=1, engine="graph")


def cases(xml: str, tmp_path: Path) -> dict[str, junitparser.TestCase]:
    path = tmp_path / "junit.xml"
    path.write_text(xml, encoding="utf-8")
    document = junitparser.JUnitXml.fromfile(str(path))
    return {case.name: case for suite in document for case in suite}


def test_junit_has_a_case_per_property_and_configuration_and_per_row(
    fault_free_report: Report, tmp_path: Path
) -> None:
    found = cases(to_junit(fault_free_report), tmp_path)
    per_config = [name for name in found if name.startswith("no_split_brain [")]
    assert len(per_config) == fault_free_report.model.configurations == 24
    assert "states_reachable (graph)" in found
    rows = [name for name in found if name.startswith("row ")]
    assert len(rows) == 24
    row3 = found["row 3: node 1 Idle / On Admin Request | node 2 Running in Backup Mode / "
                 "On Admin Request"]
    assert row3.is_passed and "failover on node 1" in (row3.system_out or "")
    row12 = next(case for name, case in found.items() if name.startswith("row 12:"))
    assert not row12.is_passed and "never reached" in row12.result[0].message


def test_a_junit_failure_carries_the_counterexample(split_brain_report: Report,
                                                   tmp_path: Path) -> None:
    xml = to_junit(split_brain_report)
    found = cases(xml, tmp_path)
    failing = found["no_split_brain [default configuration and 11 more] (graph)"]
    failure = failing.result[0]
    assert isinstance(failure, junitparser.Failure)
    assert "served by node 1 (Failing Over / On Admin Request)" in failure.message
    assert " 1. failover on node 1" in failure.text
    document = junitparser.JUnitXml.fromstring(xml)
    failing = [case for suite in document for case in suite
               if any(isinstance(r, junitparser.Failure) for r in case.result)]
    assert sum(suite.failures for suite in document) == len(failing)


def test_other_engines_show_in_junit(fault_free_report: Report, tmp_path: Path) -> None:
    report = replace(fault_free_report, properties=(
        *fault_free_report.properties,
        Verdict("no_split_brain", "", "holds", "z3", {}, None, None, (), 0.02,
                method="induction", k=1),
        Verdict("detection_bound", "", "unknown", "z3", {}, "timeout", None, (), 5.0,
                method="bmc", k=20)))
    found = cases(to_junit(report), tmp_path)
    assert found["no_split_brain (z3, induction, k=1)"].is_passed
    assert found["detection_bound (z3, bmc, k=20)"].is_skipped


def test_sarif_locates_each_violation_at_its_spec_lines(split_brain_report: Report,
                                                       fault_free_report: Report) -> None:
    log = json.loads(to_sarif(split_brain_report, root=Path.cwd()))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    names = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert names == [p.name for p in split_brain_report.properties]
    result = next(r for r in run["results"] if r["ruleId"] == "no_split_brain")
    assert names[result["ruleIndex"]] == "no_split_brain" and result["level"] == "error"
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert "failover on node 1 (rule manual-failover)" in flow[0]["location"]["message"]["text"]
    lines = split_brain_report.spec.rule_lines
    region = flow[0]["location"]["physicalLocation"]["region"]
    assert region["startLine"] == lines["manual-failover"]
    unreachable = next(r for r in json.loads(to_sarif(fault_free_report))["runs"][0]["results"]
                       if r["ruleId"] == "rows_reachable")
    row12 = next(row for row in fault_free_report.rows if row.id == 12)
    located = unreachable["locations"]
    assert {"uri": "specs/presence-redundancy.yaml", "uriBaseId": "%SRCROOT%"} in [
        loc["physicalLocation"]["artifactLocation"] for loc in located]
    assert row12.line in [loc["physicalLocation"]["region"]["startLine"] for loc in located]


def test_sarif_names_each_engine_and_warns_of_undecided_properties(
    fault_free_report: Report,
) -> None:
    report = replace(fault_free_report, properties=(
        *fault_free_report.properties,
        Verdict("no_split_brain", "", "unknown", "z3", {}, "no proof within the bound", None,
                (), 5.0, method="bmc", k=20)))
    run = json.loads(to_sarif(report))["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) and "no_split_brain.z3" in ids
    undecided = next(r for r in run["results"] if r["ruleId"] == "no_split_brain.z3")
    assert undecided["level"] == "warning"
    assert undecided["message"]["text"] == "unknown: no proof within the bound"
    assert ids[undecided["ruleIndex"]] == "no_split_brain.z3"


def test_sarif_has_no_result_when_everything_holds(fault_free_report: Report) -> None:
    report = replace(fault_free_report, properties=tuple(
        replace(p, status="holds") for p in fault_free_report.properties))
    assert json.loads(to_sarif(report))["runs"][0]["results"] == []


def test_markdown_summary_has_the_tables_and_mermaid(split_brain_report: Report) -> None:
    text = to_markdown(split_brain_report, [("One node's machine", "stateDiagram-v2\n")],
                       {"no_split_brain": "sequenceDiagram\n"})
    assert text.startswith("# prg ")
    assert "| `no_split_brain` | ❌ violated | graph |" in text
    assert "| 3 | Idle / On Admin Request | Running in Backup Mode / On Admin Request | yes | " \
           "2 events |" in text
    assert "```mermaid\nsequenceDiagram\n```" in text
    assert "```mermaid\nstateDiagram-v2\n```" in text
    assert "<details><summary>Decisions" in text


def test_html_is_one_page_with_every_section(split_brain_report: Report) -> None:
    recovery = RecoveryTable({"high_availability": True}, 1, (RecoveryEntry(
        Shown("Running in Failed Mode", "Unknown"), Shown(None, None, (("power", "off"),)),
        row=None, extension=True, reached_in=3, joint_states=5, recoverable=True, actions=1,
        steps=(RecoveryStep("power up", 2, "repair", True, "power up on node 2"),),
        recommended=()),))
    page = to_html(split_brain_report, [("One node's machine", "<svg id=node></svg>")],
                   {"no_split_brain": "<svg id=timeline></svg>"},
                   {"failed": ("#ffc9c9", "#c92a2a")}, recovery)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for anchor in ("properties", "rows", "counterexamples", "diagrams", "recovery", "decisions"):
        assert f'<section id="{anchor}">' in page and f'href="#{anchor}"' in page
    assert "<svg id=node></svg>" in page and "<svg id=timeline></svg>" in page
    assert 'style="background:#ffc9c9;border-color:#c92a2a"' in page
    assert '<span class="action">power up on node 2</span>' in page
    assert "<details><summary>1 failed pair Table 2 does not list (the spec's extensions" in page
    assert "<script" not in page and "http" not in page.split("</style>")[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_run_hands_over_the_default_views_a_new_search_would_give(spec: Spec,
                                                                        jobs: int) -> None:
    report, views = verify_inspecting(spec, fault_budget=0, jobs=jobs, engine="graph",
                                      inspect=default_views)
    assert views is not None
    searched = Artifacts(spec, report)
    assert views == searched.views
    assert views.recovery.config == dict(default_config(spec))


def test_a_diagram_graphviz_could_not_draw_is_named() -> None:
    out = Path("out")
    written = [out / "diagrams" / "pair.svg"]
    message = written_message(out, written, {"node": "Graphviz dot failed on the node diagram"})
    assert message.endswith("; no SVG for node: Graphviz dot failed on the node diagram")
    assert written_message(out, written, {}) == (
        "prg: reports and diagrams written to out/ (open out/report.html)")


def test_every_format_shows_row_23_as_the_document_prints_it(fault_free_report: Report) -> None:
    rows = json.loads(to_json(fault_free_report))["rows"]
    row = next(json_row for json_row in rows if json_row["id"] == 23)
    assert row["node1"]["reason"] == "Auto Recover Critical Service Down"
    assert row["also_printed"]["node1"]["reason"] == "Auto Recover Database Failure"
    assert row["also_printed"]["node2"]["reason"] == "Auto Recover Critical Service Down"
    assert all(json_row["also_printed"] is None for json_row in rows if json_row["id"] != 23)
    assert ("\n        printed  node 1 Backup Activated / Auto Recover Database Failure\n"
            "                 node 2 Failover Affected Services / Auto Recover Critical Service "
            "Down\n") in to_text(fault_free_report)
    assert ("| 23 | Backup Activated / Auto Recover Critical Service Down (printed: Backup "
            "Activated / Auto Recover Database Failure) | Failover Affected Services / Auto "
            "Recover Critical Service Down | **no** |") in to_markdown(fault_free_report)
    page = to_html(fault_free_report)
    assert page.count("<span class=note>(printed: ") == 1
    assert ("<br><span class=note>(printed: Backup Activated / Auto Recover Database "
            "Failure)</span>") in page


def test_the_recovery_table_shows_the_steps_prg_adds_apart(split_brain_report: Report) -> None:
    entry = RecoveryEntry(
        Shown("Failed Over with Critical Services Not Running", "Initialization"),
        Shown("Running in Backup Mode", "Peer Down During Initialization"), row=18,
        extension=False, reached_in=7, joint_states=1, recoverable=True, actions=2, steps=(),
        recommended=("Perform a manual fallback.",),
        added=(AddedStep("a", "Start the critical services.", "They are down.", "1"),))
    page = to_html(split_brain_report, recovery=RecoveryTable({}, 1, (entry,)))
    assert "<summary>the document recommends</summary><ol><li>Perform a manual fallback." \
           "</li></ol><p>Steps prg adds:</p><p><b>a.</b> Start the critical services. " \
           "<span class=note>(before action 1; why: They are down.)</span></p></details>" in page
    recovery = json.loads(to_json(split_brain_report, RecoveryTable({}, 1, (entry,))))["recovery"]
    assert recovery["entries"][0]["recommended"] == ["Perform a manual fallback."]
    assert recovery["entries"][0]["added"] == [{"mark": "a", "text": "Start the critical services.",
                                                "why": "They are down.", "before": "1"}]


def _failed_pair(row: int | None, swapped: bool = False, extension: bool = False,
                 reached_in: int = 3) -> RecoveryEntry:
    return RecoveryEntry(
        Shown("Running in Failed Mode", f"Reason {row} {reached_in}"), Shown(None, None),
        row=row, extension=extension, reached_in=reached_in, joint_states=1, recoverable=True,
        actions=1, steps=(), recommended=(f"Act on row {row}, node {2 if swapped else 1}.",),
        row_swapped=swapped)


def test_the_recovery_table_shows_table_2_s_rows_first_and_folds_the_extensions(
        split_brain_report: Report) -> None:
    entries = (_failed_pair(None, extension=True), _failed_pair(21, reached_in=5),
               _failed_pair(12), _failed_pair(21, reached_in=4), _failed_pair(12, swapped=True),
               _failed_pair(None))
    page = to_html(split_brain_report, recovery=RecoveryTable({}, 1, entries))
    section = page.split('<section id="recovery">', 1)[1].split("</section>", 1)[0]
    headings = re.findall(r'<tr class="row-head"><th colspan=7>(.*?)(?: <span class=note>|</th>)',
                          section)
    assert headings == [
        "Table 2 row 12", "Table 2 row 12, the other way round: its node 1 is node 2 here",
        "Table 2 row 21",
        '<span class="violated">Neither a Table 2 row nor an extension</span>']
    assert section.count("Act on row 21, node 1.") == 1
    assert "Act on row 12, node 2." in section
    table, folded = section.split("</table>", 1)
    assert "Reason None" in folded and folded.startswith(
        "<details><summary>1 failed pair Table 2 does not list")
    assert table.index("Reason 21 5") < table.index("Reason None")


def test_the_html_counterexample_marks_the_step_where_the_property_breaks(
        split_brain_report: Report) -> None:
    page = to_html(split_brain_report)
    section = page.split('<section id="counterexamples">', 1)[1].split("</section>", 1)[0]
    assert ("<mark class=breaks> 1. failover on node 1   &lt;- no_split_brain breaks here"
            "</mark>") in section
    assert section.count("<mark class=breaks>") == sum(
        1 for p in split_brain_report.properties if not p.holds and p.counterexample)


def test_the_report_s_timelines_frame_the_step_where_each_property_breaks(
        split_brain_report: Report) -> None:
    timeline = Artifacts(broken(SPLIT_BRAIN), split_brain_report).counterexamples[
        "no_split_brain"]
    assert 'label="no_split_brain breaks here"' in timeline.dot
    assert "Note over N1,U: no_split_brain breaks here" in timeline.mermaid


def both_engines(report: Report, z3_status: str = "violated") -> Report:
    """``report`` with the Z3 engine's verdict on no_split_brain beside the graph engine's:
    the same violation (``violated``), or undecided."""
    graph = next(p for p in report.properties if p.name == "no_split_brain")
    z3 = replace(graph, engine="z3", method="k-induction", k=3, seconds=0.5)
    if z3_status != "violated":
        z3 = replace(z3, status=z3_status, message="no proof within the bound",
                     counterexample=None)
    return replace(report, properties=(*report.properties, z3))


def test_a_violation_both_engines_find_is_reported_once_confirmed_by_z3(
    split_brain_report: Report, tmp_path: Path,
) -> None:
    report = both_engines(split_brain_report)
    confirmed = "confirmed by Z3 (k-induction, k=3)"
    results = [r for r in json.loads(to_sarif(report))["runs"][0]["results"]
               if r["ruleId"].startswith("no_split_brain")]
    assert len(results) == 1 and results[0]["ruleId"] == "no_split_brain"
    assert results[0]["message"]["text"].endswith(confirmed)
    assert results[0]["properties"]["confirmedBy"] == ["z3, k-induction, k=3"]
    alone = cases(to_junit(split_brain_report), tmp_path)
    found = cases(to_junit(report), tmp_path)
    failing = {name: case for name, case in found.items()
               if name.startswith("no_split_brain") and not case.is_passed}
    assert failing.keys() == {name for name, case in alone.items()
                              if name.startswith("no_split_brain") and not case.is_passed}
    assert all(confirmed in case.result[0].text for case in failing.values())
    markdown = to_markdown(report)
    assert markdown.count("### `no_split_brain`") == 1
    assert "Confirmed by Z3 (k-induction, k=3)." in markdown
    verdict = next(line for line in markdown.splitlines() if "**Violated: " in line)
    assert verdict.count("no_split_brain") == 1
    text = to_text(report)
    assert text.count("VIOLATED no_split_brain:") == 1
    assert f"\n  {confirmed}\n  counterexample:\n" in text
    # The property table lists each engine's verdict.
    assert len([line for line in text.splitlines() if line.startswith("no_split_brain ")]) == 2
    page = to_html(report)
    counterexamples = page.split('<section id="counterexamples">', 1)[1].split("</section>")[0]
    assert counterexamples.count("<code>no_split_brain</code>") == 1
    assert f"<p class=note>{confirmed}</p>" in counterexamples


def test_engines_that_disagree_are_both_reported(split_brain_report: Report,
                                                 tmp_path: Path) -> None:
    report = both_engines(split_brain_report, "unknown")
    results = [r["ruleId"] for r in json.loads(to_sarif(report))["runs"][0]["results"]]
    assert results.count("no_split_brain") == results.count("no_split_brain.z3") == 1
    assert "confirmed by" not in to_sarif(report) + to_junit(report) + to_text(report)
    found = cases(to_junit(report), tmp_path)
    assert found["no_split_brain (z3, k-induction, k=3)"].is_skipped
    text = to_text(report)
    assert text.count("VIOLATED no_split_brain:") == text.count("UNKNOWN no_split_brain:") == 1


def test_each_sarif_rule_says_what_it_checks_and_links_its_documentation(
    split_brain_report: Report,
) -> None:
    from .test_docs import anchors

    log = to_sarif(split_brain_report, root=Path.cwd())
    rules = json.loads(log)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) == len(split_brain_report.properties)
    model_md = Path(__file__).resolve().parent.parent / "docs" / "model.md"
    for rule, prop in zip(rules, split_brain_report.properties, strict=True):
        assert rule["fullDescription"]["text"].startswith(prop.description)
        assert rule["fullDescription"]["text"].endswith("Decided by the graph engine.")
        assert prop.description in rule["help"]["text"]
        assert f"[The property in the documentation](docs/model.md#{prop.name})" in \
            rule["help"]["markdown"]
        page, _, anchor = rule["helpUri"].partition("#")
        assert page == "docs/model.md" and anchor == prop.name
    assert {prop.name for prop in split_brain_report.properties} <= anchors(model_md)
    # Nothing of the machine the report was made on: paths are relative to the checkout.
    assert "originalUriBaseIds" not in log and "file:" not in log


def test_a_split_brain_is_located_at_the_states_that_both_serve(
    split_brain_report: Report,
) -> None:
    run = json.loads(to_sarif(split_brain_report, root=Path.cwd()))["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "no_split_brain")
    where = {loc["physicalLocation"]["region"]["startLine"]: loc["message"]["text"]
             for loc in result["locations"]}
    spec = split_brain_report.spec
    assert where[spec.rule_lines["manual-failover"]] == "rule manual-failover"
    assert where[spec.state_lines["Failing Over"]] == (
        "state Failing Over, shown by node 1 at step 1, where the counterexample ends")
    assert where[spec.state_lines["Taking Over"]].startswith("state Taking Over, shown by node 2")
    # The state whose serves the broken spec changed.
    assert spec.state_lines["Failing Over"] == line_of(SPEC_TEXT.replace(*SPLIT_BRAIN),
                                                       "  - name: Failing Over\n")


def test_junit_groups_the_configurations_a_counterexample_repeats_in(
    split_brain_report: Report, tmp_path: Path,
) -> None:
    found = cases(to_junit(split_brain_report), tmp_path)
    failing = {name: case.result[0].text for name, case in found.items()
               if name.startswith("no_split_brain") and not case.is_passed}
    # High availability on, the split brain is one failover away; off, it is enabled first.
    assert failing.keys() == {"no_split_brain [default configuration and 11 more] (graph)",
                              "no_split_brain [high_availability=False and 11 more] (graph)"}
    listed = [line for text in failing.values() for line in text.splitlines()
              if line.startswith("  high_availability=")]
    assert len(listed) == len(set(listed)) == 24
    off = failing["no_split_brain [high_availability=False and 11 more] (graph)"]
    assert off.startswith("configurations (12), each with this counterexample")
    assert " 1. enable high availability (both nodes)" in off
    # A configuration whose verdict holds keeps a case of its own, named in short.
    assert found["no_deadlock [user_assignment_mode=None] (graph)"].is_passed


def test_each_junit_case_names_the_spec_file_and_line(split_brain_report: Report) -> None:
    import xml.etree.ElementTree as ET

    cases_found = list(ET.fromstring(to_junit(split_brain_report)).iter("testcase"))
    assert {case.get("file") for case in cases_found} == {"broken.yaml"}
    lines = {case.get("name"): case.get("line") for case in cases_found}
    spec = split_brain_report.spec
    assert lines["no_split_brain [default configuration and 11 more] (graph)"] == str(
        spec.rule_lines["manual-failover"])
    row3 = next(row for row in split_brain_report.rows if row.id == 3)
    assert lines[next(name for name in lines if name.startswith("row 3:"))] == str(row3.line)
    assert lines["no_deadlock [default configuration] (graph)"] is None  # it holds: no line


def test_itf_gives_each_counterexample_and_witness_step_by_step(
    split_brain_report: Report,
) -> None:
    traces = [json.loads(line) for line in to_itf(split_brain_report).splitlines()]
    assert [name for name, _ in itf_traces(split_brain_report)] == [
        *(f"{p.name}.itf.json" for p in split_brain_report.properties if p.counterexample),
        *(f"row-{row.id:02d}.itf.json" for row in split_brain_report.rows if row.witness)]
    verdict = next(p for p in split_brain_report.properties if p.name == "no_split_brain")
    trace = next(t for t in traces if t["#meta"].get("property") == "no_split_brain")
    assert trace["#meta"]["format"] == "ITF" and trace["#meta"]["status"] == "violated"
    assert trace["#meta"]["configuration"] == dict(verdict.config)
    assert trace["vars"] == list(VAR_TYPES) == list(trace["#meta"]["varTypes"])
    assert verdict.counterexample is not None
    assert len(trace["states"]) == len(verdict.counterexample)
    for index, (state, step) in enumerate(zip(trace["states"], verdict.counterexample,
                                              strict=True)):
        assert set(state) == {"#meta", *trace["vars"]} and state["#meta"] == {"index": index}
        assert state["event"] == (step.event or "start") and state["node"] == (step.node or 0)
        assert state["rules"] == list(step.rules)
        assert state["node1"]["state"] == step.node1.state
        assert state["node2"] == {"up": True, "state": step.node2.state,
                                  "reason": step.node2.reason, "facts": {"#map": []}}
        assert state["users"]["node1"]["at_home"] == step.users[0].at_home
    assert trace["states"][-1]["rules"] == ["manual-failover", "accept-failover"]
    witnesses = {t["#meta"]["row"]: t for t in traces if t["#meta"]["kind"] == "witness"}
    row3 = next(row for row in split_brain_report.rows if row.id == 3)
    assert row3.witness is not None and len(witnesses[3]["states"]) == len(row3.witness)


def test_itf_gives_a_violation_both_engines_find_once(split_brain_report: Report) -> None:
    traces = [json.loads(line) for line in to_itf(both_engines(split_brain_report))
              .splitlines()]
    found = [t["#meta"] for t in traces if t["#meta"].get("property") == "no_split_brain"]
    assert len(found) == 1 and found[0]["engine"] == "graph"
    assert found[0]["confirmed_by"] == ["z3, k-induction, k=3"]


def test_itf_writes_a_node_that_is_down_as_not_up_with_its_facts(
    split_brain_report: Report,
) -> None:
    from prg.model.traces import HomeUsers, TraceStep
    from prg.verify.formats.itf import trace_itf

    users = (HomeUsers(1, 0, 1, 0), HomeUsers(1, 1, 0, 0))
    step = TraceStep("power loss", 1, ("power-lost",), Shown(None, None, (("power", "off"),)),
                     Shown("Running in Backup Mode", "Peer Down"), True, users)
    state = trace_itf((step,), {})["states"][0]
    assert state["node1"] == {"up": False, "state": "", "reason": "",
                              "facts": {"#map": [["power", "off"]]}}
    assert state["users"]["node1"] == {"assigned": 1, "at_home": 0, "at_peer": 1, "out": 0}


def test_the_json_report_says_where_each_counterexample_breaks(
        split_brain_report: Report) -> None:
    properties = json.loads(to_json(split_brain_report))["properties"]
    split = next(p for p in properties if p["name"] == "no_split_brain")
    assert split["breaks_at"] == len(split["counterexample"]) - 1
    assert all(p["breaks_at"] is None for p in properties if p["status"] == "holds")


def test_markdown_and_junit_counterexamples_mark_the_step_where_the_property_breaks(
        split_brain_report: Report, tmp_path: Path) -> None:
    mark = "1. failover on node 1   <- no_split_brain breaks here"
    assert mark in to_markdown(split_brain_report)
    failing = [case for name, case in cases(to_junit(split_brain_report), tmp_path).items()
               if name.startswith("no_split_brain") and not case.is_passed]
    assert failing and all("failover on node 1   <- no_split_brain breaks here"
                           in case.result[0].text for case in failing)


#: What keeps no_user_lost true in ``z3_beside``'s report, as a proof's invariant words it.
KEPT_BY = ("never: node 1's link cut",
           ("never at once: node 1's state Taking Over; node 2's state Falling Back; node 2's "
            "power on; node 2's network up; node 1's power on; node 1's network up"))


def z3_beside(report: Report) -> Report:
    """``report`` as if the Z3 engine had run beside the graph engine: BMC confirms row 2's
    witness length (1 step) but finds row 3's (2 steps) shorter, and Z3 proved no_user_lost
    from an invariant that says ``KEPT_BY`` besides the property."""
    rows = {row.id: row for row in report.rows}
    confirmed = replace(rows[2], engines={"z3": 1, "graph": 1}, bmc_confirms=True)
    shorter = replace(rows[3], engines={"z3": 1, "graph": 2}, bmc_confirms=False)
    proved = Verdict("no_user_lost", "No user is lost.", "holds", "z3", {}, None, None, (),
                     0.5, method="certificate (spacer)", invariant=KEPT_BY)
    return replace(report, properties=(*report.properties, proved), rows=tuple(
        {2: confirmed, 3: shorter}.get(row.id, row) for row in report.rows))


def test_every_format_says_what_bmc_finds_of_each_row_s_shortest_witness(
        fault_free_report: Report) -> None:
    report = z3_beside(fault_free_report)
    confirmed = "shortest: 1 step, confirmed by BMC (none at 0)"
    refuted = "shortest: 2 steps, not confirmed by BMC (it finds one of 1 step)"
    text = to_text(report)
    assert (f"Running in Backup Mode / On Admin Request\n                 {refuted}\n"
            in text)
    assert f"\n                 {confirmed}\n" in text
    rows = {row["id"]: row for row in json.loads(to_json(report))["rows"]}
    assert (rows[2]["bmc_confirms"], rows[3]["bmc_confirms"]) == (True, False)
    assert rows[3]["engines"] == {"z3": 1, "graph": 2}
    markdown = to_markdown(report)
    assert "| row | node 1 | node 2 | reachable | witness | BMC |" in markdown
    assert f"| 1 event | {confirmed} |" in markdown and f"| 2 events | {refuted} |" in markdown
    page = to_html(report)
    assert f"<br><span class=note>{confirmed}</span>" in page
    assert f"<br><span class=note>{refuted}</span>" in page
    # Where only the graph engine ran, BMC is not mentioned (the JSON is as it was).
    alone = to_text(fault_free_report) + to_markdown(fault_free_report)
    assert "BMC" not in alone + to_html(fault_free_report)
    assert "bmc_confirms" not in to_json(fault_free_report)


def test_every_format_says_what_keeps_a_proved_property_true(fault_free_report: Report
                                                             ) -> None:
    report = z3_beside(fault_free_report)
    title = ("What keeps each property Z3 proved true, besides the property itself (its "
             "proof's inductive invariant, in the spec's words)")
    text = to_text(report)
    assert " ".join(text.split()).count(" ".join(f"{title}: no_user_lost (2 clauses): - "
                                                 f"{KEPT_BY[0]} - {KEPT_BY[1]}".split())) == 1
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "What keeps the property Z3 proved true, in the spec's words: --verbose" in " ".join(
        to_text(report, decisions=False).split())
    proved = next(p for p in json.loads(to_json(report))["properties"]
                  if p["engine"] == "z3")
    assert proved["invariant"] == list(KEPT_BY)
    markdown = to_markdown(report)
    assert (f"## {title}\n\n<details><summary>no_user_lost (2 clauses)</summary>\n\n"
            f"- {KEPT_BY[0]}\n- {KEPT_BY[1]}\n") in markdown
    page = to_html(report)
    assert '<a href="#invariants">' in page
    assert ("<details><summary>no_user_lost (2 clauses)</summary><ul>"
            f"<li>{escape(KEPT_BY[0])}</li><li>{escape(KEPT_BY[1])}</li></ul></details>") in page
    assert "What keeps" not in to_text(fault_free_report) + to_html(fault_free_report)
