"""What a node is, written once: its local tuple, when it is up, healthy and serving, how many
faults it holds, what it saves on entering a state the SRM resumes from, what a rule does to it,
what its guards read, and which events count against the fault budget.

Where this is a fact of the spec (which values of a fact put a node down, make it faulty or
unhealthy, which states serve whom and resume, which events are faults), it is spec data and
this module reads it. The explicit product (``prg.model.product``), the node machines
(``prg.model.machines``), the simulator, the Z3 encoding (``prg.model.symbolic``), the guard
formulas (``prg.verify.checks.guard_formulas``) and the Promela export
(``prg.verify.exports.promela``) all read ``NodeSemantics``; none of them restates it.

A node's local tuple is ``(state, reason, saved, *facts)``: ``state`` is what the SRM persisted
while the node is down (its view then shows no state and no reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple, Protocol, TypeVar

from .guards import NONE
from .spec import DOWN, Rule, Spec, Value

Local = tuple[str, str, str, str, str, str, str, str]

#: The event kind the fault budget bounds.
FAULT = "fault"
#: Event kinds someone must do: the administrator's actions and repairs.
ACTIONS = frozenset(("admin", "repair"))
#: Event kinds that go on by themselves once started: what "waiting" lets happen.
AUTOMATIC = frozenset(("timer", "completion", "message", "client"))
#: What fairness lets happen without the administrator deciding anything: the pair's own
#: events and the repair of what failed.
FAIR = AUTOMATIC | {"repair"}
#: Everything but faults: what "once faults stop" allows.
NO_FAULTS = AUTOMATIC | ACTIONS

Verdict_co = TypeVar("Verdict_co", covariant=True)


class Count(Protocol[Verdict_co]):
    """A number of faults: an ``int``, or a term that compares to one (a Z3 sum)."""

    def __lt__(self, other: int, /) -> Verdict_co: ...


def kind_group(kind: str) -> str:
    """How a step is told apart where only the telling kinds matter (the diagrams): a fault,
    an admin action, a repair, or the pair's own event (``automatic``)."""
    return kind if kind in ACTIONS or kind == FAULT else "automatic"


#: Whose users a node may serve (a state's ``serves``).
SERVED = ("own", "guests")


class NodeInfo(NamedTuple):
    """What a node's local tuple implies. ``faults`` counts the faults the node holds alone;
    ``shared_fault``: it holds a fault of what lies between the nodes (counted once for the
    pair, ``pair_faults``); ``hears``: it hears its peer (heartbeats and messages)."""

    up: bool
    healthy: bool
    serves_own: bool
    serves_guests: bool
    faults: int
    hears: bool = True
    shared_fault: bool = False


@dataclass(frozen=True)
class NodeView:
    """One node as the admin page and the properties see it."""

    state: str | None
    reason: str | None
    facts: Mapping[str, str]
    up: bool
    healthy: bool
    serves_own: bool
    serves_guests: bool


class NodeSemantics:
    """The meaning of one spec's node, as sets the spec gives and functions on local tuples."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.fact_names = tuple(f.name for f in spec.facts)
        #: Per fact, the values that put the node down (a node is up while none holds), in
        #: the spec's order, as the exports write them.
        self.down_when = {f.name: f.down_when for f in spec.facts}
        #: Per fact, the values that count as an outstanding fault, in the spec's order.
        self.fault_when = {f.name: f.fault_when for f in spec.facts}
        #: The facts a node is healthy by, with the value each must have.
        self.health = {f.name: f.healthy for f in spec.facts if f.health}
        #: Per fact, the values that put the node down and stop its services: down by none
        #: of these (by ``still_serving`` values alone, or up), its services run.
        self.stops_services = {f.name: tuple(v for v in f.down_when if v not in f.still_serving)
                               for f in spec.facts}
        #: Per fact, the values with which the node hears nothing of its peer.
        self.unheard_when = {f.name: f.unheard_when for f in spec.facts if f.unheard_when}
        #: The facts of what lies between the nodes: the pair counts their faults once.
        self.shared = frozenset(f.name for f in spec.facts if f.shared)
        #: Per group of users (``own``, ``guests``), the states that serve them.
        self.serving = {whom: frozenset(s.name for s in spec.states if whom in s.serves)
                        for whom in SERVED}
        #: The states the SRM resumes from: entering one saves the state the node came from.
        self.resuming = frozenset(s.name for s in spec.states if s.resumes)
        #: Per (state, reason), the state saved instead where the spec says so.
        self.resumes_as = {(s.name, reason): target
                           for s in spec.states for reason, target in s.resumes_as}
        self.kinds = {e.name: e.kind for e in spec.events}
        self.fault_events = frozenset(e.name for e in spec.events if e.kind == FAULT)
        #: The node events a node fires by itself, in spec order (messages are only replies).
        self.acting_events = tuple(
            e.name for e in spec.events if e.scope == "node" and e.kind != "message")
        #: The events both nodes take at once, in spec order.
        self.pair_events = tuple(e.name for e in spec.events if e.scope == "pair")
        self._fact_index = {name: 3 + i for i, name in enumerate(self.fact_names)}

    # -- the local tuple --------------------------------------------------------------------

    def initial(self) -> Local:
        """A node as the pair starts: the spec's initial state and reason, every fact at its
        healthy value, nothing saved."""
        healthy = tuple(f.healthy for f in self.spec.facts)
        initial = self.spec.initial
        return (initial.state, initial.reason, NONE, *healthy)  # type: ignore[return-value]

    def facts(self, local: Local) -> dict[str, str]:
        return dict(zip(self.fact_names, local[3:], strict=True))

    def info(self, local: Local) -> NodeInfo:
        """Whether the node is up, healthy and serving, and how many faults it holds."""
        facts = self.facts(local)
        up = not any(facts[name] in self.down_when[name] for name in self.fact_names)
        healthy = all(facts[name] == value for name, value in self.health.items())
        state = local[0]
        faults = sum(facts[name] in self.fault_when[name] for name in self.fact_names
                     if name not in self.shared)
        shared = any(facts[name] in self.fault_when[name] for name in self.shared)
        hears = not any(facts[name] in values for name, values in self.unheard_when.items())
        running = not any(facts[name] in values for name, values in self.stops_services.items())
        serving = running and healthy
        return NodeInfo(up, healthy, serving and state in self.serving["own"],
                        serving and state in self.serving["guests"], faults, hears, shared)

    def view(self, local: Local) -> NodeView:
        """The node as it is seen: no state or reason while it is down."""
        up, healthy, serves_own, serves_guests, *_ = self.info(local)
        return NodeView(
            state=local[0] if up else None,
            reason=local[1] if up else None,
            facts=self.facts(local),
            up=up,
            healthy=healthy,
            serves_own=serves_own,
            serves_guests=serves_guests,
        )

    def shown_state(self, local: Local, up: bool) -> str:
        """The state a node shows: its state while it is up, ``down`` otherwise."""
        return local[0] if up else DOWN

    def saved_after(self, state: str, reason: str, saved: str, target: str) -> str:
        """What a node saves on going from ``state`` (shown with ``reason``) to ``target``:
        entering a state the SRM resumes from saves the state it came from, or what the spec
        says that state resumes as with that reason (kept while it moves among such states);
        any other state saves nothing."""
        if target not in self.resuming:
            return NONE
        if state in self.resuming:
            return saved
        return self.persisted(state, reason)

    def apply(self, rule: Rule, local: Local, peer: Local) -> Local:
        """The node after ``rule``: its target state, what it saves, its reason (the peer's
        where the rule takes it from the peer), its facts. A node the rule leaves down keeps
        the state its SRM persisted and shows no reason (it gets one when it is back)."""
        changed = list(local)
        if rule.target_state is not None:
            changed[2] = self.saved_after(local[0], local[1], local[2], rule.target_state)
            changed[0] = rule.target_state
        if rule.reason_from_peer:
            changed[1] = peer[1]
        elif rule.target_reason is not None:
            changed[1] = rule.target_reason
        for name, value in rule.facts:
            changed[self._fact_index[name]] = value
        if any(changed[self._fact_index[n]] in self.down_when[n] for n in self.fact_names):
            changed[0] = self.persisted(changed[0], changed[1])
            changed[1] = NONE
        return tuple(changed)  # type: ignore[return-value]

    def persisted(self, state: str, reason: str) -> str:
        """The state the SRM persists for a node in ``state`` with ``reason``: what it resumes
        from when it starts again (``resumes_as``; else the state itself)."""
        return self.resumes_as.get((state, reason), state)

    # -- events -----------------------------------------------------------------------------

    def is_fault(self, event: str) -> bool:
        return event in self.fault_events

    @staticmethod
    def receives(info: NodeInfo) -> bool:
        """Whether a message of its peer's SRM reaches the node: it is up and hears its peer."""
        return info.up and info.hears

    @staticmethod
    def pair_faults(first: NodeInfo, second: NodeInfo) -> int:
        """The faults the pair holds: each node's own, and one for what lies between them
        where either holds a fault of it."""
        return first.faults + second.faults + (first.shared_fault or second.shared_fault)

    @staticmethod
    def budget_left(faults: Count[Verdict_co], fault_budget: int) -> Verdict_co:
        """Whether a fault may fire while the pair holds ``faults`` faults (both nodes'): a
        number, or a term of an engine that counts symbolically."""
        return faults < fault_budget

    # -- what a guard reads -----------------------------------------------------------------

    def own_variables(self, local: Local, info: NodeInfo, ha: bool, index: int,
                      config: Mapping[str, Value]) -> dict[str, Value]:
        """The guard variables of node ``index`` (0 or 1) that do not read the peer."""
        variables: dict[str, Value] = {
            "state": local[0],
            "reason": local[1],
            "saved": local[2],
            "healthy": info.healthy,
            "serves_own": info.serves_own,
            "serves_guests": info.serves_guests,
            "ha": ha,
            "node": index + 1,
        }
        variables.update(zip(self.fact_names, local[3:], strict=True))
        for key, value in config.items():
            variables[f"config.{key}"] = value
        return variables

    def peer_variables(self, local: Local, info: NodeInfo, hears: bool) -> dict[str, Value]:
        """The ``peer.*`` guard variables, as the peer is seen by a node that ``hears`` it or
        not: a peer not heard is seen ``down``, whatever it is."""
        variables: dict[str, Value] = {
            "peer.state": self.shown_state(local, info.up and hears),
            "peer.reason": local[1],
            "peer.healthy": info.healthy,
            "peer.serves_own": info.serves_own,
            "peer.serves_guests": info.serves_guests,
        }
        for name, value in zip(self.fact_names, local[3:], strict=True):
            variables[f"peer.{name}"] = value
        return variables
