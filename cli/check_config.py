"""``prg check-config``: is a parameter set consistent, and how long do failures take under it?

Exit status: 0 when the set obeys every rule of the spec, 1 when it breaks one, 2 on an unknown
name or a value that cannot be read."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import click
from prg.model.load import load_spec
from prg.model.spec import Spec, Value
from prg.model.words import value_words
from prg.verify.checks.parameters import Breach, assumed_ranges, breaches, parameter_set
from prg.verify.checks.timing import FailureBound, Interval, failure_bounds

from .common import spec_option


@click.command("check-config")
@spec_option
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="A parameter or option, by key or by its name in the document (repeatable).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="For people (text) or for CI (json).")
def check_config_command(
    spec_path: str | None, assignments: Sequence[str], output_format: str
) -> None:
    """Check a parameter set against the spec's rules and bound each failure's timing."""
    spec = load_spec(spec_path)
    values = parameter_set(spec, assignments)
    broken = breaches(spec, values)
    bounds = failure_bounds(spec, values) if not broken else []
    result = config_json(spec, values, broken, bounds)
    click.echo(json.dumps(result, indent=2, sort_keys=True) if output_format == "json"
               else config_text(result))
    sys.exit(0 if not broken else 1)


def _interval(interval: Interval | None) -> dict[str, int] | None:
    return None if interval is None else {"min": interval.low, "max": interval.high}


def config_json(
    spec: Spec, values: Mapping[str, Value], broken: Sequence[Breach],
    bounds: Sequence[FailureBound],
) -> dict[str, Any]:
    """The check as a dictionary: the values, the verdict, the violations, the bounds."""
    return {
        "spec": spec.path,
        "values": dict(values),
        "consistent": not broken,
        "assumed_ranges": [{"parameter": p.key, "min": p.minimum, "max": p.maximum,
                            "unit": p.unit, "range": p.range_text(), "spec_line": p.at.line}
                           for p in assumed_ranges(spec)],
        "violations": [{"rule": b.rule, "detail": b.detail, "source": b.source,
                        "spec_line": b.line} for b in broken],
        "bounds": [{
            "rows": list(b.failure.rows),
            "start": b.failure.start,
            "action": b.failure.action,
            "timer": b.failure.timer,
            "parameter": b.parameter,
            "logs_in_to_node": b.logs_in_to,
            "detection_s": _interval(b.detection),
            "served_again_s": _interval(b.served_again),
            "outage_s": _interval(b.outage),
            "outage_with_inactive_connection_s": _interval(b.inactive_outage),
            "inactive_connection_after_login_s": _interval(b.inactive_after_login),
            "note": b.note,
        } for b in bounds],
    }


def _seconds(interval: dict[str, int] | None, absent: str) -> str:
    if interval is None:
        return absent
    low, high = interval["min"], interval["max"]
    return f"{high} s" if low == high else f"{low}..{high} s"


def config_text(result: dict[str, Any]) -> str:
    """The check for people: the values, the bounds per failure, then the violations."""
    values = ", ".join(f"{k}={value_words(v)}"
                       for k, v in result["values"].items())
    lines = [f"spec {result['spec']}", *textwrap.wrap(f"values: {values}", 100,
                                                       subsequent_indent="  "), ""]
    bounds = result["bounds"]
    dual = any(bound["outage_with_inactive_connection_s"] for bound in bounds)
    if bounds:
        width = max(len(bound["start"]) for bound in bounds)
        lines.append(f"{'rows':<7} {'failure (Table 2)':<{width}} {'detected':>10} "
                     f"{'served again':>13} {'outage':>12}"
                     + (f" {'dual connection':>16}" if dual else ""))
        for bound in bounds:
            rows = ", ".join(str(r) for r in bound["rows"])
            detected = _seconds(bound["detection_s"], "never")
            if bound["timer"] is None:
                detected = "at once"
            lines.append(
                f"{rows:<7} {bound['start']:<{width}} {detected:>10} "
                f"{_seconds(bound['served_again_s'], '-'):>13} "
                f"{_seconds(bound['outage_s'], '-'):>12}"
                + (f" {_seconds(bound['outage_with_inactive_connection_s'], '-'):>16}"
                   if dual else "")
            )
            if bound["note"]:
                lines.append(f"{'':<7}   ({bound['note']})")
        lines += ["", *textwrap.wrap(
            "detected: from the failure to the timer that detects it; served again: from the "
            "failure until its users are served (they log in again to the backup, or to their "
            "home node after a fallback); outage: from their disconnection until then (worst "
            "case: the maximum)", 95)]
        if dual:
            window = next(bound["inactive_connection_after_login_s"] for bound in bounds
                          if bound["inactive_connection_after_login_s"])
            lines += textwrap.wrap(
                "dual connection: the outage of a client whose inactive connection to the "
                f"backup exists. It is created {_seconds(window, '-')} after the client logs "
                "in: a client logged in more recently has none, and its outage is the re-login "
                "one", 95)
        lines.append("")
    for violation in result["violations"]:
        lines.append(f"VIOLATED {violation['rule']}: {violation['detail']} "
                     f"[{violation['source']}; spec line {violation['spec_line']}]")
    if result["consistent"]:
        lines.append("consistent: the parameter set obeys every rule of the spec")
        assumed = ", ".join(f"{r['parameter']} {r['range']}" for r in result["assumed_ranges"])
        if assumed:
            lines += textwrap.wrap(f"ranges assumed by prg (the document gives none): {assumed}",
                                   100, subsequent_indent="  ")
    else:
        lines.append("inconsistent: no timing bounds for a parameter set that breaks a rule")
    return "\n".join(lines)
