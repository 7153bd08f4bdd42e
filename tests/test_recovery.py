"""The recovery table: every failed pair the pair can reach, the way back to Normal / Normal
that does the least harm, and what Table 2 recommends."""

from __future__ import annotations

import pytest
from prg.model.explore import Graph
from prg.model.names import NodeQuery
from prg.model.spec import Spec
from prg.model.traces import Shown
from prg.verify.tools.explain import explain
from prg.verify.tools.recovery import RecoveryTable, recovery_table, recovery_ways


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
    assert entry.recommended == (
        "Click Recovery in the Presence Redundancy Group Configuration window.",
        "If the problem persists, then reboot the nodes.")


def test_no_advice_repeats_a_line(table: RecoveryTable) -> None:
    for entry in table.entries:
        assert len(set(entry.recommended)) == len(entry.recommended), entry


def test_a_row_written_the_other_way_round_names_the_failed_node_as_it_is(
        table: RecoveryTable) -> None:
    written = next(e for e in table.entries if e.row == 12 and not e.row_swapped)
    swapped = next(e for e in table.entries if e.row == 12 and e.row_swapped)
    assert swapped.node2.state == "Failed Over with Critical Services Not Running"
    assert written.recommended[1] == ("If the critical services on node 1 do not start, then "
                                      "reboot node 1.")
    assert swapped.recommended[1] == ("If the critical services on node 2 do not start, then "
                                      "reboot node 2.")
    assert [(s.event, s.node) for s in swapped.steps if s.action] == [
        (s.event, 3 - (s.node or 0)) for s in written.steps if s.action]


def test_normal_needs_no_action(default_graph: Graph) -> None:
    ways = recovery_ways(default_graph)
    assert ways.harm(0) == (0, 0, 0) and ways.path(0) == []


@pytest.mark.parametrize("row", [12, 13, 18])
def test_the_advice_leaves_the_backup_that_serves_everyone_alone(
        table: RecoveryTable, row: int) -> None:
    # Rebooting the backup would be as short; fixing the failed node and falling back to it
    # disconnects no one who is served.
    entries = [e for e in table.entries if e.row == row]
    assert entries
    for entry in entries:
        failed = 1 if (entry.node1.state or "").startswith("Failed Over") else 2
        acted = [step for step in entry.steps if step.action]
        assert {step.node for step in acted} == {failed}
        assert acted[-1].event == "fallback" and entry.disconnects == 0


def test_no_advice_reboots_both_nodes(table: RecoveryTable) -> None:
    for entry in table.entries:
        rebooted = {step.node for step in entry.steps if step.event == "reboot"}
        assert rebooted != {1, 2}


@pytest.mark.parametrize("row", [12, 18])
def test_explain_and_the_recovery_table_advise_alike(
        table: RecoveryTable, spec: Spec, row: int) -> None:
    entry = next(e for e in table.entries if e.row == row)
    advice = explain(spec, NodeQuery(entry.node1.state, entry.node1.reason),
                     NodeQuery(entry.node2.state, entry.node2.reason))
    assert advice.recovery is not None
    assert [(step.event, step.node) for step in advice.recovery[1:] if step.event in (
        "start critical services", "reboot", "fallback", "restart SRM")] == [
        (s.event, s.node) for s in entry.steps if s.action]


def test_row_18_lists_the_document_s_action_apart_from_the_steps_prg_adds(
        table: RecoveryTable, spec: Spec) -> None:
    entry = next(e for e in table.entries if e.row == 18 and not e.row_swapped)
    assert entry.recommended == spec.rows[17].document_actions
    assert len(entry.recommended) == 1 and entry.recommended[0].startswith("When node1 is up")
    assert [(step.mark, step.text, step.before) for step in entry.added] == [
        ("a", "Start the critical services of node 1.", "1"),
        ("b", "If the critical services on node 1 do not start, reboot node 1.", "1")]
    assert all(not e.added for e in table.entries if e.row != 18)
    swapped = next(e for e in table.entries if e.row == 18 and e.row_swapped)
    assert swapped.added[0].text == "Start the critical services of node 2."
