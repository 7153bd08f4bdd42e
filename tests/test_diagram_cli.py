"""``prg diagram`` and ``prg verify --format ... --output DIR``: files written, exit status,
one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import PRG, SPEC_TEXT, SPLIT_BRAIN, prg, spec_file
from .png import png_size

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


def test_node_diagram_as_mermaid() -> None:
    done = prg("diagram", "node", "--format", "mermaid")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("stateDiagram-v2\n")


@needs_dot
def test_the_format_follows_the_output_suffix(tmp_path: Path) -> None:
    target = tmp_path / "node.svg"
    done = prg("diagram", "node", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "<svg" in target.read_text(encoding="utf-8")
    assert f"wrote the node diagram to {target}" in done.stderr


def test_the_node_machine_by_kind_of_event() -> None:
    actions = prg("diagram", "node", "--events", "actions", "--format", "dot")
    faults = prg("diagram", "node", "--events", "faults", "--format", "dot")
    whole = prg("diagram", "node", "--format", "dot")
    assert actions.returncode == faults.returncode == whole.returncode == 0, faults.stderr
    assert actions.stdout.startswith("digraph node_actions {")
    assert "one node's machine, administrator actions and the pair's own events" in (
        actions.stdout)
    assert "one node's machine, faults and repairs" in faults.stdout
    assert "one node's machine, every event" in whole.stdout
    assert '[label="failover' in actions.stdout and '[label="failover' not in faults.stdout
    assert ">power loss<" in faults.stdout and ">power loss<" not in actions.stdout


@needs_dot
def test_a_png_is_as_wide_as_a_slide_or_as_asked(tmp_path: Path) -> None:
    slide, wider = tmp_path / "slide.png", tmp_path / "wider.png"
    done = prg("diagram", "node", "--events", "faults", "-o", str(slide))
    assert done.returncode == 0, done.stderr
    assert f"wrote the node-faults diagram to {slide}" in done.stderr
    assert png_size(slide.read_bytes())[0] >= 1920
    done = prg("diagram", "node", "--events", "faults", "--min-width", "2600", "-o", str(wider))
    assert done.returncode == 0, done.stderr
    assert png_size(wider.read_bytes())[0] >= 2600


def test_the_pair_without_its_steps() -> None:
    with_steps = prg("diagram", "pair", "--fault-budget", "0", "--format", "dot")
    alone = prg("diagram", "pair", "--fault-budget", "0", "--format", "dot", "--no-steps")
    assert with_steps.returncode == alone.returncode == 0, alone.stderr
    assert " -> " in with_steps.stdout and " -> " not in alone.stdout
    assert alone.stdout.count("pos=") == with_steps.stdout.count("pos=")


def test_a_row_witness_as_a_timeline() -> None:
    done = prg("diagram", "trace", "--row", "3", "--fault-budget", "0", "--format", "mermaid")
    assert done.returncode == 0, done.stderr
    assert "Table 2 row 3: shortest witness, 2 events (" in done.stdout
    assert "N1->>N1: failover on node 1" in done.stdout


def test_a_counterexample_as_a_timeline(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace(*SPLIT_BRAIN)
    done = prg("diagram", "trace", "--property", "no_split_brain", "--fault-budget", "0",
               "--spec", str(spec_file(tmp_path, text)), "--format", "dot",
               "--set", "high_availability=on")
    assert done.returncode == 0, done.stderr
    assert "no_split_brain violated" in done.stdout and "1. failover on node 1" in done.stdout
    # The violation is seen in the last state: that step is framed.
    frame = done.stdout.split("subgraph cluster_breaks {")[1]
    assert "no_split_brain breaks here" in frame and "1. failover on node 1" in frame


def test_nothing_to_draw_exits_1() -> None:
    done = prg("diagram", "trace", "--property", "no_user_lost", "--fault-budget", "0",
               "--format", "dot")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("prg: no_user_lost holds in every configuration chosen (fault "
                           "budget 0): no counterexample to draw\n")
    unreachable = prg("diagram", "trace", "--row", "12", "--fault-budget", "0")
    assert unreachable.returncode == 1 and "row 12 is not reachable" in unreachable.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("trace",), "diagram trace needs one of --row N or --property NAME"),
    (("trace", "--row", "99"), "--row: Table 2 has no row 99 (rows 1 to 24)"),
    (("trace", "--property", "no_split_brian"), "(did you mean 'no_split_brain'?)"),
    (("trace", "--property", "rows_reachable"), "no counterexample trace"),
    (("pair", "--set", "automatic_fallbak=true"), "(did you mean 'automatic_fallback', "),
    (("pair", "--config", "high_availability=ture"), "(did you mean 'true'?)"),
    (("pair", "--set", "high_availability"), "expected NAME=VALUE"),
    (("pair", "--set", "heartbeat_timeout=30"), "prg check-config --set heartbeat_timeout"),
    (("node", "-o", "node.txt"), "cannot tell the format from '.txt'"),
    (("node", "--row", "3"), "--row and --property are for diagram trace, not node"),
    (("nodes",), "Invalid value for '{node|pair|trace}'"),
    (("node", "--events", "repairs"), "Invalid value for '--events'"),
    (("pair", "--events", "faults"), "--events is for diagram node, not pair"),
    (("node", "--no-steps"), "--no-steps is for the matrix of diagram pair (without --full)"),
    (("pair", "--full", "--no-steps"), "--no-steps is for the matrix of diagram pair"),
    (("node", "--min-width", "2000", "--format", "svg"), "--min-width is for png, not svg"),
    (("node", "--min-width", "2000", "-o", "node.dot"), "--min-width is for png, not dot"),
    (("node", "--min-width", "10", "-o", "node.png"), "10 is not in the range 100<=x<=16000"),
    # Explores the whole product at fault budget 1 before refusing to draw it.
    pytest.param(("pair", "--full"),
                 "--full: the product has 265,241 joint states at fault budget 1",
                 marks=pytest.mark.slow),
])
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = prg("diagram", *args)
    assert done.returncode == 2
    assert done.stderr.startswith("prg: error: ") and done.stderr.count("\n") == 1
    assert message in done.stderr


@pytest.mark.slow
def test_verify_writes_every_report_and_diagram(tmp_path: Path) -> None:
    out = tmp_path / "prg-report"
    done = prg("verify", "--fault-budget", "0", "--engine", "graph", "--format", "json",
               "--output", str(out))
    assert done.returncode == 1  # without faults, failed states are unreachable
    assert json.loads(done.stdout)["model"]["fault_budget"] == 0
    assert done.stderr.strip() == (f"prg: reports and diagrams written to {out}/ "
                                   f"(open {out / 'report.html'})")
    for name in ("report.txt", "report.json", "junit.xml", "report.sarif", "summary.md",
                 "report.html"):
        assert (out / name).stat().st_size > 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["recovery"]["entries"] == []  # nothing fails without faults
    for name in ("node-actions", "node-faults", "pair", "row-01", "row-03"):
        assert (out / "diagrams" / f"{name}.dot").exists()
        assert (out / "diagrams" / f"{name}.mmd").exists()
        if shutil.which("dot"):
            assert (out / "diagrams" / f"{name}.svg").read_text(encoding="utf-8").count("<svg")
    assert not (out / "diagrams" / "row-12.dot").exists()  # unreachable without faults
    witness = json.loads((out / "itf" / "row-03.itf.json").read_text(encoding="utf-8"))
    assert witness["#meta"]["row"] == 3 and len(witness["states"]) == 3
    assert (out / "itf" / "rows_reachable.itf.json").exists() is False  # no trace to give


@pytest.mark.slow
def test_verify_formats_for_ci(tmp_path: Path) -> None:
    junit = prg("verify", "--fault-budget", "0", "--engine", "graph", "--format", "junit")
    assert junit.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    sarif = prg("verify", "--fault-budget", "0", "--engine", "graph", "--format", "sarif")
    assert json.loads(sarif.stdout)["version"] == "2.1.0"
    markdown = prg("verify", "--fault-budget", "0", "--engine", "graph",
                   "--format", "markdown")
    # The node machine in its two halves.
    assert markdown.stdout.count("```mermaid\nstateDiagram-v2") == 2
    assert "### One node's machine: faults and repairs" in markdown.stdout
    itf = prg("verify", "--fault-budget", "0", "--engine", "graph", "--format", "itf")
    traces = [json.loads(line) for line in itf.stdout.splitlines()]
    assert [t["#meta"]["row"] for t in traces] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 18]


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    done = prg("verify", "--fault-budget", "0", "--engine", "graph",
               "--output", str(blocker / "out"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"prg: error: --output {blocker / 'out'}: cannot create")


def python_path() -> dict[str, str]:
    """PYTHONPATH as the tests have it, if they have it: a command run without Graphviz on
    its PATH still runs the prg these tests import."""
    return {key: value for key, value in os.environ.items() if key == "PYTHONPATH"}


def test_without_graphviz_the_output_says_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([PRG, "verify", "--fault-budget", "0", "--engine", "graph",
                           "--output", str(out)],
                          capture_output=True, text=True, check=False,
                          env={"PATH": str(tmp_path), **python_path()})
    assert done.returncode == 1
    assert done.stderr.strip().endswith("no SVG diagrams: Graphviz's dot is not installed "
                                        "(Debian package graphviz)")
    diagrams = out / "diagrams"
    assert (diagrams / "node-faults.dot").exists() and not (diagrams / "node-faults.svg").exists()
    assert "No diagrams: rendering SVG needs Graphviz" in (out / "report.html").read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_the_ci_formats_carry_the_z3_verdicts(tmp_path: Path) -> None:
    from junitparser import JUnitXml

    spec = spec_file(tmp_path, SPEC_TEXT.replace(*SPLIT_BRAIN))
    out = tmp_path / "out"
    done = prg("verify", "--fault-budget", "0", "--engine", "all", "--bmc-depth", "1",
               "--spec", str(spec), "--output", str(out))
    assert done.returncode == 1
    # Both engines find the split brain: it fails once, confirmed by Z3.
    cases = [case for suite in JUnitXml.fromfile(str(out / "junit.xml")) for case in suite]
    failing = [case for case in cases
               if case.name.startswith("no_split_brain") and not case.is_passed]
    assert failing and all("z3" not in case.name for case in failing)
    assert all("confirmed by Z3 (k-induction" in case.result[0].text for case in failing)
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"].startswith("no_split_brain")]
    assert [r["ruleId"] for r in results] == ["no_split_brain"]
    assert results[0]["properties"]["confirmedBy"][0].startswith("z3, k-induction")
