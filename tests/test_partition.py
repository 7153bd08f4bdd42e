"""The faults the document implies: a partition of the link between two live nodes (one way,
both ways, healed), an SRM restart during a manual failover, and the SRM restart beside a
failed peer of row 21. Each is in the model, and each test breaks the spec to show the check
that notices it gone."""

from __future__ import annotations

from collections.abc import Callable

from prg.model.explore import Graph, explore
from prg.model.product import Joint, Label, Pair, default_config
from prg.model.spec import Spec
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES, actions_from, no_split_brain

from .helpers import SPEC_TEXT, broken, error_of


def _shows(graph: Graph, predicate: Callable[[str, str], bool]) -> int | None:
    """The first state where (node 1, node 2), each as ``state / reason`` or ``down``, meet
    ``predicate``."""
    pair = graph.pair

    def shown(node: int) -> str:
        view = pair.view(node)
        return f"{view.state} / {view.reason}" if view.up else "down"

    return next((index for (n1, n2), index in graph.node_pairs().items()
                 if predicate(shown(n1), shown(n2))), None)


def _events(graph: Graph, index: int) -> list[tuple[str, int | None]]:
    return [(label.event, label.node) for label, _ in graph.path_to(index)[1:]
            if isinstance(label, Label)]


def test_a_one_way_partition_makes_the_peer_take_over_a_node_still_serving(
        default_graph: Graph) -> None:
    violation = no_split_brain(default_graph.without_events(["SRM stopped alone"]))
    assert violation is not None and violation.path is not None
    assert [label.event for label, _ in violation.path[1:]] == ["link partition",
                                                                "heartbeat timeout"]
    assert "Taking Over / Peer Down" in violation.message


def test_cut_both_ways_each_node_takes_over_the_other(default_graph: Graph) -> None:
    both = _shows(default_graph, lambda first, second: first == second ==
                  "Running in Backup Mode / Peer Down")
    assert both is not None
    events = _events(default_graph, both)
    assert events.count(("link partition", 1)) == events.count(("link partition", 2)) == 1


def walk(pair: Pair, steps: list[tuple[str, int | None, str | None]]) -> Joint:
    """The joint state after ``steps`` from the initial one: each an event, its node and,
    where the event may fire several rules, the rule wanted."""
    joint = pair.initial
    for event, node, rule in steps:
        joint = next(after for label, after in pair.successors(joint)
                     if label.event == event and label.node == node
                     and (rule is None or rule in label.rules))
    return joint


def shown(pair: Pair, joint: Joint) -> list[str]:
    views = [pair.view(node) for node in joint[:2]]
    return [f"{v.state} / {v.reason}" if v.up else "down" for v in views]


def test_when_the_link_is_back_the_node_may_fail_and_recovery_restores(spec: Spec) -> None:
    pair = Pair(spec, default_config(spec), fault_budget=1)
    taken_over = [("link partition", 2, None), ("heartbeat timeout", 2, None),
                  ("takeover complete", 2, None)]
    split = walk(pair, taken_over)
    assert shown(pair, split) == ["Normal / Normal", "Running in Backup Mode / Peer Down"]
    stays = walk(pair, [*taken_over, ("restore link", 2, "link-restored")])
    assert shown(pair, stays) == shown(pair, split)
    failed = walk(pair, [*taken_over, ("restore link", 2, "link-restored-failed")])
    assert shown(pair, failed) == ["Running in Failed Mode / Unknown"] * 2
    recovered = walk(pair, [*taken_over, ("restore link", 2, "link-restored-failed"),
                            ("recovery", None, None), ("initialization complete", 1, None)])
    assert shown(pair, recovered)[0] == "Normal / Normal"


#: Row 16's repair of the link between the nodes, on the node that no longer hears its peer.
REPAIR_LINK_2 = """      - do: restore link
        continues: true
        node: 2
        if: {node2.link: cut}
        text: Check and repair the network connectivity between nodes in the presence redundancy group.
"""
TAKEN_OVER = [("link partition", 2, None), ("heartbeat timeout", 2, None),
              ("takeover complete", 2, None)]


def test_row_16s_actions_repair_the_link_when_node_1_is_up(spec: Spec,
                                                          default_graph: Graph) -> None:
    # "If node 1 is up": node 1 Normal beside node 2 Running in Backup Mode / Peer Down. The
    # repaired link may fail both nodes, and Recovery then restores them.
    start = default_graph.states.index(walk(default_graph.pair, TAKEN_OVER))
    assert actions_from(default_graph, spec.rows[15], start) is None
    unrepaired = broken((REPAIR_LINK_2, ""))
    graph = explore(Pair(unrepaired, default_config(unrepaired), fault_budget=1))
    start = graph.states.index(walk(graph.pair, TAKEN_OVER))
    violation = actions_from(graph, unrepaired.rows[15], start)
    assert violation is not None
    assert violation.message == ("row 16: after the last action the pair does not come back "
                                 "to Normal / Normal")


def test_a_healed_link_that_fails_neither_node_leaves_row_16_without_an_action(
        spec: Spec, default_graph: Graph) -> None:
    healed = [("link partition", 2, None), ("heartbeat timeout", 2, None),
              ("restore link", 2, "link-restored"), ("takeover complete", 2, None)]
    joint = walk(default_graph.pair, healed)
    assert shown(default_graph.pair, joint) == ["Normal / Normal",
                                                "Running in Backup Mode / Peer Down"]
    assert actions_from(default_graph, spec.rows[15], default_graph.states.index(joint)) \
        is not None
    recover = next(p for p in PROPERTIES if p.name == "recommended_actions_recover")
    assert "partition-heal-leaves-no-action" in judge(recover, default_graph).findings


def test_a_request_across_a_cut_link_is_lost(spec: Spec) -> None:
    pair = Pair(spec, default_config(spec), fault_budget=1)
    start = pair.initial
    cut = next(after for label, after in pair.successors(start)
               if label.event == "link partition" and label.node == 2)
    failover = next(after for label, after in pair.successors(cut)
                    if label.event == "failover" and label.node == 1)
    assert pair.view(failover[0]).state == "Failing Over"
    assert pair.view(failover[1]).state == "Normal"  # node 2 never heard the request


def test_without_the_partition_no_split_brain_holds_so_the_fault_is_needed() -> None:
    """A spec whose nodes hear each other through a cut link (the partition left out)
    shows no split brain: the finding would go stale, and the run fail."""
    spec = broken(("    unheard_when: [cut]\n", ""))
    graph = explore(Pair(spec, default_config(spec), fault_budget=1))
    # The other split brain, of a stopped SRM that leaves the services serving, aside.
    assert no_split_brain(graph.without_events(["SRM stopped alone"])) is None


MANUAL_FAILOVER = [("failover", 1, None)]
#: Ways a node's SRM starts again during a manual failover, before or after the takeover.
RESTARTS = {
    "restart, taking over": [("restart SRM", 1, None)],
    "restart, taken over": [("takeover complete", 2, None), ("restart SRM", 1, None)],
    "reboot, taking over": [("reboot", 1, None), ("boot complete", 1, None)],
    "reboot, taken over": [("takeover complete", 2, None), ("reboot", 1, None),
                           ("boot complete", 1, None)],
}


def test_a_restart_during_a_manual_failover_comes_back_idle(spec: Spec) -> None:
    """"Critical services will not be restarted unless we invoke manual fallback": a node
    restarted or rebooted while it fails over on request comes back Idle, never Failed Over
    (from which automatic fallback would undo the failover)."""
    pair = Pair(spec, default_config(spec), fault_budget=0)
    for name, restart in RESTARTS.items():
        joint = walk(pair, [*MANUAL_FAILOVER, *restart, ("initialization complete", 1, None)])
        assert shown(pair, joint)[0] == "Idle / Initialization", name


def test_without_the_persisted_idle_a_restart_undoes_the_manual_failover() -> None:
    spec = broken(("    resumes_as: {On Admin Request: Idle}\n", ""))
    pair = Pair(spec, default_config(spec), fault_budget=0)
    joint = walk(pair, [*MANUAL_FAILOVER, *RESTARTS["restart, taking over"],
                        ("initialization complete", 1, None)])
    assert shown(pair, joint)[0] == "Failed Over / Initialization"


def test_an_srm_restarting_beside_a_failed_peer_makes_both_unknown(spec: Spec) -> None:
    """Row 21's cause: the SRM on a node restarts while the other is in a failed state."""
    pair = Pair(spec, default_config(spec), fault_budget=2)
    failed = [("critical service down", 2, None), ("critical service delay", 2, None),
              ("takeover complete", 1, None), ("critical service down", 1, None),
              ("critical service delay", 1, None)]
    both = walk(pair, failed)
    assert shown(pair, both) == ["Running in Failed Mode / Critical Service Down"] * 2
    restarted = walk(pair, [*failed, ("restart SRM", 1, None),
                            ("initialization complete", 1, None)])
    assert shown(pair, restarted) == ["Running in Failed Mode / Unknown"] * 2


def test_a_pair_row_16s_actions_also_address_is_read_with_its_place() -> None:
    old = "      - node1: any\n        node2: {state: Running in Backup Mode, reason: Peer Down}\n"
    assert SPEC_TEXT.count(old) == 1
    message = error_of(SPEC_TEXT.replace(old, old.replace("Backup Mode", "Backups")))
    assert message.endswith("rows[15].actions_also_from[0].node2.state: unknown state "
                            "'Running in Backups' (did you mean 'Running in Backup Mode'?)")
