"""The node machine as diagrams: the spec's node states coloured by class, one edge per (state,
next state, kind of event) labelled with the events of the rules that take it.

A rule that starts from every state, or from all but a few (a fault, the repair of a fact, a
restart), would tangle the drawing with an edge from each state: such rules are written once,
in a legend table beside the states, with the states they do not start from, where they lead
and what they set. A rule that leaves the node down goes to "(down)", where the node shows no
state.

The whole machine is dense; ``EVENT_VIEWS`` splits it in two diagrams that together draw every
rule once: the administrator's actions with the pair's own events (how the pair fails over and
falls back), and the faults with their repairs (what breaks a node and what mends it)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import graphviz  # type: ignore[import-untyped]
from prg.model.node import AUTOMATIC, FAULT, kind_group
from prg.model.spec import DOWN, EVENT_KINDS, STATE_CLASSES, Guard, Rule, Spec
from prg.model.words import value_words

from .render import (
    CLASS_COLOURS,
    FONT,
    KIND_STYLES,
    Diagram,
    label_text,
    mermaid_id,
    mermaid_text,
)

DOWN_NODE = "(down)"
#: The legend table's heading.
LEGEND_TITLE = ("Rules not drawn as edges: from (nearly) any state, and those that leave the "
                "state as it is")
#: Where a legend rule that changes no state leads: the state it started from.
SAME_STATE = "(same state)"
#: A rule that starts from all but this many states is a row of the legend table.
ANY_BUT = 2

#: The event kinds each node diagram draws, by the name ``prg diagram node --events`` takes.
EVENT_VIEWS: dict[str, frozenset[str]] = {
    "actions": frozenset({"admin"}) | AUTOMATIC,
    "faults": frozenset({FAULT, "repair"}),
    "all": frozenset(EVENT_KINDS),
}
#: What each node diagram draws, in words (its title says it).
VIEW_WORDS = {
    "actions": "administrator actions and the pair's own events",
    "faults": "faults and repairs",
    "all": "every event",
}
#: How each kind group is named in the legends, in the order they are listed.
KIND_WORDS = {
    "admin": "administrator action",
    "automatic": "the pair's own event (timer, completion, message, client)",
    "repair": "repair",
    "fault": "fault",
}
#: Edge labels' font size in points: at 100% a browser shows it as 15 pixels.
EDGE_FONT_SIZE = "11"
#: Characters per line of a state's name in its box, and of a legend table's cell.
STATE_WRAP = 24
LEGEND_WRAP = 34


def view_name(events: str) -> str:
    """The name of the node diagram that draws ``events`` (a key of ``EVENT_VIEWS``): ``node``
    for all of them, ``node-actions`` and ``node-faults`` for the two halves."""
    return "node" if events == "all" else f"node-{events}"


def goes_down(spec: Spec, rule: Rule) -> bool:
    """Whether the rule sets a fact to a value with which the node is down."""
    down_when = {fact.name: fact.down_when for fact in spec.facts}
    return any(value in down_when[name] for name, value in rule.facts)


Edges = dict[tuple[str, str, str], list[str]]


@dataclass(frozen=True)
class LegendRule:
    """A rule written in the legend table instead of drawn as edges: one that starts from
    (nearly) any state, or one that leaves the node in the state it starts from (a loop).
    ``starts``: where it starts, in words (``any state but Initializing``, ``Normal``);
    ``target``: a state, ``(down)`` or ``(same state)``; ``kind``: its event's kind group;
    ``when``: its guard in words ("" when it has none)."""

    event: str
    kind: str
    starts: str
    target: str
    sets: tuple[tuple[str, str], ...]
    when: str


def any_state_words(except_states: list[str], also_down: bool) -> str:
    """Where a rule from (nearly) any state starts: ``any state``, ``any state but
    Initializing``, ``any state, and (down)``."""
    text = "any state"
    if except_states:
        text += " but " + ", ".join(except_states)
    return text + (", and (down)" if also_down else "")


@dataclass(frozen=True)
class NodeParts:
    """What a node diagram draws: its edges (per (state, next state, kind group) the events,
    in spec order, without repeats; states are the spec's names and ``(down)``) and the rules
    written in its legend table, in spec order."""

    edges: Edges
    legend: tuple[LegendRule, ...]


def guard_words(spec: Spec, guard: Guard) -> str:
    """A rule's guard in words: ``critical down, database up``; a configuration option as it
    is set (``xcp_authentication_monitoring=true``); values a variable may take joined by
    ``or``."""
    ha_option = next((o.key for o in spec.options if o.sets == "ha"), "high_availability")
    parts = []
    for name, allowed in guard.atoms:
        values = " or ".join(sorted(value_words(value) for value in allowed))
        if name.startswith("config."):
            parts.append(f"{name.removeprefix('config.')}={values}")
        elif name == "ha":
            parts.append(f"{ha_option}={values}")
        else:
            parts.append(f"{name} {values}")
    return ", ".join(parts)


def node_parts(spec: Spec, events: str = "all") -> NodeParts:
    """The edges and legend rows of the node diagram that draws ``events`` (a key of
    ``EVENT_VIEWS``): only the rules whose event is of those kinds. A rule from (nearly) any
    state is a row of the legend; so is a rule where it leaves the node in its state (a loop
    would cross the edges around its state); elsewhere it is an edge."""
    names = [state.name for state in spec.states]
    kinds = {event.name: event.kind for event in spec.events}
    drawn = EVENT_VIEWS[events]
    edges: Edges = {}
    legend: list[LegendRule] = []

    def write(rule: Rule, starts: str, target: str) -> None:
        row = LegendRule(rule.event, kind_group(kinds[rule.event]), starts, target,
                         rule.facts, guard_words(spec, rule.guard))
        if row not in legend:
            legend.append(row)

    for rule in spec.rules:
        if kinds[rule.event] not in drawn:
            continue
        up_sources = [name for name in names if name in rule.sources]
        down = goes_down(spec, rule)
        if up_sources and len(up_sources) >= len(names) - ANY_BUT:
            write(rule, any_state_words([name for name in names if name not in up_sources],
                                        DOWN in rule.sources),
                  DOWN_NODE if down else rule.target_state or SAME_STATE)
            continue
        ends = [(source, DOWN_NODE if down else rule.target_state or source)
                for source in up_sources]
        if DOWN in rule.sources:
            ends.insert(0, (DOWN_NODE, rule.target_state or DOWN_NODE))
        loops = [source for source, target in ends if source == target]
        if loops:
            write(rule, ", ".join(loops), SAME_STATE)
        for source, target in ends:
            if source != target:
                labels = edges.setdefault((source, target, kind_group(kinds[rule.event])), [])
                if rule.event not in labels:
                    labels.append(rule.event)
    return NodeParts(edges, tuple(legend))


def _wrapped(text: str, width: int = LEGEND_WRAP) -> str:
    """Text escaped for an HTML-like label, broken into lines of about ``width`` characters."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<BR/>".join(label_text(line) for line in lines) or "&#160;"


def _legend_table(rules: tuple[LegendRule, ...]) -> str:
    """The legend of the rules not drawn as edges, as a Graphviz HTML-like table: one row per
    rule, its event in its kind's colour (the title's key names the colours)."""
    cell = '<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{}</TD>'
    rows = [f'<TR><TD COLSPAN="4" BGCOLOR="#f1f3f5"><B>{label_text(LEGEND_TITLE)}</B></TD></TR>',
            "<TR>" + "".join(cell.format(f"<B>{head}</B>")
                             for head in ("event", "from", "when", "leads to, and sets"))
            + "</TR>"]
    for rule in rules:
        colour, _ = KIND_STYLES[rule.kind]
        to = rule.target
        if rule.sets:
            to += "; " + ", ".join(f"{name} {value}" for name, value in rule.sets)
        texts = [f'<FONT COLOR="{colour}"><B>{_wrapped(rule.event)}</B></FONT>',
                 _wrapped(rule.starts), _wrapped(rule.when or "always"), _wrapped(to)]
        rows.append("<TR>" + "".join(cell.format(text) for text in texts) + "</TR>")
    return ('<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" '
            'COLOR="#adb5bd">' + "".join(rows) + "</TABLE>>")


def _title(spec: Spec, events: str, kinds: list[str], classes: list[str]) -> str:
    """The diagram's title and its key to the edges' colours and the states' fills, as an
    HTML-like label."""
    keys = []
    for kind in kinds:
        colour, style = KIND_STYLES[kind]
        line = "- - -&gt;" if style == "dashed" else "&#8212;&#8212;&gt;"
        keys.append(f'<FONT COLOR="{colour}">{line} {label_text(KIND_WORDS[kind])}</FONT>')
    fills = "".join(f'<TD BGCOLOR="{CLASS_COLOURS[klass][0]}" COLOR="{CLASS_COLOURS[klass][1]}"'
                    f'><FONT COLOR="{"white" if klass == "down" else "black"}">{klass}</FONT>'
                    "</TD>" for klass in classes)
    return (f'<<TABLE BORDER="0" CELLSPACING="4"><TR><TD><FONT POINT-SIZE="16">'
            f"{label_text(spec.title)}: one node's machine, {label_text(VIEW_WORDS[events])}"
            f'</FONT></TD></TR><TR><TD><FONT POINT-SIZE="12">{"   ".join(keys)}</FONT></TD></TR>'
            f'<TR><TD><TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4"><TR><TD BORDER="0">'
            f'<FONT POINT-SIZE="12">states by class:</FONT></TD>{fills}</TR></TABLE></TD></TR>'
            "</TABLE>>")


def node_diagram(spec: Spec, events: str = "all") -> Diagram:
    """One node's machine, from the spec's rules whose events are of the kinds ``events``
    names (a key of ``EVENT_VIEWS``): the states those rules touch, filled by class, an edge
    per (state, next state, kind), and the rules from (nearly) any state in a legend table."""
    parts = node_parts(spec, events)
    edges = parts.edges
    touched = {end for source, target, _ in edges for end in (source, target)}
    touched |= {rule.target for rule in parts.legend if rule.target != SAME_STATE}
    touched.add(spec.initial.state)
    states = [state for state in spec.states if state.name in touched]
    kinds = [kind for kind in KIND_WORDS
             if any(k == kind for _, _, k in edges) or any(r.kind == kind for r in parts.legend)]
    classes = [klass for klass in (*STATE_CLASSES, "down")
               if any(state.klass == klass for state in states)
               or (klass == "down" and DOWN_NODE in touched)]
    dot = graphviz.Digraph(view_name(events).replace("-", "_"), graph_attr={
        "label": _title(spec, events, kinds, classes), "labelloc": "t", "bgcolor": "white",
        "fontname": FONT, "rankdir": "TB", "nodesep": "0.3", "ranksep": "0.45",
        "splines": "true",
    }, node_attr={"fontname": FONT, "shape": "box", "style": "rounded,filled", "fontsize": "13"},
        edge_attr={"fontname": FONT, "fontsize": EDGE_FONT_SIZE, "color": "#495057"})
    ids = {state.name: mermaid_id(state.name) for state in spec.states}
    ids[DOWN_NODE] = "down"
    dot.node("start", "", shape="circle", style="filled", fillcolor="black", width="0.2")
    for state in states:
        fill, line = CLASS_COLOURS[state.klass]
        dot.node(ids[state.name], "\n".join(textwrap.wrap(state.name, STATE_WRAP)),
                 fillcolor=fill, color=line, tooltip=f"{state.name} ({state.klass}): "
                 f"{state.description}")
    if DOWN_NODE in touched:
        fill, line = CLASS_COLOURS["down"]
        dot.node(ids[DOWN_NODE], "(down)\nshows no state", fillcolor=fill, color=line,
                 fontcolor="white")
    if parts.legend:
        with dot.subgraph(name="legend") as legend:
            legend.attr(rank="sink")
            legend.node("legend", _legend_table(parts.legend), shape="plaintext",
                        style="", fontsize="11")
    dot.edge("start", ids[spec.initial.state])
    for number, ((source, target, kind), labels) in enumerate(edges.items()):
        colour, style = KIND_STYLES[kind]
        dot.edge(ids[source], ids[target], label="\n".join(labels), color=colour,
                 fontcolor=colour, style=style, id=f"e{number}")
    return Diagram(view_name(events), dot.source, _mermaid(spec, parts, ids, touched),
                   link_labels=True)


def _mermaid(spec: Spec, parts: NodeParts, ids: dict[str, str], touched: set[str]) -> str:
    lines = ["stateDiagram-v2", "    direction LR"]
    for klass in (*STATE_CLASSES, "down"):
        fill, line = CLASS_COLOURS[klass]
        text = ",color:#ffffff" if klass == "down" else ""
        lines.append(f"    classDef {klass} fill:{fill},stroke:{line}{text}")
    shown = [state for state in spec.states if state.name in touched]
    for state in shown:
        lines.append(f'    state "{mermaid_text(state.name)}" as {ids[state.name]}')
    if DOWN_NODE in touched:
        lines.append(f'    state "(down)" as {ids[DOWN_NODE]}')
    lines.append(f"    [*] --> {ids[spec.initial.state]}")
    for (source, target, _), labels in parts.edges.items():
        text = mermaid_text(", ".join(labels)).replace(":", "#58;")
        lines.append(f"    {ids[source]} --> {ids[target]} : {text}")
    if parts.legend:
        # Mermaid has no tables: the legend is a note beside the initial state.
        lines.append(f"    note right of {ids[spec.initial.state]}")
        lines.append(f"        {LEGEND_TITLE}:")
        for rule in parts.legend:
            when = f" when {rule.when}" if rule.when else ""
            lines.append(f"        {mermaid_text(rule.event)} ({rule.kind}): "
                         f"{mermaid_text(rule.starts)}{mermaid_text(when)} "
                         f"to {mermaid_text(rule.target)}")
        lines.append("    end note")
    for state in shown:
        lines.append(f"    class {ids[state.name]} {state.klass}")
    if DOWN_NODE in touched:
        lines.append(f"    class {ids[DOWN_NODE]} down")
    return "\n".join(lines) + "\n"
