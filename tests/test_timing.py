"""Parameter sets and timing bounds: the documented defaults give the documented times, each
broken rule is named, and the worst cases are what the heartbeat and the re-login window
allow."""

from __future__ import annotations

import pytest
from prg.model.errors import UsageError
from prg.model.spec import Spec
from prg.verify.checks.parameters import breaches, defaults, parameter_set, parameters_consistent
from prg.verify.checks.timing import FailureBound, Interval, failure_bounds

from .helpers import broken


def bound_of(bounds: list[FailureBound], start: str) -> FailureBound:
    return next(b for b in bounds if b.failure.start == start)


def test_the_documented_defaults_are_consistent(spec: Spec) -> None:
    assert breaches(spec, defaults(spec)) == []


def test_a_heartbeat_loss_is_detected_within_one_timeout(spec: Spec) -> None:
    bound = bound_of(failure_bounds(spec, defaults(spec)), "power loss on node 1")
    assert bound.parameter == "heartbeat_timeout"
    # The last heartbeat came up to one interval (15 s) before the failure.
    assert bound.detection == Interval(60 - 15 + 1, 60)
    # A client tries first after 120..537 s, by when node 2 serves it.
    assert bound.served_again == Interval(120, 537)


def test_a_failure_detected_after_the_first_attempt_costs_one_more_wait(spec: Spec) -> None:
    values = parameter_set(spec, ["critical_service_delay=300"])
    bound = bound_of(failure_bounds(spec, values), "critical service down on node 1")
    assert bound.detection == Interval(300, 300)
    # The worst client tried at 299 s, one second too early, and waits 537 s more.
    assert bound.served_again == Interval(300, 299 + 537)
    assert bound.outage == bound.served_again


def test_multiple_device_messaging_doubles_the_timers(spec: Spec) -> None:
    values = parameter_set(spec, ["multiple_device_messaging=true"])
    bounds = failure_bounds(spec, values)
    assert bound_of(bounds, "power loss on node 1").detection == Interval(106, 120)
    assert bound_of(bounds, "critical service down on node 1").detection == Interval(180, 180)


def test_automatic_fallback_disconnects_users_thirty_minutes_after_health(spec: Spec) -> None:
    bounds = failure_bounds(spec, defaults(spec))
    assert bound_of(bounds, "node 1 is Failed Over and healthy again").note.startswith("never")
    values = parameter_set(spec, ["automatic_fallback=true", "multiple_device_messaging=true"])
    bound = bound_of(failure_bounds(spec, values), "node 1 is Failed Over and healthy again")
    assert bound.detection == Interval(1800, 1800)  # not lengthened: see the spec's decision
    assert bound.outage == Interval(120, 537)
    assert bound.served_again == Interval(1800 + 120, 1800 + 537)


def test_a_failure_that_needs_the_administrator_has_no_service_bound(spec: Spec) -> None:
    bound = bound_of(failure_bounds(spec, defaults(spec)), "internal error on node 1")
    assert bound.detection == Interval(0, 0) and bound.served_again is None
    assert "recommended actions" in bound.note


def test_the_timer_of_a_failure_comes_from_the_spec() -> None:
    spec = broken(("      fault: power loss\n      timer: heartbeat timeout\n",
                   "      fault: power loss\n      timer: critical service delay\n"))
    bound = bound_of(failure_bounds(spec, defaults(spec)), "power loss on node 1")
    assert bound.parameter == "critical_service_delay"
    assert bound.detection == Interval(90 - 15 + 1, 90)


@pytest.mark.parametrize("assignments, rule", [
    (["heartbeat_timeout=15"], "heartbeat timeout longer than the heartbeat interval"),
    (["initialization_heartbeat_timeout=59"],
     "initialization timeout not shorter than the heartbeat timeout"),
    (["client_relogin_lower_limit=600"], "re-login lower limit not above the upper limit"),
    (["heartbeat_interval=0"], "range of heartbeat_interval"),
    (["automatic_fallback_delay=60"], "range of automatic_fallback_delay"),
])
def test_each_broken_rule_is_named(spec: Spec, assignments: list[str], rule: str) -> None:
    found = breaches(spec, parameter_set(spec, assignments))
    assert [b.rule for b in found] == [rule]
    assert found[0].source and found[0].line > 0


def test_a_constraint_of_the_spec_is_data() -> None:
    spec = broken(("require: initialization_heartbeat_timeout >= heartbeat_timeout",
                   "require: initialization_heartbeat_timeout >= 3*heartbeat_timeout"))
    found = breaches(spec, defaults(spec))
    assert [b.detail for b in found] == [
        ("initialization_heartbeat_timeout >= 3*heartbeat_timeout fails with "
        "initialization_heartbeat_timeout=120, heartbeat_timeout=60")]


def test_names_are_keys_or_document_names(spec: Spec) -> None:
    values = parameter_set(spec, ["Keep Alive (Heartbeat) Timeout=90",
                                  "enable automatic fallback=TRUE",
                                  "user_assignment_mode=active-standby"])
    assert values["heartbeat_timeout"] == 90
    assert values["automatic_fallback"] is True
    assert values["user_assignment_mode"] == "Active-Standby"


def test_check_config_reads_true_and_false_as_verify_does(spec: Spec) -> None:
    assert parameter_set(spec, ["automatic_fallback=on"])["automatic_fallback"] is True
    assert parameter_set(spec, ["automatic_fallback=Off"])["automatic_fallback"] is False


@pytest.mark.parametrize("assignment, message", [
    ("heartbeat_timout=60", ("unknown parameter 'heartbeat_timout' (did you mean "
                            "'heartbeat_timeout'")),
    ("heartbeat_timeout=sixty", ("--set heartbeat_timeout: expected a whole number (s), got "
                                "'sixty'")),
    ("heartbeat_timeout", "expected NAME=VALUE"),
    ("automatic_fallback=maybe", "expected true or false (on or off), got 'maybe'"),
])
def test_unknown_names_and_unreadable_values_are_usage_errors(
    spec: Spec, assignment: str, message: str
) -> None:
    with pytest.raises(UsageError, match=None) as caught:
        parameter_set(spec, [assignment])
    assert message in str(caught.value)


def test_defaults_that_break_a_constraint_make_the_spec_inconsistent(spec: Spec) -> None:
    assert parameters_consistent(spec) is None
    spec = broken(("    default: 60\n", "    default: 15\n"))
    violation = parameters_consistent(spec)
    assert violation is not None
    assert violation.message == (
        "the defaults break 1 rule: heartbeat timeout longer than the heartbeat interval: "
        "heartbeat_timeout > heartbeat_interval fails with heartbeat_timeout=15, "
        "heartbeat_interval=15")
    assert len(violation.lines) == 1


def served_times(disconnected: int, available: int, lower: int, upper: int) -> set[int]:
    """Every time a client is served, found by trying every sequence of waits."""
    found: set[int] = set()
    pending = [disconnected]
    seen: set[int] = set()
    while pending:
        previous = pending.pop()
        for wait in range(lower, upper + 1):
            attempt = previous + wait
            if attempt >= available:
                found.add(attempt)
            elif attempt not in seen:
                seen.add(attempt)
                pending.append(attempt)
    return found


@pytest.mark.parametrize("interval, timeout, lower, upper", [
    (3, 7, 2, 5), (5, 6, 4, 4), (2, 11, 3, 3), (4, 9, 1, 2), (1, 2, 0, 3),
])
def test_the_optimizer_agrees_with_trying_every_case(
    spec: Spec, interval: int, timeout: int, lower: int, upper: int
) -> None:
    values = parameter_set(spec, [
        f"heartbeat_interval={interval}", f"heartbeat_timeout={timeout}",
        f"client_relogin_lower_limit={lower}", f"client_relogin_upper_limit={upper}"])
    bound = bound_of(failure_bounds(spec, values), "power loss on node 1")
    detections = [last_heartbeat + timeout for last_heartbeat in range(-interval + 1, 1)]
    served = {t for d in detections for t in served_times(0, d, lower, upper)}
    assert bound.detection == Interval(min(detections), max(detections))
    assert bound.served_again == Interval(min(served), max(served))
