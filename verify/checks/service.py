"""Service after one fault: after any single fault, while a healthy node remains, the pair's own
events serve every user again, without the administrator.

Under fairness a run keeps the users unserved for ever exactly when the pair's own events can
take it to a state from which they serve no longer everyone; so the property asks, of every
state a fault leads to, that every state the pair's own events reach from it can still come to
one where every user is served (``everyone_served``) by those events alone. A fault counts
where it is the only one outstanding, where the users were to be served again before it (an
outage the administrator began is not the fault's), and where a node is up and healthy after
it.
"""

from __future__ import annotations

import numpy as np
from prg.model.explore import Graph, triples_of
from prg.model.graphs import breadth_first_arrays, reaching
from prg.model.node import AUTOMATIC, FAULT
from prg.model.product import everyone_served, users_of
from prg.model.table import rows_shown, table_kinds
from prg.model.triples import node_kinds
from prg.model.words import step_words
from prg.verify.checks.violation import Path, Violation


def service_after_one_fault(graph: Graph) -> Violation | None:
    """After any single fault, while a healthy node remains, the pair's own events serve every
    user again without the administrator, however they run: from every state they lead to
    after the fault, they can still serve everyone."""
    return service_after_one_fault_except(graph, frozenset())


def service_after_one_fault_except(graph: Graph,
                                   rows: frozenset[int | str]) -> Violation | None:
    """``service_after_one_fault``, where the pair's own events may also come to a Table 2
    row of ``rows`` (ids) instead: a state the document says the administrator acts in."""
    pair = graph.pair
    steps = graph.steps()
    own = graph.label_marks(AUTOMATIC)[steps.label]
    control = graph.controls()[0]
    users, user_tuples = graph.users()
    served = np.array([everyone_served(u) for u in user_tuples], np.bool_)
    servable = reaching(steps, served[users], own)
    triples = triples_of(graph)
    if rows:
        showing = table_kinds(pair).marks(
            ("shows a row of", rows), triples,
            lambda n1, n2: any(row.id in rows for row in rows_shown(pair, n1, n2)))
        stays = servable | reaching(steps, showing[control], own)
    else:
        stays = servable
    losing = reaching(steps, ~stays, own)
    info, semantics = pair.nodes.info, pair.semantics
    # Per triple of nodes: whether a fault is outstanding before, whether a node is up and
    # healthy after; both read only what each node implies.
    implied = node_kinds(pair, "what a node implies", info.__getitem__)
    faulty = implied.marks(
        "holds a fault", triples,
        lambda n1, n2: bool(semantics.pair_faults(info[n1], info[n2])))
    healthy = implied.marks(
        "a node up and healthy", triples,
        lambda n1, n2: any(info[node].up and info[node].healthy for node in (n1, n2)))
    faults = np.flatnonzero(graph.label_marks((FAULT,))[steps.label])
    before, after = steps.source[faults], steps.target[faults]
    found = faults[servable[before] & ~faulty[control[before]] & losing[after]
                   & healthy[control[after]]]
    if not found.size:
        return None
    position = int(found[0])
    source, label = int(steps.source[position]), int(steps.label[position])
    target = int(steps.target[position])
    order, reached_by = breadth_first_arrays(steps, np.array([target], np.int64), own)
    stuck = int(order[np.flatnonzero(~stays[order])[0]])
    tail: Path = []
    state = stuck
    while state != target:
        step = int(reached_by[state])
        tail.append((graph.labels[int(steps.label[step])], state))
        state = int(steps.source[step])
    path = graph.path_to(source) + [(graph.labels[label], target)] + tail[::-1]
    return Violation(_message(graph, label, stuck, stuck == target), graph, path)


def _message(graph: Graph, fault: int, stuck: int, at_once: bool) -> str:
    """Why the users wait: the fault, the state the pair's own events come to (``at_once``:
    the one the fault leads to) and whose users are logged out there."""
    pair = graph.pair
    n1, n2, _, users = graph.states[stuck]
    homes = [home for home in (1, 2) if users_of(users, home)["out"]]
    shown = []
    for index, node in enumerate((n1, n2), 1):
        view = pair.view(node)
        shown.append(f"node {index} {view.state} / {view.reason}" if view.up
                     else f"node {index} down")
    label = graph.labels[fault]
    waiting = (f"the users of {' and '.join(f'node {home}' for home in homes)}" if homes
               else "users")
    fault_words = step_words(label.event, label.node)
    if at_once:
        where = f"after {fault_words}: {', '.join(shown)}; from there the pair's own events"
    else:
        where = (f"after {fault_words}, the pair's own events come to {', '.join(shown)}; "
                 "from there they")
    return f"{where} never serve every user again: {waiting} wait for the administrator"
