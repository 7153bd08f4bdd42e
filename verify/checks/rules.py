"""Rule analysis with Z3 over the guards: is each node's response to an event determined, and
does the spec say what happens to every event in every state?

Both are properties of the spec itself, checked once for every configuration at the same time
(the options are variables like any other). A rule starts from the states it names, ``down``
for a node that is down. Messages reach only a node that is up (the product drops them
otherwise), so ``down`` is not asked of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import z3  # type: ignore[import-untyped]
from prg.model.spec import DOWN, Event, Ignored, Rule, Spec
from prg.verify.checks.guard_formulas import SOURCE, GuardFormulas, valuation_text
from prg.verify.checks.properties import Violation

#: How many situations a violation's message spells out; the report lists them all.
SHOWN = 3


@dataclass(frozen=True)
class Situation:
    """A node in a state, an event, and the values of the guard variables that matter: where
    two rules disagree or where the spec says nothing."""

    node: int
    state: str
    event: str
    values: dict[str, Any]
    what: str
    lines: tuple[int, ...]

    def text(self) -> str:
        values = f" with {valuation_text(self.values)}" if self.values else ""
        return f"{self.event} on node {self.node} in {self.state}{values}: {self.what}"


@dataclass
class RuleViolation(Violation):
    """A violation of a rule property: every situation found, none with a trace (they are
    about the rules, not about a path)."""

    situations: list[Situation] = field(default_factory=list)


class RuleAnalysis:
    """One solver holding the guard variables' definitions, asked about each event."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.formulas = GuardFormulas(spec)
        self.solver = z3.Solver()
        self.solver.add(*self.formulas.definitions)
        self._enabled_formulas: dict[int, z3.BoolRef] = {}

    def _receivable(self, event: Event) -> z3.BoolRef:
        """Where a node can receive ``event`` at all: messages only while it is up."""
        if event.kind == "message":
            return z3.Not(self.formulas.source([DOWN]))
        return z3.BoolVal(True)

    def _enabled(self, item: Rule | Ignored) -> z3.BoolRef:
        """Where ``item`` applies: its source and its guard (built once per item)."""
        found = self._enabled_formulas.get(id(item))
        if found is None:
            found = self._enabled_formulas[id(item)] = z3.And(
                self.formulas.source(item.sources), self.formulas.guard(item.guard))
        return found

    def _situation(
        self, model: z3.ModelRef, event: str, items: Sequence[Rule | Ignored], what: str,
        lines: Sequence[int],
    ) -> Situation:
        """The model as a situation, showing the variables ``items`` read."""
        read = list(dict.fromkeys(name for item in items for name in item.guard.variables()))
        values = {name: self.formulas.value(model, name) for name in read if name != "node"}
        return Situation(
            node=int(self.formulas.value(model, "node")),
            state=str(self.formulas.value(model, SOURCE)),
            event=event,
            values=values,
            what=what,
            lines=tuple(lines),
        )

    def _model_of(self, *formulas: z3.BoolRef) -> z3.ModelRef | None:
        self.solver.push()
        self.solver.add(*formulas)
        found = self.solver.model() if self.solver.check() == z3.sat else None
        self.solver.pop()
        return found

    def overlaps(self) -> list[Situation]:
        """Two rules of one event that a node may both fire in one situation (unless both
        mark the same intended ``choice``), and rules that handle what the spec ignores."""
        found = []
        for event in self.spec.events:
            rules = [r for r in self.spec.rules if r.event == event.name]
            ignored = [i for i in self.spec.ignored if event.name in i.events]
            receivable = self._receivable(event)
            for first, second in itertools.combinations(rules, 2):
                if first.choice is None or first.choice != second.choice:
                    found += self._overlap(receivable, event.name, first, second,
                                           f"rules {first.id} and {second.id} both apply")
            for rule, entry in itertools.product(rules, ignored):
                found += self._overlap(receivable, event.name, rule, entry,
                                       f"rule {rule.id} handles what the spec says is ignored "
                                       f"(line {entry.at.line})")
        return found

    def _overlap(self, receivable: z3.BoolRef, event: str, first: Rule, second: Rule | Ignored,
                 what: str) -> list[Situation]:
        """The situation (none or one) in which both ``first`` and ``second`` apply."""
        if not first.sources & second.sources or _disjoint(first, second):
            return []
        model = self._model_of(receivable, self._enabled(first), self._enabled(second))
        if model is None:
            return []
        return [self._situation(model, event, (first, second), what,
                                (first.at.line, second.at.line))]

    def gaps(self) -> list[Situation]:
        """Per event, each state where some valuation is neither handled by a rule nor
        ignored by the spec: one example valuation each."""
        found = []
        for event in self.spec.events:
            items: list[Rule | Ignored] = [r for r in self.spec.rules if r.event == event.name]
            items += [i for i in self.spec.ignored if event.name in i.events]
            covered = z3.Or(z3.BoolVal(False), *(self._enabled(item) for item in items))
            self.solver.push()
            self.solver.add(self._receivable(event), z3.Not(covered))
            while self.solver.check() == z3.sat:
                model = self.solver.model()
                state = str(self.formulas.value(model, SOURCE))
                relevant = [i for i in items if state in i.sources]
                found.append(self._situation(
                    model, event.name, relevant, "no rule handles it and the spec does not "
                    "ignore it", (event.at.line, *(i.at.line for i in relevant)),
                ))
                self.solver.add(z3.Not(self.formulas.source([state])))
            self.solver.pop()
        return found


def _disjoint(first: Rule | Ignored, second: Rule | Ignored) -> bool:
    """Whether two guards name one variable with no value in common (no solver needed)."""
    allowed = dict(first.guard.atoms)
    return any(name in allowed and not allowed[name] & values
               for name, values in second.guard.atoms)


def _violation(situations: list[Situation], what: str) -> RuleViolation | None:
    if not situations:
        return None
    shown = "; ".join(s.text() for s in situations[:SHOWN])
    more = f"; and {len(situations) - SHOWN} more" if len(situations) > SHOWN else ""
    lines = tuple(sorted({line for s in situations for line in s.lines}))
    count = f"{len(situations)} situation{'s' if len(situations) > 1 else ''} {what}"
    return RuleViolation(f"{count}: {shown}{more}", lines=lines,
                         situations=situations)


_OVERLAPS = "with more than one response"
_GAPS = "the spec says nothing about"


def rules_deterministic(
    spec: Spec, analysis: RuleAnalysis | None = None
) -> RuleViolation | None:
    """No two rules of one node are enabled in the same state on the same event with
    overlapping guards, unless the spec marks the choice as intended; no rule handles what the
    spec says is ignored."""
    return _violation((analysis or RuleAnalysis(spec)).overlaps(), _OVERLAPS)


def rules_complete(spec: Spec, analysis: RuleAnalysis | None = None) -> RuleViolation | None:
    """Every event in every state (and every valuation of the guard variables) is handled by
    a rule or ignored by the spec, with the reason."""
    return _violation((analysis or RuleAnalysis(spec)).gaps(), _GAPS)
