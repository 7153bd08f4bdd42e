"""The search on arrays (what ``explore`` runs) finds what the reference search, a state at a
time, finds: the same joint states in the same order, the same parents (so the same shortest
traces) and the same edges, on the bundled spec, on every seeded defect and on random small
specs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prg.model import arrays
from prg.model.arrays import search
from prg.model.cache import caching
from prg.model.errors import StateLimit
from prg.model.explore import Graph, Joints, explore_one_by_one, graph_of
from prg.model.load import load_spec, load_spec_text
from prg.model.product import Config, Joint, Pair, configuration_groups
from prg.model.spec import Spec
from prg.verify.manifest import SPECS, read_manifest

from .random_specs import small_specs


def both(spec: Spec, group: Sequence[Config], fault_budget: int) -> tuple[Graph, Graph]:
    """The explorer's graph of a group of configurations and the array search's, each with a
    pair of its own (a pair numbers its nodes and labels as it meets them), neither reading
    compiled tables."""
    explored = Pair(spec, group[0], fault_budget)
    searched = Pair(spec, group[0], fault_budget)
    with caching(False):
        graph = explore_one_by_one(explored, [explored.initial_for(c) for c in group])
        found = search(searched, [searched.initial_for(c) for c in group])
    assert len(found) == len(graph.states) and found.transitions == graph.transitions
    return graph, graph_of(found)


def assert_same(graph: Graph, found: Graph) -> None:
    assert found.states == graph.states
    assert found.parent == graph.parent
    assert found.edges == graph.edges
    assert found.labels == graph.labels
    assert (found.closed, found.roots) == (graph.closed, graph.roots)
    last = len(graph.states) - 1
    assert found.path_to(last) == graph.path_to(last)


def test_the_bundled_spec_without_faults_every_group(spec: Spec) -> None:
    for group in configuration_groups(spec):
        assert_same(*both(spec, group, 0))


@pytest.mark.slow
def test_the_bundled_spec_with_one_fault_the_default_group(spec: Spec) -> None:
    assert_same(*both(spec, configuration_groups(spec)[0], 1))


#: The seeded defects the loader accepts (the others never reach a search).
SEARCHED_MUTANTS = sorted(entry["spec"] for entry in read_manifest()
                          if "mutants/" in entry["spec"] and entry.get("caught_by") != "load")


@pytest.mark.parametrize("mutant", SEARCHED_MUTANTS)
def test_every_seeded_defect_without_faults(mutant: str) -> None:
    spec = load_spec(SPECS.parent / mutant)
    assert_same(*both(spec, configuration_groups(spec)[0], 0))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=small_specs(), choice=st.data(), fault_budget=st.integers(0, 2))
def test_random_small_specs(text: str, choice: st.DataObject, fault_budget: int) -> None:
    spec = load_spec_text(text, "random.yaml")
    group = choice.draw(st.sampled_from(configuration_groups(spec)), label="group")
    assert_same(*both(spec, group, fault_budget))


def test_a_search_past_its_limit_stops_as_the_explorer_does(spec: Spec) -> None:
    config = configuration_groups(spec)[0][0]
    with pytest.raises(StateLimit) as explorer:
        explore_one_by_one(Pair(spec, config, 0), limit=1000)
    with pytest.raises(StateLimit) as arrays:
        search(Pair(spec, config, 0), limit=1000)
    assert str(arrays.value) == str(explorer.value)
    assert "more than 1,000 joint states" in str(arrays.value)


def test_the_graph_keeps_compact_arrays(spec: Spec) -> None:
    found = search(Pair(spec, configuration_groups(spec)[0][0], 0))
    assert found.targets.itemsize == 4 and found.labels.itemsize == 2
    assert found.state_control.itemsize == 4 and found.parent.itemsize == 4
    assert found.offsets[-1] == found.transitions
    assert found.joint(0) == found.pair.initial


def test_small_parts_small_blocks_and_wide_labels_change_nothing(
        spec: Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    """A level read a few states at a time, edges kept in blocks of a few bytes, and label ids
    that outgrow 16 bits half way: the same graph, its labels then in 32 bits."""
    group = configuration_groups(spec)[0]
    reference = both(spec, group, 0)[0]
    monkeypatch.setattr(arrays, "_STATES_AT_ONCE", 7)
    monkeypatch.setattr(arrays, "_BLOCK_BYTES", 60)
    monkeypatch.setattr(arrays, "_LABELS_IN_16_BITS", 40)
    found = both(spec, group, 0)[1]
    assert_same(reference, found)
    assert isinstance(found.states, Joints)
    searched = search(Pair(spec, group[0], 0), [Pair(spec, group[0], 0).initial])
    assert searched.labels.itemsize == 4 and searched.parent_label.itemsize == 4


def test_arrays_joined_from_blocks_are_the_arrays_added_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrays, "_BLOCK_BYTES", 8)  # four 16-bit values a block
    joined = arrays._Joined(np.int16)
    assert len(joined.joined()) == 0
    added = [np.arange(start, start + size, dtype=np.int16)
             for start, size in ((0, 3), (3, 0), (3, 9), (12, 4))]
    for values in added[:2]:
        joined.add(values)
    joined.widen(np.int32)
    for values in added[2:]:
        joined.add(values)
    assert len(joined) == 16
    result = joined.joined()
    assert result.dtype == np.int32 and result.tolist() == list(range(16))
    assert not joined.blocks


def test_the_states_of_a_searched_graph_are_made_when_read(spec: Spec) -> None:
    graph, found = both(spec, configuration_groups(spec)[0], 0)
    states = found.states
    assert isinstance(states, Joints)
    # A state, and the states of a slice, read from the arrays before any list is made...
    assert states[5] == graph.states[5] and states[-1] == graph.states[-1]
    assert list(states[:10]) == graph.states[:10] and len(states[10:20]) == 10
    # ...as the list of them, made once they are iterated, and searched.
    assert list(states) == graph.states and list(reversed(states)) == graph.states[::-1]
    assert states.index(graph.states[7]) == 7 and graph.states[7] in states
    assert states == graph.states and states != graph.states[1:]


def test_the_search_reads_and_leaves_the_explorer_s_compiled_tables(
        spec: Spec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Either search leaves the tables the other reads: the array search works out no step
    where the reference search's tables are cached, and the reference search none where the
    array search's are, with the same graph."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    group = configuration_groups(spec)[0]

    def pair() -> Pair:
        return Pair(spec, group[0], 0)

    def roots(of: Pair) -> list[Joint]:
        return [of.initial_for(c) for c in group]

    reference = explore_one_by_one(first := pair(), roots(first))
    steps = Pair.steps
    monkeypatch.setattr(Pair, "steps", lambda *_: pytest.fail("a step worked out again"))
    warm = graph_of(search(second := pair(), roots(second)))
    assert_same(reference, warm)
    monkeypatch.setattr(Pair, "steps", steps)
    for stored in (tmp_path / "prg" / "tables").glob("*.tables"):
        stored.unlink()
    search(third := pair(), roots(third))
    monkeypatch.setattr(Pair, "steps", lambda *_: pytest.fail("a step worked out again"))
    assert_same(reference, explore_one_by_one(fourth := pair(), roots(fourth)))
