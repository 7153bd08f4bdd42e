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
               "node2.Client Re-Login Lower Limit=600", "--format", "json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert not result["consistent"] and result["bounds"] == []
    assert [v["rule"] for v in result["violations"]] == [
        "heartbeat timeout longer than the heartbeat interval",
        "re-login lower limit not above the upper limit (node 2)"]
    assert all(v["spec_line"] > 0 and v["source"] for v in result["violations"])


def test_the_json_bounds_name_rows_timer_and_seconds() -> None:
    done = prg("check-config", "--set", "multiple_device_messaging=true", "--format", "json")
    assert done.returncode == 0
    bounds = json.loads(done.stdout)["bounds"]
    row18 = next(b for b in bounds if b["rows"] == [18])
    assert row18["parameter"] == "initialization_heartbeat_timeout"
    assert row18["detection_s"] == {"min": 226, "max": 240}
    # Each re-login wait is doubled too (240..1074 s): the first attempt comes after detection.
    assert row18["served_again_s"] == {"min": 240, "max": 1074}
    assert row18["logs_in_to_node"] == 2 and row18["outage_with_inactive_connection_s"] is None


def test_dual_connection_gives_the_outage_with_an_inactive_connection() -> None:
    done = prg("check-config", "--set", "dual_connection=on")
    assert done.returncode == 0, done.stderr
    failover = next(line for line in done.stdout.splitlines()
                    if "manual failover of node 1" in line)
    assert failover.split()[-2:] == ["0", "s"]
    assert "created 120..537 s after the client logs in" in done.stdout
    assert "dual connection" not in prg("check-config").stdout


def test_a_consistent_set_names_the_ranges_prg_assumed() -> None:
    done = prg("check-config", "--format", "json")
    assumed = {r["parameter"]: (r["min"], r["max"])
               for r in json.loads(done.stdout)["assumed_ranges"]}
    assert assumed["heartbeat_timeout"] == (1, 3600)
    ranges = {r["parameter"]: r["range"] for r in json.loads(done.stdout)["assumed_ranges"]}
    assert ranges["heartbeat_timeout"] == "1..3600 s"
    assert "automatic_fallback_delay" not in assumed
    text = " ".join(prg("check-config").stdout.split())
    assert "ranges assumed by prg (the document gives none): service_port 1024..65535 port" in text


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
