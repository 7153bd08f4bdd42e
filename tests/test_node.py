"""What a node is (``prg.model.node``): read from the spec's data, and the same for every
engine that asks."""

from __future__ import annotations

from prg.model.guards import NONE
from prg.model.node import NodeSemantics
from prg.model.spec import Spec

from .helpers import broken


def local(state: str, **facts: str) -> tuple[str, ...]:
    healthy = {"power": "on", "srm": "running", "network": "up", "critical": "up",
               "database": "up"}
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


def test_entering_a_resuming_state_saves_where_the_node_came_from(spec: Spec) -> None:
    node = NodeSemantics(spec)
    assert "Initializing" in node.resuming
    assert node.saved_after("Idle", NONE, "Initializing") == "Idle"
    assert node.saved_after("Initializing", "Idle", "Initializing") == "Idle"
    assert node.saved_after("Initializing", "Idle", "Normal") == NONE
