"""How fast the explorer could be on this machine, whatever its search loop.

A search that hands its consumers the graph prg's properties read (``prg.model.explore.Graph``:
per state a list of (target, label) pairs) has to do three things at least once: work out the
steps of every pair of nodes (``Pair.steps``), give every edge's target its state id (one
dictionary lookup per edge), and build every (target, label) pair. This script times each of
these alone, over every configuration group of the bundled spec, as whole-list operations
that run in C (``map`` over a dictionary's ``__getitem__``, ``zip``), with no search loop
around them. Their sum bounds the explorer's joint states per second from above. It also times
a plain Python loop, so that figures from different machines can be compared.

    python bench/explorer_floor.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from prg.model.explore import Graph, explore
from prg.model.load import load_spec
from prg.model.product import Pair, configuration_groups
from prg.model.searching import collector_paused
from prg.model.spec import Spec


@dataclass
class Floor:
    """Seconds of each part, summed over the groups, and what was searched."""

    explore: float = 0.0
    steps: float = 0.0
    numbering: float = 0.0
    pairs: float = 0.0
    states: int = 0
    edges: int = 0

    @property
    def least(self) -> float:
        return self.steps + self.numbering + self.pairs


def steps_seconds(spec: Spec, group: list, graph: Graph) -> float:
    """Working out the steps of every pair of nodes in ``graph``, on a new pair, in the order
    the explorer met them (so that nodes and labels are numbered alike)."""
    controls = list(dict.fromkeys((n1, n2, ha) for n1, n2, ha, _ in graph.states))
    pair = Pair(spec, group[0], graph.pair.fault_budget)
    start = time.perf_counter()
    for control in controls:
        pair.steps(*control)
    return time.perf_counter() - start


def measured(spec: Spec) -> Floor:
    floor = Floor()
    with collector_paused():
        for group in configuration_groups(spec):
            pair = Pair(spec, group[0], 1)
            graph = explore(pair, [pair.initial_for(c) for c in group])
            floor.explore += graph.seconds
            floor.states += len(graph.states)
            floor.steps += steps_seconds(spec, group, graph)
            # States as the explorer keys them: a number per pair of nodes, shifted, or'ed
            # with a number per user tuple.
            controls: dict[tuple[int, int, bool], int] = {}
            users: dict[tuple[int, ...], int] = {}
            keys = [controls.setdefault((n1, n2, ha), len(controls)) << 20
                    | users.setdefault(u, len(users)) for n1, n2, ha, u in graph.states]
            index = {key: i for i, key in enumerate(keys)}
            targets = [keys[target] for out in graph.edges for target, _ in out]
            labels = [label for out in graph.edges for _, label in out]
            floor.edges += len(targets)
            start = time.perf_counter()
            ids = list(map(index.__getitem__, targets))
            floor.numbering += time.perf_counter() - start
            start = time.perf_counter()
            pairs = list(zip(ids, labels))
            floor.pairs += time.perf_counter() - start
            del pairs
    return floor


def plain_loop_seconds() -> float:
    """A plain Python loop: ten million additions."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    spec = load_spec()
    runs = [measured(spec) for _ in range(args.runs)]
    first = runs[0]

    def median(part: str) -> float:
        return statistics.median(getattr(r, part) for r in runs)

    least = statistics.median(r.least for r in runs)
    explored = median("explore")
    print(f"searched          {first.states:,} joint states, {first.edges:,} edges, every group, "
          f"one process (median of {args.runs})")
    print(f"explorer          {explored:6.3f} s  {first.states / explored:>9,.0f} joint states/s")
    print(f"  steps alone     {median('steps'):6.3f} s")
    print(f"  numbering alone {median('numbering'):6.3f} s  one dictionary lookup per edge")
    print(f"  pairs alone     {median('pairs'):6.3f} s  one (target, label) per edge")
    print(f"least possible    {least:6.3f} s  {first.states / least:>9,.0f} joint states/s "
          "(the three together)")
    print(f"plain Python loop {plain_loop_seconds():6.3f} s  (10 million additions)")


if __name__ == "__main__":
    main()
