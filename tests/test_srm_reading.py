"""Both readings of a stopped SRM: the document shows a node whose SRM is not running as down
(row 16) and does not say whether its other services stop with it. The model holds both, as two
faults (SRM stopped, SRM stopped alone); what the second breaks is a finding, and pinning one
reading (``srm_stop_reading``) checks it alone."""

from __future__ import annotations

from prg.model.explore import Graph, explore
from prg.model.node import NodeSemantics
from prg.model.product import Pair, configured_out, default_config, option_values
from prg.model.settings import with_settings
from prg.model.spec import Spec
from prg.verify.checks.causes import cause_outcomes, causes_lead_to_rows
from prg.verify.checks.findings import judge
from prg.verify.checks.properties import PROPERTIES, no_split_brain

from .helpers import SPEC_TEXT, error_of
from .test_causes import ELSEWHERE
from .test_partition import walk

SPLIT_BRAIN = next(p for p in PROPERTIES if p.name == "no_split_brain")


def _with_srm(spec: Spec, value: str) -> tuple[str, ...]:
    semantics = NodeSemantics(spec)
    local = list(semantics.initial())
    local[3 + semantics.fact_names.index("srm")] = value
    return tuple(local)


def test_a_node_whose_srm_stopped_alone_is_down_yet_serves(spec: Spec) -> None:
    semantics = NodeSemantics(spec)
    alone = semantics.view(_with_srm(spec, "stopped_alone"))  # type: ignore[arg-type]
    stopped = semantics.view(_with_srm(spec, "stopped"))  # type: ignore[arg-type]
    assert (alone.up, alone.state, alone.serves_own) == (False, None, True)
    assert (stopped.up, stopped.state, stopped.serves_own) == (False, None, False)


def test_the_peer_takes_over_users_the_node_still_serves(spec: Spec) -> None:
    pair = Pair(spec, default_config(spec), 1)
    joint = walk(pair, [("SRM stopped alone", 1, None), ("heartbeat timeout", 2, None)])
    first, second = pair.view(joint[0]), pair.view(joint[1])
    assert first.serves_own and not first.up
    assert (second.state, second.reason, second.serves_guests) == ("Taking Over", "Peer Down",
                                                                   True)


def test_the_split_brain_of_the_second_reading_is_a_finding(default_graph: Graph) -> None:
    judged = judge(SPLIT_BRAIN, default_graph)
    assert judged.findings == ("partition-split-brain", "srm-stopped-alone-split-brain")
    without_partition = default_graph.without_events(["link partition"])
    violation = no_split_brain(without_partition)
    assert violation is not None and violation.path is not None
    assert [(label.event, label.node) for label, _ in violation.path[1:]] == [
        ("SRM stopped alone", 1), ("heartbeat timeout", 2)]
    assert no_split_brain(without_partition.without_events(["SRM stopped alone"])) is None


def test_pinning_a_reading_checks_it_alone(spec: Spec) -> None:
    stopping = with_settings(spec, {"srm_stop_reading": "services stop"})
    graph = explore(Pair(stopping, default_config(stopping), 1))
    assert not any(label.event == "SRM stopped alone" for label in graph.labels)
    assert no_split_brain(graph.without_events(["link partition"])) is None
    assert judge(SPLIT_BRAIN, graph).findings == ("partition-split-brain",)
    serving = with_settings(spec, {"srm_stop_reading": "services keep serving"})
    graph = explore(Pair(serving, default_config(serving), 1))
    assert not any(label.event == "SRM stopped" for label in graph.labels)
    assert no_split_brain(graph.without_events(["link partition"])) is not None


def test_a_value_that_still_serves_must_put_the_node_down() -> None:
    old = "    still_serving: [stopped_alone]\n"
    assert SPEC_TEXT.count(old) == 1
    message = error_of(SPEC_TEXT.replace(old, "    still_serving: [running]\n"))
    assert message.endswith("facts[1].still_serving: 'running' is not one of down_when: only a "
                            "node that is down can still serve")


def test_a_pinned_reading_leaves_the_other_out_of_the_properties_about_every_configuration(
        spec: Spec) -> None:
    stopping = with_settings(spec, {"srm_stop_reading": "services stop"})
    values = [option_values(stopping, default_config(stopping))]
    alone = next(rule for rule in stopping.rules if rule.id == "srm-stops-alone")
    assert configured_out(alone, values)
    assert not configured_out(alone, [option_values(spec, default_config(spec))])
    outcomes = [cause_outcomes(explore(Pair(stopping, default_config(stopping), 1))),
                ELSEWHERE]
    assert causes_lead_to_rows(stopping, outcomes, 1, values) is None
    violation = causes_lead_to_rows(stopping, outcomes, 1)
    assert violation is not None
    assert violation.message.startswith("row 16: SRM stopped alone on node 1: then the pair's "
                                        "own events lead to the row in no configuration")
