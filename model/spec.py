"""The spec as one intermediate representation: frozen dataclasses that every engine reads.

The YAML under ``specs/`` is loaded once (``prg.model.load``) into these classes; the explorer,
the node machines, the properties and the reports read them and never the YAML again.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field

Value = str | int | bool

#: Where a user of a home node can be: served by the home node, served by the peer, or
#: disconnected and logging in again.
USER_CATEGORIES = ("at_home", "at_peer", "out")

#: The classes a node state belongs to (Table 1 words "stable", "transition", "steady").
STATE_CLASSES = ("stable", "transient", "failed", "unknown")

#: Kinds of events. Faults are what the fault budget bounds; "recoverable" and the recommended
#: actions use every kind but faults.
EVENT_KINDS = ("admin", "repair", "fault", "timer", "completion", "message", "client")

#: Pseudo-states a rule may start from: a node that is down (it shows no state), or any.
DOWN = "down"
ANY = "any"


@dataclass(frozen=True)
class Located:
    """Where an item is written: the spec file's line, and the document passage it cites."""

    line: int
    source: str
    decision: str | None


@dataclass(frozen=True)
class State:
    """A node state of Table 1 (or one that only Table 2 uses), with the other spellings the
    document uses for it."""

    name: str
    spellings: tuple[str, ...]
    klass: str
    serves: frozenset[str]
    failover: bool
    resumes: bool
    implies: tuple[tuple[str, str], ...]
    description: str
    at: Located
    #: Per reason, the state the SRM resumes a node in this state from (saves) when it
    #: restarts, where that is not this state.
    resumes_as: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Reason:
    """A reason shown next to a node state, with the spellings the document also uses."""

    name: str
    spellings: tuple[str, ...]
    at: Located


@dataclass(frozen=True)
class Fact:
    """A fact every node has (power, SRM service, network, critical services, database, the
    link to its peer). ``healthy`` is its value in a healthy node; ``health``: the node is
    healthy only while this fact has that value; ``unheard_when``: while it has one of these
    values the node hears nothing of its peer (no heartbeat: it sees its peer as down; no
    message); ``shared``: a fact of what lies between the nodes, whose faults the pair counts
    once, however many nodes hold them; ``still_serving``: values of ``down_when`` with which
    the node is down (no state shown, its peer does not hear it) while its other services keep
    serving the users connected to it."""

    name: str
    values: tuple[str, ...]
    healthy: str
    down_when: tuple[str, ...]
    fault_when: tuple[str, ...]
    at: Located
    health: bool = False
    unheard_when: tuple[str, ...] = ()
    shared: bool = False
    still_serving: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """Something that happens to one node (scope ``node``) or to the pair (scope ``pair``)."""

    name: str
    kind: str
    scope: str
    parameter: str | None
    description: str
    at: Located


@dataclass(frozen=True)
class Guard:
    """A conjunction: each variable must take one of its allowed values."""

    atoms: tuple[tuple[str, frozenset[Value]], ...] = ()

    def variables(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.atoms)


@dataclass(frozen=True)
class Move:
    """Users moved by a rule: ``count`` users (all when None) of one category go to each of
    ``destinations``; ``origin`` None means new users (the administrator adds them)."""

    origin: tuple[str, str] | None
    destinations: tuple[tuple[str, str], ...]
    count: int | None
    text: str


@dataclass(frozen=True)
class Rule:
    """``(state, event, guard) -> (state, reason, effects)`` for one node."""

    id: str
    event: str
    sources: frozenset[str]
    guard: Guard
    target_state: str | None
    target_reason: str | None
    reason_from_peer: bool
    facts: tuple[tuple[str, str], ...]
    high_availability: bool | None
    send: str | None
    moves: tuple[Move, ...]
    choice: str | None
    needs_faults: int
    at: Located


@dataclass(frozen=True)
class RowSide:
    """One node's columns of a Table 2 row; ``states`` None means the node is down."""

    states: tuple[str, ...] | None
    reasons: tuple[str, ...] | None
    down_causes: tuple[str, ...]
    as_written: str


@dataclass(frozen=True)
class Step:
    """One recommended action: an event on a node, taken only where ``condition`` holds;
    ``added``: why prg adds the step to the document's actions (None: the document's own);
    ``continues``: the step carries out the same action of the document as the step before
    it (one action the model takes in several steps: on each node, or for each fault)."""

    event: str
    node: int | None
    condition: Guard
    text: str
    added: str | None = None
    continues: bool = False


@dataclass(frozen=True)
class CauseStep:
    """One step of what the document gives as a row's cause: an administrator action, a
    repair or a fault, on a node (``node`` 1 or 2) or on the pair (None)."""

    event: str
    node: int | None


@dataclass(frozen=True)
class Printed:
    """A Table 2 row as the document prints it, where the spec reads it otherwise (the row's
    ``decision`` says why): a pair that shows it shows the row."""

    node1: RowSide
    node2: RowSide


@dataclass(frozen=True)
class Row:
    """A row of Table 2: the joint pair, its cause and its recommended actions. ``causes``:
    the cause as steps, each way the document gives one; from the initial state, the steps in
    order with the pair's own events between and after them lead to the row."""

    id: int
    node1: RowSide
    node2: RowSide
    cause: str
    actions: tuple[Step, ...] | None
    assumes: Guard
    causes: tuple[tuple[CauseStep, ...], ...]
    at: Located
    #: Pairs the row does not show that its actions address too (row 16: "If node 1 is up"):
    #: the actions are checked from them as from the row's own pairs.
    actions_also_from: tuple[ActionsAlsoFrom, ...] = ()
    #: The row as the document prints it, where the spec reads it otherwise (row 23).
    also_printed: Printed | None = None

    @property
    def shown_as(self) -> tuple[tuple[RowSide, RowSide], ...]:
        """The (node 1, node 2) sides a pair shows the row by: as the spec reads it, then as
        the document prints it where that differs."""
        read = (self.node1, self.node2)
        printed = self.also_printed
        return (read,) if printed is None else (read, (printed.node1, printed.node2))

    @property
    def document_actions(self) -> tuple[str, ...]:
        """The recommended actions as the document writes them, one text per action: without
        the steps prg adds, the texts of the steps that carry out one action joined (each
        once)."""
        texts: list[list[str]] = []
        for step in self.actions or ():
            if step.added is not None:
                continue
            if step.continues and texts:
                if step.text not in texts[-1]:
                    texts[-1].append(step.text)
            else:
                texts.append([step.text])
        return tuple(" ".join(parts) for parts in texts)


def cause_fault(cause: tuple[CauseStep, ...], kinds: Mapping[str, str]) -> str | None:
    """The last fault of a row's cause (None: it has none), given each event's kind: the
    failure a timing entry of the row is about."""
    return next((step.event for step in reversed(cause) if kinds[step.event] == "fault"), None)


@dataclass(frozen=True)
class Pattern:
    """One node of an extension: a set of visible (state, reason) (None: any) where ``up``;
    or, where ``down`` names facts, a node that is down by those facts alone (as a down side
    of a Table 2 row)."""

    states: frozenset[str] | None
    reasons: frozenset[str] | None
    up: bool
    down: tuple[str, ...]


@dataclass(frozen=True)
class ActionsAlsoFrom:
    """A pair of nodes, not the row's, from which the document's words for a row's actions say
    they are taken too (where ``condition`` holds), and the words that say so."""

    node1: Pattern
    node2: Pattern
    condition: Guard
    why: str


@dataclass(frozen=True)
class Extension:
    """A reachable pair Table 2 does not list, with why the spec accepts it."""

    node1: Pattern
    node2: Pattern
    why: str
    at: Located


@dataclass(frozen=True)
class Parameter:
    """A service parameter with its default and valid range. ``per_node``: each node of the
    pair has its own value; ``range_assumed``: the document gives no range, the spec assumes
    one."""

    key: str
    name: str
    default: int | bool
    minimum: int | None
    maximum: int | None
    unit: str
    per_node: bool
    range_assumed: bool
    at: Located

    def range_text(self) -> str:
        """``1..3600 s``."""
        low = "" if self.minimum is None else self.minimum
        high = "" if self.maximum is None else self.maximum
        return f"{low}..{high} {self.unit}".rstrip()


@dataclass(frozen=True)
class Option:
    """A configuration option; ``explore`` options are enumerated by the product. ``sets``
    names what the option decides in the initial joint state: ``ha`` (whether high
    availability is enabled) or ``users`` (how many users each node has: ``initial.users``)."""

    key: str
    name: str
    values: tuple[Value, ...]
    default: Value
    explore: bool
    sets: str | None
    at: Located


@dataclass(frozen=True)
class Ignored:
    """Events a node ignores in some states (where ``guard`` holds), and why: what makes the
    rules complete without a rule for every (state, event)."""

    events: tuple[str, ...]
    sources: frozenset[str]
    guard: Guard
    why: str
    at: Located


#: Comparisons a parameter constraint may use.
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True)
class Constraint:
    """A rule a consistent parameter set obeys where the options take the values of ``when``:
    ``sum(coefficient * parameter) + constant`` compared with zero, and the options take the
    values of ``options`` (``text`` is how the spec writes it)."""

    name: str
    when: Guard
    text: str
    terms: tuple[tuple[str, int], ...]
    constant: int
    comparison: str
    options: Guard
    at: Located


#: Where a timer starts: at the last heartbeat received from the peer (up to one heartbeat
#: interval before the start), or at the start itself.
TIMER_STARTS = ("last heartbeat", "start")
#: When a failure's users lose service: at the start, or when the timer fires.
DISCONNECTS = ("at start", "at timer")
#: How the users are served again: they log in again by themselves, or only after the
#: administrator's recommended actions (no bound).
SERVED_AGAIN = ("re-login", "administrator")
#: The node node 1's users log in to again: the backup (node 2, after a failover) or their
#: own node (node 1, after a fallback).
LOGS_IN_TO = ("backup", "home")


@dataclass(frozen=True)
class FailureTiming:
    """How long one kind of failure of Table 2 takes to be detected and to cost its users:
    ``start`` happens at time zero, ``timer`` detects it (None: it is seen at once); the users
    log in again to the node ``logs_in_to``; ``slowed``: the timing's slowdown option
    lengthens the timer and the re-login waits. ``action``: the administrator's action that
    starts it (None: a fault or the pair's own events)."""

    rows: tuple[int, ...]
    start: str
    fault: str | None
    action: str | None
    timer: str | None
    timer_from: str | None
    disconnected: str
    served_again: str
    logs_in_to: str
    option: str | None
    slowed: bool
    at: Located


@dataclass(frozen=True)
class Timing:
    """What the timing analysis reads beyond the timers' parameters: the heartbeat interval,
    the client re-login window, the option that slows failover and by which factor, the
    option without which no node takes over (``failover_option``), the option of the clients'
    inactive connection to the backup (``dual_connection_option``), and the failure kinds."""

    heartbeat_interval: str
    relogin_lower: str
    relogin_upper: str
    slowdown_option: str | None
    slowdown_factor: str | None
    failover_option: str | None
    dual_connection_option: str | None
    failures: tuple[FailureTiming, ...]
    at: Located


@dataclass(frozen=True)
class Decision:
    """A reading the spec chose where the document is inconsistent or silent."""

    what: str
    why: str
    source: str
    line: int


@dataclass(frozen=True)
class StepPattern:
    """Steps of the pair as a claim names them: of one of ``events`` (None: any), in which a
    node enters one of the states ``enters`` or takes one of the ``reasons`` (None: either),
    which it did not show before."""

    events: frozenset[str] | None
    enters: frozenset[str] | None
    reasons: frozenset[str] | None


@dataclass(frozen=True)
class Claim:
    """A must / never / only sentence of the document: a ``step`` happens to a node only
    where one of ``only_when`` holds of it in the state the step leads to (none: never);
    with ``after``, only from a step of ``after`` on that node until one of ``until``."""

    id: str
    says: str
    step: StepPattern
    only_when: tuple[Guard, ...]
    after: StepPattern | None
    until: tuple[StepPattern, ...]
    at: Located


#: Whom a cluster rule's condition is about: any node of the cluster, or its database publisher.
ANY_NODE = "any node"
PUBLISHER = "publisher"
CLUSTER_NODES = (ANY_NODE, PUBLISHER)


@dataclass(frozen=True)
class ClusterRule:
    """What the presence redundancy groups of one cluster share: no node of any group takes
    one of the events ``refuses`` while one of the guards ``when`` holds of ``of`` (any node of
    the cluster, or the cluster's database publisher), read of that node as it is shown."""

    id: str
    says: str
    refuses: tuple[str, ...]
    of: str
    when: tuple[Guard, ...]
    at: Located


@dataclass(frozen=True)
class Finding:
    """A place where the document's own behaviour breaks a property: the property, from which
    fault budget on, in which configurations (``config``, a guard over the explored options;
    empty: all), through which faults (``faults``: every counterexample takes one of them;
    empty: any) or which rows (``rows``: the rows whose recommended actions fail) or claims
    (``claims``: the claims that fail), and why."""

    id: str
    property: str
    fault_budget: int
    config: Guard
    faults: tuple[str, ...]
    rows: tuple[int, ...]
    why: str
    at: Located
    claims: tuple[str, ...] = ()

    @builtins.property  # the field ``property`` hides the built-in here
    def parts(self) -> tuple[int | str, ...]:
        """The parts of its property it is about: Table 2 rows, or claims (empty: all)."""
        return self.rows or self.claims


@dataclass(frozen=True)
class Initial:
    """The pair's initial joint state before configuration: node state, reason, facts."""

    state: str
    reason: str
    users: dict[str, tuple[int, int]] = field(hash=False, compare=False, default_factory=dict)


@dataclass(frozen=True)
class Spec:
    """The whole spec: what every engine reads."""

    path: str
    title: str
    document: str
    states: tuple[State, ...]
    reasons: tuple[Reason, ...]
    facts: tuple[Fact, ...]
    events: tuple[Event, ...]
    rules: tuple[Rule, ...]
    rows: tuple[Row, ...]
    extensions: tuple[Extension, ...]
    parameters: tuple[Parameter, ...]
    options: tuple[Option, ...]
    decisions: tuple[Decision, ...]
    initial: Initial
    ignored: tuple[Ignored, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    timing: Timing | None = None
    findings: tuple[Finding, ...] = ()
    claims: tuple[Claim, ...] = ()
    #: The rules the groups of one cluster share (none apply to a pair alone).
    cluster: tuple[ClusterRule, ...] = ()

    def state(self, name: str) -> State:
        return next(s for s in self.states if s.name == name)

    def event(self, name: str) -> Event:
        return next(e for e in self.events if e.name == name)

    def option(self, key: str) -> Option:
        return next(o for o in self.options if o.key == key)

    def parameter(self, key: str) -> Parameter:
        return next(p for p in self.parameters if p.key == key)
