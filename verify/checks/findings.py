"""Findings: the places where the document's own behaviour breaks a property, declared in the
spec's ``findings:`` section and reported as findings rather than hidden or taken for defects.

A violation is a finding's when the finding applies (its property, a fault budget at least its
own, a configuration it names) and the property holds once the finding's scope is set aside:
the graph as if the finding's faults never happened, and every Table 2 row but the finding's.
So a finding never hides a violation it does not explain. A finding that applies to a run and
explains no violation there is stale: the list of findings stays true.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from prg.model.errors import SpecError
from prg.model.explore import Graph
from prg.model.names import did_you_mean
from prg.model.product import Config, option_values
from prg.model.spec import Finding, Guard, Spec, Value
from prg.verify.checks.properties import PROPERTIES, Property, Violation


def check_findings(spec: Spec, safety: Collection[str]) -> None:
    """Every finding names a property checked per configuration (by the graph engine, or one
    of ``safety``, the Z3 engine's), and rows or claims only where the property is made of
    them."""
    by_name = {p.name: p for p in PROPERTIES if not p.existential}
    known = sorted(set(by_name) | set(safety))
    for index, finding in enumerate(spec.findings):
        where = f"findings[{index}]"
        prop = by_name.get(finding.property)
        if finding.property not in known:
            raise SpecError(spec.path, finding.at.line, f"{where}.property",
                            f"unknown property {finding.property!r}"
                            f"{did_you_mean(finding.property, known)}: a finding is about "
                            "a property checked on each configuration")
        for parts, named in (("rows", finding.rows), ("claims", finding.claims)):
            if named and (prop is None or prop.parts != parts):
                raise SpecError(spec.path, finding.at.line, f"{where}.{parts}",
                                f"{finding.property} is not about the spec's {parts}")


def config_matches(guard: Guard, values: Mapping[str, Value]) -> bool:
    return all(values[name] in allowed for name, allowed in guard.atoms)


def applying(spec: Spec, name: str, fault_budget: int,
             config: Mapping[str, Value]) -> tuple[Finding, ...]:
    """The findings on property ``name`` that apply at ``fault_budget`` in ``config``."""
    values = option_values(spec, config)
    return tuple(f for f in spec.findings
                 if f.property == name and fault_budget >= f.fault_budget
                 and config_matches(f.config, values))


@dataclass(frozen=True)
class Judged:
    """A property on one configuration: the violation (None where it holds) and the findings
    that explain it (empty where it is a violation of its own)."""

    violation: Violation | None
    findings: tuple[str, ...] = ()


def judge(prop: Property, graph: Graph) -> Judged:
    """Check ``prop`` on ``graph``; a violation is a finding's when the property holds with
    that finding's scope set aside (one finding alone first, then all that apply together);
    else the violation left is reported as the property's own."""
    violation = prop.check(graph)  # type: ignore[call-arg,arg-type]
    if violation is None:
        return Judged(None)
    spec = graph.pair.spec
    # The graph's own configuration: a pair searched for several configurations at once is
    # the first one's.
    findings = applying(spec, prop.name, graph.pair.fault_budget,
                        dict(cast(Config, graph.config)))
    if not findings:
        return Judged(violation)
    # The findings that name a scope (faults, rows or claims) first, alone then together; a
    # finding that covers the property in its configurations only where they do not explain
    # it, so that it never takes the place of the findings that say why.
    scoped = tuple(f for f in findings if f.faults or f.parts)
    attempts: list[tuple[Finding, ...]] = [(f,) for f in scoped]
    if len(scoped) > 1:
        attempts.append(scoped)
    attempts += [(f,) for f in findings if f not in scoped]
    if len(findings) > 1 and scoped != findings:
        attempts.append(findings)
    rest: Violation | None = violation
    for chosen in attempts:
        rest = _check_without(prop, graph, chosen)
        if rest is None:
            return Judged(violation, tuple(f.id for f in chosen))
    return Judged(rest)


def _check_without(prop: Property, graph: Graph,
                   findings: Sequence[Finding]) -> Violation | None:
    """``prop`` with the findings' scope set aside: the faults of those that name no rows or
    claims never happen; of those that name some, every other row or claim is checked as it
    is and theirs as if their faults never happened. A finding of no faults and no rows or
    claims covers the property in its configurations."""
    if any(not f.faults and not f.parts for f in findings):
        return None
    everywhere = {fault for f in findings if not f.parts for fault in f.faults}
    narrowed = graph.without_events(everywhere) if everywhere else graph
    by_parts = [f for f in findings if f.parts]
    if not by_parts:
        return prop.check(narrowed)  # type: ignore[call-arg,arg-type]
    assert prop.check_except is not None  # check_findings refuses it otherwise
    others = prop.check_except(narrowed, frozenset(p for f in by_parts for p in f.parts))
    if others is not None:
        return others
    spec = graph.pair.spec
    every: frozenset[int | str] = frozenset(
        [row.id for row in spec.rows] if prop.parts == "rows" else [c.id for c in spec.claims])
    # A part named by several findings is checked without all of their faults at once; one
    # of them that names no faults covers it.
    faults_of: dict[int | str, frozenset[str] | None] = {}
    for finding in by_parts:
        for part in finding.parts:
            known = faults_of.get(part, frozenset())
            faults_of[part] = (None if known is None or not finding.faults
                               else known | frozenset(finding.faults))
    parts_by_faults: dict[frozenset[str], set[int | str]] = {}
    for part, faults in faults_of.items():
        if faults is not None:
            parts_by_faults.setdefault(faults, set()).add(part)
    for faults, parts in parts_by_faults.items():
        found = prop.check_except(narrowed.without_events(faults), every - parts)
        if found is not None:
            return found
    return None
