"""The properties of the spec itself, checked once with Z3 for every configuration at the same
time: the rule analysis and the consistency of the default parameters. Each is reported as the
graph properties are, with ``"engine": "z3"``."""

from __future__ import annotations

import time
from collections.abc import Callable

from prg.model.spec import Spec
from prg.verify.checks.parameters import parameters_consistent
from prg.verify.checks.properties import Violation
from prg.verify.checks.rules import RuleAnalysis, RuleViolation, rules_complete, rules_deterministic
from prg.verify.results import Verdict

#: The spec-level properties, in report order.
SPEC_PROPERTIES: tuple[Callable[..., Violation | None], ...] = (
    rules_deterministic, rules_complete, parameters_consistent,
)


def description(check: Callable[..., Violation | None]) -> str:
    """A property's description: the first paragraph of its docstring."""
    return " ".join((check.__doc__ or "").split("\n\n")[0].split())


def spec_properties(spec: Spec) -> list[Verdict]:
    """The spec-level properties' verdicts, beside the properties of the pair."""
    analysis = RuleAnalysis(spec)  # one solver for both rule properties
    runs: dict[str, Callable[[], Violation | None]] = {
        "rules_deterministic": lambda: rules_deterministic(spec, analysis),
        "rules_complete": lambda: rules_complete(spec, analysis),
        "parameters_consistent": lambda: parameters_consistent(spec),
    }
    verdicts: list[Verdict] = []
    for check in SPEC_PROPERTIES:
        begin = time.perf_counter()
        violation = runs[check.__name__]()
        situations = violation.situations if isinstance(violation, RuleViolation) else []
        verdicts.append(Verdict(
            name=check.__name__,
            description=description(check),
            status="holds" if violation is None else "violated",
            engine="z3",
            method="smt",
            config={},
            message=violation.message if violation else None,
            counterexample=None,
            situations=tuple(situations),
            spec_lines=tuple(violation.lines) if violation else (),
            seconds=time.perf_counter() - begin,
        ))
    return verdicts
