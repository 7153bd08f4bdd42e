"""Engines agree: on random small specs and random configurations, prg's explorer and a plain
networkx search (and every engine in ``ENGINES``) find the same reachable joint states, the same
verdict for every property and the same shortest witness length for every Table 2 row."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prg.model.load import DEFAULT_SPEC, load_spec, load_spec_text
from prg.model.product import configurations
from prg.model.spec import Spec

from .engines import ENGINES, SLOW_ENGINES, Engine, explicit
from .random_specs import small_specs

AGREEMENT = settings(max_examples=100, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def agree(engines: dict[str, Engine], text: str, choice: st.DataObject,
          fault_budget: int) -> None:
    """Each of ``engines`` finds what the explorer finds on one random spec."""
    spec = load_spec_text(text, "random.yaml")
    config = choice.draw(st.sampled_from(configurations(spec)), label="configuration")
    reference = explicit(spec, config, fault_budget)
    for name, engine in engines.items():
        found = engine(spec, config, fault_budget)
        if found.reachable is not None:
            assert found.reachable == reference.reachable, name
        assert found.verdicts == {p: reference.verdicts[p] for p in found.verdicts}, name
        assert found.witness_lengths == reference.witness_lengths, name


@pytest.mark.slow
@AGREEMENT
@given(text=small_specs(), choice=st.data(), fault_budget=st.integers(0, 2))
def test_every_engine_agrees_with_the_explorer(
    text: str, choice: st.DataObject, fault_budget: int
) -> None:
    agree(ENGINES, text, choice, fault_budget)


@pytest.mark.slow
@settings(AGREEMENT, max_examples=25)
@given(text=small_specs(), choice=st.data(), fault_budget=st.integers(0, 2))
def test_the_z3_engine_agrees_with_the_explorer(
    text: str, choice: st.DataObject, fault_budget: int
) -> None:
    agree(SLOW_ENGINES, text, choice, fault_budget)


@pytest.mark.slow
def test_the_engines_agree_on_the_bundled_spec(spec: Spec) -> None:
    config = configurations(spec)[0]
    outcomes = {name: engine(spec, config, 0) for name, engine in ENGINES.items()}
    reference = outcomes["explicit"]
    assert reference.reachable is not None and len(reference.reachable) == 4819
    assert not reference.verdicts["rows_reachable"]  # failure rows need a fault
    assert outcomes["networkx"] == reference  # it decides every property, as prg does
    for outcome in outcomes.values():
        assert outcome.verdicts == {p: reference.verdicts[p] for p in outcome.verdicts}
        assert outcome.witness_lengths == reference.witness_lengths


@pytest.mark.slow
def test_the_engines_agree_on_a_broken_claim() -> None:
    spec = load_spec(DEFAULT_SPEC.parent / "mutants" / "forgotten-manual-failover-on-restart.yaml")
    config = configurations(spec)[0]
    outcomes = {name: engine(spec, config, 0) for name, engine in ENGINES.items()}
    assert {name: o.verdicts["document_claims"] for name, o in outcomes.items()
            if "document_claims" in o.verdicts} == {"explicit": False, "networkx": False}
