"""A parameter set: the spec's defaults with the values a user sets by name, and the rules of
the spec it breaks (each parameter's documented range, and the spec's ``constraints``),
checked with Z3."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import z3  # type: ignore[import-untyped]
from prg.model.errors import UsageError
from prg.model.settings import NODES, read_settings
from prg.model.spec import Constraint, Guard, Option, Parameter, Spec, Value
from prg.model.words import value_words
from prg.verify.checks.properties import Violation


def value_key(parameter: Parameter, node: int) -> str:
    """Where a parameter set keeps a parameter's value for ``node``: ``node2.KEY`` for a
    per-node parameter, the key itself for a clusterwide one."""
    return f"node{node}.{parameter.key}" if parameter.per_node else parameter.key


def value_keys(parameter: Parameter) -> tuple[str, ...]:
    """Every key a parameter set keeps the parameter's values under."""
    return tuple(dict.fromkeys(value_key(parameter, node) for node in NODES))


def defaults(spec: Spec) -> dict[str, Value]:
    """Every parameter and every option the check reads (``checked_options``) at its default:
    a clusterwide parameter and an option by key, a per-node parameter once per node
    (``node1.KEY``, ``node2.KEY``)."""
    values: dict[str, Value] = {key: p.default for p in spec.parameters for key in value_keys(p)}
    checked = checked_options(spec)
    return {**values, **{o.key: o.default for o in spec.options if o.key in checked}}


def parameter_set(spec: Spec, assignments: Iterable[str]) -> dict[str, Value]:
    """The defaults with each ``NAME=VALUE`` applied (``settings.read_settings``: a per-node
    parameter's NAME alone sets both nodes). Raises UsageError on a setting that cannot be
    read, and on an option the check does not read (``checked_options``)."""
    values = defaults(spec)
    checked = checked_options(spec)
    for setting in read_settings(spec, assignments):
        item = setting.item
        if isinstance(item, Option) and item.key not in checked:
            raise UsageError(f"--set {item.key}: an option of the model's states, not of the "
                             f"timing or the parameter rules; prg verify --set {item.key}=... "
                             "checks it")
        for node in setting.nodes:
            values[value_key(item, node) if isinstance(item, Parameter) else item.key] = \
                setting.value
    return values


def checked_options(spec: Spec) -> frozenset[str]:
    """The options the timing or a parameter rule reads: the others change nothing in a
    parameter set's check."""
    timing = spec.timing
    named = {name for constraint in spec.constraints
             for guard in (constraint.when, constraint.options) for name, _ in guard.atoms}
    if timing is not None:
        named |= {key for key in (timing.slowdown_option, timing.failover_option,
                                  timing.dual_connection_option) if key is not None}
        named |= {f.option for f in timing.failures if f.option is not None}
    return frozenset(named)


@dataclass(frozen=True)
class Breach:
    """A rule the parameter set breaks: its name, the values involved, where the spec says it."""

    rule: str
    detail: str
    source: str
    line: int


def _linear(constraint: Constraint, variables: Mapping[str, z3.ArithRef],
            names: Mapping[str, str]) -> z3.BoolRef:
    total = z3.IntVal(constraint.constant)
    for name, coefficient in constraint.terms:
        total = total + coefficient * variables[names[name]]
    return {
        "<": total < 0, "<=": total <= 0, ">": total > 0, ">=": total >= 0,
        "==": total == 0, "!=": total != 0,
    }[constraint.comparison]


def breaches(spec: Spec, values: Mapping[str, Value]) -> list[Breach]:
    """Every rule ``values`` breaks: ranges first, in parameter order, then the constraints
    (a constraint of a per-node parameter on each node, one that names options where the
    options take the values of its ``when``)."""
    numeric = [p for p in spec.parameters if not isinstance(p.default, bool)]
    keys = [key for parameter in numeric for key in value_keys(parameter)]
    variables = {key: z3.Int(key) for key in keys}
    solver = z3.Solver()
    for key in keys:
        solver.add(variables[key] == int(values[key]))
    found = []
    for parameter in numeric:
        for key in value_keys(parameter):
            low, high = parameter.minimum, parameter.maximum
            within = z3.And(
                variables[key] >= low if low is not None else z3.BoolVal(True),
                variables[key] <= high if high is not None else z3.BoolVal(True),
            )
            if solver.check(within) == z3.unsat:
                found.append(Breach(
                    f"range of {key}", f"{key}={values[key]} is outside {parameter.range_text()}",
                    parameter.at.source, parameter.at.line,
                ))
    per_node = {p.key for p in spec.parameters if p.per_node}
    for constraint in spec.constraints:
        if not _options_hold(constraint.when, values):
            continue
        if not _options_hold(constraint.options, values):
            involved = ", ".join(f"{name}={value_words(values[name])}"
                                 for name, _ in constraint.options.atoms)
            found.append(Breach(constraint.name, f"{constraint.text} fails with {involved}",
                                constraint.at.source, constraint.at.line))
            continue
        nodes = NODES if any(name in per_node for name, _ in constraint.terms) else (None,)
        for node in nodes:
            names = {name: name if name not in per_node else f"node{node}.{name}"
                     for name, _ in constraint.terms}
            if solver.check(_linear(constraint, variables, names)) == z3.unsat:
                involved = ", ".join(f"{names[name]}={values[names[name]]}"
                                     for name, _ in constraint.terms)
                on = f" (node {node})" if node is not None else ""
                found.append(Breach(f"{constraint.name}{on}",
                                    f"{constraint.text} fails with {involved}",
                                    constraint.at.source, constraint.at.line))
    return found


def _options_hold(guard: Guard, values: Mapping[str, Value]) -> bool:
    return all(values[name] in allowed for name, allowed in guard.atoms)


def assumed_ranges(spec: Spec) -> list[Parameter]:
    """The parameters whose range the spec assumes (the document gives none)."""
    return [p for p in spec.parameters if p.range_assumed]


def parameters_consistent(spec: Spec) -> Violation | None:
    """The spec's default parameter set obeys every range (the document's, or the spec's
    assumption where the document gives none) and every constraint of the spec."""
    found = breaches(spec, defaults(spec))
    if not found:
        return None
    shown = "; ".join(f"{b.rule}: {b.detail}" for b in found)
    return Violation(f"the defaults break {len(found)} rule{'s' if len(found) > 1 else ''}: "
                     f"{shown}", lines=tuple(b.line for b in found))
