"""How a graph is searched, written once: breadth-first search forward and backward, the
states from which a marked set can be left, cheapest paths to goals (backward, for every
state) and from starts (forward, from several, each at a cost of its own), and paths read
back from a search's parents.

The functions know nothing of the pair. Most read an explored graph as ``edges``: per state
id, its steps as ``(target, label id)``; ``allowed``, where given, keeps only the steps
whose label is in it. ``search`` and ``find`` work on any hashable nodes, for products
built on the fly (a row's recommended actions over the pair's graph). The searches of the
properties and of the recovery, which read every step of a graph or of what one state
reaches, read it as arrays (``Steps``): reachability forward and backward, leaving a set,
breadth-first search one level at a time, cheapest paths to goals.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, pairwise
from typing import TypeVar, overload

import numpy as np
import numpy.typing as npt

Edges = Sequence[Sequence[tuple[int, int]]]
#: Per state reached, the state and label of the step that first reached it; a start has
#: label -1, or is its own parent.
Parents = Mapping[int, tuple[int, int]] | Sequence[tuple[int, int]]

Node = TypeVar("Node", bound=Hashable)
Label = TypeVar("Label")


def breadth_first(edges: Edges, sources: Iterable[int], allowed: Collection[int] | None = None
                  ) -> tuple[list[int], dict[int, tuple[int, int]]]:
    """Every state reachable from ``sources``, in breadth-first order (the sources first, each
    once), with the step that first reached each (``(source, -1)`` for a source)."""
    order = list(dict.fromkeys(sources))
    parent: dict[int, tuple[int, int]] = {s: (s, -1) for s in order}
    for state in order:  # grows while it is read: breadth-first
        for target, label in edges[state]:
            if target not in parent and (allowed is None or label in allowed):
                parent[target] = (state, label)
                order.append(target)
    return order, parent


def path_to(parent: Parents, target: int) -> list[tuple[int | None, int]]:
    """The steps from a start to ``target`` as ``(label id, state)``, the first with no label,
    read back from a search's parents."""
    steps: list[tuple[int | None, int]] = []
    state = target
    while True:
        before, label = parent[state]
        if label < 0 or before == state:
            break
        steps.append((label, state))
        state = before
    steps.append((None, state))
    steps.reverse()
    return steps


#: The cost of a path in ``cheapest``: its costly steps, then its steps.
Cost = tuple[int, int]


def cheapest(edges: Edges, starts: Mapping[int, Cost], costly: Collection[int],
             allowed: Collection[int] | None = None
             ) -> tuple[dict[int, Cost], dict[int, tuple[int, int]]]:
    """Every state reachable from ``starts`` with the least cost of a path to it, the fewest
    ``costly`` steps then the fewest steps, each start counting from the cost it is given;
    in the order the search settles them (the cheapest first). With it, the step that reaches
    each state on such a path (``(start, -1)`` for a start nothing reaches more cheaply), for
    ``path_to``. Where paths from several starts cost the same, the one from the start given
    the least cost is kept: as much of the cost as can be is paid in this search, the steps
    as late as they can be."""
    parent: dict[int, tuple[int, int]] = {}
    return dict(_settled(edges, starts, costly, allowed, parent)), parent


def _settled(edges: Edges, starts: Mapping[int, Cost], costly: Collection[int],
             allowed: Collection[int] | None, parent: dict[int, tuple[int, int]]
             ) -> Iterator[tuple[int, Cost]]:
    """Dijkstra on (costly steps, steps), then the cost of the start the path comes from:
    each state reached, once, with its least cost, the cheapest first and a tie by state id;
    ``parent`` gets the step that reaches each on such a path. Every step costs one step
    more, so the states of one cost are all known when the first of them is taken: they wait
    in a list per cost, and the heap holds only the costs."""
    best: dict[int, tuple[int, int, int, int]] = {}
    waiting: dict[tuple[int, int, int, int], list[int]] = {}
    costs: list[tuple[int, int, int, int]] = []

    def offer(state: int, cost: tuple[int, int, int, int]) -> None:
        best[state] = cost
        if cost not in waiting:
            waiting[cost] = []
            heapq.heappush(costs, cost)
        waiting[cost].append(state)

    for start, (paid, steps) in starts.items():
        parent[start] = (start, -1)
        offer(start, (paid, steps, paid, steps))
    while costs:
        cost = heapq.heappop(costs)
        paid, steps, start_paid, start_steps = cost
        # What a step from here costs, plain or costly: the same for every state of this cost.
        plain = (paid, steps + 1, start_paid, start_steps)
        dear = (paid + 1, steps + 1, start_paid, start_steps)
        for state in sorted(waiting.pop(cost)):
            if best[state] != cost:  # reached more cheaply since, and taken then
                continue
            yield state, (paid, steps)
            for target, label in edges[state]:
                if allowed is not None and label not in allowed:
                    continue
                found = dear if label in costly else plain
                known = best.get(target)
                if known is None or found < known:
                    parent[target] = (state, label)
                    offer(target, found)


def tree_to(parent: Parents, targets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """The part of a search's parents that the paths to ``targets`` take: enough for
    ``path_to`` of each target, and no more to keep."""
    kept: dict[int, tuple[int, int]] = {}
    for target in targets:
        state = target
        while state not in kept:
            before, label = kept[state] = parent[state]
            if label < 0 or before == state:
                break
            state = before
    return kept


def search(starts: Iterable[Node], successors: Callable[[Node], Iterable[tuple[Node, Label]]]
           ) -> dict[Node, tuple[Node, Label] | None]:
    """Breadth-first search of a graph given by ``successors``: every node reachable from
    ``starts``, in the order found (the dictionary's order), with the node and label of the
    step that first reached it (None for a start)."""
    parent: dict[Node, tuple[Node, Label] | None] = {}
    queue: deque[Node] = deque()
    for start in starts:
        parent[start] = None
        queue.append(start)
    while queue:
        node = queue.popleft()
        for successor, label in successors(node):
            if successor not in parent:
                parent[successor] = (node, label)
                queue.append(successor)
    return parent


def find(start: Node, successors: Callable[[Node], Iterable[tuple[Node, Label]]],
         goal: Callable[[Node], bool], depth: int | None = None
         ) -> list[tuple[Label | None, Node]] | None:
    """The shortest path from ``start`` to a node where ``goal`` holds, breadth-first, as
    ``walk_back`` gives it; None where there is none within ``depth`` steps (any number where
    ``depth`` is None). Only the nodes nearer than the goal are searched."""
    parent: dict[Node, tuple[Node, Label] | None] = {start: None}
    level = {start: 0}
    queue: deque[Node] = deque([start])
    while queue:
        node = queue.popleft()
        if goal(node):
            return walk_back(parent, node)
        if depth is not None and level[node] >= depth:
            continue
        for successor, label in successors(node):
            if successor not in parent:
                parent[successor] = (node, label)
                level[successor] = level[node] + 1
                queue.append(successor)
    return None


def walk_back(parent: Mapping[Node, tuple[Node, Label] | None], target: Node
              ) -> list[tuple[Label | None, Node]]:
    """The steps from a start to ``target`` as ``(label, node)``, the first with no label,
    read back from ``search``'s parents."""
    steps: list[tuple[Label | None, Node]] = []
    node = target
    link = parent[node]
    while link is not None:
        previous, label = link
        steps.append((label, node))
        node = previous
        link = parent[node]
    steps.append((None, node))
    steps.reverse()
    return steps


# -- the same searches over arrays ---------------------------------------------------------------
#
# A graph of a few hundred thousand states has millions of steps; a check that reads each of
# them in Python takes seconds. ``Steps`` holds them as arrays, and the searches below take
# one breadth-first level at a time in bulk, so that each step is read in compiled code.

Array = npt.NDArray[np.int64]
Marks = npt.NDArray[np.bool_]


class StepLists(Sequence[list[tuple[int, int]]]):
    """A graph's steps read a state at a time, as ``edges`` lists them, each state's list made
    from the arrays when read: for searches that read a few states of a large graph."""

    def __init__(self, steps: Steps) -> None:
        self.steps = steps
        self.bounds = steps.first.tolist()

    def __len__(self) -> int:
        return self.steps.states

    @overload
    def __getitem__(self, state: int) -> list[tuple[int, int]]: ...

    @overload
    def __getitem__(self, state: slice) -> Sequence[list[tuple[int, int]]]: ...

    def __getitem__(self, state: int | slice
                    ) -> list[tuple[int, int]] | Sequence[list[tuple[int, int]]]:
        if isinstance(state, slice):
            return [self[i] for i in range(*state.indices(len(self)))]
        begin, end = self.bounds[state], self.bounds[state + 1]
        return list(zip(self.steps.target[begin:end].tolist(),
                        self.steps.label[begin:end].tolist(), strict=True))


class Steps:
    """A graph's steps as arrays, in the order of its lists of steps: per step its ``source``,
    ``target`` and ``label`` id; the steps of state ``s`` are those from ``first[s]`` to
    ``first[s + 1]``. The same steps ordered by target (``into``, where each target's begin
    in ``first_into``) serve the searches backward. ``source`` is worked out from ``first``
    unless the maker already holds it."""

    def __init__(self, first: Array, target: Array, label: Array,
                 source: Array | None = None) -> None:
        self.first = first
        self.target = target
        self.label = label
        self.source: Array = (np.repeat(np.arange(len(first) - 1), np.diff(first))
                              if source is None else source)
        self._into: tuple[Array, Array] | None = None

    @classmethod
    def of(cls, edges: Edges) -> Steps:
        """The arrays of an explored graph's ``edges``."""
        counts = np.fromiter(map(len, edges), np.int64, len(edges))
        first = np.zeros(len(edges) + 1, np.int64)
        np.cumsum(counts, out=first[1:])
        flat = np.fromiter(chain.from_iterable(chain.from_iterable(edges)), np.int64,
                           2 * int(first[-1]))
        return cls(first, flat[0::2].copy(), flat[1::2].copy())

    @property
    def states(self) -> int:
        return len(self.first) - 1

    def lists(self) -> list[list[tuple[int, int]]]:
        """The steps as an explored graph's ``edges``: per state, (target, label id)."""
        listed = list(zip(self.target.tolist(), self.label.tolist()))
        bounds = self.first.tolist()
        return [listed[begin:end] for begin, end in pairwise(bounds)]

    def among(self, marked: Marks, kept: Marks) -> tuple[Steps, Array]:
        """The steps ``kept`` marks from the ``marked`` states, a set that none of them leaves
        (what some states reach along them), with those states numbered among themselves in
        their order: the steps, and per state of the graph its number there (-1 where it is
        not marked). The searches that stay among a few states of a large graph then read
        arrays of their size."""
        inside = np.flatnonzero(marked)
        number = np.full(self.states, -1, np.int64)
        number[inside] = np.arange(len(inside))
        taken = _steps_of(self.first, inside)
        taken = taken[kept[taken]]
        # The steps of each state in turn: their sources, numbered here, never decrease.
        source = number[self.source[taken]]
        first = np.zeros(len(inside) + 1, np.int64)
        np.cumsum(np.bincount(source, minlength=len(inside)), out=first[1:])
        return Steps(first, number[self.target[taken]], self.label[taken], source), number

    def into(self) -> tuple[Array, Array]:
        """The steps (their positions) ordered by target, and where each target's begin (each
        target's steps in their order). Many steps are transposed by scipy, which counts them
        into place in one pass; a few are sorted, for scipy takes longer to import than a
        command that reads a small graph backward takes to run (bench/README.md)."""
        if self._into is None:
            if len(self.target) < _TRANSPOSED_FROM:
                order = _order_by(self.target, self.states)
                first = np.zeros(self.states + 1, np.int64)
                np.cumsum(np.bincount(self.target, minlength=self.states), out=first[1:])
                self._into = (order, first)
            else:
                import scipy.sparse

                positions = np.arange(len(self.target), dtype=np.int64)
                by_source = scipy.sparse.csr_matrix((positions, self.target, self.first),
                                                    shape=(self.states, self.states))
                by_target = by_source.tocsc()
                self._into = (by_target.data, by_target.indptr.astype(np.int64, copy=False))
        return self._into


#: From how many steps ``Steps.into`` has scipy transpose them rather than sort them.
_TRANSPOSED_FROM = 1 << 16


def _order_by(values: Array, bound: int) -> Array:
    """The positions of ``values`` (each below ``bound``) in ascending order of value, stable:
    a radix sort on 16-bit digits, each pass numpy's counting sort (several times faster
    than its stable sort of 64-bit numbers)."""
    order = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while bound - 1 >> shift > 0:
        digit = (values >> shift & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit[order], kind="stable")]
        shift += 16
    return order


def _steps_of(first: Array, states: Array) -> Array:
    """The positions of the steps of ``states``, state by state in their order, each state's
    in its own order."""
    begins = first[states]
    counts = first[states + 1] - begins
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    before = np.cumsum(counts) - counts
    return np.repeat(begins - before, counts) + np.arange(total)


def _distinct(states: Array, seen: Marks, once: _Once) -> tuple[Array, Array]:
    """The states of ``states`` not ``seen``, each at its first place (as a queue would take
    them), and those places."""
    fresh = np.flatnonzero(~seen[states])
    firsts = fresh[once.firsts(states[fresh])]
    return states[firsts], firsts


def first_places(values: Array) -> tuple[Array, Array]:
    """The distinct values of ``values``, each at its first place (in the order they first
    occur), and those places, found by a stable sort: for values of no small bound (a
    search over a graph's states, whose number bounds them, uses ``_Once`` instead)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(len(order), np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    places = np.sort(order[first])
    return values[places], places


def distinct(values: Array) -> Array:
    """The distinct values, in increasing order, as ``np.unique`` gives them, found by sorting
    (``np.unique`` alone hashes, which is far slower on large arrays: bench/README.md)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def reached_from(steps: Steps, starts: Array | Marks, kept: Marks | None = None) -> Marks:
    """Per state, whether it is reachable from ``starts`` (ids, or a mark per state) along
    the steps ``kept`` marks (every step where None)."""
    return _reach(steps.first, None, steps.target, starts, kept, steps.states)


def reaching(steps: Steps, goals: Array | Marks, kept: Marks | None = None) -> Marks:
    """Per state, whether one of ``goals`` (ids, or a mark per state) is reachable from it
    along the steps ``kept`` marks (every step where None)."""
    order, first = steps.into()
    return _reach(first, order, steps.source, goals, kept, steps.states)


def _reach(first: Array, order: Array | None, ends: Array, starts: Array | Marks,
           kept: Marks | None, size: int) -> Marks:
    seen = np.zeros(size, np.bool_)
    seen[starts] = True
    frontier = np.flatnonzero(seen)
    once = _Once(size)
    while frontier.size:
        found = _steps_of(first, frontier)
        if order is not None:
            found = order[found]
        if kept is not None:
            found = found[kept[found]]
        after = ends[found]
        frontier = once.each(after[~seen[after]])
        seen[frontier] = True
    return seen


class _Once:
    """Scratch space for the states of a graph of ``size`` states, to take each state of a
    list once without sorting it: ``each`` keeps one place of each (any), ``firsts`` the
    first place of each. The searches call them once per level, on lists of many thousand
    states; a sort of such a list takes ten times as long (bench/README.md)."""

    _NONE = np.iinfo(np.int32).max

    def __init__(self, size: int) -> None:
        self.place = np.full(size, self._NONE, np.int32)

    def each(self, states: Array) -> Array:
        """Each state of ``states`` once, in no set order."""
        places = np.arange(len(states), dtype=np.int32)
        # Of the places written to a state, whichever is kept, it is the only one that matches.
        self.place[states] = places
        kept: Array = states[self.place[states] == places]
        self.place[states] = self._NONE
        return kept

    def firsts(self, states: Array) -> Array:
        """The first place of each state of ``states``, in increasing order."""
        places = np.arange(len(states), dtype=np.int32)
        np.minimum.at(self.place, states, places)
        firsts = np.flatnonzero(self.place[states] == places)
        self.place[states] = self._NONE
        return firsts


def leaving(steps: Steps, inside: Marks, kept: Marks) -> Marks:
    """Per state marked ``inside``, whether a path of ``kept`` steps
    leads out of the marked states."""
    kept = kept & inside[steps.source]
    out = kept & ~inside[steps.target]
    within = kept & inside[steps.target]
    return reaching(steps, distinct(steps.source[out]), within)


def breadth_first_levels(steps: Steps, sources: Array, kept: Marks | None = None
                         ) -> Iterator[tuple[Array, Array]]:
    """A breadth-first search from ``sources`` (in order, each once) along the steps ``kept``
    marks, one level at a time: per level, the positions of the steps taken from it (in the
    order a queue takes them, ``kept`` only) and the states the level finds (each at the
    step that finds it first, in that order: the order ``breadth_first`` finds them in).
    The caller may stop at any level."""
    seen = np.zeros(steps.states, np.bool_)
    seen[sources] = True
    frontier = sources
    once = _Once(steps.states)
    while frontier.size:
        taken = _steps_of(steps.first, frontier)
        if kept is not None:
            taken = taken[kept[taken]]
        found, places = _distinct(steps.target[taken], seen, once)
        seen[found] = True
        yield taken, taken[places]
        frontier = found


def breadth_first_arrays(steps: Steps, sources: Array, kept: Marks | None = None
                         ) -> tuple[Array, Array]:
    """``breadth_first`` over arrays: every state reachable from ``sources`` along the steps
    ``kept`` marks, in the order ``breadth_first`` gives, and per state the step (its
    position) that first reached it, -1 for a source and a state not reached."""
    order, by, _ = breadth_first_part(steps, sources, kept)
    return order, by


def breadth_first_part(steps: Steps, sources: Array, kept: Marks | None = None
                       ) -> tuple[Array, Array, Array]:
    """``breadth_first_arrays``, and the steps of the part it reaches: those ``kept`` marks
    from every state reached (their positions), state by state in the order the states are
    found, each state's in their own order. The part's lists of steps, numbered as found,
    need no sort."""
    order = [sources]
    read = [np.zeros(0, np.int64)]
    by = np.full(steps.states, -1, np.int64)
    for taken, finding in breadth_first_levels(steps, sources, kept):
        found = steps.target[finding]
        by[found] = finding
        order.append(found)
        read.append(taken)
    return np.concatenate(order), by, np.concatenate(read)


def cheapest_to(steps: Steps, goals: Array | Marks, weight: Callable[[Array], Array],
                within: Marks | None = None) -> tuple[Array, Array]:
    """Dijkstra backward from ``goals`` (ids, or a mark per state): per state, the least cost
    of a path to a goal (-1: there is none) and the first step of such a path (its position;
    -1 for a goal and where there is none). ``weight`` gives the cost of the steps at some
    positions (each at least 1; below 0: the step is not taken); no step from a state to
    itself is taken. A cost of several parts that compare in order is one number, each part
    in its own digits. Where several first steps cost the least, the one to the state the
    search settles first is taken (the least cost, then the least id), and of its steps the
    first. ``within``: only these states, a set that no step leaves (what is reachable from
    some states), whose costs are then the same as in the whole graph; only their steps are
    read.

    Every step costs at least 1, so the states of one cost are all known when the first of
    them is taken: the search settles them together, and the heap holds only the costs."""
    read = (np.arange(len(steps.target)) if within is None
            else _steps_of(steps.first, np.flatnonzero(within)))
    costs = weight(read)
    kept = (costs >= 1) & (steps.source[read] != steps.target[read])
    read, costs = read[kept], costs[kept]
    sources, targets = steps.source[read], steps.target[read]
    # The steps read, by target: those into state s are ``order[first[s]:first[s + 1]]``.
    order = _order_by(targets, steps.states)
    first = np.zeros(steps.states + 1, np.int64)
    np.cumsum(np.bincount(targets, minlength=steps.states), out=first[1:])
    distance = np.full(steps.states, -1, np.int64)
    start = np.zeros(steps.states, np.bool_)
    start[goals] = True
    if within is not None:
        start &= within
    distance[start] = 0
    waiting: dict[int, list[Array]] = {0: [np.flatnonzero(start)]}
    heap = [0]
    while heap:
        cost = heapq.heappop(heap)
        settled = np.concatenate(waiting.pop(cost))
        settled = np.unique(settled[distance[settled] == cost])
        into = order[_steps_of(first, settled)]
        # The least total per source, then only where it is less than what is known.
        least = np.lexsort((cost + costs[into], sources[into]))
        ends, totals = sources[into[least]], cost + costs[into[least]]
        once = np.ones(len(ends), np.bool_)
        once[1:] = ends[1:] != ends[:-1]
        ends, totals = ends[once], totals[once]
        known = distance[ends]
        better = (known < 0) | (totals < known)
        ends, totals = ends[better], totals[better]
        distance[ends] = totals
        for total in np.unique(totals).tolist():
            if total not in waiting:
                waiting[total] = []
                heapq.heappush(heap, total)
            waiting[total].append(ends[totals == total])
    # The first step of each state's cheapest path: of the steps that cost what it saves,
    # the one to the state settled first.
    after = distance[targets]
    tight = np.flatnonzero((after >= 0) & (distance[sources] == after + costs))
    tight = tight[np.lexsort((read[tight], targets[tight], after[tight], sources[tight]))]
    once = np.ones(len(tight), np.bool_)
    once[1:] = sources[tight[1:]] != sources[tight[:-1]]
    step = np.full(steps.states, -1, np.int64)
    step[sources[tight[once]]] = read[tight[once]]
    return distance, step
