"""Guards as Z3 formulas over one node's guard variables.

Each variable of ``prg.model.guards.node_domains`` becomes a Z3 variable over its values. The
derived variables are not free: ``definitions`` states them as the node's meaning
(``prg.model.node.NodeSemantics``) defines them, so that no valuation a node cannot have
(healthy with its database down, a peer seen ``down`` with every fact healthy) is ever reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import z3  # type: ignore[import-untyped]
from prg.model.guards import NONE, node_domains
from prg.model.node import NodeSemantics
from prg.model.spec import DOWN, Guard, Spec, Value

#: The variable holding the state a rule's source names: the node's state while it is up,
#: ``down`` while it is down.
SOURCE = "source"


class GuardFormulas:
    """The guard variables of one node as Z3 variables, their definitions, and formulas for
    guards and sources."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.semantics = NodeSemantics(spec)
        states = [s.name for s in spec.states]
        reasons = [r.name for r in spec.reasons]
        facts = {f.name: f.values for f in spec.facts}
        self.domains: dict[str, tuple[Value, ...]] = {
            name: _ordered(values)
            for name, values in node_domains(
                states, reasons, facts, {o.key: o.values for o in spec.options}
            ).items()
        }
        # A node that is down shows no reason (the product clears it): one more value.
        for name in ("reason", "peer.reason"):
            self.domains[name] = (*self.domains[name], NONE)
        # Aligned with ``state``'s values, so that the two can be compared directly.
        self.domains[SOURCE] = (*self.domains["state"], DOWN)
        self._variables: dict[str, z3.ExprRef] = {
            name: _variable(name, values) for name, values in self.domains.items()
        }
        # Building formulas costs more than solving them: each atom is built once.
        self._atoms: dict[tuple[str, frozenset[Value]], z3.BoolRef] = {}
        self.definitions: list[z3.BoolRef] = [
            *self._ranges(),
            *self._node_definitions(spec, ""),
            *self._node_definitions(spec, "peer."),
        ]

    # -- atoms ------------------------------------------------------------------------------

    def is_value(self, name: str, value: Value) -> z3.BoolRef:
        """``name == value``."""
        variable = self._variables[name]
        if z3.is_bool(variable):
            return variable if value else z3.Not(variable)
        return variable == self.domains[name].index(value)

    def atom(self, name: str, allowed: Iterable[Value]) -> z3.BoolRef:
        """``name`` takes one of ``allowed``."""
        key = (name, frozenset(allowed))
        found = self._atoms.get(key)
        if found is None:
            found = self._atoms[key] = self._atom(name, key[1])
        return found

    def _atom(self, name: str, allowed: frozenset[Value]) -> z3.BoolRef:
        values = self.domains[name]
        if len(allowed) * 2 > len(values):  # the shorter formula: the values left out
            return z3.Not(_any(self.is_value(name, v) for v in values if v not in allowed))
        # In the domain's order, not the set's: the solver's answers stay the same from run
        # to run.
        return _any(self.is_value(name, v) for v in values if v in allowed)

    def guard(self, guard: Guard) -> z3.BoolRef:
        """Every atom of ``guard`` holds."""
        return _all(self.atom(name, allowed) for name, allowed in guard.atoms)

    def source(self, states: Iterable[str]) -> z3.BoolRef:
        """The node is in one of ``states`` (``down``: it is down)."""
        return self.atom(SOURCE, states)

    def value(self, model: z3.ModelRef, name: str) -> Value:
        """The value ``model`` gives ``name``."""
        found = model.eval(self._variables[name], model_completion=True)
        if z3.is_bool(found):
            return bool(z3.is_true(found))
        return self.domains[name][int(found.as_long())]

    # -- definitions ------------------------------------------------------------------------

    def _ranges(self) -> list[z3.BoolRef]:
        ranges = []
        for name, values in self.domains.items():
            variable = self._variables[name]
            if not z3.is_bool(variable):
                assert isinstance(variable, z3.ArithRef)
                ranges.append(z3.And(variable >= 0, variable < len(values)))
        return ranges

    def _node_definitions(self, spec: Spec, prefix: str) -> list[z3.BoolRef]:
        """What the product defines of a node (``prefix`` ``peer.`` for the peer as it is
        seen): when it is up, healthy and serving (or, down, still serving), what it shows while
        down, what it saved."""
        node = self.semantics
        states = [s.name for s in spec.states]
        up = _all(
            z3.Not(self.atom(f"{prefix}{name}", values))
            for name, values in node.down_when.items() if values
        )
        healthy = _all(
            self.is_value(f"{prefix}{name}", value) for name, value in node.health.items()
        )
        running = _all(
            z3.Not(self.atom(f"{prefix}{name}", values))
            for name, values in node.stops_services.items() if values
        )
        shown = SOURCE if not prefix else "peer.state"
        in_state = {name: self.is_value(shown, name) for name in states}
        serving = {
            group: _any(in_state[s.name] for s in spec.states if s.name in node.serving[group])
            for group in ("own", "guests")
        }
        # The node hears its peer: a peer it does not hear it sees down, whatever the peer
        # shows (what the peer serves is then not read off the state seen).
        seen = _all(z3.Not(self.atom(name, values))
                    for name, values in node.unheard_when.items()) if prefix else z3.BoolVal(True)
        definitions = [
            self.is_value(shown, DOWN) == z3.Or(z3.Not(up), z3.Not(seen)),
            self.is_value(f"{prefix}reason", NONE) == z3.Not(up),
            self.is_value(f"{prefix}healthy", True) == healthy,
        ]
        for group in ("own", "guests"):
            serves = self.is_value(f"{prefix}serves_{group}", True)
            if not prefix:
                # The node itself: its ``state`` is kept while it is down, and a node down
                # by values that leave its services running still serves
                # (``NodeSemantics.stops_services``).
                kept = _any(self.is_value("state", s.name) for s in spec.states
                            if s.name in node.serving[group])
                definitions.append(serves == z3.And(running, healthy, kept))
                continue
            # The peer as seen: a peer that is down shows no state, so whether it still
            # serves is not read off what it shows.
            definitions += [
                z3.Implies(z3.And(seen, up), serves == z3.And(healthy, serving[group])),
                z3.Implies(serves, z3.And(running, healthy)),
            ]
        if not prefix:
            definitions += self._own_state_definitions(spec)
        return definitions

    def _own_state_definitions(self, spec: Spec) -> list[z3.BoolRef]:
        """The node's ``state`` is what its source shows while it is up (the SRM keeps it
        while the node is down); ``saved`` is set exactly while the state is one the SRM
        resumes from, and is never such a state itself."""
        resuming = [s.name for s in spec.states if s.name in self.semantics.resuming]
        definitions = [
            z3.Or(self.is_value(SOURCE, DOWN), self._variables[SOURCE] == self._variables["state"]),
            self.atom("state", resuming) == z3.Not(self.is_value("saved", NONE)),
        ]
        if resuming:
            definitions.append(z3.Not(self.atom("saved", resuming)))
        return definitions


def _ordered(values: Iterable[Value]) -> tuple[Value, ...]:
    """A domain in a stable order: booleans first, then numbers, then names."""
    return tuple(sorted(values, key=lambda v: (not isinstance(v, bool), isinstance(v, str), v)))


def _variable(name: str, values: tuple[Value, ...]) -> z3.ExprRef:
    if set(values) == {True, False}:
        return z3.Bool(name)
    return z3.Int(name)


def _any(formulas: Iterable[z3.BoolRef]) -> z3.BoolRef:
    found = list(formulas)
    return z3.Or(*found) if found else z3.BoolVal(False)


def _all(formulas: Iterable[z3.BoolRef]) -> z3.BoolRef:
    found = list(formulas)
    return z3.And(*found) if found else z3.BoolVal(True)


def valuation_text(values: Mapping[str, Value]) -> str:
    """``name=value, ...`` in the spec's words."""
    return ", ".join(f"{name}={value}" for name, value in values.items())
