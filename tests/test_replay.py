"""prg replay: observed histories against the model."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from prg.model.explore import Graph
from prg.model.product import default_config
from prg.model.spec import Spec
from prg.verify.tools import replay as replay_module
from prg.verify.tools.replay import (
    HistoryError,
    Replay,
    read_history,
    replay,
    replay_in,
    to_text,
)

from .helpers import COMMANDS_MD, prg, refused, without_the_printed_pair

HEADER = "time,node1_state,node1_reason,node2_state,node2_reason\n"

CRITICAL_SERVICE = HEADER + (
    "2026-11-20T10:00:00Z,Normal,Normal,Normal,Normal\n"
    "2026-11-20T10:01:30Z,Failed Over with Critical Services not Running,Critical Service Down,"
    "Running in Backup Mode,Critical Service Down\n"
    "2026-11-20T10:05:00Z,Failed Over,Initialization,Running in Backup Mode,"
    "Critical Service Down\n"
    "2026-11-20T10:06:00Z,Normal,Normal,Normal,Normal\n"
)


def replayed(spec: Spec, graph: Graph, text: str) -> Replay:
    return replay_in(graph, 0, default_config(spec), read_history(spec, text))


def causes(result: Replay) -> list[list[tuple[str, int]]]:
    """Each line's root cause: each fault's words and the line before which it happened."""
    return [[(str(f), f.line) for f in e.root_cause] for e in result.explained]


def test_a_history_is_explained_line_by_line(spec: Spec, default_graph: Graph) -> None:
    result = replayed(spec, default_graph, CRITICAL_SERVICE)
    assert result.holds
    assert [e.snapshot.line for e in result.explained] == [2, 3, 4, 5]
    assert [e.rows for e in result.explained] == [[1], [12], [11], [1]]
    assert result.explained[2].hidden_events == [
        "restart SRM on node 1", "initialization complete on node 1",
        "start critical services on node 1"]
    assert result.explained[3].hidden_events == ["fallback on node 1",
                                                 "takeback complete on node 1"]


#: Both nodes failed, then node 1's SRM restarted beside its failed peer (row 15, then row 21).
#: Row 15 alone is explained as well with the critical service down on either node; row 21
#: needs the restart on the node that failed over, so the fault is on node 1.
FAILED_THEN_RESTARTED = HEADER + (
    "0,Running in Failed Mode,Critical Service Down,Running in Failed Mode,"
    "Critical Service Down\n"
    "600,Running in Failed Mode,Unknown,Running in Failed Mode,Unknown\n"
)


def assert_one_run(graph: Graph, result: Replay) -> None:
    """The lines' paths join end to start into one path of ``graph`` from the initial state,
    through a joint state that shows each snapshot."""
    paths = [e.path for e in result.explained]
    assert paths[0][0] == (None, 0)
    for before, after in itertools.pairwise(paths):
        assert before[-1][1] == after[0][1]
        assert after[0][0] is None
    state = 0
    for label, target in [step for path in paths for step in path[1:]]:
        assert any(t == target and graph.labels[i] == label for t, i in graph.edges[state])
        state = target
    for e in result.explained:
        n1, n2, _, _ = graph.states[e.path[-1][1]]
        assert e.snapshot.node1.shown_by(graph.pair.view(n1))
        assert e.snapshot.node2.shown_by(graph.pair.view(n2))


def test_the_lines_are_explained_by_one_run(spec: Spec, default_graph: Graph) -> None:
    """Line 2 (Normal / Normal) also agrees with a joint state where the critical service of
    node 1 is already down, not yet seen: explained line by line, line 2 took no hidden event
    while line 3 began from that state. As one run, the fault lies between lines 2 and 3."""
    result = replayed(spec, default_graph, CRITICAL_SERVICE)
    assert_one_run(default_graph, result)
    assert result.explained[0].hidden_events == []
    assert result.explained[1].hidden_events == [
        "critical service down on node 1", "critical service delay on node 1",
        "takeover complete on node 2"]


def test_a_later_line_decides_how_an_earlier_one_is_explained(spec: Spec,
                                                              default_graph: Graph) -> None:
    first_line = HEADER + FAILED_THEN_RESTARTED.splitlines(keepends=True)[1]
    alone = replayed(spec, default_graph, first_line)
    assert alone.explained[0].hidden_events == [
        "failover on node 1", "critical service down on node 2", "takeover complete on node 2"]
    result = replayed(spec, default_graph, FAILED_THEN_RESTARTED)
    assert_one_run(default_graph, result)
    assert [e.hidden_events for e in result.explained] == [
        ["failover on node 2", "critical service down on node 1", "takeover complete on node 1"],
        ["restart SRM on node 1", "initialization complete on node 1"]]
    assert causes(result) == [[("critical service down on node 1", 2)]] * 2


def test_a_line_names_its_root_cause_however_many_lines_back(spec: Spec,
                                                             default_graph: Graph) -> None:
    """Line 4 (Failed Over / Initialization) is reached by the administrator's actions, which
    also repaired the critical service: its cause is still the fault before line 3, until
    line 5 brings the pair back to Normal / Normal."""
    result = replayed(spec, default_graph, CRITICAL_SERVICE)
    fault = ("critical service down on node 1", 3)
    assert causes(result) == [[], [fault], [fault], []]
    text = to_text(result)
    assert ("    Table 2: row 11; hidden events: restart SRM on node 1, initialization complete "
            "on node 1, start critical services on node 1\n"
            "    root cause: critical service down on node 1 (before line 3)\n") in text
    assert text.count("root cause: no fault (the administrator's actions and the pair's own "
                      "events)") == 2
    longer = CRITICAL_SERVICE.replace(
        "2026-11-20T10:05:00Z,Failed Over,Initialization",
        "2026-11-20T10:03:00Z,Failed Over with Critical Services not Running,Critical Service "
        "Down,Running in Backup Mode,Critical Service Down\n"
        "2026-11-20T10:05:00Z,Failed Over,Initialization")
    assert causes(replayed(spec, default_graph, longer)) == [[], [fault], [fault], [fault], []]


def test_a_history_the_administrator_alone_explains_has_no_fault(spec: Spec,
                                                                 default_graph: Graph) -> None:
    """Node 1 Taking Over / Peer Down During Initialization beside node 2 Initializing: the
    shortest run cuts the link, one as short reboots node 2 (no fault): the replay takes the
    run with the fewest faults."""
    text = HEADER + ("0,Normal,Normal,Normal,Normal\n"
                     "60,Taking Over,Peer Down During Initialization,Initializing,Initialization\n")
    result = replayed(spec, default_graph, text)
    assert result.holds and causes(result) == [[], []]
    assert "reboot on node 2" in result.explained[1].hidden_events
    faults = {e.name for e in spec.events if e.kind == "fault"}
    assert not [s for e in result.explained for s in e.trace if s.event in faults]
    report = json.loads(json.dumps(replay_module.to_json(result)))
    assert [line["root_cause"] for line in report["lines"]] == [[], []]


def test_a_node_that_is_down_has_empty_fields(spec: Spec, default_graph: Graph) -> None:
    text = HEADER + "0,Normal,Normal,Normal,Normal\n60,,,Running in Backup Mode,Peer Down\n"
    result = replayed(spec, default_graph, text)
    assert result.holds and result.explained[1].rows == [16]
    assert result.explained[1].hidden_events[-1] == "takeover complete on node 2"


def test_the_first_unreachable_snapshot_stops_the_replay(spec: Spec,
                                                         default_graph: Graph) -> None:
    text = HEADER + ("0,Normal,Normal,Normal,Normal\n"
                     "10,Idle,On Admin Request,Running in Backup Mode,On Admin Request\n"
                     "20,Idle,On Admin Request,Normal,Normal\n")
    result = replayed(spec, default_graph, text)
    assert result.failed is not None and result.failed.line == 4
    assert ("fallback on node 1 -> node 1 Taking Back / On Admin Request, node 2 Falling Back "
            "/ On Admin Request") in result.allowed
    assert "the model cannot reach this from line 3" in to_text(result)


def test_the_command_reference_shows_what_its_history_gives(spec: Spec,
                                                            default_graph: Graph) -> None:
    """docs/commands.md: the history of ``prg replay FILE``, then what prg prints for it."""
    section = COMMANDS_MD.read_text(encoding="utf-8").split("### prg replay FILE")[1]
    history, printed = re.findall(r"```\n(.*?)```", section, re.DOTALL)[:2]
    result = replay_in(default_graph, 0, default_config(spec), read_history(spec, history),
                       "history.csv")
    assert to_text(result) + "\n" == printed


@pytest.mark.parametrize(("text", "message"), [
    ("time,node1_state\n", ":1: the header is 'time,node1_state'"),
    (HEADER + "5,Normal,Normal,Normal,Normal\n3,Normal,Normal,Normal,Normal\n",
     ":3: time 3 goes backwards (line 2 is 5)"),
    (HEADER + "5,Nromal,Normal,Normal,Normal\n",
     ":2: node1: unknown node state 'Nromal' (did you mean 'Normal'?)"),
    (HEADER + "5,Normal,Normal,Normal\n", ":2: 4 fields, expected 5"),
    (HEADER + "noon,Normal,Normal,Normal,Normal\n", ":2: time 'noon' is neither"),
    (HEADER + "5,,Peer Down,Normal,Normal\n", ":2: node 1 has a reason but no state"),
    (HEADER + "5,Normal,Normal,Normal,Normal\n2026-11-20T10:00:00Z,Normal,Normal,Normal,Normal\n",
     ":3: time 2026-11-20T10:00:00Z is ISO 8601 with a time zone, the lines before are seconds"),
    (HEADER + "nan,Normal,Normal,Normal,Normal\n", ":2: time 'nan' is not a number of seconds"),
    (HEADER + "-inf,Normal,Normal,Normal,Normal\n", ":2: time '-inf' is not a number"),
    (HEADER + "0001-01-01T00:00:00,Normal,Normal,Normal,Normal\n",
     ":2: time '0001-01-01T00:00:00' is out of range"),
    (HEADER + "0," + "x" * 140_000 + ",Normal,Normal,Normal\n", ":2: not CSV: field larger"),
])
def test_bad_histories_name_the_line(spec: Spec, text: str, message: str) -> None:
    with pytest.raises(HistoryError) as error:
        read_history(spec, text, "h.csv")
    assert str(error.value).startswith("h.csv") and message in str(error.value)


@pytest.mark.slow
def test_cli_replay(tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(CRITICAL_SERVICE, encoding="utf-8")
    done = prg("replay", str(history), "--format", "json")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert report["explained"] and [line["rows"] for line in report["lines"]][1] == [12]
    assert [line["root_cause"] for line in report["lines"]] == [
        [], *[[{"fault": "critical service down on node 1", "line": 3}]] * 2, []]
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "5,Normal,Normal,Normal,Normal\n3,Normal,Normal,Normal,Normal\n")
    done = prg("replay", str(bad))
    assert done.returncode == 2
    assert done.stderr == f"prg: error: {bad}:3: time 3 goes backwards (line 2 is 5)\n"


def test_a_file_too_large_for_a_history_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As /dev/zero would be, which has no end to read to."""
    monkeypatch.setattr(replay_module, "MAX_HISTORY_BYTES", 2**20)
    large = tmp_path / "large.csv"
    large.write_text(CRITICAL_SERVICE + "\n" * 2**20, encoding="utf-8")
    assert refused("replay", str(large)) == (
        f"prg: error: {large}: larger than 1 MiB: too large for a history")


#: Row 23 as the document prints it: node 1's reason is row 22's.
PRINTED_ROW_23 = HEADER + (
    "0,Normal,Normal,Normal,Normal\n"
    "600,Backup Activated,Auto Recover Database Failure,Failover Affected Services,"
    "Auto Recover Critical Service Down\n"
)


def test_a_snapshot_of_a_row_as_the_document_prints_it_is_that_row(
        spec: Spec, default_graph: Graph) -> None:
    result = replayed(spec, default_graph, PRINTED_ROW_23)
    assert result.holds
    printed = result.explained[1]
    assert printed.rows == [23] and printed.printed is spec.rows[22]
    last = printed.trace[-1]
    assert (last.node1.state, last.node1.reason) == (
        "Backup Activated", "Auto Recover Critical Service Down")
    assert replay_module.to_json(result)["lines"][1]["as_printed"] == 23
    text = to_text(result)
    assert "    Table 2: row 23 as printed in the document; hidden events:" in text
    assert "    The model shows row 23 as node 1 Backup Activated / Auto Recover Critical " \
           "Service Down, node 2 Failover Affected Services / Auto Recover Critical Service " \
           "Down: Node 1's reason as printed" in text


def test_without_the_printed_pair_the_snapshot_is_one_the_model_cannot_reach() -> None:
    result = replay(without_the_printed_pair(), PRINTED_ROW_23)
    assert not result.holds and result.failed is not None and result.failed.line == 3
