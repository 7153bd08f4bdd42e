"""The pair as one automaton: both nodes, their facts, the pair's high availability flag, and
where the users are, for one configuration.

A joint state is ``(node 1, node 2, ha, users)``. A node is an interned id of its local tuple
``(state, reason, saved, *facts)``; ``state`` stays what the SRM persisted while the node is down
(its view then shows no state). ``users`` holds, per home node, ``(assigned, at_home, at_peer, out)``.

Events interleave one at a time. A node event fires the rules of the acting node whose source
holds and whose guard holds; a rule may ``send`` a message that the peer's rules handle in the
same step (dropped while the peer is down). A pair event fires one enabled rule of each node at
once, both reading the state before the step. Faults fire only while fewer than ``fault_budget``
faults are outstanding. A node sees its peer, and receives its messages, only while it hears it
(``NodeSemantics``: a partition of the link between them).

The explorer memoises everything that depends only on the two nodes, so the work per joint
state is a dictionary lookup and the user moves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .node import Local, NodeInfo, NodeSemantics, NodeView
from .spec import USER_CATEGORIES, Move, Rule, Spec, Value

Users = tuple[int, ...]
Joint = tuple[int, int, bool, Users]
Config = tuple[tuple[str, Value], ...]
#: The user moves of one step, each with the node (0 or 1) that moves as ``self``.
MoveSet = tuple[tuple[Move, int], ...]
_Candidate = tuple[Rule, tuple[tuple[str, frozenset[Value]], ...]]
#: A node event as the acting node fires it: the rule, the node after it, ha after it, and the
#: label and user-moves ids of the step, or -1 for both where the peer's replies decide them.
_ActingStep = tuple[Rule, int, bool, int, int]

#: Index of a user category inside one home node's block of ``users``.
_CATEGORY = {name: i + 1 for i, name in enumerate(USER_CATEGORIES)}
_BLOCK = 1 + len(USER_CATEGORIES)

@dataclass(frozen=True)
class Label:
    """What one step did: the event, the acting node (None for a pair event), the rules."""

    event: str
    node: int | None
    rules: tuple[str, ...]


def configurations(spec: Spec) -> list[Config]:
    """Every combination of the explored options, in spec order."""
    explored = [o for o in spec.options if o.explore]
    return [
        tuple(zip((o.key for o in explored), values, strict=True))
        for values in itertools.product(*(o.values for o in explored))
    ]


def rule_options(spec: Spec) -> frozenset[str]:
    """The explored options some rule's guard reads. Configurations that agree on these have
    the same transitions and differ only in their initial state."""
    return frozenset(
        name.removeprefix("config.")
        for rule in spec.rules
        for name, _ in rule.guard.atoms
        if name.startswith("config.")
    )


def configuration_groups(spec: Spec) -> list[list[Config]]:
    """The configurations in groups that share one transition relation (spec order)."""
    # The users an option sets also bound how many users may be added.
    shared = rule_options(spec) | {o.key for o in spec.options if o.sets == "users"}
    groups: dict[Config, list[Config]] = {}
    for config in configurations(spec):
        key = tuple((k, v) for k, v in config if k in shared)
        groups.setdefault(key, []).append(config)
    return list(groups.values())


def default_config(spec: Spec) -> Config:
    """The configuration the document recommends (every option at its default)."""
    return tuple((o.key, o.default) for o in spec.options if o.explore)


class Nodes:
    """The local tuples of one pair's nodes met so far, numbered (joint states hold the
    numbers): what each implies, how it is seen, the rules it may fire, and the node a rule
    makes of it. Each is worked out once, when first asked for."""

    def __init__(self, spec: Spec, config: Mapping[str, Value]) -> None:
        self.spec = spec
        self.config = config
        self.semantics = NodeSemantics(spec)
        self.locals: list[Local] = []
        #: What each node's local tuple implies, by number.
        self.info: list[NodeInfo] = []
        self._ids: dict[Local, int] = {}
        self._views: dict[int, NodeView] = {}
        self._peer_cache: dict[tuple[int, bool], dict[str, Value]] = {}
        self._candidate_cache: dict[tuple[int, bool, int], dict[str, list[_Candidate]]] = {}
        self._acting_cache: dict[
            tuple[int, bool, int], list[tuple[Rule, tuple[tuple[str, frozenset[Value]], ...], bool]]
        ] = {}
        self._apply_cache: dict[tuple[str, int, int], int] = {}

    def intern(self, local: Local) -> int:
        """The number of a node's local tuple, as joint states hold it (a new one if it is
        new)."""
        found = self._ids.get(local)
        if found is not None:
            return found
        number = len(self.locals)
        self.locals.append(local)
        self._ids[local] = number
        self.info.append(self.semantics.info(local))
        return number

    def local(self, node: int) -> Local:
        return self.locals[node]

    def view(self, node: int) -> NodeView:
        """The node as it is seen: no state or reason while it is down."""
        found = self._views.get(node)
        if found is None:
            found = self._views[node] = self.semantics.view(self.locals[node])
        return found

    def visible_state(self, node: int) -> str:
        return self.semantics.shown_state(self.locals[node], self.info[node].up)

    def peer_variables(self, peer: int, hears: bool) -> dict[str, Value]:
        """The ``peer.*`` guard variables, as the peer is seen by a node that ``hears`` it or
        not."""
        found = self._peer_cache.get((peer, hears))
        if found is None:
            found = self._peer_cache[peer, hears] = self.semantics.peer_variables(
                self.locals[peer], self.info[peer], hears)
        return found

    def candidates(self, me: int, ha: bool, index: int) -> dict[str, list[_Candidate]]:
        """Per event, the rules of node ``index`` whose source and own-variable atoms hold,
        each with the atoms left to check against the peer."""
        key = (me, ha, index)
        found = self._candidate_cache.get(key)
        if found is not None:
            return found
        variables = self.semantics.own_variables(
            self.locals[me], self.info[me], ha, index, self.config
        )
        source = self.visible_state(me)
        found = {}
        for rule in self.spec.rules:
            if source not in rule.sources:
                continue
            own = [(n, a) for n, a in rule.guard.atoms if not n.startswith("peer.")]
            if all(variables[n] in allowed for n, allowed in own):
                peer_atoms = tuple((n, a) for n, a in rule.guard.atoms if n.startswith("peer."))
                found.setdefault(rule.event, []).append((rule, peer_atoms))
        self._candidate_cache[key] = found
        return found

    def acting(self, me: int, ha: bool, index: int) -> list[tuple[Rule, tuple[
        tuple[str, frozenset[Value]], ...], bool]]:
        """The candidates of the node events an actor fires (not messages, not pair events),
        in event order, each marked whether it is a fault."""
        key = (me, ha, index)
        found = self._acting_cache.get(key)
        if found is None:
            candidates = self.candidates(me, ha, index)
            found = self._acting_cache[key] = [
                (rule, atoms, self.semantics.is_fault(event))
                for event in self.semantics.acting_events
                for rule, atoms in candidates.get(event, ())
            ]
        return found

    def enabled_rules(self, event: str, me: int, peer: int, ha: bool, index: int) -> list[Rule]:
        """The rules of ``event`` that node ``index`` may fire (source and guard hold)."""
        peer_variables = self.peer_variables(peer, self.info[me].hears)
        return [
            rule
            for rule, atoms in self.candidates(me, ha, index).get(event, ())
            if all(peer_variables[n] in allowed for n, allowed in atoms)
        ]

    def apply(self, rule: Rule, me: int, peer: int) -> int:
        """Node ``me`` after ``rule`` (the peer is read for ``reason: from peer``)."""
        key = (rule.id, me, peer if rule.reason_from_peer else -1)
        found = self._apply_cache.get(key)
        if found is not None:
            return found
        found = self._apply_cache[key] = self.intern(
            self.semantics.apply(rule, self.locals[me], self.locals[peer]))
        return found


class Pair:
    """The product automaton of one spec under one configuration."""

    def __init__(self, spec: Spec, config: Config, fault_budget: int = 1) -> None:
        self.spec = spec
        # Options that are not explored keep their default, so that a guard may read them.
        self.config = option_values(spec, config)
        self.config_items = config
        self.fault_budget = fault_budget
        self.nodes = Nodes(spec, self.config)
        self.semantics = self.nodes.semantics
        self.fact_names = self.semantics.fact_names
        # What the rest of prg asks of one node, answered by the nodes met so far.
        self.local = self.nodes.local
        self.node_id = self.nodes.intern
        self.view = self.nodes.view
        self.visible_state = self.nodes.visible_state
        self.enabled_rules = self.nodes.enabled_rules
        self._locals = self.nodes.locals
        self._local_info = self.nodes.info
        self._pair_event_cache: dict[tuple[int, bool], tuple[str, ...]] = {}
        self._reads: dict[tuple[int, bool, int], int] = {}
        self._read_sets: list[tuple[tuple[str, ...], bool, bool, bool]] = []
        self._read_set_ids: dict[tuple[tuple[str, ...], bool, bool, bool], int] = {}
        self._signature_of: dict[tuple[int, int, bool], int] = {}
        self._signature_ids: dict[tuple[object, ...], int] = {}
        self._acting_steps_cache: dict[tuple[int, bool, int, int], tuple[
            list[_ActingStep], list[tuple[int, int, bool, int]] | None]] = {}
        self._step_id_cache: dict[tuple[str, int | None, str, str | None], tuple[int, int]] = {}
        self._steps: dict[tuple[int, int, bool], list[tuple[int, int, int, bool, int]]] = {}
        self._move_sets: list[MoveSet] = [()]
        self._move_set_ids: dict[MoveSet, int] = {(): 0}
        self.labels: list[Label] = []
        self._label_ids: dict[Label, int] = {}
        self.user_steps: dict[tuple[Users, int], Users | None] = {}
        self.initial: Joint = self.initial_for(config)
        users = self.initial[3]
        self.max_users = users[0] + users[_BLOCK] + 1

    def untouched(self) -> bool:
        """Whether nothing is numbered yet but the initial node: a search's compiled tables
        (``prg.model.tables``) may then give this pair their numbering."""
        return (len(self.nodes.locals) == 1 and not self.labels and len(self._move_sets) == 1
                and not self._steps)

    def numbering(self) -> tuple[list[Local], list[Label], list[MoveSet]]:
        """The nodes' local tuples, the labels and the sets of user moves, each by number."""
        return self.nodes.locals, self.labels, self._move_sets

    def number_as(self, locals_: Sequence[Local], labels: Sequence[Label],
                  move_sets: Sequence[MoveSet]) -> None:
        """Number nodes, labels and sets of user moves as ``numbering`` gave them (of another
        pair of the same spec and configuration), on an ``untouched`` pair: what is worked
        out later keeps these numbers. ``ValueError`` unless they start with this pair's
        initial node."""
        if list(locals_[:1]) != self.nodes.locals:
            raise ValueError("the nodes do not start with the initial node")
        for local in locals_:
            self.nodes.intern(local)
        for label in labels:
            self._label_ids[label] = len(self.labels)
            self.labels.append(label)
        for moves in move_sets[1:]:
            self._moves_id(moves)

    def initial_for(self, config: Config) -> Joint:
        """The initial joint state under ``config``, with this pair's numbering of nodes."""
        values = {o.key: o.default for o in self.spec.options} | dict(config)
        users_option = next((o.key for o in self.spec.options if o.sets == "users"), None)
        mode = str(values[users_option]) if users_option else next(iter(self.spec.initial.users))
        first, second = self.spec.initial.users[mode]
        ha_option = next((o.key for o in self.spec.options if o.sets == "ha"), None)
        node = self.nodes.intern(self.semantics.initial())
        ha = bool(values[ha_option]) if ha_option else True
        return (node, node, ha, (first, first, 0, 0, second, second, 0, 0))

    def _peer_signature(self, me: int, ha: bool, index: int, peer: int) -> int:
        """An id of what node ``index``'s own events read of its peer, in its state ``me``:
        the ``peer.*`` variables its candidate rules' guards read, the peer's reason where a
        rule takes it, its faults where a fault may fire (the fault budget), and whether it
        receives messages where a rule sends one. Peers that agree on these let the same
        rules fire alike, so their steps are worked out once."""
        reads = self._reads.get((me, ha, index))
        if reads is None:
            reads = self._reads[me, ha, index] = self._peer_reads(me, ha, index)
        hears = self._local_info[me].hears
        found = self._signature_of.get((reads, peer, hears))
        if found is None:
            names, reason, faults, up = self._read_sets[reads]
            info = self._local_info[peer]
            variables = self.nodes.peer_variables(peer, hears)
            key = (reads, *(variables[n] for n in names),
                   self._locals[peer][1] if reason else None,
                   (info.faults, info.shared_fault) if faults else None,
                   self.semantics.receives(info) if up else None)
            found = self._signature_of[reads, peer, hears] = self._signature_ids.setdefault(
                key, len(self._signature_ids))
        return found

    def _peer_reads(self, me: int, ha: bool, index: int) -> int:
        """An id of what the candidate rules of node ``index`` in state ``me`` read of the
        peer (see ``_peer_signature``)."""
        acting = self.nodes.acting(me, ha, index)
        names = tuple(sorted({n for _, atoms, _ in acting for n, _ in atoms}))
        reads = (names,
                 any(rule.reason_from_peer for rule, _, _ in acting),
                 any(is_fault for _, _, is_fault in acting),
                 any(rule.send is not None for rule, _, _ in acting))
        found = self._read_set_ids.get(reads)
        if found is None:
            found = self._read_set_ids[reads] = len(self._read_sets)
            self._read_sets.append(reads)
        return found

    def _node_steps(self, me: int, peer: int, ha: bool, index: int,
                    result: list[tuple[int, int, int, bool, int]]) -> None:
        """Add to ``result`` each way node ``index`` can act on a node event: (label id, n1',
        n2', ha', id of the user moves). What does not depend on the peer's replies is kept
        per peer signature (``_peer_signature``); the first time, it is worked out in the same
        order as it is used, so labels and nodes are numbered as they are met."""
        key = (me, ha, index, self._peer_signature(me, ha, index, peer))
        known = self._acting_steps_cache.get(key)
        if known is None:
            acting: list[_ActingStep] = []
            self._add_node_steps(self._acting_from(me, peer, ha, index, acting),
                                 peer, index, result)
            plain = None
            if all(label >= 0 for _, _, _, label, _ in acting):
                plain = [(label, new_me, new_ha, moves)
                         for _, new_me, new_ha, label, moves in acting]
            self._acting_steps_cache[key] = (acting, plain)
            return
        acting, plain = known
        if plain is None:
            self._add_node_steps(acting, peer, index, result)
        elif index == 0:
            result += [(label, new_me, peer, new_ha, moves)
                       for label, new_me, new_ha, moves in plain]
        else:
            result += [(label, peer, new_me, new_ha, moves)
                       for label, new_me, new_ha, moves in plain]

    def _add_node_steps(self, acting: Iterable[_ActingStep], peer: int, index: int,
                        result: list[tuple[int, int, int, bool, int]]) -> None:
        """The steps of node events that node ``index`` fires, the peer replying to what they
        send, oriented as (node 1, node 2)."""
        for rule, new_me, new_ha, label, moves in acting:
            if label >= 0:
                steps = [(label, new_me, peer, new_ha, moves)]
            else:
                replies = self.enabled_rules(str(rule.send), peer, new_me, new_ha, 1 - index)
                steps = []
                if not replies:
                    label, moves = self._step_ids(rule.event, index, rule, None)
                    steps.append((label, new_me, peer, new_ha, moves))
                for reply in replies:
                    label, moves = self._step_ids(rule.event, index, rule, reply)
                    after = self.nodes.apply(reply, peer, new_me)
                    steps.append((label, new_me, after, new_ha, moves))
            if index == 0:
                result += steps
            else:
                result += [(label, new1, new2, new_ha, moves)
                           for label, new2, new1, new_ha, moves in steps]

    def _acting_from(self, me: int, peer: int, ha: bool, index: int,
                     known: list[_ActingStep]) -> Iterator[_ActingStep]:
        """The node events node ``index`` fires beside ``peer``, each also added to
        ``known``."""
        semantics = self.semantics
        budget_left = semantics.budget_left(
            semantics.pair_faults(self._local_info[me], self._local_info[peer]),
            self.fault_budget)
        peer_receives = semantics.receives(self._local_info[peer])
        peer_variables = self.nodes.peer_variables(peer, self._local_info[me].hears)
        for rule, atoms, is_fault in self.nodes.acting(me, ha, index):
            if is_fault and not budget_left:
                continue
            if atoms and not all(peer_variables[n] in allowed for n, allowed in atoms):
                continue
            new_me = self.nodes.apply(rule, me, peer)
            new_ha = ha if rule.high_availability is None else rule.high_availability
            if rule.send is None or not peer_receives:
                label, moves = self._step_ids(rule.event, index, rule, None)
            else:
                label = moves = -1
            step = (rule, new_me, new_ha, label, moves)
            known.append(step)
            yield step

    def _pair_events_of(self, n1: int, ha: bool) -> tuple[str, ...]:
        """The pair events that node 1, in state ``n1``, has a candidate rule for."""
        found = self._pair_event_cache.get((n1, ha))
        if found is None:
            candidates = self.nodes.candidates(n1, ha, 0)
            found = self._pair_event_cache[n1, ha] = tuple(
                event for event in self.semantics.pair_events if event in candidates)
        return found

    def _pair_steps(self, n1: int, n2: int, ha: bool, events: tuple[str, ...]) -> Iterator[
        tuple[str, Rule, Rule, int, int, bool]
    ]:
        """Each way the pair events ``events`` fire: one rule of each node at once."""
        budget_left = self.semantics.budget_left(
            self.semantics.pair_faults(self._local_info[n1], self._local_info[n2]),
            self.fault_budget)
        for event in events:
            if self.semantics.is_fault(event) and not budget_left:
                continue
            first = self.enabled_rules(event, n1, n2, ha, 0)
            second = self.enabled_rules(event, n2, n1, ha, 1) if first else []
            for rule1, rule2 in itertools.product(first, second):
                new_ha = ha
                for rule in (rule1, rule2):
                    if rule.high_availability is not None:
                        new_ha = rule.high_availability
                yield (event, rule1, rule2, self.nodes.apply(rule1, n1, n2),
                       self.nodes.apply(rule2, n2, n1), new_ha)

    def _moves_id(self, moves: MoveSet) -> int:
        found = self._move_set_ids.get(moves)
        if found is None:
            found = len(self._move_sets)
            self._move_sets.append(moves)
            self._move_set_ids[moves] = found
        return found

    def _step_ids(
        self, event: str, index: int | None, rule: Rule, other: Rule | None
    ) -> tuple[int, int]:
        """The label id and the user-moves id of a step: ``rule`` of node ``index`` (both
        nodes' rules, in node order, for a pair event) and the peer's reply if any."""
        key = (event, index, rule.id, other.id if other else None)
        found = self._step_id_cache.get(key)
        if found is not None:
            return found
        actor = 0 if index is None else index
        moves = tuple((m, actor) for m in rule.moves)
        rules: tuple[str, ...] = (rule.id,)
        if other is not None:
            moves += tuple((m, 1 - actor) for m in other.moves)
            rules += (other.id,)
        label = Label(event, None if index is None else index + 1, rules)
        label_id = self._label_ids.get(label)
        if label_id is None:
            label_id = self._label_ids[label] = len(self.labels)
            self.labels.append(label)
        found = self._step_id_cache[key] = (label_id, self._moves_id(moves))
        return found

    def step_effect(
        self, event: str, index: int | None, rule: Rule, other: Rule | None
    ) -> tuple[Label, int]:
        """The label of a step that fires ``rule`` of node ``index`` (None: a pair event, with
        node 2's rule as ``other``; else the peer's reply, if any) and the id of its user
        moves, for ``move_users``."""
        label, moves = self._step_ids(event, index, rule, other)
        return self.labels[label], moves

    def steps(self, n1: int, n2: int, ha: bool) -> list[tuple[int, int, int, bool, int]]:
        """Every step from nodes ``(n1, n2)`` regardless of users: (label id, n1', n2', ha',
        id of the user moves, 0 for none)."""
        key = (n1, n2, ha)
        found = self._steps.get(key)
        if found is not None:
            return found
        result: list[tuple[int, int, int, bool, int]] = []
        self._node_steps(n1, n2, ha, 0, result)
        self._node_steps(n2, n1, ha, 1, result)
        events = self._pair_events_of(n1, ha)
        if events:
            for event, rule1, rule2, new1, new2, new_ha in self._pair_steps(n1, n2, ha, events):
                label, moves = self._step_ids(event, None, rule1, rule2)
                result.append((label, new1, new2, new_ha, moves))
        self._steps[key] = result
        return result

    # -- users ------------------------------------------------------------------------------

    def move_users(self, users: Users, moves_id: int) -> Users | None:
        """Users after the moves, or None where a move needs users that are not there."""
        key = (users, moves_id)
        if key in self.user_steps:
            return self.user_steps[key]
        result: list[int] | None = list(users)
        for move, index in self._move_sets[moves_id]:
            if result is None:
                break
            result = _move(result, move, index, self.max_users)
        moved = tuple(result) if result is not None else None
        self.user_steps[key] = moved
        return moved

    # -- the automaton ----------------------------------------------------------------------

    def successors(self, joint: Joint) -> list[tuple[Label, Joint]]:
        """Every step from ``joint``: its label and the joint state after it."""
        n1, n2, ha, users = joint
        result = []
        for label, new1, new2, new_ha, moves_id in self.steps(n1, n2, ha):
            moved = self.move_users(users, moves_id) if moves_id else users
            if moved is not None:
                result.append((self.labels[label], (new1, new2, new_ha, moved)))
        return result

    def event_kind(self, event: str) -> str:
        return self.semantics.kinds[event]


def _move(users: list[int], move: Move, index: int, max_users: int) -> list[int] | None:
    homes = (index, 1 - index)

    def slot(home: str, category: str) -> int:
        return homes[0 if home == "self" else 1] * _BLOCK + _CATEGORY[category]

    if move.origin is None:
        count = move.count or 0
        if users[0] + users[_BLOCK] + count > max_users:
            return None
        users[homes[0] * _BLOCK] += count
    else:
        origin = slot(*move.origin)
        count = users[origin] if move.count is None else move.count
        if users[origin] < count:
            return None
        users[origin] -= count
    for destination in move.destinations:
        users[slot(*destination)] += count
    return users


def users_of(users: Users, home: int) -> dict[str, int]:
    """The users of home node ``home`` (1 or 2) per category, with how many are assigned."""
    block = users[(home - 1) * _BLOCK:home * _BLOCK]
    return {"assigned": block[0], **dict(zip(USER_CATEGORIES, block[1:], strict=True))}


def everyone_served(users: Users) -> bool:
    """No user of either node is logged out, waiting to log in again: every user is connected
    where it is served (``no_user_lost`` sees that a connected user is served)."""
    return all(users_of(users, home)["out"] == 0 for home in (1, 2))


def option_values(spec: Spec, config: Config | Mapping[str, Value]) -> dict[str, Value]:
    """Every option's value in a configuration: the explored ones as given, the others at
    their default."""
    return {o.key: o.default for o in spec.options} | dict(config)


def configured_out(rule: Rule, configs: Iterable[Mapping[str, Value]]) -> bool:
    """Whether no configuration of ``configs`` (every option's value) lets ``rule`` fire: its
    guard's ``config.*`` atoms hold in none (a rule of another configuration, or of a reading
    the run pins, is not a dead rule)."""
    wanted = [(name.removeprefix("config."), allowed) for name, allowed in rule.guard.atoms
              if name.startswith("config.")]
    return bool(wanted) and not any(all(values[key] in allowed for key, allowed in wanted)
                                    for values in configs)
