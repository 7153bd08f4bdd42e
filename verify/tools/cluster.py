"""``prg cluster``: a cluster's groups checked together, in every configuration of the
cluster, each group on its own pair with the rest of the cluster as what it may see
(``prg.verify.checks.cluster`` says why that is exact), and the report's formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prg.model.cluster import Cluster, clusterwide_configurations, group_config
from prg.model.explore import Graph, explore
from prg.model.product import Config, Pair
from prg.model.progress import Progress, TaskProgress
from prg.model.settings import with_settings
from prg.model.spec import ANY_NODE, ClusterRule
from prg.model.words import guard_words
from prg.verify.checks.cluster import (
    CLUSTER_PROPERTIES,
    ClusterModel,
    ClusterViolation,
    GroupModel,
    check_cluster_model,
)
from prg.verify.formats.columns import wrapped
from prg.verify.formats.trace import trace_json, trace_text
from prg.verify.formats.wording import short_config_words


@dataclass(frozen=True)
class ClusterVerdict:
    """One property in one configuration of the cluster: its violation (None: it holds)."""

    property: str
    config: Config
    violation: ClusterViolation | None


@dataclass(frozen=True)
class ClusterReport:
    """A cluster checked: in which configurations (the clusterwide options; each group sets
    its own high availability), at which fault budget (per group), each verdict."""

    cluster: Cluster
    fault_budget: int
    configurations: tuple[Config, ...]
    default: Config
    verdicts: tuple[ClusterVerdict, ...]

    @property
    def passed(self) -> bool:
        return all(v.violation is None for v in self.verdicts)

    def failing(self, name: str) -> list[ClusterVerdict]:
        return [v for v in self.verdicts if v.property == name and v.violation is not None]

    def unchecked(self, name: str) -> int:
        """In how many configurations ``name`` was not checked (its premise failed)."""
        return len(self.configurations) - sum(v.property == name for v in self.verdicts)


def check_cluster(cluster: Cluster, fault_budget: int = 0,
                  progress: Progress | None = None) -> ClusterReport:
    """Check every property of ``cluster`` in each of its configurations."""
    spec = with_settings(cluster.spec, dict(cluster.settings))
    configs, default = clusterwide_configurations(spec)
    verdicts = []
    for done, config in enumerate(configs):
        graphs: dict[Config, Graph] = {}
        groups = []
        for group in cluster.groups:
            own = group_config(spec, cluster, group, config)
            if own not in graphs:
                graphs[own] = explore(Pair(spec, own, fault_budget))
            groups.append(GroupModel(cluster, group, graphs[own]))
        model = ClusterModel(cluster, config, groups)
        verdicts += [ClusterVerdict(name, config, violation)
                     for name, violation in check_cluster_model(model)]
        if progress is not None:
            progress(TaskProgress("graph", "configurations checked", done + 1, len(configs)))
    return ClusterReport(cluster, fault_budget, configs, default, tuple(verdicts))


def rule_words(rule: ClusterRule) -> str:
    """A cluster rule in words: what it refuses, of whom, and where the document says it."""
    whom = "a node of the cluster" if rule.of == ANY_NODE else "the database publisher"
    decided = " (our decision)" if rule.at.decision else ""
    return (f"{rule.id} (line {rule.at.line}): {', '.join(rule.refuses)} refused in every "
            f"group while {whom} shows {guard_words(rule.when)} ({rule.at.source}){decided}")


def _where(verdict: ClusterVerdict, defaults: dict[str, Any]) -> str:
    return short_config_words(dict(verdict.config), defaults)


def violation_text(violation: ClusterViolation, name: str) -> list[str]:
    """A cluster property's violation for people: why, then each group's steps in order."""
    lines = wrapped(violation.message, "  ", "  ")
    if len(violation.traces) > 1:
        lines.append("  the steps, one group after the other (the others stay as they are):")
    first = 0
    for index, part in enumerate(violation.traces):
        lines.append(f"  {part.group}:")
        last = index == len(violation.traces) - 1
        lines.append(trace_text(part.trace, first=first,
                                breaks_at=first + len(part.trace) - 1 if last else None,
                                property_name=name))
        first += len(part.trace)
    return lines


def to_text(report: ClusterReport) -> str:
    cluster = report.cluster
    defaults = dict(report.default)
    groups = ", ".join(f"{g.name} ({g.nodes[0]}, {g.nodes[1]}"
                       + ("" if g.high_availability else "; high availability off") + ")"
                       for g in cluster.groups)
    lines = [f"prg cluster: {cluster.name} ({cluster.path})"]
    lines += wrapped(f"groups: {groups}; database publisher {cluster.publisher}", "", "  ")
    lines.append(f"checked in {len(report.configurations)} configuration(s), fault budget "
                 f"{report.fault_budget} in each group")
    lines.append("what the groups share (the spec's cluster rules):")
    for rule in cluster.spec.cluster:
        lines += wrapped(rule_words(rule), "  ", "    ")
    lines.append("")
    width = max(len(p.name) for p in CLUSTER_PROPERTIES)
    for prop in CLUSTER_PROPERTIES:
        failing = report.failing(prop.name)
        unchecked = report.unchecked(prop.name)
        verdict = ("holds" if not failing else
                   f"VIOLATED in {len(failing)} of {len(report.configurations)} configuration(s)")
        if unchecked:
            verdict = (f"not checked in {unchecked} configuration(s), where "
                       f"{CLUSTER_PROPERTIES[0].name} fails" + ("" if not failing and unchecked
                       == len(report.configurations) else f"; elsewhere {verdict}"))
        lines.append(f"{prop.name:<{width}}  {verdict}")
    for prop in CLUSTER_PROPERTIES:
        failing = report.failing(prop.name)
        if not failing:
            continue
        first = failing[0]
        assert first.violation is not None
        lines.append("")
        lines += wrapped(f"{prop.name}: {prop.says}", "", "  ")
        lines += wrapped(_where(first, defaults), "  in ", "     ")
        lines += violation_text(first.violation, prop.name)
    lines.append("")
    lines.append("PASSED" if report.passed else "FAILED")
    return "\n".join(lines)


def to_json(report: ClusterReport) -> dict[str, Any]:
    cluster = report.cluster
    return {
        "cluster": cluster.name,
        "path": cluster.path,
        "publisher": cluster.publisher,
        "groups": [{"name": g.name, "nodes": list(g.nodes),
                    "high_availability": g.high_availability} for g in cluster.groups],
        "fault_budget": report.fault_budget,
        "configurations": len(report.configurations),
        "passed": report.passed,
        "rules": [{"id": r.id, "says": r.says, "refuses": list(r.refuses), "of": r.of,
                   "line": r.at.line, "source": r.at.source, "decision": r.at.decision}
                  for r in cluster.spec.cluster],
        "properties": [{
            "name": prop.name,
            "says": prop.says,
            "holds": not report.failing(prop.name) and not report.unchecked(prop.name),
            "not_checked": report.unchecked(prop.name),
            "violations": [{
                "configuration": dict(v.config),
                "message": v.violation.message,
                "traces": [{"group": part.group, "trace": trace_json(part.trace)}
                           for part in v.violation.traces],
            } for v in report.failing(prop.name) if v.violation is not None],
        } for prop in CLUSTER_PROPERTIES],
    }
