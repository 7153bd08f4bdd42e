"""The product of one configuration projected onto (node 1 state, node 2 state): each pair of
states that occurs, with the Table 2 rows it shows, the pairs the document does not list, and
the steps between pairs by kind. What the pair diagram draws, worked out where the graph is."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .explore import Graph
from .node import kind_group
from .spec import Extension, Row
from .table import documentation

#: The worse of two classes is the one later here.
SEVERITY = ("stable", "transient", "unknown", "down", "failed")
#: What a projected pair shows for a node that is down.
DOWN = "(down)"


@dataclass
class ProjectedPair:
    """One (node 1 state, node 2 state) and what the pair shows there."""

    node1: str
    node2: str
    klass: str
    first: int
    rows: set[int] = field(default_factory=set)
    extensions: set[str] = field(default_factory=set)
    undocumented: set[str] = field(default_factory=set)
    joint_states: int = 0


Shown = tuple[str, str, str, tuple[str, ...]]


def shown_by(graph: Graph) -> Callable[[int], Shown]:
    """A node's visible state, reason (both "" when down), class, and all that Table 2 can
    tell of it (state and reason, or the facts that keep it down), memoised."""
    pair = graph.pair
    known: dict[int, Shown] = {}

    def shown(node: int) -> Shown:
        if node not in known:
            view = pair.view(node)
            if view.up and view.state is not None:
                reason = view.reason or ""
                known[node] = (view.state, reason, pair.spec.state(view.state).klass,
                               (view.state, reason))
            else:
                known[node] = (DOWN, "", "down", tuple(view.facts.values()))
        return known[node]

    return shown


@dataclass
class Projection:
    """The projected pairs in breadth-first order of their first joint state, the edges
    between them (per (from, to, kind group) the events, in order of first use), and the
    configuration and fault budget projected."""

    pairs: list[ProjectedPair]
    edges: dict[tuple[int, int, str], list[str]]
    config: tuple[tuple[str, object], ...]
    fault_budget: int


def projection(graph: Graph) -> Projection:
    """The projection of ``graph`` onto both nodes' states."""
    shown = shown_by(graph)
    pair = graph.pair
    pairs: list[ProjectedPair] = []
    index: dict[tuple[str, str], int] = {}
    of_nodes: dict[tuple[int, int], int] = {}
    described_as: dict[tuple[tuple[str, ...], tuple[str, ...]], Row | Extension | None] = {}
    nodes = [(joint[0], joint[1]) for joint in graph.states]
    first_state: dict[tuple[int, int], int] = {}
    for number, key in enumerate(nodes):
        if key not in first_state:
            first_state[key] = number
    for (n1, n2), number in first_state.items():  # in breadth-first order of first states
        (s1, r1, c1, seen1), (s2, r2, c2, seen2) = shown(n1), shown(n2)
        found = index.get((s1, s2))
        if found is None:
            found = index[(s1, s2)] = len(pairs)
            pairs.append(ProjectedPair(s1, s2, max(c1, c2, key=SEVERITY.index), number))
        shown_as = (seen1, seen2)
        if shown_as not in described_as:
            described_as[shown_as] = documentation(pair, n1, n2)
        described = described_as[shown_as]
        seen = f"{s1} / {r1}  |  {s2} / {r2}".replace(" / |", " |").strip(" /")
        if isinstance(described, Row):
            pairs[found].rows.add(described.id)
        elif described is not None:
            pairs[found].extensions.add(seen)
        else:
            pairs[found].undocumented.add(seen)
        of_nodes[(n1, n2)] = found
    position = [of_nodes[key] for key in nodes]
    for found, count in Counter(position).items():
        pairs[found].joint_states = count
    # Steps between joint states are many (five per state); their projections are few.
    steps = {(position[source], position[target], label)
             for source, out in enumerate(graph.edges) for target, label in out}
    edges: dict[tuple[int, int, str], list[str]] = {}
    for start, end, label in sorted(steps):
        if start == end:
            continue
        event = graph.labels[label].event
        events = edges.setdefault((start, end, kind_group(pair.event_kind(event))), [])
        if event not in events:
            events.append(event)
    return Projection(pairs, edges, graph.config, graph.pair.fault_budget)
