"""Explicit-state search of a pair: every reachable joint state, every transition, and a
breadth-first tree so that the path to any state is a shortest trace from the initial state."""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .product import Joint, Label, Pair


@dataclass
class Graph:
    """The reachable part of a pair: states by id (0 is initial), edges as (target, label id)."""

    pair: Pair
    states: list[Joint]
    index: dict[Joint, int]
    edges: list[list[tuple[int, int]]]
    labels: list[Label]
    parent: list[tuple[int, int]]
    seconds: float
    _reverse: dict[frozenset[str], list[list[int]]] = field(default_factory=dict)

    @property
    def transitions(self) -> int:
        return sum(len(e) for e in self.edges)

    def path_to(self, target: int) -> list[tuple[Label | None, int]]:
        """The shortest trace from the initial state to ``target``: (label, state id) pairs,
        the first with no label."""
        steps: list[tuple[Label | None, int]] = []
        node = target
        while node != 0:
            previous, label = self.parent[node]
            steps.append((self.labels[label], node))
            node = previous
        steps.append((None, 0))
        steps.reverse()
        return steps

    def label_ids(self, kinds: Iterable[str]) -> frozenset[int]:
        wanted = frozenset(kinds)
        return frozenset(
            i for i, label in enumerate(self.labels) if self.pair.event_kind(label.event) in wanted
        )

    def reverse(self, kinds: frozenset[str]) -> list[list[int]]:
        """Predecessor lists restricted to edges whose event kind is in ``kinds``."""
        found = self._reverse.get(kinds)
        if found is None:
            allowed = self.label_ids(kinds)
            found = [[] for _ in self.states]
            for source, edges in enumerate(self.edges):
                for target, label in edges:
                    if label in allowed:
                        found[target].append(source)
            self._reverse[kinds] = found
        return found

    def shortest_path(
        self,
        sources: Iterable[int],
        goal: Callable[[int], bool],
        kinds: frozenset[str] | None = None,
    ) -> list[tuple[Label | None, int]] | None:
        """A shortest path from any of ``sources`` to a state where ``goal`` holds, using only
        edges whose event kind is in ``kinds`` (all when None)."""
        allowed = self.label_ids(kinds) if kinds is not None else None
        parent: dict[int, tuple[int, int] | None] = {}
        queue: deque[int] = deque()
        for source in sources:
            if source not in parent:
                parent[source] = None
                queue.append(source)
        while queue:
            node = queue.popleft()
            if goal(node):
                steps: list[tuple[Label | None, int]] = []
                while (link := parent[node]) is not None:
                    previous, label = link
                    steps.append((self.labels[label], node))
                    node = previous
                steps.append((None, node))
                steps.reverse()
                return steps
            for target, label in self.edges[node]:
                if target not in parent and (allowed is None or label in allowed):
                    parent[target] = (node, label)
                    queue.append(target)
        return None


def explore(pair: Pair) -> Graph:
    """Breadth-first search of every joint state reachable from the pair's initial state."""
    # The search allocates millions of small tuples that never form cycles: the cyclic
    # collector would only rescan them, which doubles the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _explore(pair)
    finally:
        if collecting:
            gc.enable()


def _explore(pair: Pair) -> Graph:
    start = time.perf_counter()
    states: list[Joint] = [pair.initial]
    index: dict[Joint, int] = {pair.initial: 0}
    edges: list[list[tuple[int, int]]] = []
    parent: list[tuple[int, int]] = [(0, 0)]
    steps = pair.steps
    move_users = pair.move_users
    moved_cache = pair.user_steps
    current = 0
    while current < len(states):
        n1, n2, ha, users = states[current]
        out: list[tuple[int, int]] = []
        for label, new1, new2, new_ha, moves_id in steps(n1, n2, ha):
            if moves_id:
                key = (users, moves_id)
                moved = moved_cache[key] if key in moved_cache else move_users(users, moves_id)
                if moved is None:
                    continue
            else:
                moved = users
            target = (new1, new2, new_ha, moved)
            found = index.get(target)
            if found is None:
                found = index[target] = len(states)
                states.append(target)
                parent.append((current, label))
            out.append((found, label))
        edges.append(out)
        current += 1
    return Graph(pair, states, index, edges, pair.labels, parent, time.perf_counter() - start)
