"""Each row's cause leads to its row, as the document gives it (a row's ``caused_by``), and
the timing section agrees with the model.

A row counts as reachable when any route reaches it; a fault that no longer leads to its row,
or leads there with the wrong reason, would go unnoticed while another route reaches the row.
Here each cause is followed on its own: from the initial state, its steps in order with only
the pair's own events (timers, completions, messages, clients) between and after them. The
timing entries of the row (``timing.failures``) say more of that route: the timer that detects
the failure is on it, and the users are served again by the pair's own events (``re-login``)
or only once the administrator acts (``administrator``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from prg.model.explore import Graph
from prg.model.graphs import Edges, search, walk_back
from prg.model.node import AUTOMATIC
from prg.model.product import configured_out, everyone_served, users_of
from prg.model.spec import CauseStep, FailureTiming, Row, Spec, Value, cause_fault
from prg.model.table import row_matches
from prg.model.traces import Trace, trace_of
from prg.model.words import step_words
from prg.verify.checks.violation import Path, Violation

Cause = tuple[CauseStep, ...]
#: A state of the search: the joint state, how many of the cause's steps are taken, and
#: whether the timer of the row's timing has fired since the last of them.
_Node = tuple[int, int, bool]


@dataclass(frozen=True)
class CauseOutcome:
    """One of a row's causes in one configuration. ``trace``: the shortest route, the cause's
    steps then the pair's own events, to the row (None: there is none); ``timed``: one such
    route passes the timer of the row's timing after the cause (True where the timing names
    none); ``served_again``: the shortest trace on from the row, by the pair's own events, to
    every user served (None: there is none); ``users``: the configuration has users to serve."""

    trace: Trace | None
    timed: bool
    served_again: Trace | None
    users: bool


def timings_of(spec: Spec, row: Row, cause: Cause) -> list[FailureTiming]:
    """The timing entries about ``row`` that apply to ``cause``: those that name the cause's
    last fault, and those that name no fault."""
    if spec.timing is None:
        return []
    kinds = {event.name: event.kind for event in spec.events}
    fault = cause_fault(cause, kinds)
    return [entry for entry in spec.timing.failures
            if row.id in entry.rows and entry.fault in (None, fault)]


def cause_words(cause: Cause) -> str:
    """``failover on node 1, then restart SRM on node 2``."""
    return ", then ".join(step_words(step.event, step.node) for step in cause)


def cause_outcomes(graph: Graph) -> dict[tuple[int, int], CauseOutcome]:
    """Per (row id, index of the cause), what the cause leads to in this configuration."""
    found: dict[tuple[int, int], CauseOutcome] = {}
    own = graph.label_ids(AUTOMATIC)
    # The searches read the states the causes' steps and the pair's own events reach: a few
    # of the graph's.
    edges = graph.step_lists()
    for row in graph.pair.spec.rows:
        for index, cause in enumerate(row.causes):
            timers = {entry.timer for entry in timings_of(graph.pair.spec, row, cause)
                      if entry.timer is not None}
            found[(row.id, index)] = _follow(graph, edges, row, cause, timers, own)
    return found


def _follow(graph: Graph, edges: Edges, row: Row, cause: Cause, timers: set[str],
            own: frozenset[int]) -> CauseOutcome:
    labels = graph.labels
    last = len(cause)

    def successors(node: _Node) -> Iterator[tuple[_Node, int]]:
        state, taken, timed = node
        for target, label in edges[state]:
            step = labels[label]
            if label in own:
                yield (target, taken, timed or (taken == last and step.event in timers)), label
            elif taken < last and step.event == cause[taken].event and \
                    step.node == cause[taken].node:
                yield (target, taken + 1, timed), label

    parent = search([(0, 0, not timers)], successors)
    pair = graph.pair
    shown: dict[tuple[int, int], bool] = {}

    def shows_row(state: int) -> bool:
        joint = graph.states[state]
        key = (joint[0], joint[1])
        if key not in shown:
            shown[key] = row_matches(pair, joint[0], joint[1], row)
        return shown[key]

    reached = [node for node in parent if node[1] == last and shows_row(node[0])]
    if not reached:
        return CauseOutcome(None, False, None, _has_users(graph))
    timed = [node for node in reached if node[2]]
    ends = timed or reached
    return CauseOutcome(trace_of(graph, _route(graph, parent, ends[0])), bool(timed),
                        _served_again(graph, edges, parent, ends, own), _has_users(graph))


def _served_again(graph: Graph, edges: Edges,
                  parent: Mapping[_Node, tuple[_Node, int] | None],
                  ends: Sequence[_Node], own: frozenset[int]) -> Trace | None:
    """The shortest trace from the initial state through one of ``ends`` (the row, reached by
    the cause) and on by the pair's own events to a state where every user is served."""
    on = search([end[0] for end in ends],
                lambda state: ((t, l) for t, l in edges[state] if l in own))
    served = next((state for state in on if everyone_served(graph.states[state][3])), None)
    if served is None:
        return None
    tail = walk_back(on, served)
    start = next(end for end in ends if end[0] == tail[0][1])
    path = _route(graph, parent, start)
    path += [(graph.labels[label], state) for label, state in tail[1:] if label is not None]
    return trace_of(graph, path)


def _route(graph: Graph, parent: Mapping[_Node, tuple[_Node, int] | None],
           end: _Node) -> Path:
    """The steps of the search from the initial state to ``end``, as joint states."""
    return [(None if label is None else graph.labels[label], node[0])
            for label, node in walk_back(parent, end)]


def _has_users(graph: Graph) -> bool:
    users = graph.states[0][3]
    return any(users_of(users, home)["assigned"] for home in (1, 2))


def causes_lead_to_rows(spec: Spec,
                        outcomes: Sequence[Mapping[tuple[int, int], CauseOutcome]],
                        fault_budget: int,
                        configs: Sequence[Mapping[str, Value]] | None = None) -> Violation | None:
    """The property ``rows_caused`` over what each configuration's causes led to; a cause
    with a step no rule of any of ``configs`` (every option's value; None: any) takes is
    left out (a reading the run pins)."""
    kinds = {event.name: event.kind for event in spec.events}
    for row in spec.rows:
        for index, cause in enumerate(row.causes):
            if configs is not None and any(_configured_out(spec, step.event, configs)
                                           for step in cause):
                continue
            found = [o[(row.id, index)] for o in outcomes if (row.id, index) in o]
            problem = _cause_problem(spec, row, cause, found, fault_budget, kinds)
            if problem is not None:
                message, trace = problem
                return Violation(f"row {row.id}: {cause_words(cause)}: {message}",
                                 lines=(row.at.line,), trace=trace)
    return None


def _configured_out(spec: Spec, event: str, configs: Sequence[Mapping[str, Value]]) -> bool:
    """Some rule takes ``event``, and none in any of ``configs``."""
    rules = [rule for rule in spec.rules if rule.event == event]
    return bool(rules) and all(configured_out(rule, configs) for rule in rules)


def _cause_problem(spec: Spec, row: Row, cause: Cause, found: Sequence[CauseOutcome],
                   fault_budget: int, kinds: Mapping[str, str]
                   ) -> tuple[str, Trace | None] | None:
    reaching = [o for o in found if o.trace is not None]
    if not reaching:
        faults = sum(kinds[step.event] == "fault" for step in cause)
        beyond = (f" (it holds {faults} faults at once, beyond the fault budget {fault_budget})"
                  if faults > fault_budget else "")
        return f"then the pair's own events lead to the row in no configuration{beyond}", None
    timings = timings_of(spec, row, cause)
    timers = sorted({t.timer for t in timings if t.timer is not None})
    timed = [o for o in reaching if o.timed]
    if timers and not timed:
        why = (f"the row is reached, but never through the timer {', '.join(timers)} that "
               "the timing section says detects it")
        return why, reaching[0].trace
    with_users = [o for o in (timed or reaching) if o.users]
    served = [o for o in with_users if o.served_again is not None]
    for timing in timings:
        if timing.served_again == "re-login" and with_users and not served:
            why = ("the timing section says the users log in again, but the pair's own "
                   "events never serve them all again from the row")
            return why, with_users[0].trace
        if timing.served_again == "administrator" and served:
            why = ("the timing section says the users wait for the administrator, but the "
                   "pair's own events serve them all again")
            return why, served[0].served_again
    return None
