"""Diagrams: the node machine, the pair projection and traces, as DOT, Mermaid, SVG and PNG."""

from __future__ import annotations

import shutil

import pytest
from prg.diagrams.node import ANY_STATE, DOWN_NODE, node_diagram, node_edges
from prg.diagrams.pair import axes, full_product_diagram, pair_diagram
from prg.diagrams.render import Diagram, RenderError, mermaid_text, render
from prg.diagrams.trace import BREAKS_HERE, state_classes, trace_diagram
from prg.model.explore import Graph, explore
from prg.model.product import Pair, default_config
from prg.model.projection import projection
from prg.model.spec import Spec
from prg.model.traces import trace_of
from prg.verify.checks.properties import row_witness

from .helpers import broken

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def fault_free(spec: Spec) -> Graph:
    return explore(Pair(spec, default_config(spec), fault_budget=0))


def test_every_rule_is_an_edge_of_the_node_machine(spec: Spec) -> None:
    edges = node_edges(spec)
    drawn = {event for labels in edges.values() for label in labels
             for event in [label.split(" (not in ")[0]]}
    assert drawn == {rule.event for rule in spec.rules}
    assert "failover" in edges[("Normal", "Failing Over", "admin")]
    assert "heartbeat timeout" in edges[("Normal", "Taking Over", "automatic")]
    assert "power loss" in edges[(ANY_STATE, DOWN_NODE, "fault")]
    assert "power up" in edges[(DOWN_NODE, "Initializing", "repair")]


def test_node_states_are_grouped_and_coloured_by_class(spec: Spec) -> None:
    diagram = node_diagram(spec)
    for klass in ("stable", "transient", "failed", "unknown"):
        assert f"subgraph cluster_{klass}" in diagram.dot
    assert "failed_over_with_critical_services_not_running" in diagram.dot.split(
        "subgraph cluster_failed")[1].split("}")[0]
    assert diagram.mermaid.startswith("stateDiagram-v2\n")
    assert "    class running_in_failed_mode failed" in diagram.mermaid
    assert "    [*] --> normal" in diagram.mermaid


def test_the_pair_projection_marks_rows_and_extensions(fault_free: Graph) -> None:
    projected = projection(fault_free)
    pairs, edges = projected.pairs, projected.edges
    normal = next(p for p in pairs if (p.node1, p.node2) == ("Normal", "Normal"))
    assert 1 in normal.rows and normal.first == 0
    after_failover = next(p for p in pairs if (p.node1, p.node2) == ("Failing Over",
                                                                      "Taking Over"))
    assert 2 in after_failover.rows
    assert all(not p.undocumented for p in pairs)  # documented_pairs holds
    assert sum(p.joint_states for p in pairs) == len(fault_free.states)
    start = pairs.index(normal)
    end = pairs.index(after_failover)
    assert "failover" in edges[(start, end, "admin")]


def test_an_undocumented_pair_is_highlighted(spec: Spec) -> None:
    changed = broken(("    from: Running in Backup Mode\n    to: Falling Back\n",
                      "    from: Running in Backup Mode\n    to: Normal\n"))
    graph = explore(Pair(changed, default_config(spec), fault_budget=0))
    projected = projection(graph)
    assert any(p.undocumented for p in projected.pairs)
    diagram = pair_diagram(projected, changed)
    assert "UNDOCUMENTED" in diagram.dot and "class p" in diagram.mermaid
    assert any(line.endswith(" undocumented") for line in diagram.mermaid.splitlines())


def test_the_pair_is_a_matrix_of_pinned_cells(fault_free: Graph) -> None:
    pairs = projection(fault_free).pairs
    diagram = pair_diagram(projection(fault_free), fault_free.pair.spec)
    assert diagram.engine == "neato"
    rows, columns = axes(pairs, [s.name for s in fault_free.pair.spec.states] + ["(down)"])
    normal = next(p for p in pairs if (p.node1, p.node2) == ("Normal", "Normal"))
    number = pairs.index(normal)
    assert diagram.dot.count("!\"") == len(pairs) + len(rows) + len(columns) + 1
    assert f"p{number} [label=\"row 1\"" in diagram.dot
    assert 'pos="0.00,0.00!"' in diagram.dot.split(f"p{number} [")[1].split("]")[0]
    full = full_product_diagram(fault_free)
    assert full.engine == "sfdp"
    assert full.dot.count(" -> ") == sum(
        1 for source, out in enumerate(fault_free.edges) for target, _ in out if target != source)


def test_a_trace_marks_the_step_where_the_property_breaks(spec: Spec,
                                                          fault_free: Graph) -> None:
    found = row_witness([fault_free], spec.rows[2])
    assert found is not None
    trace = trace_of(*found)
    plain = trace_diagram(trace, state_classes(spec), "row 3")
    assert BREAKS_HERE not in plain.dot and BREAKS_HERE not in plain.mermaid
    marked = trace_diagram(trace, state_classes(spec), "row 3", breaks_at=1)
    frame = marked.dot.split("subgraph cluster_breaks {")[1].split("\n\t}")[0]
    assert f'label="{BREAKS_HERE}"' in frame and "penwidth=3" in frame
    assert '"1. failover on node 1"' in frame and "n1_1 " in frame and "n1_2 " not in frame
    assert marked.dot.count("rank=same") == len(trace) + 1
    lines = marked.mermaid.splitlines()
    start = lines.index("    rect rgba(255, 201, 201, 0.5)")
    assert lines[start + 1] == "    N1->>N1: failover on node 1"
    end = lines.index("    end")
    assert lines[end - 1] == f"    Note over N1,U: {BREAKS_HERE}"
    assert "takeover complete" not in "\n".join(lines[start:end])
    with pytest.raises(ValueError, match="breaks_at 3: the trace has steps 0 to 2"):
        trace_diagram(trace, state_classes(spec), "row 3", breaks_at=len(trace))


def test_a_trace_is_a_timeline_in_three_lanes(spec: Spec, fault_free: Graph) -> None:
    found = row_witness([fault_free], spec.rows[2])
    assert found is not None
    trace = trace_of(*found)
    diagram = trace_diagram(trace, state_classes(spec), "row 3")
    assert "1. failover on node 1" in diagram.dot
    assert "2. takeover complete on node 2" in diagram.dot
    assert diagram.dot.count("rank=same") == len(trace) + 1
    assert diagram.mermaid.splitlines()[:2] == ["sequenceDiagram", "    title row 3"]
    assert "    N1->>N1: failover on node 1" in diagram.mermaid
    assert "    Note over N2: Running in Backup Mode / On Admin Request" in diagram.mermaid


def test_dot_and_mermaid_need_no_graphviz(spec: Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    diagram = node_diagram(spec)
    assert render(diagram, "dot").startswith(b'digraph "node" {')
    assert render(diagram, "mermaid").startswith(b"stateDiagram-v2")
    with pytest.raises(RenderError, match="needs Graphviz's 'dot' program"):
        render(diagram, "svg")


@needs_dot
def test_svg_and_png_are_rendered(spec: Spec, fault_free: Graph) -> None:
    svg = render(node_diagram(spec), "svg")
    assert b"<svg" in svg and b"Running in Failed Mode" in svg
    png = render(pair_diagram(projection(fault_free), fault_free.pair.spec), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


@needs_dot
def test_a_graphviz_failure_is_one_error() -> None:
    with pytest.raises(RenderError, match="Graphviz dot failed on the bad diagram"):
        render(Diagram("bad", "digraph { a -> }", ""), "svg")


@needs_dot
def test_graphviz_s_own_messages_stay_inside_the_error(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(RenderError):
        render(Diagram("bad", "digraph { a -> }", ""), "svg")
    assert capfd.readouterr().err == ""


def test_mermaid_text_codes_each_character_once() -> None:
    assert mermaid_text('a#b;c"d\ne') == "a#35;b#59;c#quot;d<br/>e"
