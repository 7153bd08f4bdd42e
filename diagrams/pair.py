"""The pair as a diagram: the product of one configuration projected onto (node 1 state, node 2
state), each projected pair marked with the Table 2 rows it shows and coloured by the worse of
its two states' classes; pairs the document does not list are outlined. The full product, one
box per joint state, is drawn on request with a force-directed layout that scales (``sfdp``).
"""

from __future__ import annotations

import textwrap

import graphviz  # type: ignore[import-untyped]
from prg.model.explore import Graph
from prg.model.node import kind_group
from prg.model.projection import DOWN, SEVERITY, ProjectedPair, Projection, shown_by
from prg.model.spec import Row, RowSide, Spec
from prg.model.words import config_words

from .node import KIND_WORDS
from .render import CLASS_COLOURS, FONT, KIND_STYLES, Diagram, label_text, mermaid_text

ROW_COLOUR = "#1864ab"
EXTENSION_COLOUR = "#e8590c"
UNDOCUMENTED_COLOUR = "#e03131"
#: The projection's layout engine: its cells are pinned to a matrix, and ``neato`` draws the
#: lines between pinned nodes at once. (``dot`` ranks the pairs in long rows, slowly and far
#: too wide for the 76 pairs and 452 edges of the default configuration at fault budget 1:
#: see bench/README.md.)
PAIR_ENGINE = "neato"
#: How a cell's tooltip calls a pair the spec accepts that Table 2 does not list, and a pair
#: neither lists.
EXTENSION_WORDS = "Not in Table 2, a pair the spec accepts"
UNDOCUMENTED_WORDS = "UNDOCUMENTED, neither in Table 2 nor accepted by the spec"
#: How many (state / reason) pairs of each kind a cell's tooltip lists.
TOOLTIP_PAIRS = 4
#: A matrix cell's width and height, in inches.
CELL = (1.6, 0.75)
#: Lines between cells are faint (mostly transparent, thin): the cells are what the matrix
#: is read by, the lines only show where a step leads.
EDGE_ALPHA = "40"
EDGE_WIDTH = "0.5"


def _label(projected: ProjectedPair) -> str:
    lines = [f"node 1: {projected.node1}", f"node 2: {projected.node2}"]
    if projected.rows:
        lines.append("Table 2 row " + ", ".join(str(r) for r in sorted(projected.rows)))
    if projected.undocumented:
        lines.append(f"UNDOCUMENTED: {len(projected.undocumented)} pair(s)")
    return "\n".join(lines)


def _seen_words(seen: str) -> str:
    """A pair as the projection names it (``state / reason  |  state / reason``, ``(down)``
    for a node that is down), in words: ``node 1 Normal / Normal, node 2 ...``."""
    first, second = (side.strip().rstrip(" /") for side in seen.split("|"))
    return f"node 1 {first}, node 2 {second}"


def _shows_as_written(projected: ProjectedPair, row: Row) -> bool:
    """Whether the cell's node 1 is the row's node 1 (else the pair shows the row with the
    nodes swapped: Table 2 is written for node 1 failing)."""
    def fits(side: RowSide, state: str) -> bool:
        return state == DOWN if side.states is None else state in side.states

    return fits(row.node1, projected.node1) and fits(row.node2, projected.node2)


def cell_tooltip(projected: ProjectedPair, spec: Spec) -> str:
    """What a cell shows, in the document's words: its two states, each Table 2 row it shows
    as Table 2 writes it, and the first ``TOOLTIP_PAIRS`` (state / reason) pairs the document
    does not list, each kind."""
    cell = f"node 1 {projected.node1}, node 2 {projected.node2}"
    lines = [f"{cell} ({projected.joint_states:,} joint states)"]
    for number in sorted(projected.rows):
        row = spec.rows[number - 1]
        swapped = "" if _shows_as_written(projected, row) else " (with the nodes swapped)"
        lines.append(f"Table 2 row {number}{swapped}: node 1 {row.node1.as_written}, "
                     f"node 2 {row.node2.as_written}")
    for seen, what in ((projected.extensions, EXTENSION_WORDS),
                       (projected.undocumented, UNDOCUMENTED_WORDS)):
        listed = sorted(seen)
        lines += [f"{what}: {_seen_words(pair)}" for pair in listed[:TOOLTIP_PAIRS]]
        if len(listed) > TOOLTIP_PAIRS:
            lines.append(f"... and {len(listed) - TOOLTIP_PAIRS} more such pairs")
    return "\n".join(lines)


def _config_text(config: tuple[tuple[str, object], ...], fault_budget: int) -> str:
    return f"{config_words(config, 'default configuration')}; fault budget {fault_budget}"


def merged_edges(
    edges: dict[tuple[int, int, str], list[str]],
) -> dict[tuple[int, int], tuple[str, list[str]]]:
    """One edge per pair of boxes, with every event that takes it, drawn as its most telling
    kind: what the administrator does, else a fault, else the pair's own events."""
    kinds: dict[tuple[int, int], set[str]] = {}
    names: dict[tuple[int, int], list[str]] = {}
    for (start, end, kind), events in edges.items():
        kinds.setdefault((start, end), set()).add(kind)
        names.setdefault((start, end), []).extend(events)
    return {
        key: (next(k for k in ("admin", "repair", "fault", "automatic") if k in kinds[key]),
              names[key])
        for key in names
    }


def _cell_label(projected: ProjectedPair) -> str:
    """A cell of the matrix: its place names the two states and its outline says whether
    Table 2 lists it (the legend tells the outlines apart), so the label only names the rows
    it shows, and the pairs no one lists."""
    text = "row " + ", ".join(str(r) for r in sorted(projected.rows)) if projected.rows else ""
    if projected.undocumented:
        text += f"\nUNDOCUMENTED ({len(projected.undocumented)})"
    return text.strip()


def _legend(title: str, steps: bool) -> str:
    """The matrix's title and a key to its cells' fills and outlines and to its lines, as a
    Graphviz HTML-like label."""
    def chip(text: str, fill: str = "white", line: str = "#495057", style: str = "",
             width: int = 1, font: str = "black") -> str:
        dashed = f' STYLE="{style}"' if style else ""
        return (f'<TD BGCOLOR="{fill}" COLOR="{line}" BORDER="{width}"{dashed}>'
                f'<FONT COLOR="{font}">{label_text(text) or "&#160;" * 8}</FONT></TD>')

    fills = "".join(chip(klass, fill, line, font="white" if klass == "down" else "black")
                    for klass, (fill, line) in CLASS_COLOURS.items())
    outlines = (chip("row N", line=ROW_COLOUR, width=3)
                + '<TD BORDER="0" ALIGN="LEFT">shows Table 2 row N</TD>'
                + chip("", line=EXTENSION_COLOUR, style="dashed", width=2)
                + '<TD BORDER="0" ALIGN="LEFT">not in Table 2: the spec accepts it</TD>'
                + chip("UNDOCUMENTED", line=UNDOCUMENTED_COLOUR, width=4)
                + '<TD BORDER="0" ALIGN="LEFT">neither lists it</TD>'
                + chip("row 1", line=ROW_COLOUR, width=5)
                + '<TD BORDER="0" ALIGN="LEFT">where the pair starts</TD>')
    key = "   ".join(
        f'<FONT COLOR="{colour}">{"- - -" if style == "dashed" else "&#8212;&#8212;"}&gt; '
        f"{label_text(KIND_WORDS[kind])}</FONT>" for kind, (colour, style) in KIND_STYLES.items())
    lines = (f'<TR><TD ALIGN="LEFT" BORDER="0">lines, faint: the steps between cells, '
             f"{key}; hover a cell for its rows in Table 2's words</TD></TR>"
             if steps else
             '<TR><TD ALIGN="LEFT" BORDER="0">hover a cell for its rows in Table 2\'s words'
             "</TD></TR>")
    return (f'<<TABLE BORDER="0" CELLSPACING="3"><TR><TD><FONT POINT-SIZE="16">{label_text(title)}'
            '</FONT></TD></TR><TR><TD><TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>'
            '<TD BORDER="0" ALIGN="LEFT">fill: the worse class of the two states</TD>'
            f'{fills}</TR></TABLE></TD></TR><TR><TD><TABLE BORDER="0" CELLSPACING="4" '
            f'CELLPADDING="3"><TR><TD BORDER="0" ALIGN="LEFT">outline:</TD>{outlines}</TR>'
            f"</TABLE></TD></TR>{lines}</TABLE>>")


def axes(pairs: list[ProjectedPair], order: list[str]) -> tuple[list[str], list[str]]:
    """The node 1 states (rows) and node 2 states (columns) that occur, in ``order``."""
    first = {p.node1 for p in pairs}
    second = {p.node2 for p in pairs}
    return [s for s in order if s in first], [s for s in order if s in second]


def pair_diagram(projection: Projection, spec: Spec, steps: bool = True) -> Diagram:
    """A configuration's product projected onto both nodes' states
    (``prg.model.projection``), drawn as a matrix: a row per node 1 state, a column per node 2
    state (both from the initial state on, in class order: stable, transient, failed,
    unknown, down), a cell per pair that occurs, with a tooltip in the document's words; where
    ``steps``, the steps between cells as faint lines coloured by kind. Cells are pinned, so
    ``neato`` only draws the lines."""
    pairs = projection.pairs
    merged = merged_edges(projection.edges)
    initial = spec.initial.state
    order = [initial] + [state.name for klass in SEVERITY for state in spec.states
                         if state.klass == klass and state.name != initial]
    rows, columns = axes(pairs, [*order, DOWN])
    dot = graphviz.Digraph("pair", graph_attr={
        "label": _legend("The pair projected onto (node 1 state, node 2 state): "
                         f"{_config_text(projection.config, projection.fault_budget)}", steps),
        "labelloc": "t", "fontname": FONT, "fontsize": "16", "outputorder": "edgesfirst",
        "splines": "false", "overlap": "true", "bgcolor": "white",
    }, node_attr={"fontname": FONT, "shape": "box", "style": "rounded,filled",
                  "fontsize": "11", "width": str(CELL[0] - 0.3), "height": str(CELL[1] - 0.35),
                  "margin": "0.04"},
        edge_attr={"arrowsize": "0.5", "penwidth": EDGE_WIDTH})

    def place(column: float, row: float) -> str:
        return f"{column * CELL[0]:.2f},{-row * CELL[1]:.2f}!"  # neato reads inches

    header = {"shape": "plaintext", "style": "", "fontsize": "12"}
    dot.node("corner", "node 1 \u2193   node 2 \u2192", pos=place(-1, -1), **header)
    for column, name in enumerate(columns):
        dot.node(f"c{column}", "\n".join(textwrap.wrap(name, 18)), pos=place(column, -1),
                 **header)
    for row, name in enumerate(rows):
        dot.node(f"r{row}", "\n".join(textwrap.wrap(name, 18)), pos=place(-1, row), **header)
    for number, projected in enumerate(pairs):
        fill, line = CLASS_COLOURS[projected.klass]
        attributes = {"fillcolor": fill, "color": line,
                      "tooltip": cell_tooltip(projected, spec),
                      "pos": place(columns.index(projected.node2), rows.index(projected.node1))}
        if projected.klass == "down":
            attributes["fontcolor"] = "white"
        if projected.undocumented:
            attributes.update(color=UNDOCUMENTED_COLOUR, penwidth="4")
        elif projected.rows:
            attributes.update(color=ROW_COLOUR, penwidth="3")
        else:
            attributes.update(color=EXTENSION_COLOUR, penwidth="2",
                              style="rounded,filled,dashed")
        if projected.first == 0:
            attributes.update(penwidth="5", fontsize="13")
        dot.node(f"p{number}", _cell_label(projected), **attributes)
    for (start, end), (kind, names) in merged.items() if steps else ():
        colour, style = KIND_STYLES[kind]
        # Thin whatever their kind: a bold line would stand out from the cells.
        dot.edge(f"p{start}", f"p{end}", color=colour + EDGE_ALPHA,
                 style="dashed" if style == "dashed" else "solid",
                 tooltip=", ".join(names))
    return Diagram("pair", dot.source, _mermaid(pairs, merged if steps else {}), PAIR_ENGINE)


def _mermaid(pairs: list[ProjectedPair],
             merged: dict[tuple[int, int], tuple[str, list[str]]]) -> str:
    lines = ["flowchart LR"]
    for klass, (fill, line) in CLASS_COLOURS.items():
        text = ",color:#ffffff" if klass == "down" else ""
        lines.append(f"    classDef {klass} fill:{fill},stroke:{line}{text}")
    lines.append(f"    classDef row stroke:{ROW_COLOUR},stroke-width:3px")
    lines.append(f"    classDef extension stroke:{EXTENSION_COLOUR},stroke-width:3px,"
                 "stroke-dasharray:5 3")
    lines.append(f"    classDef undocumented stroke:{UNDOCUMENTED_COLOUR},stroke-width:4px")
    marks = []
    for number, projected in enumerate(pairs):
        mark = ("undocumented" if projected.undocumented else "row" if projected.rows
                else "extension")
        lines.append(f'    p{number}["{mermaid_text(_label(projected))}"]:::{projected.klass}')
        marks.append(f"    class p{number} {mark}")
    styles = []
    for link, ((start, end), (kind, _)) in enumerate(merged.items()):
        lines.append(f"    p{start} --> p{end}")
        colour, style = KIND_STYLES[kind]
        dash = ",stroke-dasharray:4 3" if style == "dashed" else ""
        styles.append(f"    linkStyle {link} stroke:{colour}{dash}")
    return "\n".join(lines + marks + styles) + "\n"


def full_product_diagram(graph: Graph) -> Diagram:
    """Every joint state of ``graph`` and every step between two of them, laid out by
    ``sfdp``: one small dot per joint state coloured by its worse class, the initial state
    large; the steps coloured by kind."""
    shown = shown_by(graph)
    pair = graph.pair
    config = _config_text(graph.config, graph.pair.fault_budget)
    dot = graphviz.Digraph("product", graph_attr={
        "label": f"The full product: {len(graph.states):,} joint states, "
                 f"{graph.transitions:,} steps ({config})",
        "labelloc": "t", "fontname": FONT, "outputorder": "edgesfirst", "overlap": "prism",
        "splines": "false", "bgcolor": "white",
    }, node_attr={"shape": "point", "width": "0.06", "label": ""},
        edge_attr={"arrowhead": "none", "penwidth": "0.3"})
    for number, (n1, n2, _, _) in enumerate(graph.states):
        (s1, r1, c1, _), (s2, r2, c2, _) = shown(n1), shown(n2)
        fill, _ = CLASS_COLOURS[max(c1, c2, key=SEVERITY.index)]
        size = {"width": "0.3"} if number == 0 else {}
        dot.node(f"s{number}", color=fill, tooltip=f"{s1} / {r1} | {s2} / {r2}", **size)
    kinds = [KIND_STYLES[kind_group(pair.event_kind(label.event))][0] for label in graph.labels]
    for source, out in enumerate(graph.edges):
        for target, label in out:
            if target != source:
                dot.edge(f"s{source}", f"s{target}", color=kinds[label])
    mermaid = (f"%% The full product ({len(graph.states):,} joint states) is too large for "
               "Mermaid: draw it with --format svg or png, or the projected pair diagram.\n")
    return Diagram("product", dot.source, mermaid, engine="sfdp")
