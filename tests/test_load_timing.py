"""Loading the parameter constraints and the timing of failures: the bundled spec's data, and
bad entries as one-line errors at their line."""

from __future__ import annotations

import pytest
from prg.model.load import load_spec_text
from prg.model.spec import Spec
from prg.verify.report import decisions

from .helpers import SPEC_TEXT, error_of, line_of


def test_a_constraint_is_read_as_a_linear_comparison(spec: Spec) -> None:
    constraint = next(c for c in spec.constraints if c.text.startswith("heartbeat_timeout"))
    assert dict(constraint.terms) == {"heartbeat_timeout": 1, "heartbeat_interval": -1}
    assert (constraint.constant, constraint.comparison) == (0, ">")
    assert constraint.at.source and constraint.at.decision


def test_numbers_and_multiples_read_as_terms() -> None:
    text = SPEC_TEXT.replace("require: heartbeat_timeout > heartbeat_interval",
                             "require: heartbeat_timeout + 5 >= 2*heartbeat_interval - 1", 1)
    constraint = load_spec_text(text).constraints[0]
    assert dict(constraint.terms) == {"heartbeat_timeout": 1, "heartbeat_interval": -2}
    assert (constraint.constant, constraint.comparison) == (6, ">=")


def test_the_timing_names_each_failure_s_timer_and_rows(spec: Spec) -> None:
    assert spec.timing is not None
    power = next(f for f in spec.timing.failures if f.fault == "power loss")
    assert (power.rows, power.timer, power.timer_from) == ((17,), "heartbeat timeout",
                                                           "last heartbeat")
    assert spec.event("heartbeat timeout").parameter == "heartbeat_timeout"
    timed_rows = {row for f in spec.timing.failures for row in f.rows}
    assert {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23} <= timed_rows


@pytest.mark.parametrize("old, new, expected", [
    ("require: heartbeat_timeout > heartbeat_interval",
     "require: heartbeat_timeout > heartbeat_intervl",
     ("constraints[0].require: unknown parameter 'heartbeat_intervl' "
     "(did you mean 'heartbeat_interval'?)")),
    ("require: heartbeat_timeout > heartbeat_interval",
     "require: heartbeat_timeout heartbeat_interval", "expected 'SUM COMPARISON SUM'"),
    ("require: heartbeat_timeout > heartbeat_interval",
     "require: heartbeat_timeout > > heartbeat_interval", "expected 'SUM COMPARISON SUM'"),
    (("      timer: heartbeat timeout\n      timer_from: last heartbeat\n      disconnected: at "
     "start\n      served_again: re-login\n      source: Table 2, row 17"),
     ("      timer: heartbeat timout\n      timer_from: last heartbeat\n      disconnected: at "
     "start\n      served_again: re-login\n      source: Table 2, row 17"),
     "unknown timer event 'heartbeat timout' (did you mean 'heartbeat timeout'?)"),
    ("    - rows: [17]\n", "    - rows: [25]\n", "expected Table 2 row numbers 1..24"),
    ("      served_again: administrator\n      source: Table 2, row 21",
     "      served_again: never\n      source: Table 2, row 21",
     "unknown served again 'never'"),
    ("  relogin_upper: client_relogin_upper_limit\n", "  relogin_upper: upper_limit\n",
     "timing.relogin_upper: unknown parameter 'upper_limit'"),
])
def test_a_bad_constraint_or_timing_is_named_at_its_line(old: str, new: str,
                                                         expected: str) -> None:
    text = SPEC_TEXT.replace(old, new, 1)
    message = error_of(text)
    assert expected in message
    assert message.startswith(f"broken.yaml:{line_of(text, new.strip().splitlines()[0])}:")


def test_the_report_lists_the_decisions_of_the_new_sections(spec: Spec) -> None:
    whats = [d.what for d in decisions(spec)]
    assert "constraint heartbeat timeout longer than the heartbeat interval" in whats
    assert "timing of node 1 is Failed Over and healthy again" in whats
    assert any(w.startswith("ignored user move failure (line ") for w in whats)
