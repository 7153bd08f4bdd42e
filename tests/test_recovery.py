"""The recovery table: every failed pair the pair can reach, the fewest administrator actions
back to Normal / Normal, and what Table 2 recommends."""

from __future__ import annotations

import pytest
from prg.model.explore import Graph
from prg.model.spec import Spec
from prg.model.traces import Shown
from prg.verify.tools.recovery import RecoveryTable, distances_to_goal, recovery_table


@pytest.fixture(scope="module")
def table(default_graph: Graph) -> RecoveryTable:
    return recovery_table(default_graph)


def failed(side: Shown, spec: Spec) -> bool:
    return side.state is not None and spec.state(side.state).klass in ("failed", "unknown")


def test_every_entry_shows_a_failed_node_once(table: RecoveryTable, spec: Spec) -> None:
    entries = table.entries
    assert len(entries) > 20
    assert all(failed(e.node1, spec) or failed(e.node2, spec) for e in entries)
    shown = [(e.node1.state, e.node1.reason, e.node2.state, e.node2.reason) for e in entries]
    assert len(shown) == len(set(shown))
    assert [e.reached_in for e in entries] == sorted(e.reached_in for e in entries)


def test_the_plan_counts_its_actions(table: RecoveryTable) -> None:
    for entry in table.entries:
        assert entry.recoverable  # the property recoverable holds
        assert entry.actions == sum(step.action for step in entry.steps)
        assert all(step.kind != "fault" for step in entry.steps)


def test_row_21_is_recovered_by_one_recovery(table: RecoveryTable, spec: Spec) -> None:
    entry = next(e for e in table.entries if e.row == 21)
    assert entry.actions == 1
    assert entry.steps[0].text == "recovery on both nodes"
    row = next(r for r in spec.rows if r.id == 21)
    assert entry.recommended == tuple(step.text for step in row.actions or ())


def test_normal_needs_no_action(default_graph: Graph) -> None:
    distance, step = distances_to_goal(default_graph)
    assert distance[0] == 0 and step[0] is None


def test_row_18_lists_the_document_s_action_apart_from_the_steps_prg_adds(
        table: RecoveryTable, spec: Spec) -> None:
    entry = next(e for e in table.entries if e.row == 18)
    assert entry.recommended == tuple(step.text for step in spec.rows[17].document_actions)
    assert len(entry.recommended) == 1 and entry.recommended[0].startswith("When node1 is up")
    assert [(step.mark, step.text, step.before) for step in entry.added] == [
        ("a", "Start the critical services of node 1.", "1"),
        ("b", "If the critical services on node 1 do not start, reboot node 1.", "1")]
    assert all(not e.added for e in table.entries if e.row != 18)
