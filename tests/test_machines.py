"""The python-statemachine chart of one node agrees with the product automaton, edge by edge."""

from __future__ import annotations

import random

import pytest
from prg.model.explore import Graph, explore
from prg.model.load import load_spec_text
from prg.model.machines import NodeChart, chart_ids, identifier
from prg.model.product import Label, Pair, default_config
from prg.model.spec import Spec

from .helpers import SPEC_TEXT

Edge = tuple[int, Label, int]

SAMPLES = 300


@pytest.fixture(scope="module")
def chart(spec: Spec) -> NodeChart:
    return NodeChart(spec)


@pytest.fixture(scope="module")
def graph(spec: Spec) -> Graph:
    """The default configuration without faults: a few thousand joint states."""
    return explore(Pair(spec, default_config(spec), fault_budget=0))


def test_identifier() -> None:
    assert identifier("Running in Backup Mode") == "running_in_backup_mode"
    assert identifier("client re-login") == "client_re_login"


def test_names_get_identifiers_of_their_own() -> None:
    """States and events share the chart's attributes: names that read alike, or that name
    something the chart has, still get an identifier each."""
    ids = chart_ids(["Taking Over", "taking-over", "send", "events", "model", "class", "1st",
                     "?", "name"])
    assert ids == {"Taking Over": "taking_over", "taking-over": "taking_over_2",
                   "send": "send_", "events": "events_", "model": "model_", "class": "class_",
                   "1st": "n1st", "?": "unnamed", "name": "name_"}


def test_a_chart_is_built_for_a_spec_whose_names_clash_with_the_chart(spec: Spec) -> None:
    """A state no rule reaches, an event named as a chart method, a state and an event with
    one identifier: the chart is still built (states_reachable names the first)."""
    text = SPEC_TEXT.replace("  - name: client re-login\n", "  - name: send\n", 1).replace(
        "on: client re-login", "on: send").replace(
        "  - name: Idle\n", "  - name: Failover\n    class: stable\n"
        "    description: never entered\n    source: a test\n  - name: Idle\n", 1)
    odd = load_spec_text(text, "odd.yaml")
    chart = NodeChart(odd)
    assert chart.event_ids["send"] == "send_"
    assert chart.state_ids["Failover"] == "failover"
    assert chart.event_ids["failover"] == "failover_2"
    node = chart.node(Pair(odd, default_config(odd)).local(0), 0, {})
    assert node.local[0] == odd.initial.state


def test_chart_has_every_state_and_event(spec: Spec, chart: NodeChart) -> None:
    states = {state.id: state.name for state in chart.machine_class.states}
    assert states == {identifier(s.name): s.name for s in spec.states}
    events = {rule.event for rule in spec.rules}
    assert chart.event_ids == {event: identifier(event) for event in events}
    assert {event.id for event in chart.machine_class.events} == set(chart.event_ids.values())


def test_down_node_keeps_its_state(spec: Spec, chart: NodeChart) -> None:
    """A node that is down stays in the state it persisted and leaves it on a ``down`` rule."""
    pair = Pair(spec, default_config(spec))
    normal = pair.local(pair.initial[0])
    node = chart.node(normal, 0, pair.config)
    node.apply("power-lost", normal, True)
    assert node.local[:2] == ("Normal", "none")
    assert node.machine.configuration_values == {"Normal"}
    assert node.enabled("power up", normal, True) == ["power-up"]
    assert node.apply("power-up", normal, True)[:3] == ("Initializing", "Initialization", "Normal")


def test_machines_agree_with_the_product(chart: NodeChart, graph: Graph) -> None:
    edges = [
        (source, graph.labels[label], target)
        for source, out in enumerate(graph.edges)
        for target, label in out
    ]
    agree(chart, graph, random.Random(7).sample(edges, SAMPLES) + one_per_label(graph))


def test_machines_agree_on_every_step_with_one_fault(
    chart: NodeChart, default_graph: Graph
) -> None:
    """Faults, nodes that are down and pair events: one edge of each label."""
    edges = one_per_label(default_graph)
    assert any(label.node is None for _, label, _ in edges)
    agree(chart, default_graph, edges)


def one_per_label(graph: Graph) -> list[Edge]:
    """The first edge of each label (an event and the rules the product took)."""
    first: dict[int, Edge] = {}
    for source, out in enumerate(graph.edges):
        for target, label in out:
            first.setdefault(label, (source, graph.labels[label], target))
    return list(first.values())


def agree(chart: NodeChart, graph: Graph, edges: list[Edge]) -> None:
    """On each edge, the acting node (both nodes for a pair event; also the peer when it
    replies to a message) agrees with a machine put in its local state."""
    pair = graph.pair
    # A chart instance registers every callback when it is built (a few ms): build one per
    # node and put it in each edge's local state.
    nodes = [chart.node(pair.local(pair.initial[i]), i, pair.config) for i in (0, 1)]

    def check(index: int, event: str, rule: str, me: int, peer: int, ha: bool, after: int) -> None:
        node = nodes[index]
        node.local = pair.local(me)
        assert node.machine.configuration_values == {node.local[0]}
        enabled = node.enabled(event, pair.local(peer), ha)
        assert rule in enabled, (event, node.local, pair.local(peer), ha)
        assert enabled == [r.id for r in pair.enabled_rules(event, me, peer, ha, index)]
        assert node.apply(rule, pair.local(peer), ha) == pair.local(after), rule
        assert node.machine.configuration_values == {pair.local(after)[0]}

    for source, label, target in edges:
        n1, n2, ha, _ = graph.states[source]
        m1, m2, new_ha, _ = graph.states[target]
        before, after = (n1, n2), (m1, m2)
        if label.node is None:  # a pair event: both nodes read the state before the step
            for i in (0, 1):
                check(i, label.event, label.rules[i], before[i], before[1 - i], ha, after[i])
            continue
        i = label.node - 1
        check(i, label.event, label.rules[0], before[i], before[1 - i], ha, after[i])
        if len(label.rules) == 2:  # the peer handled the message the rule sent
            message = chart.rules[label.rules[0]].send
            assert message is not None
            check(1 - i, message, label.rules[1], before[1 - i], after[i], new_ha, after[1 - i])


def test_machines_enable_what_the_product_enables(chart: NodeChart, default_graph: Graph) -> None:
    """In sampled joint states (nodes down included), every event enables the same rules."""
    pair = default_graph.pair
    nodes = [chart.node(pair.local(pair.initial[i]), i, pair.config) for i in (0, 1)]
    for n1, n2, ha, _ in random.Random(7).sample(default_graph.states, 30):
        for i, (me, peer) in enumerate(((n1, n2), (n2, n1))):
            nodes[i].local = pair.local(me)
            for event in chart.event_ids:
                expected = [r.id for r in pair.enabled_rules(event, me, peer, ha, i)]
                assert nodes[i].enabled(event, pair.local(peer), ha) == expected, event
