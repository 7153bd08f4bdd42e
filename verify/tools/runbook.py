"""``prg runbook``: a runbook checked in every configuration it is meant for, and what the
administrator should see at each step, in words (text) and as JSON.

The configurations are the spec's, narrowed by the runbook's ``set`` (and the command's
``--set``); each is searched from Normal / Normal with the fault budget and the runbook checked
over its graph (``prg.verify.checks.runbook``). What to expect at each step is given for the
default configuration among them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from prg.model.cluster import clusterwide_configurations, group_config
from prg.model.explore import explore
from prg.model.product import Config, Pair, configurations, default_config
from prg.model.progress import Progress, TaskProgress
from prg.model.runbook import Runbook, RunbookStep, active_words
from prg.model.settings import with_settings
from prg.model.spec import Spec, Value
from prg.model.traces import Trace, trace_of
from prg.verify.checks.cluster import GroupModel
from prg.verify.checks.parameters import defaults as parameter_defaults
from prg.verify.checks.runbook import (
    FAILOVER,
    REFUSED,
    USERS_ADDED,
    Holding,
    Interruption,
    RunbookBreach,
    RunbookCheck,
    Seen,
    check_runbook,
)
from prg.verify.checks.timing import FailureBound, failure_bounds
from prg.verify.formats.columns import wrapped
from prg.verify.formats.trace import trace_json, trace_text
from prg.verify.formats.wording import short_config_words

#: What a safe runbook is, in words.
SAFE_WORDS = ("every step is possible when it is due, every wait ends, every user is served "
              "throughout, and every pair ends Normal / Normal with every user at home")


@dataclass(frozen=True)
class ConfigBreach:
    """How the runbook goes wrong in one configuration (of a cluster's runbook: in one of its
    groups): the breach and its trace (the graph it was found in is not kept)."""

    config: Config
    group: str | None
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
    """A runbook checked: in which configurations (of a cluster's runbook: the clusterwide
    options; each group has its own high availability), each breach, and what to expect at
    each step in the default configuration, per group (``expected[group][i]``: while step
    ``i + 1`` is the last one taken; the group None for a pair's runbook)."""

    runbook: Runbook
    fault_budget: int
    configurations: tuple[Config, ...]
    default: Config
    breaches: tuple[ConfigBreach, ...]
    expected: dict[str | None, tuple[tuple[Seen, ...], ...]]
    outages: tuple[StepOutage, ...] = ()
    #: With a fault budget, per group, the faults that stop the runbook in the default
    #: configuration (``Interruption.after``: the steps done).
    interruptions: dict[str | None, tuple[Interruption, ...]] = field(default_factory=dict)

    @property
    def safe(self) -> bool:
        return not self.breaches


def check_everywhere(spec: Spec, runbook: Runbook, fault_budget: int = 0,
                     progress: Progress | None = None) -> RunbookReport:
    """Check ``runbook`` in every configuration of ``spec`` (of a cluster's runbook: of its
    cluster) that its settings allow.

    A cluster's groups share nothing a runbook's steps change but the order of those steps
    and the spec's cluster rules: each group's pair moves by its own events alone, whatever
    the others do. So the cluster's joint states with ``i`` steps done are the products of
    each group's joint states with ``i`` steps done, where each group sees another group's
    step as taken at any moment (a wait of another group ends when that group gets there,
    which nothing in this group bears on). Each group is checked on its own pair that way;
    what crosses groups (no user added while a node of the cluster is in a failover state, and
    each cluster rule that refuses a step) is checked on each group's states with ``i`` steps
    done for each step ``i + 1`` of another group."""
    cluster = runbook.cluster
    narrowed = with_settings(cluster.spec if cluster else spec,
                             dict((cluster.settings if cluster else ()) + runbook.settings))
    configs, default = _configurations(narrowed, runbook)
    ordered = sorted(configs, key=lambda config: config != default)
    breaches: list[ConfigBreach] = []
    expected: dict[str | None, tuple[tuple[Seen, ...], ...]] = {}
    interruptions: dict[str | None, tuple[Interruption, ...]] = {}
    for done, config in enumerate(ordered):
        checks = {}
        found: list[ConfigBreach] = []
        for group in runbook.groups:
            group_config = _group_config(narrowed, runbook, group, config)
            graph = explore(Pair(narrowed, group_config, fault_budget))
            member = cluster.group(group) if cluster is not None and group is not None else None
            if member is not None and cluster is not None:
                # Without the steps the cluster's rules refuse because of the group's own nodes.
                graph = GroupModel(replace(cluster, spec=narrowed), member, graph).graph
            checks[group] = checked = check_runbook(runbook, graph, group)
            if config == default:
                expected[group] = checked.seen
                interruptions[group] = checked.interruptions
            if checked.breach is not None:
                found.append(_kept(config, group, checked.breach))
        across = (_added_mid_failover(narrowed, runbook, checks, config)
                  or _refused_by_the_cluster(narrowed, runbook, checks, config))
        if across is not None:
            found.append(across)
        # The earliest step first; what happens after the last step, last.
        breaches += sorted(found, key=lambda b: (b.step is None, b.step or 0))
        if progress is not None:
            progress(TaskProgress("graph", "configurations checked", done + 1, len(ordered)))
    return RunbookReport(runbook, fault_budget, configs, default, tuple(breaches), expected,
                         _outages(narrowed, runbook, default), interruptions)


def _configurations(spec: Spec, runbook: Runbook) -> tuple[tuple[Config, ...], Config]:
    """The configurations to check, and the default among them: the spec's; for a cluster,
    the clusterwide ones (each group sets its own high availability)."""
    if runbook.cluster is None:
        return tuple(configurations(spec)), default_config(spec)
    return clusterwide_configurations(spec)


def _group_config(spec: Spec, runbook: Runbook, group: str | None, config: Config) -> Config:
    """The configuration of ``group``'s pair: the clusterwide ``config`` and its own high
    availability (``config`` itself for a pair's runbook)."""
    cluster = runbook.cluster
    if cluster is None or group is None:
        return config
    found = cluster.group(group)
    assert found is not None
    return group_config(spec, cluster, found, config)


def _elsewhere(checks: dict[str | None, RunbookCheck], step: RunbookStep, index: int,
               condition: str) -> tuple[str | None, RunbookCheck, Holding] | None:
    """Another group than ``step``'s that may be where ``condition`` holds (``holding``)
    while ``index`` steps are done: the group, its check, and the trace there."""
    for group, checked in checks.items():
        found = checked.holding.get(condition, {})
        if group != step.group and index in found:
            return group, checked, found[index]
    return None


def _added_mid_failover(spec: Spec, runbook: Runbook, checks: dict[str | None, RunbookCheck],
                        config: Config) -> ConfigBreach | None:
    """A step that adds users to one group while a node of another may be in a failover
    state (Redundancy Interactions and Restrictions, Adding Users: not while one of the
    cluster's nodes is in a failover state)."""
    adding = {rule.event for rule in spec.rules if any(m.origin is None for m in rule.moves)}
    for index, step in enumerate(runbook.steps):
        found = _elsewhere(checks, step, index, FAILOVER) if step.event in adding else None
        if found is not None:
            group, checked, (path, taken, page) = found
            return ConfigBreach(
                config, group, USERS_ADDED, step.number,
                f"step {step.number} ({step.says}) adds users to {step.group} while {group} "
                f"may show {page}: no user is added to a cluster while one of its nodes is in "
                "a failover state (Redundancy Interactions and Restrictions, Adding Users)",
                trace_of(checked.graph, path), taken)
    return None


def _refused_by_the_cluster(spec: Spec, runbook: Runbook,
                            checks: dict[str | None, RunbookCheck],
                            config: Config) -> ConfigBreach | None:
    """A step of one group that a cluster rule refuses while another group may be where the
    rule's condition holds of its nodes (the spec's ``cluster:`` rules)."""
    for index, step in enumerate(runbook.steps):
        for rule in spec.cluster:
            found = _elsewhere(checks, step, index, rule.id) if step.event in rule.refuses \
                else None
            if found is not None:
                group, checked, (path, taken, page) = found
                return ConfigBreach(
                    config, group, REFUSED, step.number,
                    f"step {step.number} ({step.says}) in {step.group} is refused while {group} "
                    f"may show {page}: {rule.id} (spec line {rule.at.line}; {rule.at.source})",
                    trace_of(checked.graph, path), taken)
    return None


def _kept(config: Config, group: str | None, breach: RunbookBreach) -> ConfigBreach:
    violation = breach.violation
    assert violation.graph is not None and violation.path is not None
    return ConfigBreach(config, group, breach.kind, breach.step, violation.message,
                        trace_of(violation.graph, violation.path), breach.steps_taken)


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


def _expected(report: RunbookReport, group: str | None, index: int) -> tuple[Seen, ...]:
    """What ``group``'s page and counters may show while step ``index + 1`` is the last one
    taken (nothing where the default configuration is not among those checked)."""
    found = report.expected.get(group, ())
    return found[index] if index < len(found) else ()


def _where(breach: ConfigBreach, defaults: dict[str, Value]) -> str:
    """The configuration (and the group) of a breach, in short."""
    where = short_config_words(dict(breach.config), defaults)
    return f"{where}, group {breach.group}" if breach.group is not None else where


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
        failing = len({breach.config for breach in report.breaches})
        lines += wrapped(f"NOT SAFE in {failing} of {len(report.configurations)} "
                         f"configuration(s): {first.kind}", "", "")
        lines += wrapped(_where(first, defaults), "  in ", "     ")
        lines += wrapped(first.message, "  ", "  ")
        lines.append(trace_text(first.trace, notes=_notes(first),
                                breaks_at=len(first.trace) - 1,
                                property_name="the runbook"))
        others = [b for b in report.breaches[1:]]
        if others:
            lines.append("  also in:")
            for breach in others:
                lines += wrapped(f"{_where(breach, defaults)}: {breach.kind}"
                                 + (f" at step {breach.step}" if breach.step else ""),
                                 "    ", "      ")
    lines.append("")
    lines += wrapped("What the administrator should see while each step is the last one "
                     f"taken ({short_config_words(defaults, defaults)}; X: the users of node 1, "
                     "Y: those of node 2; active: Table 3's JsmSessionsClient):", "", "")
    outages = {outage.step: outage for outage in report.outages}
    for index, step in enumerate(runbook.steps):
        seen = _expected(report, step.group, index)
        shown = f"{step.group}: {step.says}" if step.group is not None else step.says
        lines += wrapped(shown, f"{step.number:>3}. ", "     ")
        if step.number in outages:
            lines += wrapped(outage_words(outages[step.number]), "       ", "         ")
        for stop in report.interruptions.get(step.group, ()):
            if stop.after == index:
                lines += wrapped(interruption_words(stop, "before it is taken"), "       ",
                                 "         ")
        for one in seen:
            lines += wrapped(seen_words(one), "       ", "         ")
        if not seen:
            lines.append("       (never reached)")
    for group, stops in report.interruptions.items():
        for stop in stops:
            if stop.after == len(runbook.steps):
                where = f" in {group}" if group is not None else ""
                lines += wrapped(interruption_words(stop, f"after the last step{where}"), "  ",
                                 "    ")
    return "\n".join(lines)


def interruption_words(stop: Interruption, when: str) -> str:
    """A fault that stops the runbook, and whether the pair can still be brought back."""
    back = ("the administrator's actions still bring it back" if stop.recoverable
            else "NOTHING brings it back")
    return f"a fault may stop the runbook {when}: {stop.fault} leaves {stop.page}; {back}"


def to_json(report: RunbookReport) -> dict[str, Any]:
    runbook = report.runbook
    return {
        "runbook": runbook.name,
        "path": runbook.path,
        "source": runbook.source,
        "fault_budget": report.fault_budget,
        "safe": report.safe,
        "configurations": len(report.configurations),
        "cluster": runbook.cluster.path if runbook.cluster else None,
        "breaches": [{
            "configuration": dict(b.config),
            "group": b.group,
            "kind": b.kind,
            "step": b.step,
            "message": b.message,
            "trace": trace_json(b.trace),
            "runbook_steps": list(b.steps_taken),
        } for b in report.breaches],
        "expected": [{
            "step": step.number,
            "group": step.group,
            "says": step.says,
            "outage": next((outage_words(o) for o in report.outages if o.step == step.number),
                           None),
            "interrupted_by": [{"fault": i.fault, "leaves": i.page, "recoverable": i.recoverable}
                               for i in report.interruptions.get(step.group, ())
                               if i.after == index],
            "seen": [{"node1": s.node1, "node2": s.node2, "active_node1": list(s.active1),
                      "active_node2": list(s.active2)}
                     for s in _expected(report, step.group, index)],
        } for index, step in enumerate(runbook.steps)],
    }
