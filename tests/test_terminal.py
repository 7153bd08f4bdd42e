"""What an engineer reads on a terminal and in a CI log: the trace in the diagrams' words, the
step where a property breaks, lines within 100 columns, verdicts in colour and progress on
standard error."""

from __future__ import annotations

from dataclasses import replace

import pytest
from prg.diagrams.trace import state_classes, trace_diagram
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.spec import Spec
from prg.model.traces import HomeUsers, Shown, Trace, trace_of
from prg.verify.formats.columns import WIDTH
from prg.verify.formats.text import to_text
from prg.verify.formats.trace import breaks_at, breaks_here, trace_text
from prg.verify.report import verify
from prg.verify.results import Report

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


@pytest.fixture(scope="module")
def split_brain_report() -> Report:
    """A violating run: Failing Over serves its users, at fault budget 0."""
    return verify(broken(SPLIT_BRAIN), fault_budget=0, jobs=1, engine="graph")


def passing(report: Report) -> Report:
    """``report`` as a run where every property holds and every row is reached."""
    return replace(
        report,
        properties=tuple(replace(p, status="holds", message=None, counterexample=None,
                                 config={}) for p in report.properties),
        rows=tuple(replace(r, reachable=True, witness=r.witness or report.rows[0].witness)
                   for r in report.rows))


def test_a_counterexample_marks_the_step_where_its_property_breaks(
        split_brain_report: Report) -> None:
    verdict = next(p for p in split_brain_report.properties if p.name == "no_split_brain")
    assert verdict.counterexample is not None
    assert breaks_at(verdict) == len(verdict.counterexample) - 1 == 1
    assert breaks_at(replace(verdict, status="holds")) is None
    text = to_text(split_brain_report)
    section = text[text.index("VIOLATED no_split_brain"):]
    assert "     1. failover on node 1   <- no_split_brain breaks here\n" in section
    assert "     0. start\n" in section
    assert text.count(breaks_here("no_split_brain")) == 1


def test_trace_text_marks_the_step_it_is_given(split_brain_trace: Trace) -> None:
    text = trace_text(split_brain_trace, breaks_at=0, property_name="no_user_lost")
    assert text.splitlines()[0] == "     0. start   <- no_user_lost breaks here"
    assert "breaks here" not in trace_text(split_brain_trace)


def test_every_line_of_the_text_report_is_within_100_columns(
        split_brain_report: Report) -> None:
    settings = replace(split_brain_report.model, settings={
        "high_availability": True, "automatic_fallback": False,
        "user_assignment_mode": "Active-Standby", "xcp_authentication_monitoring": True})
    for report in (split_brain_report, passing(split_brain_report),
                   replace(split_brain_report, model=settings)):
        text = to_text(report, decisions=True)
        too_long = [line for line in text.splitlines() if len(line) > WIDTH]
        assert not too_long, too_long
    text = to_text(split_brain_report)
    assert "UNREACHABLE  node 1 Failed Over with Critical Services Not Running / Critical " in text
    assert "\n                   node 2 Running in Backup Mode / Critical Service Down\n" in text
    assert "\n    automatic_fallback=False" in text  # a configuration goes on under its row


def test_a_trace_with_long_states_stays_within_100_columns(split_brain_trace: Trace) -> None:
    long_side = Shown("Failed Over with Critical Services Not Running", "Critical Service Down",
                      (("critical", "down"), ("database", "down"), ("network", "cut")))
    users = HomeUsers(3, 1, 1, 1)
    step = replace(split_brain_trace[-1], node1=long_side, node2=long_side,
                   users=(users, users))
    text = trace_text([*split_brain_trace, step], notes=["", "", "the administrator acts"],
                      breaks_at=2, property_name="service_after_one_fault")
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert ("          node 1's users: 1 at home, 1 at the peer, 1 logging in again\n"
            "          node 2's users: 1 at home, 1 at the peer, 1 logging in again") in text
