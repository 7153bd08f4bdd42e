"""A cluster's groups checked together: the shipped clusters pass; each cluster property
fails on a spec broken for it, with a trace through the groups; and the check group by group
agrees with the product of two groups' pairs searched whole (same reachable per-group pairs,
same verdicts)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from prg.model.cluster import (
    Cluster,
    clusterwide_configurations,
    group_config,
    in_failover_state,
    load_cluster,
    publisher_failed,
    rule_holds,
)
from prg.model.explore import Graph, explore
from prg.model.graphs import reaching
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.model.node import NO_FAULTS
from prg.model.product import Config, Pair
from prg.model.settings import with_settings
from prg.model.spec import ANY_NODE, ClusterRule, Spec
from prg.model.table import goal_marks
from prg.verify.checks.cluster import ClusterModel, GroupModel, check_cluster_model
from prg.verify.checks.properties import adding_marks, no_user_lost
from prg.verify.tools.cluster import check_cluster, to_json, to_text

from .helpers import SPEC_TEXT, broken, prg, refused

CLUSTERS = DEFAULT_SPEC.parent / "clusters"
TWO_GROUPS = CLUSTERS / "two-groups.yaml"
THREE_GROUPS = CLUSTERS / "three-groups.yaml"
FAILOVER_STATES = ("    while: {state: [Idle, Running in Backup Mode, Taking Over, Failing Over, "
                   "Failed Over,\n")
PUBLISHER_RULE = ("    refuses: add users\n    of: publisher\n",)


def with_spec(cluster: Cluster, spec: Spec) -> Cluster:
    return dataclasses.replace(cluster, spec=spec)


def verdicts(cluster: Cluster, fault_budget: int = 0) -> dict[str, str | None]:
    """Per property, the first violation's message (None: it holds everywhere)."""
    report = check_cluster(cluster, fault_budget)
    found: dict[str, str | None] = {}
    for verdict in report.verdicts:
        if found.get(verdict.property) is None:
            found[verdict.property] = (verdict.violation.message if verdict.violation else None)
    return found


@pytest.mark.parametrize(("path", "configurations"), [(TWO_GROUPS, 6), (THREE_GROUPS, 4)])
def test_the_shipped_clusters_pass(path: Path, configurations: int) -> None:
    report = check_cluster(load_cluster(path))
    assert report.passed
    assert len(report.configurations) == configurations
    assert "PASSED" in to_text(report)


def test_the_command_checks_a_cluster_and_says_what_the_groups_share() -> None:
    result = prg("cluster", str(TWO_GROUPS), "--fault-budget", "0")
    assert result.returncode == 0
    assert "no-users-added-while-the-publisher-is-down (line" in result.stdout
    assert "publisher_failure_recoverable" in result.stdout


def test_a_failing_cluster_exits_1(tmp_path: Path) -> None:
    rule = SPEC_TEXT.index("  - id: no-users-added-during-a-failover")
    end = SPEC_TEXT.index("  - id: no-users-added-while-the-publisher-is-down")
    (tmp_path / "spec.yaml").write_text(SPEC_TEXT[:rule] + SPEC_TEXT[end:], encoding="utf-8")
    path = tmp_path / "cluster.yaml"
    path.write_text(TWO_GROUPS.read_text(encoding="utf-8").replace(
        "../presence-redundancy.yaml", "spec.yaml"), encoding="utf-8")
    result = prg("cluster", str(path), "--fault-budget", "0")
    assert result.returncode == 1, result.stderr
    assert "no_users_added_in_a_cluster_failover  VIOLATED" in result.stdout
    assert result.stdout.rstrip().endswith("FAILED")


def test_a_bad_cluster_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    path.write_text(TWO_GROUPS.read_text(encoding="utf-8").replace(
        "publisher: imp-pub", "publisher: imp-pubb"), encoding="utf-8")
    path.with_name("presence-redundancy.yaml").write_text(
        DEFAULT_SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "../presence-redundancy.yaml", "presence-redundancy.yaml"), encoding="utf-8")
    message = refused("cluster", str(path))
    assert "publisher: unknown node 'imp-pubb'" in message


# -- each property fails on a spec broken for it -------------------------------------------------


def test_a_rule_that_holds_at_the_start_breaks_independence() -> None:
    spec = broken(("    while: [{power: [off, booting]}, {network: down}, {database: down}]",
                   "    while: {power: on}"))
    report = check_cluster(with_spec(load_cluster(TWO_GROUPS), spec))
    violation = report.failing("groups_independent")[0].violation
    assert violation is not None
    assert ("PRG-East starts where no-users-added-while-the-publisher-is-down refuses"
            in violation.message)
    # The check group by group is not the cluster's there: the others are not checked.
    assert report.unchecked("publisher_failure_recoverable") == 6
    assert "not checked in 6 configuration(s), where groups_independent fails" in to_text(report)
    assert not to_json(report)["properties"][2]["holds"]


def test_without_the_rule_users_are_added_while_another_group_is_failed_over() -> None:
    spec = dataclasses.replace(load_spec(DEFAULT_SPEC), cluster=load_spec(DEFAULT_SPEC).cluster[1:])
    report = check_cluster(with_spec(load_cluster(TWO_GROUPS), spec))
    failing = report.failing("no_users_added_in_a_cluster_failover")
    assert len(failing) == 6
    violation = failing[0].violation
    assert violation is not None
    assert violation.message.startswith("users are added to PRG-East (it shows node 1 Normal / "
                                        "Normal, node 2 Normal / Normal) while PRG-West shows")
    # PRG-West's failover first, then PRG-East's steps to the user it adds.
    assert [part.group for part in violation.traces] == ["PRG-West", "PRG-East"]
    assert violation.traces[1].trace[-1].event == "add users"
    text = to_text(report)
    assert "VIOLATED in 6 of 6 configuration(s)" in text and "FAILED" in text


def test_a_failover_state_left_out_of_the_rule_is_caught() -> None:
    spec = broken((FAILOVER_STATES, FAILOVER_STATES.replace("Running in Backup Mode, ", "")))
    message = verdicts(with_spec(load_cluster(TWO_GROUPS), spec))[
        "no_users_added_in_a_cluster_failover"]
    assert message is not None and "Running in Backup Mode" in message


def blocking_while_the_publisher_is_down() -> Spec:
    """The spec with one cluster rule: while the publisher is down, no fallback either (a
    fallback leads to a failover state, which the rule on adding users reads: it goes, so that
    the groups stay independent)."""
    spec = broken((PUBLISHER_RULE[0], PUBLISHER_RULE[0].replace(
        "refuses: add users", "refuses: [add users, fallback, automatic fallback, recovery]")))
    return dataclasses.replace(spec, cluster=spec.cluster[1:])


def test_a_rule_that_blocks_recovery_while_the_publisher_is_down_is_caught() -> None:
    message = verdicts(with_spec(load_cluster(TWO_GROUPS), blocking_while_the_publisher_is_down()))[
        "publisher_failure_recoverable"]
    assert message is not None
    assert message.startswith("while the publisher imp-pub has failed and ")
    assert "cannot get back from" in message


def test_a_group_spec_that_loses_users_fails_in_the_cluster() -> None:
    mutant = load_spec(DEFAULT_SPEC.parent / "mutants" / "kept-users-failover.yaml")
    message = verdicts(with_spec(load_cluster(TWO_GROUPS), mutant))["no_user_lost_in_any_group"]
    assert message is not None and message.startswith("in PRG-East: ")


def test_the_json_report_carries_the_rules_and_each_group_trace() -> None:
    spec = dataclasses.replace(load_spec(DEFAULT_SPEC), cluster=load_spec(DEFAULT_SPEC).cluster[1:])
    document = to_json(check_cluster(with_spec(load_cluster(TWO_GROUPS), spec)))
    assert [r["id"] for r in document["rules"]] == ["no-users-added-while-the-publisher-is-down"]
    failed = next(p for p in document["properties"]
                  if p["name"] == "no_users_added_in_a_cluster_failover")
    assert not failed["holds"]
    assert [t["group"] for t in failed["violations"][0]["traces"]] == ["PRG-West", "PRG-East"]


# -- the check group by group against the product of two groups ----------------------------------


class TwoGroups:
    """Two groups' pairs searched whole, as one graph: a cell (a, b) is group 1 at joint state
    a and group 2 at b; either group takes a step of its pair unless a cluster rule refusing
    its event holds of a node of either group in the cell."""

    def __init__(self, cluster: Cluster, graphs: tuple[Graph, Graph]) -> None:
        self.cluster = cluster
        self.graphs = graphs
        self.rules = cluster.spec.cluster
        self.publisher = [cluster.publisher_node(group) for group in cluster.groups]
        #: Per group, per rule, per joint state: whether the rule holds of the group's nodes.
        self.holding = [[self._holds(g, rule) for rule in self.rules] for g in (0, 1)]

    def _holds(self, group: int, rule: ClusterRule) -> np.ndarray:
        graph = self.graphs[group]
        publisher = self.publisher[group]
        whom = (0, 1) if rule.of == ANY_NODE else (publisher - 1,) if publisher else ()
        return np.array([any(rule_holds(rule, graph.pair.view(state[i])) for i in whom)
                         for state in graph.states], np.bool_)

    def reached(self) -> np.ndarray:
        """Every reachable cell, as a matrix of marks."""
        sizes = [len(g.states) for g in self.graphs]
        seen = np.zeros(sizes[0] * sizes[1], np.bool_)
        seen[0] = True
        frontier = np.array([0], np.int64)
        while len(frontier):
            fresh = np.zeros_like(seen)
            for group in (0, 1):
                cells = self._moves(group, frontier)
                fresh[cells[~seen[cells]]] = True
            frontier = np.flatnonzero(fresh)
            seen |= fresh
        return seen.reshape(sizes)

    def _moves(self, group: int, codes: np.ndarray) -> np.ndarray:
        """The cells (as codes a * size of group 2 + b) one step of ``group`` leads to."""
        width = len(self.graphs[1].states)
        cells = (codes // width, codes % width)
        graph = self.graphs[group]
        steps = graph.steps()
        own, other = cells[group], cells[1 - group]
        counts = steps.first[own + 1] - steps.first[own]
        at = np.repeat(steps.first[own] - np.cumsum(counts) + counts, counts) + np.arange(
            counts.sum())
        cell_of = np.repeat(np.arange(len(codes)), counts)
        refused = np.zeros(len(at), np.bool_)
        for index, rule in enumerate(self.rules):
            refusing = np.array([label.event in rule.refuses for label in graph.labels],
                                np.bool_)[steps.label[at]]
            holds = (self.holding[group][index][own[cell_of]]
                     | self.holding[1 - group][index][other[cell_of]])
            refused |= refusing & holds
        target, rest = steps.target[at[~refused]], other[cell_of[~refused]]
        return target * width + rest if group == 0 else rest * width + target


def product_verdicts(whole: TwoGroups, seen: np.ndarray) -> dict[str, bool]:
    """Whether each property holds, on the product's reachable cells."""
    graphs = whole.graphs
    rules = range(len(whole.rules))
    failover = [np.array([any(in_failover_state(g.pair.spec, g.pair.view(s[i])) for i in (0, 1))
                          for s in g.states], np.bool_) for g in graphs]
    holder = 0 if whole.publisher[0] else 1
    node = whole.publisher[holder]
    assert node is not None
    publisher_down = np.array([publisher_failed(graphs[holder].pair.view(s[node - 1]))
                               for s in graphs[holder].states], np.bool_)
    added = False
    recoverable = True
    for group in (0, 1):
        graph, other = graphs[group], 1 - group
        steps = graph.steps()
        reached = seen if group == 0 else seen.T  # [own, other]
        refusing = [np.array([label.event in rule.refuses for label in graph.labels], np.bool_)
                    for rule in whole.rules]
        adding = adding_marks(graph)
        for position in np.flatnonzero(adding[steps.label]):
            source, label = steps.source[position], steps.label[position]
            blocked = np.zeros(reached.shape[1], np.bool_)
            for r in rules:
                if refusing[r][label]:
                    blocked |= whole.holding[group][r][source] | whole.holding[other][r]
            if (reached[source] & ~blocked & (failover[group][source] | failover[other])).any():
                added = True
        # While the publisher has failed, the group gets back with the other group frozen.
        kept = graph.label_marks(NO_FAULTS)[steps.label]
        goal = goal_marks(graph)
        failed = reached & (publisher_down[:, None] if holder == group
                            else publisher_down[None, :])
        rest_key = sum(whole.holding[other][r].astype(np.int64) << r for r in rules)
        for key in np.unique(rest_key[failed.any(axis=0)]):
            allowed = kept.copy()
            for r in rules:
                allowed &= ~(refusing[r][steps.label]
                             & (bool(key >> r & 1) | whole.holding[group][r][steps.source]))
            back = reaching(steps, goal, allowed)
            starts = failed[:, rest_key == key].any(axis=1)
            if (starts & ~back).any():
                recoverable = False
    lost = any(no_user_lost(graph) is not None for graph in graphs)
    return {"no_users_added_in_a_cluster_failover": not added,
            "publisher_failure_recoverable": recoverable,
            "no_user_lost_in_any_group": not lost}


NO_FAILOVER_RULE = "no failover rule"
BLOCKING = "blocking publisher rule"


def cluster_spec(variant: str | None) -> Spec:
    if variant == NO_FAILOVER_RULE:
        spec = load_spec(DEFAULT_SPEC)
        return dataclasses.replace(spec, cluster=spec.cluster[1:])
    if variant == BLOCKING:
        return blocking_while_the_publisher_is_down()
    return load_spec(DEFAULT_SPEC)


@pytest.mark.parametrize("variant", [None, NO_FAILOVER_RULE, BLOCKING])
def test_group_by_group_is_the_product_of_two_groups(variant: str | None) -> None:
    cluster = with_spec(load_cluster(TWO_GROUPS), cluster_spec(variant))
    spec = with_settings(cluster.spec, dict(cluster.settings))
    configs, _ = clusterwide_configurations(spec)
    config: Config = next(c for c in configs if ("user_assignment_mode", "Active-Standby") in c)
    graphs = tuple(explore(Pair(spec, group_config(spec, cluster, g, config), 0))
                   for g in cluster.groups)
    whole = TwoGroups(cluster, (graphs[0], graphs[1]))
    seen = whole.reached()
    model = ClusterModel(cluster, config, [GroupModel(cluster, g, graph) for g, graph in
                                           zip(cluster.groups, graphs, strict=True)])
    # The reachable cells are every pair of the groups' own graphs' states.
    own = [np.zeros(len(g.states), np.bool_) for g in graphs]
    for marks, group in zip(own, model.groups, strict=True):
        marks[group.graph.origin if group.graph.origin is not None
              else np.arange(len(group.graph.states))] = True
    assert (seen == np.outer(own[0], own[1])).all()
    # The same per-group pairs (both nodes as the page shows them).
    for index, group in enumerate(model.groups):
        projected = {graphs[index].states[s][:2]
                     for s in np.flatnonzero(seen.any(axis=1 - index))}
        assert projected == {state[:2] for state in group.graph.states}
    composed = {name: violation is None for name, violation in check_cluster_model(model)}
    assert composed.pop("groups_independent")
    assert composed == product_verdicts(whole, seen)
    if variant is not None:
        assert not all(composed.values())
