"""``prg runbook``: a runbook checked in every configuration it is meant for, and what the
administrator should see at each step, in words (text) and as JSON.

The configurations are the spec's, narrowed by the runbook's ``set`` (and the command's
``--set``); each is searched from Normal / Normal with the fault budget and the runbook checked
over its graph (``prg.verify.checks.runbook``). What to expect at each step is given for the
default configuration among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prg.model.explore import explore
from prg.model.product import Config, Pair, configurations, default_config
from prg.model.progress import Progress, TaskProgress
from prg.model.runbook import Runbook, active_words
from prg.model.settings import with_settings
from prg.model.spec import Spec
from prg.model.traces import Trace, trace_of
from prg.verify.checks.parameters import defaults as parameter_defaults
from prg.verify.checks.runbook import RunbookBreach, Seen, check_runbook
from prg.verify.checks.timing import FailureBound, failure_bounds
from prg.verify.formats.columns import wrapped
from prg.verify.formats.trace import trace_json, trace_text
from prg.verify.formats.wording import short_config_words

#: What a safe runbook is, in words.
SAFE_WORDS = ("every step is possible when it is due, every wait ends, every user is served "
              "throughout, and the pair ends Normal / Normal with every user at home")


@dataclass(frozen=True)
class ConfigBreach:
    """How the runbook goes wrong in one configuration: the breach and its trace (the graph
    it was found in is not kept)."""

    config: Config
    kind: str
    step: int | None
    message: str
    trace: Trace
    steps_taken: tuple[int | None, ...]


@dataclass(frozen=True)
class StepOutage:
    """How long the users an action disconnects go without service, from the timing analysis
    of the failure kind that action starts (in the default configuration, every parameter at
    its default): without dual connection, and with it where the spec times it."""

    step: int
    bound: FailureBound
    dual: FailureBound | None


@dataclass(frozen=True)
class RunbookReport:
    """A runbook checked: in how many configurations, each breach, and what to expect at each
    step in the default one (``expected[i]``: step ``i + 1``)."""

    runbook: Runbook
    fault_budget: int
    configurations: tuple[Config, ...]
    default: Config
    breaches: tuple[ConfigBreach, ...]
    expected: tuple[tuple[Seen, ...], ...]
    outages: tuple[StepOutage, ...] = ()

    @property
    def safe(self) -> bool:
        return not self.breaches


def check_everywhere(spec: Spec, runbook: Runbook, fault_budget: int = 0,
                     progress: Progress | None = None) -> RunbookReport:
    """Check ``runbook`` in every configuration of ``spec`` its settings allow."""
    narrowed = with_settings(spec, dict(runbook.settings))
    configs = tuple(configurations(narrowed))
    default = default_config(narrowed)
    ordered = sorted(configs, key=lambda config: config != default)
    breaches: list[ConfigBreach] = []
    expected: tuple[tuple[Seen, ...], ...] = ()
    for done, config in enumerate(ordered):
        graph = explore(Pair(narrowed, config, fault_budget))
        checked = check_runbook(runbook, graph)
        if config == default:
            expected = checked.seen
        if checked.breach is not None:
            breaches.append(_kept(config, checked.breach))
        if progress is not None:
            progress(TaskProgress("graph", "configurations checked", done + 1, len(ordered)))
    return RunbookReport(runbook, fault_budget, configs, default, tuple(breaches), expected,
                         _outages(narrowed, runbook, default))


def _outages(spec: Spec, runbook: Runbook, config: Config) -> tuple[StepOutage, ...]:
    """The timing bound of each action step that starts a failure kind the spec times."""
    timing = spec.timing
    if timing is None:
        return ()
    values = {**parameter_defaults(spec), **dict(config)}
    plain = failure_bounds(spec, values)
    dual: list[FailureBound] | None = None
    if timing.dual_connection_option is not None:
        dual = failure_bounds(spec, {**values, timing.dual_connection_option: True})
        plain = failure_bounds(spec, {**values, timing.dual_connection_option: False})
    found = []
    for step in runbook.steps:
        for index, bound in enumerate(plain):
            if step.event is not None and bound.failure.action == step.event:
                found.append(StepOutage(step.number, bound,
                                        dual[index] if dual is not None else None))
    return tuple(found)


def outage_words(outage: StepOutage) -> str:
    """The outage of the users an action disconnects, in words."""
    bound = outage.bound
    rows = ", ".join(str(row) for row in bound.failure.rows)
    if bound.outage is None:
        return f"outage (Table 2, row {rows}): {bound.note}"
    words = (f"outage (Table 2, row {rows}'s timing): users logging in again are served after "
             f"{bound.outage.text()}")
    dual = outage.dual
    if dual is not None and dual.inactive_outage is not None:
        words += (f"; with dual connection, {dual.inactive_outage.text()} for a client whose "
                  "inactive connection exists")
    return words


def _kept(config: Config, breach: RunbookBreach) -> ConfigBreach:
    violation = breach.violation
    assert violation.graph is not None and violation.path is not None
    return ConfigBreach(config, breach.kind, breach.step, violation.message,
                        trace_of(violation.graph, violation.path), breach.steps_taken)


def _notes(breach: ConfigBreach) -> list[str]:
    return [f"runbook step {step}" if step is not None else "" for step in breach.steps_taken]


def seen_words(seen: Seen) -> str:
    """One thing the administrator may see: both nodes, and the users active on each."""
    return (f"node 1 {seen.node1}, node 2 {seen.node2}; active: node 1 "
            f"{active_words(frozenset(seen.active1))}, node 2 "
            f"{active_words(frozenset(seen.active2))}")


def to_text(report: RunbookReport) -> str:
    runbook = report.runbook
    defaults = dict(report.default)
    lines = [f"prg runbook: {runbook.name} ({runbook.path})"]
    if runbook.source:
        lines += wrapped(runbook.source, "follows: ", "         ")
    lines.append(f"checked in {len(report.configurations)} configuration(s), fault budget "
                 f"{report.fault_budget}")
    lines.append("")
    if report.safe:
        lines += wrapped(f"SAFE: {SAFE_WORDS}.", "", "")
    else:
        first = report.breaches[0]
        lines += wrapped(f"NOT SAFE in {len(report.breaches)} of {len(report.configurations)} "
                         f"configuration(s): {first.kind}", "", "")
        lines += wrapped(short_config_words(dict(first.config), defaults), "  in ", "     ")
        lines += wrapped(first.message, "  ", "  ")
        lines.append(trace_text(first.trace, notes=_notes(first),
                                breaks_at=len(first.trace) - 1,
                                property_name="the runbook"))
        others = [b for b in report.breaches[1:]]
        if others:
            lines.append("  also in:")
            for breach in others:
                where = short_config_words(dict(breach.config), defaults)
                lines += wrapped(f"{where}: {breach.kind}"
                                 + (f" at step {breach.step}" if breach.step else ""),
                                 "    ", "      ")
    lines.append("")
    lines += wrapped("What the administrator should see while each step is the last one "
                     f"taken ({short_config_words(defaults, defaults)}; X: the users of node 1, "
                     "Y: those of node 2; active: Table 3's JsmSessionsClient):", "", "")
    outages = {outage.step: outage for outage in report.outages}
    for step, seen in zip(runbook.steps, report.expected, strict=False):
        lines += wrapped(step.says, f"{step.number:>3}. ", "     ")
        if step.number in outages:
            lines += wrapped(outage_words(outages[step.number]), "       ", "         ")
        for one in seen:
            lines += wrapped(seen_words(one), "       ", "         ")
        if not seen:
            lines.append("       (never reached)")
    return "\n".join(lines)


def to_json(report: RunbookReport) -> dict[str, Any]:
    runbook = report.runbook
    return {
        "runbook": runbook.name,
        "path": runbook.path,
        "source": runbook.source,
        "fault_budget": report.fault_budget,
        "safe": report.safe,
        "configurations": len(report.configurations),
        "breaches": [{
            "configuration": dict(b.config),
            "kind": b.kind,
            "step": b.step,
            "message": b.message,
            "trace": trace_json(b.trace),
            "runbook_steps": list(b.steps_taken),
        } for b in report.breaches],
        "expected": [{
            "step": step.number,
            "says": step.says,
            "outage": next((outage_words(o) for o in report.outages if o.step == step.number),
                           None),
            "seen": [{"node1": s.node1, "node2": s.node2, "active_node1": list(s.active1),
                      "active_node2": list(s.active2)} for s in seen],
        } for step, seen in zip(runbook.steps, report.expected, strict=False)],
    }
