"""Time the Z3 queries of the spec-level analyses on the bundled spec, in process.

Rule analysis (rules_deterministic, rules_complete: one solver, one query per pair of rules or
per event and state), the consistency of the default parameter set (one query per rule), and
the timing bounds of every failure kind (one z3.Optimize per failure). Prints the median of N
runs of each, and the share of a `prg verify` run the rule analysis adds.

    python bench/z3_analysis.py [--runs 5]
"""

from __future__ import annotations

import argparse

from measure import median_seconds
from prg.model.load import load_spec
from prg.verify.checks.parameters import breaches, defaults
from prg.verify.checks.rules import rules_complete, rules_deterministic
from prg.verify.checks.spec_properties import spec_properties
from prg.verify.checks.timing import failure_bounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    spec = load_spec()
    values = defaults(spec)
    pairs = sum(1 for e in spec.events for a in spec.rules for b in spec.rules
                if a.event == b.event == e.name and a.id < b.id)
    rows = [
        ("rules_deterministic", lambda: rules_deterministic(spec),
         f"{pairs} pairs of rules of one event, rules against {len(spec.ignored)} ignored entries"),
        ("rules_complete", lambda: rules_complete(spec),
         f"{len(spec.events)} events, every state and guard valuation"),
        ("spec properties", lambda: spec_properties(spec),
         "as in verify: both rule properties on one solver, and parameters_consistent"),
        ("parameter rules", lambda: breaches(spec, values),
         f"{len(spec.parameters)} ranges and {len(spec.constraints)} constraints"),
        ("timing bounds", lambda: failure_bounds(spec, values),
         f"{len(spec.timing.failures) if spec.timing else 0} failure kinds, z3.Optimize"),
    ]
    for name, work, what in rows:
        seconds = median_seconds(work, args.runs)
        print(f"{name:<20} {seconds * 1000:8.1f} ms (median of {args.runs})  {what}")


if __name__ == "__main__":
    main()
