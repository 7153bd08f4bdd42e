"""What an engineer reads on a terminal and in a CI log: the trace in the diagrams' words, the
step where a property breaks, lines within 100 columns, verdicts in colour and progress on
standard error."""

from __future__ import annotations

import pytest
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.spec import Spec
from prg.model.traces import Trace, trace_of
from prg.verify.formats.trace import trace_text

from .helpers import SPLIT_BRAIN, broken, own_violation


@pytest.fixture(scope="module")
def split_brain_trace() -> Trace:
    """no_split_brain's counterexample where Failing Over serves its users: one failover."""
    spec = broken(SPLIT_BRAIN)
    violation = own_violation("no_split_brain",
                              explore(Pair(spec, default_config(spec), fault_budget=0)))
    assert violation is not None and violation.graph is not None and violation.path is not None
    return trace_of(violation.graph, violation.path)


def test_the_trace_text_and_the_timeline_word_steps_and_users_alike(
        spec: Spec, split_brain_trace: Trace) -> None:
    text = trace_text(split_brain_trace)
    assert "node 1's users: 1 logging in again; node 2's users: 1 at home" in text
    assert "node1" not in text and " out" not in text
    assert " 0. start\n" in text and " 1. failover on node 1\n" in text
    timeline = trace_diagram(split_brain_trace, state_classes(spec), "split brain").mermaid
    assert "node 1's users: 1 logging in again<br/>node 2's users: 1 at home" in timeline
    assert "N1->>N1: failover on node 1" in timeline

