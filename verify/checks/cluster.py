"""The properties of a cluster: its presence redundancy groups checked together, each on its
own pair, with the rest of the cluster as what that pair may see.

What the groups share is the spec's cluster rules (``Spec.cluster``): an event that no node of
any group takes while a condition holds of any node of the cluster, or of the database
publisher. Nothing else of one group's pair reads another's: each node has an independent
database and set of users (High Availability).

Why checking group by group is sound, and exact. Take a group's pair with the steps removed
that a cluster rule refuses because of the group's own nodes: its *own graph*. A state of the
cluster is a joint state of each group's pair; a group takes a step of its pair where no
cluster rule refusing the step's event holds of a node of the cluster. The cluster only
removes steps, so every reachable state of the cluster is, group by group, in the groups' own
graphs. Conversely, when

(a) no rule's condition holds of a group's initial state, and
(b) no rule's condition holds of a group's nodes after a step of an event a rule refuses

(the property ``groups_independent``), every combination of the groups' own graphs' states is a
reachable state of the cluster. Split each group's path to its state after its last step of a
refused event; let every group take the first part of its path, one group after the other,
then every group the rest. While a group takes its first part, every other group is at its
initial state or at the end of its own first part, where (a) and (b) say that no rule's
condition holds, so the cluster refuses none of its steps; the rests take no refused event.

So the cluster's reachable states are the product of its groups' own graphs, and a property of
the cluster is a property of each group beside any combination of the other groups' states.
What the rest of the cluster shows a group is a *signature*: per rule, whether its condition
holds of the rest; whether a node of the rest is in a failover state; whether the publisher,
if among the rest, has failed. The signatures the rest can show are the unions of one
signature per other group. ``tests/test_cluster_check.py`` checks all this against the
product of two groups' pairs searched whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from prg.model.cluster import (
    Cluster,
    Group,
    publisher_failed,
    rule_holds,
)
from prg.model.explore import Graph, triples_of
from prg.model.graphs import Marks, reaching
from prg.model.node import NO_FAULTS
from prg.model.spec import ClusterRule, Spec
from prg.model.table import goal_marks
from prg.model.traces import Trace, trace_of
from prg.model.triples import either_node_marks
from prg.verify.checks.properties import (
    adding_marks,
    failing_over_marks,
    no_user_lost,
    visible,
)
from prg.verify.checks.violation import Path

Signature = int


@dataclass(frozen=True)
class GroupTrace:
    """One group's steps in a cluster's trace: its trace from Normal / Normal."""

    group: str
    trace: Trace


@dataclass(frozen=True)
class ClusterViolation:
    """A cluster property that does not hold: why, and a trace of the cluster: each group's
    steps, taken one group after the other in this order (the other groups stay as they are
    meanwhile)."""

    message: str
    traces: tuple[GroupTrace, ...]


class GroupModel:
    """One group of the cluster in one configuration: its pair's graph with the steps removed
    that the cluster's rules refuse because of its own nodes, and per state its signature."""

    def __init__(self, cluster: Cluster, group: Group, graph: Graph) -> None:
        self.cluster = cluster
        self.group = group
        self.name = group.name
        self.rules = cluster.spec.cluster
        self.publisher = cluster.publisher_node(group)
        #: Per rule, per label id of the graph, whether the rule refuses its event.
        self.refusing = [np.fromiter((label.event in rule.refuses for label in graph.labels),
                                     np.bool_, len(graph.labels)) for rule in self.rules]
        signature = self._signatures(graph)
        own = ~self._refused(graph, signature, 0)
        self.graph = graph if own.all() else graph.within(own)
        #: Per state of ``graph``, its signature.
        self.signature = signature if self.graph is graph else self._signatures(self.graph)
        #: Per signature the group shows, the first state (breadth-first) that shows it.
        self.first_with = _first_with(self.signature)

    # -- signatures ---------------------------------------------------------------------------

    @property
    def failover_bit(self) -> Signature:
        return 1 << len(self.rules)

    @property
    def publisher_bit(self) -> Signature:
        return 1 << (len(self.rules) + 1)

    @property
    def rule_bits(self) -> Signature:
        return (1 << len(self.rules)) - 1

    def _signatures(self, graph: Graph) -> np.ndarray:
        """Per state of ``graph``, its signature: each bit a question of one node or of
        either, asked once per node of the pair (``node_marks``) and read per triple."""
        pair = graph.pair
        nodes = triples_of(graph).nodes

        def holding(rule: ClusterRule) -> Callable[[int], bool]:
            return lambda node: rule_holds(rule, pair.view(node))

        per_triple = np.zeros(len(nodes[0]), np.int64)
        for bit, rule in enumerate(self.rules):
            holds = either_node_marks(pair, f"cluster rule {rule.id} holds", holding(rule),
                                      nodes, self.cluster.read_by(rule, self.group))
            per_triple |= holds.astype(np.int64) << bit
        per_triple |= failing_over_marks(pair, nodes).astype(np.int64) * self.failover_bit
        failed = either_node_marks(pair, "publisher failed",
                                   lambda node: publisher_failed(pair.view(node)), nodes,
                                   () if self.publisher is None else (self.publisher - 1,))
        per_triple |= failed.astype(np.int64) * self.publisher_bit
        return per_triple[graph.controls()[0]]

    def _refused(self, graph: Graph, signature: np.ndarray, outside: Signature) -> Marks:
        """Per step of ``graph``, whether the cluster refuses it where the rest of the
        cluster shows ``outside``."""
        steps = graph.steps()
        refused = np.zeros(len(steps.target), np.bool_)
        source = signature[steps.source]
        for index, refusing in enumerate(self.refusing):
            holds = ((source >> index) & 1).astype(np.bool_) | bool(outside >> index & 1)
            refused |= refusing[steps.label] & holds
        return refused

    def refused(self, outside: Signature) -> Marks:
        """Per step of the group's own graph, whether the cluster refuses it where the rest
        of the cluster shows ``outside``."""
        return self._refused(self.graph, self.signature, outside)

    def shows(self, state: int) -> str:
        """What the admin page shows of the group at ``state``."""
        n1, n2, _, _ = self.graph.states[state]
        pair = self.graph.pair
        return f"node 1 {visible(pair, n1)}, node 2 {visible(pair, n2)}"

    def trace(self, path: Path) -> GroupTrace:
        return GroupTrace(self.name, trace_of(self.graph, path))


@dataclass
class ClusterModel:
    """A cluster in one configuration: each group's model."""

    cluster: Cluster
    config: tuple[tuple[str, object], ...]
    groups: list[GroupModel]

    @property
    def spec(self) -> Spec:
        return self.cluster.spec

    def publisher_group(self) -> int | None:
        return next((i for i, g in enumerate(self.groups) if g.publisher is not None), None)

    def outsides(self, inside: int, publisher_down: bool = False
                 ) -> dict[Signature, tuple[tuple[int, int], ...]]:
        """What the rest of the cluster can show group ``inside``: each signature, with the
        state (group index, state) each other group shows it by; with ``publisher_down``,
        only where the publisher, if among the rest, has failed."""
        found: dict[Signature, tuple[tuple[int, int], ...]] = {0: ()}
        for index, other in enumerate(self.groups):
            if index == inside:
                continue
            options = other.first_with
            if publisher_down and other.publisher is not None:
                options = {s: i for s, i in options.items() if s & other.publisher_bit}
            combined: dict[Signature, tuple[tuple[int, int], ...]] = {}
            for signature, witness in found.items():
                for shown, state in options.items():
                    combined.setdefault(signature | shown, (*witness, (index, state)))
            found = combined
        return found

    def trace_to(self, witness: tuple[tuple[int, int], ...]) -> list[GroupTrace]:
        """Each other group's shortest trace to the state it shows a signature by."""
        return [self.groups[g].trace(self.groups[g].graph.path_to(s)) for g, s in witness
                if s != 0]

    def rest_shows(self, witness: tuple[tuple[int, int], ...]) -> str:
        shown = [f"{self.groups[g].name} shows {self.groups[g].shows(s)}" for g, s in witness]
        return "; ".join(shown) if shown else "the rest of the cluster is at Normal / Normal"


def _first_with(signature: np.ndarray) -> dict[Signature, int]:
    values, firsts = np.unique(signature, return_index=True)
    return dict(zip(values.tolist(), firsts.tolist(), strict=True))


def _bits_words(model: ClusterModel, bits: Signature) -> list[str]:
    return [rule.id for index, rule in enumerate(model.spec.cluster) if bits >> index & 1]


# -- the properties ------------------------------------------------------------------------------


def groups_independent(model: ClusterModel) -> ClusterViolation | None:
    """The groups share nothing but the cluster's rules, and the rules let each group's pair go
    its own way: no rule's condition holds at the start, nor after a step a rule refuses (the
    premises on which the check group by group is exact)."""
    for group in model.groups:
        rule_bits = group.rule_bits
        if group.signature[0] & rule_bits:
            return ClusterViolation(
                f"{group.name} starts where {', '.join(_bits_words(model, int(group.signature[0])))} "
                "refuses steps of the other groups: the groups do not start independent",
                (group.trace(group.graph.path_to(0)),))
        steps = group.graph.steps()
        refusable = np.zeros(len(steps.target), np.bool_)
        for refusing in group.refusing:
            refusable |= refusing[steps.label]
        after = group.signature[steps.target] & rule_bits
        found = np.flatnonzero(refusable & (after != 0))
        if found.size:
            position = int(found[0])
            source, target = int(steps.source[position]), int(steps.target[position])
            label = group.graph.labels[int(steps.label[position])]
            rules = ", ".join(_bits_words(model, int(after[position])))
            return ClusterViolation(
                f"in {group.name}, a step of {label.event!r}, which the cluster may refuse, leads "
                f"to {group.shows(target)}, where {rules} refuses steps of the other groups: the "
                "groups' pairs do not go their own way, and the check group by group does not "
                "apply",
                (group.trace([*group.graph.path_to(source), (label, target)]),))
    return None


def no_users_added_in_a_cluster_failover(model: ClusterModel) -> ClusterViolation | None:
    """No user is added to any group while a node of the cluster is in a failover state
    (Redundancy Interactions and Restrictions, Adding Users)."""
    for index, group in enumerate(model.groups):
        steps = group.graph.steps()
        adding = adding_marks(group.graph)[steps.label]
        if not adding.any():
            continue
        own_failover = (group.signature[steps.source] & group.failover_bit) != 0
        for outside, witness in model.outsides(index).items():
            failover = own_failover | bool(outside & group.failover_bit)
            found = np.flatnonzero(adding & failover & ~group.refused(outside))
            if not found.size:
                continue
            position = int(found[0])
            source, target = int(steps.source[position]), int(steps.target[position])
            label = group.graph.labels[int(steps.label[position])]
            return ClusterViolation(
                f"users are added to {group.name} (it shows {group.shows(source)}) while "
                f"{model.rest_shows(witness)}: no user is added to a cluster while one of its "
                "nodes is in a failover state",
                (*model.trace_to(witness),
                 group.trace([*group.graph.path_to(source), (label, target)])))
    return None


def publisher_failure_recoverable(model: ClusterModel) -> ClusterViolation | None:
    """While the database publisher has failed, whatever the rest of the cluster shows and
    keeps showing, every group gets back to Normal / Normal with every user at home (the
    publisher's group once its failure is repaired) by administrator actions, repairs and its
    pair's own events, the cluster's rules refusing what they refuse."""
    publisher = model.publisher_group()
    if publisher is None:
        return None
    for index, group in enumerate(model.groups):
        graph = group.graph
        steps = graph.steps()
        starts = np.ones(steps.states, np.bool_)
        if index == publisher:
            starts = (group.signature & group.publisher_bit) != 0
        kept = graph.label_marks(NO_FAULTS)[steps.label]
        goal = goal_marks(graph)
        for outside, witness in model.outsides(index, publisher_down=True).items():
            back = reaching(steps, goal, kept & ~group.refused(outside))
            stuck = np.flatnonzero(starts & ~back)
            if not stuck.size:
                continue
            state = int(stuck[0])
            refusing = _bits_words(model, outside | int(group.signature[state]))
            why = (f"; the cluster refuses steps by {', '.join(refusing)}" if refusing else "")
            return ClusterViolation(
                f"while the publisher {model.cluster.publisher} has failed and "
                f"{model.rest_shows(witness)}, {group.name} cannot get back from "
                f"{group.shows(state)} to Normal / Normal with every user at home{why}",
                (*model.trace_to(witness), group.trace(graph.path_to(state))))
    return None


def no_user_lost_in_any_group(model: ClusterModel) -> ClusterViolation | None:
    """In every group, users are conserved and none is connected to a node that does not
    serve it (``no_user_lost`` of each group's pair, within the cluster)."""
    for group in model.groups:
        found = no_user_lost(group.graph)
        if found is not None:
            assert found.path is not None
            return ClusterViolation(f"in {group.name}: {found.message}",
                                    (group.trace(found.path),))
    return None


@dataclass(frozen=True)
class ClusterProperty:
    name: str
    check: Callable[[ClusterModel], ClusterViolation | None]

    @property
    def says(self) -> str:
        return " ".join((self.check.__doc__ or "").split())


#: The cluster's properties, in the order they are reported; the first is the premise of the
#: others.
CLUSTER_PROPERTIES = (
    ClusterProperty("groups_independent", groups_independent),
    ClusterProperty("no_users_added_in_a_cluster_failover", no_users_added_in_a_cluster_failover),
    ClusterProperty("publisher_failure_recoverable", publisher_failure_recoverable),
    ClusterProperty("no_user_lost_in_any_group", no_user_lost_in_any_group),
)


def check_cluster_model(model: ClusterModel) -> Iterator[tuple[str, ClusterViolation | None]]:
    """Each property of ``model``: its name and its violation (None: it holds). Where the
    first, the premise of the others, does not hold, the others are not checked: the check
    group by group would not be the cluster's."""
    for prop in CLUSTER_PROPERTIES:
        violation = prop.check(model)
        yield prop.name, violation
        if violation is not None and prop is CLUSTER_PROPERTIES[0]:
            return
