"""A runbook checked against the pair before anyone runs it.

The runbook's steps run in order while the pair's own events (timers, completions, messages,
client re-logins) and up to the fault budget's faults happen in between, in every order: the
pair's graph (every joint state, every step) in product with the number of steps done. From a
joint state with ``i`` steps done the pair may take its own events and faults, and the
administrator the runbook's step ``i + 1`` and no other action: an action as soon as it is due
and at any moment after, a wait as soon as the page shows what it waits for (and the pair does
not move on before the wait ends). The runbook is safe when:

* every action is possible in every joint state in which it may be taken (else the step is in
  the wrong order, or a wait is missing before it);
* every wait ends: the pair can reach what it waits for from every joint state it waits in;
* every user is served throughout: no user is connected to a node that does not serve it, and
  no user logs in again while neither node is up to take it (an outage no timer bounds: a
  user logging in again to a node that is up is the failover the timing analysis bounds);
* after the last step, the pair can reach Normal / Normal with every user at home, by its own
  events, from every joint state it can be in.

Each breach comes with a shortest trace (breadth-first over the product) to the joint state
where it happens, marked with the steps of the runbook taken on the way. For each step, the
check also gives what the administrator should see while it is the last one taken: both
nodes' state and reason as the admin page shows them, and the users active on each node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from prg.model.cluster import Cluster, Group, in_failover_state
from prg.model.explore import Graph
from prg.model.graphs import reaching
from prg.model.node import ACTIONS, AUTOMATIC, FAULT, NodeView
from prg.model.product import Joint, users_of
from prg.model.runbook import USER_GROUPS, Runbook, RunbookStep
from prg.model.simulate import Simulation
from prg.model.spec import ClusterRule
from prg.model.table import goal_marks, is_goal, nodes_healthy_and_normal
from prg.model.words import step_words
from prg.verify.checks.properties import service_problem
from prg.verify.checks.violation import Path, Violation

#: A joint state (its id in the graph) with the number of the runbook's steps done.
Where = tuple[int, int]

#: Where a condition holds: a trace there, the runbook step each of its steps is, and what
#: the page shows there.
Holding = tuple[Path, tuple[int | None, ...], str]

#: What breaks a runbook, in the order the checks name them.
NOT_POSSIBLE = "step not possible"
WAITS_FOREVER = "wait never ends"
NOT_SERVED = "users not served"
NOT_BACK = "pair not back to Normal / Normal"
USERS_ADDED = "users added mid-failover"
REFUSED = "step refused by the cluster"

#: The condition "a node of the group is in a failover state" (``RunbookCheck.holding``).
FAILOVER = "failover"
NOT_RECOVERABLE = "not recoverable after a fault"


def _holding(cluster: Cluster, rule: ClusterRule, group: Group
             ) -> Callable[[NodeView, NodeView], bool]:
    """Whether ``rule``'s condition holds of ``group``'s two nodes."""
    return lambda n1, n2: cluster.holds_in(rule, group, (n1, n2))


@dataclass(frozen=True)
class Seen:
    """What the admin page shows at one joint state, and the users active on each node: the
    users of node 1 (``X``) and of node 2 (``Y``) connected to it."""

    node1: str
    node2: str
    active1: tuple[str, ...]
    active2: tuple[str, ...]


@dataclass(frozen=True)
class RunbookBreach:
    """One way the runbook goes wrong: what (one of the kinds above), at which step, why,
    and the trace to it (``steps_taken[i]``: the runbook step that the trace's step ``i`` is,
    or None for the pair's own events and faults)."""

    kind: str
    step: int | None
    violation: Violation
    steps_taken: tuple[int | None, ...]


@dataclass(frozen=True)
class Interruption:
    """A fault that stops the runbook: after step ``after`` (0: before the first), the fault
    ``fault`` leaves the pair where the next step cannot be taken, its wait cannot end or (after
    the last step) the pair's own events no longer bring it back; ``recoverable``: whether the
    administrator's actions and repairs still bring it back to Normal / Normal with every
    user at home (the recovery table's ways)."""

    after: int
    fault: str
    page: str
    recoverable: bool
    path: Path
    steps_taken: tuple[int | None, ...]


@dataclass(frozen=True)
class RunbookCheck:
    """A runbook checked in one configuration: its first breach (None: safe) and, per step,
    what the page and the counters may show while it is the last step taken."""

    graph: Graph
    breach: RunbookBreach | None
    seen: tuple[tuple[Seen, ...], ...]
    #: For a cluster's group, per condition (``FAILOVER``: a node in a failover state; a
    #: cluster rule's id: the rule's condition holds of the group's nodes), per number of
    #: steps done, where it holds first.
    holding: dict[str, dict[int, Holding]]
    #: Every joint state (its id in ``graph``) reached with the number of steps done, without
    #: faults.
    reached: frozenset[Where]
    #: With a fault budget, the first fault (breadth-first) that stops the runbook at each
    #: number of steps done, where one does.
    interruptions: tuple[Interruption, ...] = ()


def check_runbook(runbook: Runbook, graph: Graph, group: str | None = None) -> RunbookCheck:
    """Check ``runbook`` over ``graph`` (a configuration's pair, searched from Normal /
    Normal with its fault budget): for a cluster's runbook, the steps of ``group`` over its
    pair, each step of another group taken at any moment (``prg.verify.tools.runbook`` says
    why that is the cluster's behaviour as this group sees it)."""
    return _Check(runbook, graph, group).run()


class _Check:
    def __init__(self, runbook: Runbook, graph: Graph, group: str | None) -> None:
        self.runbook = runbook
        self.group = group
        self.graph = graph
        self.pair = graph.pair
        self.steps = runbook.steps
        self.automatic = frozenset(i for i, label in enumerate(graph.labels)
                                   if self.pair.event_kind(label.event) in AUTOMATIC)
        self.faults = frozenset(i for i, label in enumerate(graph.labels)
                                if self.pair.event_kind(label.event) == FAULT)
        # The pair's events the product takes between steps: its own, then also faults.
        self.own = self.automatic

    # -- the product --------------------------------------------------------------------------

    def successors(self, where: Where) -> Iterator[tuple[Where, int]]:
        """The steps from ``where``: (where they lead, label id; -1 for a wait that ends)."""
        state, done = where
        if done < len(self.steps):
            step = self.steps[done]
            if step.group != self.group:
                yield (state, done + 1), -1
            elif step.until is not None:
                if self.shows(state, step):
                    yield (state, done + 1), -1
                    return
            else:
                for target, label in self.graph.edges[state]:
                    if self.is_step(label, step):
                        yield (target, done + 1), label
        for target, label in self.graph.edges[state]:
            if label in self.own:
                yield (target, done), label

    def is_step(self, label: int, step: RunbookStep) -> bool:
        found = self.graph.labels[label]
        return found.event == step.event and found.node == step.node

    def shows(self, state: int, step: RunbookStep) -> bool:
        """Whether the page and the counters show what the wait ``step`` waits for."""
        assert step.until is not None
        joint = self.graph.states[state]
        if not all(query is None or query.shown_by(self.pair.view(node))
                   for query, node in zip(step.until, joint[:2], strict=True)):
            return False
        seen = self.counters(joint)
        # A group of users the configuration has none of (node 2's, in Active-Standby) is
        # active wherever the wait asks.
        present = frozenset(name for home, name in enumerate(USER_GROUPS, 1)
                            if users_of(joint[3], home)["assigned"])
        return all(users is None or frozenset(active) == users & present
                   for users, active in zip(step.active, (seen.active1, seen.active2),
                                            strict=True))

    def search(self) -> None:
        """The product reachable from Normal / Normal with no step done, breadth-first."""
        start: Where = (0, 0)
        order = [start]
        parent: dict[Where, tuple[Where, int]] = {start: (start, -2)}
        for where in order:  # grows while it is read: breadth-first
            for target, label in self.successors(where):
                if target not in parent:
                    parent[target] = (where, label)
                    order.append(target)
        self.order, self.parent = order, parent

    def run(self) -> RunbookCheck:
        # The runbook itself is judged without faults: a step that a fault makes impossible
        # is not out of order. Faults are then asked what they do to it (interruptions).
        self.search()
        breach = (self.not_possible() or self.not_served() or self.waits_forever()
                  or self.not_back())
        holding = {name: {done: (*self.path_to(where), self.page(where[0]))
                          for done, where in found.items()}
                   for name, found in self.first_where(self.conditions()).items()}
        seen, reached = self.seen(), frozenset(self.order)
        interruptions: tuple[Interruption, ...] = ()
        if self.faults:
            self.own = self.automatic | self.faults
            self.search()
            interruptions = tuple(self.interruptions())
            if breach is None:
                breach = self.unrecoverable(interruptions)
        return RunbookCheck(self.graph, breach, seen, holding, reached, interruptions)

    # -- the checks ---------------------------------------------------------------------------

    def mine(self, done: int) -> bool:
        """Whether step ``done + 1`` is one of this group's."""
        return done < len(self.steps) and self.steps[done].group == self.group

    def not_possible(self) -> RunbookBreach | None:
        for state, done in self.order:
            if not self.mine(done) or self.steps[done].waits:
                continue
            step = self.steps[done]
            if not any(self.is_step(label, step) for _, label in self.graph.edges[state]):
                why = self.why_not(state, step)
                return self.breach(NOT_POSSIBLE, step, (state, done),
                                   f"step {step.number} ({step.says}) is due while the pair "
                                   f"shows {self.page(state)}: {why}")
        return None

    def not_served(self) -> RunbookBreach | None:
        for state, done in self.order:
            problem = self.service_problem(self.graph.states[state])
            if problem is not None:
                step = self.steps[done - 1] if done else None
                after = f"after step {step.number} ({step.says}), " if step else ""
                return self.breach(NOT_SERVED, step, (state, done), after + problem)
        return None

    def waits_forever(self) -> RunbookBreach | None:
        waiting: dict[int, list[int]] = {}
        for state, done in self.order:
            if self.mine(done) and self.steps[done].waits:
                waiting.setdefault(done, []).append(state)
        for done, states in sorted(waiting.items()):
            ends = self.reaching(done, [w for w in self.order if w[1] == done + 1])
            stuck = next((s for s in states if (s, done) not in ends), None)
            if stuck is not None:
                step = self.steps[done]
                return self.breach(WAITS_FOREVER, step, (stuck, done),
                                   f"step {step.number} ({step.says}) may wait for ever: from "
                                   f"{self.page(stuck)} the pair never shows what it waits for")
        return None

    def not_back(self) -> RunbookBreach | None:
        last = len(self.steps)
        goals = [(s, d) for s, d in self.order
                 if d == last and self.is_goal(s)]
        back = self.reaching(last, goals, automatic=True)
        stuck = next(((s, d) for s, d in self.order if d == last and (s, d) not in back), None)
        if stuck is None:
            return None
        return self.breach(NOT_BACK, None, stuck,
                           f"after the last step the pair may show {self.page(stuck[0])}, from "
                           "which its own events never bring it back to Normal / Normal with "
                           "every user at home")

    def reaching(self, done: int, targets: list[Where], automatic: bool = False) -> set[Where]:
        """The joint states with ``done`` steps done from which one of ``targets`` is
        reachable along the product's steps (only the pair's own events, faults aside, where
        ``automatic``)."""
        reverse: dict[Where, list[Where]] = {}
        for where in self.order:
            if where[1] != done:
                continue
            for target, label in self.successors(where):
                if automatic and label not in self.automatic:
                    continue
                reverse.setdefault(target, []).append(where)
        found = {t for t in targets}
        queue = list(found)
        for where in queue:
            for before in reverse.get(where, ()):
                if before not in found:
                    found.add(before)
                    queue.append(before)
        return found

    def interruptions(self) -> Iterator[Interruption]:
        """Per number of steps done, the first joint state (breadth-first, with faults) where
        the runbook cannot go on, and the first of those the pair cannot be brought back
        from, where that is another."""
        last = len(self.steps)
        ends: dict[int, set[Where]] = {}
        back = self.reaching(last, [(s, d) for s, d in self.order
                                    if d == last and self.is_goal(s)], automatic=True)
        # Whether the administrator's actions, repairs and the pair's own events bring a
        # joint state back (the recovery table's ways exist exactly there).
        steps = self.graph.steps()
        recovering = reaching(steps, goal_marks(self.graph),
                              self.graph.label_marks(ACTIONS | AUTOMATIC)[steps.label])
        first: set[int] = set()
        unrecoverable: set[int] = set()
        for state, done in self.order:
            if done in unrecoverable:
                continue
            if done == last:
                stuck = (state, done) not in back
            elif not self.mine(done):
                continue
            elif self.steps[done].waits:
                if done not in ends:
                    ends[done] = self.reaching(done, [w for w in self.order
                                                      if w[1] == done + 1])
                stuck = (state, done) not in ends[done]
            else:
                stuck = not any(self.is_step(label, self.steps[done])
                                for _, label in self.graph.edges[state])
            recoverable = bool(recovering[state])
            if not stuck or (done in first and recoverable):
                continue
            first.add(done)
            if not recoverable:
                unrecoverable.add(done)
            path, taken = self.path_to((state, done))
            fault = next((step_words(label.event, label.node) for label, _ in reversed(path)
                          if label is not None and self.pair.event_kind(label.event) == FAULT),
                         "a fault")
            yield Interruption(done, fault, self.page(state), recoverable, path, taken)

    def unrecoverable(self, interruptions: tuple[Interruption, ...]) -> RunbookBreach | None:
        for interruption in interruptions:
            if not interruption.recoverable:
                done = interruption.after
                step = self.steps[done] if done < len(self.steps) else None
                when = f"before step {step.number} ({step.says})" if step else \
                    "after the last step"
                return RunbookBreach(
                    NOT_RECOVERABLE, step.number if step else None,
                    Violation(f"{interruption.fault} {when} leaves the pair at "
                              f"{interruption.page}, from which no action or repair brings "
                              "it back to Normal / Normal", self.graph, interruption.path,
                              (step.line,) if step else ()),
                    interruption.steps_taken)
        return None

    def conditions(self) -> dict[str, Callable[[NodeView, NodeView], bool]]:
        """For a cluster's group, what other groups' steps depend on: a node in a failover
        state, and each cluster rule's condition of the group's nodes."""
        cluster = self.runbook.cluster
        group = cluster.group(self.group) if cluster and self.group else None
        if cluster is None or group is None:
            return {}
        spec = self.pair.spec
        found: dict[str, Callable[[NodeView, NodeView], bool]] = {
            FAILOVER: lambda n1, n2: in_failover_state(spec, n1) or in_failover_state(spec, n2)}
        for rule in spec.cluster:
            found[rule.id] = _holding(cluster, rule, group)
        return found

    def first_where(self, conditions: dict[str, Callable[[NodeView, NodeView], bool]]
                    ) -> dict[str, dict[int, Where]]:
        """Per condition, per number of steps done, the first joint state (breadth-first)
        whose nodes it holds of, where there is one: one walk of the product, each pair of
        nodes asked once."""
        found: dict[str, dict[int, Where]] = {name: {} for name in conditions}
        if not conditions:
            return found
        asked: dict[tuple[int, int], tuple[bool, ...]] = {}
        for state, done in self.order:
            nodes = self.graph.states[state][:2]
            if nodes not in asked:
                views = (self.pair.view(nodes[0]), self.pair.view(nodes[1]))
                asked[nodes] = tuple(holds(*views) for holds in conditions.values())
            for name, holds_here in zip(conditions, asked[nodes], strict=True):
                if holds_here and done not in found[name]:
                    found[name][done] = (state, done)
        return found

    # -- words --------------------------------------------------------------------------------

    def is_goal(self, state: int) -> bool:
        joint = self.graph.states[state]
        return nodes_healthy_and_normal(self.pair, joint[0], joint[1]) and is_goal(
            self.pair, joint)

    def page(self, state: int) -> str:
        joint = self.graph.states[state]
        return ", ".join(f"node {i} {self.shown(node)}" for i, node in enumerate(joint[:2], 1))

    def shown(self, node: int) -> str:
        view = self.pair.view(node)
        return f"{view.state} / {view.reason}" if view.up else "down"

    def service_problem(self, joint: Joint) -> str | None:
        """Users connected where they are not served (as ``no_user_lost`` says), or logging
        in again while neither node is up to take them."""
        nodes = (joint[0], joint[1])
        connected = service_problem(self.pair, nodes, joint[3])
        if connected is not None or any(self.pair.view(node).up for node in nodes):
            return connected
        for home in (1, 2):
            if users_of(joint[3], home)["out"]:
                return (f"the users of node {home} are logged out while neither node is up to "
                        "take them")
        return None

    def why_not(self, state: int, step: RunbookStep) -> str:
        assert step.event is not None
        simulation = Simulation(self.pair.spec, self.pair.config_items, self.pair.fault_budget,
                                pair=self.pair)
        simulation.history = [(None, self.graph.states[state])]
        return simulation.why_not(step.event, step.node)

    def breach(self, kind: str, step: RunbookStep | None, where: Where,
               message: str) -> RunbookBreach:
        path, taken = self.path_to(where)
        return RunbookBreach(kind, step.number if step else None,
                             Violation(message, self.graph, path, (step.line,) if step else ()),
                             taken)

    def path_to(self, where: Where) -> tuple[Path, tuple[int | None, ...]]:
        """The trace to ``where`` through the graph (waits are not steps of the pair), and the
        runbook step each of its steps is."""
        steps: list[tuple[Where, int]] = []
        while True:
            before, label = self.parent[where]
            if label == -2:
                break
            steps.append((where, label))
            where = before
        path: Path = [(None, 0)]
        taken: list[int | None] = [None]
        for (state, done), label in reversed(steps):
            if label == -1:
                continue
            path.append((self.graph.labels[label], state))
            action = done > 0 and self.parent[(state, done)][0][1] == done - 1
            taken.append(done if action else None)
        return path, tuple(taken)

    # -- what to expect -----------------------------------------------------------------------

    def seen(self) -> tuple[tuple[Seen, ...], ...]:
        """Per step, what the page and the counters show while it is the last step taken."""
        found: list[dict[Seen, None]] = [{} for _ in self.steps]
        for state, done in self.order:
            if done:
                found[done - 1].setdefault(self.counters(self.graph.states[state]))
        return tuple(tuple(step) for step in found)

    def counters(self, joint: Joint) -> Seen:
        active: list[list[str]] = [[], []]
        for home, name in enumerate(USER_GROUPS, 1):
            counts = users_of(joint[3], home)
            if counts["at_home"]:
                active[home - 1].append(name)
            if counts["at_peer"]:
                active[2 - home].append(name)
        return Seen(self.shown(joint[0]), self.shown(joint[1]), tuple(active[0]),
                    tuple(active[1]))

