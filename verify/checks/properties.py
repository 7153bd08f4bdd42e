"""The properties of a pair, checked on its explored graph.

A property is a named function that returns a ``Violation`` (a message and, where one exists, a
shortest counterexample trace) or None. *Universal* properties are checked on the graph of each
configuration and must hold in every one; *existential* ones (something is reachable, a rule
fires) are checked on the graphs of all configurations together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal, TypeVar

import numpy as np
from prg.model.cluster import in_failover_state
from prg.model.explore import Graph, triples_of
from prg.model.graphs import (
    Array,
    Marks,
    Steps,
    distinct,
    leaving,
    reached_from,
    reaching,
    search,
    walk_back,
)
from prg.model.node import AUTOMATIC, FAIR, FAULT, NO_FAULTS
from prg.model.product import Pair, Users, configured_out, option_values, users_of
from prg.model.spec import Guard, Row, Rule, Spec
from prg.model.table import (
    condition_holds,
    condition_marks,
    documentation,
    extensions_excusing,
    goal_marks,
    row_acted_on_marks,
    row_matches,
    rows_shown,
    table_kinds,
)
from prg.model.traces import Trace, trace_of
from prg.model.triples import either_node_marks, node_marks
from prg.model.words import action_marks, action_words
from prg.verify.checks.causes import CauseOutcome, cause_outcomes, causes_lead_to_rows
from prg.verify.checks.claims import document_claims, document_claims_except
from prg.verify.checks.service import service_after_one_fault, service_after_one_fault_except
from prg.verify.checks.violation import Path, Violation

__all__ = ["PROPERTIES", "Path", "Property", "Summary", "Violation"]


Universal = Callable[[Graph], Violation | None]
_Answer = TypeVar("_Answer")
Existential = Callable[[Spec, Sequence["Summary"]], Violation | None]


def _first(graph: Graph, predicate: Callable[[int], bool]) -> int | None:
    """The first state in breadth-first order where ``predicate`` holds: one at the shortest
    distance from the initial state."""
    return next((i for i in range(len(graph.states)) if predicate(i)), None)


def visible(pair: Pair, node: int) -> str:
    view = pair.view(node)
    return f"{view.state} / {view.reason}" if view.up else "down"


# -- existential ---------------------------------------------------------------------------------


@dataclass
class Summary:
    """What the existential properties need of one configuration's graph, so that graphs need
    not be kept (or sent between processes): the states shown, the rules fired, the shortest
    witness of each Table 2 row (as a TRACE of the report)."""

    config: dict[str, object]
    fault_budget: int
    states_seen: set[str]
    rules_fired: set[str]
    witnesses: dict[int, Trace | None]
    causes: dict[tuple[int, int], CauseOutcome]
    #: Per extension (its place in the spec) that excuses a reachable pair, the trace to it.
    excused: dict[int, Trace]
    #: The first reachable pair two extensions or more excuse: which, the pair in words, and
    #: the trace to it.
    overlap: tuple[tuple[int, ...], str, Trace] | None


def summarize(graph: Graph) -> Summary:
    pair = graph.pair
    control = graph.controls()[0]
    triples = triples_of(graph)
    held = distinct(control)
    seen: set[str] = set()
    for node in distinct(np.concatenate([nodes[held] for nodes in triples.nodes])).tolist():
        view = pair.view(node)
        if view.up and view.state is not None:
            seen.add(view.state)
    fired: set[str] = set()
    for label in distinct(graph.steps().label).tolist():
        fired.update(graph.labels[label].rules)
    shown = _TableShown(graph)
    excused, overlap = _excused(graph, shown)
    return Summary(dict(graph.config), pair.fault_budget, seen, fired, _witnesses(graph, shown),
                   cause_outcomes(graph), excused, overlap)


class _TableShown:
    """The graph's states by what Table 2 can tell of their two nodes (``table_kinds``): the
    pairs of kinds some state holds, in the order of the first state that holds each (the
    nearest to the initial state), and that state."""

    def __init__(self, graph: Graph) -> None:
        self.kinds = table_kinds(graph.pair)
        control = graph.controls()[0]
        triples = triples_of(graph)
        by_triple = self.kinds.of_triples(triples)
        # The first state of each triple, then of each pair of kinds.
        states = len(control)
        first_of_triple = np.full(len(triples), states, np.int64)
        np.minimum.at(first_of_triple, control, np.arange(states, dtype=np.int64))
        held = np.flatnonzero(first_of_triple < states)
        first = np.full(self.kinds.kinds ** 2, states, np.int64)
        np.minimum.at(first, by_triple[held], first_of_triple[held])
        present = np.flatnonzero(first < states)
        order = np.argsort(first[present], kind="stable")
        #: The pairs of kinds some state holds, and the first state of each, in that order.
        self.pairs: Array = present[order]
        self.firsts: list[int] = first[self.pairs].tolist()

    def answers(self, question: str, answer: Callable[[int, int], _Answer]) -> list[_Answer]:
        """Per pair of kinds of ``pairs``, ``answer`` of two nodes of those kinds."""
        return self.kinds.answers(question, self.pairs, answer)


def _excused(graph: Graph, shown: _TableShown
             ) -> tuple[dict[int, Trace], tuple[tuple[int, ...], str, Trace] | None]:
    """Which extensions excuse a reachable pair, and the first pair two of them excuse."""
    pair = graph.pair
    excused: dict[int, Trace] = {}
    overlap: tuple[tuple[int, ...], str, Trace] | None = None
    excusing = shown.answers("extensions excusing",
                             lambda n1, n2: extensions_excusing(pair, n1, n2))
    for index, found in zip(shown.firsts, excusing, strict=True):
        fresh = [i for i in found if i not in excused]
        if fresh or (len(found) > 1 and overlap is None):
            trace = trace_of(graph, graph.path_to(index))
            for i in fresh:
                excused[i] = trace
            if len(found) > 1 and overlap is None:
                n1, n2, _, _ = graph.states[index]
                overlap = (found, f"node 1 {visible(pair, n1)}, node 2 {visible(pair, n2)}",
                           trace)
    return excused, overlap


def _witnesses(graph: Graph, shown: _TableShown) -> dict[int, Trace | None]:
    """Per Table 2 row, the trace to the first state (in breadth-first order: a shortest
    trace) that shows it as written."""
    pair = graph.pair
    rows = pair.spec.rows
    first: dict[int, int] = {}
    showing = shown.answers("rows shown", lambda n1, n2: rows_shown(pair, n1, n2))
    for index, found in zip(shown.firsts, showing, strict=True):
        for row in found:
            first.setdefault(row.id, index)
        if len(first) == len(rows):
            break
    return {
        row.id: trace_of(graph, graph.path_to(first[row.id])) if row.id in first else None
        for row in rows
    }


def states_reachable(spec: Spec, summaries: Sequence[Summary]) -> Violation | None:
    """Every node state of the spec is shown by some node in some reachable joint state."""
    seen = set().union(*(s.states_seen for s in summaries))
    missing = [s for s in spec.states if s.name not in seen]
    if not missing:
        return None
    names = ", ".join(s.name for s in missing)
    return Violation(f"never reached in any configuration: {names}",
                     lines=tuple(s.at.line for s in missing))


def rows_reachable(spec: Spec, summaries: Sequence[Summary]) -> Violation | None:
    """Every row of Table 2 is shown, as written (node 1 first), in some configuration."""
    missing = [row for row in spec.rows
               if all(s.witnesses.get(row.id) is None for s in summaries)]
    if not missing:
        return None
    return Violation(
        "Table 2 rows never reached in any configuration: "
        + ", ".join(str(row.id) for row in missing),
        lines=tuple(row.at.line for row in missing),
    )


def rows_caused(spec: Spec, summaries: Sequence[Summary]) -> Violation | None:
    """Each way the document gives a Table 2 row's cause leads to the row in some
    configuration: from Normal / Normal, its steps in order with the pair's own events between
    and after them; the row's timing agrees (its timer on the way, and the users served again
    by the pair's own events exactly where it says they log in again)."""
    budget = min((s.fault_budget for s in summaries), default=0)
    configs = [option_values(spec, s.config) for s in summaries]  # type: ignore[arg-type]
    return causes_lead_to_rows(spec, [s.causes for s in summaries], budget, configs)


def extensions_needed(spec: Spec, summaries: Sequence[Summary]) -> Violation | None:
    """Every extension excuses some reachable pair that no Table 2 row shows, in some
    configuration, and no reachable pair is excused by two extensions: each pair the document
    does not list has one reason in the spec."""
    overlap = next((s.overlap for s in summaries if s.overlap is not None), None)
    if overlap is not None:
        which, words, trace = overlap
        return Violation(
            f"the pair shows {words}, which extensions "
            f"{' and '.join(str(i + 1) for i in which)} both excuse: each pair needs one reason",
            lines=tuple(spec.extensions[i].at.line for i in which), trace=trace)
    used = set().union(*(s.excused for s in summaries))
    unused = [i for i in range(len(spec.extensions)) if i not in used]
    if not unused:
        return None
    budget = min((s.fault_budget for s in summaries), default=0)
    return Violation(
        f"extensions that excuse no reachable pair (fault budget {budget}): "
        + ", ".join(str(i + 1) for i in unused),
        lines=tuple(spec.extensions[i].at.line for i in unused))


def no_dead_rules(spec: Spec, summaries: Sequence[Summary]) -> Violation | None:
    """Every rule fires in some step of some configuration."""
    fired = set().union(*(s.rules_fired for s in summaries))
    budget = min(s.fault_budget for s in summaries)
    configs = [option_values(spec, s.config) for s in summaries]  # type: ignore[arg-type]
    dead = [r for r in spec.rules if r.id not in fired and r.needs_faults <= budget
            and not configured_out(r, configs)]
    if not dead:
        return None
    return Violation(
        f"rules that never fire (fault budget {budget}): {', '.join(r.id for r in dead)}",
        lines=tuple(r.at.line for r in dead),
    )


# -- universal -----------------------------------------------------------------------------------


def documented_pairs(graph: Graph) -> Violation | None:
    """Every reachable pair the admin page can show is a Table 2 row or a listed extension."""
    pair = graph.pair
    documented = table_kinds(pair).marks(
        "documented", triples_of(graph), lambda n1, n2: documentation(pair, n1, n2) is not None)
    undocumented = np.flatnonzero(~documented[graph.controls()[0]])
    if not undocumented.size:
        return None
    index = int(undocumented[0])
    n1, n2, _, _ = graph.states[index]
    return Violation(
        f"the pair shows node 1 {visible(pair, n1)}, node 2 {visible(pair, n2)}: "
        "neither a Table 2 row nor a listed extension",
        graph,
        graph.path_to(index),
    )


def no_user_lost(graph: Graph) -> Violation | None:
    """Users are conserved (every assigned user is at home, at the peer or logging in again),
    and no user is connected to a node that does not serve it."""
    pair = graph.pair
    first, second = triples_of(graph).nodes
    control, _ = graph.controls()
    users, user_tuples = graph.users()
    problems = [_conservation_problem(where) for where in user_tuples]
    # Per users tuple: a problem with their count, and per node whether some are at home and
    # at the peer; per triple, whether each node serves its own users and its peer's.
    counted = np.array([[bool(problem), *_connected(where)]
                        for problem, where in zip(problems, user_tuples, strict=True)],
                       np.bool_).reshape(-1, 5)[users]
    own = [_serving(pair, "serves_own", nodes)[control] for nodes in (first, second)]
    guests = [_serving(pair, "serves_guests", nodes)[control] for nodes in (first, second)]
    suspect = counted[:, 0] | (
        (counted[:, 1] & ~own[0]) | (counted[:, 2] & ~guests[1])
        | (counted[:, 3] & ~own[1]) | (counted[:, 4] & ~guests[0]))
    for index in np.flatnonzero(suspect).tolist():
        n1, n2, _, where = graph.states[index]
        problem = problems[int(users[index])]
        if problem is None:
            problem = service_problem(pair, (n1, n2), where)
        if problem:
            return Violation(problem, graph, graph.path_to(index))
    return None


def _connected(users: Users) -> tuple[bool, bool, bool, bool]:
    """Whether some users of node 1 are at home, and at the peer; the same of node 2's."""
    first, second = users_of(users, 1), users_of(users, 2)
    return (first["at_home"] > 0, first["at_peer"] > 0, second["at_home"] > 0,
            second["at_peer"] > 0)


def _conservation_problem(users: tuple[int, ...]) -> str | None:
    for home in (1, 2):
        counts = users_of(users, home)
        total = counts["at_home"] + counts["at_peer"] + counts["out"]
        if min(counts.values()) < 0:
            return f"users of node {home}: a negative count {counts}"
        if total != counts["assigned"]:
            kind = "lost" if total < counts["assigned"] else "duplicated"
            return (f"users of node {home} {kind}: {counts['assigned']} assigned, {total} "
                    f"accounted for")
    return None


def service_problem(pair: Pair, nodes: tuple[int, int], users: tuple[int, ...]) -> str | None:
    """Users connected to a node that does not serve them, in words (None: there are none)."""
    for home in (1, 2):
        counts = users_of(users, home)
        own = pair.view(nodes[home - 1])
        other = pair.view(nodes[2 - home])
        if counts["at_home"] and not own.serves_own:
            return (f"{counts['at_home']} user(s) of node {home} are connected to it while it "
                    f"shows {visible(pair, nodes[home - 1])} and does not serve them")
        if counts["at_peer"] and not other.serves_guests:
            return (f"{counts['at_peer']} user(s) of node {home} are connected to node "
                    f"{3 - home} while it shows {visible(pair, nodes[2 - home])} and does not "
                    "serve them")
    return None


def no_split_brain(graph: Graph) -> Violation | None:
    """The users of a node are never served by both nodes at once."""
    pair = graph.pair
    first, second = triples_of(graph).nodes
    # Per triple, whether node 1's users, or node 2's, are served by both nodes.
    split = (_serving(pair, "serves_own", first) & _serving(pair, "serves_guests", second),
             _serving(pair, "serves_own", second) & _serving(pair, "serves_guests", first))
    control, _ = graph.controls()
    found = np.flatnonzero((split[0] | split[1])[control])
    if not found.size:
        return None
    index = int(found[0])
    n1, n2, _, _ = graph.states[index]
    home, own, other = (1, n1, n2) if split[0][control[index]] else (2, n2, n1)
    return Violation(
        f"the users of node {home} are served by node {home} "
        f"({visible(pair, own)}) and by node {3 - home} ({visible(pair, other)})",
        graph,
        graph.path_to(index),
    )


def _serving(pair: Pair, whom: Literal["serves_own", "serves_guests"], nodes: Array) -> Marks:
    """Per node of ``nodes``, whether it serves its own users (``serves_own``) or its peer's
    (``serves_guests``), as its view says."""
    return node_marks(pair, whom, lambda node: bool(getattr(pair.view(node), whom)), nodes)


def adding_marks(graph: Graph) -> Marks:
    """Per label id, whether its step adds users (a move of new users)."""
    pair = graph.pair
    return np.fromiter(
        (any(m.origin is None for rule in label.rules for m in _rule(pair, rule).moves)
         for label in graph.labels), np.bool_, len(graph.labels))


def failing_over_marks(pair: Pair, nodes: Sequence[Array]) -> Marks:
    """Per triple (its node ids in ``nodes``, node 1's then node 2's), whether one of those
    nodes is in a failover state (Adding Users); each node asked once (``node_marks``)."""
    return either_node_marks(pair, "in a failover state",
                             lambda node: in_failover_state(pair.spec, pair.view(node)), nodes)


def no_users_added_during_failover(graph: Graph) -> Violation | None:
    """No user is added while either node is in a failover state (Adding Users)."""
    pair = graph.pair
    marks = adding_marks(graph)
    if not marks.any():
        return None
    steps = graph.steps()
    control, _ = graph.controls()
    in_failover = failing_over_marks(pair, triples_of(graph).nodes)
    found = np.flatnonzero(marks[steps.label] & in_failover[control[steps.source]])
    if not found.size:
        return None
    position = int(found[0])
    index, label = int(steps.source[position]), int(steps.label[position])
    n1, n2, _, _ = graph.states[index]
    path = graph.path_to(index) + [(graph.labels[label], int(steps.target[position]))]
    rule = _rule(pair, graph.labels[label].rules[0])
    return Violation(
        f"a user is added while the pair shows node 1 {visible(pair, n1)}, "
        f"node 2 {visible(pair, n2)}",
        graph,
        path,
        (rule.at.line,),
    )


def _rule(pair: Pair, rule_id: str) -> Rule:
    return next(r for r in pair.spec.rules if r.id == rule_id)


def _node(graph: Graph, state: int, index: int) -> int:
    """Node 1 (index 0) or node 2 (index 1) of a joint state."""
    joint = graph.states[state]
    return joint[0] if index == 0 else joint[1]


def _recovering(graph: Graph) -> Marks:
    steps = graph.steps()
    return reaching(steps, goal_marks(graph), graph.label_marks(NO_FAULTS)[steps.label])


def recoverable(graph: Graph) -> Violation | None:
    """From every reachable state, Normal / Normal with every user at home is reachable by
    administrator actions, repairs and the pair's own events, once faults stop."""
    stuck_states = np.flatnonzero(~_recovering(graph))
    if not stuck_states.size:
        return None
    return _stuck_at(graph, int(stuck_states[0]), "from {pair} no sequence of actions, repairs "
                     "and the pair's own events leads back to Normal / Normal with every user "
                     "at home")


def no_deadlock(graph: Graph) -> Violation | None:
    """Every reachable state has a step other than a fault that changes it."""
    steps = graph.steps()
    changes = (steps.target != steps.source) & ~graph.label_marks((FAULT,))[steps.label]
    moving = np.zeros(steps.states, np.bool_)
    moving[steps.source[changes]] = True
    stuck = np.flatnonzero(~moving)
    if not stuck.size:
        return None
    return _stuck_at(graph, int(stuck[0]), "nothing but a fault can happen at {pair}")


def _stuck_at(graph: Graph, state: int, words: str) -> Violation:
    """A violation at ``state``, the first (breadth-first) where the pair is stuck: ``words``
    with ``{pair}`` as both nodes show there, and the trace to it."""
    pair = graph.pair
    n1, n2, _, _ = graph.states[state]
    shown = f"node 1 {visible(pair, n1)}, node 2 {visible(pair, n2)}"
    return Violation(words.format(pair=shown), graph, graph.path_to(state))


def transient_states_left(graph: Graph) -> Violation | None:
    """Once faults stop, no fair run stays in a transient state forever: from every state
    where a node shows a transient state, the pair's own events and repairs can take it out.

    Under strong fairness a run stays forever only inside a closed set of states; a closed set
    in which a node is always transient is exactly a set of states from which no path of
    the pair's own events and repairs leaves the transient states."""
    pair = graph.pair
    transient = {s.name for s in pair.spec.states if s.klass == "transient"}

    def shows_transient(node: int) -> bool:
        view = pair.view(node)
        return view.up and view.state in transient

    control, _ = graph.controls()
    for node_index, nodes in enumerate(triples_of(graph).nodes):
        inside = node_marks(pair, "shows a transient state", shows_transient, nodes)[control]
        stuck = _first_trapped(graph, inside, FAIR)
        if stuck is not None:
            view = pair.view(_node(graph, stuck, node_index))
            return Violation(
                f"node {node_index + 1} can stay in {view.state} / {view.reason} forever: "
                "neither the pair's own events nor repairs lead out",
                graph,
                graph.path_to(stuck),
                (pair.spec.state(str(view.state)).at.line,),
            )
    return None


def _first_trapped(graph: Graph, inside: Marks, kinds: frozenset[str]) -> int | None:
    """The first state (breadth-first) of those marked ``inside`` from which no path of edges
    of ``kinds`` leads out of them."""
    steps = graph.steps()
    leaves = leaving(steps, inside, graph.label_marks(kinds)[steps.label])
    trapped = np.flatnonzero(inside & ~leaves)
    return int(trapped[0]) if trapped.size else None


def recommended_actions_recover(graph: Graph) -> Violation | None:
    """Each row's recommended actions, taken from every reachable state that shows the row
    (or a pair the row says its actions address too), lead to Normal / Normal with every user
    at home, the pair's own events running between the actions (a step with ``if:`` is taken
    only where its condition holds)."""
    return recommended_actions_recover_except(graph, frozenset())


def recommended_actions_recover_except(graph: Graph,
                                       rows: frozenset[int | str]) -> Violation | None:
    """``recommended_actions_recover`` for every row but ``rows``."""
    starts = _row_starts(graph)
    whole = _Part.of(graph, goal_marks(graph))
    for row in graph.pair.spec.rows:
        if row.id not in rows and row.actions is not None and starts[row.id].size:
            violation = _actions_from_row(graph, row, starts[row.id], whole, _taking(graph, row))
            if violation is not None:
                return violation
    return None


def _row_starts(graph: Graph) -> dict[int, Array]:
    """Per row with actions, the states it starts from (ids, in order): they show the row as
    written (or a pair its ``actions_also_from`` names), agree with Table 1 and meet the
    row's ``assumes:`` (all of which read the two nodes only, so they are asked of each
    triple of ``Graph.controls``)."""
    pair = graph.pair
    control, _ = graph.controls()
    first, second = triples_of(graph).nodes
    described = (node_marks(pair, "as Table 1 describes", partial(_as_described, pair), first)
                 & node_marks(pair, "as Table 1 describes", partial(_as_described, pair), second))
    acting = {row.id: described & row_acted_on_marks(pair, row, first, second)
              & condition_marks(pair, first, second, row.assumes)
              for row in pair.spec.rows if row.actions is not None}
    # The states some row starts from, found in one pass over the states; each row's among them.
    some_row = np.zeros(len(first), np.bool_)
    for marks in acting.values():
        some_row |= marks
    starting = np.flatnonzero(some_row[control])
    return {row_id: starting[marks[control[starting]]] for row_id, marks in acting.items()}


@dataclass(frozen=True)
class _Part:
    """States of a graph that searches stay among, numbered among themselves in their order,
    and the steps between them that the searches take; a set that none of those steps
    leaves. ``number``: per state of what the part was cut from (the graph, or a larger
    part), its number here, -1 where it is not here; per state here, ``goal``: ``is_goal``,
    ``control``: its triple of ``Graph.controls``."""

    steps: Steps
    number: Array
    goal: Marks
    control: Array

    @classmethod
    def of(cls, graph: Graph, goal: Marks) -> _Part:
        """The whole graph, every step."""
        steps = graph.steps()
        return cls(steps, np.arange(steps.states), goal, graph.controls()[0])

    def reached(self, starts: Array, labels: Marks) -> _Part:
        """The part of this one that the steps of ``labels`` (per label id) reach from
        ``starts`` (ids here), with those steps only."""
        kept = labels[self.steps.label]
        reachable = reached_from(self.steps, starts, kept)
        steps, number = self.steps.among(reachable, kept)
        return _Part(steps, number, self.goal[reachable], self.control[reachable])


def _actions_from_row(graph: Graph, row: Row, starts: Array, part: _Part,
                      taking: Marks) -> Violation | None:
    """Whether ``row``'s recommended actions, taken from each of ``starts`` (ids), lead to
    Normal / Normal: None, or why not from the first start where they do not. The searches
    read only the steps of the pair's own events and of the row's actions among what they
    reach from ``starts``, cut out of ``part`` (which holds it); ``taking``: ``_taking``."""
    actions = row.actions or ()
    inside = part.number[starts]
    own = part.reached(inside, graph.label_marks(AUTOMATIC) | taking.any(axis=0))
    own_starts = own.number[inside]
    home = _actions_lead_home(graph, row, own_starts, own, taking)
    failing_starts = np.flatnonzero(~home[own_starts])
    if not failing_starts.size:
        return None
    failing = int(starts[failing_starts[0]])
    path_steps, reached = _ActionRun(graph, row).furthest(failing)
    if reached < len(actions):
        mark = action_marks(actions)[reached]
        why = f"{action_words(mark)} ({actions[reached].text!r}) cannot be taken"
    else:
        why = "after the last action the pair does not come back to Normal / Normal"
    path = graph.path_to(failing) + path_steps[1:]
    return Violation(f"row {row.id}: {why}", graph, path, (row.at.line,))


def actions_from(graph: Graph, row: Row, start: int) -> Violation | None:
    """Whether ``row``'s recommended actions, taken from state ``start`` (an id) with the
    pair's own events between them, lead to Normal / Normal: None, or why not."""
    return _actions_from_row(graph, row, np.array([start], np.int64),
                             _Part.of(graph, goal_marks(graph)), _taking(graph, row))


def _taking(graph: Graph, row: Row) -> Marks:
    """Per recommended action of ``row`` and per label id, whether the label takes it."""
    actions = row.actions or ()
    taking = np.zeros((len(actions), len(graph.labels)), np.bool_)
    for index, action in enumerate(actions):
        taking[index] = [label.event == action.event and label.node == action.node
                         for label in graph.labels]
    return taking


def _actions_lead_home(graph: Graph, row: Row, starts: Array, part: _Part,
                       taking_labels: Marks) -> Marks:
    """Per state of ``part``, whether the row's actions taken from there (the pair's own
    events between them) can end Normal / Normal with every user at home: ``_ActionRun``
    read one action at a time. After k actions, the pair's own events keep k; action k+1 is
    taken where its condition holds, by a step of its event on its node, and skipped where
    it does not. ``part``: what the pair's own events and the actions reach from ``starts``
    (ids there), with those steps; ``taking_labels``: ``_taking``."""
    pair = graph.pair
    steps, goal, control = part.steps, part.goal, part.control
    first, second = triples_of(graph).nodes
    automatic = graph.label_marks(AUTOMATIC)[steps.label]
    actions = row.actions or ()

    def where_holds(condition: Guard, here: Marks) -> Marks:
        """Per state, whether ``condition`` holds: asked only of the states ``here``."""
        if not condition.atoms:
            return np.ones(steps.states, np.bool_)
        triples = control[here]
        marks = np.zeros(steps.states, np.bool_)
        marks[here] = condition_marks(pair, first[triples], second[triples], condition)
        return marks

    taking = list(taking_labels[:, steps.label])
    reached = [reached_from(steps, starts, automatic)]
    holds: list[Marks] = []
    for k, action in enumerate(actions):
        here = reached[k]
        holds.append(where_holds(action.condition, here))
        after = here & ~holds[k]
        after[steps.target[taking[k] & (here & holds[k])[steps.source]]] = True
        reached.append(reached_from(steps, after, automatic))
    good = reaching(steps, reached[-1] & goal,
                       automatic & reached[-1][steps.source])
    for k in reversed(range(len(actions))):
        here = reached[k]
        before = here & ~holds[k] & good
        before[steps.source[taking[k] & (here & holds[k])[steps.source] & good[steps.target]]] = True
        good = reaching(steps, before, automatic & here[steps.source])
    return good


def _as_described(pair: Pair, node: int) -> bool:
    """Whether the node's facts agree with what Table 1 says of the state it shows."""
    view = pair.view(node)
    if not view.up or view.state is None:
        return True
    implied = pair.spec.state(view.state).implies
    return all(view.facts[name] == value for name, value in implied)


class _ActionRun:
    """The product of the graph with the position in a row's actions: ``(state, k)`` after k
    actions. From there the pair's own events keep k; action k+1 is taken where its condition
    holds (and skipped where it does not). Success is Normal after the last action."""

    def __init__(self, graph: Graph, row: Row) -> None:
        self.graph = graph
        self.actions = row.actions or ()
        self.automatic = graph.label_ids(AUTOMATIC)
        # A run reads the steps of a few states: each state's list is made when read.
        self.edges = graph.step_lists()
        self._conditions: list[dict[tuple[int, int], bool]] = [{} for _ in self.actions]

    def _holds(self, state: int, k: int) -> bool:
        joint = self.graph.states[state]
        key = (joint[0], joint[1])
        cache = self._conditions[k]
        if key not in cache:
            cache[key] = condition_holds(self.graph.pair, joint, self.actions[k].condition)
        return cache[key]

    def _successors(self, state: int, k: int) -> list[tuple[tuple[int, int], int]]:
        graph = self.graph
        result = [((t, k), label) for t, label in self.edges[state] if label in self.automatic]
        if k < len(self.actions):
            step = self.actions[k]
            if self._holds(state, k):
                for target, label in self.edges[state]:
                    found = graph.labels[label]
                    if found.event == step.event and found.node == step.node:
                        result.append(((target, k + 1), label))
            else:
                result.append(((state, k + 1), -1))
        return result

    def _successors_of(self, node: tuple[int, int]) -> list[tuple[tuple[int, int], int]]:
        return self._successors(*node)

    def furthest(self, start: int) -> tuple[Path, int]:
        """A run from ``start`` that takes as many actions as any: its steps and that number
        (the first such run found, breadth-first). A skipped action (label -1) is no step."""
        parent = search([(start, 0)], self._successors_of)
        best = max(parent, key=lambda node: node[1])
        steps: Path = [(None if label is None else self.graph.labels[label], node[0])
                       for label, node in walk_back(parent, best)
                       if label is None or label >= 0]
        return steps, best[1]


@dataclass(frozen=True)
class Property:
    """A named property and how it is checked."""

    name: str
    check: Universal | Existential
    existential: bool
    #: What the property is made of, where a finding may name some: ``rows`` (Table 2's) or
    #: ``claims`` (the spec's); and the check of all of them but some.
    parts: str | None = None
    check_except: Callable[[Graph, frozenset[int | str]], Violation | None] | None = None

    @property
    def description(self) -> str:
        return " ".join((self.check.__doc__ or "").split("\n\n")[0].split())


PROPERTIES: tuple[Property, ...] = (
    Property("states_reachable", states_reachable, True),
    Property("rows_reachable", rows_reachable, True),
    Property("rows_caused", rows_caused, True),
    Property("documented_pairs", documented_pairs, False),
    Property("extensions_needed", extensions_needed, True),
    Property("no_user_lost", no_user_lost, False),
    Property("no_split_brain", no_split_brain, False),
    Property("no_users_added_during_failover", no_users_added_during_failover, False),
    Property("document_claims", document_claims, False, "claims", document_claims_except),
    Property("recoverable", recoverable, False),
    Property("service_after_one_fault", service_after_one_fault, False, "rows",
             service_after_one_fault_except),
    Property("recommended_actions_recover", recommended_actions_recover, False, "rows",
             recommended_actions_recover_except),
    Property("no_deadlock", no_deadlock, False),
    Property("transient_states_left", transient_states_left, False),
    Property("no_dead_rules", no_dead_rules, True),
)


def row_witness(graphs: Sequence[Graph], row: Row) -> tuple[Graph, Path] | None:
    """The shortest trace, over every configuration, to a state that shows ``row`` as
    written."""
    best: tuple[Graph, Path] | None = None
    for graph in graphs:
        def shows_row(i: int, g: Graph = graph) -> bool:
            return row_matches(g.pair, g.states[i][0], g.states[i][1], row)

        index = _first(graph, shows_row)
        if index is None:
            continue
        path = graph.path_to(index)
        if best is None or len(path) < len(best[1]):
            best = (graph, path)
    return best
