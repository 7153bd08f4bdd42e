"""Loading the spec: the bundled spec is whole, and bad specs are one-line errors naming the
file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from prg.model.errors import SpecError
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.model.spec import Spec

from .helpers import SPEC_TEXT, error_of, line_of, spec_file


def test_the_bundled_spec_has_every_state_reason_and_row(spec: Spec) -> None:
    assert len(spec.states) == 14
    assert len(spec.reasons) == 15
    assert [row.id for row in spec.rows] == list(range(1, 25))
    assert {s.klass for s in spec.states} == {"stable", "transient", "failed", "unknown"}
    assert spec.state("Backup Activated").at.decision


def test_every_item_cites_the_document(spec: Spec) -> None:
    items = [*spec.states, *spec.reasons, *spec.events, *spec.rules, *spec.rows,
             *spec.parameters, *spec.options, *spec.facts, *spec.extensions]
    assert all(item.at.source for item in items)


def test_the_parameters_carry_the_documented_defaults(spec: Spec) -> None:
    defaults = {p.key: p.default for p in spec.parameters}
    assert defaults["heartbeat_interval"] == 15
    assert defaults["heartbeat_timeout"] == 60
    assert defaults["initialization_heartbeat_timeout"] == 120
    assert defaults["critical_service_delay"] == 90
    assert defaults["automatic_fallback_delay"] == 30 * 60
    assert (defaults["client_relogin_lower_limit"], defaults["client_relogin_upper_limit"]) == (
        120, 537)
    assert (defaults["service_port"], defaults["admin_rpc_port"]) == (22001, 20075)


def test_an_unknown_state_is_named_with_its_line_and_a_suggestion() -> None:
    text = SPEC_TEXT.replace("    to: Idle\n", "    to: Idel\n", 1)
    line = line_of(text, "    to: Idel\n")
    message = error_of(text)
    assert message.startswith(f"broken.yaml:{line}: rules[")
    assert message.endswith(".to: unknown state 'Idel' (did you mean 'Idle'?)")


def test_an_unknown_event_is_named() -> None:
    text = SPEC_TEXT.replace("    on: failover\n", "    on: fail over\n", 1)
    assert "unknown event 'fail over'" in error_of(text)


def test_an_unknown_guard_variable_is_named() -> None:
    text = SPEC_TEXT.replace("{ha: true, peer.state: Normal}", "{ha: true, peer.stat: Normal}", 1)
    message = error_of(text)
    assert ".when.peer.stat: unknown variable 'peer.stat' (did you mean 'peer.state'?)" in message


def test_a_duplicate_state_is_an_error() -> None:
    text = SPEC_TEXT.replace("  - name: Idle\n", "  - name: Normal\n", 1)
    assert "duplicate state 'Normal'" in error_of(text)


def test_a_duplicate_key_is_an_error_at_its_line() -> None:
    text = SPEC_TEXT.replace("    to: Idle\n", "    to: Idle\n    to: Normal\n", 1)
    line = line_of(text, "    to: Normal\n")
    assert error_of(text) == f"broken.yaml:{line}: duplicate key 'to'"


def test_a_parameter_out_of_range_is_an_error() -> None:
    text = SPEC_TEXT.replace("    default: 60\n", "    default: 6000\n", 1)
    message = error_of(text)
    assert "parameters[5].default: 6000 is outside the valid range 1..3600" in message


def test_an_action_that_names_no_event_is_an_error() -> None:
    text = SPEC_TEXT.replace("      - do: reboot\n        node: 1\n        text: Reboot node 1.",
                             "      - node: 1\n        text: Reboot node 1.", 1)
    assert "rows[12].actions[0].do: an action must name an event" in error_of(text)


def test_a_row_side_with_an_unknown_reason_is_an_error() -> None:
    text = SPEC_TEXT.replace("reason: Peer Reboot}", "reason: Peer Rebooted}", 1)
    assert "unknown reason 'Peer Rebooted' (did you mean 'Peer Reboot'?)" in error_of(text)


def test_a_move_in_bad_syntax_is_an_error() -> None:
    text = SPEC_TEXT.replace("[self.at_home -> self.out]", "[self.at_home => self.out]", 1)
    assert "expected 'self|peer|new.<category> -> " in error_of(text)


@pytest.mark.parametrize("text, expected", [
    ("", "empty spec"),
    ("title: [unclosed\n", "YAML syntax"),
    ("- just\n- a list\n", "spec: expected a mapping, got a list"),
    ("title: x\n", "missing section"),
])
def test_malformed_files_are_one_line_errors(text: str, expected: str) -> None:
    assert expected in error_of(text)


def test_unreadable_and_binary_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read spec"):
        load_spec(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(SpecError, match="not UTF-8"):
        load_spec(binary)


def test_a_spec_file_is_named_as_given(tmp_path: Path) -> None:
    path = spec_file(tmp_path, SPEC_TEXT.replace("    to: Idle\n", "    to: Idel\n", 1))
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value).startswith(f"{path}:")


def test_the_document_s_other_spellings_are_kept(spec: Spec) -> None:
    assert "Backup Mode" in spec.state("Running in Backup Mode").spellings
    assert "Failed Over with Critical Services not Running" in spec.state(
        "Failed Over with Critical Services Not Running").spellings
    reasons = {r.name: r.spellings for r in spec.reasons}
    assert "Critical Services Down" in reasons["Critical Service Down"]
    assert "Auto Recovery Database Failure." in reasons["Auto Recover Database Failure"]


@pytest.mark.parametrize("old, new, expected", [
    ("    when: {ha: true, peer.state: Normal}\n", "    when: [ha]\n",
     "rules[0].when: expected a mapping, got a list"),
    ("    users: [self.at_home -> self.out]\n", "    users: self.at_home\n",
     "rules[0].users: expected a list"),
    ("  - id: 1\n", "  - id: one\n", "rows[0].id: expected 1"),
    ("    default: 22001\n", "    default: '22001'\n",
     "parameters[0].default: expected an integer or true/false"),
    ("    values: [on, off, booting]\n", "    values: on\n", "facts[0].values: expected a list"),
    ("    node1: {state: Normal, reason: Normal}\n", "    node1: Normal\n",
     "rows[0].node1: expected a mapping"),
    ("    serves: [own]\n", "    serves: [everyone]\n", "unknown user group 'everyone'"),
    ("    needs_faults: 2\n", "    needs_faults: -1\n", "expected a number of faults 0..9"),
])
def test_wrong_shapes_are_named_by_field(old: str, new: str, expected: str) -> None:
    assert expected in error_of(SPEC_TEXT.replace(old, new, 1))


@pytest.mark.parametrize("value, expected", [
    ("2001-13-45", "cannot read '2001-13-45' as timestamp: month must be in 1..12"),
    ("!!int abc", "cannot read 'abc' as int"),
    ("!!timestamp abc", "cannot read 'abc' as timestamp: malformed"),
    ("9" * 5000, "cannot read '9999999999999999999999999999999999999999...' as int: Exceeds"),
])
def test_a_scalar_yaml_cannot_read_is_named_with_its_line(value: str, expected: str) -> None:
    text = SPEC_TEXT.replace("title: ", f"title: {value} #", 1)
    assert error_of(text).startswith(f"broken.yaml:{line_of(text, 'title: ')}: {expected}")


@pytest.mark.parametrize("old, new, expected", [
    ("    when: {ha: true, peer.state: Normal}\n",
     "    when: {ha: true, peer.state: [[Normal]]}\n",
     "rules[0].when.peer.state: expected a value, got a list"),
    ("    when: {ha: true, peer.state: Normal}\n",
     "    when: {ha: true, peer.state: {not: {a: 1}}}\n",
     "rules[0].when.peer.state: expected a value, got a mapping"),
    ("    require: heartbeat_timeout > heartbeat_interval\n",
     "    require: heartbeat_timeout > \u00b2\n", "require: expected 'SUM COMPARISON SUM'"),
    ("    require: heartbeat_timeout > heartbeat_interval\n",
     f"    require: heartbeat_timeout > {'9' * 5000}\n", "is too large (at most 999999999)"),
    ("[self.at_home -> self.out]", f"[self.at_home -> self.out x{'9' * 5000}]",
     "rules[0].users[0]: 999999999999... is too large"),
    ("    values: [true, false]\n    default: true\n",
     "    values: [true, false]\n    default: 1.0\n", "float 1.0 is not one of [True, False]"),
    ("    values: [true, false]\n    default: true\n",
     "    values: [true, false]\n    default: 1\n", "int 1 is not one of [True, False]"),
])
def test_values_of_the_wrong_kind_are_named(
        old: str, new: str, expected: str) -> None:
    assert old in SPEC_TEXT
    assert expected in error_of(SPEC_TEXT.replace(old, new, 1))


def test_a_value_that_aliases_repeat_vastly_is_not_written_out() -> None:
    levels = ["&b0 [x, x, x, x, x, x, x, x, x]"] + [
        f"&b{i} [{', '.join([f'*b{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = SPEC_TEXT.replace("  state: Normal\n", f"  state: [{', '.join(levels)}]\n", 1)
    assert error_of(text).endswith("initial.state: expected a state, got a list")


def test_without_a_user_assignment_option_the_initial_users_are_one_entry() -> None:
    text = SPEC_TEXT.replace("    sets: users\n", "", 1)
    assert "initial.users: no option sets the user assignment mode: expected one entry, got 3" \
        in error_of(text)


def test_a_file_far_larger_than_a_spec_is_not_read_whole(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="larger than 16 MiB: not a spec"):
        load_spec("/dev/zero")


def _mutant(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mutant.yaml"
    path.write_text("mutant: m\nkind: k\ncaught_by: p\nwhy: w\nreplace: []\n" + text)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


@pytest.mark.parametrize("text, expected", [
    (f"base: {DEFAULT_SPEC}\nfault_budget: \u00b2\n", "mutant.fault_budget: expected 0 to 3"),
    (f"base: {DEFAULT_SPEC}\nfault_budget: {'9' * 5000}\n", "mutant.fault_budget: expected 0"),
    (f"base: {DEFAULT_SPEC}\nwhy: again\n", ":7: mutant.why: given twice"),
    (f"base: {DEFAULT_SPEC}\n[a]: b\n", ":7: mutant: a key that is not text"),
    ('base: "a\\0b"\n', "mutant.base: not a path"),
])
def test_a_broken_mutant_is_a_one_line_error(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in _mutant(tmp_path, text)


def test_a_mutant_whose_base_loops_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert "mutant.base: not a path" in _mutant(tmp_path, "base: loop.yaml\n")


@pytest.mark.parametrize("name", ["down", "any"])
def test_a_state_is_not_named_as_the_spec_s_own_words(name: str) -> None:
    text = SPEC_TEXT.replace("  - name: Idle\n", f"  - name: {name}\n", 1)
    assert f"states[1].name: '{name}' is a word of the spec's own" in error_of(text)


@pytest.mark.parametrize("name", ["state", "reason", "saved", "healthy", "ha", "peer.power"])
def test_a_fact_is_not_named_as_a_guard_variable(name: str) -> None:
    text = SPEC_TEXT.replace("  - name: power\n", f"  - name: {name}\n", 1)
    assert f".name: '{name}' names a guard variable already" in error_of(text)


def test_a_timer_lasts_a_number_of_seconds() -> None:
    text = SPEC_TEXT.replace("  - key: heartbeat_timeout\n", "  - key: flag\n    name: Flag\n"
                             "    default: true\n    source: a test\n"
                             "  - key: heartbeat_timeout\n", 1).replace(
        "    parameter: heartbeat_timeout\n", "    parameter: flag\n", 1)
    assert "parameter: 'flag' is true or false, not a time" in error_of(text)


def test_a_slowdown_cannot_make_failures_quicker() -> None:
    old = "    default: 2\n    minimum: 1\n"
    assert old in SPEC_TEXT
    text = SPEC_TEXT.replace(old, "    default: 2\n    minimum: 0\n", 1)
    assert "timing.slowdown.factor: 'multiple_device_messaging_factor' may be below 1" in \
        error_of(text)


PRINTED_NODE1 = "      node1: {state: Backup Activated, reason: Auto Recover Database Failure}\n"
PRINTED_NODE2 = ("      node2: {state: Failover Affected Services, "
                 "reason: Auto Recover Critical Service Down}\n")


def test_row_23_keeps_the_pair_the_document_prints(spec: Spec) -> None:
    row = spec.rows[22]
    assert row.also_printed is not None and row.at.decision
    assert (row.also_printed.node1.states, row.also_printed.node1.reasons) == (
        ("Backup Activated",), ("Auto Recover Database Failure",))
    assert row.shown_as[0] == (row.node1, row.node2)
    assert [r.id for r in spec.rows if r.also_printed is not None] == [23]


@pytest.mark.parametrize("old, new, at, expected", [
    (PRINTED_NODE1, PRINTED_NODE1.replace("Database Failure", "Database Failed"),
     "      node1: {", ("rows[22].also_printed.node1.reason: unknown reason 'Auto Recover "
                        "Database Failed' (did you mean 'Auto Recover Database Failure'?)")),
    (PRINTED_NODE1, PRINTED_NODE1.replace("}", ", as_written: x}"),
     "      node1: {", ("rows[22].also_printed.node1.as_written: the printed words are the "
                        "row's node1.as_written")),
    (PRINTED_NODE1, PRINTED_NODE1.replace("Database Failure", "Critical Service Down"),
     "    also_printed:", ("rows[22].also_printed: is the row as the spec reads it (node1, "
                           "node2): also_printed is the pair the document prints where the "
                           "spec reads it otherwise")),
    (PRINTED_NODE2, PRINTED_NODE2.replace("Critical Service Down", "Database Failure"),
     "  - id: 23", "rows[22].also_printed: a pair that shows it shows row 22 too"),
])
def test_a_wrong_printed_pair_is_named_by_file_line_and_field(old: str, new: str, at: str,
                                                              expected: str) -> None:
    text = SPEC_TEXT.replace(old, new, 1)
    assert text != SPEC_TEXT
    assert error_of(text) == f"broken.yaml:{line_of(text, at)}: {expected}"


def test_a_printed_pair_says_why_the_spec_reads_the_row_otherwise() -> None:
    start = SPEC_TEXT.index("    decision: >-\n      Node 1's reason as printed")
    end = SPEC_TEXT.index("  - id: 24\n")
    text = SPEC_TEXT[:start] + SPEC_TEXT[end:]
    assert error_of(text) == (
        f"broken.yaml:{line_of(text, '    also_printed:')}: rows[22].also_printed: the row's "
        "decision must say why the spec reads the row otherwise than the document prints it")


def test_row_18_s_first_two_actions_are_steps_prg_adds(spec: Spec) -> None:
    row = spec.rows[17]
    assert [step.added is not None for step in row.actions or ()] == [True, True, False]
    assert row.document_actions == ((row.actions or ())[2].text,)
    assert not any("Our step" in step.text for r in spec.rows for step in r.actions or ())
    assert [r.id for r in spec.rows if any(s.added for s in r.actions or ())] == [18]


@pytest.mark.parametrize("added, expected", [
    ("true", ("rows[17].actions[0].added: say why prg adds the step (added: <why>), or leave "
             "added out for the document's own action")),
    ("''", "rows[17].actions[0].added: expected text, got str ''"),
])
def test_an_added_step_says_why(added: str, expected: str) -> None:
    start = SPEC_TEXT.index("        added: >-\n          The document's action presumes")
    end = SPEC_TEXT.index("      - do: reboot\n", start)
    text = SPEC_TEXT[:start] + f"        added: {added}\n" + SPEC_TEXT[end:]
    message = error_of(text)
    assert message == f"broken.yaml:{line_of(text, f'        added: {added}')}: {expected}"


def test_an_action_the_model_takes_in_several_steps_is_one_action_of_the_document(
        spec: Spec) -> None:
    """The document numbers row 16's actions 1-4 and writes "reboot the nodes" once in rows
    19-21; the model takes some of them in one step per node or per fault."""
    counts = {row.id: len(row.document_actions) for row in spec.rows if row.actions}
    assert counts == {11: 1, 12: 3, 13: 2, 14: 3, 15: 2, 16: 4, 17: 2, 18: 1, 19: 2, 20: 2,
                      21: 2, 24: 1}
    for row in spec.rows:
        assert len(set(row.document_actions)) == len(row.document_actions), row.id
    row_16 = spec.rows[15].document_actions[0]
    assert row_16.startswith("Check and repair the network connectivity between nodes in the "
                             "presence redundancy group. When you reestablish the network")
    assert spec.rows[20].document_actions[1] == "If the problem persists, then reboot the nodes."


@pytest.mark.parametrize("old, new, expected", [
    ("      - do: fallback\n        node: 1\n        text: >-\n          When node 1 transitions",
     ("      - do: fallback\n        node: 1\n        continues: true\n        text: >-\n"
     "          When node 1 transitions"),
     "rows[10].actions[0].continues: the first step starts an action: it continues none"),
    ("      - do: fallback\n        node: 1\n        text: >-\n          When node1 is up",
     ("      - do: fallback\n        node: 1\n        continues: true\n        text: >-\n"
     "          When node1 is up"),
     ("rows[17].actions[2].continues: a step continues an action of its own kind: the "
     "document's, or one prg adds")),
])
def test_a_step_continues_an_action_there_is(old: str, new: str, expected: str) -> None:
    text = SPEC_TEXT.replace(old, new, 1)
    assert text != SPEC_TEXT
    line = text[:text.index(new)].count("\n") + 3
    assert error_of(text) == f"broken.yaml:{line}: {expected}"
