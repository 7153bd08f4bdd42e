"""A cluster: IM and Presence nodes, the presence redundancy groups they form, and what the
groups share, read from a cluster file and checked against what the document requires of a
configuration.

A cluster file names the cluster, its IM and Presence database publisher, the group spec every
group reuses (``group_spec``, a path relative to the file), its nodes (each with the cluster and
the publisher it belongs to, and its software version where known), its groups (a name, a
description, two nodes, high availability on or off, and the options fixed for that group as
``--set`` fixes them) and, where the cluster spans a WAN, the link's dedicated bandwidth and
round-trip latency. Every breach of the document's rules is one line naming the file, the line
and the field; ``REQUIREMENTS`` cites the sentence each rule comes from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .errors import PrgError
from .guards import NONE, holds
from .load import invalid_as_error, load_spec, yaml_document
from .load_core import fail, keys, mapping, sequence, text_of, unknown
from .node import NodeView
from .product import Config, configurations, default_config
from .settings import read_settings
from .spec import ANY_NODE, DOWN, ClusterRule, Spec, Value
from .yaml_lines import LDict


@dataclass(frozen=True)
class Requirement:
    """A rule of the document a cluster file is checked against: where the document says it,
    its sentence, and prg's decision where the document leaves something open."""

    where: str
    says: str
    decision: str | None = None


#: Each rule a cluster file is checked against.
REQUIREMENTS: dict[str, Requirement] = {
    "two_nodes": Requirement(
        "Configure a Presence Redundancy Group",
        "Each presence redundancy group can contain two IM and Presence Service nodes.",
        "High Availability also allows a group of a single node; prg models a pair, so a group "
        "names two nodes."),
    "different_nodes": Requirement(
        "Configure a Presence Redundancy Group, Step 5",
        "Choose two different IM and Presence Service nodes in the Presence Server fields to "
        "assign them to the group."),
    "one_group": Requirement(
        "Configure a Presence Redundancy Group",
        "Each node can be assigned to only one presence redundancy group."),
    "every_node_in_a_group": Requirement(
        "High Availability",
        "All IM and Presence Service nodes must belong to a presence redundancy group."),
    "same_cluster": Requirement(
        "Configure a Presence Redundancy Group",
        "Both nodes in the presence redundancy group must be on the same cluster and have the "
        "same IM and Presence Service database publisher node."),
    "same_version": Requirement(
        "Configure a Presence Redundancy Group, Before you begin",
        "Ensure that the IM and Presence Service nodes you are adding to a presence redundancy "
        "group are running the same software version."),
    "group_name": Requirement(
        "Configure a Presence Redundancy Group, Step 3",
        "Enter a unique name for the presence redundancy group. You can enter a maximum of 128 "
        "alphanumeric characters, including underscore (_) and dash (-)."),
    "group_description": Requirement(
        "Configure a Presence Redundancy Group, Step 4",
        "You can enter a maximum of 128 alphanumeric characters including symbols, but it "
        "cannot include double-quotes (\"), percentage sign (%), ampersand (&), forward slash "
        "(\\), or angle brackets (<>).",
        "The document names a forward slash but prints a backslash: both are refused."),
    "wan": Requirement(
        "Presence Redundancy Group Prerequisites",
        "For deployments over the WAN, a minimum of 10 megabits per second of dedicated "
        "bandwidth is required for each IM and Presence Service cluster, with no more than an "
        "80-millisecond round-trip latency."),
}

NAME_LENGTH = 128
DESCRIPTION_LENGTH = 128
_NAME = re.compile(r"[A-Za-z0-9_-]+")
#: The characters a group's description may not hold (see ``REQUIREMENTS``).
REFUSED_IN_DESCRIPTION = '"%&\\/<>'
WAN_MIN_BANDWIDTH_MBPS = 10
WAN_MAX_ROUND_TRIP_MS = 80


@dataclass(frozen=True)
class ClusterNode:
    """An IM and Presence node: its cluster, its database publisher, its software version
    (None where the file does not say)."""

    name: str
    cluster: str
    publisher: str
    version: str | None
    line: int


@dataclass(frozen=True)
class Group:
    """A presence redundancy group: its two nodes (node 1, node 2) and whether high
    availability is enabled for it (Configure a Presence Redundancy Group, step 6)."""

    name: str
    description: str
    nodes: tuple[str, str]
    high_availability: bool
    line: int


@dataclass(frozen=True)
class Wan:
    """The WAN link a cluster spans: its dedicated bandwidth and round-trip latency."""

    bandwidth_mbps: int
    round_trip_ms: int
    line: int


@dataclass(frozen=True)
class Cluster:
    """A cluster file, read and checked: the group spec every group reuses, the clusterwide
    settings (the Server Recovery Manager's and the enterprise parameters, as ``--set`` gives
    them), the nodes, the groups and the WAN link (None where the cluster is on one site)."""

    path: str
    name: str
    publisher: str
    spec: Spec
    settings: tuple[tuple[str, Value], ...]
    nodes: tuple[ClusterNode, ...]
    groups: tuple[Group, ...]
    wan: Wan | None

    def node(self, name: str) -> ClusterNode:
        return next(n for n in self.nodes if n.name == name)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def group_settings(self, group: Group) -> dict[str, Value]:
        """The settings a group's pair is checked under: the clusterwide ones and its own
        high availability."""
        found = dict(self.settings)
        key = high_availability_option(self.spec)
        if key is not None:
            found[key] = group.high_availability
        return found

    def publisher_node(self, group: Group) -> int | None:
        """Which node of ``group`` (1 or 2) is the cluster's database publisher, if either."""
        return next((i + 1 for i, name in enumerate(group.nodes) if name == self.publisher),
                    None)

    def holds_in(self, rule: ClusterRule, group: Group, views: Sequence[NodeView]) -> bool:
        """Whether ``rule``'s condition holds of ``group``'s nodes (node 1, node 2 shown as
        ``views``): of one of those it reads (``read_by``)."""
        return any(rule_holds(rule, views[index]) for index in self.read_by(rule, group))

    def read_by(self, rule: ClusterRule, group: Group) -> tuple[int, ...]:
        """The nodes of ``group`` (0: node 1, 1: node 2) whose condition ``rule`` reads: either
        for a rule on any node, the publisher where it is one of them, else none."""
        if rule.of == ANY_NODE:
            return (0, 1)
        publisher = self.publisher_node(group)
        return () if publisher is None else (publisher - 1,)


def clusterwide_configurations(spec: Spec) -> tuple[tuple[Config, ...], Config]:
    """The configurations of a cluster whose settings ``spec`` carries (``with_settings``),
    and the default among them: each of the spec's, without high availability, which each
    group sets for itself."""
    key = high_availability_option(spec)

    def clusterwide(config: Config) -> Config:
        return tuple((k, v) for k, v in config if k != key)

    configs = tuple(dict.fromkeys(clusterwide(c) for c in configurations(spec)))
    return configs, clusterwide(default_config(spec))


def group_config(spec: Spec, cluster: Cluster, group: Group, config: Config) -> Config:
    """The configuration of ``group``'s pair in the clusterwide ``config``: its own high
    availability added."""
    values = {**dict(config), **cluster.group_settings(group)}
    return tuple((o.key, values[o.key]) for o in spec.options if o.explore)


_KEYS = ("name", "publisher", "group_spec", "wan", "set", "nodes", "groups")
_NODE_KEYS = ("name", "cluster", "publisher", "version")
_GROUP_KEYS = ("name", "description", "nodes", "high_availability")
_WAN_KEYS = ("bandwidth_mbps", "round_trip_ms")


def _breach(line: int | None, field: str, what: str, rule: str) -> NoReturn:
    """Stop reading: the file breaks ``rule`` of ``REQUIREMENTS``, as ``what`` says."""
    fail(line, field, f"{what} ({REQUIREMENTS[rule].where})")


def load_cluster(path: str | Path) -> Cluster:
    """Read and check the cluster file at ``path`` (``SpecError``, one line, on a breach)."""
    document = yaml_document(path, "cluster file", "cluster")
    with invalid_as_error(str(path)):
        return _read(document, Path(path), str(path))


def _read(document: LDict, file: Path, shown: str) -> Cluster:
    keys(document, "cluster", _KEYS)
    name = text_of(document, "name", "cluster")
    publisher = text_of(document, "publisher", "cluster")
    spec_path = text_of(document, "group_spec", "cluster")
    try:
        spec = load_spec(file.parent / spec_path)
    except PrgError as error:
        fail(document.lines["group_spec"], "group_spec", f"{spec_path}: {error}")
    nodes = tuple(_node(item, line, f"nodes[{i}]", name, publisher)
                  for i, (item, line) in enumerate(_entries(document, "nodes")))
    known: dict[str, ClusterNode] = {}
    for node in nodes:
        if node.name in known:
            fail(node.line, "nodes", f"duplicate node {node.name!r}")
        known[node.name] = node
    if publisher not in known:
        fail(document.lines["publisher"], "publisher",
             unknown("node", publisher, list(known)) + ": the database publisher is one of "
             "the cluster's IM and Presence nodes")
    groups = tuple(_group(item, line, f"groups[{i}]", known)
                   for i, (item, line) in enumerate(_entries(document, "groups")))
    _check_groups(groups, nodes, document)
    wan = _wan(document) if "wan" in document else None
    return Cluster(shown, name, publisher, spec, _settings(document, spec), nodes, groups, wan)


def _entries(document: LDict, key: str) -> list[tuple[LDict, int]]:
    if key not in document:
        fail(document.line, key, "missing section")
    entries = sequence(document[key], document.lines[key], key)
    if not entries:
        fail(document.lines[key], key, "empty list")
    return [(mapping(item, line, f"{key}[{i}]"), line)
            for i, (item, line) in enumerate(zip(entries, entries.lines, strict=True))]


def _node(item: LDict, line: int, field: str, cluster: str, publisher: str) -> ClusterNode:
    keys(item, field, _NODE_KEYS)
    version = _scalar_text(item, "version", field) if "version" in item else None
    return ClusterNode(
        text_of(item, "name", field),
        text_of(item, "cluster", field) if "cluster" in item else cluster,
        text_of(item, "publisher", field) if "publisher" in item else publisher,
        version, line)


def _scalar_text(item: LDict, key: str, field: str) -> str:
    """A value written as text or as a number (a version such as 15.0)."""
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value):
        fail(item.lines[key], f"{field}.{key}", f"expected text, got {value!r}")
    return str(value).strip()


def _group(item: LDict, line: int, field: str, known: dict[str, ClusterNode]) -> Group:
    keys(item, field, _GROUP_KEYS)
    name = text_of(item, "name", field)
    if len(name) > NAME_LENGTH or not _NAME.fullmatch(name):
        _breach(item.lines["name"], f"{field}.name",
                f"{name[:40]!r}: a group's name is at most {NAME_LENGTH} letters, digits, '_' "
                "and '-'", "group_name")
    description = text_of(item, "description", field, required=False)
    refused = sorted(set(description) & set(REFUSED_IN_DESCRIPTION))
    if len(description) > DESCRIPTION_LENGTH or refused:
        what = (f"holds {' '.join(refused)}" if refused
                else f"is longer than {DESCRIPTION_LENGTH} characters")
        _breach(item.lines["description"], f"{field}.description",
                f"a group's description {what}", "group_description")
    if "nodes" not in item:
        fail(line, f"{field}.nodes", "missing")
    names = sequence(item["nodes"], item.lines["nodes"], f"{field}.nodes")
    if len(names) != 2:
        _breach(item.lines["nodes"], f"{field}.nodes",
                f"{len(names)} node(s): a presence redundancy group has two nodes here",
                "two_nodes")
    for node in names:
        if node not in known:
            fail(item.lines["nodes"], f"{field}.nodes", unknown("node", node, list(known)))
    if names[0] == names[1]:
        _breach(item.lines["nodes"], f"{field}.nodes",
                f"{names[0]!r} twice: a group's two nodes are different nodes",
                "different_nodes")
    first, second = known[names[0]], known[names[1]]
    for what, one, other, rule in (
            ("cluster", first.cluster, second.cluster, "same_cluster"),
            ("database publisher", first.publisher, second.publisher, "same_cluster"),
            ("software version", first.version, second.version, "same_version")):
        if one is not None and other is not None and one != other:
            _breach(item.lines["nodes"], f"{field}.nodes",
                    f"{first.name} and {second.name} have different {what}s ({one}, {other}): "
                    f"a group's nodes share their {what}", rule)
    high_availability = item.get("high_availability", True)
    if not isinstance(high_availability, bool):
        fail(item.lines["high_availability"], f"{field}.high_availability",
             f"expected true or false, got {high_availability!r}")
    return Group(name, description, (names[0], names[1]), high_availability, line)


def _settings(document: LDict, spec: Spec) -> tuple[tuple[str, Value], ...]:
    """The clusterwide settings (``set``), as ``--set`` reads them."""
    settings = settings_of(document, spec)
    for key, _ in settings:
        if key == high_availability_option(spec):
            fail(document.lines["set"], "set", f"{key} is set per group "
                 "(groups[].high_availability), not for the whole cluster")
    return settings


def settings_of(document: LDict, spec: Spec) -> tuple[tuple[str, Value], ...]:
    """The settings a file fixes under ``set`` (none where it has none), read as ``--set``
    reads them (an option or a parameter, by key or by its name in the document)."""
    if "set" not in document:
        return ()
    fixed = mapping(document["set"], document.lines["set"], "set")
    texts = [f"{key}={_written(value)}" for key, value in fixed.items()]
    try:
        return tuple((s.key, s.value) for s in read_settings(spec, texts))
    except PrgError as error:
        fail(document.lines["set"], "set", str(error).removeprefix("--set "))


def high_availability_option(spec: Spec) -> str | None:
    """The key of the option that enables high availability (the one that ``sets: ha``)."""
    return next((o.key for o in spec.options if o.sets == "ha"), None)


def _written(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _check_groups(groups: tuple[Group, ...], nodes: tuple[ClusterNode, ...],
                  document: LDict) -> None:
    seen: dict[str, Group] = {}
    names: set[str] = set()
    for group in groups:
        if group.name in names:
            _breach(group.line, "groups", f"duplicate group name {group.name!r}", "group_name")
        names.add(group.name)
        for name in group.nodes:
            if name in seen:
                _breach(group.line, "groups",
                        f"{name} is in {seen[name].name} and {group.name}: a node is in one "
                        "presence redundancy group only", "one_group")
            seen[name] = group
    for node in nodes:
        if node.name not in seen:
            _breach(node.line, "nodes", f"{node.name} is in no presence redundancy group: "
                    "every node belongs to one", "every_node_in_a_group")


def _wan(document: LDict) -> Wan:
    item = mapping(document["wan"], document.lines["wan"], "wan")
    keys(item, "wan", _WAN_KEYS)
    values: dict[str, int] = {}
    for key in _WAN_KEYS:
        if key not in item:
            fail(item.line, f"wan.{key}", "missing")
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail(item.lines[key], f"wan.{key}", f"expected a whole number, got {value!r}")
        values[key] = value
    if values["bandwidth_mbps"] < WAN_MIN_BANDWIDTH_MBPS:
        _breach(item.lines["bandwidth_mbps"], "wan.bandwidth_mbps",
                f"{values['bandwidth_mbps']} Mbit/s: a cluster over the WAN needs at least "
                f"{WAN_MIN_BANDWIDTH_MBPS} Mbit/s of dedicated bandwidth", "wan")
    if values["round_trip_ms"] > WAN_MAX_ROUND_TRIP_MS:
        _breach(item.lines["round_trip_ms"], "wan.round_trip_ms",
                f"{values['round_trip_ms']} ms: a cluster over the WAN needs a round trip of at "
                f"most {WAN_MAX_ROUND_TRIP_MS} ms", "wan")
    return Wan(values["bandwidth_mbps"], values["round_trip_ms"], item.line)


# -- what the groups of a cluster share -------------------------------------------------------


def rule_holds(rule: ClusterRule, view: NodeView) -> bool:
    """Whether one of a cluster rule's conditions holds of a node, read as the node is shown:
    its state ``down`` while it is down (and no reason), its facts, whether it is healthy."""
    shown: dict[str, Value] = {
        "state": view.state if view.state is not None else DOWN,
        "reason": view.reason if view.reason is not None else NONE,
        "healthy": view.healthy,
        **view.facts,
    }
    return any(holds(guard.atoms, shown) for guard in rule.when)


def in_failover_state(spec: Spec, view: NodeView) -> bool:
    """Whether a node shows a failover state in the sense of Adding Users (``failover``)."""
    return view.up and any(s.failover and s.name == view.state for s in spec.states)


def publisher_failed(view: NodeView) -> bool:
    """Whether the database publisher has failed: its node is down or not healthy."""
    return not view.up or not view.healthy
