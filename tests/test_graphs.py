"""The graph searches every check and tool calls (``prg.model.graphs``), on small graphs whose
answers can be read off by hand."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given
from hypothesis import strategies as st
from prg.model.explore import explore
from prg.model.graphs import (
    Steps,
    breadth_first,
    breadth_first_arrays,
    cheapest,
    cheapest_to,
    find,
    leaving,
    path_to,
    reached_from,
    reaching,
    search,
    tree_to,
    walk_back,
)
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.model.product import Pair, configurations, default_config

#: 0 -a-> 1 -b-> 2 -c-> 3, 0 -d-> 2, 3 -e-> 3; 4 -f-> 0 (4 is not reachable from 0).
EDGES = [[(1, 0), (2, 3)], [(2, 1)], [(3, 2)], [(3, 4)], [(0, 5)]]


def test_breadth_first_numbers_states_as_found_and_keeps_the_first_parent() -> None:
    order, parent = breadth_first(EDGES, [0])
    assert order == [0, 1, 2, 3]
    assert parent == {0: (0, -1), 1: (0, 0), 2: (0, 3), 3: (2, 2)}
    assert path_to(parent, 3) == [(None, 0), (3, 2), (2, 3)]


def test_breadth_first_takes_only_allowed_labels() -> None:
    order, _ = breadth_first(EDGES, [0], allowed={0, 1})
    assert order == [0, 1, 2]


def test_cheapest_to_adds_the_costs_of_the_steps_it_takes() -> None:
    # Label 3 (0 -> 2) costs 5, every other step 1; label 4 (a loop) is never taken. The
    # labels of EDGES are the positions of their steps.
    steps = Steps.of(EDGES)

    def cost(read: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return np.where(steps.label[read] == 3, 5, 1)

    distance, step = cheapest_to(steps, [3], cost)
    assert distance.tolist() == [3, 2, 1, 0, 4]
    assert step.tolist() == [0, 2, 3, -1, 5]
    # A step whose cost is below 0 is not taken: without label 1 only 0 -> 2 leads on from 0.
    distance, step = cheapest_to(steps, [3], lambda read: np.where(steps.label[read] == 1, -1, 1))
    assert distance.tolist() == [2, -1, 1, 0, 3] and step[0] == 1
    # Within what 1 reaches, 0 and 4 are not searched.
    within = np.array([False, True, True, True, False])
    assert cheapest_to(steps, [3], cost, within)[0].tolist() == [-1, 2, 1, 0, -1]


def test_cheapest_to_takes_the_step_to_the_state_settled_first() -> None:
    # 0 -> 2 and 0 -> 1 both lead to 3 in two steps: 1 is settled first (a lower id), so the
    # way from 0 goes through it though its step comes second; of 1's two steps to 3, the
    # first.
    steps = Steps.of([[(2, 0), (1, 1)], [(3, 2), (3, 3)], [(3, 4)], []])
    distance, step = cheapest_to(steps, [3], lambda read: np.ones(len(read), np.int64))
    assert distance.tolist() == [2, 1, 1, 0]
    assert step.tolist() == [1, 2, 4, -1]


def test_cheapest_from_several_starts_counts_from_each_start_s_own_cost() -> None:
    # 1 starts as cheap as 0, so 2 is reached through 1 without the costly label 3.
    best, parent = cheapest(EDGES, {0: (0, 0), 1: (0, 0)}, costly={3})
    assert best == {0: (0, 0), 1: (0, 0), 2: (0, 1), 3: (0, 2)}
    assert path_to(parent, 3) == [(None, 1), (1, 2), (2, 3)]
    # A start given a high cost is reached more cheaply from another: it is no start then.
    best, parent = cheapest(EDGES, {0: (0, 0), 2: (0, 5)}, costly=set())
    assert list(best.items()) == [(0, (0, 0)), (1, (0, 1)), (2, (0, 1)), (3, (0, 2))]
    assert path_to(parent, 3) == [(None, 0), (3, 2), (2, 3)]
    best, _ = cheapest(EDGES, {2: (1, 0)}, costly=set(), allowed={0, 1})
    assert best == {2: (1, 0)}


def test_cheapest_from_several_starts_breaks_a_tie_for_the_cheapest_start() -> None:
    # 2 is a start at (0, 1) and 0 reaches it at the same cost: the path from 0 is kept.
    best, parent = cheapest(EDGES, {0: (0, 0), 2: (0, 1)}, costly=set())
    assert best[3] == (0, 2)
    assert path_to(parent, 3) == [(None, 0), (3, 2), (2, 3)]


def test_tree_to_keeps_only_the_parents_the_paths_take() -> None:
    _, parent = breadth_first(EDGES, [0])
    kept = tree_to(parent, [3])
    assert kept == {3: (2, 2), 2: (0, 3), 0: (0, -1)}
    assert path_to(kept, 3) == path_to(parent, 3)


def successors(node: str) -> list[tuple[str, str]]:
    return [(node + letter, letter) for letter in "ab"] if len(node) < 3 else []


def test_search_and_find_on_a_graph_given_by_its_successors() -> None:
    parent = search([""], successors)
    assert list(parent)[:7] == ["", "a", "b", "aa", "ab", "ba", "bb"]
    assert walk_back(parent, "ab") == [(None, ""), ("a", "a"), ("b", "ab")]
    assert find("", successors, lambda n: n.endswith("bb")) == [
        (None, ""), ("b", "b"), ("b", "bb")]
    assert find("", successors, lambda n: n.endswith("bb"), depth=1) is None


def test_the_array_searches_reach_leave_and_number_states_breadth_first() -> None:
    steps = Steps.of(EDGES)
    assert steps.source.tolist() == [0, 0, 1, 2, 3, 4]
    assert steps.target.tolist() == [1, 2, 2, 3, 3, 0]
    order, reached_by = breadth_first_arrays(steps, np.array([0]))
    assert order.tolist() == [0, 1, 2, 3]
    assert reached_by.tolist() == [-1, 0, 1, 3, -1]  # the positions of a, d, c
    assert reached_from(steps, np.array([1])).tolist() == [False, True, True, True, False]
    assert reaching(steps, np.array([1])).tolist() == [True, True, False, False, True]
    every = np.ones(len(steps.target), np.bool_)
    # From 1 and 2 a path leads to 3, which never leaves: nothing leaves with every label...
    assert not leaving(steps, np.array([0, 1, 1, 1, 0], np.bool_), every).any()
    # ...but with 3 outside, 1 and 2 can leave.
    assert leaving(steps, np.array([0, 1, 1, 0, 0], np.bool_), every).tolist() == [
        False, True, True, False, False]
    # The steps but a's among 0, 2 and 3 (what 0 reaches without a), those states numbered
    # 0, 1 and 2.
    kept = np.array([False, True, True, True, True, True])
    part, number = steps.among(np.array([1, 0, 1, 1, 0], np.bool_), kept)
    assert number.tolist() == [0, -1, 1, 2, -1]
    assert part.first.tolist() == [0, 1, 2, 3]
    assert (part.source.tolist(), part.target.tolist(), part.label.tolist()) == (
        [0, 1, 2], [1, 2, 2], [3, 2, 4])
    assert reaching(part, np.array([2])).tolist() == [True, True, True]


graphs = st.integers(1, 12).flatmap(lambda size: st.lists(
    st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 3)), max_size=4),
    min_size=size, max_size=size))


@given(graphs, st.data())
def test_the_array_searches_agree_with_breadth_first_search_on_any_graph(
        edges: list[list[tuple[int, int]]], data: st.DataObject) -> None:
    size = len(edges)
    sources = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=3, unique=True))
    allowed = data.draw(st.sets(st.integers(0, 3)))
    steps = Steps.of(edges)
    kept = np.isin(steps.label, list(allowed))
    order, parent = breadth_first(edges, sources, allowed)
    found, reached_by = breadth_first_arrays(steps, np.array(sources), kept)
    assert found.tolist() == order
    assert {int(s): (int(steps.source[reached_by[s]]), int(steps.label[reached_by[s]]))
            for s in found[len(sources):]} == {
        s: step for s, step in parent.items() if s not in sources}
    backward: list[list[tuple[int, int]]] = [[] for _ in edges]
    for source, out in enumerate(edges):
        for target, label in out:
            backward[target].append((source, label))
    # The steps by target: each target's in their order.
    into, first_into = steps.into()
    assert [into[first_into[t]:first_into[t + 1]].tolist() for t in range(size)] == [
        np.flatnonzero(steps.target == t).tolist() for t in range(size)]
    reaching_sources = set(breadth_first(backward, sources, allowed)[0])
    assert reaching(steps, np.array(sources), kept).tolist() == [
        s in reaching_sources for s in range(size)]
    assert reached_from(steps, np.array(sources), kept).tolist() == [
        s in parent for s in range(size)]
    inside = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    # A path out stays inside up to its last step.
    from_inside = [out if inside[source] else [] for source, out in enumerate(edges)]
    assert leaving(steps, np.array(inside, np.bool_), kept).tolist() == [
        inside[s] and not all(inside[t] for t in breadth_first(from_inside, [s], allowed)[0])
        for s in range(size)]


def test_many_steps_by_target_keep_each_target_s_steps_in_their_order() -> None:
    # Enough steps that they are transposed rather than sorted (``Steps.into``).
    rng = np.random.default_rng(7)
    states, many = 5_000, 100_000
    counts = rng.multinomial(many, np.full(states, 1 / states))
    first = np.concatenate(([0], np.cumsum(counts)))
    steps = Steps(first, rng.integers(0, states, many), np.zeros(many, np.int64))
    into, first_into = steps.into()
    assert into.tolist() == np.argsort(steps.target, kind="stable").tolist()
    assert first_into.tolist() == np.searchsorted(
        np.sort(steps.target), np.arange(states + 1)).tolist()


@given(graphs, st.data())
def test_cheapest_to_finds_the_least_costs_on_any_graph(
        edges: list[list[tuple[int, int]]], data: st.DataObject) -> None:
    size = len(edges)
    goals = data.draw(st.lists(st.integers(0, size - 1), max_size=3, unique=True))
    # Per label a cost, below 0 for a label not taken.
    costs = np.array(data.draw(st.lists(st.integers(-1, 9), min_size=4, max_size=4)))
    costs[costs == 0] = -1
    steps = Steps.of(edges)
    distance, step = cheapest_to(steps, goals, lambda read: costs[steps.label[read]])
    # Bellman-Ford: the least costs, relaxed until they hold still.
    least: list[float] = [0 if s in goals else float("inf") for s in range(size)]
    for _ in range(size):
        for source, out in enumerate(edges):
            for target, label in out:
                if costs[label] > 0 and target != source:
                    least[source] = min(least[source], least[target] + costs[label])
    assert distance.tolist() == [-1 if d == float("inf") else d for d in least]
    for state in range(size):
        if state in goals or distance[state] < 0:
            assert step[state] == -1
        else:
            first = int(step[state])
            assert steps.source[first] == state
            assert distance[state] == distance[steps.target[first]] + costs[steps.label[first]]


def test_a_searched_graph_and_the_graphs_cut_out_of_it_hold_their_steps_as_arrays() -> None:
    spec = load_spec(DEFAULT_SPEC)
    pair = Pair(spec, default_config(spec), fault_budget=0)
    union = explore(pair, [pair.initial, pair.initial_for(configurations(spec)[-1])])
    for graph in (union, union.first_part(union.config), union.rooted(union.roots[-1], ()),
                  union.without_events(["failover"])):
        steps, listed = graph.steps(), Steps.of(graph.edges)
        for part in ("first", "source", "target", "label"):
            assert getattr(steps, part).tolist() == getattr(listed, part).tolist()
        control, controls = graph.controls()
        users, user_tuples = graph.users()
        assert [(*controls[c], user_tuples[u]) for c, u in zip(control, users, strict=True)
                ] == graph.states
        # The steps among the states some steps reach, numbered among themselves.
        kept = np.arange(len(steps.target)) % 3 != 0
        among, _ = steps.among(reached_from(steps, np.array([1]), kept), kept)
        assert among.source.tolist() == np.repeat(np.arange(among.states),
                                                  np.diff(among.first)).tolist()
