"""prg explain: the row, the witness, the way back, and what is said of pairs Table 2 lacks."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from prg.model.errors import UsageError
from prg.model.load import load_spec_text
from prg.model.names import Names, NodeQuery
from prg.model.product import Pair, default_config
from prg.model.spec import RowSide, Spec
from prg.model.table import documentation, printed_row, row_read, rows_shown
from prg.verify.tools.explain import Reference, explain, to_json, to_text

from .helpers import SPEC_TEXT, broken, prg, without_the_printed_pair


def test_names_forgive_case_and_the_documents_spellings(spec: Spec) -> None:
    names = Names(spec)
    assert names.node("backup mode/critical services down") == NodeQuery(
        "Running in Backup Mode", "Critical Service Down")
    assert names.node("Failed Over with Critical Services not Running") == NodeQuery(
        "Failed Over with Critical Services Not Running", None)
    assert names.reason("Auto Recovery Database Failure.") == "Auto Recover Database Failure"
    assert names.node("DOWN") == NodeQuery(None, None)
    with pytest.raises(UsageError, match="unknown node state 'Idel' .*'Idle'"):
        names.node("Idel/On Admin Request")


def test_a_state_whose_name_holds_a_slash_can_be_named(spec: Spec) -> None:
    slashed = dataclasses.replace(spec.states[0], name="Starting/Restarting")
    names = Names(dataclasses.replace(spec, states=(slashed, *spec.states[1:])))
    assert names.node("starting/restarting") == NodeQuery("Starting/Restarting", None)
    assert names.node("Starting/Restarting / Peer Down") == NodeQuery(
        "Starting/Restarting", "Peer Down")
    assert names.node("Idle/On Admin Request") == NodeQuery("Idle", "On Admin Request")


@pytest.mark.slow
def test_a_documented_pair_gets_its_row_witness_and_the_way_back(spec: Spec) -> None:
    result = explain(spec, "Failed Over/Initialization",
                     "Running in Backup Mode/Critical Service Down")
    answer = to_json(result)
    assert answer["row"] == 11 and answer["reachable"]
    assert answer["recommended_actions"] == [
        ("When node 1 transitions to Failed Over state the node is ready for the administrator "
        "to perform a manual fallback to restore the nodes in the presence redundancy group to "
        "Normal state.")]
    last = answer["witness"][-1]
    assert (last["node1"]["state"], last["node1"]["reason"]) == ("Failed Over", "Initialization")
    assert [step["event"] for step in answer["recovery"]] == [
        None, "fallback", "takeback complete", "client re-login"]
    assert answer["recovery_notes"][1] == "recommended action 1"
    assert answer["differences"] == [] and answer["recommended_actions_recover"] is True
    text = to_text(result)
    assert "Table 2, row 11:" in text and "What to do, by the model: fallback on node 1" in text


@pytest.mark.slow
def test_skipped_and_extra_actions_are_marked(spec: Spec) -> None:
    """Row 16 from a network loss: actions 2 and 3 do not apply, so the way back is 1 then 4."""
    answer = to_json(explain(spec, "down", "Running in Backup Mode/Peer Down"))
    assert answer["row"] == 16
    acting = [note for note in answer["recovery_notes"] if note.startswith("recommended")]
    assert acting == ["recommended action 1", "recommended action 4"]
    three = to_json(explain(spec, "Idle/On Admin Request",
                            "Running in Backup Mode/On Admin Request"))
    assert three["row"] == 3 and three["recommended_actions"] == []
    assert three["differences"] == ["fallback on node 1: Table 2 gives no action for this row"]


@pytest.mark.slow
def test_the_other_orientation_is_said(spec: Spec) -> None:
    """Table 2's node 1 is the pair's node 2: its actions are matched on node 2."""
    answer = to_json(explain(spec, "Running in Backup Mode/Peer Down", "down"))
    assert answer["row"] == 16 and answer["row_nodes_swapped"] and answer["reachable"]
    acting = [(step["event"], step["node"], note)
              for step, note in zip(answer["recovery"], answer["recovery_notes"], strict=True)
              if note.startswith("recommended")]
    assert acting == [("restore network", 2, "recommended action 1"),
                      ("fallback", 2, "recommended action 4")]
    assert answer["cause"].startswith("Node 1 has lost the heartbeat from node 2.")
    assert answer["recommended_actions"][2] == "(If the node is down) Repair and power up node 2."
    text = to_text(explain(spec, "Running in Backup Mode/Peer Down", "down"))
    assert "    3. (If the node is down) Repair and power up node 2.\n" in text
    assert "its node 1 is your node 2. Below, its words name each node as it is here." in text


@pytest.mark.slow
def test_an_unreachable_pair_names_the_nearest_rows(spec: Spec) -> None:
    result = explain(spec, "Idle/Peer Down", "Running in Backup Mode/Peer Down")
    assert not result.reachable and result.row is None
    assert [row.id for row in result.nearest][:1] == [3]
    assert "The model never shows this pair" in to_text(result)


@pytest.mark.slow
def test_a_reachable_undocumented_pair_is_said_with_its_witness(spec: Spec) -> None:
    result = explain(spec, "Initializing", "Normal")
    assert result.reachable and result.row is None and result.extension is not None
    assert "Not in Table 2; the spec lists it" in to_text(result)


@pytest.mark.slow
def test_cli_explain_json_and_errors() -> None:
    done = prg("explain", "Failed Over/Initialization",
               "Running in Backup Mode/Critical Service Down", "--format", "json")
    assert done.returncode == 0
    answer = json.loads(done.stdout)
    assert set(answer) >= {"row", "reachable", "cause", "recommended_actions", "witness",
                           "recovery"}
    bad = prg("explain", "Failed Ovr", "Normal")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == ("prg: error: unknown node state 'Failed Ovr' (did you mean "
                          "'Failed Over', 'Failing Over', 'Taking Over'?)\n")


def test_a_state_without_its_reason_names_the_other_rows(spec: Spec) -> None:
    answer = to_json(explain(spec, "Idle", "Backup Mode"))
    assert answer["row"] == 3 and answer["also_rows"] == [5, 6, 7]


# -- the pairs Table 2 prints --------------------------------------------------------------------

PRINTED_23 = ("Backup Activated/Auto Recover Database Failure",
              "Failover Affected Services/Auto Recover Critical Service Down")

def printed_queries(names: Names, side: RowSide) -> list[NodeQuery]:
    """What an engineer reading one side of a row in the document would type: each state and
    reason it prints (``A or B / C``), or down."""
    if side.states is None:
        return [NodeQuery(None, None)]
    state, _, reason = side.as_written.partition(" / ")
    states = re.split(r"\s+or\s+", state, flags=re.IGNORECASE)
    reasons = re.split(r"\s+or\s+", reason, flags=re.IGNORECASE) if reason else [""]
    return [names.node(f"{s}/{r}") for s in states for r in reasons]


def test_the_pair_the_document_prints_for_row_23_is_row_23(spec: Spec) -> None:
    result = explain(spec, *PRINTED_23)
    answer = to_json(result)
    assert (answer["row"], answer["as_printed"], answer["row_nodes_swapped"]) == (23, True, False)
    assert answer["reachable"]
    assert answer["printed"] == {
        "node1": "Backup Activated / Auto Recover Database Failure",
        "node2": "Failover Affected Services / Auto Recover Critical Service Down"}
    assert answer["read_as"] == {
        "node1": "Backup Activated / Auto Recover Critical Service Down",
        "node2": "Failover Affected Services / Auto Recover Critical Service Down"}
    assert answer["decision"].startswith("Node 1's reason as printed, Auto Recover Database "
                                         "Failure, repeats row 22's by mistake")
    last = answer["witness"][-1]
    assert (last["node1"]["state"], last["node1"]["reason"]) == (
        "Backup Activated", "Auto Recover Critical Service Down")
    text = to_text(result)
    assert "Table 2, row 23, as printed in the document:\n" \
           "  node 1: Backup Activated / Auto Recover Database Failure\n" in text
    assert "The model reads it as node 1 Backup Activated / Auto Recover Critical Service " \
           "Down | node 2" in text
    assert "never shows" not in text
    turned = to_json(explain(spec, *reversed(PRINTED_23)))
    assert (turned["row"], turned["as_printed"], turned["row_nodes_swapped"]) == (23, True, True)
    assert turned["reachable"]


def test_row_23_as_the_spec_reads_it_says_how_the_document_prints_it(spec: Spec) -> None:
    result = explain(spec, "Backup Activated/Auto Recover Critical Service Down",
                     "Failover Affected Services/Auto Recover Critical Service Down")
    assert result.row is not None and result.row.id == 23 and not result.printed
    text = to_text(result)
    assert "Table 2, row 23, as the model reads it:\n" \
           "  node 1: Backup Activated / Auto Recover Critical Service Down\n" in text
    assert "The document prints it as node 1 Backup Activated / Auto Recover Database " \
           "Failure | node 2" in text


def test_a_spec_that_drops_the_printed_pair_matches_no_row_to_it(spec: Spec) -> None:
    assert printed_row(spec, *map(Names(spec).node, PRINTED_23)) == (spec.rows[22], False)
    broken_spec = without_the_printed_pair()
    queries = list(map(Names(broken_spec).node, PRINTED_23))
    assert printed_row(broken_spec, *queries) is None
    for checked in (spec, broken_spec):
        pair = Pair(checked, default_config(checked), 1)
        healthy = pair.local(pair.initial[0])
        first, second = (pair.node_id((q.state or "", q.reason or "", *healthy[2:]))
                         for q in queries)
        shown = documentation(pair, first, second)
        if checked is spec:
            assert shown is checked.rows[22] and documentation(pair, second, first) is shown
            assert rows_shown(pair, first, second) == [checked.rows[22]]
            assert not row_read(pair, first, second, checked.rows[22])
        else:
            assert shown is None and rows_shown(pair, first, second) == []


@pytest.mark.slow
def test_without_the_printed_pair_explain_calls_it_a_pair_the_model_never_shows() -> None:
    result = explain(without_the_printed_pair(), *PRINTED_23)
    assert result.row is None and not result.reachable
    assert "The model never shows this pair" in to_text(result)


@pytest.mark.slow
def test_every_pair_table_2_prints_is_its_row_and_the_model_shows_it(spec: Spec) -> None:
    reference = Reference(spec)
    names = Names(spec)
    for row in spec.rows:
        for first in printed_queries(names, row.node1):
            for second in printed_queries(names, row.node2):
                result = reference.explain(first, second)
                assert result.row is row and not result.swapped, (row.id, first, second)
                assert result.reachable, (row.id, first, second)
                assert "never shows" not in to_text(result)


# -- the document's actions and the steps prg adds -------------------------------------------

ROW_18 = ("Failed Over with Critical Services Not Running/Initialization",
          "Backup Mode/Peer Down During Initialization")
ROW_18_FALLBACK = (
    "          When node1 is up and all critical services are running, perform a manual "
    "fallback to\n          restore the nodes in the presence redundancy group to the Normal "
    "state.\n")


def documents_list(text: str) -> str:
    """The lines of an explanation under "as the document writes them", up to the next
    heading."""
    after = text.split("  Recommended actions (as the document writes them):\n", 1)[1]
    return after.split("\n  Steps prg adds", 1)[0].split("\n\n", 1)[0]


def test_row_18_shows_the_document_s_action_apart_from_the_steps_prg_adds(spec: Spec) -> None:
    result = explain(spec, *ROW_18)
    answer = to_json(result)
    assert answer["row"] == 18
    assert answer["recommended_actions"] == [
        ("When node1 is up and all critical services are running, perform a manual fallback to "
        "restore the nodes in the presence redundancy group to the Normal state.")]
    assert [(s["mark"], s["text"], s["before"]) for s in answer["added_steps"]] == [
        ("a", "Start the critical services of node 1.", "1"),
        ("b", "If the critical services on node 1 do not start, reboot node 1.", "1")]
    assert answer["added_steps"][0]["why"].startswith("The document's action presumes node 1's "
                                                      "critical services are running")
    notes = [n for n in answer["recovery_notes"] if n not in ("here", "by itself")]
    assert notes == ["added step a", "recommended action 1"]
    text = to_text(result)
    assert documents_list(text) == (
        "    1. When node1 is up and all critical services are running, perform a manual "
        "fallback to\n       restore the nodes in the presence redundancy group to the Normal "
        "state.")
    assert ("  Steps prg adds (not in the document):\n"
            "    a. Start the critical services of node 1. (before action 1)\n"
            "       Why: The document's action presumes") in text
    assert "start critical services on node 1   [added step a]" in text
    assert "Table 2's recommended actions with the steps prg adds, taken from here, bring" in text


def test_which_actions_the_document_writes_is_the_spec_s_to_say(spec: Spec) -> None:
    """Without added:, the steps are the document's; the document's action marked added
    leaves the row with no action the document writes."""
    start = SPEC_TEXT.index("        added: >-\n          The document's action presumes")
    end = SPEC_TEXT.index("      - do: fallback\n", start)
    unmarked = SPEC_TEXT[start:end]
    unmarked = load_spec_text(SPEC_TEXT.replace(unmarked, re.sub(
        r"        added: (>-\n(          .*\n)+|.*\n)", "", unmarked), 1), "unmarked.yaml")
    answer = to_json(explain(unmarked, *ROW_18))
    assert len(answer["recommended_actions"]) == 3 and answer["added_steps"] == []
    assert documents_list(to_text(explain(unmarked, *ROW_18))).startswith(
        "    1. Start the critical services of node 1.\n")
    marked = broken((ROW_18_FALLBACK, ROW_18_FALLBACK + "        added: A test.\n"))
    result = explain(marked, *ROW_18)
    answer = to_json(result)
    assert answer["recommended_actions"] == []
    assert [(s["mark"], s["before"]) for s in answer["added_steps"]] == [
        ("a", None), ("b", None), ("c", None)]
    text = to_text(result)
    assert "  Recommended actions: none (Table 2 gives none for this row)\n" \
           "  Steps prg adds (not in the document):\n" in text
    assert "as the document writes them" not in text
