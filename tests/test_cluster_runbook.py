"""A cluster's runbook: the shipped cluster upgrade is safe; users added to one group while a
node of another is failed over is caught; and the check group by group agrees with the product
of two groups' pairs searched whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prg.model.explore import Graph, explore
from prg.model.load import DEFAULT_SPEC
from prg.model.node import AUTOMATIC, FAULT
from prg.model.product import Pair, users_of
from prg.model.runbook import Runbook, RunbookStep, load_runbook
from prg.model.spec import Spec
from prg.verify.checks.runbook import REFUSED, USERS_ADDED, check_runbook
from prg.verify.tools.runbook import _configurations, _group_config, check_everywhere

from .helpers import refused

SPECS = DEFAULT_SPEC.parent
CLUSTER_UPGRADE = SPECS / "runbooks" / "cluster-upgrade.yaml"
FAIL_OVER_EAST = """\
  - {group: PRG-East, do: failover@1}
  - {group: PRG-East, wait: {node 1: Idle, node 2: Running in Backup Mode}}
"""


def runbook(tmp_path: Path, steps: str) -> Path:
    path = tmp_path / "runbook.yaml"
    path.write_text(f"name: test\ncluster: {SPECS / 'clusters' / 'two-groups.yaml'}\n"
                    f"steps:\n{steps}", encoding="utf-8")
    return path


def test_the_shipped_cluster_upgrade_is_safe(spec: Spec) -> None:
    report = check_everywhere(spec, load_runbook(CLUSTER_UPGRADE, spec))
    assert report.safe and len(report.configurations) == 6
    assert set(report.expected) == {"PRG-East", "PRG-West"}


def test_users_added_to_a_group_while_another_is_failed_over(spec: Spec, tmp_path: Path) -> None:
    path = runbook(tmp_path, FAIL_OVER_EAST + "  - {group: PRG-West, do: add users@1}\n")
    report = check_everywhere(spec, load_runbook(path, spec))
    breach = report.breaches[0]
    assert (breach.kind, breach.group, breach.step) == (USERS_ADDED, "PRG-East", 3)
    assert ("adds users to PRG-West while PRG-East may show node 1 Idle / On Admin Request, "
            "node 2 Running in Backup Mode") in breach.message
    assert breach.steps_taken == (None, 1, None)


@pytest.mark.parametrize(("steps", "why"), [
    ("  - {do: failover@1}\n", "steps[0].group: missing"),
    ("  - {group: PRG-North, do: failover@1}\n", "unknown group 'PRG-North'"),
])
def test_a_bad_cluster_runbook_is_one_line(tmp_path: Path, steps: str, why: str) -> None:
    assert why in refused("runbook", str(runbook(tmp_path, steps)))


def test_a_cluster_runbook_takes_its_spec_from_the_cluster() -> None:
    message = refused("runbook", str(CLUSTER_UPGRADE), "--spec", str(DEFAULT_SPEC))
    assert "--spec: the runbook's cluster" in message


# -- the check group by group against the two groups' product ----------------------------------

Joint = tuple[int, int, int]


class TwoGroups:
    """The cluster's runbook over both groups' pairs at once: a joint state is each group's
    joint state and the steps done; either group takes its own events and faults, and the
    runbook's next step is taken in its group as in one group's check."""

    def __init__(self, book: Runbook, graphs: dict[str, Graph]) -> None:
        self.book = book
        self.names = list(graphs)
        self.graphs = [graphs[name] for name in self.names]

    def own(self, group: int, state: int) -> Iterator[int]:
        graph = self.graphs[group]
        for target, label in graph.edges[state]:
            if graph.pair.event_kind(graph.labels[label].event) in AUTOMATIC | {FAULT}:
                yield target

    def waits_here(self, step: RunbookStep, state: int, group: int) -> bool:
        """Whether the page and the counters of ``group`` show what ``step`` waits for."""
        assert step.until is not None
        graph = self.graphs[group]
        joint = graph.states[state]
        if not all(q is None or q.shown_by(graph.pair.view(node))
                   for q, node in zip(step.until, joint[:2], strict=True)):
            return False
        # X: node 1's users, Y: node 2's; active on a node: connected to it.
        active: list[set[str]] = [set(), set()]
        present = set()
        for home, name in ((1, "X"), (2, "Y")):
            counts = users_of(joint[3], home)
            if counts["assigned"]:
                present.add(name)
            if counts["at_home"]:
                active[home - 1].add(name)
            if counts["at_peer"]:
                active[2 - home].add(name)
        return all(wanted is None or active[node] == wanted & present
                   for node, wanted in enumerate(step.active))

    def successors(self, joint: Joint) -> Iterator[Joint]:
        states, done = [joint[0], joint[1]], joint[2]
        stepping: int | None = None
        if done < len(self.book.steps):
            step = self.book.steps[done]
            stepping = self.names.index(step.group or "")
            graph = self.graphs[stepping]
            if step.until is not None:
                if self.waits_here(step, states[stepping], stepping):
                    yield joint[0], joint[1], done + 1
            else:
                for target, label in graph.edges[states[stepping]]:
                    found = graph.labels[label]
                    if (found.event, found.node) == (step.event, step.node):
                        moved = list(states)
                        moved[stepping] = target
                        yield moved[0], moved[1], done + 1
        for group in (0, 1):
            step = self.book.steps[done] if done < len(self.book.steps) else None
            if (group == stepping and step is not None and step.until is not None
                    and self.waits_here(step, states[group], group)):
                continue  # the waiting group does not move on before its wait ends
            for target in self.own(group, states[group]):
                moved = list(states)
                moved[group] = target
                yield moved[0], moved[1], done

    def reached(self) -> set[Joint]:
        found = {(0, 0, 0)}
        queue = [(0, 0, 0)]
        for joint in queue:
            for after in self.successors(joint):
                if after not in found:
                    found.add(after)
                    queue.append(after)
        return found


@pytest.mark.parametrize("steps", [
    None,  # the shipped cluster upgrade
    FAIL_OVER_EAST + "  - {group: PRG-West, do: failover@1}\n  - {group: PRG-East, do: "
                     "fallback@1}\n  - {group: PRG-West, do: fallback@1}\n",
    FAIL_OVER_EAST + "  - {group: PRG-West, do: reboot@1}\n  - {group: PRG-East, do: reboot@2}\n",
])
def test_group_by_group_is_the_product_of_the_two_groups(spec: Spec, tmp_path: Path,
                                                         steps: str | None) -> None:
    path = CLUSTER_UPGRADE if steps is None else runbook(tmp_path, steps)
    book = load_runbook(path, spec)
    assert book.cluster is not None
    spec = book.cluster.spec
    configs, _ = _configurations(spec, book)
    config = configs[0]
    graphs = {g: explore(Pair(spec, _group_config(spec, book, g, config), 0))
              for g in ("PRG-East", "PRG-West")}
    whole = TwoGroups(book, graphs).reached()
    for index, (group, graph) in enumerate(graphs.items()):
        projected = {(joint[index], joint[2]) for joint in whole}
        assert check_runbook(book, graph, group).reached == projected, group


def test_users_added_while_the_publisher_reboots_are_refused(spec: Spec, tmp_path: Path) -> None:
    # PRG-East without high availability: rebooting imp-pub fails nothing over, and only the
    # cluster's rule on the publisher refuses PRG-West's new users.
    cluster = tmp_path / "cluster.yaml"
    cluster.write_text((SPECS / "clusters" / "two-groups.yaml").read_text(encoding="utf-8")
                       .replace("../presence-redundancy.yaml", str(DEFAULT_SPEC))
                       .replace("    description: Headquarters pair\n",
                                "    description: Headquarters pair\n    high_availability: false\n"),
                       encoding="utf-8")
    path = tmp_path / "runbook.yaml"
    path.write_text(f"name: test\ncluster: {cluster}\nsteps:\n"
                    "  - {group: PRG-East, do: reboot@1}\n"
                    "  - {group: PRG-West, do: add users@1}\n", encoding="utf-8")
    report = check_everywhere(spec, load_runbook(path, spec))
    breach = report.breaches[0]
    assert (breach.kind, breach.group, breach.step) == (REFUSED, "PRG-East", 2)
    assert "no-users-added-while-the-publisher-is-down" in breach.message
    assert "PRG-East may show node 1 down" in breach.message
