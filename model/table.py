"""Table 2 against joint states: which row (or extension) a pair shows, whether the pair is
Normal, and the conditions of recommended actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from weakref import WeakKeyDictionary

import numpy as np

from .explore import Graph, triples_of
from .graphs import Array, Marks
from .names import NodeQuery
from .product import Joint, Pair, Users, users_of
from .spec import DOWN, Extension, Guard, Pattern, Row, RowSide, Spec, Value
from .triples import NodeKinds, node_kinds, node_marks


def side_matches(pair: Pair, node: int, side: RowSide) -> bool:
    """Whether one node (an interned local) shows what one side of a row says."""
    view = pair.view(node)
    if side.states is None:
        return down_by(pair, node, side.down_causes)
    return view.up and view.state in side.states and view.reason in (side.reasons or ())


def down_by(pair: Pair, node: int, causes: tuple[str, ...]) -> bool:
    """Whether the node is down and every fact it is down by is one of ``causes``: how a row
    or an extension names a node that is down."""
    view = pair.view(node)
    return not view.up and all(
        fact.name in causes for fact in pair.spec.facts if view.facts[fact.name] in fact.down_when)


def shown_by(pair: Pair, node: int) -> tuple[object, ...]:
    """What Table 2 can tell of a node, all that a side of a row or of an extension reads of
    it: its state and reason while it is up, else the facts it is down by."""
    view = pair.view(node)
    if view.up:
        return True, view.state, view.reason
    return False, *(f.name for f in pair.spec.facts if view.facts[f.name] in f.down_when)


def table_kinds(pair: Pair) -> NodeKinds:
    """The pair's nodes by what Table 2 can tell of them (``shown_by``): the rows and the
    extensions two nodes show are asked of each pair of kinds once."""
    return node_kinds(pair, "what Table 2 can tell", lambda node: shown_by(pair, node))


def row_matches(pair: Pair, n1: int, n2: int, row: Row) -> bool:
    """Whether node 1 and node 2 show the row (node 1 first): as the spec reads it, or as the
    document prints it where that differs (``Row.also_printed``)."""
    return any(side_matches(pair, n1, first) and side_matches(pair, n2, second)
               for first, second in row.shown_as)


def row_read(pair: Pair, n1: int, n2: int, row: Row) -> bool:
    """Whether node 1 and node 2 show the row as the spec reads it (node 1 first)."""
    return side_matches(pair, n1, row.node1) and side_matches(pair, n2, row.node2)


def query_shows(query: NodeQuery, side: RowSide) -> bool:
    """Whether a node as someone saw it (its state, and its reason where given; or down)
    shows one side of a row."""
    if query.state is None or side.states is None:
        return query.state is None and side.states is None
    return query.state in side.states and (
        query.reason is None or query.reason in (side.reasons or ()))


def printed_row(spec: Spec, first: NodeQuery, second: NodeQuery) -> tuple[Row, bool] | None:
    """The row the document prints as the two nodes someone saw, where the spec reads it
    otherwise, and whether it prints them the other way round (node 2 first); None where they
    show a row as the spec reads it, or no row as printed."""
    for one, other in ((first, second), (second, first)):
        if any(query_shows(one, row.node1) and query_shows(other, row.node2)
               for row in spec.rows):
            return None
    for row in spec.rows:
        if row.also_printed is not None:
            printed = row.also_printed
            for swapped, (one, other) in ((False, (first, second)), (True, (second, first))):
                if query_shows(one, printed.node1) and query_shows(other, printed.node2):
                    return row, swapped
    return None


class _RowIndex:
    """Which sides of Table 2 each node of a pair shows, as bit masks (bit i: the i-th pair of
    sides of ``Row.shown_as``, rows in table order): a pair has a few hundred nodes and many
    thousand joint states, so each node is matched once."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.entries = [(row, sides) for row in pair.spec.rows for sides in row.shown_as]
        self.sides: dict[int, tuple[int, int]] = {}
        self.rows: dict[int, list[Row]] = {0: []}
        #: Per row id, its place in Table 2.
        self.place = {row.id: place for place, row in enumerate(pair.spec.rows)}

    def side_masks(self, node: int) -> tuple[int, int]:
        """The entries whose node 1 side ``node`` shows, and those whose node 2 side it
        shows."""
        found = self.sides.get(node)
        if found is None:
            first = second = 0
            for bit, (_, (one, other)) in enumerate(self.entries):
                first |= side_matches(self.pair, node, one) << bit
                second |= side_matches(self.pair, node, other) << bit
            found = self.sides[node] = (first, second)
        return found

    def shown(self, n1: int, n2: int) -> list[Row]:
        mask = self.side_masks(n1)[0] & self.side_masks(n2)[1]
        found = self.rows.get(mask)
        if found is None:
            ids = {row.id for bit, (row, _) in enumerate(self.entries) if mask >> bit & 1}
            found = self.rows[mask] = [row for row in self.pair.spec.rows if row.id in ids]
        return found


_ROW_INDEXES: WeakKeyDictionary[Pair, _RowIndex] = WeakKeyDictionary()


def rows_shown(pair: Pair, n1: int, n2: int) -> list[Row]:
    """The rows node 1 and node 2 show, node 1 first (``row_matches``), in table order."""
    return _row_index(pair).shown(n1, n2)


def _row_index(pair: Pair) -> _RowIndex:
    index = _ROW_INDEXES.get(pair)
    if index is None:
        index = _ROW_INDEXES[pair] = _RowIndex(pair)
    return index


def rows_acted_on(pair: Pair, joint: Joint) -> list[Row]:
    """The rows whose recommended actions address what the nodes of ``joint`` show: the rows
    they show as written, and the rows whose ``actions_also_from`` names them, in table
    order (all of which read the two nodes only)."""
    n1, n2 = joint[0], joint[1]
    shown = rows_shown(pair, n1, n2)
    also = {row.id for row in pair.spec.rows if any(
        _pattern_matches(pair, n1, other.node1) and _pattern_matches(pair, n2, other.node2)
        and condition_holds(pair, joint, other.condition) for other in row.actions_also_from)}
    if not also:
        return shown
    ids = also | {row.id for row in shown}
    return [row for row in pair.spec.rows if row.id in ids]


def row_acted_on_marks(pair: Pair, row: Row, first: Array, second: Array) -> Marks:
    """``rows_acted_on`` of many pairs of nodes at once (node 1 ``first[i]``, node 2
    ``second[i]``): per pair, whether ``row`` is one of the rows acted on. Each side and
    pattern is matched once per node (``node_marks``)."""
    marks = np.zeros(len(first), np.bool_)
    for one, other in row.shown_as:
        marks |= _side_marks(pair, one, first) & _side_marks(pair, other, second)
    for also in row.actions_also_from:
        marks |= (_pattern_marks(pair, also.node1, first) & _pattern_marks(pair, also.node2, second)
                  & condition_marks(pair, first, second, also.condition))
    return marks


def _side_marks(pair: Pair, side: RowSide, nodes: Array) -> Marks:
    return node_marks(pair, ("side", side), lambda node: side_matches(pair, node, side), nodes)


def _pattern_marks(pair: Pair, pattern: Pattern, nodes: Array) -> Marks:
    return node_marks(pair, ("pattern", pattern),
                      lambda node: _pattern_matches(pair, node, pattern), nodes)


def _pattern_matches(pair: Pair, node: int, pattern: Pattern) -> bool:
    view = pair.view(node)
    if not view.up:
        return bool(pattern.down) and down_by(pair, node, pattern.down)
    return pattern.up and (pattern.states is None or view.state in pattern.states) and (
        pattern.reasons is None or view.reason in pattern.reasons
    )


def extension_matches(pair: Pair, n1: int, n2: int, extension: Extension) -> bool:
    return _pattern_matches(pair, n1, extension.node1) and _pattern_matches(
        pair, n2, extension.node2
    )


def extensions_excusing(pair: Pair, n1: int, n2: int) -> tuple[int, ...]:
    """The extensions (their places in the spec, from 0) that cover a pair no Table 2 row
    shows, in either orientation; none where a row shows it."""
    spec = pair.spec
    if rows_shown(pair, n1, n2) or rows_shown(pair, n2, n1):
        return ()
    return tuple(i for i, extension in enumerate(spec.extensions)
                 if extension_matches(pair, n1, n2, extension)
                 or extension_matches(pair, n2, n1, extension))


def documented_row(pair: Pair, n1: int, n2: int) -> tuple[Row, bool] | None:
    """The Table 2 row that shows the pair, node 1 first or else the other way round, and
    whether it is the other way round (Table 2's node 1 is the pair's node 2)."""
    straight, swapped = rows_shown(pair, n1, n2), rows_shown(pair, n2, n1)
    if not swapped:
        return (straight[0], False) if straight else None
    if not straight:
        return swapped[0], True
    place = _row_index(pair).place
    return ((straight[0], False) if place[straight[0].id] <= place[swapped[0].id]
            else (swapped[0], True))


def documentation(pair: Pair, n1: int, n2: int) -> Row | Extension | None:
    """The Table 2 row (either orientation) or the spec's extension that covers the pair."""
    documented = documented_row(pair, n1, n2)
    if documented is not None:
        return documented[0]
    for extension in pair.spec.extensions:
        if extension_matches(pair, n1, n2, extension) or extension_matches(
            pair, n2, n1, extension
        ):
            return extension
    return None


def node_normal(pair: Pair, node: int) -> bool:
    """The node shows the initial state and reason (Normal)."""
    initial, view = pair.spec.initial, pair.view(node)
    return view.up and view.state == initial.state and view.reason == initial.reason


def nodes_normal(pair: Pair, n1: int, n2: int) -> bool:
    """Both nodes show the initial state and reason (Normal / Normal)."""
    return node_normal(pair, n1) and node_normal(pair, n2)


def node_healthy_and_normal(pair: Pair, node: int) -> bool:
    """The node shows the initial state and reason (Normal) with every fact healthy."""
    view = pair.view(node)
    return node_normal(pair, node) and all(
        view.facts[f.name] == f.healthy for f in pair.spec.facts)


def nodes_healthy_and_normal(pair: Pair, n1: int, n2: int) -> bool:
    """Normal / Normal with every fact of both nodes healthy."""
    return node_healthy_and_normal(pair, n1) and node_healthy_and_normal(pair, n2)


def users_at_home(users: Users) -> bool:
    """Every user of each node is served at home."""
    return all(users_of(users, home)["assigned"] == users_of(users, home)["at_home"]
               for home in (1, 2))


def is_goal(pair: Pair, joint: Joint) -> bool:
    """Normal / Normal, every fact healthy, and every user served at home."""
    n1, n2, _, users = joint
    return nodes_healthy_and_normal(pair, n1, n2) and users_at_home(users)


def goal_marks(graph: Graph) -> Marks:
    """Per state of ``graph``, ``is_goal``: asked of each node and each users tuple once."""
    pair = graph.pair
    control, _ = graph.controls()
    users, user_tuples = graph.users()
    first, second = triples_of(graph).nodes
    healthy = partial(node_healthy_and_normal, pair)
    normal = (node_marks(pair, "healthy and normal", healthy, first)
              & node_marks(pair, "healthy and normal", healthy, second))
    home = np.fromiter(map(users_at_home, user_tuples), np.bool_, len(user_tuples))
    marks: Marks = normal[control] & home[users]
    return marks


#: What a recommended action's ``if:`` calls node 1 and node 2.
_CONDITION_NODES = ("node1", "node2")


def node_condition_variables(pair: Pair, node: int) -> dict[str, Value]:
    """What a recommended action's ``if:`` reads of one node (``node1.*`` or ``node2.*``,
    without the prefix)."""
    view = pair.view(node)
    variables: dict[str, Value] = {
        "state": view.state if view.up and view.state else DOWN,
        "reason": view.reason or "",
        "healthy": view.healthy,
    }
    variables.update(view.facts)
    return variables


def condition_variables(pair: Pair, joint: Joint) -> dict[str, Value]:
    """The variables a recommended action's ``if:`` reads."""
    n1, n2, _, _ = joint
    variables: dict[str, Value] = {"normal": nodes_normal(pair, n1, n2)}
    for name, node in zip(_CONDITION_NODES, (n1, n2), strict=True):
        for variable, value in node_condition_variables(pair, node).items():
            variables[f"{name}.{variable}"] = value
    return variables


def condition_holds(pair: Pair, joint: Joint, condition: Guard) -> bool:
    variables = condition_variables(pair, joint)
    return all(variables[name] in allowed for name, allowed in condition.atoms)


def condition_marks(pair: Pair, first: Array, second: Array, condition: Guard) -> Marks:
    """``condition_holds`` of many pairs of nodes at once (node 1 ``first[i]``, node 2
    ``second[i]``). Each variable but ``normal`` reads one node, and ``normal`` is both nodes
    Normal: each is asked once per node (``node_marks``)."""
    marks = np.ones(len(first), np.bool_)
    for name, allowed in condition.atoms:
        if name == "normal":
            normal = partial(node_normal, pair)
            both = node_marks(pair, name, normal, first) & node_marks(pair, name, normal, second)
            marks &= np.where(both, True in allowed, False in allowed)
        else:
            side, _, variable = name.partition(".")
            nodes = first if side == _CONDITION_NODES[0] else second
            marks &= node_marks(pair, ("condition", variable, allowed),
                                _variable_in(pair, variable, allowed), nodes)
    return marks


def _variable_in(pair: Pair, variable: str, allowed: frozenset[Value]) -> Callable[[int], bool]:
    def holds(node: int) -> bool:
        return node_condition_variables(pair, node)[variable] in allowed

    return holds
