"""Explicit-state search of a pair: every reachable joint state, every transition, and a
breadth-first tree so that the path to any state is a shortest trace from the initial state."""

from __future__ import annotations

import sys
import time
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import add
from typing import Any, Self, TypeVar, cast, overload
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from .arrays import ArrayGraph, search
from .cache import CachedSearch
from .errors import StateLimit
from .graphs import (
    Array,
    Marks,
    StepLists,
    Steps,
    breadth_first_part,
    first_places,
    path_to,
)
from .product import Joint, Label, Pair, Users
from .progress import SEARCH_REPORT_EVERY, Progress, Searching
from .searching import MAX_STATES, collector_paused, limit_message
from .tables import Tables, compile_tables

_Item = TypeVar("_Item")


class ReadFromArrays(Sequence[_Item]):
    """A sequence a graph keeps as arrays: an item is made when it is read, and the whole
    list when the sequence is iterated (then kept), so that a check that reads a few items of
    a large graph does not make the others. A subclass says how an item, a slice and the
    whole list are made."""

    _listed: list[_Item] | None = None

    def _item(self, index: int) -> _Item:
        raise NotImplementedError

    def _slice(self, index: slice) -> Self:
        raise NotImplementedError

    def _every(self) -> list[_Item]:
        raise NotImplementedError

    def listed(self) -> list[_Item]:
        """Every item, in order."""
        if self._listed is None:
            self._listed = self._every()
        return self._listed

    @overload
    def __getitem__(self, index: int) -> _Item: ...

    @overload
    def __getitem__(self, index: slice) -> Self: ...

    def __getitem__(self, index: int | slice) -> _Item | Self:
        if isinstance(index, slice):
            return self._slice(index)
        if self._listed is not None:
            return self._listed[index]
        return self._item(index)

    def __iter__(self) -> Iterator[_Item]:
        return iter(self.listed())

    def __reversed__(self) -> Iterator[_Item]:
        return reversed(self.listed())

    def __contains__(self, value: object) -> bool:
        return value in self.listed()

    def index(self, value: object, start: int = 0, stop: int = sys.maxsize) -> int:
        return self.listed().index(cast(_Item, value), start, stop)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ReadFromArrays | list):
            return self.listed() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class Joints(ReadFromArrays[Joint]):
    """A graph's joint states by id: per state, the id of its (node 1, node 2, high
    availability) and of where its users are."""

    def __init__(self, control: Array, controls: list[tuple[int, int, bool]], users: Array,
                 user_tuples: list[Users]) -> None:
        self.control = control
        self.controls = controls
        self.users = users
        self.user_tuples = user_tuples

    def __len__(self) -> int:
        return len(self.control)

    def _item(self, index: int) -> Joint:
        n1, n2, ha = self.controls[self.control[index]]
        return n1, n2, ha, self.user_tuples[self.users[index]]

    def _slice(self, index: slice) -> Joints:
        return Joints(self.control[index], self.controls, self.users[index], self.user_tuples)

    def _every(self) -> list[Joint]:
        wrapped = [(users,) for users in self.user_tuples]
        return list(map(add, map(self.controls.__getitem__, self.control.tolist()),
                        map(wrapped.__getitem__, self.users.tolist())))


class Parents(ReadFromArrays[tuple[int, int]]):
    """A graph's breadth-first tree by state id: per state, the state it was first reached
    from and the label id of that step (a root is its own parent)."""

    def __init__(self, before: npt.NDArray[np.integer[Any]],
                 label: npt.NDArray[np.integer[Any]]) -> None:
        self.before = before
        self.label = label

    def __len__(self) -> int:
        return len(self.before)

    def _item(self, index: int) -> tuple[int, int]:
        return int(self.before[index]), int(self.label[index])

    def _slice(self, index: slice) -> Parents:
        return Parents(self.before[index], self.label[index])

    def _every(self) -> list[tuple[int, int]]:
        return list(zip(self.before.tolist(), self.label.tolist(), strict=True))


class Triples:
    """Per triple of ``controls``: the id of node 1 and of node 2 (``nodes``), and high
    availability, 0 or 1 (``ha``)."""

    def __init__(self, controls: list[tuple[int, int, bool]]) -> None:
        self.controls = controls
        table = np.fromiter(chain.from_iterable(controls), np.int64, 3 * len(controls))
        self.nodes: tuple[Array, Array] = (table[0::3], table[1::3])
        self.ha: Array = table[2::3]

    def __len__(self) -> int:
        return len(self.controls)


#: Per pair, the triples of the list of controls asked about last: the graphs cut from one
#: search (``Graph.first_part``, ``rooted``, ``without_events``) share it.
_TRIPLES: WeakKeyDictionary[Pair, Triples] = WeakKeyDictionary()


def triples_of(graph: Graph) -> Triples:
    """The triples of ``graph.controls()`` as arrays."""
    controls = graph.controls()[1]
    found = _TRIPLES.get(graph.pair)
    if found is None or found.controls is not controls or len(found) != len(controls):
        found = _TRIPLES[graph.pair] = Triples(controls)
    return found


@dataclass
class Graph:
    """The reachable part of a pair: states by id (0 is initial), edges as (target, label id)
    (``edges``; a graph cut out of another holds them as arrays, ``steps``, until they are
    read as lists)."""

    pair: Pair
    states: Sequence[Joint]
    _edges: list[list[tuple[int, int]]] | None
    labels: list[Label]
    parent: Sequence[tuple[int, int]]
    seconds: float
    config: tuple[tuple[str, object], ...] = ()
    #: For a graph cut out of another (``rooted``): the id each state has there.
    origin: Array | None = None
    #: For a search from several roots, taken one after the other: how many states were
    #: found once each root's reach was complete. The first root's graph is that prefix.
    closed: list[int] = field(default_factory=list)
    #: The id of each root a search was given, in order.
    roots: list[int] = field(default_factory=list)
    _node_pairs: dict[tuple[int, int], int] | None = None
    _steps: Steps | None = None
    #: For a graph cut out of another: how its ``steps`` are made, when first read (a
    #: property that reads only the states, and holds there, never needs them).
    _make_steps: Callable[[], Steps] | None = None
    _controls: tuple[Array, list[tuple[int, int, bool]]] | None = None
    _users: tuple[Array, list[Users]] | None = None
    #: The graph ``without_events`` made last, by the events left out: a finding's property
    #: checks ask for the same one in a row (only the last is kept, for the memory).
    _without: dict[frozenset[str], Graph] = field(default_factory=dict)

    def first_part(self, config: tuple[tuple[str, object], ...]) -> Graph:
        """The graph of the first root of a search from several (see ``closed``): the states
        found before the second root was taken up, already breadth-first from the first."""
        size = self.closed[0] if self.closed else len(self.states)
        steps = self.steps()
        end = int(steps.first[size])
        control, controls = self.controls()
        users, user_tuples = self.users()
        # The lists of steps are cut too where they were made, else made when asked for.
        edges = self._edges[:size] if self._edges is not None else None
        return Graph(self.pair, self.states[:size], edges, self.labels,
                     self.parent[:size], 0.0, config, origin=np.arange(size),
                     _steps=Steps(steps.first[:size + 1], steps.target[:end], steps.label[:end],
                                  steps.source[:end]),
                     _controls=(control[:size], controls), _users=(users[:size], user_tuples))

    def rooted(self, root: int, config: tuple[tuple[str, object], ...]) -> Graph:
        """The part of this graph reachable from state ``root`` (an id), numbered breadth-first
        from it so that its paths are shortest from there: the graph of the configuration
        ``config`` whose initial state ``root`` is."""
        start = time.perf_counter()
        with collector_paused():
            part = self._part(root, None, config)
        part.seconds = time.perf_counter() - start
        return part

    def without_events(self, events: Iterable[str]) -> Graph:
        """The part of this graph reachable without a step of ``events``, numbered
        breadth-first so that its paths are shortest there: the graph of the same pair had
        those events never happened."""
        excluded = frozenset(events)
        if excluded not in self._without:
            allowed = np.fromiter((label.event not in excluded for label in self.labels),
                                  np.bool_, len(self.labels))
            self._without.clear()
            self._without[excluded] = self.within(allowed[self.steps().label])
        return self._without[excluded]

    def within(self, kept: Marks) -> Graph:
        """The part of this graph reachable along the steps ``kept`` marks (per step of
        ``steps``), numbered breadth-first so that its paths are shortest there."""
        with collector_paused():
            part = self._part(0, kept, self.config)
        if self.origin is not None:
            part.origin = self.origin[part.origin]
        return part

    def _part(self, root: int, kept: Marks | None,
              config: tuple[tuple[str, object], ...]) -> Graph:
        """The states reachable from ``root`` along the steps ``kept`` marks (every step where
        None) and those steps between them, numbered in the order ``breadth_first`` finds
        them, as a graph whose ``origin`` is the ids here."""
        steps = self.steps()
        order, reached_by, taken = breadth_first_part(steps, np.array([root], np.int64), kept)
        number = np.full(steps.states, -1, np.int64)
        number[order] = np.arange(len(order))
        by = reached_by[order[1:]]
        parent = Parents(np.concatenate(([0], number[steps.source[by]])),
                         np.concatenate(([0], steps.label[by])))

        def part_steps() -> Steps:
            # Taken in the order the search read them: their sources, numbered in that
            # order, never decrease.
            source = number[steps.source[taken]]
            first = np.zeros(len(order) + 1, np.int64)
            np.cumsum(np.bincount(source, minlength=len(order)), out=first[1:])
            return Steps(first, number[steps.target[taken]], steps.label[taken], source)

        control, controls = self.controls()
        users, user_tuples = self.users()
        return Graph(self.pair, Joints(control[order], controls, users[order], user_tuples), None,
                     self.labels, parent, 0.0, config, origin=order, _make_steps=part_steps,
                     _controls=(control[order], controls), _users=(users[order], user_tuples))

    def node_pairs(self) -> dict[tuple[int, int], int]:
        """Each (node 1, node 2) that some state holds, with the first state (breadth-first:
        the nearest to the initial state) that holds it, in that order. Most of what the
        properties ask of a state reads only its two nodes, and there are several states per
        pair of nodes, so they ask once per pair."""
        if self._node_pairs is None:
            control, _ = self.controls()
            first, second = triples_of(self).nodes
            width = int(second.max(initial=-1)) + 1
            _, firsts = first_places((first * width + second)[control])
            held = control[firsts]
            self._node_pairs = dict(zip(zip(first[held].tolist(), second[held].tolist()),
                                        firsts.tolist(), strict=True))
        return self._node_pairs

    @property
    def edges(self) -> list[list[tuple[int, int]]]:
        """Per state, its steps as (target, label id), in order."""
        if self._edges is None:
            self._edges = self.steps().lists()
        return self._edges

    def step_lists(self) -> Sequence[list[tuple[int, int]]]:
        """Per state, its steps as (target, label id): ``edges`` where they are listed, else
        each state's made when read (for a search that reads a few states of a large graph)."""
        return self._edges if self._edges is not None else StepLists(self.steps())

    def steps(self) -> Steps:
        """The graph's steps as arrays, for the searches that read them in bulk."""
        if self._steps is None:
            if self._make_steps is not None:
                self._steps, self._make_steps = self._make_steps(), None
            else:
                self._steps = Steps.of(self.edges)
        return self._steps

    def controls(self) -> tuple[Array, list[tuple[int, int, bool]]]:
        """The graph projected onto its nodes: per state, the id of its (node 1, node 2, high
        availability), and those triples by id (which may hold some that no state here does).
        Most steps change only where the users are, so a property that reads the nodes only
        reads each triple, or each distinct step between triples, once."""
        if self._controls is None:
            self._controls = _numbered(state[:3] for state in self.states)
        return self._controls

    def users(self) -> tuple[Array, list[Users]]:
        """Per state, the id of where its users are, and those by id (as ``controls``)."""
        if self._users is None:
            self._users = _numbered(state[3] for state in self.states)
        return self._users

    def label_marks(self, kinds: Iterable[str]) -> Marks:
        """Per label id, whether its event is of one of ``kinds``."""
        marks = np.zeros(len(self.labels), np.bool_)
        marks[list(self.label_ids(kinds))] = True
        return marks

    @property
    def transitions(self) -> int:
        return len(self.steps().target)

    def path_to(self, target: int) -> list[tuple[Label | None, int]]:
        """The shortest trace from the initial state to ``target``: (label, state id) pairs,
        the first with no label."""
        return [(None if label is None else self.labels[label], state)
                for label, state in path_to(self.parent, target)]

    def label_ids(self, kinds: Iterable[str]) -> frozenset[int]:
        wanted = frozenset(kinds)
        return frozenset(
            i for i, label in enumerate(self.labels) if self.pair.event_kind(label.event) in wanted
        )


def explore(pair: Pair, roots: Sequence[Joint] | None = None,
            limit: int = MAX_STATES, progress: Progress | None = None) -> Graph:
    """Breadth-first search of every joint state reachable from the pair's initial state, or
    from each of ``roots`` in turn: the first root's part is searched breadth-first from it
    (``first_part``); the graphs of the others come from ``rooted``. ``StateLimit`` where
    there are more than ``limit`` joint states. ``progress``, where given, hears how many
    joint states the search has found as it goes and at the end.

    The search runs on arrays, a breadth-first level at a time (``prg.model.arrays``), and
    the graph keeps its steps as arrays (its lists of steps are made only when asked for);
    ``explore_one_by_one`` is the same search a state at a time, kept as the reference the
    tests hold it to. The steps of each pair of nodes come from the search's compiled tables
    where the cache (``prg.model.cache``) holds them, and are worked out from the rules, then
    stored, where it does not: the graph is the same."""
    return graph_of(search(pair, roots, limit, progress))


def graph_of(found: ArrayGraph) -> Graph:
    """The graph of a search on arrays, its steps kept as the search's arrays."""
    control, users = found.state_control.astype(np.int64), found.state_users.astype(np.int64)
    parent = Parents(found.parent, np.maximum(found.parent_label, 0))
    steps = Steps(found.offsets, found.targets.astype(np.int64),
                  found.labels.astype(np.int64))
    return Graph(found.pair, Joints(control, found.controls, users, found.users), None,
                 found.pair.labels, parent, found.seconds, found.pair.config_items,
                 closed=list(found.closed), roots=list(found.roots), _steps=steps,
                 _controls=(control, found.controls), _users=(users, found.users))


def explore_one_by_one(pair: Pair, roots: Sequence[Joint] | None = None,
                       limit: int = MAX_STATES, progress: Progress | None = None) -> Graph:
    """``explore`` a state at a time, with a dictionary of the joint states met: the
    reference search (the tests check that ``explore`` finds exactly its graph)."""
    roots = roots or [pair.initial]
    with collector_paused():
        cached = CachedSearch(pair, roots)
        graph, found = _explore(pair, roots, limit, progress, cached.tables)
        cached.keep(lambda: found.tables(pair))
        return graph


_USER_BITS = 20
_Key = TypeVar("_Key", bound=Hashable)


class _Ids(dict[_Key, int]):
    """Ids of keys in the order they are first looked up: ``ids[key]`` gives a key it does
    not hold yet the next id, so that lookups in bulk (``map``, comprehensions) stay in C."""

    def __init__(self) -> None:
        super().__init__()
        self.in_order: list[_Key] = []

    def number(self, keys: Iterable[_Key]) -> None:
        """Give ``keys`` ids, in order (those it holds keep theirs)."""
        for key in keys:
            if key not in self:
                self.__missing__(key)

    def __missing__(self, key: _Key) -> int:
        found = self[key] = len(self.in_order)
        self.in_order.append(key)
        return found


def _numbered(items: Iterable[_Key]) -> tuple[Array, list[_Key]]:
    """Per item, an id that equal items share, numbered in the order first met; and the
    distinct items by id."""
    ids: _Ids[_Key] = _Ids()
    numbers = np.fromiter(map(ids.__getitem__, items), np.int64)
    return numbers, ids.in_order


@dataclass(frozen=True)
class _Search:
    """What a search numbered and worked out besides its graph: the (node 1, node 2, ha)
    triples by control number, and the steps of the controls it expanded, each (label, packed
    control after, user moves)."""

    controls: list[tuple[int, int, bool]]
    packed_steps: dict[int, list[tuple[int, int, int]]]

    def tables(self, pair: Pair) -> Tables:
        """The search's compiled tables (``prg.model.tables``)."""
        expanded = self.packed_steps
        numbers = range(len(self.controls))
        steps = list(chain.from_iterable(expanded[c] for c in numbers if c in expanded))
        labels, targets, moves = zip(*steps, strict=True) if steps else ((), (), ())
        return compile_tables(
            pair, self.controls, [len(expanded[c]) if c in expanded else -1 for c in numbers],
            labels, [target >> _USER_BITS for target in targets], moves)


def _explore(pair: Pair, roots: Sequence[Joint], limit: int,
             progress: Progress | None, compiled: Tables | None) -> tuple[Graph, _Search]:
    """The search works on packed integers: a joint state is ``control << 20 | users`` where
    ``control`` numbers the (node 1, node 2, ha) triples and ``users`` the user tuples met.
    A control's steps hold the packed control they lead to, so a step's target is that or'ed
    with the users after it. With ``compiled`` tables (their numbering already the pair's),
    the controls and their steps are theirs."""
    start = time.perf_counter()
    control_ids: _Ids[tuple[int, int, bool]] = _Ids()
    controls = control_ids.in_order
    control_steps: dict[int, list[tuple[int, int, int]]] = {}
    if compiled is not None:
        control_ids.number(compiled.control_triples())
        step_labels = compiled.step_labels.tolist()
        step_targets = [control << _USER_BITS for control in compiled.step_controls]
        step_moves = compiled.step_moves.tolist()
        for control, first, end in compiled.worked_out():
            control_steps[control] = list(zip(step_labels[first:end], step_targets[first:end],
                                              step_moves[first:end], strict=True))
    user_tuples: list[Users] = []
    user_ids: dict[Users, int] = {}
    # A count above every user there can be comes only from a move that duplicates users: the
    # state is already a counterexample (no_user_lost) and is not expanded, or the counts would
    # grow for ever.
    bounded: list[bool] = []
    # Per user tuple, the user tuple (its id) after each set of moves, -1 where it cannot move.
    moved: list[dict[int, int]] = []

    def users_of_id(users: Users) -> int:
        found = user_ids.get(users)
        if found is None:
            found = user_ids[users] = len(user_tuples)
            user_tuples.append(users)
            bounded.append(max(users) <= pair.max_users)
            moved.append({})
        return found

    def steps_of(control: int) -> list[tuple[int, int, int]]:
        found = control_steps[control] = [
            (label, control_ids[n1, n2, ha] << _USER_BITS, moves)
            for label, n1, n2, ha, moves in pair.steps(*controls[control])
        ]
        return found

    def move(users: int, moves: int) -> int:
        after = pair.move_users(user_tuples[users], moves)
        found = moved[users][moves] = -1 if after is None else users_of_id(after)
        return found

    packed: list[int] = []
    index: dict[int, int] = {}
    parent: list[tuple[int, int]] = []
    edges: list[list[tuple[int, int]]] = []
    # The same steps as arrays (``Graph.steps``): where each state's begin, targets, labels.
    edge_begins, edge_targets, edge_labels = array("q"), array("q"), array("q")
    closed: list[int] = []
    root_ids: list[int] = []
    mask = (1 << _USER_BITS) - 1
    for n1, n2, ha, users in roots:
        root = control_ids[n1, n2, ha] << _USER_BITS | users_of_id(users)
        if root not in index:
            index[root] = len(packed)
            packed.append(root)
            parent.append((index[root], 0))
        root_ids.append(index[root])
        size = len(packed)
        # The list grows while it is read: the loop reads every state found, breadth-first.
        for current, state in enumerate(islice(packed, len(edges), None), len(edges)):
            users_id = state & mask
            out: list[tuple[int, int]] = []
            edges.append(out)
            edge_begins.append(len(edge_targets))
            if not bounded[users_id]:
                continue
            steps = control_steps.get(state >> _USER_BITS)
            if steps is None:
                steps = steps_of(state >> _USER_BITS)
            after_moves = moved[users_id]
            for label, control, moves in steps:
                if moves:
                    after = after_moves.get(moves)
                    if after is None:
                        after = move(users_id, moves)
                    if after < 0:
                        continue
                    target = control | after
                else:
                    target = control | users_id
                found = index.setdefault(target, size)
                if found == size:
                    if size == limit:
                        raise StateLimit(limit_message(pair, limit))
                    size += 1
                    packed.append(target)
                    parent.append((current, label))
                    if progress is not None and size % SEARCH_REPORT_EVERY == 0:
                        progress(Searching(pair.config_items, size))
                out.append((found, label))
                edge_targets.append(found)
                edge_labels.append(label)
        closed.append(len(packed))
    seconds = time.perf_counter() - start
    if progress is not None:
        progress(Searching(pair.config_items, len(packed), finished=True))
    states: list[Joint] = [
        (*controls[p >> _USER_BITS], user_tuples[p & mask]) for p in packed
    ]
    edge_begins.append(len(edge_targets))
    ids = np.array(packed, np.int64)
    graph = Graph(pair, states, edges, pair.labels, parent, seconds,
                  pair.config_items, closed=closed, roots=root_ids,
                  _steps=Steps(np.frombuffer(edge_begins, np.int64),
                               np.frombuffer(edge_targets, np.int64),
                               np.frombuffer(edge_labels, np.int64)),
                  _controls=(ids >> _USER_BITS, controls), _users=(ids & mask, user_tuples))
    return graph, _Search(controls, control_steps)

