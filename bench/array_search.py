"""What a breadth-first search over numpy arrays would gain over prg's explorer.

prg's explorer (``prg.model.explore``) numbers each new joint state when it first meets it,
reading states in the order they were numbered. The search here reads a whole breadth-first
level at once, as arrays: every edge of the level, in that same order, then numbers the new
targets in the order of their first edge. That is the explorer's numbering. The script
checks that both give the same states, parents and edges on every configuration group of the
bundled spec, then times both. The steps of each pair of nodes come from the same
``Pair.steps`` in both; only the search differs. Edges come out as flat arrays (targets,
labels, and a count per state), not as the explorer's lists of pairs.

prg's properties read the explored graph as arrays (``prg.model.graphs.Steps``); the search
itself is still the explorer's.

    python bench/array_search.py [--runs 3] [--no-check]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from prg.model.explore import Graph, collector_paused, explore
from prg.model.load import load_spec
from prg.model.product import Joint, Pair, Users, configuration_groups
from prg.model.spec import Spec

Array = np.ndarray


def grown(array: Array, size: int, fill: int) -> Array:
    """``array`` with room for at least ``size`` rows (doubling), new rows ``fill``."""
    if size <= len(array):
        return array
    bigger = np.full((max(size, 2 * len(array)), *array.shape[1:]), fill, dtype=array.dtype)
    bigger[:len(array)] = array
    return bigger


def widened(array: Array, columns: int, fill: int) -> Array:
    """A 2-D ``array`` with room for at least ``columns`` columns (doubling)."""
    if columns <= array.shape[1]:
        return array
    wider = np.full((array.shape[0], max(columns, 2 * array.shape[1])), fill, dtype=array.dtype)
    wider[:, :array.shape[1]] = array
    return wider


@dataclass
class Found:
    """The search's result: per state its control and users ids and its parent edge; per
    edge its target and label, grouped by source (``counts`` edges each)."""

    controls: list[tuple[int, int, bool]]
    users: list[Users]
    state_control: Array
    state_users: Array
    parent: Array
    parent_label: Array
    targets: Array
    labels: Array
    counts: Array
    seconds: float


class ArraySearch:
    """One search over a pair, from several roots taken one after the other (as
    ``prg.model.explore.explore``). A joint state is (control, users): ``control`` numbers the
    (node 1, node 2, ha) triples met, ``users`` the user tuples."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.controls: list[tuple[int, int, bool]] = []
        self.control_ids: dict[tuple[int, int, bool], int] = {}
        self.users: list[Users] = []
        self.user_ids: dict[Users, int] = {}
        self.bounded = np.zeros(16, dtype=bool)
        # Each control's steps, as a slice of the flat step arrays (-1: not worked out yet).
        self.step_start = np.full(1024, -1, dtype=np.int64)
        self.step_count = np.full(1024, -1, dtype=np.int64)
        self.step_label = np.zeros(1024, dtype=np.int64)
        self.step_control = np.zeros(1024, dtype=np.int64)
        self.step_moves = np.zeros(1024, dtype=np.int64)
        self.steps = 0
        # Users id after a set of moves, per (users id, moves id): -1 blocked, -2 not known.
        self.moved = np.full((16, 16), -2, dtype=np.int64)
        # State id per (control, users), -1 for none yet.
        self.number = np.full((1024, 16), -1, dtype=np.int64)
        self.state_control = np.zeros(1024, dtype=np.int64)
        self.state_users = np.zeros(1024, dtype=np.int64)
        self.parent = np.zeros(1024, dtype=np.int64)
        self.parent_label = np.zeros(1024, dtype=np.int64)
        self.size = 0

    def control(self, triple: tuple[int, int, bool]) -> int:
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
            self.bounded = grown(self.bounded, len(self.users), 0)
            self.bounded[found] = max(users) <= self.pair.max_users
        return found

    def add_steps(self, controls: Sequence[int]) -> None:
        """Work out the steps of ``controls``, in this order (as the explorer meets them)."""
        labels, targets, moves, starts, counts = [], [], [], [], []
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
        for name in ("step_label", "step_control", "step_moves"):
            setattr(self, name, grown(getattr(self, name), end, 0))
        self.step_label[self.steps:end] = labels
        self.step_control[self.steps:end] = targets
        self.step_moves[self.steps:end] = moves
        self.step_start = grown(self.step_start, len(self.controls), -1)
        self.step_count = grown(self.step_count, len(self.controls), -1)
        self.step_start[list(controls)] = starts
        self.step_count[list(controls)] = counts
        self.steps = end

    def move(self, users: Array, moves: Array) -> Array:
        """The users ids after ``moves`` (-1 where a move is blocked)."""
        if moves.max() >= self.moved.shape[1] or len(self.users) > len(self.moved):
            self.moved = widened(grown(self.moved, len(self.users), -2), int(moves.max()) + 1, -2)
        after = self.moved[users, moves]
        unknown = after == -2
        if unknown.any():
            width = self.moved.shape[1]
            keys, first = np.unique(users[unknown] * width + moves[unknown], return_index=True)
            for key in keys[np.argsort(first)].tolist():
                before, moves_id = divmod(key, width)
                result = self.pair.move_users(self.users[before], moves_id)
                found = -1 if result is None else self.user(result)
                self.moved = grown(self.moved, len(self.users), -2)
                self.moved[before, moves_id] = found
            after = self.moved[users, moves]
        return after

    def add_states(self, controls: Array, users: Array, sources: Array,
                   labels: Array) -> None:
        """Number the (control, users) pairs not numbered yet, in order of first occurrence,
        each with the edge that first reached it as its parent."""
        self.number = widened(grown(self.number, len(self.controls), -1), len(self.users), -1)
        new = self.number[controls, users] < 0
        if not new.any():
            return
        width = self.number.shape[1]
        keys, first = np.unique(controls[new] * width + users[new], return_index=True)
        order = np.argsort(first)
        keys, first = keys[order], first[order]
        start, end = self.size, self.size + len(keys)
        self.number[keys // width, keys % width] = np.arange(start, end)
        for name in ("state_control", "state_users", "parent", "parent_label"):
            setattr(self, name, grown(getattr(self, name), end, 0))
        self.state_control[start:end] = keys // width
        self.state_users[start:end] = keys % width
        self.parent[start:end] = sources[new][first]
        self.parent_label[start:end] = labels[new][first]
        self.size = end

    def level(self, start: int, end: int) -> tuple[Array, Array, Array]:
        """Every edge of states ``start`` to ``end``: targets, labels, and how many per state."""
        controls = self.state_control[start:end]
        users = self.state_users[start:end]
        self.step_start = grown(self.step_start, len(self.controls), -1)
        self.step_count = grown(self.step_count, len(self.controls), -1)
        new = controls[self.step_count[controls] < 0]
        if len(new):
            unique, first = np.unique(new, return_index=True)
            self.add_steps(unique[np.argsort(first)].tolist())
        counts = np.where(self.bounded[users], self.step_count[controls], 0)
        ends = np.cumsum(counts)
        within = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - counts, counts)
        step = np.repeat(self.step_start[controls], counts) + within
        sources = np.repeat(np.arange(start, end), counts)
        labels = self.step_label[step]
        targets = self.step_control[step]
        after = np.repeat(users, counts)
        moves = self.step_moves[step]
        moving = moves != 0
        if moving.any():
            after[moving] = self.move(after[moving], moves[moving])
        kept = after >= 0
        targets, after, sources, labels = targets[kept], after[kept], sources[kept], labels[kept]
        self.add_states(targets, after, sources, labels)
        ids = self.number[targets, after]
        return ids, labels, np.bincount(sources - start, minlength=end - start)

    def run(self, roots: Sequence[Joint]) -> Found:
        begin = time.perf_counter()
        targets, labels, counts = [], [], []
        done = 0
        for n1, n2, ha, users in roots:
            root = (np.array([self.control((n1, n2, ha))]), np.array([self.user(users)]))
            self.add_states(*root, np.array([self.size]), np.array([0]))
            while done < self.size:
                end = self.size
                level = self.level(done, end)
                targets.append(level[0])
                labels.append(level[1])
                counts.append(level[2])
                done = end
        size = self.size
        return Found(self.controls, self.users, self.state_control[:size],
                     self.state_users[:size], self.parent[:size], self.parent_label[:size],
                     np.concatenate(targets), np.concatenate(labels), np.concatenate(counts),
                     time.perf_counter() - begin)


def same_graph(found: Found, pair: Pair, graph: Graph, explored: Pair) -> None:
    """Fail unless ``found`` and ``graph`` (searched with ``explored``) have the same states,
    parents and edges. Node and label ids differ between the two pairs: compare what they
    name."""
    def named(p: Pair, joint: Joint) -> tuple[object, ...]:
        return (p.local(joint[0]), p.local(joint[1]), joint[2], joint[3])

    states = [(*found.controls[c], found.users[u])
              for c, u in zip(found.state_control.tolist(), found.state_users.tolist(),
                              strict=True)]
    assert [named(pair, s) for s in states] == [named(explored, s) for s in graph.states]
    assert found.parent.tolist() == [p for p, _ in graph.parent]
    roots = {i for i, (p, _) in enumerate(graph.parent) if p == i}
    assert [None if i in roots else pair.labels[label]
            for i, label in enumerate(found.parent_label.tolist())] == [
        None if i in roots else explored.labels[label]
        for i, (_, label) in enumerate(graph.parent)]
    assert found.counts.tolist() == [len(out) for out in graph.edges]
    assert found.targets.tolist() == [t for out in graph.edges for t, _ in out]
    assert [pair.labels[i] for i in found.labels.tolist()] == [
        explored.labels[i] for out in graph.edges for _, i in out]


def timed_groups(spec: Spec, check: bool) -> tuple[float, float, int]:
    """Seconds of the explorer and of the array search over every group, and the states."""
    explorer = arrays = 0.0
    states = 0
    with collector_paused():
        for group in configuration_groups(spec):
            first = Pair(spec, group[0], 1)
            graph = explore(first, [first.initial_for(c) for c in group])
            second = Pair(spec, group[0], 1)
            found = ArraySearch(second).run([second.initial_for(c) for c in group])
            explorer += graph.seconds
            arrays += found.seconds
            states += len(graph.states)
            if check:
                same_graph(found, second, graph, first)
    return explorer, arrays, states


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-check", action="store_true")
    args = parser.parse_args()
    spec = load_spec()
    runs = [timed_groups(spec, not args.no_check and i == 0) for i in range(args.runs)]
    states = runs[0][2]
    explorer = statistics.median(r[0] for r in runs)
    arrays = statistics.median(r[1] for r in runs)
    if not args.no_check:
        print("same states, parents and edges as the explorer, every group")
    print(f"explorer      {explorer:6.2f} s, {states / explorer:>9,.0f} joint states/s "
          f"(median of {args.runs}, every group, one process)")
    print(f"array search  {arrays:6.2f} s, {states / arrays:>9,.0f} joint states/s")


if __name__ == "__main__":
    main()
