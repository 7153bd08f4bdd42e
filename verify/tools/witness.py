"""Traces to draw on demand: the shortest witness of a Table 2 row over a set of
configurations, and the first counterexample of a property.

A witness needs no full search: a breadth-first search that stops at the first state showing
the row, and at the depth of the best witness found so far, reaches only the states closer to
the start than the witness."""

from __future__ import annotations

import time
from collections.abc import Sequence

from prg.model.errors import UsageError
from prg.model.explore import Graph, explore
from prg.model.graphs import find
from prg.model.names import did_you_mean
from prg.model.product import Config, Pair
from prg.model.progress import Progress
from prg.model.searching import collector_paused
from prg.model.spec import Row, Spec
from prg.model.table import row_matches
from prg.model.traces import Trace, trace_of
from prg.verify.checks.properties import PROPERTIES, Path, Violation


def _bounded_witness(pair: Pair, row: Row, depth: int | None) -> tuple[Graph, Path] | None:
    """The shortest trace to a state showing ``row``, if one is at most ``depth`` steps long."""
    start = time.perf_counter()
    steps = find(pair.initial,
                 lambda joint: [(after, label) for label, after in pair.successors(joint)],
                 lambda joint: row_matches(pair, joint[0], joint[1], row), depth)
    if steps is None:
        return None
    # A graph of the path alone, which is all a trace reads: state i + 1 is reached from
    # state i by label i.
    states = [joint for _, joint in steps]
    labels = [label for label, _ in steps[1:] if label is not None]
    parent = [(0, 0), *((i, i) for i in range(len(labels)))]
    graph = Graph(pair, states, [[] for _ in states], labels, parent,
                  time.perf_counter() - start, pair.config_items)
    return graph, graph.path_to(len(states) - 1)


def shortest_witness(spec: Spec, configs: Sequence[Config], fault_budget: int,
                     row_id: int) -> tuple[Config, Trace] | None:
    """The shortest witness of Table 2 row ``row_id`` over ``configs`` (the first such
    configuration in spec order), as a TRACE of the report."""
    row = next((r for r in spec.rows if r.id == row_id), None)
    if row is None:
        raise UsageError(f"--row: Table 2 has no row {row_id} (rows 1 to {len(spec.rows)})")
    best: tuple[Config, Trace] | None = None
    with collector_paused():
        for config in configs:
            if best is not None and len(best[1]) == 1:
                break
            depth = len(best[1]) - 2 if best is not None else None
            found = _bounded_witness(Pair(spec, config, fault_budget), row, depth)
            if found is not None:
                best = (config, trace_of(*found))
    return best


def first_counterexample(spec: Spec, configs: Sequence[Config], fault_budget: int,
                         name: str, progress: Progress | None = None
                         ) -> tuple[Config, Violation] | None:
    """The first configuration (spec order) where property ``name`` is violated, with the
    violation; None where it holds in all of them. ``progress`` hears how each search goes."""
    prop = next((p for p in PROPERTIES if p.name == name), None)
    if prop is None:
        hint = did_you_mean(name, [p.name for p in PROPERTIES])
        raise UsageError(f"--property: unknown property {name!r}{hint}")
    if prop.existential:
        raise UsageError(f"--property: {name} is about all configurations together and has "
                         "no counterexample trace; see prg verify")
    for config in configs:
        graph = explore(Pair(spec, config, fault_budget), progress=progress)
        violation = prop.check(graph)  # type: ignore[call-arg,arg-type]
        if violation is not None:
            return config, violation
    return None
