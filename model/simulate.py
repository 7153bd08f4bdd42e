"""Driving the pair event by event with the node machines (``prg.model.machines``): the
python-statemachine chart of each node decides which of its rules an event enables and takes
it; the pair delivers messages between the two, counts outstanding faults and moves users.

A step that is not enabled is refused with why: no rule of the node takes the event in the
state it shows, or the guard of each rule that could (the variables that fail, with the values
they have), or the fault budget, or users that are not there to move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import UsageError
from .guards import holds
from .machines import NodeChart, NodeMachine
from .names import Names
from .node import Local
from .product import Config, Joint, Label, Pair, default_config
from .spec import Rule, Spec, Value
from .words import step_words


class Refused(UsageError):
    """An event the pair cannot take now, with why."""


@dataclass(frozen=True)
class Step:
    """One way the pair can move from the current joint state, and where it goes."""

    label: Label
    joint: Joint

    def __str__(self) -> str:
        return step_words(self.label.event, self.label.node)


def parse_step(text: str) -> tuple[str, int | None, str | None]:
    """``EVENT``, ``EVENT@NODE`` or either with ``#RULE``: the event, node and rule asked."""
    text, _, rule = text.partition("#")
    event, at, node = text.rpartition("@")
    if not at:
        return text.strip(), None, rule.strip() or None
    if node.strip() not in ("1", "2"):
        raise UsageError(f"{text!r}: the node after @ is 1 or 2")
    return event.strip(), int(node), rule.strip() or None


class Simulation:
    """The pair from its initial state (Normal / Normal) under one configuration, with the
    history of the steps taken; ``pair``, where given, is that configuration's pair already
    built (its node ids are the ones a graph searched over it holds)."""

    def __init__(self, spec: Spec, config: Config | None = None, fault_budget: int = 1,
                 pair: Pair | None = None) -> None:
        self.spec = spec
        self.pair = pair if pair is not None else Pair(
            spec, config if config is not None else default_config(spec), fault_budget)
        self.names = Names(spec)
        self.chart = NodeChart(spec)
        self.rules = {rule.id: rule for rule in spec.rules}
        initial = self.pair.initial
        self.machines: list[NodeMachine] = [
            self.chart.node(self.pair.local(node), i, self.pair.config)
            for i, node in enumerate(initial[:2])
        ]
        self.history: list[tuple[Label | None, Joint]] = [(None, initial)]
        node = self.pair.semantics
        self._node_events = [e for e in node.acting_events if e in self.chart.event_ids]
        self._pair_events = [e for e in node.pair_events if e in self.chart.event_ids]

    @property
    def joint(self) -> Joint:
        return self.history[-1][1]

    def shows(self) -> tuple[str, str]:
        """What the admin page shows of node 1 and node 2 now: ``STATE / REASON`` or
        ``(down)``."""
        views = [self.pair.view(node) for node in self.joint[:2]]
        shown = [f"{v.state} / {v.reason}" if v.up else "(down)" for v in views]
        return shown[0], shown[1]

    # -- what the machines allow --------------------------------------------------------------

    def _enabled(self, index: int, event: str, me: Local, peer: Local, ha: bool) -> list[str]:
        machine = self.machines[index]
        machine.local = me
        return machine.enabled(event, peer, ha)

    def _take(self, index: int, rule: str, me: Local, peer: Local, ha: bool) -> Local:
        machine = self.machines[index]
        machine.local = me
        return machine.apply(rule, peer, ha)

    def _budget_left(self, joint: Joint) -> bool:
        node = self.pair.semantics
        n1, n2 = self.pair.local(joint[0]), self.pair.local(joint[1])
        return node.budget_left(node.pair_faults(node.info(n1), node.info(n2)),
                                self.pair.fault_budget)

    def steps(self) -> list[Step]:
        """Every step the pair can take now, node 1's events first, then node 2's, then the
        pair's."""
        n1, n2, ha, users = self.joint
        locals_ = (self.pair.local(n1), self.pair.local(n2))
        budget_left = self._budget_left(self.joint)
        found: list[Step] = []
        for index in (0, 1):
            me, peer = locals_[index], locals_[1 - index]
            for event in self._node_events:
                if self.pair.semantics.is_fault(event) and not budget_left:
                    continue
                for rule_id in self._enabled(index, event, me, peer, ha):
                    found += self._node_step(index, event, rule_id, me, peer, ha, users)
        for event in self._pair_events:
            if self.pair.semantics.is_fault(event) and not budget_left:
                continue
            first = self._enabled(0, event, locals_[0], locals_[1], ha)
            second = self._enabled(1, event, locals_[1], locals_[0], ha) if first else []
            for rule1 in first:
                for rule2 in second:
                    found += self._pair_step(event, rule1, rule2, locals_, ha, users)
        return found

    def _node_step(self, index: int, event: str, rule_id: str, me: Local, peer: Local,
                   ha: bool, users: tuple[int, ...]) -> list[Step]:
        rule = self.rules[rule_id]
        new_me = self._take(index, rule_id, me, peer, ha)
        new_ha = ha if rule.high_availability is None else rule.high_availability
        replies: list[Rule | None] = [None]
        if rule.send is not None and self.pair.semantics.receives(
                self.pair.semantics.info(peer)):
            replies = [self.rules[r] for r in self._enabled(1 - index, rule.send, peer, new_me,
                                                            new_ha)] or [None]
        result = []
        for reply in replies:
            new_peer = peer if reply is None else self._take(1 - index, reply.id, peer, new_me,
                                                             new_ha)
            label, moves = self.pair.step_effect(event, index, rule, reply)
            moved = self.pair.move_users(users, moves) if moves else users
            if moved is None:
                continue
            first, second = (new_me, new_peer) if index == 0 else (new_peer, new_me)
            result.append(Step(label, (self.pair.node_id(first), self.pair.node_id(second),
                                       new_ha, moved)))
        return result

    def _pair_step(self, event: str, rule1: str, rule2: str, locals_: tuple[Local, Local],
                   ha: bool, users: tuple[int, ...]) -> list[Step]:
        first = self._take(0, rule1, locals_[0], locals_[1], ha)
        second = self._take(1, rule2, locals_[1], locals_[0], ha)
        new_ha = ha
        for rule in (self.rules[rule1], self.rules[rule2]):
            if rule.high_availability is not None:
                new_ha = rule.high_availability
        label, moves = self.pair.step_effect(event, None, self.rules[rule1], self.rules[rule2])
        moved = self.pair.move_users(users, moves) if moves else users
        if moved is None:
            return []
        return [Step(label, (self.pair.node_id(first), self.pair.node_id(second), new_ha,
                             moved))]

    # -- taking steps -------------------------------------------------------------------------

    def step(self, event: str, node: int | None = None, rule: str | None = None) -> Step:
        """Take ``event`` (on ``node``; either node that can, when None); ``rule`` picks one
        of several outcomes. Raises ``Refused`` with why when the pair cannot."""
        event = self.names.event(event)
        kind = self.spec.event(event)
        if kind.kind == "message":
            raise UsageError(f"{event!r} is a message between the two SRMs: a rule sends it")
        if kind.scope == "pair" and node is not None:
            raise UsageError(f"{event!r} happens to both nodes at once: give no node")
        if rule is not None and rule not in self.rules_of(event):
            raise UsageError(f"unknown rule {rule!r} for {event}; its rules: "
                             f"{', '.join(self.rules_of(event))}")
        matching = [s for s in self.steps() if s.label.event == event
                    and (node is None or s.label.node == node)
                    and (rule is None or rule in s.label.rules)]
        if not matching:
            raise Refused(f"{self.why_not(event, node)}; enabled here: {self._enabled_words()}")
        if len(matching) > 1:
            choices = ", ".join(_distinguished(s, matching) for s in matching)
            raise UsageError(f"{step_words(event, node)} can go more than one way: {choices}")
        self.history.append((matching[0].label, matching[0].joint))
        return matching[0]

    def _enabled_words(self) -> str:
        """The events the pair can take now, each with its nodes: ``failover on node 1 or 2``."""
        nodes: dict[str, set[int | None]] = {}
        for step in self.steps():
            nodes.setdefault(step.label.event, set()).add(step.label.node)
        if not nodes:
            return "nothing"
        return ", ".join(
            step_words(event, None) if None in on else
            f"{event} on node {' or '.join(str(n) for n in sorted(n for n in on if n))}"
            for event, on in sorted(nodes.items()))

    def rules_of(self, event: str) -> list[str]:
        """The rules ``#RULE`` can pick for ``event``: those that take it, and those that
        take a message they send."""
        taking = [r for r in self.spec.rules if r.event == event]
        sent = {r.send for r in taking if r.send is not None}
        return [r.id for r in taking] + [r.id for r in self.spec.rules if r.event in sent]

    def take(self, step: Step) -> None:
        """Take one of ``steps()``."""
        self.history.append((step.label, step.joint))

    def undo(self) -> None:
        """Go back one step (nothing happens at the initial state)."""
        if len(self.history) > 1:
            self.history.pop()

    def run(self, texts: Sequence[str]) -> None:
        """Take each ``EVENT@NODE`` (``parse_step``) in turn."""
        for text in texts:
            self.step(*parse_step(text))

    # -- why not ------------------------------------------------------------------------------

    def why_not(self, event: str, node: int | None) -> str:
        """Why the pair cannot take ``event`` (on ``node``, or on either) now."""
        if self.spec.event(event).scope == "pair":
            n1, n2, ha, _ = self.joint
            locals_ = (self.pair.local(n1), self.pair.local(n2))
            ready = [bool(self._enabled(i, event, locals_[i], locals_[1 - i], ha))
                     for i in (0, 1)]
            return f"{step_words(event, None)} is refused: " + "; ".join(
                f"node {i + 1}: " + ("a rule takes it" if ready[i] and not all(ready)
                                     else self._node_refusal(i, event))
                for i in (0, 1))
        nodes = [node - 1] if node is not None else [0, 1]
        return "; ".join(f"{step_words(event, i + 1)} is refused: {self._node_refusal(i, event)}"
                         for i in nodes)

    def _node_refusal(self, index: int, event: str) -> str:
        n1, n2, ha, _ = self.joint
        me, peer = self.pair.local((n1, n2)[index]), self.pair.local((n1, n2)[1 - index])
        node = self.pair.semantics
        if node.is_fault(event) and not self._budget_left(self.joint):
            return (f"the fault budget ({self.pair.fault_budget}) is spent: a fault is "
                    "outstanding")
        shown = self.pair.visible_state(self.pair.node_id(me))
        candidates = [r for r in self.spec.rules if r.event == event and shown in r.sources]
        if not candidates:
            sources = sorted({s for r in self.spec.rules if r.event == event for s in r.sources})
            where = ", ".join(sources) or "no state"
            return f"no rule takes it in {shown} (rules take it in: {where})"
        values: dict[str, Value] = node.own_variables(me, node.info(me), ha, index,
                                                      self.pair.config)
        values.update(node.peer_variables(peer, node.info(peer), node.info(me).hears))
        reasons = []
        for rule in candidates:
            failing = [(name, allowed) for name, allowed in rule.guard.atoms
                       if not holds(((name, allowed),), values)]
            if failing:
                reasons.append(f"rule {rule.id} needs " + ", ".join(
                    f"{name} in {_values(allowed)} (it is {values[name]})"
                    for name, allowed in failing))
            else:
                reasons.append(f"rule {rule.id} would leave users that are not there to move")
        return "; ".join(reasons)


def _values(allowed: frozenset[Value]) -> str:
    return "{" + ", ".join(sorted(str(v) for v in allowed)) + "}"


def _distinguished(step: Step, among: Sequence[Step]) -> str:
    """The step as ``EVENT@NODE#RULE`` with a rule that no other of ``among`` fires."""
    others = {rule for other in among if other is not step for rule in other.label.rules}
    rule = next((r for r in step.label.rules if r not in others), step.label.rules[-1])
    at = f"@{step.label.node}" if step.label.node is not None else ""
    return f"{step.label.event}{at}#{rule}"
