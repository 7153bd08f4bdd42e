"""One node of the pair as a python-statemachine chart built from the spec: the executable
reference of a node, which the tests drive step by step against the product.

The chart is in the state the SRM persisted, also while the node is down (the node then shows
no state). So a rule whose source is ``down`` is a transition from every state that holds only
while the node is down, and every other transition holds only while it is up. A transition's
condition is that its rule is the one asked for (``rule_id=`` on the event) and that the rule's
guard holds, read through the node's guard variables (``prg.model.node``). The chart makes the
state change; ``NodeMachine`` applies the rest of the rule as ``NodeSemantics.apply`` does.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from statemachine import StateChart
from statemachine.io import TransitionDict, create_machine_class_from_definition

from .errors import SpecError
from .guards import holds
from .node import Local, NodeSemantics
from .spec import DOWN, Rule, Spec, Value


def identifier(name: str) -> str:
    """A Python identifier for a document name: ``Running in Backup Mode`` ->
    ``running_in_backup_mode``."""
    return re.sub(r"\W+", "_", name).strip("_").lower()


@dataclass
class NodeContext:
    """The chart's model: the node's local tuple (whose first item is the chart's state
    field) and what its guards read besides; ``peer`` and ``ha`` are those of the event being
    offered."""

    local: Local
    index: int
    config: Mapping[str, Value]
    peer: Local | None = None
    ha: bool = False

    @property
    def state(self) -> str:
        return self.local[0]

    @state.setter
    def state(self, value: str) -> None:
        self.local = (value, *self.local[1:])


class NodeChart:
    """The chart class of a spec's node, with the names it maps."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.semantics = NodeSemantics(spec)
        self.rules = {rule.id: rule for rule in spec.rules}
        for state in spec.states:
            if state.name in _CHART_ATTRIBUTES:  # a chart keys its states by their values
                raise SpecError(spec.path, state.at.line, "states",
                                f"{state.name!r} is an attribute of every python-statemachine "
                                "chart: the node's machine cannot have a state of that name")
        used = {rule.event for rule in spec.rules}
        ids = chart_ids([*(s.name for s in spec.states),
                         *(e.name for e in spec.events if e.name in used)])
        self.state_ids = {s.name: ids[s.name] for s in spec.states}
        self.event_ids = {e.name: ids[e.name] for e in spec.events if e.name in used}
        #: Per (state, event), the rules with a transition out of the state, in spec order.
        self.candidates: dict[tuple[str, str], list[str]] = {}
        self.machine_class: type[StateChart[Any]] = create_machine_class_from_definition(
            "NodeMachineChart",
            states={
                self.state_ids[s.name]: {
                    "name": s.name,
                    "value": s.name,
                    "initial": s.name == spec.initial.state,
                    "on": self._transitions(s.name),
                }
                for s in spec.states
            },
            # A state no rule reaches is the spec's defect for states_reachable to name; the
            # node's machine is still built, to run what the spec says.
            validate_disconnected_states=False,
            validate_trap_states=False,
            validate_final_reachability=False,
            atomic_configuration_update=True,
            allow_event_without_transition=False,
            catch_errors_as_events=False,
        )

    def _transitions(self, state: str) -> dict[str | None, list[TransitionDict]]:
        """Per event, the transitions out of ``state``: one per rule that may start there."""
        result: dict[str | None, list[TransitionDict]] = {}
        for rule in self.spec.rules:
            liveness = frozenset(
                up for up, source in ((True, state), (False, DOWN)) if source in rule.sources
            )
            if not liveness:
                continue
            self.candidates.setdefault((state, rule.event), []).append(rule.id)
            target = rule.target_state or state
            result.setdefault(self.event_ids[rule.event], []).append({
                "target": self.state_ids[target],
                "internal": rule.target_state is None,
                "cond": self._condition(rule, liveness),
            })
        return result

    def _condition(self, rule: Rule, liveness: frozenset[bool]) -> Callable[..., bool]:
        """Whether ``rule`` is the rule asked for, the node is up or down as its source says,
        and its guard holds."""
        node = self.semantics

        def condition(model: NodeContext, rule_id: str) -> bool:
            peer = model.peer
            if rule_id != rule.id or peer is None:
                return False
            info = node.info(model.local)
            if info.up not in liveness:
                return False
            values = node.own_variables(model.local, info, model.ha, model.index, model.config)
            values.update(node.peer_variables(peer, node.info(peer), info.hears))
            return holds(rule.guard.atoms, values)

        condition.__name__ = f"rule_{identifier(rule.id)}"
        return condition

    def node(self, local: Local, index: int, config: Mapping[str, Value]) -> NodeMachine:
        """A machine for node ``index`` (0 or 1) in the local state ``local``."""
        return NodeMachine(self, local, index, config)


class NodeMachine:
    """One node: a chart instance and the node's full local tuple (state, reason, saved,
    facts)."""

    def __init__(
        self, chart: NodeChart, local: Local, index: int, config: Mapping[str, Value]
    ) -> None:
        self.chart = chart
        self.model = NodeContext(local, index, config)
        self.machine = chart.machine_class(model=self.model)

    @property
    def local(self) -> Local:
        return self.model.local

    @local.setter
    def local(self, local: Local) -> None:
        """Put the node in ``local``; the chart follows, as its state is ``local[0]``."""
        self.model.local = local

    def enabled(self, event: str, peer: Local, ha: bool) -> list[str]:
        """The rules of ``event`` the chart may take beside ``peer`` (as the chart decides:
        a transition out of the current state whose condition holds), in spec order."""
        self.model.peer, self.model.ha = peer, ha
        event_id = self.chart.event_ids[event]
        return [
            rule_id
            for rule_id in self.chart.candidates.get((self.model.state, event), ())
            if any(e.id == event_id for e in self.machine.enabled_events(rule_id=rule_id))
        ]

    def apply(self, rule_id: str, peer: Local, ha: bool) -> Local:
        """Take ``rule_id``: the chart sends its event and changes the state, then the rule's
        saved state, reason and facts are applied; a node the rule leaves down takes the state
        its SRM persists (``NodeSemantics.persisted``), and the chart with it. Returns the new
        local tuple."""
        rule = self.chart.rules[rule_id]
        before = self.model.local
        self.model.peer, self.model.ha = peer, ha
        self.machine.send(self.chart.event_ids[rule.event], rule_id=rule_id)
        applied = self.chart.semantics.apply(rule, before, peer)
        up = self.chart.semantics.info(applied).up
        local: Local = (self.model.state if up else applied[0], *applied[1:])
        self.model.local = local
        return local


def chart_ids(names: Iterable[str]) -> dict[str, str]:
    """An identifier per name, for the chart's states and events, which share the chart's
    attributes: ``identifier(name)``, with ``_`` after it where that is a keyword or a name
    the chart has already (``send_``, ``model_``), ``n`` before it where it starts with a
    digit, and a number after it where two names would have the same one (``Taking Over``,
    ``taking-over``: ``taking_over``, ``taking_over_2``)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = identifier(name) or "unnamed"
        if base[0].isdigit():
            base = f"n{base}"
        if keyword.iskeyword(base) or base in _CHART_ATTRIBUTES or hasattr(StateChart, base):
            base = f"{base}_"
        chosen, number = base, 2
        while chosen in taken:
            chosen, number = f"{base}_{number}", number + 1
        taken.add(chosen)
        ids[name] = chosen
    return ids


#: What a chart sets on itself when it starts (its class does not have these).
_CHART_ATTRIBUTES = frozenset(("model", "state_field", "history_values",
                               "start_configuration_values"))
