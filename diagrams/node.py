"""The node machine as a diagram: the spec's node states grouped and coloured by class, one
edge per (state, next state) labelled with the events of the rules that take it.

A rule that starts from nearly every state (a fault, a repair of a fact) is drawn once, from a
pseudo-state "(any state)", with the states it does not start from named; a rule that leaves
the node down goes to "(down)", where the node shows no state."""

from __future__ import annotations

import graphviz  # type: ignore[import-untyped]
from prg.model.node import kind_group
from prg.model.spec import DOWN, STATE_CLASSES, Rule, Spec

from .render import CLASS_COLOURS, FONT, KIND_STYLES, Diagram, mermaid_id, mermaid_text

ANY_STATE = "(any state)"
DOWN_NODE = "(down)"
#: A rule that starts from all but this many states is drawn from "(any state)".
ANY_BUT = 2
LEGEND = ("edges: blue = admin action, green = repair, red dashed = fault, "
          "grey = the pair's own events (timers, completions, messages)")


def goes_down(spec: Spec, rule: Rule) -> bool:
    """Whether the rule sets a fact to a value with which the node is down."""
    down_when = {fact.name: fact.down_when for fact in spec.facts}
    return any(value in down_when[name] for name, value in rule.facts)


Edges = dict[tuple[str, str, str], list[str]]


def node_edges(spec: Spec) -> Edges:
    """Per (state, next state, kind group), the events that take it, in spec order, without
    repeats. States are the spec's names, ``(any state)`` and ``(down)``."""
    names = [state.name for state in spec.states]
    kinds = {event.name: kind_group(event.kind) for event in spec.events}
    edges: Edges = {}
    rule: Rule

    def add(source: str, target: str, label: str) -> None:
        labels = edges.setdefault((source, target, kinds[rule.event]), [])
        if label not in labels:
            labels.append(label)

    for rule in spec.rules:
        up_sources = [name for name in names if name in rule.sources]
        if DOWN in rule.sources:
            add(DOWN_NODE, rule.target_state or DOWN_NODE, rule.event)
        if not up_sources:
            continue
        down = goes_down(spec, rule)
        if len(up_sources) >= len(names) - ANY_BUT:
            missing = [name for name in names if name not in up_sources]
            label = rule.event + (f" (not in {', '.join(missing)})" if missing else "")
            target = DOWN_NODE if down else rule.target_state or ANY_STATE
            add(ANY_STATE, target, label)
            continue
        for source in up_sources:
            add(source, DOWN_NODE if down else rule.target_state or source, rule.event)
    return edges


def node_diagram(spec: Spec) -> Diagram:
    """One node's machine, from the spec's rules."""
    edges = node_edges(spec)
    dot = graphviz.Digraph("node", graph_attr={
        "label": f"{spec.title}: one node's machine\n{LEGEND}", "labelloc": "t",
        "bgcolor": "white", "fontname": FONT, "rankdir": "LR", "nodesep": "0.3", "ranksep": "0.6",
        "fontsize": "16",
    }, node_attr={"fontname": FONT, "shape": "box", "style": "rounded,filled", "fontsize": "12"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": "#495057"})
    ids = {state.name: mermaid_id(state.name) for state in spec.states}
    ids[ANY_STATE], ids[DOWN_NODE] = "any_state", "down"
    dot.node("start", "", shape="circle", style="filled", fillcolor="black", width="0.2")
    for klass in STATE_CLASSES:
        members = [state for state in spec.states if state.klass == klass]
        if not members:
            continue
        fill, line = CLASS_COLOURS[klass]
        with dot.subgraph(name=f"cluster_{klass}") as cluster:
            cluster.attr(label=klass, style="rounded,dashed", color=line, fontcolor=line)
            for state in members:
                cluster.node(ids[state.name], state.name, fillcolor=fill, color=line,
                             tooltip=state.description)
    fill, line = CLASS_COLOURS["down"]
    dot.node(ids[DOWN_NODE], "(down)\nshows no state", fillcolor=fill, color=line,
             fontcolor="white")
    dot.node(ids[ANY_STATE], "(any state)", style="rounded,dashed", fillcolor="white")
    dot.edge("start", ids[spec.initial.state])
    for (source, target, kind), labels in edges.items():
        colour, style = KIND_STYLES[kind]
        dot.edge(ids[source], ids[target], label="\n".join(labels), color=colour,
                 fontcolor=colour, style=style)
    return Diagram("node", dot.source, _mermaid(spec, edges, ids))


def _mermaid(spec: Spec, edges: Edges, ids: dict[str, str]) -> str:
    lines = ["stateDiagram-v2", "    direction LR"]
    for klass in (*STATE_CLASSES, "down"):
        fill, line = CLASS_COLOURS[klass]
        text = ",color:#ffffff" if klass == "down" else ""
        lines.append(f"    classDef {klass} fill:{fill},stroke:{line}{text}")
    for state in spec.states:
        lines.append(f'    state "{mermaid_text(state.name)}" as {ids[state.name]}')
    lines.append(f'    state "(down)" as {ids[DOWN_NODE]}')
    lines.append(f'    state "(any state)" as {ids[ANY_STATE]}')
    lines.append(f"    [*] --> {ids[spec.initial.state]}")
    for (source, target, _), labels in edges.items():
        text = mermaid_text(", ".join(labels)).replace(":", "#58;")
        lines.append(f"    {ids[source]} --> {ids[target]} : {text}")
    for state in spec.states:
        lines.append(f"    class {ids[state.name]} {state.klass}")
    lines.append(f"    class {ids[DOWN_NODE]} down")
    return "\n".join(lines) + "\n"
