"""A parameter set: the spec's defaults with the values a user sets by name, and the rules of
the spec it breaks (each parameter's documented range, and the spec's ``constraints``),
checked with Z3."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import z3  # type: ignore[import-untyped]
from prg.model.errors import UsageError
from prg.model.names import did_you_mean
from prg.model.settings import truth
from prg.model.spec import Constraint, Option, Parameter, Spec, Value
from prg.verify.checks.properties import Violation


def defaults(spec: Spec) -> dict[str, Value]:
    """Every parameter and option at its default, by key."""
    return {**{p.key: p.default for p in spec.parameters},
            **{o.key: o.default for o in spec.options}}


def parameter_set(spec: Spec, assignments: Iterable[str]) -> dict[str, Value]:
    """The defaults with each ``NAME=VALUE`` applied; NAME is a parameter's or an option's key
    or its name in the document. Raises UsageError on an unknown name or a value that cannot
    be read (a value out of range is read: it is a violation, not a typo)."""
    values = defaults(spec)
    items: dict[str, Parameter | Option] = {}
    settable: list[Parameter | Option] = [*spec.parameters, *spec.options]
    for item in settable:
        items[item.key.lower()] = item
        items[item.name.lower()] = item
    for assignment in assignments:
        name, separator, text = assignment.partition("=")
        if not separator or not name.strip():
            raise UsageError(f"--set {assignment!r}: expected NAME=VALUE")
        found = items.get(name.strip().lower())
        if found is None:
            raise UsageError(_unknown(name.strip(), spec))
        values[found.key] = _read(found, text.strip())
    return values


def _unknown(name: str, spec: Spec) -> str:
    known = [*(p.key for p in spec.parameters), *(o.key for o in spec.options)]
    names = [*(p.name for p in spec.parameters), *(o.name for o in spec.options)]
    hint = did_you_mean(name, known + names, count=3, cutoff=0.5)
    return f"--set: unknown parameter {name!r}{hint}"


def _read(item: Parameter | Option, text: str) -> Value:
    if isinstance(item, Parameter):
        if isinstance(item.default, bool):
            return _boolean(item.key, text)
        try:
            return int(text)
        except ValueError:
            unit = f" ({item.unit})" if item.unit else ""
            raise UsageError(
                f"--set {item.key}: expected a whole number{unit}, got {text!r}"
            ) from None
    if set(item.values) == {True, False}:
        return _boolean(item.key, text)
    for value in item.values:
        if str(value).lower() == text.lower():
            return value
    shown = ", ".join(str(v) for v in item.values)
    raise UsageError(f"--set {item.key}: expected one of {shown}, got {text!r}")


def _boolean(key: str, text: str) -> bool:
    found = truth(text)  # the words prg verify --set takes
    if found is None:
        raise UsageError(f"--set {key}: expected true or false (on or off), got {text!r}")
    return found


@dataclass(frozen=True)
class Breach:
    """A rule the parameter set breaks: its name, the values involved, where the spec says it."""

    rule: str
    detail: str
    source: str
    line: int


def _linear(constraint: Constraint, variables: Mapping[str, z3.ArithRef]) -> z3.BoolRef:
    total = z3.IntVal(constraint.constant)
    for name, coefficient in constraint.terms:
        total = total + coefficient * variables[name]
    return {
        "<": total < 0, "<=": total <= 0, ">": total > 0, ">=": total >= 0,
        "==": total == 0, "!=": total != 0,
    }[constraint.comparison]


def breaches(spec: Spec, values: Mapping[str, Value]) -> list[Breach]:
    """Every rule ``values`` breaks: ranges first, in parameter order, then the constraints."""
    numeric = [p for p in spec.parameters if not isinstance(p.default, bool)]
    variables = {p.key: z3.Int(p.key) for p in numeric}
    solver = z3.Solver()
    for parameter in numeric:
        solver.add(variables[parameter.key] == int(values[parameter.key]))
    found = []
    for parameter in numeric:
        low, high = parameter.minimum, parameter.maximum
        within = z3.And(
            variables[parameter.key] >= low if low is not None else z3.BoolVal(True),
            variables[parameter.key] <= high if high is not None else z3.BoolVal(True),
        )
        if solver.check(within) == z3.unsat:
            shown = f"{'' if low is None else low}..{'' if high is None else high}"
            found.append(Breach(
                f"range of {parameter.key}",
                f"{parameter.key}={values[parameter.key]} is outside {shown} {parameter.unit}"
                .rstrip(),
                parameter.at.source, parameter.at.line,
            ))
    for constraint in spec.constraints:
        if solver.check(_linear(constraint, variables)) == z3.unsat:
            involved = ", ".join(f"{name}={values[name]}" for name, _ in constraint.terms)
            found.append(Breach(constraint.name, f"{constraint.text} fails with {involved}",
                                constraint.at.source, constraint.at.line))
    return found


def parameters_consistent(spec: Spec) -> Violation | None:
    """The spec's default parameter set obeys every documented range and every constraint of
    the spec."""
    found = breaches(spec, defaults(spec))
    if not found:
        return None
    shown = "; ".join(f"{b.rule}: {b.detail}" for b in found)
    return Violation(f"the defaults break {len(found)} rule{'s' if len(found) > 1 else ''}: "
                     f"{shown}", lines=tuple(b.line for b in found))
