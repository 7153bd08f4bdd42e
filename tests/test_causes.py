"""Each row's cause leads to its row: every way the document gives a Table 2 row's cause, from
Normal / Normal with only the pair's own events between and after its steps, reaches the row,
and the timing section agrees with the route (its timer, who serves the users again)."""

from __future__ import annotations

import pytest
from prg.model.explore import Graph, explore
from prg.model.product import Pair
from prg.model.spec import Spec, Value
from prg.verify.checks.causes import CauseOutcome, cause_outcomes, cause_words, causes_lead_to_rows

from .helpers import SPEC_TEXT, broken, error_of

PEER_REBOOT = "    when: {ha: true, peer.state: down, peer.power: [off, booting]}\n"
PEER_DOWN = "    when: {ha: true, peer.state: down, peer.power: on}\n"
OWN_EVENT_REFUSED = ("event 'heartbeat timeout' is a timer, one of the pair's own events: a cause "
                     "is an administrator's action, a repair or a fault")
ROW_15_TIMING = ("      served_again: administrator\n"
                 "      source: Table 2, row 15 (both nodes enter the failed state)\n")


#: Where rows 10 and 24 and row 12's second cause are led to (other configurations), as far as
#: the test needs.
OTHERS = CauseOutcome((), True, (), False)
ELSEWHERE = {(10, 0): OTHERS, (12, 1): OTHERS, (24, 0): OTHERS}


def _graph(spec: Spec, fault_budget: int = 1, **config: Value) -> Graph:
    chosen = {"high_availability": True, "automatic_fallback": False,
              "user_assignment_mode": "Balanced"} | config
    return explore(Pair(spec, tuple(chosen.items()), fault_budget))


def _problem(spec: Spec, *graphs: Graph) -> str | None:
    """The property's message on ``graphs``, the causes of ``ELSEWHERE`` taken as led to
    elsewhere."""
    outcomes = [cause_outcomes(g) for g in graphs] + [ELSEWHERE]
    violation = causes_lead_to_rows(spec, outcomes, 1)
    return None if violation is None else violation.message


def test_every_cause_leads_to_its_row_in_the_default_configuration(
        spec: Spec, default_graph: Graph) -> None:
    lengths = {key: None if o.trace is None else len(o.trace) - 1
               for key, o in cause_outcomes(default_graph).items()}
    # Row 10 needs automatic fallback on, row 12's second cause the XCP Authentication Service
    # monitored, row 24 high availability off.
    assert [key for key, length in lengths.items() if length is None] == [
        (10, 0), (12, 1), (24, 0)]
    assert lengths[(12, 0)] == 3  # the fault, the Critical Service Delay, the takeover
    assert lengths[(16, 1)] == 3  # SRM stopped, the heartbeat timeout, the takeover
    assert len(lengths) == sum(len(row.causes) for row in spec.rows) == 30


def test_a_cause_is_worded_as_its_steps(spec: Spec) -> None:
    row = next(r for r in spec.rows if r.id == 9)
    assert cause_words(row.causes[0]) == ("failover on node 1, then fallback on node 1, then "
                                          "restart SRM on node 1")


def test_the_users_are_served_again_where_the_failover_is_automatic(
        default_graph: Graph) -> None:
    outcomes = cause_outcomes(default_graph)
    served = outcomes[(12, 0)].served_again
    assert served is not None and served[-1].users[0].out == 0
    assert outcomes[(15, 0)].served_again is None  # both nodes failed: the administrator


def test_the_bundled_spec_agrees_with_itself(spec: Spec, default_graph: Graph) -> None:
    others = [_graph(spec, automatic_fallback=True), _graph(spec, high_availability=False)]
    assert _problem(spec, default_graph, *others) is None


def test_a_cause_that_leads_to_the_wrong_reason_fails_while_the_row_is_still_reached(
        spec: Spec) -> None:
    # A rebooting peer read as Peer Down: row 17 is still reached by a power loss.
    mutant = broken((PEER_REBOOT, PEER_REBOOT.replace("[off, booting]", "off")),
                    (PEER_DOWN, PEER_DOWN.replace("peer.power: on", "peer.power: [on, booting]")))
    outcomes = cause_outcomes(_graph(mutant))
    assert outcomes[(17, 0)].trace is not None  # power loss
    assert outcomes[(17, 1)].trace is None  # reboot
    violation = causes_lead_to_rows(mutant, [outcomes, ELSEWHERE], 1)
    assert violation is not None
    assert violation.message == ("row 17: reboot on node 1: then the pair's own events lead to "
                                 "the row in no configuration")


def test_a_cause_beyond_the_fault_budget_says_so(spec: Spec) -> None:
    graph = _graph(spec, 0)
    violation = causes_lead_to_rows(spec, [cause_outcomes(graph)], 0)
    assert violation is not None
    assert violation.message == ("row 10: critical service down on node 1, then start critical "
                                 "services on node 1: then the pair's own events lead to the row "
                                 "in no configuration (it holds 1 faults at once, beyond the "
                                 "fault budget 0)")


def test_timing_that_says_the_users_log_in_again_where_they_wait_fails() -> None:
    mutant = broken((ROW_15_TIMING, ROW_15_TIMING.replace("administrator", "re-login")))
    assert _problem(mutant, _graph(mutant)) == (
        "row 15: failover on node 1, then critical service down on node 2: the timing section "
        "says the users log in again, but the pair's own events never serve them all again "
        "from the row")


def test_timing_that_says_the_administrator_serves_where_the_pair_does_fails() -> None:
    text = "      served_again: re-login\n      source: Table 2, row 13\n"
    mutant = broken((text, text.replace("re-login", "administrator")))
    outcomes = [cause_outcomes(_graph(mutant)), ELSEWHERE]
    violation = causes_lead_to_rows(mutant, outcomes, 1)
    assert violation is not None and violation.trace is not None
    assert violation.message.endswith("the timing section says the users wait for the "
                                      "administrator, but the pair's own events serve them "
                                      "all again")
    assert violation.trace[-1].users[0].out == violation.trace[-1].users[1].out == 0


def test_timing_whose_timer_is_not_on_the_route_fails() -> None:
    text = ("      fault: database failure\n      timer: critical service delay\n")
    mutant = broken((text, text.replace("critical service delay", "heartbeat timeout")))
    assert _problem(mutant, _graph(mutant)) == (
        "row 13: database failure on node 1: the row is reached, but never through the timer "
        "heartbeat timeout that the timing section says detects it")


@pytest.mark.parametrize(("old", "new", "where", "what"), [
    ("      - [{do: SRM stopped, node: 1}]", "      - [{do: heartbeat timeout, node: 1}]",
     "rows[15].caused_by[1][0].do", OWN_EVENT_REFUSED),
    ("      - [{do: SRM stopped, node: 1}]", "      - [{do: SRM stopped}]",
     "rows[15].caused_by[1][0].node", "expected 1 or 2"),
    ("      - [{do: SRM stopped, node: 1}]", "      - []",
     "rows[15].caused_by[1]", "a cause has at least one step"),
    ("      - [{do: SRM stopped, node: 1}]\n", "",
     "timing.failures[3].fault", "no cause of row 16 ends in the fault 'SRM stopped'"),
])
def test_a_bad_cause_is_refused_in_one_line(old: str, new: str, where: str, what: str) -> None:
    assert SPEC_TEXT.count(old) == 1
    message = error_of(SPEC_TEXT.replace(old, new))
    assert f": {where}: {what}" in message
