"""A cluster file: the shipped clusters read, and each of the document's rules on a
configuration refused in one line that names the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from prg.model.cluster import REQUIREMENTS, load_cluster
from prg.model.errors import SpecError
from prg.model.load import DEFAULT_SPEC

CLUSTERS = DEFAULT_SPEC.parent / "clusters"

GOOD = f"""\
name: imp-cluster
publisher: imp-pub
group_spec: {DEFAULT_SPEC}
nodes:
  - {{name: imp-pub, version: "15.0.1"}}
  - {{name: imp-sub-1, version: "15.0.1"}}
  - {{name: imp-sub-2}}
  - {{name: imp-sub-3}}
groups:
  - name: PRG-East
    description: Headquarters pair
    nodes: [imp-pub, imp-sub-1]
  - name: PRG-West
    description: Branch pair
    nodes: [imp-sub-2, imp-sub-3]
"""


def refused(tmp_path: Path, old: str, new: str) -> str:
    """The one-line error of GOOD with ``old`` replaced by ``new``."""
    assert old in GOOD
    path = tmp_path / "cluster.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecError) as error:
        load_cluster(path)
    message = str(error.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_the_shipped_clusters_are_read() -> None:
    two = load_cluster(CLUSTERS / "two-groups.yaml")
    assert [g.nodes for g in two.groups] == [("imp-pub", "imp-sub-1"), ("imp-sub-2", "imp-sub-3")]
    assert two.group_settings(two.groups[1]) == {"automatic_fallback": True,
                                                 "high_availability": True}
    three = load_cluster(CLUSTERS / "three-groups.yaml")
    assert len(three.groups) == 3 and three.wan is not None
    assert {g.name: three.group_settings(g)["user_assignment_mode"] for g in three.groups} == {
        "PRG-1": "Active-Standby", "PRG-2": "Active-Standby", "PRG-3": "Active-Standby"}
    assert [three.group_settings(g)["high_availability"] for g in three.groups] == [
        True, True, False]


def test_a_group_has_two_different_nodes(tmp_path: Path) -> None:
    message = refused(tmp_path, "[imp-pub, imp-sub-1]", "[imp-pub]")
    assert ":12: groups[0].nodes: 1 node(s): a presence redundancy group has two nodes" in message
    message = refused(tmp_path, "[imp-pub, imp-sub-1]", "[imp-pub, imp-pub]")
    assert "'imp-pub' twice" in message and "Step 5" in message


def test_a_group_names_nodes_the_file_declares(tmp_path: Path) -> None:
    message = refused(tmp_path, "[imp-pub, imp-sub-1]", "[imp-pubb, imp-sub-1]")
    assert "unknown node 'imp-pubb' (did you mean 'imp-pub'?)" in message


def test_a_node_is_in_one_group_only_and_in_one(tmp_path: Path) -> None:
    message = refused(tmp_path, "[imp-sub-2, imp-sub-3]", "[imp-sub-1, imp-sub-3]")
    assert ":13: groups: imp-sub-1 is in PRG-East and PRG-West" in message
    message = refused(tmp_path, "  - {name: imp-sub-3}\n",
                      "  - {name: imp-sub-3}\n  - {name: imp-sub-4}\n")
    assert ":9: nodes: imp-sub-4 is in no presence redundancy group" in message


def test_both_nodes_share_cluster_publisher_and_version(tmp_path: Path) -> None:
    message = refused(tmp_path, "{name: imp-sub-1, ", "{name: imp-sub-1, cluster: other, ")
    assert "imp-pub and imp-sub-1 have different clusters (imp-cluster, other)" in message
    message = refused(tmp_path, "{name: imp-sub-1, ", "{name: imp-sub-1, publisher: pub-2, ")
    assert "different database publishers (imp-pub, pub-2)" in message
    message = refused(tmp_path, '{name: imp-sub-1, version: "15.0.1"}',
                      '{name: imp-sub-1, version: "14.0.1"}')
    assert "different software versions (15.0.1, 14.0.1)" in message
    assert REQUIREMENTS["same_version"].where in message


@pytest.mark.parametrize(("name", "why"), [
    ("PRG East", "letters, digits, '_' and '-'"),
    ("P" * 129, "at most 128"),
])
def test_a_group_name_follows_the_document(tmp_path: Path, name: str, why: str) -> None:
    message = refused(tmp_path, "name: PRG-East", f"name: {name}")
    assert ":10: groups[0].name:" in message and why in message and "Step 3" in message


def test_group_names_are_unique(tmp_path: Path) -> None:
    message = refused(tmp_path, "name: PRG-West", "name: PRG-East")
    assert "duplicate group name 'PRG-East'" in message


@pytest.mark.parametrize("character", ['"', "%", "&", "/", "\\", "<", ">"])
def test_a_group_description_holds_none_of_the_refused_characters(
        tmp_path: Path, character: str) -> None:
    message = refused(tmp_path, "description: Headquarters pair",
                      f"description: 'Headquarters {character} pair'")
    assert ":11: groups[0].description: a group's description holds" in message
    assert "Step 4" in message


def test_a_group_description_is_at_most_128_characters(tmp_path: Path) -> None:
    message = refused(tmp_path, "description: Headquarters pair", f"description: {'x' * 129}")
    assert "longer than 128 characters" in message


@pytest.mark.parametrize(("link", "why"), [
    ("{bandwidth_mbps: 9, round_trip_ms: 40}", ":4: wan.bandwidth_mbps: 9 Mbit/s"),
    ("{bandwidth_mbps: 10, round_trip_ms: 81}", ":4: wan.round_trip_ms: 81 ms"),
    ("{bandwidth_mbps: 10}", "wan.round_trip_ms: missing"),
])
def test_a_wan_link_meets_the_prerequisites(tmp_path: Path, link: str, why: str) -> None:
    message = refused(tmp_path, "nodes:\n", f"wan: {link}\nnodes:\n")
    assert why in message


def test_clusterwide_settings_are_read_as_set_reads_them(tmp_path: Path) -> None:
    message = refused(tmp_path, "nodes:\n", "set: {automatic_fallback: maybe}\nnodes:\n")
    assert ":4: set: automatic_fallback='maybe': not one of" in message
    message = refused(tmp_path, "nodes:\n", "set: {high_availability: off}\nnodes:\n")
    assert "set per group (groups[].high_availability)" in message


def test_an_unreadable_group_spec_is_named(tmp_path: Path) -> None:
    message = refused(tmp_path, f"group_spec: {DEFAULT_SPEC}", "group_spec: missing.yaml")
    assert ":3: group_spec: missing.yaml:" in message and "cannot read spec" in message

