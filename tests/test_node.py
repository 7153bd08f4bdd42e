"""What a node is (``prg.model.node``): read from the spec's data, and the same for every
engine that asks."""

from __future__ import annotations

from prg.model.guards import NONE
from prg.model.node import NodeSemantics
from prg.model.spec import Spec

from .helpers import broken


def local(state: str, **facts: str) -> tuple[str, ...]:
    healthy = {"power": "on", "srm": "running", "network": "up", "critical": "up",
               "database": "up", "xcp_auth": "up", "link": "up"}
    return (state, "Normal", NONE, *(healthy | facts).values())


def test_health_is_the_facts_the_spec_marks(spec: Spec) -> None:
    node = NodeSemantics(spec)
    assert node.health == {"critical": "up", "database": "up"}
    assert node.info(local("Normal")).serves_own  # type: ignore[arg-type]
    assert not node.info(local("Normal", database="down")).healthy  # type: ignore[arg-type]
    marked = "    healthy: up\n    health: true\n    fault_when: [down]\n    source: Verify Database"
    unmarked = NodeSemantics(broken((marked, marked.replace("    health: true\n", ""))))
    assert unmarked.info(local("Normal", database="down")).healthy  # type: ignore[arg-type]


def test_down_faults_and_the_budget(spec: Spec) -> None:
    node = NodeSemantics(spec)
    down = node.info(local("Normal", power="off", critical="down"))  # type: ignore[arg-type]
    assert (down.up, down.serves_own, down.faults) == (False, False, 2)
    assert node.view(local("Normal", power="off")).state is None  # type: ignore[arg-type]
    assert node.budget_left(1, 2) and not node.budget_left(2, 2)
    assert node.is_fault("power loss") and not node.is_fault("reboot")


def test_a_node_that_does_not_hear_its_peer_sees_it_down(spec: Spec) -> None:
    node = NodeSemantics(spec)
    cut = node.info(local("Normal", link="cut"))  # type: ignore[arg-type]
    assert cut.up and cut.serves_own and not cut.hears
    assert not node.receives(cut)
    peer = local("Normal")
    seen = node.peer_variables(peer, node.info(peer), cut.hears)  # type: ignore[arg-type]
    assert seen["peer.state"] == "down" and seen["peer.power"] == "on"
    heard = node.peer_variables(peer, node.info(peer), True)  # type: ignore[arg-type]
    assert heard["peer.state"] == "Normal"


def test_the_link_is_one_fault_however_it_is_cut(spec: Spec) -> None:
    node = NodeSemantics(spec)
    cut = node.info(local("Normal", link="cut"))  # type: ignore[arg-type]
    whole = node.info(local("Normal"))  # type: ignore[arg-type]
    down = node.info(local("Normal", critical="down"))  # type: ignore[arg-type]
    assert (cut.faults, cut.shared_fault) == (0, True)
    assert node.pair_faults(cut, whole) == 1
    assert node.pair_faults(cut, cut) == 1
    assert node.pair_faults(cut, down) == 2


def test_entering_a_resuming_state_saves_where_the_node_came_from(spec: Spec) -> None:
    node = NodeSemantics(spec)
    assert "Initializing" in node.resuming
    assert node.saved_after("Idle", "On Admin Request", NONE, "Initializing") == "Idle"
    assert node.saved_after("Initializing", "Initialization", "Idle", "Initializing") == "Idle"
    assert node.saved_after("Initializing", "Initialization", "Idle", "Normal") == NONE


def test_a_manual_failover_in_progress_is_persisted_as_idle(spec: Spec) -> None:
    """Critical services "will not be restarted unless we invoke manual fallback": the SRM
    resumes a node failing over on the administrator's request as Idle."""
    node = NodeSemantics(spec)
    assert node.saved_after("Failing Over", "On Admin Request", NONE, "Initializing") == "Idle"
    assert node.saved_after("Failing Over", "Critical Service Down", NONE,
                            "Initializing") == "Failing Over"
    reboot = next(r for r in spec.rules if r.id == "reboot")
    failing = ("Failing Over", "On Admin Request", *local("Failing Over")[2:])
    assert node.apply(reboot, failing, failing)[:2] == ("Idle", NONE)  # type: ignore[arg-type]
