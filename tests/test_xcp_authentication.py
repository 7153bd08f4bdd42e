"""The XCP Authentication Service, monitored or not (option xcp_authentication_monitoring,
explored): monitored, its failure is a critical service going down and the node fails over;
unmonitored, the node keeps its state and its connected users, and no client can log in to it
until the administrator starts the service. What the second costs is a finding."""

from __future__ import annotations

import pytest
from prg.model.explore import Graph, explore
from prg.model.product import Joint, Pair, configurations, default_config
from prg.model.spec import Spec
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES
from prg.verify.checks.service import service_after_one_fault_except

from .helpers import broken
from .test_partition import shown, walk

SERVICE = next(p for p in PROPERTIES if p.name == "service_after_one_fault")
CLAIMS = next(p for p in PROPERTIES if p.name == "document_claims")
FAILED_ROWS = frozenset({14, 15, 19, 20, 21})
#: The faults of finding manual-failover-leaves-no-backup.
OTHER_FAULTS = ("power loss", "network loss", "SRM stopped", "SRM stopped alone",
                "database failure", "link partition")
#: A spec that ignores the option: a monitored failure starts no failover either.
MONITORING_IGNORED = (
    ("    when: {config.xcp_authentication_monitoring: true, critical: up}\n"
     "    set: {critical: down}\n"
     "    users: [self.at_home -> self.out, peer.at_peer -> peer.out]\n"),
    ("    when: {config.xcp_authentication_monitoring: true, critical: up}\n"
     "    set: {xcp_auth: down}\n"))


def _pair(spec: Spec, monitored: bool) -> Pair:
    config = dict(default_config(spec)) | {"xcp_authentication_monitoring": monitored}
    return Pair(spec, tuple(config.items()), 1)


@pytest.fixture(scope="module")
def monitored_graph(spec: Spec) -> Graph:
    return explore(_pair(spec, monitored=True))


def _logins(pair: Pair, joint: Joint) -> list[int | None]:
    return [label.node for label, _ in pair.successors(joint) if label.event == "client re-login"]


def test_the_option_is_explored_in_both_values(spec: Spec) -> None:
    values = {dict(config)["xcp_authentication_monitoring"] for config in configurations(spec)}
    assert values == {False, True}
    assert len(configurations(spec)) == 24


def test_unmonitored_the_node_keeps_its_state_and_its_connected_users(spec: Spec) -> None:
    pair = _pair(spec, monitored=False)
    failed = walk(pair, [("XCP authentication failure", 1, None)])
    assert shown(pair, failed) == ["Normal / Normal", "Normal / Normal"]
    assert pair.view(failed[0]).healthy
    assert failed[3:] == pair.initial[3:]  # every user still served where it was
    assert not any(label.event == "critical service delay" for label, _ in pair.successors(failed))


def test_unmonitored_no_client_logs_in_to_the_node_until_the_service_is_started(
        spec: Spec) -> None:
    pair = _pair(spec, monitored=False)
    moving = [("failover", 1, None), ("takeover complete", 2, None)]
    assert _logins(pair, walk(pair, moving)) == [1]
    locked = walk(pair, [*moving, ("XCP authentication failure", 2, None)])
    assert shown(pair, locked) == ["Idle / On Admin Request",
                                   "Running in Backup Mode / On Admin Request"]
    assert _logins(pair, locked) == []
    started = walk(pair, [*moving, ("XCP authentication failure", 2, None),
                          ("start XCP authentication service", 2, None)])
    assert _logins(pair, started) == [1]


def test_monitored_the_failure_is_a_critical_service_down_and_the_node_fails_over(
        spec: Spec) -> None:
    pair = _pair(spec, monitored=True)
    failed = walk(pair, [("XCP authentication failure", 1, None)])
    critical = 3 + pair.semantics.fact_names.index("critical")
    assert pair.local(failed[0])[critical] == "down"
    over = walk(pair, [("XCP authentication failure", 1, None), ("critical service delay", 1, None)])
    assert shown(pair, over) == ["Failing Over / Critical Service Down",
                                 "Taking Over / Critical Service Down"]


def test_unmonitored_users_locked_out_are_a_finding(default_graph: Graph) -> None:
    judged = judge(SERVICE, default_graph)
    assert "unmonitored-xcp-failure-locks-users-out" in judged.findings
    violation = service_after_one_fault_except(default_graph.without_events(OTHER_FAULTS),
                                               FAILED_ROWS)
    assert violation is not None and violation.path is not None
    assert [(label.event, label.node) for label, _ in violation.path[1:]] == [
        ("failover", 1), ("XCP authentication failure", 2)]


def test_monitored_the_pair_serves_everyone_again_after_the_failure(
        monitored_graph: Graph) -> None:
    # Set aside what the other findings explain: the XCP failure itself leaves no one waiting.
    rest = monitored_graph.without_events(OTHER_FAULTS)
    assert service_after_one_fault_except(rest, FAILED_ROWS) is None


def test_a_spec_whose_monitored_failure_starts_no_failover_fails() -> None:
    ignored = judge(SERVICE, explore(_pair(broken(MONITORING_IGNORED), monitored=True)))
    assert ignored.violation is not None and ignored.findings == ()
    assert "XCP authentication failure" in ignored.violation.message


def test_monitored_a_failure_of_the_peer_undoes_a_manual_failover_as_a_critical_service_does(
        monitored_graph: Graph) -> None:
    # Two findings name the same claim, each with its faults: together they explain it.
    assert judge(CLAIMS, monitored_graph).findings == (
        "peer-fault-undoes-manual-failover", "monitored-xcp-failure-undoes-manual-failover")
