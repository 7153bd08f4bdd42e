"""The check-config command: bounds and violations, exit 0/1/2, one-line errors."""

from __future__ import annotations

import json
import re
import shlex

from .helpers import COMMANDS_MD, prg


def test_the_defaults_are_consistent_and_bounded() -> None:
    done = prg("check-config")
    assert done.returncode == 0, done.stderr
    assert "consistent: the parameter set obeys every rule of the spec" in done.stdout
    power = next(line for line in done.stdout.splitlines() if "power loss on node 1" in line)
    assert power.split()[0] == "17" and "46..60 s" in power and "120..537 s" in power


def test_a_broken_set_exits_1_naming_each_rule() -> None:
    done = prg("check-config", "--set", "heartbeat_timeout=10", "--set",
               "Client Re-Login Lower Limit=600", "--format", "json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert not result["consistent"] and result["bounds"] == []
    assert [v["rule"] for v in result["violations"]] == [
        "heartbeat timeout longer than the heartbeat interval",
        "re-login lower limit not above the upper limit"]
    assert all(v["spec_line"] > 0 and v["source"] for v in result["violations"])


def test_the_json_bounds_name_rows_timer_and_seconds() -> None:
    done = prg("check-config", "--set", "multiple_device_messaging=true", "--format", "json")
    assert done.returncode == 0
    bounds = json.loads(done.stdout)["bounds"]
    row18 = next(b for b in bounds if b["rows"] == [18])
    assert row18["parameter"] == "initialization_heartbeat_timeout"
    assert row18["detection_s"] == {"min": 226, "max": 240}
    assert row18["served_again_s"] == {"min": 226, "max": 239 + 537}


def test_an_unknown_name_or_unreadable_value_exits_2_in_one_line() -> None:
    for args in (("--set", "heartbeat_timout=60"), ("--set", "heartbeat_timeout=1m"),
                 ("--spec", "/nonexistent.yaml")):
        done = prg("check-config", *args)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.startswith("prg: error: ") and done.stderr.count("\n") == 1
    assert "did you mean 'heartbeat_timeout'" in prg(
        "check-config", "--set", "heartbeat_timout=60").stderr


def test_the_documented_example_prints_what_the_command_reference_shows() -> None:
    text = COMMANDS_MD.read_text(encoding="utf-8")
    block = re.search(r"```\n\$ prg check-config (.*?)\n(.*?)```", text, re.DOTALL)
    assert block is not None
    done = prg("check-config", *shlex.split(block.group(1)))
    assert done.returncode == 0
    assert done.stdout == block.group(2)
