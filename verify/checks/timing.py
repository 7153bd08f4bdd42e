"""Worst-case timing of each failure kind of Table 2, from a parameter set, with Z3's optimizer.

Time zero is the failure (the spec's ``start``). The timer that detects it fires after its
parameter's seconds (times the slowdown factor while the slowdown option is on), counted from
the start or from the last heartbeat received, which came at most one heartbeat interval
before. The users of the failed node are served again from then on; a disconnected client
tries again after a wait between the re-login limits of the node it logs in to (times the
slowdown factor too), then again after another, until one attempt finds a node that serves it.
With dual connection, a client whose inactive connection to the backup exists (it is created a
wait between the backup's re-login limits after the client logs in) is served from the moment
the backup serves it. Every time is a whole number of seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import z3  # type: ignore[import-untyped]
from prg.model.spec import FailureTiming, Spec, Timing, Value
from prg.verify.checks.parameters import value_key


@dataclass(frozen=True)
class Interval:
    """The least and the greatest number of seconds."""

    low: int
    high: int

    def text(self) -> str:
        return f"{self.high} s" if self.low == self.high else f"{self.low}..{self.high} s"


@dataclass(frozen=True)
class FailureBound:
    """One failure kind's bounds: from the start to the timer firing (detection), to its users
    being served again, and how long they were without service (outage), when they log in
    again to node ``logs_in_to``. With dual connection: the outage of a client whose inactive
    connection to the backup exists (``inactive_outage``), and how long after its login a
    client has none yet (``inactive_after_login``): its outage is ``outage``. None where no
    bound exists or applies: ``note`` says why."""

    failure: FailureTiming
    parameter: str | None
    detection: Interval | None
    served_again: Interval | None
    outage: Interval | None
    note: str
    logs_in_to: int | None = None
    inactive_outage: Interval | None = None
    inactive_after_login: Interval | None = None


def failure_bounds(spec: Spec, values: Mapping[str, Value]) -> list[FailureBound]:
    """The bounds of every failure kind the spec times, under ``values`` (``parameters``)."""
    if spec.timing is None:
        return []
    return [_bound(spec, spec.timing, failure, values) for failure in spec.timing.failures]


def _number(values: Mapping[str, Value], key: str) -> int:
    return int(values[key])


def _bound(
    spec: Spec, timing: Timing, failure: FailureTiming, values: Mapping[str, Value]
) -> FailureBound:
    parameter = spec.event(failure.timer).parameter if failure.timer else None
    if timing.failover_option is not None and values[timing.failover_option] is not True:
        return FailureBound(failure, parameter, None, None, None,
                            f"never: {timing.failover_option} is off, no node takes over")
    if failure.option is not None and values[failure.option] is not True:
        return FailureBound(failure, parameter, None, None, None,
                            f"never: {failure.option} is off")
    slowed = failure.slowed and timing.slowdown_option is not None and (
        values[timing.slowdown_option] is True)
    factor = _number(values, timing.slowdown_factor) if slowed and timing.slowdown_factor else 1
    optimizer = z3.Optimize()
    optimizer.set(priority="box")
    detected = z3.Int("detected")
    if parameter is None:
        optimizer.add(detected == 0)
    elif failure.timer_from == "start":
        optimizer.add(detected == factor * _number(values, parameter))
    else:
        heartbeat = z3.Int("last_heartbeat")
        interval = _number(values, timing.heartbeat_interval)
        optimizer.add(heartbeat <= 0, heartbeat > -interval,
                      detected == heartbeat + factor * _number(values, parameter))
    disconnected = z3.IntVal(0) if failure.disconnected == "at start" else detected
    objectives = [optimizer.minimize(detected), optimizer.maximize(detected)]
    relogin = failure.served_again == "re-login"
    node = 2 if failure.logs_in_to == "backup" else 1
    if relogin:
        served = _relogin(optimizer, _limits(spec, timing, values, node, factor), disconnected,
                          detected)
        objectives += [optimizer.minimize(served), optimizer.maximize(served),
                       optimizer.minimize(served - disconnected),
                       optimizer.maximize(served - disconnected),
                       optimizer.minimize(detected - disconnected),
                       optimizer.maximize(detected - disconnected)]
    if optimizer.check() != z3.sat:
        return FailureBound(failure, parameter, None, None, None,
                            "no bound: the parameters admit no timing (see the violations)")
    found = [_interval(objectives[i], objectives[i + 1]) for i in range(0, len(objectives), 2)]
    if not relogin:
        return FailureBound(failure, parameter, found[0], None, None,
                            "served again only after the recommended actions of Table 2")
    dual = (timing.dual_connection_option is not None and failure.logs_in_to == "backup"
            and values[timing.dual_connection_option] is True)
    return FailureBound(failure, parameter, found[0], found[1], found[2], "", logs_in_to=node,
                        inactive_outage=found[3] if dual else None,
                        inactive_after_login=Interval(*_limits(spec, timing, values, node, 1))
                        if dual else None)


def _limits(spec: Spec, timing: Timing, values: Mapping[str, Value], node: int,
            factor: int) -> tuple[int, int]:
    """The re-login limits of ``node``, times ``factor``."""
    lower, upper = (factor * _number(values, value_key(spec.parameter(key), node))
                    for key in (timing.relogin_lower, timing.relogin_upper))
    return lower, upper


def _relogin(
    optimizer: z3.Optimize, limits: tuple[int, int], disconnected: z3.ArithRef,
    available: z3.ArithRef,
) -> z3.ArithRef:
    """When a client disconnected at ``disconnected`` is served, a node serving it from
    ``available`` on: its ``attempts``-th attempt, the first at or after ``available``.
    ``attempts - 1`` waits between the ``limits`` add up to any whole number between their
    least and greatest sums, so the attempt before it is anywhere in that range."""
    lower, upper = limits
    attempts, previous, served = z3.Ints("attempts previous_attempt served")
    optimizer.add(
        attempts >= 1,
        previous - disconnected >= (attempts - 1) * lower,
        previous - disconnected <= (attempts - 1) * upper,
        z3.Or(attempts == 1, previous < available),
        served - previous >= lower,
        served - previous <= upper,
        served >= available,
    )
    return served


def _interval(low: z3.OptimizeObjective, high: z3.OptimizeObjective) -> Interval:
    return Interval(int(low.value().as_long()), int(high.value().as_long()))
