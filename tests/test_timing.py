"""Parameter sets and timing bounds: the documented defaults give the documented times, each
broken rule is named, and the worst cases are what the heartbeat and the re-login window
allow."""

from __future__ import annotations

import pytest
from prg.model.errors import UsageError
from prg.model.spec import Spec
from prg.verify.checks.parameters import (
    assumed_ranges,
    breaches,
    defaults,
    parameter_set,
    parameters_consistent,
)
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


def test_multiple_device_messaging_doubles_the_timers_and_the_relogin_waits(spec: Spec) -> None:
    values = parameter_set(spec, ["multiple_device_messaging=true"])
    bounds = failure_bounds(spec, values)
    assert bound_of(bounds, "power loss on node 1").detection == Interval(106, 120)
    critical = bound_of(bounds, "critical service down on node 1")
    assert critical.detection == Interval(180, 180)
    # The re-login limits are SRM service parameters too: each wait is 240..1074 s.
    assert critical.served_again == Interval(240, 1074)
    assert bound_of(bounds, "manual failover of node 1").outage == Interval(240, 1074)
    # A fallback is not a failover: its waits keep the limits.
    assert bound_of(bounds, "manual fallback to node 1").outage == Interval(120, 537)


def test_a_spec_whose_failover_is_not_slowed_keeps_the_limits() -> None:
    spec = broken((("      fault: critical service down\n      timer: critical service delay\n"
                    "      timer_from: start\n"),
                   ("      fault: critical service down\n      timer: critical service delay\n"
                    "      timer_from: start\n      slowed: false\n")))
    values = parameter_set(spec, ["multiple_device_messaging=true"])
    bound = bound_of(failure_bounds(spec, values), "critical service down on node 1")
    assert (bound.detection, bound.served_again) == (Interval(90, 90), Interval(120, 537))


def test_the_relogin_limits_are_those_of_the_node_logged_in_to(spec: Spec) -> None:
    values = parameter_set(spec, ["node2.client_relogin_upper_limit=300",
                                  "node1.client_relogin_lower_limit=200"])
    bounds = failure_bounds(spec, values)
    failover = bound_of(bounds, "manual failover of node 1")
    assert (failover.logs_in_to, failover.outage) == (2, Interval(120, 300))
    fallback = bound_of(bounds, "manual fallback to node 1")
    assert (fallback.logs_in_to, fallback.outage) == (1, Interval(200, 537))


def test_a_spec_that_sends_fallback_users_to_the_backup_gets_the_backups_limits() -> None:
    spec = broken((("      logs_in_to: home\n      slowed: false\n      decision: >-\n"
                    "        Multiple Device"),
                   "      slowed: false\n      decision: >-\n        Multiple Device"))
    values = parameter_set(spec, ["node1.client_relogin_lower_limit=200"])
    fallback = bound_of(failure_bounds(spec, values), "manual fallback to node 1")
    assert (fallback.logs_in_to, fallback.outage) == (2, Interval(120, 537))


def test_the_administrators_actions_have_outages_too(spec: Spec) -> None:
    bounds = failure_bounds(spec, defaults(spec))
    for start, action in (("manual failover of node 1", "failover"),
                          ("manual fallback to node 1", "fallback")):
        bound = bound_of(bounds, start)
        assert bound.detection == Interval(0, 0) and bound.outage == Interval(120, 537)
        assert bound.failure.action == action


def test_dual_connection_serves_a_client_with_its_inactive_connection_at_the_takeover(
    spec: Spec
) -> None:
    values = parameter_set(spec, ["dual_connection=true", "node2.client_relogin_upper_limit=400"])
    bounds = failure_bounds(spec, values)
    failover = bound_of(bounds, "manual failover of node 1")
    assert failover.inactive_outage == Interval(0, 0)  # nearly zero: the backup takes over
    assert failover.inactive_after_login == Interval(120, 400)  # node 2's limits
    assert failover.outage == Interval(120, 400)  # a client logged in within that window
    power = bound_of(bounds, "power loss on node 1")
    assert power.inactive_outage == Interval(46, 60)  # until the heartbeat times out
    # No inactive connection to the home node: a fallback is a re-login.
    assert bound_of(bounds, "manual fallback to node 1").inactive_outage is None
    assert bound_of(failure_bounds(spec, defaults(spec)),
                    "manual failover of node 1").inactive_outage is None


def test_a_spec_without_the_dual_connection_option_gives_no_inactive_connection() -> None:
    spec = broken(("  dual_connection: dual_connection\n", ""))
    values = parameter_set(spec, ["dual_connection=true"])
    assert bound_of(failure_bounds(spec, values),
                    "manual failover of node 1").inactive_outage is None


def test_without_high_availability_no_node_takes_over(spec: Spec) -> None:
    values = parameter_set(spec, ["high_availability=false"])
    for bound in failure_bounds(spec, values):
        assert bound.detection is None and "high_availability is off" in bound.note
    # A spec whose timing does not read the option: the check refuses it, as it changes nothing.
    spec = broken(("  failover: high_availability\n", ""))
    with pytest.raises(UsageError, match="high_availability: an option of the model's states"):
        parameter_set(spec, ["high_availability=false"])


def test_a_monitored_xcp_authentication_failure_is_timed_as_a_critical_service(
    spec: Spec
) -> None:
    start = "XCP authentication failure on node 1"
    assert bound_of(failure_bounds(spec, defaults(spec)), start).note.endswith("is off")
    values = parameter_set(spec, ["xcp_authentication_monitoring=true"])
    assert bound_of(failure_bounds(spec, values), start).detection == Interval(90, 90)


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
    (["node1.client_relogin_lower_limit=600"],
     "re-login lower limit not above the upper limit (node 1)"),
    (["service_port=20075"], "service port and admin RPC port differ"),
    (["dual_connection=true", "release=before 14"], "dual connection needs release 14"),
    (["dual_connection=true", "xmpp_client_secure_mode=false"],
     "dual connection needs the secure XMPP client mode"),
    (["dual_connection=true", "unrestricted_version=true"],
     "dual connection not with the unrestricted (XU) version"),
    (["heartbeat_interval=0"], "range of heartbeat_interval"),
    (["automatic_fallback_delay=60"], "range of automatic_fallback_delay"),
])
def test_each_broken_rule_is_named(spec: Spec, assignments: list[str], rule: str) -> None:
    found = breaches(spec, parameter_set(spec, assignments))
    assert [b.rule for b in found] == [rule]
    assert found[0].source and found[0].line > 0


def test_a_per_node_limit_is_checked_on_each_node(spec: Spec) -> None:
    found = breaches(spec, parameter_set(spec, ["client_relogin_lower_limit=600"]))
    assert [b.rule for b in found] == ["re-login lower limit not above the upper limit (node 1)",
                                       "re-login lower limit not above the upper limit (node 2)"]
    found = breaches(spec, parameter_set(spec, ["node2.client_relogin_upper_limit=4000"]))
    assert [b.detail for b in found] == [
        "node2.client_relogin_upper_limit=4000 is outside 0..3600 s"]


def test_a_setting_given_twice_is_refused(spec: Spec) -> None:
    with pytest.raises(UsageError, match="--set heartbeat_timeout given twice"):
        parameter_set(spec, ["heartbeat_timeout=30", "Keep Alive (Heartbeat) Timeout=60"])
    with pytest.raises(UsageError, match="client_relogin_lower_limit given twice"):
        parameter_set(spec, ["client_relogin_lower_limit=30", "node2.client_relogin_lower_limit=60"])
    assert parameter_set(spec, ["node1.client_relogin_lower_limit=30",
                                "node2.client_relogin_lower_limit=60"])[
        "node2.client_relogin_lower_limit"] == 60


def test_a_clusterwide_parameter_takes_no_node(spec: Spec) -> None:
    with pytest.raises(UsageError, match="heartbeat_timeout is clusterwide"):
        parameter_set(spec, ["node2.heartbeat_timeout=30"])


def test_the_dual_connection_restrictions_hold_only_with_dual_connection(spec: Spec) -> None:
    assert breaches(spec, parameter_set(spec, ["release=before 14",
                                               "unrestricted_version=true"])) == []
    spec = broken(("    when: {dual_connection: true}\n    require: {release: 14 or later}\n",
                   "    when: {dual_connection: false}\n    require: {release: 14 or later}\n"))
    assert [b.rule for b in breaches(spec, parameter_set(spec, ["release=before 14"]))] == [
        "dual connection needs release 14"]


def test_the_assumed_ranges_are_the_spec_s(spec: Spec) -> None:
    assert "heartbeat_timeout" in [p.key for p in assumed_ranges(spec)]
    assert "automatic_fallback_delay" not in [p.key for p in assumed_ranges(spec)]
    spec = broken((("  - key: heartbeat_timeout\n    name: Keep Alive (Heartbeat) Timeout\n"
                    "    default: 60\n    minimum: 1\n    maximum: 3600\n    unit: s\n"
                    "    range: assumed\n"),
                   ("  - key: heartbeat_timeout\n    name: Keep Alive (Heartbeat) Timeout\n"
                    "    default: 60\n    minimum: 1\n    maximum: 3600\n    unit: s\n")))
    assert "heartbeat_timeout" not in [p.key for p in assumed_ranges(spec)]


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
                                  "node2.Client Re-Login Upper Limit=300"])
    assert values["heartbeat_timeout"] == 90
    assert values["automatic_fallback"] is True
    assert (values["node1.client_relogin_upper_limit"],
            values["node2.client_relogin_upper_limit"]) == (537, 300)


def test_check_config_reads_true_and_false_as_verify_does(spec: Spec) -> None:
    assert parameter_set(spec, ["automatic_fallback=on"])["automatic_fallback"] is True
    assert parameter_set(spec, ["automatic_fallback=Off"])["automatic_fallback"] is False


@pytest.mark.parametrize("assignment, message", [
    ("heartbeat_timout=60", ("unknown setting 'heartbeat_timout' (did you mean "
                            "'heartbeat_timeout'")),
    ("heartbeat_timeout=sixty", "--set heartbeat_timeout='sixty': not a whole number (s)"),
    ("heartbeat_timeout", "expected NAME=VALUE"),
    ("automatic_fallback=maybe", "--set automatic_fallback='maybe': not one of false, true"),
    ("user_assignment_mode=None", ("--set user_assignment_mode: an option of the model's "
                                   "states, not of the timing or the parameter rules")),
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
