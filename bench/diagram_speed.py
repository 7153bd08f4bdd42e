"""Time each diagram: building it from the spec or the explored graph, and rendering it to
each format (DOT and Mermaid are text prg writes; SVG and PNG run Graphviz).

Target: each diagram renders in <= 0.5 s. The search the pair and trace diagrams draw from is
timed apart: it is the model's cost, which a verify run pays anyway.

    python bench/diagram_speed.py [--runs 5] [--fault-budget 1]
"""

from __future__ import annotations

import argparse
import time

from measure import median_seconds
from prg.diagrams.node import EVENT_VIEWS, node_diagram
from prg.diagrams.pair import full_product_diagram, pair_diagram
from prg.diagrams.render import FORMATS, Diagram, render
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model.explore import explore
from prg.model.load import load_spec
from prg.model.product import Pair, default_config
from prg.model.projection import projection
from prg.model.traces import trace_of
from prg.verify.checks.properties import row_witness

TARGET = 0.5


def line(name: str, build: float, diagram: Diagram, runs: int) -> None:
    renders = {f: median_seconds(lambda f=f: render(diagram, f), runs) for f in FORMATS}
    slowest = build + max(renders.values())
    verdict = "ok" if slowest <= TARGET else "over"
    print(f"{name:<22} {diagram.engine:<6} {build:7.3f} "
          + " ".join(f"{renders[f]:7.3f}" for f in FORMATS)
          + f"   {slowest:6.3f} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fault-budget", type=int, default=1)
    args = parser.parse_args()
    spec = load_spec()
    config = default_config(spec)
    start = time.perf_counter()
    graph = explore(Pair(spec, config, args.fault_budget))
    searched = time.perf_counter() - start
    small = explore(Pair(spec, config, 0))
    print(f"search (not a diagram's cost): default configuration, fault budget "
          f"{args.fault_budget}: {len(graph.states):,} joint states in {searched:.3f} s")
    print(f"seconds, median of {args.runs}; target: build + slowest render <= {TARGET} s")
    print(f"{'diagram':<22} {'engine':<6} {'build':>7} "
          + " ".join(f"{f:>7}" for f in FORMATS) + "   worst")
    for events in EVENT_VIEWS:
        node = node_diagram(spec, events)
        line(f"node ({events})", median_seconds(lambda events=events: node_diagram(spec, events),
                                                args.runs), node, args.runs)
    pair = pair_diagram(projection(graph), graph.pair.spec)
    line(f"pair (budget {args.fault_budget})",
         median_seconds(lambda: pair_diagram(projection(graph), graph.pair.spec), args.runs), pair, args.runs)
    classes = state_classes(spec)
    for row_id in (3, 18):
        found = row_witness([graph], spec.rows[row_id - 1])
        if found is None:
            continue
        trace = trace_of(*found)
        title = f"Table 2 row {row_id}"
        diagram = trace_diagram(trace, classes, title)
        line(f"trace (row {row_id}, {len(trace) - 1} ev.)",
             median_seconds(lambda t=trace, n=title: trace_diagram(t, classes, n), args.runs),
             diagram, args.runs)
    full = full_product_diagram(small)
    build = median_seconds(lambda: full_product_diagram(small), 1)
    renders = {f: median_seconds(lambda f=f: render(full, f), 1) for f in ("dot", "svg")}
    print(f"full product (budget 0, {len(small.states):,} joint states, on request): build "
          f"{build:.3f} s, dot {renders['dot']:.3f} s, svg (sfdp) {renders['svg']:.3f} s "
          "(one run)")


if __name__ == "__main__":
    main()
