"""Configurations that share their transitions are searched once; each keeps its own graph,
verdicts and shortest traces."""

from __future__ import annotations

from prg.model.explore import explore
from prg.model.product import Pair, configuration_groups
from prg.model.spec import Spec
from prg.verify.checks.properties import PROPERTIES
from prg.verify.report import check_group

from .helpers import broken


def test_high_availability_off_and_on_share_one_search(spec: Spec) -> None:
    groups = configuration_groups(spec)
    assert len(groups) == 12
    assert all({dict(c)["high_availability"] for c in group} == {True, False}
               for group in groups)


def test_a_group_gives_each_configuration_its_own_graph(spec: Spec) -> None:
    group = configuration_groups(spec)[0]
    results = check_group(spec, group, fault_budget=0)
    for config, checked in zip(group, results, strict=True):
        alone = explore(Pair(spec, config, fault_budget=0))
        result = checked.result
        assert result.config == dict(config)
        assert result.joint_states == len(alone.states)
        assert result.transitions == alone.transitions
        for prop in PROPERTIES:
            if not prop.existential:
                holds = result.verdicts[prop.name].violated is None
                assert holds == (prop.check(alone) is None)


def test_a_violation_is_shown_from_its_own_configuration() -> None:
    spec = broken(("  - name: Failing Over\n    class: transient\n",
                   "  - name: Failing Over\n    class: transient\n    serves: [own]\n"))
    results = check_group(spec, configuration_groups(spec)[0], fault_budget=0)
    for checked in results:
        found = checked.result.verdicts["no_split_brain"].violated
        assert found is not None and found.counterexample is not None
        events = [step.event for step in found.counterexample]
        if checked.result.config["high_availability"]:
            assert events == [None, "failover"]
        else:
            assert events == [None, "enable high availability", "failover"]


def test_the_pair_gives_each_step_with_its_label(spec: Spec) -> None:
    pair = Pair(spec, configuration_groups(spec)[0][0], fault_budget=0)
    steps = {(label.event, label.node): joint for label, joint in pair.successors(pair.initial)}
    after_failover = steps[("failover", 1)]
    assert pair.view(after_failover[0]).state == "Failing Over"
    assert pair.view(after_failover[1]).state == "Taking Over"
    assert ("takeover complete", 1) not in steps
