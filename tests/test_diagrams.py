"""Diagrams: the node machine, the pair projection and traces, as DOT, Mermaid, SVG and PNG."""

from __future__ import annotations

import shutil

import pytest
from prg.diagrams.node import (
    DOWN_NODE,
    EVENT_VIEWS,
    SAME_STATE,
    LegendRule,
    guard_words,
    node_diagram,
    node_parts,
)
from prg.diagrams.pair import (
    EXTENSION_WORDS,
    TOOLTIP_PAIRS,
    axes,
    cell_tooltip,
    full_product_diagram,
    pair_diagram,
)
from prg.diagrams.render import (
    PNG_MIN_WIDTH,
    Diagram,
    RenderError,
    label_box,
    mermaid_text,
    misread_labels,
    render,
)
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model.explore import Graph, explore
from prg.model.product import Pair, default_config
from prg.model.projection import projection
from prg.model.spec import EVENT_KINDS, Guard, Spec
from prg.model.traces import trace_of
from prg.verify.checks.properties import row_witness

from .helpers import broken
from .png import png_size

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def fault_free(spec: Spec) -> Graph:
    return explore(Pair(spec, default_config(spec), fault_budget=0))


def test_every_rule_is_an_edge_or_a_row_of_the_legend(spec: Spec) -> None:
    parts = node_parts(spec)
    drawn = {event for labels in parts.edges.values() for event in labels}
    drawn |= {rule.event for rule in parts.legend}
    assert drawn == {rule.event for rule in spec.rules}
    assert "failover" in parts.edges[("Normal", "Failing Over", "admin")]
    assert "heartbeat timeout" in parts.edges[("Normal", "Taking Over", "automatic")]
    assert "power up" in parts.edges[(DOWN_NODE, "Initializing", "repair")]
    # From any state: a row of the legend, not an edge from each state.
    assert LegendRule("power loss", "fault", "any state", DOWN_NODE, (("power", "off"),),
                      "") in parts.legend
    assert LegendRule("restart SRM", "admin", "any state but Initializing", "Initializing",
                      (), "") in parts.legend
    assert not any(source == "Taking Over" and "power loss" in labels
                   for (source, _, _), labels in parts.edges.items())
    # A rule that leaves the state as it is: a row of the legend too, never a loop.
    assert any(rule.event == "add users" and rule.starts == "Normal"
               and rule.target == SAME_STATE for rule in parts.legend)
    assert all(source != target for source, target, _ in parts.edges)


def test_the_two_node_diagrams_draw_every_rule_once(spec: Spec) -> None:
    actions, faults = EVENT_VIEWS["actions"], EVENT_VIEWS["faults"]
    assert not actions & faults and actions | faults == set(EVENT_KINDS)
    whole, first, second = (node_parts(spec, events) for events in ("all", "actions", "faults"))
    assert whole.edges == {**first.edges, **second.edges}
    assert set(whole.legend) == set(first.legend) | set(second.legend)
    assert not set(first.legend) & set(second.legend)
    assert {kind for _, _, kind in first.edges} == {"admin", "automatic"}
    assert {kind for _, _, kind in second.edges} == {"fault", "repair"}
    assert ("Taking Over", "Running in Failed Mode", "fault") in second.edges
    assert ("Normal", "Failing Over", "admin") in first.edges


def test_a_node_diagram_draws_the_states_its_events_touch(spec: Spec) -> None:
    actions, faults = node_diagram(spec, "actions"), node_diagram(spec, "faults")
    assert (actions.name, faults.name, node_diagram(spec).name) == (
        "node-actions", "node-faults", "node")
    assert "one node's machine, faults and repairs" in faults.dot
    assert "\tunknown [" in faults.dot and "\tunknown [" not in actions.dot
    assert "\tidle [" in actions.dot and "\tidle [" not in faults.dot
    assert '[label="failover' in actions.dot and '[label="failover' not in faults.dot
    assert ">power loss<" in faults.dot and ">power loss<" not in actions.dot


def test_node_states_are_coloured_by_class_and_the_legend_is_a_table(spec: Spec) -> None:
    diagram = node_diagram(spec)
    failed = diagram.dot.split("running_in_failed_mode [")[1].split("]")[0]
    assert 'fillcolor="#ffc9c9"' in failed  # the failed class
    legend = diagram.dot.split("legend [label=<")[1].split("shape=plaintext")[0]
    assert "<TABLE" in legend and "Rules not drawn as edges" in legend
    assert ">power loss<" in legend and "any state but Initializing" in legend
    assert "(down); power off" in legend
    assert "decorate" not in diagram.dot  # the lines to labels are the layout's to decide
    assert diagram.link_labels
    assert diagram.mermaid.startswith("stateDiagram-v2\n")
    assert "    class running_in_failed_mode failed" in diagram.mermaid
    assert "    [*] --> normal" in diagram.mermaid
    assert "        power loss (fault): any state to (down)" in diagram.mermaid
    assert "normal --> normal" not in diagram.mermaid


def test_a_guard_in_words(spec: Spec) -> None:
    assert guard_words(spec, Guard((("critical", frozenset({"down"})),
                                    ("database", frozenset({"up"}))))) == (
        "critical down, database up")
    assert guard_words(spec, Guard((("config.xcp_authentication_monitoring",
                                     frozenset({True})), ("ha", frozenset({True}))))) == (
        "xcp_authentication_monitoring=true, high_availability=true")
    assert guard_words(spec, Guard((("config.srm_stop_reading",
                                     frozenset({"services stop", "both"})),))) == (
        "srm_stop_reading=both or services stop")


def _edge(edge_id: str, line: list[list[float]], label_at: list[float] | None) -> dict[str, object]:
    """An edge as Graphviz's JSON output gives it: its line, and its label's text."""
    edge: dict[str, object] = {"id": edge_id, "_draw_": [{"op": "b", "points": line}]}
    if label_at is not None:
        edge["_ldraw_"] = [{"op": "F", "size": 10.0, "face": "Helvetica"},
                           {"op": "T", "pt": label_at, "align": "c", "width": 20.0,
                            "text": "failover"}]
    return edge


def test_a_label_nearer_another_edge_is_misread() -> None:
    vertical = [[0.0, 0.0], [0.0, 33.0], [0.0, 66.0], [0.0, 100.0]]
    other = [[45.0, 0.0], [45.0, 33.0], [45.0, 66.0], [45.0, 100.0]]
    assert label_box([{"op": "F", "size": 10.0}, {"op": "T", "pt": [50.0, 50.0],
                                                  "align": "c", "width": 20.0}]) == (
        40.0, 47.5, 60.0, 58.0)
    # The label sits on the other edge's line, 40 points from its own.
    assert misread_labels([_edge("e0", vertical, [50.0, 50.0]), _edge("e1", other, None)]) == {
        "e0"}
    # Beside its own line, far from the other: read right.
    assert misread_labels([_edge("e0", vertical, [12.0, 50.0]),
                           _edge("e1", [[p[0] + 100, p[1]] for p in other], None)]) == set()


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
    # A cell Table 2 does not list says nothing: its dashed outline and the legend do.
    only_extensions = [p for p in pairs if p.extensions and not p.rows and not p.undocumented]
    assert only_extensions
    assert "extension" not in diagram.dot.lower()
    assert diagram.dot.count('[label=""') == len(only_extensions)
    assert "not in Table 2: the spec accepts it" in diagram.dot
    full = full_product_diagram(fault_free)
    assert full.engine == "sfdp"
    assert full.dot.count(" -> ") == sum(
        1 for source, out in enumerate(fault_free.edges) for target, _ in out if target != source)


def test_a_cell_s_tooltip_is_in_the_document_s_words(fault_free: Graph) -> None:
    spec = fault_free.pair.spec
    pairs = {(p.node1, p.node2): p for p in projection(fault_free).pairs}
    normal = cell_tooltip(pairs[("Normal", "Normal")], spec).splitlines()
    assert normal[0].startswith("node 1 Normal, node 2 Normal (")
    assert normal[1] == "Table 2 row 1: node 1 Normal / Normal, node 2 Normal / Normal"
    # Table 2 is written for node 1 failing; the mirrored pair shows the row too.
    mirrored = cell_tooltip(pairs[("Taking Over", "Failing Over")], spec)
    assert ("Table 2 row 2 (with the nodes swapped): node 1 Failing Over / On Admin Request, "
            "node 2 Taking Over / On Admin Request") in mirrored
    down = next(p for p in pairs.values() if p.node1 == "(down)" and p.extensions)
    lines = cell_tooltip(down, spec).splitlines()
    assert lines[1].startswith(f"{EXTENSION_WORDS}: node 1 (down), node 2 {down.node2} / ")
    assert len(lines) <= 1 + len(down.rows) + TOOLTIP_PAIRS + 1
    for cell in pairs.values():
        text = cell_tooltip(cell, spec)
        assert "|" not in text and "joint state 0" not in text and " / ," not in text


def test_the_pair_s_steps_are_faint_or_left_out(fault_free: Graph) -> None:
    projected = projection(fault_free)
    with_steps = pair_diagram(projected, fault_free.pair.spec)
    lines = [line for line in with_steps.dot.splitlines() if " -> " in line]
    assert "edge [arrowsize=0.5 penwidth=0.5]" in with_steps.dot
    assert lines and all('40" ' in line.split("color=")[1] and "bold" not in line
                         for line in lines)
    alone = pair_diagram(projected, fault_free.pair.spec, steps=False)
    assert " -> " not in alone.dot and "-->" not in alone.mermaid
    assert "lines, faint" in with_steps.dot and "lines, faint" not in alone.dot
    assert alone.dot.count("pos=") == with_steps.dot.count("pos=")


def test_a_trace_marks_the_step_where_the_property_breaks(spec: Spec,
                                                          fault_free: Graph) -> None:
    found = row_witness([fault_free], spec.rows[2])
    assert found is not None
    trace = trace_of(*found)
    plain = trace_diagram(trace, state_classes(spec), "row 3")
    assert "breaks here" not in plain.dot and "breaks here" not in plain.mermaid
    marked = trace_diagram(trace, state_classes(spec), "row 3", breaks_at=1,
                           property_name="no_split_brain")
    frame = marked.dot.split("subgraph cluster_breaks {")[1].split("\n\t}")[0]
    assert 'label="no_split_brain breaks here"' in frame and "penwidth=3" in frame
    assert '"1. failover on node 1"' in frame and "n1_1 " in frame and "n1_2 " not in frame
    assert marked.dot.count("rank=same") == len(trace) + 1
    lines = marked.mermaid.splitlines()
    start = lines.index("    rect rgba(255, 201, 201, 0.5)")
    assert lines[start + 1] == "    N1->>N1: failover on node 1"
    end = lines.index("    end")
    assert lines[end - 1] == "    Note over N1,U: no_split_brain breaks here"
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
def test_a_png_is_wide_enough_for_a_slide(spec: Spec, fault_free: Graph) -> None:
    pair = pair_diagram(projection(fault_free), fault_free.pair.spec)
    for diagram in (node_diagram(spec, "actions"), node_diagram(spec, "faults"), pair):
        assert png_size(render(diagram, "png"))[0] >= PNG_MIN_WIDTH
    faults = node_diagram(spec, "faults")
    width, height = png_size(render(faults, "png", min_width=3000))
    assert width >= 3000
    # Scaled, not laid out again: the shape is the same.
    slide_width, slide_height = png_size(render(faults, "png"))
    assert abs(width / height - slide_width / slide_height) < 0.01
    # Wider than asked at 96 dpi: left at its own size, never shrunk.
    actions = node_diagram(spec, "actions")
    assert png_size(render(actions, "png", min_width=100)) == png_size(
        render(actions, "png", min_width=200))


@needs_dot
def test_a_label_the_layout_puts_nearer_another_edge_gets_a_line_to_its_own(
        spec: Spec) -> None:
    svg = render(node_diagram(spec, "actions"), "svg").decode("utf-8")
    edges = svg.split('class="edge">')[1:]
    linked = [edge for edge in edges if "<polyline" in edge.split("</g>")[0]]
    assert linked and len(linked) < len(edges)


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

