"""The pair as a symbolic transition system: ``init`` and ``trans`` as Z3 formulas, built from
the same IR as the explicit product (``prg.model.product``), step for step the same semantics.

A frame (the state at one step) holds, per node, its state, reason, saved state and facts as
integers indexing their domains; the high availability flag; the users as eight unbounded
integers (per home node: assigned, at home, at the peer, out); the explored configuration
options (constant along a run); and ``step``, the action that led to the frame (-1 at the
start), so that a model of a run reads back as a trace with its labels.

``trans`` is a disjunction of actions. An action is one node firing one rule (and, when the rule
sends a message, the peer's reply or its absence), or a pair event firing one rule of each node.
Each action is a guard on the frame before and the values of the frame after.

The users are counted exactly as the explicit product counts them (``users="exact"``: the
initial counts of the configuration, and adding users bounded as there), or for every number
of users (``users="any"``: any positive count where the configuration gives a node users, and
no bound on adding).
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Literal

import z3  # type: ignore[import-untyped]

from .cache import encoding_key, encodings_cache
from .guards import NONE
from .node import NodeSemantics
from .product import _BLOCK, _CATEGORY, Config, Joint, Label, Pair
from .spec import DOWN, Guard, Move, Rule, Spec, Value

Frame = dict[str, z3.ExprRef]
Users = Literal["exact", "any"]


@dataclass(frozen=True)
class TransitionSystem:
    """A transition system over named integer and Boolean variables, generic over what it
    models: ``init(frame)`` and ``trans(frame, next_frame)`` are Z3 formulas; ``invariants``
    are facts every reachable frame satisfies by construction (the variables' domains), given to
    engines as lemmas they may assume; ``frame(k)`` makes the variables of step ``k``."""

    variables: tuple[tuple[str, z3.SortRef], ...]
    init: Callable[[Frame], z3.BoolRef]
    trans: Callable[[Frame, Frame], z3.BoolRef]
    invariants: Callable[[Frame], z3.BoolRef]

    def frame(self, tag: str | int) -> Frame:
        return {name: z3.Const(f"{name}@{tag}", sort) for name, sort in self.variables}


@dataclass(frozen=True)
class Action:
    """One disjunct of ``trans``: what the step is called, and the rules that fire."""

    label: Label
    adds_users: bool


class _Domain:
    """The values of one variable, as integers 0..n-1."""

    def __init__(self, values: Sequence[Value]) -> None:
        self.values = tuple(values)
        self.index = {v: i for i, v in enumerate(self.values)}

    def among(self, term: z3.ArithRef, allowed: Collection[Value]) -> z3.BoolRef:
        indices = sorted(self.index[v] for v in allowed if v in self.index)
        if len(indices) == len(self.values):
            return z3.BoolVal(True)
        return z3.Or([term == i for i in indices]) if indices else z3.BoolVal(False)

    def bounds(self, term: z3.ArithRef) -> z3.BoolRef:
        return z3.And(term >= 0, term < len(self.values))


class NodeTerms:
    """The terms of one node in a frame, and what they imply (as ``NodeSemantics.info``
    defines it). What they imply is built once: every action's guard reads it."""

    def __init__(self, symbolic: SymbolicPair, terms: Mapping[str, z3.ExprRef]) -> None:
        self.s = symbolic
        self.terms = dict(terms)
        self._serves: dict[str, z3.BoolRef] = {}

    def __getitem__(self, name: str) -> z3.ArithRef:
        return self.terms[name]

    def fact_in(self, name: str, values: Sequence[str] | frozenset[str]) -> z3.BoolRef:
        return self.s.domains[name].among(self[name], set(values))

    def none_of(self, values: Mapping[str, Sequence[str]]) -> z3.BoolRef:
        """No fact has one of the values given for it (``NodeSemantics.info`` asks this of
        ``down_when``, ``stops_services`` and ``unheard_when``)."""
        return z3.And([z3.Not(self.fact_in(name, listed)) for name, listed in values.items()])

    @functools.cached_property
    def up(self) -> z3.BoolRef:
        return self.none_of(self.s.semantics.down_when)

    @functools.cached_property
    def healthy(self) -> z3.BoolRef:
        return z3.And([self.fact_in(name, [value])
                       for name, value in self.s.semantics.health.items()])

    @functools.cached_property
    def services_run(self) -> z3.BoolRef:
        """Its services run: it is up, or down only by values that leave them serving."""
        return self.none_of(self.s.semantics.stops_services)

    def serves(self, whom: str) -> z3.BoolRef:
        found = self._serves.get(whom)
        if found is None:
            states = self.s.semantics.serving[whom]
            found = self._serves[whom] = z3.And(
                self.services_run, self.healthy,
                self.s.domains["state"].among(self["state"], states))
        return found

    @functools.cached_property
    def faults(self) -> z3.ArithRef:
        """The faults the node holds alone (``NodeInfo.faults``)."""
        semantics = self.s.semantics
        return z3.Sum([z3.If(self.fact_in(name, values), 1, 0)
                       for name, values in semantics.fault_when.items()
                       if name not in semantics.shared] + [z3.IntVal(0)])

    @functools.cached_property
    def shared_fault(self) -> z3.BoolRef:
        """It holds a fault of what lies between the nodes (``NodeInfo.shared_fault``)."""
        semantics = self.s.semantics
        return z3.Or([self.fact_in(name, semantics.fault_when[name])
                      for name in sorted(semantics.shared)] + [z3.BoolVal(False)])

    @functools.cached_property
    def hears(self) -> z3.BoolRef:
        """It hears its peer (``NodeInfo.hears``)."""
        return self.none_of(self.s.semantics.unheard_when)

    @functools.cached_property
    def receives(self) -> z3.BoolRef:
        """A message of its peer reaches it (``NodeSemantics.receives``)."""
        return z3.And(self.up, self.hears)

    def shows(self, states: Collection[Value]) -> z3.BoolRef:
        """The state the node shows (``down`` while it is down) is one of ``states``."""
        named = self.s.domains["state"].among(self["state"], set(states) - {DOWN})
        if DOWN in states:
            return z3.Or(z3.Not(self.up), named)
        return z3.And(self.up, named)


class SymbolicPair:
    """The product of ``prg.model.product.Pair`` as a ``TransitionSystem``, for every explored
    configuration at once (the configuration is part of the frame)."""

    def __init__(self, spec: Spec, fault_budget: int | None = 1, users: Users = "exact",
                 without: Sequence[tuple[frozenset[str], Guard]] = ()) -> None:
        self.spec = spec
        self.fault_budget = fault_budget
        self.users = users
        #: Events that never happen in the configurations a guard over the options names
        #: (no events: those configurations are left out): a finding's scope set aside.
        self.without = tuple(without)
        states = [s.name for s in spec.states]
        reasons = [r.name for r in spec.reasons]
        self.domains: dict[str, _Domain] = {
            "state": _Domain(states),
            "reason": _Domain([*reasons, NONE]),
            "saved": _Domain([*states, NONE]),
            **{f.name: _Domain(f.values) for f in spec.facts},
        }
        self.fields = ("state", "reason", "saved", *(f.name for f in spec.facts))
        self.explored = tuple(o for o in spec.options if o.explore)
        self.option_domains = {o.key: _Domain(o.values) for o in self.explored}
        self.semantics = NodeSemantics(spec)
        self.rules_of_event: dict[str, list[Rule]] = {}
        for rule in spec.rules:
            self.rules_of_event.setdefault(rule.event, []).append(rule)
        # The largest number of users adding may reach, as the explicit product bounds it.
        self.max_users: dict[str, int] = {}
        for mode, (first, second) in spec.initial.users.items():
            self.max_users[mode] = first + second + 1
        self.actions: list[Action] = []
        self._action_terms: list[Callable[[Frame], tuple[z3.BoolRef, Frame]]] = []
        self._parts: list[tuple[z3.BoolRef, Frame]] | None = None
        self._canonical: Frame = {}
        # ``trans`` with and without the step, built once each, then substituted.
        self._trans: dict[bool, z3.BoolRef] = {}
        self._next: Frame = {}
        # The encoding as read back: per action its guard and values, then trans.
        self._stored: list[z3.BoolRef] = []
        # The nodes of each frame met, by the id of their state's term (one per frame).
        self._nodes: dict[tuple[int, int], NodeTerms] = {}
        self._steps = StepTerms(self)
        self._build_actions()
        variables: list[tuple[str, z3.SortRef]] = []
        for node in (1, 2):
            variables += [(f"n{node}.{name}", z3.IntSort()) for name in self.fields]
        variables.append(("ha", z3.BoolSort()))
        variables += [(f"u{i}", z3.IntSort()) for i in range(2 * _BLOCK)]
        variables += [(f"config.{o.key}", z3.IntSort()) for o in self.explored]
        #: The same system without ``step``: a solver searches it faster (see
        #: bench/README.md), and ``label`` gives a run of it its steps back. For properties
        #: that do not read steps.
        self.unlabelled = TransitionSystem(tuple(variables), self.init, self.trans,
                                           self.invariants)
        variables.append(("step", z3.IntSort()))
        self.system = TransitionSystem(tuple(variables), self.init, self.trans, self.invariants)

    # -- frames -------------------------------------------------------------------------------

    def node(self, frame: Frame, index: int) -> NodeTerms:
        """Node ``index`` (0 for node 1, 1 for node 2) of a frame."""
        prefix = f"n{index + 1}."
        key = (frame[prefix + "state"].get_id(), index)
        found = self._nodes.get(key)
        if found is None:
            found = self._nodes[key] = NodeTerms(
                self, {name: frame[prefix + name] for name in self.fields})
        return found

    def config_value(self, frame: Frame, key: str, value: Value) -> z3.BoolRef:
        """Option ``key`` has ``value`` (a constant for options that are not explored)."""
        if key in self.option_domains:
            return self.option_domains[key].among(frame[f"config.{key}"], {value})
        return z3.BoolVal(self.spec.option(key).default == value)

    def config_guard(self, frame: Frame, guard: Guard) -> z3.BoolRef:
        """The options of the frame's configuration meet ``guard``."""
        return z3.And([z3.Or([self.config_value(frame, key, v) for v in allowed])
                       for key, allowed in guard.atoms])

    def users_term(self, frame: Frame, home: int, category: str) -> z3.ArithRef:
        """Users of home node ``home`` (1 or 2) in ``category`` (``assigned`` or a category)."""
        offset = 0 if category == "assigned" else _CATEGORY[category]
        return frame[f"u{(home - 1) * _BLOCK + offset}"]

    def mode_option_key(self) -> str | None:
        return next((o.key for o in self.spec.options if o.sets == "users"), None)

    def _ha_option(self) -> str | None:
        return next((o.key for o in self.spec.options if o.sets == "ha"), None)

    # -- init -----------------------------------------------------------------------------------

    def init(self, frame: Frame) -> z3.BoolRef:
        """The initial frame of every explored configuration (the configuration is free)."""
        initial = self.spec.initial
        parts: list[z3.BoolRef] = [frame["step"] == -1] if "step" in frame else []
        for index in (0, 1):
            node = self.node(frame, index)
            parts += [
                node["state"] == self.domains["state"].index[initial.state],
                node["reason"] == self.domains["reason"].index[initial.reason],
                node["saved"] == self.domains["saved"].index[NONE],
            ]
            parts += [node[f.name] == self.domains[f.name].index[f.healthy]
                      for f in self.spec.facts]
        ha_option = self._ha_option()
        parts.append(frame["ha"] == (self.config_value(frame, ha_option, True) if ha_option
                                     else z3.BoolVal(True)))
        for o in self.explored:
            parts.append(self.option_domains[o.key].bounds(frame[f"config.{o.key}"]))
        for events, config in self.without:
            if not events:
                parts.append(z3.Not(self.config_guard(frame, config)))
        mode_option = self.mode_option_key()
        for mode, counts in self.spec.initial.users.items():
            chosen = (self.config_value(frame, mode_option, mode) if mode_option
                      else z3.BoolVal(mode == next(iter(self.spec.initial.users))))
            parts.append(z3.Implies(chosen, self._initial_users(frame, counts)))
        return z3.And(parts)

    def _initial_users(self, frame: Frame, counts: tuple[int, int]) -> z3.BoolRef:
        parts = []
        for home, count in zip((1, 2), counts, strict=True):
            assigned = self.users_term(frame, home, "assigned")
            if self.users == "exact":
                parts.append(assigned == count)
            else:
                parts.append(assigned >= 1 if count > 0 else assigned == 0)
            parts.append(self.users_term(frame, home, "at_home") == assigned)
            parts += [self.users_term(frame, home, c) == 0 for c in ("at_peer", "out")]
        return z3.And(parts)

    def init_for(self, frame: Frame, config: Config) -> z3.BoolRef:
        """The initial frame of one configuration."""
        return z3.And(self.init(frame), self.config_is(frame, config))

    def config_is(self, frame: Frame, config: Config) -> z3.BoolRef:
        return z3.And([self.config_value(frame, key, value) for key, value in config])

    def invariants(self, frame: Frame) -> z3.BoolRef:
        """Every variable in its domain and the configuration's options in theirs: true of
        every frame a run reaches (``trans`` only writes values of the domains)."""
        parts = []
        for index in (0, 1):
            node = self.node(frame, index)
            parts += [self.domains[name].bounds(node[name]) for name in self.fields]
        parts += [self.option_domains[o.key].bounds(frame[f"config.{o.key}"])
                  for o in self.explored]
        if "step" in frame:
            parts.append(z3.And(frame["step"] >= -1, frame["step"] < len(self.actions)))
        return z3.And(parts)

    # -- trans ----------------------------------------------------------------------------------

    def trans(self, before: Frame, after: Frame) -> z3.BoolRef:
        """Some action takes ``before`` to ``after`` (and ``after``'s ``step`` names it, where
        the frames have one)."""
        labelled = "step" in after
        self._encode()
        names = [name for name in after if name != "step"]
        pairs = ([(self._canonical[name], before[name]) for name in names]
                 + [(self._next[name], after[name]) for name in names])
        if labelled:
            pairs.append((self._next["step"], after["step"]))
        return z3.substitute(self._trans[labelled], *pairs)

    def label(self, frames: Sequence[Mapping[str, int | bool]]) -> list[dict[str, int | bool]]:
        """The frames of a run of ``unlabelled``, each with the ``step`` that led to it (-1
        for the first): one query over the run, every value but the steps given."""
        def constants(values: Mapping[str, int | bool], step: z3.ExprRef) -> Frame:
            frame: Frame = {name: z3.BoolVal(value) if isinstance(value, bool)
                            else z3.IntVal(value) for name, value in values.items()}
            return frame | {"step": step}
        steps = [z3.IntVal(-1)] + [z3.Int(f"step@{k}") for k in range(1, len(frames))]
        solver = z3.Solver()
        solver.add(*(self.trans(constants(frames[k - 1], steps[k - 1]),
                                constants(frames[k], steps[k])) for k in range(1, len(frames))))
        if solver.check() != z3.sat:
            raise ValueError("the frames are not a run of this system")
        model = solver.model()
        return [dict(values) | {"step": model.eval(step, model_completion=True).as_long()}
                for values, step in zip(frames, steps, strict=True)]

    def action_terms(self) -> tuple[Frame, list[tuple[z3.BoolRef, Frame]]]:
        """Each action's guard and the values it gives the next frame, as terms over one
        frame (also returned), built and simplified once."""
        self._encode()
        if self._parts is None:
            self._parts = self._parts_read()
        return self._canonical, self._parts

    def _encode(self) -> None:
        """Make ``trans``, with and without the step, over one frame and the next, once:
        what is built is kept in the cache directory (``prg.model.cache``) and read back
        from there where it has the shape this system's has."""
        if self._trans:
            return
        self._canonical = self.system.frame("canonical")
        self._next = self.system.frame("canonical-next")
        cache = encodings_cache()
        key = (encoding_key(self.spec, self.fault_budget, self.users, self.without,
                            z3.get_version_string()) if cache is not None else "")
        text = cache.read(key) if cache is not None else None
        if text is not None:
            with suppress(z3.Z3Exception):
                self._stored = list(z3.parse_smt2_string(text))
        expected = 2 * len(self._action_terms) + 2
        if len(self._stored) != expected:
            text = _apart(self._built_text)
            self._stored = list(z3.parse_smt2_string(text))
            assert len(self._stored) == expected, "an encoding that does not read back"
            if cache is not None:
                cache.write(key, text)
        # What is built (in a process of its own) is used as read back, so that every run,
        # with the cache or without, gives Z3 the same terms, made in the same order: their
        # shape and numbering steer its search, and so what it finds.
        self._trans = {False: self._stored[-2], True: self._stored[-1]}

    def _built_text(self) -> str:
        """The encoding built from the rules, as SMT-LIB: per action its guard and the
        conjunction of the values it gives the next frame, then ``trans`` without and with
        the step (each action's two, joined)."""
        solver = z3.Solver()
        taken = []
        for make in self._action_terms:
            guard, values = make(self._canonical)
            guard = z3.simplify(guard)
            given = z3.And([self._next[name] == z3.simplify(value)
                            for name, value in values.items()])
            solver.add(guard, given)
            taken.append(z3.And(guard, given))
        solver.add(z3.Or(taken), z3.Or([z3.And(action, self._next["step"] == number)
                                        for number, action in enumerate(taken)]))
        return str(solver.to_smt2())

    def _parts_read(self) -> list[tuple[z3.BoolRef, Frame]]:
        """The actions' guards and values from the encoding as read back, whose ``trans`` is
        already in use (``_encode``): taken apart only where asked for, since that costs
        more than reading."""
        named = {term.decl(): name for name, term in self._next.items()}
        parts: list[tuple[z3.BoolRef, Frame]] = []
        for number in range(len(self._action_terms)):
            guard, values = self._stored[2 * number], self._stored[2 * number + 1]
            given: Frame = {}
            for value in values.children() if z3.is_and(values) else [values]:
                # The parser may write ``(= next value)`` either way round.
                sides = value.children() if z3.is_eq(value) else []
                variable = next((side for side in sides if side.decl() in named), None)
                if variable is None:
                    raise ValueError(f"the encoding's action {number} gives no value")
                given[named[variable.decl()]] = sides[1] if variable.eq(sides[0]) else sides[0]
            parts.append((guard, given))
        return parts

    def _build_actions(self) -> None:
        for index in (0, 1):
            for event in self.semantics.acting_events:
                for rule in self.rules_of_event.get(event, ()):
                    self._add_node_actions(rule, index)
        for event in self.semantics.pair_events:
            rules = self.rules_of_event.get(event, [])
            for first, second in itertools.product(rules, rules):
                self._add_pair_action(event, first, second)

    def _add(self, label: Label, rules: Sequence[Rule],
             make: Callable[[Frame], tuple[z3.BoolRef, Frame]]) -> None:
        adds = any(m.origin is None for rule in rules for m in rule.moves)
        self.actions.append(Action(label, adds))
        self._action_terms.append(make)

    def _add_node_actions(self, rule: Rule, index: int) -> None:
        label = Label(rule.event, index + 1, (rule.id,))
        if rule.send is None:
            self._add(label, [rule], lambda f: self._steps.node_step(f, rule, index, None))
            return
        self._add(label, [rule], lambda f: self._steps.node_step(f, rule, index, None))
        for reply in self.rules_of_event.get(rule.send, ()):
            self._add(Label(rule.event, index + 1, (rule.id, reply.id)), [rule, reply],
                      self._replying(rule, index, reply))

    def _replying(self, rule: Rule, index: int,
                  reply: Rule) -> Callable[[Frame], tuple[z3.BoolRef, Frame]]:
        return lambda frame: self._steps.node_step(frame, rule, index, reply)

    def _add_pair_action(self, event: str, first: Rule, second: Rule) -> None:
        self._add(Label(event, None, (first.id, second.id)), [first, second],
                  lambda f: self._steps.pair_step(f, first, second))

    # -- reading frames back ------------------------------------------------------------------

    def config_of(self, values: Mapping[str, int | bool]) -> Config:
        """The configuration a frame's values name."""
        return tuple((o.key, self.option_domains[o.key].values[int(values[f"config.{o.key}"])])
                     for o in self.explored)

    def joint(self, pair: Pair, values: Mapping[str, int | bool]) -> Joint:
        """The joint state of ``pair`` (with its numbering of nodes) that frame values name."""
        nodes = []
        for node in (1, 2):
            local = tuple(str(self.domains[name].values[int(values[f"n{node}.{name}"])])
                          for name in self.fields)
            nodes.append(pair.node_id(local))  # type: ignore[arg-type]
        users = tuple(int(values[f"u{i}"]) for i in range(2 * _BLOCK))
        return (nodes[0], nodes[1], bool(values["ha"]), users)

    def values_of(self, pair: Pair, joint: Joint, config: Config) -> dict[str, int | bool]:
        """The frame values of a joint state of ``pair`` under ``config``."""
        n1, n2, ha, users = joint
        values: dict[str, int | bool] = {}
        for number, node in enumerate((n1, n2)):
            for name, value in zip(self.fields, pair.local(node), strict=True):
                values[f"n{number + 1}.{name}"] = self.domains[name].index[value]
        values["ha"] = ha
        values.update({f"u{i}": count for i, count in enumerate(users)})
        for key, option in config:
            values[f"config.{key}"] = self.option_domains[key].index[option]
        return values


class StepTerms:
    """What one action of a ``SymbolicPair`` does, as terms over a frame: whether its rules may
    fire (source, guard, the fault budget), the nodes after them, and the users moved. The
    explicit product's steps (``prg.model.product``), stated for every frame at once."""

    def __init__(self, symbolic: SymbolicPair) -> None:
        self.s = symbolic

    def budget_left(self, frame: Frame, event: str) -> z3.BoolRef:
        """The event may happen: a fault within the fault budget, and not set aside."""
        set_aside = [z3.Not(self.s.config_guard(frame, config))
                     for events, config in self.s.without if event in events]
        if set_aside:
            return z3.And(*set_aside, self._within_budget(frame, event))
        return self._within_budget(frame, event)

    def _within_budget(self, frame: Frame, event: str) -> z3.BoolRef:
        if not self.s.semantics.is_fault(event) or self.s.fault_budget is None:
            return z3.BoolVal(True)
        first, second = self.s.node(frame, 0), self.s.node(frame, 1)
        # NodeSemantics.pair_faults, as a term.
        faults = first.faults + second.faults + z3.If(
            z3.Or(first.shared_fault, second.shared_fault), 1, 0)
        return self.s.semantics.budget_left(faults, self.s.fault_budget)

    def enabled(self, rule: Rule, me: NodeTerms, peer: NodeTerms, ha: z3.BoolRef, index: int,
                frame: Frame) -> z3.BoolRef:
        """Rule ``rule`` of node ``index`` may fire: its source and its guard hold."""
        parts = [me.shows(rule.sources)]
        for name, allowed in rule.guard.atoms:
            parts.append(self._atom(name, allowed, me, peer, ha, index, frame))
        return z3.And(parts)

    def _atom(self, name: str, allowed: frozenset[Value], me: NodeTerms, peer: NodeTerms,
              ha: z3.BoolRef, index: int, frame: Frame) -> z3.BoolRef:
        if name.startswith("config."):
            key = name.removeprefix("config.")
            if key in self.s.option_domains:
                return self.s.option_domains[key].among(frame[name], allowed)
            return z3.BoolVal(self.s.spec.option(key).default in allowed)
        if name == "ha":
            return _boolean_among(ha, allowed)
        if name == "node":
            return z3.BoolVal(index + 1 in allowed)
        node = me
        if name.startswith("peer."):
            node, name = peer, name.removeprefix("peer.")
            if name == "state":  # a peer not heard is seen down
                return z3.If(me.hears, node.shows(allowed), z3.BoolVal(DOWN in allowed))
        if name in ("healthy", "serves_own", "serves_guests"):
            value = node.healthy if name == "healthy" else node.serves(name.removeprefix("serves_"))
            return _boolean_among(value, allowed)
        return self.s.domains[name].among(node[name], allowed)

    def apply(self, rule: Rule, me: NodeTerms, peer: NodeTerms) -> dict[str, z3.ExprRef]:
        """Node ``me``'s fields after ``rule`` (``peer`` is read for ``reason: from peer``)."""
        state, saved, reason = me["state"], me["saved"], me["reason"]
        fields: dict[str, z3.ExprRef] = dict(me.terms)
        if rule.target_state is not None:
            states = self.s.domains["state"]
            # NodeSemantics.saved_after, as a term.
            if rule.target_state in self.s.semantics.resuming:
                resuming = self.s.semantics.resuming
                fields["saved"] = z3.If(states.among(state, resuming), saved,
                                        self.persisted(state, reason))
            else:
                fields["saved"] = z3.IntVal(self.s.domains["saved"].index[NONE])
            fields["state"] = z3.IntVal(states.index[rule.target_state])
        if rule.reason_from_peer:
            fields["reason"] = peer["reason"]
        elif rule.target_reason is not None:
            fields["reason"] = z3.IntVal(self.s.domains["reason"].index[rule.target_reason])
        else:
            fields["reason"] = reason
        for name, value in rule.facts:
            fields[name] = z3.IntVal(self.s.domains[name].index[value])
        after = NodeTerms(self.s, fields)
        fields["state"] = z3.If(after.up, fields["state"],
                                self.persisted(fields["state"], fields["reason"]))
        fields["reason"] = z3.If(after.up, fields["reason"],
                                 z3.IntVal(self.s.domains["reason"].index[NONE]))
        return fields

    def persisted(self, state: z3.ArithRef, reason: z3.ArithRef) -> z3.ArithRef:
        """``NodeSemantics.persisted``, as a term."""
        states, reasons = self.s.domains["state"], self.s.domains["reason"]
        found = state
        for (source, shown), target in sorted(self.s.semantics.resumes_as.items()):
            found = z3.If(z3.And(state == states.index[source], reason == reasons.index[shown]),
                          z3.IntVal(states.index[target]), found)
        return found

    def node_step(self, frame: Frame, rule: Rule, index: int,
                   reply: Rule | None) -> tuple[z3.BoolRef, Frame]:
        me, peer = self.s.node(frame, index), self.s.node(frame, 1 - index)
        ha: z3.BoolRef = frame["ha"]
        guard = [self.enabled(rule, me, peer, ha, index, frame),
                 self.budget_left(frame, rule.event)]
        new_me = NodeTerms(self.s, self.apply(rule, me, peer))
        new_ha = ha if rule.high_availability is None else z3.BoolVal(rule.high_availability)
        new_peer = peer
        if rule.send is not None:
            replies = self.s.rules_of_event.get(rule.send, [])
            if reply is None:
                guard.append(z3.Or(z3.Not(peer.receives), z3.Not(z3.Or(
                    [self.enabled(r, peer, new_me, new_ha, 1 - index, frame) for r in replies]
                    + [z3.BoolVal(False)]))))
            else:
                guard += [peer.receives,
                          self.enabled(reply, peer, new_me, new_ha, 1 - index, frame)]
                new_peer = NodeTerms(self.s, self.apply(reply, peer, new_me))
        moves = [(m, index) for m in rule.moves]
        if reply is not None:
            moves += [(m, 1 - index) for m in reply.moves]
        nodes = (new_me, new_peer) if index == 0 else (new_peer, new_me)
        return self._finish(frame, guard, nodes, new_ha, moves)

    def pair_step(self, frame: Frame, first: Rule, second: Rule) -> tuple[z3.BoolRef, Frame]:
        n1, n2 = self.s.node(frame, 0), self.s.node(frame, 1)
        ha: z3.BoolRef = frame["ha"]
        guard = [self.enabled(first, n1, n2, ha, 0, frame),
                 self.enabled(second, n2, n1, ha, 1, frame),
                 self.budget_left(frame, first.event)]
        new_ha = ha
        for rule in (first, second):
            if rule.high_availability is not None:
                new_ha = z3.BoolVal(rule.high_availability)
        nodes = (NodeTerms(self.s, self.apply(first, n1, n2)),
                 NodeTerms(self.s, self.apply(second, n2, n1)))
        moves = [(m, 0) for m in first.moves] + [(m, 1) for m in second.moves]
        return self._finish(frame, guard, nodes, new_ha, moves)

    def _finish(self, frame: Frame, guard: list[z3.BoolRef], nodes: tuple[NodeTerms, NodeTerms],
                ha: z3.BoolRef, moves: Sequence[tuple[Move, int]]) -> tuple[z3.BoolRef, Frame]:
        users = [frame[f"u{i}"] for i in range(2 * _BLOCK)]
        for move, index in moves:
            guard.append(self._move(users, move, index, frame))
        values: Frame = {}
        for number, node in enumerate(nodes):
            for name in self.s.fields:
                values[f"n{number + 1}.{name}"] = node[name]
        values["ha"] = ha
        values.update({f"u{i}": term for i, term in enumerate(users)})
        values.update({f"config.{o.key}": frame[f"config.{o.key}"] for o in self.s.explored})
        return z3.And(guard), values

    def _move(self, users: list[z3.ExprRef], move: Move, index: int,
              frame: Frame) -> z3.BoolRef:
        """Apply ``move`` to ``users`` in place; the condition under which it can be made."""
        homes = (index, 1 - index)

        def slot(home: str, category: str) -> int:
            return homes[0 if home == "self" else 1] * _BLOCK + _CATEGORY[category]

        condition: z3.BoolRef = z3.BoolVal(True)
        if move.origin is None:
            count: z3.ArithRef = z3.IntVal(move.count or 0)
            if self.s.users == "exact":
                condition = self._within_bound(users, count, frame)
            users[homes[0] * _BLOCK] = users[homes[0] * _BLOCK] + count
        else:
            origin = slot(*move.origin)
            count = users[origin] if move.count is None else z3.IntVal(move.count)
            condition = users[origin] >= count
            users[origin] = users[origin] - count
        for destination in move.destinations:
            target = slot(*destination)
            users[target] = users[target] + count
        return condition

    def _within_bound(self, users: list[z3.ExprRef], count: z3.ArithRef,
                      frame: Frame) -> z3.BoolRef:
        total = users[0] + users[_BLOCK] + count
        mode_option = self.s.mode_option_key()
        if mode_option is None:
            return total <= next(iter(self.s.max_users.values()))
        return z3.And([z3.Implies(self.s.config_value(frame, mode_option, mode), total <= bound)
                       for mode, bound in self.s.max_users.items()])


def _apart(work: Callable[[], str]) -> str:
    """``work()`` in a process forked from this one, its text sent back: what it makes leaves
    no trace in this process's Z3 context. Where that process fails, ``work()`` here, so that
    what failed is told."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the forked process
        os.close(reading)
        status = 1
        try:
            with os.fdopen(writing, "wb") as out:
                out.write(work().encode())
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    with os.fdopen(reading, "rb") as incoming:
        text = incoming.read()
    _, status = os.waitpid(child, 0)
    return text.decode() if status == 0 else work()


class Evaluator:
    """The successors of concrete frames, read off ``trans``'s own actions by evaluation
    (a few Z3 evaluations per frame: much faster than asking a solver, for checking many)."""

    _WIDTH = 16
    _PER_MASK = 60

    def __init__(self, symbolic: SymbolicPair) -> None:
        self.symbolic = symbolic
        self.frame, parts = symbolic.action_terms()
        self.names = [name for name, _ in symbolic.system.variables if name != "step"]
        guards: list[z3.BoolRef] = []
        self._posts: list[z3.ArithRef] = []
        for guard, values in parts:
            guards.append(guard)
            code: z3.ArithRef = z3.IntVal(0)
            for i, name in enumerate(self.names):
                value = values[name]
                number = z3.If(value, 1, 0) if z3.is_bool(value) else value
                code = code + number * (1 << (self._WIDTH * i))
            self._posts.append(z3.simplify(code))
        # Which actions are enabled, as small integers (Z3 prints big numerals slowly).
        self._masks = [
            z3.simplify(z3.Sum([z3.If(g, 1 << j, 0) for j, g in enumerate(
                guards[start:start + self._PER_MASK])]))
            for start in range(0, len(guards), self._PER_MASK)
        ]
        self._constants: dict[tuple[bool, int], z3.ExprRef] = {}
        self._declarations = {name: term.decl() for name, term in self.frame.items()}

    def _constant(self, value: int | bool) -> z3.ExprRef:
        key = (isinstance(value, bool), int(value))
        found = self._constants.get(key)
        if found is None:
            found = z3.BoolVal(value) if isinstance(value, bool) else z3.IntVal(value)
            self._constants[key] = found
        return found

    def successors(self, values: Mapping[str, int | bool]) -> list[tuple[int, dict[str, int | bool]]]:
        """(action number, frame values after it) for every action enabled in ``values``."""
        model = z3.Model()
        for name, value in values.items():
            if not isinstance(value, bool) and not 0 <= value < 1 << (self._WIDTH - 1):
                raise ValueError(f"{name} = {value} is outside what evaluation can read")
            # What ``ModelRef.update_value`` does, without its checks: this runs per frame.
            z3.Z3_add_const_interp(model.ctx.ref(), model.model,
                                   self._declarations[name].ast, self._constant(value).ast)
        field_mask = (1 << self._WIDTH) - 1
        result = []
        for chunk, term in enumerate(self._masks):
            bits = model.eval(term, model_completion=True).as_long()
            number = chunk * self._PER_MASK
            while bits:
                if bits & 1:
                    code = model.eval(self._posts[number], model_completion=True).as_long()
                    after: dict[str, int | bool] = {"step": number}
                    for i, name in enumerate(self.names):
                        field = (code >> (self._WIDTH * i)) & field_mask
                        after[name] = bool(field) if name == "ha" else field
                    result.append((number, after))
                bits >>= 1
                number += 1
        return result


def _boolean_among(term: z3.BoolRef, allowed: frozenset[Value]) -> z3.BoolRef:
    if True in allowed and False in allowed:
        return z3.BoolVal(True)
    if True in allowed:
        return term
    if False in allowed:
        return z3.Not(term)
    return z3.BoolVal(False)


def frame_values(model: z3.ModelRef, frame: Frame) -> dict[str, int | bool]:
    """The values of a frame's variables in a model."""
    values: dict[str, int | bool] = {}
    for name, term in frame.items():
        value = model.eval(term, model_completion=True)
        values[name] = z3.is_true(value) if z3.is_bool(value) else value.as_long()
    return values


def successors(symbolic: SymbolicPair, values: Mapping[str, int | bool],
               solver: z3.Solver | None = None) -> Iterator[dict[str, int | bool]]:
    """Every frame ``trans`` allows after the frame with ``values``, by enumeration."""
    before, after = symbolic.system.frame("s"), symbolic.system.frame("t")
    if solver is None:
        solver = z3.Solver()
        solver.add(symbolic.trans(before, after))
    solver.push()
    for name, value in values.items():
        solver.add(before[name] == value)
    try:
        while solver.check() == z3.sat:
            found = frame_values(solver.model(), after)
            yield found
            solver.add(z3.Or([after[name] != value for name, value in found.items()]))
    finally:
        solver.pop()
