"""Traces to draw on demand: the shortest witness of a Table 2 row over a set of
configurations, and the first counterexample of a property.

A witness needs no full search: a breadth-first search that stops at the first state showing
the row, and at the depth of the best witness found so far, reaches only the states closer to
the start than the witness."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from prg.model.errors import UsageError
from prg.model.explore import Graph, collector_paused, explore
from prg.model.names import did_you_mean
from prg.model.product import Config, Joint, Label, Pair
from prg.model.spec import Row, Spec
from prg.model.table import row_matches
from prg.verify.checks.properties import PROPERTIES, Path, Violation
from prg.verify.formats.trace import trace_json


def _bounded_witness(pair: Pair, row: Row, depth: int | None) -> tuple[Graph, Path] | None:
    """The shortest trace to a state showing ``row``, if one is at most ``depth`` steps long."""
    start = time.perf_counter()
    states: list[Joint] = [pair.initial]
    index = {pair.initial: 0}
    parent: list[tuple[int, int]] = [(0, 0)]
    level = [0]
    labels: list[Label] = []
    label_ids: dict[Label, int] = {}
    current = 0
    while current < len(states):
        n1, n2, _, _ = states[current]
        if row_matches(pair, n1, n2, row):
            graph = Graph(pair, states, [[] for _ in states], labels, parent,
                          time.perf_counter() - start, pair.config_items)
            return graph, graph.path_to(current)
        if depth is not None and level[current] >= depth:
            current += 1
            continue
        for label, joint in pair.successors(states[current]):
            if joint not in index:
                index[joint] = len(states)
                states.append(joint)
                if label not in label_ids:
                    label_ids[label] = len(labels)
                    labels.append(label)
                parent.append((current, label_ids[label]))
                level.append(level[current] + 1)
        current += 1
    return None


def shortest_witness(spec: Spec, configs: Sequence[Config], fault_budget: int,
                     row_id: int) -> tuple[Config, list[dict[str, Any]]] | None:
    """The shortest witness of Table 2 row ``row_id`` over ``configs`` (the first such
    configuration in spec order), as a TRACE of the report."""
    row = next((r for r in spec.rows if r.id == row_id), None)
    if row is None:
        raise UsageError(f"--row: Table 2 has no row {row_id} (rows 1 to {len(spec.rows)})")
    best: tuple[Config, list[dict[str, Any]]] | None = None
    with collector_paused():
        for config in configs:
            if best is not None and len(best[1]) == 1:
                break
            depth = len(best[1]) - 2 if best is not None else None
            found = _bounded_witness(Pair(spec, config, fault_budget), row, depth)
            if found is not None:
                best = (config, trace_json(*found))
    return best


def first_counterexample(spec: Spec, configs: Sequence[Config], fault_budget: int,
                         name: str) -> tuple[Config, Violation] | None:
    """The first configuration (spec order) where property ``name`` is violated, with the
    violation; None where it holds in all of them."""
    prop = next((p for p in PROPERTIES if p.name == name), None)
    if prop is None:
        hint = did_you_mean(name, [p.name for p in PROPERTIES])
        raise UsageError(f"--property: unknown property {name!r}{hint}")
    if prop.existential:
        raise UsageError(f"--property: {name} is about all configurations together and has "
                         "no counterexample trace; see prg verify")
    for config in configs:
        graph = explore(Pair(spec, config, fault_budget))
        violation = prop.check(graph)  # type: ignore[call-arg,arg-type]
        if violation is not None:
            return config, violation
    return None
