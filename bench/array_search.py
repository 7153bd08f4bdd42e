"""The search on arrays (``prg.model.arrays``) against the explorer (``prg.model.explore``).

Both search every configuration group of the bundled spec; the script checks that they give
the same states, parents and edges (``--no-check`` skips it), then times each search, median of
``--runs``, one process: the explorer and the array search working out every step from the
rules (no cache), and the array search reading the steps from the compiled tables (a
temporary cache filled first). It gives what the array search's graph keeps per joint state. With
``--peak``, each searches the first group (the default configuration's) alone in a child
process: its peak resident memory above what the process held before the search, per joint
state (reading the compiled tables: a search ``prg verify`` makes once the cache holds them).

``--arrays-only`` leaves the explorer out (at fault budget 2 it takes minutes a run).

    python bench/array_search.py [--runs 3] [--fault-budget 1] [--no-check] [--peak] [--arrays-only]
                                 [--max-states N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from prg.model.arrays import ArrayGraph, search
from prg.model.cache import caching
from prg.model.explore import explore_one_by_one as explore
from prg.model.explore import graph_of
from prg.model.load import load_spec
from prg.model.product import Pair, configuration_groups
from prg.model.searching import MAX_STATES, collector_paused
from prg.model.spec import Spec

SEARCHES = ("explorer", "arrays", "arrays, compiled tables")


def searched(spec: Spec, fault_budget: int, how: str,
             limit: int = MAX_STATES) -> tuple[float, int, int]:
    """Seconds of one search of every group (``how``: explorer or arrays), the joint states
    and the bytes the array graphs keep (0 for the explorer)."""
    seconds = 0.0
    states = kept = 0
    with collector_paused(), caching(how.endswith("compiled tables")):
        for group in configuration_groups(spec):
            pair = Pair(spec, group[0], fault_budget)
            roots = [pair.initial_for(c) for c in group]
            begin = time.perf_counter()
            if how == "explorer":
                states += len(explore(pair, roots, limit).states)
            else:
                found = search(pair, roots, limit)
                states += len(found)
                kept += kept_bytes(found)
            seconds += time.perf_counter() - begin
    return seconds, states, kept


def kept_bytes(found: ArrayGraph) -> int:
    arrays = (found.state_control, found.state_users, found.parent, found.parent_label,
              found.offsets, found.targets, found.labels)
    return sum(a.nbytes for a in arrays)


def checked(spec: Spec, fault_budget: int) -> None:
    for group in configuration_groups(spec):
        first, second = Pair(spec, group[0], fault_budget), Pair(spec, group[0], fault_budget)
        graph = explore(first, [first.initial_for(c) for c in group])
        found = graph_of(search(second, [second.initial_for(c) for c in group]))
        if (found.states, found.parent, found.edges) != (graph.states, graph.parent,
                                                         graph.edges):
            sys.exit("bench: the array search and the explorer differ")


def peak(fault_budget: int, how: str, limit: int) -> float:
    """Peak resident bytes per joint state of a search of the first group, in a child process,
    above what the process held once the spec was loaded."""
    done = subprocess.run([sys.executable, __file__, "--child", str(SEARCHES.index(how)),
                           "--fault-budget", str(fault_budget),
                           "--max-states", str(limit)],
                          capture_output=True, text=True, check=True)
    before, after, states = map(int, done.stdout.split())
    return (after - before) / states


def peak_resident() -> int:
    """This process's peak resident bytes. Linux's own count (``VmHWM``) where there is one:
    the count ``getrusage`` gives a child process starts at its parent's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(spec: Spec, fault_budget: int, how: str, limit: int) -> None:
    """Search the first group with ``how`` and print the peak resident bytes before and after,
    and the joint states."""
    group = configuration_groups(spec)[0]
    pair = Pair(spec, group[0], fault_budget)
    roots = [pair.initial_for(c) for c in group]
    compiled = how.endswith("compiled tables")
    if not compiled:
        # The pair made ready: the peak of a search that works out its steps.
        pair.steps(*roots[0][:3])
    before = peak_resident()
    with collector_paused(), caching(compiled):
        states = len(explore(pair, roots, limit).states) if how == "explorer" else len(
            search(pair, roots, limit))
    print(before, peak_resident(), states)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fault-budget", type=int, default=1)
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--peak", action="store_true")
    parser.add_argument("--arrays-only", action="store_true")
    parser.add_argument("--max-states", type=int, default=MAX_STATES,
                        help="the most joint states of a search (fault budget 2 needs more)")
    parser.add_argument("--child", type=int, choices=range(len(SEARCHES)),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    spec = load_spec()
    if args.child:
        child(spec, args.fault_budget, SEARCHES[args.child], args.max_states)
        return
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="prg-bench-")
    if not args.no_check and not args.arrays_only:
        checked(spec, args.fault_budget)
        print("same states, parents and edges as the explorer, every group")
    searched(spec, args.fault_budget, SEARCHES[-1], args.max_states)  # fills the cache
    for how in SEARCHES[1:] if args.arrays_only else SEARCHES:
        runs = [searched(spec, args.fault_budget, how, args.max_states)
                for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in runs)
        states, kept = runs[0][1], runs[0][2]
        line = (f"{how:23} {seconds:7.2f} s, {states:>10,} joint states, "
                f"{states / seconds:>10,.0f} joint states/s (median of {args.runs})")
        if kept:
            line += f", graph {kept / states:.0f} bytes per joint state"
        if args.peak:
            alone = peak(args.fault_budget, how, args.max_states)
            line += f"; first group alone: peak {alone:.0f} bytes per joint state"
        print(line)


if __name__ == "__main__":
    main()
