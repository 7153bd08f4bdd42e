"""Time each property of the graph engine, summed over the configurations, in processor seconds.

Each configuration group of the bundled spec is searched once, as `prg verify` searches it; then
each universal property is judged on each configuration's graph as `prg verify` judges it (with
its findings: a finding costs a second check on the graph without its faults). Processor time,
not wall time, so that a figure taken on a machine shared with other work is the check's own;
run it on two trees side by side (`PYTHONPATH=tree python bench/property_speed.py`) for an A/B.
Every configuration is checked here, also one whose graph lies inside another's (`prg verify`
skips the properties that hold there). The peak memory is the process's, search included.

    python bench/property_speed.py [--fault-budget 1] [--groups 0 3] [--properties NAME ...]
"""

from __future__ import annotations

import argparse
import resource
import time

from prg.model.explore import explore
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.model.product import Pair, configuration_groups
from prg.model.searching import collector_paused
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault-budget", type=int, default=1)
    parser.add_argument("--groups", type=int, nargs="*", help="configuration groups, by place")
    parser.add_argument("--properties", nargs="*", help="only these properties")
    args = parser.parse_args()
    spec = load_spec(DEFAULT_SPEC)
    groups = configuration_groups(spec)
    chosen = [p for p in PROPERTIES if not p.existential
              and (not args.properties or p.name in args.properties)]
    seconds = dict.fromkeys((p.name for p in chosen), 0.0)
    searched = configurations = 0
    search_seconds = 0.0
    with collector_paused():
        for place in args.groups if args.groups is not None else range(len(groups)):
            group = groups[place]
            pair = Pair(spec, group[0], args.fault_budget)
            start = time.process_time()
            union = explore(pair, [pair.initial_for(c) for c in group])
            search_seconds += time.process_time() - start
            searched += len(union.states)
            for index, config in enumerate(group):
                graph = (union.first_part(config) if union.roots[index] == 0
                         else union.rooted(union.roots[index], config))
                configurations += 1
                for prop in chosen:
                    start = time.process_time()
                    judge(prop, graph)
                    seconds[prop.name] += time.process_time() - start
    print(f"fault budget {args.fault_budget}, {configurations} configurations, {searched:,} "
          f"joint states searched in {search_seconds:.1f} s (processor seconds)")
    for name, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"{name:32s} {spent:8.2f} s")
    print(f"{'all of them':32s} {sum(seconds.values()):8.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory':32s} {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
