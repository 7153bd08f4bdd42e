"""Each property holds on the bundled spec, and a deliberately broken spec makes it fail with a
readable counterexample."""

from __future__ import annotations

import pytest
from prg.model.errors import StateLimit
from prg.model.explore import Graph, explore
from prg.model.load import load_spec_text
from prg.model.product import Pair, configurations, default_config, users_of
from prg.model.spec import Spec
from prg.model.traces import trace_of
from prg.model.words import config_words
from prg.verify.checks import properties as p
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES
from prg.verify.formats.trace import trace_text

from .helpers import broken, graphs_of, own_violation, without_rule


def default_graph_of(spec: Spec, fault_budget: int = 1) -> Graph:
    return explore(Pair(spec, default_config(spec), fault_budget))


def covering_graphs(spec: Spec) -> list[Graph]:
    """High availability off (it can be enabled) and automatic fallback on reach everything
    the other configurations reach; both assignment modes with rules of their own."""
    return graphs_of(spec, 1, lambda c: dict(c) == {
        **dict(c), "high_availability": False, "automatic_fallback": True,
    } and dict(c)["user_assignment_mode"] in ("Balanced", "Active-Standby"))


def summaries_of(spec: Spec, fault_budget: int, choose=lambda config: True) -> list[p.Summary]:
    return [p.summarize(g) for g in graphs_of(spec, fault_budget, choose)]


def shown(violation: p.Violation) -> str:
    assert violation.graph is not None and violation.path is not None
    return trace_text(trace_of(violation.graph, violation.path))


@pytest.mark.parametrize("check", [
    p.documented_pairs, p.no_user_lost, p.no_split_brain, p.no_users_added_during_failover,
    p.recoverable, p.recommended_actions_recover, p.no_deadlock, p.transient_states_left,
])
def test_universal_properties_hold_on_the_bundled_spec(default_graph: Graph, check) -> None:
    """Each holds, or fails only as a finding of the spec says (the partition's)."""
    prop = next(q for q in PROPERTIES if q.check is check)
    judged = judge(prop, default_graph)
    assert judged.violation is None or judged.findings, judged.violation


@pytest.mark.slow
def test_existential_properties_hold_on_the_bundled_spec(spec: Spec) -> None:
    summaries = [p.summarize(g) for g in covering_graphs(spec)]
    assert p.states_reachable(spec, summaries) is None
    assert p.rows_reachable(spec, summaries) is None
    assert p.no_dead_rules(spec, summaries) is None


def test_an_unreachable_state_is_named() -> None:
    # Without the manual failover completing in Idle (or resuming as Idle), nothing ever
    # shows Idle.
    spec = broken(("    when: {reason: On Admin Request}\n    to: Idle\n",
                   "    when: {reason: On Admin Request}\n    to: Failed Over\n"),
                  ("    resumes_as: {On Admin Request: Idle}\n", ""))
    violation = p.states_reachable(spec, summaries_of(spec, 0))
    assert violation is not None
    assert "Idle" in violation.message


@pytest.mark.slow
def test_an_unreachable_row_is_named() -> None:
    row_22 = "  - id: 22\n    node1: {state: Backup Activated, reason: "
    spec = broken((row_22 + "Auto Recover Database Failure}", row_22 + "Peer Down}"))
    violation = p.rows_reachable(spec, summaries_of(spec, 1, lambda c: dict(c)["high_availability"]
                                                    and not dict(c)["automatic_fallback"]))
    assert violation is not None
    assert "22" in violation.message.split(": ")[-1].split(", ")


def test_an_undocumented_pair_is_shown_with_its_trace() -> None:
    # The backup returns straight to Normal while the failed node still takes back.
    spec = broken(("    from: Running in Backup Mode\n    to: Falling Back\n",
                   "    from: Running in Backup Mode\n    to: Normal\n"))
    violation = p.documented_pairs(default_graph_of(spec, 0))
    assert violation is not None
    assert "Taking Back / On Admin Request" in violation.message
    assert "fallback on node" in shown(violation)


def test_users_left_on_a_node_that_stops_serving_are_lost() -> None:
    spec = broken(("    send: failover request\n    users: [self.at_home -> self.out]\n",
                   "    send: failover request\n"))
    violation = p.no_user_lost(default_graph_of(spec, 0))
    assert violation is not None
    assert "does not serve them" in violation.message
    assert "failover on node" in shown(violation)


def test_users_moved_to_the_wrong_node_break_conservation() -> None:
    spec = broken(("    send: failover request\n    users: [self.at_home -> self.out]\n",
                   "    send: failover request\n    users: [self.at_home -> peer.out]\n"))
    violation = p.no_user_lost(default_graph_of(spec, 0))
    assert violation is not None
    assert "lost" in violation.message or "duplicated" in violation.message


def test_a_failing_over_node_that_keeps_serving_is_split_brain() -> None:
    spec = broken(("  - name: Failing Over\n    class: transient\n",
                   "  - name: Failing Over\n    class: transient\n    serves: [own]\n"))
    violation = p.no_split_brain(default_graph_of(spec, 0))
    assert violation is not None
    assert "Failing Over" in violation.message and "Taking Over" in violation.message


def test_adding_users_during_failover_is_caught() -> None:
    spec = broken((
        ("  - id: add-user\n    on: add users\n    from: Normal\n"
        "    when: {peer.state: Normal, healthy: true,"),
        ("  - id: add-user\n    on: add users\n    from: [Normal, Running in Backup Mode]\n"
        "    when: {healthy: true,"),
    ))
    violation = p.no_users_added_during_failover(default_graph_of(spec, 0))
    assert violation is not None
    assert "Running in Backup Mode" in violation.message
    assert violation.path is not None and violation.path[-1][0] is not None
    assert violation.path[-1][0].event == "add users"


def test_a_failed_over_node_without_fallback_is_not_recoverable() -> None:
    spec = broken(without_rule("manual-fallback"))
    violation = p.recoverable(default_graph_of(spec, 0))
    assert violation is not None
    # The first state with no way back: the manual failover under way, bound for Idle.
    assert "Failing Over / On Admin Request" in violation.message


def test_recommended_actions_that_skip_the_reboot_do_not_recover() -> None:
    spec = broken((
        "    actions:\n      - do: reboot\n        node: 1\n        text: Reboot node 1.\n",
        "    actions:\n",
    ))
    violation = own_violation("recommended_actions_recover", default_graph_of(spec))
    assert violation is not None
    assert violation.message.startswith("row 13: action 1")
    assert "database failure on node" in shown(violation)


@pytest.mark.slow
def test_a_pair_stuck_in_failed_mode_is_a_deadlock() -> None:
    spec = broken(
        without_rule("recovery"),
        without_rule("recovery-without-database"),
        ("  - id: restart-srm\n    on: restart SRM\n    from: {not: [down, Initializing]}",
         ("  - id: restart-srm\n    on: restart SRM\n"
         "    from: {not: [down, Initializing, Running in Failed Mode]}")),
        ("  - id: reboot\n    on: reboot\n    from: any",
         "  - id: reboot\n    on: reboot\n    from: {not: [Running in Failed Mode]}"),
    )
    violation = p.no_deadlock(default_graph_of(spec))
    assert violation is not None
    assert "Running in Failed Mode" in violation.message


def test_a_takeover_that_never_completes_stays_transient() -> None:
    spec = broken(without_rule("takeover-complete"))
    violation = p.transient_states_left(default_graph_of(spec, 0))
    assert violation is not None
    assert "Failing Over" in violation.message or "Taking Over" in violation.message


@pytest.mark.slow
def test_a_rule_that_never_fires_is_named() -> None:
    spec = broken(("  # The clients\n", """  - id: idle-takes-over
    on: takeover complete
    from: Idle
    when: {ha: false}
    to: Running in Backup Mode
    source: nowhere
  # The clients
"""))
    violation = p.no_dead_rules(spec, summaries_of(spec, 0))
    assert violation is not None
    assert "idle-takes-over" in violation.message


def test_witness_of_a_row_is_a_shortest_trace(default_graph: Graph, spec: Spec) -> None:
    row_3 = spec.rows[2]
    found = p.row_witness([default_graph], row_3)
    assert found is not None
    events = [label.event for label, _ in found[1][1:]]
    assert events == ["failover", "takeover complete"]


def test_a_summary_holds_the_same_witnesses_as_row_witness(default_graph: Graph,
                                                            spec: Spec) -> None:
    summary = p.summarize(default_graph)
    for row in spec.rows:
        found = p.row_witness([default_graph], row)
        expected = trace_of(default_graph, found[1]) if found else None
        assert summary.witnesses[row.id] == expected, row.id


def test_users_duplicated_by_a_move_are_found_and_the_search_ends() -> None:
    spec = broken(("    users: [self.out -> self.at_home x1]\n",
                   '    users: ["self.out -> self.at_home, self.out x1"]\n'))
    violation = p.no_user_lost(default_graph_of(spec, 0))
    assert violation is not None
    assert violation.message == "users of node 1 duplicated: 1 assigned, 2 accounted for"


def test_a_search_holds_no_more_states_than_its_limit(spec: Spec) -> None:
    pair = Pair(spec, default_config(spec), fault_budget=0)
    with pytest.raises(StateLimit, match="more than 10 joint states"):
        explore(pair, limit=10)
    assert len(explore(pair, limit=len(explore(pair).states)).states) > 10


def users_at_start(spec: Spec) -> dict[str, int]:
    """How many users each configuration starts with, by its words."""
    found = {}
    for config in configurations(spec):
        users = Pair(spec, config, 0).initial[3]
        found[config_words(config)] = sum(users_of(users, home)["at_home"] for home in (1, 2))
    return found


def test_the_properties_of_users_have_users_in_every_configuration(spec: Spec) -> None:
    # Mode None (the administrator assigns users) included: a property of users that holds
    # with nobody to serve would hold for no reason.
    assert all(count > 0 for count in users_at_start(spec).values())
    nobody = broken(("    None: [1, 1]\n", "    None: [0, 0]\n"))
    assert [words for words, count in users_at_start(nobody).items() if count == 0] == [
        words for words in users_at_start(nobody) if "user_assignment_mode=None" in words]


#: A pair in which no step ever happens (its one rule needs an option that is off).
STILL_PAIR = """\
title: still
document: still
parameters: []
options:
- {key: high_availability, name: HA, values: [true, false], default: true, explore: false,
   sets: ha, source: s}
- {key: eager, name: Eager, values: [false, true], default: false, explore: false, source: s}
facts:
- {name: power, values: ['on', 'off'], healthy: 'on', down_when: ['off'], fault_when: ['off'],
   source: s}
states:
- {name: Normal, class: stable, serves: [], failover: false, resumes: false, description: d,
   source: s}
reasons:
- {name: Normal, source: s}
events:
- {name: failover, kind: admin, scope: node, description: d, source: s}
initial: {state: Normal, reason: Normal, users: {Balanced: [0, 0]}, source: s}
rules:
- {id: r0, 'on': failover, from: Normal, when: {config.eager: true}, source: s}
rows:
- id: 1
  node1: {down: power}
  node2: {down: power}
  cause: c
  actions: []
  actions_also_from: [{node1: any, node2: any, why: w}]
  source: s
extensions: []
decisions: []
"""


def test_every_property_runs_on_a_pair_where_nothing_happens() -> None:
    spec = load_spec_text(STILL_PAIR, "still.yaml")
    graph = explore(Pair(spec, default_config(spec), 0))
    assert len(graph.states) == 1 and not graph.labels
    summaries = [p.summarize(graph)]
    for prop in PROPERTIES:
        if prop.existential:
            prop.check(spec, summaries)  # type: ignore[call-arg,arg-type]
        else:
            prop.check(graph)  # type: ignore[call-arg,arg-type]
