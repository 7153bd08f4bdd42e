"""Traces drawn on demand are the report's: the same shortest witness of each row, the same
first counterexample."""

from __future__ import annotations

import pytest
from prg.model.errors import UsageError
from prg.model.product import configurations
from prg.model.spec import Spec
from prg.model.traces import trace_of
from prg.verify.report import verify
from prg.verify.tools.witness import first_counterexample, shortest_witness

from .helpers import SPLIT_BRAIN, broken


@pytest.mark.slow
def test_each_rows_witness_is_the_reports(spec: Spec) -> None:
    report = verify(spec, fault_budget=0, jobs=1, engine="graph")
    for row in report.rows:
        found = shortest_witness(spec, configurations(spec), 0, row.id)
        if row.witness is None:
            assert found is None
        else:
            assert found is not None
            config, trace = found
            assert trace == row.witness and dict(config) == row.config


def test_the_first_counterexample_is_the_reports() -> None:
    spec = broken(SPLIT_BRAIN)
    report = verify(spec, fault_budget=0, jobs=1, engine="graph")
    expected = next(p for p in report.properties if p.name == "no_split_brain")
    found = first_counterexample(spec, configurations(spec), 0, "no_split_brain")
    assert found is not None
    config, violation = found
    assert dict(config) == expected.config and violation.message == expected.message
    assert violation.graph is not None and violation.path is not None
    assert trace_of(violation.graph, violation.path) == expected.counterexample


def test_unknown_rows_and_properties_are_usage_errors(spec: Spec) -> None:
    with pytest.raises(UsageError, match="no row 25"):
        shortest_witness(spec, configurations(spec), 0, 25)
    with pytest.raises(UsageError, match="did you mean 'recoverable'"):
        first_counterexample(spec, configurations(spec), 0, "recoverabel")
