"""prg explain: the row, the witness, the way back, and what is said of pairs Table 2 lacks."""

from __future__ import annotations

import dataclasses
import json

import pytest
from prg.model.errors import UsageError
from prg.model.names import Names, NodeQuery
from prg.model.spec import Spec
from prg.verify.tools.explain import explain, to_json, to_text

from .helpers import prg


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
        "Perform a manual fallback to restore the nodes to Normal state."]
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
    """Row 16 from a network loss: actions 2-4 do not apply, so the way back is 1 then 5."""
    answer = to_json(explain(spec, "down", "Running in Backup Mode/Peer Down"))
    assert answer["row"] == 16
    acting = [note for note in answer["recovery_notes"] if note.startswith("recommended")]
    assert acting == ["recommended action 1", "recommended action 7"]
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
                      ("fallback", 2, "recommended action 7")]


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
