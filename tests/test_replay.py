"""prg replay: observed histories against the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prg.model.explore import Graph
from prg.model.product import default_config
from prg.model.spec import Spec
from prg.verify.tools import replay as replay_module
from prg.verify.tools.replay import HistoryError, Replay, read_history, replay_in, to_text

from .helpers import prg, refused

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


def test_a_history_is_explained_line_by_line(spec: Spec, default_graph: Graph) -> None:
    result = replayed(spec, default_graph, CRITICAL_SERVICE)
    assert result.holds
    assert [e.snapshot.line for e in result.explained] == [2, 3, 4, 5]
    assert [e.rows for e in result.explained] == [[1], [12], [11], [1]]
    assert result.explained[2].hidden_events == [
        "restart SRM on node 1", "start critical services on node 1",
        "initialization complete on node 1"]
    assert result.explained[3].hidden_events == ["fallback on node 1",
                                                 "takeback complete on node 1"]


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
