"""The manifest of expected results: for the bundled spec and for every seeded defect under
``specs/mutants/``, at the fault budget it is checked at, the graph engine's verdict on each
property, the number of joint states, a digest of its JSON report (timings aside) and of every
configuration's explored graph, and the Z3 engine's verdict on each property it proves. The
tests compare prg against it; ``python -m prg.verify.manifest`` writes it again after a
deliberate change (``--check`` only compares).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from prg.model.errors import PrgError
from prg.model.explore import explore
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.model.mutant import Mutant, read_mutant
from prg.model.product import Pair, configurations
from prg.model.spec import Spec
from prg.verify.checks.proofs import symbolic_proofs
from prg.verify.checks.spec_properties import spec_properties
from prg.verify.formats.json_report import to_json
from prg.verify.report import in_own_process, verify

SPECS = DEFAULT_SPEC.parent
MUTANTS = SPECS / "mutants"
MANIFEST = SPECS / "manifest.yaml"

#: The fault budgets the bundled spec is recorded at: without faults (quick) and the default.
BASE_BUDGETS = (0, 1)

_HEADER = """\
# Expected results of prg on the bundled spec and on every seeded defect (specs/mutants/).
# Written by `python -m prg.verify.manifest`, read by the tests: a change here is a change in
# what prg finds. Mutants are checked at their own `fault_budget` (0 where that already catches
# them, which keeps the tests quick); `caught_by` is the property that must catch each one,
# `load` where the loader refuses it before any property runs. `verdicts` are the graph
# engine's, `z3_verdicts` the Z3 engine's; `report_digest` pins the graph engine's JSON report
# (timings aside) and `explorer_digest` every configuration's explored graph.
"""


def mutants() -> list[tuple[Path, Mutant]]:
    """Every mutant under ``specs/mutants/``, by file name."""
    found = []
    for path in sorted(MUTANTS.glob("*.yaml")):
        found.append((path, read_mutant(path.read_text(encoding="utf-8"), path, _relative(path))))
    return found


def _relative(path: Path) -> str:
    return str(path.relative_to(SPECS.parent))


def outcome(path: Path, fault_budget: int) -> dict[str, Any]:
    """What prg finds on the spec or mutant at ``path``: the joint states and every verdict,
    or the one-line error of a spec the loader refuses."""
    try:
        spec = load_spec(path)
    except PrgError as error:
        return {"error": str(error).replace(str(SPECS.parent) + "/", "")}
    report = verify(spec, fault_budget, engine="graph")
    return {
        "joint_states": report.model.joint_states,
        "verdicts": {p.name: p.status for p in report.properties},
        "report_digest": report_digest(to_json(report)),
        "explorer_digest": explorer_digest(spec, fault_budget),
        "z3_verdicts": z3_verdicts(spec, fault_budget),
    }


#: The fields of a JSON report that measure time: the only ones two runs may differ in.
TIMINGS = frozenset(("elapsed_s", "explore_seconds", "seconds"))


def report_digest(report_json: str) -> str:
    """A digest of a JSON report with every timing field set to 0 and the spec named by its
    file name alone (where it was read from is not what it says): any change in what the
    report says changes it."""
    report = json.loads(report_json)
    report["spec"]["path"] = Path(report["spec"]["path"]).name
    untimed = json.dumps(_untimed(report), indent=2, sort_keys=True)
    return hashlib.sha256(untimed.encode()).hexdigest()[:16]


def _untimed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: 0 if key in TIMINGS else _untimed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_untimed(item) for item in value]
    return value


def explorer_digest(spec: Spec, fault_budget: int) -> str:
    """A digest of each configuration's explored graph, in the explorer's own numbering: its
    joint states, steps, shortest-path parents and labels. Any change in what the explorer
    finds, or in the order it finds it, changes the digest."""
    digest = hashlib.sha256()
    for config in configurations(spec):
        graph = explore(Pair(spec, config, fault_budget))
        for part in (list(graph.states), graph.edges, list(graph.parent), graph.labels):
            digest.update(repr(part).encode())
    return digest.hexdigest()[:16]


def z3_verdicts(spec: Spec, fault_budget: int) -> dict[str, str]:
    """The Z3 engine's verdict on each safety property (for every number of users) and on
    each spec-level property."""
    proved = in_own_process(symbolic_proofs, spec, fault_budget)
    return ({o.name: o.status for o in proved.outcomes}
            | {v.name: v.status for v in spec_properties(spec)})


def expected() -> list[dict[str, Any]]:
    """The manifest's entries, computed now."""
    entries: list[dict[str, Any]] = [
        {"spec": _relative(DEFAULT_SPEC), "fault_budget": budget,
         **outcome(DEFAULT_SPEC, budget)}
        for budget in BASE_BUDGETS
    ]
    for path, mutant in mutants():
        entries.append({
            "spec": _relative(path),
            "kind": mutant.kind,
            "caught_by": mutant.caught_by,
            "fault_budget": mutant.fault_budget,
            **outcome(path, mutant.fault_budget),
        })
    return entries


def read_manifest() -> list[dict[str, Any]]:
    """The manifest's entries as recorded."""
    entries: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return entries


def dump(entries: list[dict[str, Any]]) -> str:
    return _HEADER + yaml.safe_dump(entries, sort_keys=False, width=100)


def main(argv: list[str]) -> int:
    current = dump(expected())
    if "--check" in argv:
        same = MANIFEST.exists() and MANIFEST.read_text(encoding="utf-8") == current
        print("manifest is up to date" if same else f"{MANIFEST} differs from what prg finds")
        return 0 if same else 1
    MANIFEST.write_text(current, encoding="utf-8")
    print(f"wrote {MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
