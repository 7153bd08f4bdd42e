"""The explicit-state search on arrays: a breadth-first search that reads one level at a time
as numpy arrays, and the graph it finds as arrays (edges in compressed sparse rows).

A joint state is a *control* (node 1, node 2, high availability) and a *users* tuple; the
search numbers both as it meets them. A level is every state found at one distance from the
roots; its edges are worked out at once from each control's steps (``Pair.steps``, a slice of
flat step arrays) and each users tuple's moves (``Pair.move_users``, a table filled as moves are
met). New targets are numbered in the order of their first edge, which is the order in which
``prg.model.explore`` numbers them: both searches give the same states, parents and edges, so
every trace is the same shortest one. ``prg.model.explore`` makes its graph of it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from . import progress as progress_module
from .cache import CachedSearch
from .errors import StateLimit
from .graphs import first_places
from .product import Joint, Pair, Users
from .progress import Progress, Searching
from .searching import MAX_STATES, collector_paused, limit_message
from .tables import Tables, compile_tables

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]
#: What a graph keeps: state ids (and control and users ids) in 32 bits, label ids in 16.
Ids = npt.NDArray[np.int32]
LabelIds = npt.NDArray[np.signedinteger[Any]]
Table = TypeVar("Table", Ints, Ids, Flags)

#: Marks in the tables: a move that cannot be made, and a move or state not met yet.
_BLOCKED = -1
_UNKNOWN = -2
_LABELS_IN_16_BITS = 1 << 15
#: The most states expanded at once: the arrays of their edges are what a search holds besides
#: its graph.
_STATES_AT_ONCE = 1 << 15
#: The columns the number table takes on at once as users tuples are met: it has a row per
#: control, so each column costs a number per control.
_COLUMNS_MORE = 8
#: At least the size from which the C library gives an array memory of its own (at most
#: 32 MiB, for glibc on 64 bits), which it gives back to the system when the array is let go.
_BLOCK_BYTES = 1 << 25


def _grown(array: Table, size: int, fill: int) -> Table:
    """``array`` with room for at least ``size`` rows (a quarter more each time: what is
    held and never filled stays small), new rows ``fill``."""
    if size <= len(array):
        return array
    bigger = np.full((max(size, len(array) + len(array) // 4), *array.shape[1:]), fill,
                     dtype=array.dtype)
    bigger[:len(array)] = array
    return bigger


def _widened(array: Table, columns: int, fill: int) -> Table:
    """A 2-D ``array`` with room for at least ``columns`` columns (``_COLUMNS_MORE`` more
    each time)."""
    if columns <= array.shape[1]:
        return array
    wider = np.full((array.shape[0], max(columns, array.shape[1] + _COLUMNS_MORE)), fill,
                    dtype=array.dtype)
    wider[:, :array.shape[1]] = array
    return wider


class _Joined:
    """Arrays written one after another into blocks of ``_BLOCK_BYTES``, and joined into
    one at the end (``joined``). A block so large has memory of its own from the system,
    given back the moment it is let go, and only the part written to is ever resident: the
    whole is never held twice, where arrays kept one per level would stay with the process
    when let go."""

    def __init__(self, dtype: type[np.signedinteger[Any]]) -> None:
        self.dtype = dtype
        self.blocks: list[npt.NDArray[Any]] = []
        self.filled = 0  # of the last block

    def __len__(self) -> int:
        return sum(map(len, self.blocks[:-1])) + self.filled

    def widen(self, dtype: type[np.signedinteger[Any]]) -> None:
        """Hold values of ``dtype`` from now on (a wider one)."""
        if dtype != self.dtype:
            self.dtype = dtype
            self.blocks = [block.astype(dtype) for block in self.blocks]

    def add(self, values: npt.NDArray[Any]) -> None:
        at = 0
        while at < len(values):
            if not self.blocks or self.filled == len(self.blocks[-1]):
                self.blocks.append(np.empty(_BLOCK_BYTES // np.dtype(self.dtype).itemsize,
                                            dtype=self.dtype))
                self.filled = 0
            block = self.blocks[-1]
            taken = min(len(values) - at, len(block) - self.filled)
            block[self.filled:self.filled + taken] = values[at:at + taken]
            self.filled += taken
            at += taken

    def joined(self) -> npt.NDArray[Any]:
        """Every value added, in order; the blocks are let go as they are copied, the last
        first."""
        end = len(self)
        joined = np.empty(end, dtype=self.dtype)
        if self.blocks:
            self.blocks[-1] = self.blocks[-1][:self.filled]
        while self.blocks:
            block = self.blocks.pop()
            joined[end - len(block):end] = block
            end -= len(block)
        self.filled = 0
        return joined


@dataclass
class ArrayGraph:
    """The reachable part of a pair, as arrays. State ``i`` is control ``state_control[i]``
    (an index into ``controls``) with users ``state_users[i]`` (into ``users``); it was first
    reached from ``parent[i]`` by label ``parent_label[i]`` (a root is its own parent, label
    -1). Its edges are ``targets[offsets[i]:offsets[i + 1]]`` with ``labels`` beside them, in
    the order the pair's steps give them. Label ids are the pair's (``pair.labels``)."""

    pair: Pair
    controls: list[tuple[int, int, bool]]
    users: list[Users]
    state_control: Ids
    state_users: Ids
    parent: Ids
    parent_label: LabelIds
    offsets: Ints
    targets: Ids
    labels: LabelIds
    seconds: float
    #: As ``Graph.closed`` and ``Graph.roots``: the states found once each root's reach was
    #: complete, and the id of each root.
    closed: list[int] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.state_control)

    @property
    def transitions(self) -> int:
        return len(self.targets)

    def joint(self, state: int) -> Joint:
        n1, n2, ha = self.controls[int(self.state_control[state])]
        return n1, n2, ha, self.users[int(self.state_users[state])]


def search(pair: Pair, roots: Sequence[Joint] | None = None, limit: int = MAX_STATES,
           progress: Progress | None = None) -> ArrayGraph:
    """Breadth-first search of every joint state reachable from the pair's initial state, or
    from each of ``roots`` in turn, finding what the reference search a state at a time
    (``prg.model.explore.explore_one_by_one``) finds: the same states, numbering and edges.
    ``StateLimit`` where there are more than ``limit`` joint states; ``progress`` hears the
    joint states found at the end of each level that takes them past another
    ``SEARCH_REPORT_EVERY``, and at the end. The steps of each pair of nodes come from the
    compiled tables where the cache holds them (``prg.model.cache``), else from the rules, and
    are then stored."""
    roots = roots or [pair.initial]
    with collector_paused():
        cached = CachedSearch(pair, roots)
        search = _Search(pair, limit, progress, cached.tables)
        found = search.run(roots)
        cached.keep(search.tables)
        return found


class _Search:
    def __init__(self, pair: Pair, limit: int, progress: Progress | None,
                 compiled: Tables | None = None) -> None:
        self.pair = pair
        self.limit = limit
        self.progress = progress
        self.controls: list[tuple[int, int, bool]] = []
        self.control_ids: dict[tuple[int, int, bool], int] | None = {}
        self.users: list[Users] = []
        self.user_ids: dict[Users, int] = {}
        # A count above every user there can be comes only from a move that duplicates
        # users: that state is already a counterexample and is not expanded (as the reference
        # search does).
        self.bounded: Flags = np.zeros(16, dtype=np.bool_)
        # Each control's steps, a slice of the flat step arrays (count _UNKNOWN: not worked
        # out yet).
        self.step_start: Ints = np.zeros(1024, dtype=np.int64)
        self.step_count: Ints = np.full(1024, _UNKNOWN, dtype=np.int64)
        self.step_label: Ids = np.zeros(4096, dtype=np.int32)
        self.step_control: Ids = np.zeros(4096, dtype=np.int32)
        self.step_moves: Ids = np.zeros(4096, dtype=np.int32)
        self.steps = 0
        # The users id after a set of moves, per (users id, moves id).
        self.moved: Ints = np.full((16, 16), _UNKNOWN, dtype=np.int64)
        # The state id of each (control, users) met.
        self.number: Ids = np.full((1024, 16), _UNKNOWN, dtype=np.int32)
        self.state_control: Ids = np.zeros(1024, dtype=np.int32)
        self.state_users: Ids = np.zeros(1024, dtype=np.int32)
        self.parent: Ids = np.zeros(1024, dtype=np.int32)
        # Label ids in 16 bits until the pair has met more labels than that.
        self.parent_label: LabelIds = np.zeros(1024, dtype=np.int16)
        self.size = 0
        if compiled is not None:
            self.read(compiled)

    def read(self, compiled: Tables) -> None:
        """Take the controls and their steps from compiled tables (the pair already numbered
        as they are): no step of theirs is worked out from the rules."""
        assert not self.controls, "compiled tables number the controls from the first"
        self.controls = compiled.control_triples()
        # Their index is made only if a step is worked out (``control``).
        self.control_ids = None
        counts = np.frombuffer(compiled.step_counts, dtype=np.int32).astype(np.int64)
        worked_out = np.maximum(counts, 0)
        self.step_count = _grown(np.where(counts < 0, _UNKNOWN, counts), 1024, _UNKNOWN)
        self.step_start = _grown(np.cumsum(worked_out) - worked_out, 1024, 0)
        self.steps = int(worked_out.sum())
        # The tables' own arrays, not copies: steps worked out are added past their end,
        # where they are grown into new arrays.
        for name, values in (("step_label", compiled.step_labels),
                             ("step_control", compiled.step_controls),
                             ("step_moves", compiled.step_moves)):
            setattr(self, name, _grown(np.frombuffer(values, dtype=np.int32), 4096, 0))

    def tables(self) -> Tables:
        """The compiled tables of this search: its controls and the steps it worked out,
        control after control."""
        known = len(self.controls)
        counts = self.step_count[:known]
        steps = [np.arange(self.step_start[c], self.step_start[c] + counts[c])
                 for c in range(known) if counts[c] >= 0]
        taken = np.concatenate(steps) if steps else np.zeros(0, np.int64)
        return compile_tables(
            self.pair, self.controls, np.where(counts < 0, -1, counts).tolist(),
            self.step_label[taken].tolist(), self.step_control[taken].tolist(),
            self.step_moves[taken].tolist())

    def control(self, triple: tuple[int, int, bool]) -> int:
        if self.control_ids is None:
            with suppress(ValueError):  # a root of a search that read compiled tables
                return self.controls.index(triple)
            self.control_ids = dict(zip(self.controls, range(len(self.controls)),
                                        strict=True))
        found = self.control_ids.get(triple)
        if found is None:
            found = self.control_ids[triple] = len(self.controls)
            self.controls.append(triple)
        return found

    def user(self, users: Users) -> int:
        found = self.user_ids.get(users)
        if found is None:
            found = self.user_ids[users] = len(self.users)
            self.users.append(users)
            self.bounded = _grown(self.bounded, len(self.users), 0)
            self.bounded[found] = max(users) <= self.pair.max_users
        return found

    def add_steps(self, controls: list[int]) -> None:
        """Work out the steps of ``controls``, in this order (the order a search a state at a
        time meets them in, which is the order the pair numbers its local states and labels
        in)."""
        labels: list[int] = []
        targets: list[int] = []
        moves: list[int] = []
        starts: list[int] = []
        counts: list[int] = []
        end = self.steps
        for control in controls:
            found = self.pair.steps(*self.controls[control])
            starts.append(end)
            counts.append(len(found))
            end += len(found)
            for label, n1, n2, ha, move in found:
                labels.append(label)
                targets.append(self.control((n1, n2, ha)))
                moves.append(move)
        self.step_label = _grown(self.step_label, end, 0)
        self.step_control = _grown(self.step_control, end, 0)
        self.step_moves = _grown(self.step_moves, end, 0)
        self.step_label[self.steps:end] = labels
        self.step_control[self.steps:end] = targets
        self.step_moves[self.steps:end] = moves
        self.step_start = _grown(self.step_start, len(self.controls), 0)
        self.step_count = _grown(self.step_count, len(self.controls), _UNKNOWN)
        self.step_start[controls] = starts
        self.step_count[controls] = counts
        self.steps = end

    def move(self, users: Ids, moves: Ids) -> Ints:
        """The users ids after ``moves`` (``_BLOCKED`` where a move needs users not there)."""
        self.moved = _widened(_grown(self.moved, len(self.users), _UNKNOWN),
                              int(moves.max()) + 1, _UNKNOWN)
        moved = self.moved.reshape(-1)
        keys = users.astype(np.int64) * self.moved.shape[1] + moves
        after: Ints = moved[keys]
        unknown = np.flatnonzero(after == _UNKNOWN)
        if len(unknown):
            width = self.moved.shape[1]
            for key in first_places(keys[unknown])[0].tolist():
                before, moves_id = divmod(key, width)
                result = self.pair.move_users(self.users[before], moves_id)
                found = _BLOCKED if result is None else self.user(result)
                self.moved = _grown(self.moved, len(self.users), _UNKNOWN)
                self.moved[before, moves_id] = found
            after[unknown] = self.moved.reshape(-1)[keys[unknown]]
        return after

    def add_states(self, controls: Ids, users: Ids, sources: Ids, labels: Ids) -> Ids:
        """The state id of each (control, users) pair: those not numbered yet are numbered
        in the order each first occurs, each with the edge that first reached it (from
        ``sources``, by ``labels``) as its parent."""
        self.number = _widened(_grown(self.number, len(self.controls), _UNKNOWN),
                               len(self.users), _UNKNOWN)
        numbers = self.number.reshape(-1)
        keys = controls.astype(np.int64) * self.number.shape[1] + users
        ids: Ids = numbers[keys]
        new = np.flatnonzero(ids < 0)
        if not len(new):
            return ids
        # Where each new pair first occurs: every occurrence offers its place, the least stays.
        new_keys = keys[new]
        numbers[new_keys] = len(keys)
        np.minimum.at(numbers, new_keys, new.astype(numbers.dtype))
        first = new[numbers[new_keys] == new]
        start, end = self.size, self.size + len(first)
        if end > self.limit:
            numbers[new_keys] = _UNKNOWN
            raise StateLimit(limit_message(self.pair, self.limit))
        numbers[keys[first]] = np.arange(start, end)
        if self.parent_label.dtype == np.int16 and len(self.pair.labels) >= _LABELS_IN_16_BITS:
            self.parent_label = self.parent_label.astype(np.int32)
        for name in ("state_control", "state_users", "parent", "parent_label"):
            setattr(self, name, _grown(getattr(self, name), end, 0))
        self.state_control[start:end] = controls[first]
        self.state_users[start:end] = users[first]
        self.parent[start:end] = sources[first]
        self.parent_label[start:end] = labels[first]
        self.size = end
        ids[new] = numbers[new_keys]
        return ids

    def level(self, start: int, end: int) -> tuple[Ids, Ids, Ints]:
        """Every edge of states ``start`` to ``end``: targets, labels, and how many each
        state has."""
        controls = self.state_control[start:end]
        users = self.state_users[start:end]
        counts = self.step_count[controls]
        unknown = counts == _UNKNOWN
        if unknown.any():
            self.add_steps(first_places(controls[unknown])[0].tolist())
            counts = self.step_count[controls]
        counts = np.where(self.bounded[users], counts, 0)
        ends = np.cumsum(counts)
        total = int(ends[-1]) if len(ends) else 0
        step = np.repeat(self.step_start[controls] - (ends - counts), counts)
        step += np.arange(total)
        sources = np.repeat(np.arange(start, end, dtype=np.int32), counts)
        after = np.repeat(users, counts)
        moves = self.step_moves[step]
        moving = np.flatnonzero(moves)
        if len(moving):
            moved = self.move(after[moving], moves[moving])
            after[moving] = moved
            blocked = moving[moved < 0]
            if len(blocked):
                counts = counts - np.bincount(sources[blocked] - start, minlength=end - start)
                kept = np.ones(total, dtype=np.bool_)
                kept[blocked] = False
                step, after, sources = step[kept], after[kept], sources[kept]
        labels = self.step_label[step]
        targets = self.step_control[step]
        ids = self.add_states(targets, after, sources, labels)
        return ids, labels, counts

    def run(self, roots: Sequence[Joint]) -> ArrayGraph:
        begin = time.perf_counter()
        # Every edge, level after level, and how many each state has.
        targets, labels = _Joined(np.int32), _Joined(np.int16)
        counts: list[npt.NDArray[np.unsignedinteger[Any]]] = []
        closed: list[int] = []
        root_ids: list[int] = []
        done = reported = 0
        for n1, n2, ha, users in roots:
            control, user = self.control((n1, n2, ha)), self.user(users)
            self.add_states(*(np.array([value], np.int32)
                              for value in (control, user, self.size, -1)))
            root_ids.append(int(self.number[control, user]))
            while done < self.size:
                # One breadth-first level, read a part at a time: its states are expanded in
                # order whatever the parts, so the states are numbered the same.
                end = self.size
                while done < end:
                    part_end = min(end, done + _STATES_AT_ONCE)
                    found = self.level(done, part_end)
                    # Label ids fit 16 bits unless the pair has met more labels than that.
                    labels.widen(self.parent_label.dtype.type)
                    targets.add(found[0])
                    labels.add(found[1])
                    # Most states have a few steps: a byte each where they all fit.
                    counts.append(found[2].astype(
                        np.min_scalar_type(int(found[2].max(initial=0)))))
                    done = part_end
                if self.progress is not None and (
                        self.size // progress_module.SEARCH_REPORT_EVERY
                        > reported // progress_module.SEARCH_REPORT_EVERY):
                    self.progress(Searching(self.pair.config_items, self.size))
                    reported = self.size
            closed.append(self.size)
        if self.progress is not None:
            self.progress(Searching(self.pair.config_items, self.size, finished=True))
        size = self.size
        # The number table is no longer read: let it go before the graph's arrays are made.
        self.number = np.zeros((0, 0), dtype=np.int32)
        offsets = np.zeros(size + 1, dtype=np.int64)
        at = 0
        for level in counts:
            np.cumsum(level, out=offsets[at + 1:at + 1 + len(level)])
            offsets[at + 1:at + 1 + len(level)] += offsets[at]
            at += len(level)
        counts.clear()
        # The states' arrays give back the room they were grown by.
        for name in ("state_control", "state_users", "parent", "parent_label"):
            getattr(self, name).resize(size, refcheck=False)
        return ArrayGraph(
            self.pair, self.controls, self.users, self.state_control, self.state_users,
            self.parent, self.parent_label, offsets, targets.joined(), labels.joined(),
            time.perf_counter() - begin, closed, root_ids)
