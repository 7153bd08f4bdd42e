"""Rule analysis: the bundled spec's rules are deterministic and complete, and broken specs
name the situation (node, state, event, guard values) and the spec lines."""

from __future__ import annotations

import itertools

import pytest
import z3
from prg.model.explore import Graph
from prg.model.guards import NONE, holds
from prg.model.node import NodeSemantics
from prg.model.spec import Spec
from prg.verify.checks.guard_formulas import SOURCE, GuardFormulas
from prg.verify.checks.rules import rules_complete, rules_deterministic
from prg.verify.checks.spec_properties import SPEC_PROPERTIES, description, spec_properties

from .helpers import MODEL_MD, SPEC_TEXT, broken

RELOGIN_IGNORED = """  - on: client re-login
    from: any
    when: {serves_own: false, peer.serves_guests: false}
"""


def test_the_bundled_spec_is_deterministic_and_complete(spec: Spec) -> None:
    assert rules_deterministic(spec) is None
    assert rules_complete(spec) is None


def test_an_intended_choice_is_not_a_violation_but_an_unmarked_one_is() -> None:
    spec = broken((("    send: peer failed\n    choice: the node may or may not go into a failed "
                   "state\n"), "    send: peer failed\n"))
    violation = rules_deterministic(spec)
    assert violation is not None
    situation = violation.situations[0]
    assert (situation.state, situation.event) == ("down", "restore network")
    assert "network-restored and network-restored-failed both apply" in situation.what
    assert situation.values["network"] == "down" and situation.values["ha"] is True
    lines = [SPEC_TEXT[:SPEC_TEXT.index(f"  - id: {rule}\n")].count("\n") + 1
             for rule in ("network-restored", "network-restored-failed")]
    assert set(lines) <= set(violation.lines)


def test_overlapping_guards_are_named_with_the_values_where_they_meet() -> None:
    spec = broken((("    when: {critical: up, database: down}\n    to: Running in Failed Mode\n"
                   "    reason: Start of Critical Services Failed\n"),
                   ("    when: {database: down}\n    to: Running in Failed Mode\n"
                   "    reason: Start of Critical Services Failed\n")))
    violation = rules_deterministic(spec)
    assert violation is not None
    assert [s.text() for s in violation.situations] == [
        ("takeback complete on node 1 in Taking Back with critical=down, database=down: rules "
        "takeback-start-failed-critical and takeback-start-failed-database both apply")]
    assert violation.message.startswith("1 situation with more than one response: ")


def test_a_rule_that_handles_an_ignored_event_is_a_violation() -> None:
    spec = broken((RELOGIN_IGNORED, RELOGIN_IGNORED.replace("serves_own: false, ", "")))
    violation = rules_deterministic(spec)
    assert violation is not None
    assert all(s.event == "client re-login" for s in violation.situations)
    assert "rule relogin-home handles what the spec says is ignored" in violation.message


def test_an_event_neither_handled_nor_ignored_is_named_per_state() -> None:
    spec = broken((RELOGIN_IGNORED, RELOGIN_IGNORED.replace(
        "peer.serves_guests: false}", "peer.serves_guests: false, node: 1}")))
    violation = rules_complete(spec)
    assert violation is not None
    assert {s.node for s in violation.situations} == {2}
    assert len({s.state for s in violation.situations}) == len(spec.states) + 1
    # The node is named by the situation, not repeated among the values.
    assert all(s.values["serves_own"] is False and s.values["peer.serves_guests"] is False
               and "node" not in s.values for s in violation.situations)
    assert "15 situations the spec says nothing about: client re-login on node 2" in (
        violation.message)


def test_a_message_is_never_asked_of_a_node_that_is_down() -> None:
    entry = """  - on: peer took back
    from: {not: [down, Falling Back]}
"""
    spec = broken((entry, entry.replace("{not: [down, Falling Back]}", "[Normal]")))
    violation = rules_complete(spec)
    assert violation is not None
    states = {s.state for s in violation.situations}
    assert "down" not in states and "Idle" in states and "Normal" not in states


def test_the_spec_properties_are_report_entries_by_z3(spec: Spec) -> None:
    entries = spec_properties(spec)
    assert [e.name for e in entries] == [
        "rules_deterministic", "rules_complete", "parameters_consistent"]
    assert all(e.engine == "z3" and e.holds for e in entries)


def test_a_violated_rule_property_lists_its_situations_in_the_report() -> None:
    spec = broken((RELOGIN_IGNORED, RELOGIN_IGNORED.replace(
        "peer.serves_guests: false}", "peer.serves_guests: false, node: 1}")))
    entry = next(e for e in spec_properties(spec) if e.name == "rules_complete")
    assert entry.status == "violated" and entry.counterexample is None
    assert entry.situations is not None
    assert {(s.event, s.node) for s in entry.situations} == {("client re-login", 2)}
    assert entry.situations[0].values["serves_own"] is False


def test_the_model_page_describes_the_spec_properties() -> None:
    text = MODEL_MD.read_text(encoding="utf-8")
    for check in SPEC_PROPERTIES:
        name = check.__name__
        assert f'| <a id="{name}"></a>`{name}` | {description(check)} |' in text


def test_the_definitions_give_the_derived_variables_the_product_computes(spec: Spec) -> None:
    """For every node state and facts, the product's own and peer variables satisfy the
    definitions, and no other value of a derived variable does."""
    formulas = GuardFormulas(spec)
    node = NodeSemantics(spec)
    solver = z3.Solver()
    solver.add(*formulas.definitions)
    derived = ("healthy", "serves_own", "serves_guests")
    derived += tuple(f"peer.{name}" for name in derived)
    for state, facts in itertools.product(spec.states,
                                          itertools.product(*(f.values for f in spec.facts))):
        saved = "Normal" if state.resumes else NONE
        local = (state.name, "Normal", saved, *facts)
        info = node.info(local)  # type: ignore[arg-type]
        if not info.up:
            local = (state.name, NONE, saved, *facts)
        own = node.own_variables(local, info, True, 0, {})  # type: ignore[arg-type]
        # The node and its peer alike: a node that does not hear sees its peer down.
        peer = node.peer_variables(local, info, info.hears)  # type: ignore[arg-type]
        known = {SOURCE: state.name if info.up else "down", **own, **peer}
        given = [formulas.is_value(name, value) for name, value in known.items()
                 if name in formulas.domains and name not in derived]
        assert solver.check(*given) == z3.sat, known
        # What a peer not heard, or down while its services run, serves is not read off the
        # state it is seen in (down).
        running = not any(dict(zip(node.fact_names, facts, strict=True))[name] in values
                          for name, values in node.stops_services.items())
        unread = not info.hears or (not info.up and running)
        decided = [n for n in derived if not (unread and n.startswith("peer.serves"))]
        other = z3.Or(*(formulas.is_value(name, not known[name]) for name in decided))
        assert solver.check(*given, other) == z3.unsat, known


@pytest.mark.slow
def test_the_explored_pair_agrees_in_every_reachable_situation(
    spec: Spec, default_graph: Graph
) -> None:
    """Where Z3 proves the rules deterministic and complete for every valuation, the explicit
    product agrees on every situation it reaches: at most one rule (or one intended choice)
    is enabled per event, and where none is, an ignored entry holds."""
    pair = default_graph.pair
    messages = {e.name for e in spec.events if e.kind == "message"}
    for n1, n2, ha in {(s[0], s[1], s[2]) for s in default_graph.states}:
        for index, (me, peer) in enumerate(((n1, n2), (n2, n1))):
            source = pair.visible_state(me)
            local, peer_local = pair.local(me), pair.local(peer)
            node = pair.semantics
            variables = {
                **node.own_variables(local, node.info(local), ha, index, pair.config),
                **node.peer_variables(peer_local, node.info(peer_local),
                                      node.info(local).hears),
            }
            for event in spec.events:
                if event.name in messages and source == "down":
                    continue
                rules = pair.enabled_rules(event.name, me, peer, ha, index)
                assert len(rules) <= 1 or len({r.choice for r in rules} - {None}) == 1, rules
                if not rules:
                    assert any(source in entry.sources and holds(entry.guard.atoms, variables)
                               for entry in spec.ignored if event.name in entry.events), (
                        event.name, source, variables)
