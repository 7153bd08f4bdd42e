"""Service after one fault: after any single fault, while a healthy node remains, the pair's own
events serve every user again; where the document's behaviour does not, a finding says so."""

from __future__ import annotations

from prg.model.explore import Graph, explore
from prg.model.product import Pair
from prg.model.spec import Spec, Value
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES
from prg.verify.checks.service import service_after_one_fault, service_after_one_fault_except

from .helpers import broken, own_violation

SERVICE = next(p for p in PROPERTIES if p.name == "service_after_one_fault")
#: Clients made to log in to a backup only after an administrator's failover.
RELOGIN_AFTER_ADMIN_ONLY = (
    "    when: {serves_own: false, peer.serves_guests: true, peer.xcp_auth: up}\n",
    ("    when: {serves_own: false, peer.serves_guests: true, peer.xcp_auth: up,\n"
     "           peer.reason: On Admin Request}\n"))
FAILED_ROWS = frozenset({14, 15, 19, 20, 21})
#: The fault of finding unmonitored-xcp-failure-locks-users-out (the default configuration
#: does not monitor the service).
XCP_FAILURE = "XCP authentication failure"


def _graph(spec: Spec, fault_budget: int = 1, **config: Value) -> Graph:
    chosen = {"high_availability": True, "automatic_fallback": False,
              "user_assignment_mode": "Balanced", "xcp_authentication_monitoring": False} | config
    return explore(Pair(spec, tuple(chosen.items()), fault_budget))


def test_an_internal_error_leaves_every_user_to_the_administrator(default_graph: Graph) -> None:
    violation = service_after_one_fault(default_graph)
    assert violation is not None and violation.path is not None
    assert violation.message == (
        "after internal error on node 1: node 1 Running in Failed Mode / Unknown, node 2 "
        "Running in Failed Mode / Unknown; from there the pair's own events never serve every "
        "user again: the users of node 1 and node 2 wait for the administrator")
    assert [label.event for label, _ in violation.path[1:]] == ["internal error"]


def test_the_backup_failing_after_a_manual_failover_leaves_no_one_serving(
        default_graph: Graph) -> None:
    violation = service_after_one_fault_except(default_graph.without_events([XCP_FAILURE]),
                                               FAILED_ROWS)
    assert violation is not None and violation.path is not None
    assert [(label.event, label.node) for label, _ in violation.path[1:]] == [
        ("failover", 1), ("power loss", 2)]
    assert violation.message.startswith("after power loss on node 2: node 1 Failing Over / On "
                                        "Admin Request, node 2 down; from there")


def test_the_findings_explain_exactly_what_breaks_it(spec: Spec, default_graph: Graph) -> None:
    judged = judge(SERVICE, default_graph)
    assert judged.findings == ("failed-mode-waits-for-recovery",
                               "manual-failover-leaves-no-backup",
                               "unmonitored-xcp-failure-locks-users-out")
    faults = next(f for f in spec.findings if f.id == "manual-failover-leaves-no-backup").faults
    rest = default_graph.without_events([*faults, XCP_FAILURE])
    assert service_after_one_fault_except(rest, FAILED_ROWS) is None
    assert service_after_one_fault_except(
        default_graph.without_events([*faults[1:], XCP_FAILURE]), FAILED_ROWS) is not None


def test_without_high_availability_a_failed_node_waits_and_a_finding_says_so(
        spec: Spec) -> None:
    graph = _graph(spec, high_availability=False)
    judged = judge(SERVICE, graph)
    assert judged.violation is not None
    assert judged.violation.message.startswith("after critical service down on node 1")
    assert "no-failover-without-high-availability" in judged.findings


def test_a_finding_for_one_configuration_judges_the_graph_of_that_configuration(
        spec: Spec) -> None:
    # Searched together with the default configuration, whose initial state comes first, the
    # graph of high_availability=False still has that configuration's findings.
    default = dict(_graph(spec, 0).config)
    without = {**default, "high_availability": False}
    pair = Pair(spec, tuple(default.items()), 1)
    union = explore(pair, [pair.initial, pair.initial_for(tuple(without.items()))])
    graph = union.rooted(union.roots[1], tuple(without.items()))
    assert graph.pair.config["high_availability"] is True
    assert dict(graph.config)["high_availability"] is False
    assert "no-failover-without-high-availability" in judge(SERVICE, graph).findings


def test_clients_that_never_log_in_to_the_backup_break_it() -> None:
    mutant = broken(RELOGIN_AFTER_ADMIN_ONLY)
    violation = own_violation("service_after_one_fault", _graph(mutant))
    assert violation is not None
    assert violation.message == (
        "after critical service down on node 1: node 1 Normal / Normal, node 2 Normal / Normal; "
        "from there the pair's own events never serve every user again: the users of node 1 "
        "wait for the administrator")
