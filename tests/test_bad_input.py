"""Bad input, generated: malformed specs (syntax errors, wrong types, unknown names, recursive
aliases, huge numbers, empty and binary files), broken mutant patches and bad command-line
values. Each one is refused with one line ``prg: error: ...`` naming where and what, exit
status 2, nothing on standard output (no partial report) and never a traceback."""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from prg.cli.reports import REPORT_FILES
from prg.model.load import DEFAULT_SPEC

from .helpers import PRG, refused
from .random_specs import small_specs

CASES = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_names = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad-input")


def written(folder: Path, content: str | bytes) -> Path:
    path = folder / f"spec-{next(_names)}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def spec_refused(path: Path) -> str:
    message = refused("verify", "--spec", str(path), "--fault-budget", "0")
    assert message.startswith(f"prg: error: {path}")  # names the file (and the line if any)
    return message


def document(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


# -- malformed specs --------------------------------------------------------------------------

BROKEN_YAML = ("key: [unclosed", "{a: 1", "'unterminated", "- *undefined", "a: b: c",
               "\tindented: with a tab", "? [complex]\n: : x", "@reserved", "`backquote", "]")


@CASES
@given(text=small_specs(), where=st.integers(0, 10**6), fragment=st.sampled_from(BROKEN_YAML))
def test_a_syntax_error_is_named_with_its_line(
    folder: Path, text: str, where: int, fragment: str
) -> None:
    lines = text.splitlines()
    lines.insert(where % (len(lines) + 1), fragment)
    message = spec_refused(written(folder, "\n".join(lines)))
    assert "YAML syntax" in message or "expected" in message or "unknown" in message


WRONG_VALUES = (12345, -1, 3.5, [1, 2], {"x": 1}, "", None, True, "not a name")


@pytest.mark.slow
@CASES
@given(text=small_specs(), choice=st.data())
def test_a_value_of_the_wrong_type_is_named_with_its_field(
    folder: Path, text: str, choice: st.DataObject
) -> None:
    spec = document(text)
    section = choice.draw(st.sampled_from(["states", "events", "rules", "rows", "facts",
                                           "options", "reasons"]))
    index = choice.draw(st.integers(0, len(spec[section]) - 1))
    item = spec[section][index]
    key = choice.draw(st.sampled_from(sorted(item)))
    value = choice.draw(st.sampled_from(WRONG_VALUES))
    original = item[key]
    # Values the spec language accepts for these keys are not wrong.
    assume(type(value) is not type(original) or isinstance(original, (list, dict)))
    assume(not (key == "serves" and not value) and not (key == "actions" and value is None))
    assume(not (key in ("source", "description", "cause", "name", "why", "text")
                and value == "not a name"))
    item[key] = value
    message = spec_refused(written(folder, yaml.safe_dump(spec, sort_keys=False)))
    assert f"{section}[{index}]" in message or "rows" in message or "initial" in message


@pytest.mark.slow
@CASES
@given(text=small_specs(), choice=st.data(),
       name=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12))
def test_an_unknown_name_is_named(
    folder: Path, text: str, choice: st.DataObject, name: str
) -> None:
    spec = document(text)
    known = {item["name"] for section in ("states", "reasons", "events")
             for item in spec[section]}
    assume(name not in known and name not in ("any", "down", "from peer"))
    where = choice.draw(st.sampled_from(["rule.on", "rule.from", "rule.to", "rule.reason",
                                         "row.state", "initial.state", "initial.reason"]))
    if where.startswith("rule."):
        spec["rules"][0][where.removeprefix("rule.")] = name
    elif where == "row.state":
        spec["rows"][0]["node1"] = {"state": name, "reason": "Normal"}
    else:
        spec["initial"][where.removeprefix("initial.")] = name
    message = spec_refused(written(folder, yaml.safe_dump(spec, sort_keys=False)))
    assert "unknown" in message and repr(name) in message


@pytest.mark.slow
@CASES
@given(text=small_specs(), choice=st.data(), exponent=st.integers(4, 400))
def test_a_huge_number_is_refused_where_it_is_out_of_range(
    folder: Path, text: str, choice: st.DataObject, exponent: int
) -> None:
    spec = document(text)
    huge = choice.draw(st.sampled_from([10**exponent, -(10**exponent)]))
    where = choice.draw(st.sampled_from(["users", "needs_faults", "row id", "parameter",
                                         "node"]))
    if where == "users":
        spec["initial"]["users"]["Balanced"] = [huge, 1]
    elif where == "needs_faults":
        spec["rules"][0]["needs_faults"] = huge
    elif where == "row id":
        spec["rows"][0]["id"] = huge
    elif where == "parameter":
        spec["parameters"] = [{"key": "timeout", "name": "Timeout", "default": huge,
                               "minimum": 1, "maximum": 3600, "unit": "s", "source": "random"}]
    else:
        spec["rows"][0]["actions"] = [{"do": "failover", "node": huge, "text": "random"}]
    spec_refused(written(folder, yaml.safe_dump(spec, sort_keys=False)))


@pytest.mark.parametrize("content", [
    "", "\n\n", "   ", "# only a comment\n", "---\n", "null\n", "~\n", "[]\n", "42\n",
    "just some words\n", "- a\n- b\n", "{}\n",
])
def test_an_empty_or_shapeless_file_is_refused(folder: Path, content: str) -> None:
    spec_refused(written(folder, content))


@CASES
@given(content=st.binary(min_size=1, max_size=200))
def test_a_binary_file_is_refused(folder: Path, content: bytes) -> None:
    spec_refused(written(folder, content))


@pytest.mark.parametrize("content", [
    "a: &loop [*loop]\n",
    "title: &t\n  <<: *t\n",
    "base: &b {x: *b}\n",
    "a: &a [&b [*a, *b]]\n",
    "states: &s\n  - *s\n",
    "x: " + "[" * 5000 + "]" * 5000 + "\n",
])
def test_a_cycle_or_a_nesting_too_deep_is_refused(folder: Path, content: str) -> None:
    spec_refused(written(folder, content))


# -- broken mutants ---------------------------------------------------------------------------

MUTANT = """\
mutant: a broken patch
kind: deleted rule
base: {base}
caught_by: no_dead_rules
why: because
fault_budget: {budget}
delete_rules: [{deleted}]
replace:
- old: {old}
  new: x
"""


@CASES
@given(old=st.sampled_from(["no such text anywhere", "rules:\n", "'"]),
       deleted=st.sampled_from(["", "no-such-rule"]),
       base=st.sampled_from([str(DEFAULT_SPEC), "missing.yaml", "."]),
       budget=st.sampled_from(["0", "7", "-1", "lots"]))
def test_a_broken_mutant_is_refused(
    folder: Path, old: str, deleted: str, base: str, budget: str
) -> None:
    text = MUTANT.format(base=base,
                         old=yaml.safe_dump(old).splitlines()[0], deleted=deleted,
                         budget=budget)
    assume("no such" in old or deleted or base != str(DEFAULT_SPEC)
           or budget != "0")
    spec_refused(written(folder, text))


# -- the command line -------------------------------------------------------------------------

@CASES
@given(value=st.one_of(st.integers().filter(lambda n: not 0 <= n <= 3).map(str),
                       st.text(min_size=1, max_size=8).filter(lambda t: not t.strip().isdigit())))
def test_a_bad_fault_budget_is_refused(value: str) -> None:
    assume(not value.startswith("-") or value.lstrip("-").isdigit())
    assert "fault-budget" in refused("verify", "--fault-budget", value)


@CASES
@given(value=st.one_of(st.integers().filter(lambda n: not 1 <= n <= 64).map(str),
                       st.sampled_from(["many", "1.5", "", "two"])))
def test_a_bad_number_of_jobs_is_refused(value: str) -> None:
    assume(not value.startswith("-") or value.lstrip("-").isdigit())
    assert "jobs" in refused("verify", "--jobs", value)


@CASES
@given(value=st.text(min_size=1, max_size=10).filter(lambda t: t not in REPORT_FILES))
def test_a_bad_format_is_refused(value: str) -> None:
    assume(not value.startswith("-"))
    assert "format" in refused("verify", "--format", value)


@CASES
@given(value=st.text(min_size=1, max_size=10).filter(lambda t: t not in ("graph", "z3", "all")))
def test_a_bad_engine_is_refused(value: str) -> None:
    assume(not value.startswith("-"))
    assert "engine" in refused("verify", "--engine", value)


SETTING_NAMES = st.sampled_from(["heartbeat_timeout", "Keep Alive (Heartbeat) Timeout",
                                 "heartbeat_interval", "automatic_fallback",
                                 "user_assignment_mode", "high_availability"])


@pytest.mark.slow
@CASES
@given(setting=st.one_of(
    st.text(max_size=12).filter(lambda t: "=" not in t),            # no NAME=VALUE
    st.text(min_size=1, max_size=12).filter(lambda t: "=" not in t and t.strip()
                                             ).map(lambda n: f"no_such_{n}=1"),
    st.builds(lambda n, v: f"{n}={v}", SETTING_NAMES,
              st.text(min_size=1, max_size=8).filter(lambda v: not v.strip().lstrip("-").isdigit()
                                                     and v.strip().lower() not in (
                                                         "on", "off", "true", "false", "yes",
                                                         "no", "balanced", "none",
                                                         "active-standby"))),
    st.builds(lambda v: f"heartbeat_timeout={v}", st.integers().filter(
        lambda n: not 1 <= n <= 3600)),
))
@example(setting="heartbeat_timeout=:\n")  # a value with a line break, shown on one line
@example(setting="user_assignment_mode=x\ny")
def test_a_bad_setting_is_refused(setting: str) -> None:
    assume(not setting.startswith("-"))
    refused("verify", "--set", setting)
    refused("diff", "--set", setting)


HEADER = "time,node1_state,node1_reason,node2_state,node2_reason\n"


@pytest.mark.slow
@CASES
@given(body=st.one_of(
    st.just(""),                                                        # empty
    st.text(max_size=40).map(lambda t: "when,a,b\n" + t),              # wrong header
    st.builds(lambda name: HEADER + f"0,{name},Normal,Normal,Normal\n",   # unknown state
              st.text(min_size=1, max_size=12).filter(
                  lambda t: t.strip() and "," not in t and "\n" not in t and "\r" not in t
                  and t.strip().lower() not in ("normal", "idle"))),
    st.builds(lambda a, b: HEADER + f"{a},Normal,Normal,Normal,Normal\n"
              f"{b},Normal,Normal,Normal,Normal\n",                      # time goes backwards
              st.integers(10, 10**6), st.integers(0, 9)),
    st.just(HEADER + "0,Normal,Normal,Normal\n"),                        # a field missing
    st.just(HEADER + "yesterday,Normal,Normal,Normal,Normal\n"),          # unreadable time
))
def test_a_bad_replay_file_is_refused(folder: Path, body: str) -> None:
    path = folder / f"history-{next(_names)}.csv"
    path.write_text(body, encoding="utf-8")
    assert str(path) in refused("replay", str(path))


@pytest.mark.parametrize("argv", [
    ("verify", "--bmc-depth", "-1"),
    ("verify", "--bmc-depth", "51"),
    ("replay", "/no/such/history.csv"),
    ("verify", "--spec", "/no/such/spec.yaml"),
    ("verify", "--spec", "/"),
    ("verify", "--no-such-option"),
    ("verify", "--spec"),
    ("verify", "extra-argument"),
    ("no-such-command",),
])
def test_a_bad_command_line_is_refused(argv: tuple[str, ...]) -> None:
    refused(*argv)


@pytest.mark.parametrize("argv", [
    ("verify", "--spec", ""),
    ("check-config", "--spec", ""),
    ("simulate", "--spec", ""),
    ("replay", ""),
    ("export", "promela", "-o", ""),
    ("diagram", "node", "-o", ""),
    ("verify", "--output", ""),
])
def test_an_empty_path_is_named_as_empty(argv: tuple[str, ...]) -> None:
    assert refused(*argv).endswith(": empty path")


@pytest.mark.parametrize(("argv", "message"), [
    ((), "prg: error: missing command (see 'prg --help')"),
    (("export",), "prg: error: missing command (see 'prg export --help')"),
])
def test_a_missing_command_is_one_line(argv: tuple[str, ...], message: str) -> None:
    assert refused(*argv) == message


def test_a_control_character_in_a_name_is_escaped(folder: Path) -> None:
    assert refused("replay", "a\nb.csv").startswith("prg: error: a\\nb.csv: cannot read: ")
    spec = written(folder, DEFAULT_SPEC.read_text(encoding="utf-8") + '"extra\\nkey": 1\n')
    assert spec_refused(spec).endswith("unknown key 'extra\\nkey'")


def test_an_option_given_twice_to_diagram_is_refused() -> None:
    assert refused("diagram", "pair", "--set", "high_availability=true", "--config",
                   "high_availability = false") == (
        "prg: error: --set high_availability given twice")


@pytest.mark.parametrize("argv", [
    ("check-config",),
    ("diagram", "node", "--format", "dot"),
])
def test_a_full_disk_is_one_line(argv: tuple[str, ...]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run([PRG, *argv], stdout=full, stderr=subprocess.PIPE, text=True,
                              check=False)
    assert done.returncode == 2
    assert done.stderr == "prg: error: cannot write output: No space left on device\n"


def test_a_closed_pipe_ends_quietly() -> None:
    reading, writing = os.pipe()
    os.close(reading)  # nobody reads what prg writes
    try:
        done = subprocess.run([PRG, "check-config"], stdout=writing, stderr=subprocess.PIPE,
                              text=True, check=False)
    finally:
        os.close(writing)
    assert done.returncode == 1 and done.stderr == ""


def test_a_search_past_its_limit_stops_with_one_line() -> None:
    """A spec whose state space explodes is stopped before it takes the machine's memory."""
    message = refused("verify", "--engine", "graph", "--fault-budget", "0", "--max-states", "500")
    assert message.startswith("prg: error: more than 500 joint states in one search (fault "
                              "budget 0, high_availability=")
    assert message.endswith("lower --fault-budget, or raise --max-states")
