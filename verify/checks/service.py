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

from prg.model.explore import Graph
from prg.model.graphs import breadth_first, path_to, reaching
from prg.model.node import AUTOMATIC, FAULT
from prg.model.product import everyone_served, users_of
from prg.model.table import rows_shown
from prg.model.words import step_words
from prg.verify.checks.violation import Violation


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
    own = graph.label_ids(AUTOMATIC)
    faults = graph.label_ids((FAULT,))
    reverse = graph.reverse(AUTOMATIC)
    servable = reaching(reverse, (i for i, joint in enumerate(graph.states)
                                  if everyone_served(joint[3])))
    if rows:
        showing = {key for key in graph.node_pairs()
                   if any(row.id in rows for row in rows_shown(pair, *key))}
        excused = reaching(reverse, (i for i, joint in enumerate(graph.states)
                                     if (joint[0], joint[1]) in showing))
        stays = bytearray(a | b for a, b in zip(servable, excused, strict=True))
    else:
        stays = servable
    losing = reaching(reverse, (i for i, can in enumerate(stays) if not can))
    info, semantics = pair.nodes.info, pair.semantics
    for source, edges in enumerate(graph.edges):
        if not servable[source]:
            continue
        n1, n2, _, _ = graph.states[source]
        if semantics.pair_faults(info[n1], info[n2]):
            continue
        for target, label in edges:
            if label not in faults or not losing[target]:
                continue
            after = graph.states[target]
            if not any(info[node].up and info[node].healthy for node in after[:2]):
                continue
            order, reached_by = breadth_first(graph.edges, [target], own)
            stuck = next(state for state in order if not stays[state])
            tail = [(graph.labels[step], state) for step, state in path_to(reached_by, stuck)
                    if step is not None]
            path = graph.path_to(source) + [(graph.labels[label], target)] + tail
            return Violation(_message(graph, label, stuck, stuck == target), graph, path)
    return None


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
