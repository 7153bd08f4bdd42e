"""Extensions name what they excuse: a node that is down is excused by the facts it is down by,
not by "down" alone; an extension that excuses nothing reachable, or a pair that two
extensions excuse, fails ``extensions_needed``."""

from __future__ import annotations

import pytest
from prg.model.explore import Graph, explore
from prg.model.product import Config, Pair, default_config
from prg.model.spec import Spec
from prg.model.table import extensions_excusing
from prg.verify.checks.properties import documented_pairs, extensions_needed, summarize

from .helpers import SPEC_TEXT, broken, error_of, graphs_of

DOWN_EXTENSION = "  - node1: {down: [power, network, srm]}\n    node2: any\n"
FAILED_MODE = ("  - node1: {state: Running in Failed Mode}\n"
               "    node2: {state: Running in Failed Mode}\n")


def _added(extension: str) -> Spec:
    return broken((FAILED_MODE, extension + FAILED_MODE))


def test_a_node_down_is_excused_by_the_facts_it_is_down_by(default_graph: Graph) -> None:
    pair = default_graph.pair
    found = {extensions_excusing(pair, n1, n2) for n1, n2 in default_graph.node_pairs()}
    assert (1,) in found  # node 1 down, node 2 up: the extension naming the causes
    assert all(len(excusing) <= 1 for excusing in found)


def test_a_node_down_by_a_fact_the_extension_does_not_name_is_not_excused() -> None:
    spec = broken((DOWN_EXTENSION, DOWN_EXTENSION.replace("power, network, srm", "power, srm")))
    violation = documented_pairs(explore(Pair(spec, default_config(spec), 1)))
    assert violation is not None
    assert violation.message == ("the pair shows node 1 down, node 2 Normal / Normal: neither "
                                 "a Table 2 row nor a listed extension")
    assert violation.path is not None
    assert [label.event for label, _ in violation.path[1:]] == ["network loss"]


def test_every_extension_of_the_bundled_spec_excuses_a_pair_once(spec: Spec) -> None:
    summaries = [summarize(graph) for graph in graphs_of(spec, 1, _one_of_each)]
    assert extensions_needed(spec, summaries) is None


def test_an_extension_that_excuses_nothing_fails(spec: Spec) -> None:
    mutant = _added("  - node1: {state: Unknown}\n    node2: {state: Taking Back}\n"
                    "    why: never\n    source: nowhere\n")
    summaries = [summarize(graph) for graph in graphs_of(mutant, 1, _one_of_each)]
    violation = extensions_needed(mutant, summaries)
    assert violation is not None
    assert violation.message == "extensions that excuse no reachable pair (fault budget 1): 6"
    assert violation.lines == (SPEC_TEXT.count("\n", 0, SPEC_TEXT.index(FAILED_MODE)) + 1,)


def test_a_pair_two_extensions_excuse_fails_with_its_trace() -> None:
    mutant = _added("  - node1: {state: Taking Back}\n    node2: any\n"
                    "    why: twice\n    source: nowhere\n")
    summaries = [summarize(graph) for graph in graphs_of(mutant, 0, _one_of_each)]
    violation = extensions_needed(mutant, summaries)
    assert violation is not None and violation.trace is not None
    assert violation.message == (
        "the pair shows node 1 Taking Back / On Admin Request, node 2 Initializing / "
        "Initialization, which extensions 1 and 6 both excuse: each pair needs one reason")
    assert violation.trace[-1].node2.state == "Initializing"


@pytest.mark.parametrize(("old", "new", "what"), [
    (DOWN_EXTENSION, "  - node1: down\n    node2: any\n",
     "extensions[1].node1: say why the node is down, as a row does: {down: [facts]}"),
    (DOWN_EXTENSION, "  - node1: {down: [power], state: Idle}\n    node2: any\n",
     "extensions[1].node1: a node that is down has no state or reason"),
    (DOWN_EXTENSION, "  - node1: {down: [disk]}\n    node2: any\n",
     "extensions[1].node1.down: unknown fact 'disk'"),
])
def test_a_bad_extension_is_refused_in_one_line(old: str, new: str, what: str) -> None:
    assert SPEC_TEXT.count(old) == 1
    assert what in error_of(SPEC_TEXT.replace(old, new))


def _one_of_each(config: Config) -> bool:
    """High availability on and off, automatic fallback on and off, users balanced."""
    return dict(config)["user_assignment_mode"] == "Balanced"
