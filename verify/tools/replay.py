"""Checking an observed history against the model.

A history is CSV with the header ``time,node1_state,node1_reason,node2_state,node2_reason``:
one snapshot of the pair's status per line, as the admin page shows it (a node that is down
has empty fields; a state without a reason matches any reason). Snapshots are samples: any
number of steps the observer missed may lie between two, faults included.

The replay keeps every joint state that agrees with the history so far, and explains the whole
history as one run of the model: from the initial joint state (Normal / Normal) through one
joint state that each snapshot shows, the hidden events of each line taking up where those of
the line before ended. Of all such runs it is one with the fewest faults, and of those the
fewest steps: it claims a fault only where the history needs one. For each snapshot it reports
the Table 2 rows it shows, the run's hidden events since the previous snapshot, and the root
cause: the faults on the run since the pair was last Normal / Normal with every fact healthy,
up to the snapshot's joint state, each with the line before which it happened (a fault several
lines back still counts while the pair has not come back; a fault whose effects are all undone
does not). None means the line is the administrator's actions and the pair's own events. A
snapshot of a row as the document prints it where the spec reads it otherwise
(``also_printed``) is the joint states that show the row as the spec reads it. At the first
snapshot the model cannot reach from the previous one it stops, with what the model
allowed from there. The history is replayed in one configuration: the one the document
recommends, or the one the caller sets.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path as FilePath
from typing import Any, NamedTuple

from prg.model.errors import PrgError
from prg.model.explore import Graph, explore
from prg.model.graphs import Cost, cheapest, path_to, tree_to
from prg.model.names import Names, NodeQuery
from prg.model.node import FAULT
from prg.model.product import Config, Label, Pair, default_config
from prg.model.progress import Progress
from prg.model.spec import Row, Spec
from prg.model.table import documentation, nodes_healthy_and_normal, printed_row, row_read
from prg.model.traces import Trace, trace_of
from prg.model.words import config_words, step_words
from prg.verify.formats.trace import trace_json
from prg.verify.formats.wording import side_words

HEADER = ("time", "node1_state", "node1_reason", "node2_state", "node2_reason")
#: A history is a few lines a minute of a pair's status: a file larger than this is not one
#: (and a device such as /dev/zero would be read forever).
MAX_HISTORY_BYTES = 64 * 1024 * 1024

Path = list[tuple[Label | None, int]]


class HistoryError(PrgError):
    """A history file that cannot be read: the file, the line, what is wrong."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class Snapshot:
    """One line of a history: when, and what each node showed."""

    line: int
    time: str
    seconds: float
    node1: NodeQuery
    node2: NodeQuery

    def __str__(self) -> str:
        return f"node 1 {self.node1}, node 2 {self.node2}"


@dataclass(frozen=True)
class Fault:
    """A hidden fault of the run: its event, the node it happened on (None: both), and the
    line whose hidden events hold it (it happened after the line before)."""

    event: str
    node: int | None
    line: int

    def __str__(self) -> str:
        return step_words(self.event, self.node)


@dataclass
class Explained:
    """A snapshot the model reaches: the Table 2 rows it shows (ids); the run's hidden steps
    from the previous snapshot's joint state (or from Normal / Normal) to this one's, as state
    ids of the replayed graph (``path``) and as a TRACE; and its root cause, the faults on the
    run since the pair was last Normal / Normal with every fact healthy (none: no fault);
    ``printed``: the row the snapshot shows as the document prints it, where the model shows
    the row as the spec reads it."""

    snapshot: Snapshot
    rows: list[int]
    path: Path
    trace: Trace
    root_cause: tuple[Fault, ...]
    printed: Row | None = None

    @property
    def hidden_events(self) -> list[str]:
        return [step_words(str(e.event), e.node) for e in self.trace[1:]]


@dataclass
class Replay:
    """The replay of a history in one configuration."""

    path: str
    config: dict[str, Any]
    explained: list[Explained] = field(default_factory=list)
    failed: Snapshot | None = None
    allowed: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.failed is None


def read_history(spec: Spec, text: str, path: str = "<history>") -> list[Snapshot]:
    """The snapshots of a history; ``HistoryError`` for a wrong header, a line with the wrong
    number of fields, an unknown name, a bad time or a time going backwards."""
    names = Names(spec)
    rows = _records(text, path)
    numbered = [(n, r) for n, r in enumerate(rows, 1) if any(cell.strip() for cell in r)]
    if not numbered:
        raise HistoryError(path, None, "empty history: expected the header " + ",".join(HEADER))
    line, header = numbered[0]
    if tuple(cell.strip().lower() for cell in header) != HEADER:
        raise HistoryError(path, line, f"the header is {','.join(header)!r}, expected "
                                       f"{','.join(HEADER)!r}")
    snapshots: list[Snapshot] = []
    kinds: set[str] = set()
    for line, cells in numbered[1:]:
        if len(cells) != len(HEADER):
            raise HistoryError(path, line, f"{len(cells)} fields, expected {len(HEADER)}")
        time, seconds, kind = _time(cells[0].strip(), path, line)
        if kinds and kind not in kinds:
            raise HistoryError(path, line, f"time {time} is {kind}, the lines before are "
                                           f"{next(iter(kinds))}")
        kinds.add(kind)
        if snapshots and seconds < snapshots[-1].seconds:
            raise HistoryError(path, line, f"time {time} goes backwards (line "
                                           f"{snapshots[-1].line} is {snapshots[-1].time})")
        first = _node(names, cells[1], cells[2], path, line, 1)
        second = _node(names, cells[3], cells[4], path, line, 2)
        snapshots.append(Snapshot(line, time, seconds, first, second))
    if not snapshots:
        raise HistoryError(path, line, "no snapshot after the header")
    return snapshots


def _records(text: str, path: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error as error:  # a field over the csv module's limit, say
        raise HistoryError(path, reader.line_num, f"not CSV: {error}") from None


def _time(text: str, path: str, line: int) -> tuple[str, float, str]:
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(seconds):
            raise HistoryError(path, line, f"time {text!r} is not a number of seconds")
        return text, seconds, "seconds"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise HistoryError(path, line, f"time {text!r} is neither seconds nor ISO 8601") from None
    try:
        seconds = moment.timestamp()
    except (ValueError, OverflowError, OSError):  # local time before year 1 or after 9999
        raise HistoryError(path, line, f"time {text!r} is out of range") from None
    if moment.tzinfo is None:
        return text, seconds, "ISO 8601 without a time zone"
    return text, seconds, "ISO 8601 with a time zone"


def _node(names: Names, state: str, reason: str, path: str, line: int, node: int) -> NodeQuery:
    if not state.strip():
        if reason.strip():
            raise HistoryError(path, line, f"node {node} has a reason but no state")
        return NodeQuery(None, None)
    try:
        return NodeQuery(names.state(state),
                         names.reason(reason) if reason.strip() else None)
    except PrgError as error:
        raise HistoryError(path, line, f"node{node}: {error}") from None


def replay(spec: Spec, history: str | FilePath, fault_budget: int = 1,
           progress: Progress | None = None) -> Replay:
    """Replay a history (a file's path, or its text) in the spec's default configuration
    (every option at its default: fix one with ``prg.model.settings.with_settings``);
    ``progress`` hears how its search goes."""
    if isinstance(history, FilePath):
        snapshots = read_history(spec, _read(history), str(history))
        name = str(history)
    else:
        snapshots = read_history(spec, history)
        name = "<history>"
    config = default_config(spec)
    return replay_in(explore(Pair(spec, config, fault_budget), progress=progress), 0, config,
                     snapshots, name)


def _read(history: FilePath) -> str:
    try:
        with history.open("rb") as file:
            data = file.read(MAX_HISTORY_BYTES + 1)
    except OSError as error:
        raise HistoryError(str(history), None, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_HISTORY_BYTES:
        raise HistoryError(str(history), None, f"larger than {MAX_HISTORY_BYTES // 2**20} MiB: "
                                               "too large for a history")
    try:
        return data.decode("utf-8-sig")  # spreadsheets write a BOM
    except UnicodeDecodeError as error:
        raise HistoryError(str(history), None, f"cannot read: {error}") from None


def replay_in(graph: Graph, root: int, config: Config, snapshots: Sequence[Snapshot],
              name: str = "<history>") -> Replay:
    """Replay the snapshots in ``graph`` from state ``root`` (the initial state of ``config``):
    forward, per snapshot, every joint state that agrees with the history so far, with the
    cheapest run to each (fewest faults, then fewest steps); then back from the cheapest at
    the last snapshot explained (of those, one with the fewest faults left outstanding), the
    one run that ends there."""
    pair = graph.pair
    result = Replay(name, dict(config))
    shows: dict[tuple[int, int, NodeQuery, NodeQuery], bool] = {}

    def matches(index: int, snapshot: Snapshot, printed: tuple[Row, bool] | None) -> bool:
        n1, n2, _, _ = graph.states[index]
        key = (n1, n2, snapshot.node1, snapshot.node2)
        if key not in shows:
            if printed is not None:
                row, swapped = printed
                shows[key] = row_read(pair, n2, n1, row) if swapped else row_read(
                    pair, n1, n2, row)
            else:
                shows[key] = (snapshot.node1.shown_by(pair.view(n1))
                              and snapshot.node2.shown_by(pair.view(n2)))
        return shows[key]

    faults = graph.label_ids([FAULT])
    layers: list[_Layer] = []
    current: dict[int, Cost] = {root: (0, 0)}
    for snapshot in snapshots:
        printed = printed_row(pair.spec, snapshot.node1, snapshot.node2)
        cost, parent = cheapest(graph.edges, current, faults)
        found = [i for i in cost if matches(i, snapshot, printed)]
        if not found:
            result.failed = snapshot
            result.allowed = _allowed(graph, list(current))
            break
        layers.append(_Layer(snapshot, found, tree_to(parent, found),
                             printed[0] if printed else None))
        current = {i: cost[i] for i in found}
    if layers:
        info = pair.nodes.info

        def cost_then_faults_left(state: int) -> tuple[Cost, int]:
            n1, n2, _, _ = graph.states[state]
            return current[state], pair.semantics.pair_faults(info[n1], info[n2])

        result.explained = _explain(graph, layers, min(current, key=cost_then_faults_left))
    return result


class _Layer(NamedTuple):
    """A snapshot explained: the joint states that show it (the cheapest first), the
    parents of the cheapest runs to them from the states of the snapshot before, and the row
    it shows as the document prints it (None: as the spec reads it, or none)."""

    snapshot: Snapshot
    found: list[int]
    parent: dict[int, tuple[int, int]]
    printed: Row | None


def _explain(graph: Graph, layers: Sequence[_Layer], end: int) -> list[Explained]:
    """The run that ends in state ``end`` at the last layer, read back a layer at a time (each
    part starts in a state of the layer before), then each line with its root cause."""
    paths: list[Path] = []
    for layer in reversed(layers):
        paths.append(_path(graph, layer.parent, end))
        end = paths[-1][0][1]
    paths.reverse()
    pair = graph.pair
    explained = []
    since_normal: list[Fault] = []
    for layer, path in zip(layers, paths, strict=True):
        for label, state in path[1:]:
            assert label is not None
            if pair.semantics.is_fault(label.event):
                since_normal.append(Fault(label.event, label.node, layer.snapshot.line))
            if nodes_healthy_and_normal(pair, *graph.states[state][:2]):
                since_normal = []
        explained.append(Explained(layer.snapshot, _rows(pair, graph, layer.found), path,
                                   trace_of(graph, path), tuple(since_normal), layer.printed))
    return explained


def _path(graph: Graph, parent: dict[int, tuple[int, int]], target: int) -> Path:
    return [(None if label is None else graph.labels[label], state)
            for label, state in path_to(parent, target)]


def _rows(pair: Pair, graph: Graph, states: Sequence[int]) -> list[int]:
    found: set[int] = set()
    for n1, n2 in {graph.states[i][:2] for i in states}:
        shown = documentation(pair, n1, n2)
        if isinstance(shown, Row):
            found.add(shown.id)
    return sorted(found)


def _allowed(graph: Graph, states: Sequence[int]) -> list[str]:
    """What the model allows next from ``states``: each event that changes what the admin
    page shows, with what it then shows, then the events that change nothing it shows."""
    pair = graph.pair
    changes: dict[str, None] = {}
    unseen: dict[str, None] = {}
    for state in states:
        before = tuple(_visible(pair, n) for n in graph.states[state][:2])
        for target, label in graph.edges[state]:
            found = graph.labels[label]
            after = tuple(_visible(pair, n) for n in graph.states[target][:2])
            words = step_words(found.event, found.node)
            if after == before:
                unseen[words] = None
            else:
                changes[f"{words} -> node 1 {after[0]}, node 2 {after[1]}"] = None
    hidden = [f"(shows the same) {', '.join(unseen)}"] if unseen else []
    return [*changes, *hidden]


def _visible(pair: Pair, node: int) -> str:
    view = pair.view(node)
    return f"{view.state} / {view.reason}" if view.up else "(down)"


# -- output --------------------------------------------------------------------------------------


def to_json(result: Replay) -> dict[str, Any]:
    return {
        "file": result.path,
        "config": result.config,
        "explained": result.holds,
        "lines": [
            {
                "line": e.snapshot.line,
                "time": e.snapshot.time,
                "node1": _query_json(e.snapshot.node1),
                "node2": _query_json(e.snapshot.node2),
                "rows": e.rows,
                "as_printed": e.printed.id if e.printed else None,
                "hidden_events": e.hidden_events,
                "root_cause": [{"fault": str(f), "line": f.line} for f in e.root_cause],
                "trace": trace_json(e.trace),
            }
            for e in result.explained
        ],
        "failed": None if result.failed is None else {
            "line": result.failed.line,
            "time": result.failed.time,
            "node1": _query_json(result.failed.node1),
            "node2": _query_json(result.failed.node2),
            "previous_line": result.explained[-1].snapshot.line if result.explained else None,
            "allowed": result.allowed,
        },
    }


def _root_cause_words(faults: Sequence[Fault]) -> str:
    if not faults:
        return "no fault (the administrator's actions and the pair's own events)"
    return ", ".join(f"{f} (before line {f.line})" for f in faults)


def _query_json(query: NodeQuery) -> dict[str, Any]:
    return {"state": query.state, "reason": query.reason}


def to_text(result: Replay) -> str:
    config = config_words(result.config)
    lines = [f"replay of {result.path} (configuration {config})"]
    for e in result.explained:
        rows = ("row " + " or ".join(str(r) for r in e.rows)) if e.rows else "not in Table 2"
        hidden = ", ".join(e.hidden_events) or "none"
        lines.append(f"line {e.snapshot.line} ({e.snapshot.time}): {e.snapshot}")
        if e.printed is not None:
            rows = f"row {e.printed.id} as printed in the document"
        lines.append(f"    Table 2: {rows}; hidden events: {hidden}")
        if e.printed is not None:
            lines.append(f"    The model shows row {e.printed.id} as node 1 "
                         f"{side_words(e.printed.node1)}, node 2 {side_words(e.printed.node2)}: "
                         f"{e.printed.at.decision}")
        lines.append(f"    root cause: {_root_cause_words(e.root_cause)}")
    if result.failed is None:
        count = len(result.explained)
        lines.append(f"every snapshot is explained by the model ({count} "
                     f"line{'' if count == 1 else 's'})")
        return "\n".join(lines)
    failed = result.failed
    after = (f"line {result.explained[-1].snapshot.line}" if result.explained
             else "Normal / Normal")
    lines.append(f"line {failed.line} ({failed.time}): {failed}")
    lines.append(f"    the model cannot reach this from {after}, with any hidden events.")
    lines.append(f"    From {after} the model allows next:")
    lines += [f"      {step}" for step in result.allowed]
    return "\n".join(lines)
