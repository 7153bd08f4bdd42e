"""A trace (a witness or a counterexample, in the report's TRACE form) as a timeline: one row
per step, top to bottom, in three lanes: node 1, node 2 and the users. A node's box is filled by
its state's class and drawn bold where the step changed it; the event is written left of its
row and on the lane of the node that acted."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import nullcontext

import graphviz  # type: ignore[import-untyped]
from prg.model.spec import Spec
from prg.model.traces import HomeUsers, Shown, TraceStep
from prg.model.words import breaks_here, step_words, users_words

from .render import CLASS_COLOURS, FONT, Diagram, mermaid_text

#: Characters per line of a timeline's title: about the width of its four columns.
TITLE_WIDTH = 100
#: The step where a property breaks is framed in this colour, with ``words.breaks_here``.
BREAK_COLOUR = "#c92a2a"
#: Mermaid's highlight behind that step: the failed class's fill, see-through.
BREAK_FILL = "rgba(255, 201, 201, 0.5)"


def state_classes(spec: Spec) -> dict[str, str]:
    """Each node state's class, by name: what the timeline colours by."""
    return {state.name: state.klass for state in spec.states}


def side_text(side: Shown) -> str:
    """One node of a step: state and reason, or down, and the facts that are not healthy."""
    text = "(down)" if side.state is None else f"{side.state}\n{side.reason}"
    if side.facts:
        text += "\n" + ", ".join(f"{name} {value}" for name, value in side.facts)
    return text


def users_text(users: tuple[HomeUsers, HomeUsers]) -> str:
    """Where the users of each node are, one line per home node."""
    return "\n".join(users_words(home, counts.where()) for home, counts in enumerate(users, 1))


def step_text(step: TraceStep) -> str:
    """What happened in a step, in words."""
    return step_words(step.event, step.node)


def _class_of(side: Shown, classes: Mapping[str, str]) -> str:
    return "down" if side.state is None else classes.get(side.state, "unknown")


def trace_diagram(trace: Sequence[TraceStep], classes: Mapping[str, str],
                  title: str, breaks_at: int | None = None,
                  property_name: str = "the property") -> Diagram:
    """The timeline of ``trace``; ``classes`` maps each state name to its class. ``breaks_at``
    (an index into ``trace``) is the step where ``property_name`` breaks: its row is framed in
    red and says so; None marks no step."""
    if breaks_at is not None and not 0 <= breaks_at < len(trace):
        raise ValueError(f"breaks_at {breaks_at}: the trace has steps 0 to {len(trace) - 1}")
    dot = graphviz.Digraph("trace", graph_attr={
        "label": "\n".join(textwrap.wrap(title, TITLE_WIDTH)), "labelloc": "t",
        "bgcolor": "white", "fontname": FONT, "fontsize": "16",
        "rankdir": "TB", "nodesep": "0.25", "ranksep": "0.25", "newrank": "true",
    }, node_attr={"fontname": FONT, "fontsize": "11", "shape": "box",
                  "style": "rounded,filled", "width": "2.6"},
        edge_attr={"arrowsize": "0.6", "color": "#868e96"})
    headers = ("step", "node 1", "node 2", "users")
    with dot.subgraph() as row:
        row.attr(rank="same")
        for lane, header in enumerate(headers):
            row.node(f"h{lane}", header, shape="plaintext", style="", fontsize="14",
                     width="0.5" if lane == 0 else "2.6")
        for lane in range(len(headers) - 1):
            row.edge(f"h{lane}", f"h{lane + 1}", style="invis")
    previous: TraceStep | None = None
    for number, entry in enumerate(trace):
        breaks = number == breaks_at
        # The step where the property breaks is a cluster: Graphviz frames it.
        with (dot.subgraph(name="cluster_breaks") if breaks else nullcontext(dot)) as frame, \
                frame.subgraph() as row:
            if breaks:
                frame.attr(label=breaks_here(property_name), color=BREAK_COLOUR, fontcolor=BREAK_COLOUR,
                           penwidth="3", style="rounded", labeljust="l", fontsize="14",
                           fontname=f"{FONT} Bold")
            row.attr(rank="same")
            row.node(f"e{number}", f"{number}. {step_text(entry)}", shape="plaintext",
                     style="", width="0.5",
                     fontcolor=BREAK_COLOUR if breaks else "#1864ab" if number else "#212529")
            for lane in (1, 2):
                side = entry.side(lane)
                fill, line = CLASS_COLOURS[_class_of(side, classes)]
                changed = previous is None or previous.side(lane) != side
                acted = entry.node in (None, lane) and entry.event is not None
                row.node(f"n{lane}_{number}", side_text(side), fillcolor=fill, color=line,
                         penwidth="2.5" if changed else "1",
                         fontcolor="white" if side.state is None else "black",
                         peripheries="2" if acted else "1")
            changed_users = previous is None or previous.users != entry.users
            row.node(f"u{number}", users_text(entry.users), fillcolor="white",
                     color="#212529" if changed_users else "#ced4da",
                     penwidth="2" if changed_users else "1")
            cells = [f"e{number}", f"n1_{number}", f"n2_{number}", f"u{number}"]
            for left, right in itertools.pairwise(cells):
                row.edge(left, right, style="invis")
        above = "h" if number == 0 else None
        for lane, cell in enumerate(("e", "n1_", "n2_", "u")):
            source = f"h{lane}" if above else f"{cell}{number - 1}"
            dot.edge(source, f"{cell}{number}", style="invis" if lane == 0 or above else "")
        previous = entry
    return Diagram("trace", dot.source, _mermaid(trace, title, breaks_at, property_name))


def _mermaid(trace: Sequence[TraceStep], title: str, breaks_at: int | None,
             property_name: str) -> str:
    lines = ["sequenceDiagram", f"    title {mermaid_text(title)}",
             "    participant N1 as node 1", "    participant N2 as node 2",
             "    participant U as users"]
    previous: TraceStep | None = None
    for number, entry in enumerate(trace):
        if number == breaks_at:
            lines.append(f"    rect {BREAK_FILL}")
        if entry.event is not None:
            actor = "N1" if entry.node in (None, 1) else "N2"
            other = "N2" if entry.node is None else actor
            lines.append(f"    {actor}->>{other}: {mermaid_text(step_text(entry))}")
        for lane, name in ((1, "N1"), (2, "N2")):
            if previous is None or previous.side(lane) != entry.side(lane):
                text = side_text(entry.side(lane)).replace("\n", " / ", 1)
                lines.append(f"    Note over {name}: {mermaid_text(text)}")
        if previous is None or previous.users != entry.users:
            lines.append(f"    Note over U: {mermaid_text(users_text(entry.users))}")
        if number == breaks_at:
            lines.append(f"    Note over N1,U: {mermaid_text(breaks_here(property_name))}")
            lines.append("    end")
        previous = entry
    return "\n".join(lines) + "\n"
