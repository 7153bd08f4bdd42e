"""prg runbook: the shipped upgrade is safe and its counters predicted; a step in the wrong
order, both nodes of a group upgraded at once, users added mid-failover, a wait that never ends
and a runbook that leaves the pair failed over each fail with a trace; a bad runbook is one
line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prg.cli.main import main
from prg.model.load import DEFAULT_SPEC
from prg.model.runbook import load_runbook
from prg.model.spec import Spec
from prg.verify.checks.runbook import NOT_BACK, NOT_POSSIBLE, NOT_SERVED, WAITS_FOREVER, Seen
from prg.verify.tools.runbook import RunbookReport, check_everywhere, to_text

from .helpers import refused

UPGRADE = DEFAULT_SPEC.parent / "runbooks" / "upgrade.yaml"
FAILED_OVER = """\
  - do: failover@1
  - wait: {node 1: Idle, node 2: Running in Backup Mode, active: {node 1: none, node 2: X + Y}}
"""


def runbook(tmp_path: Path, steps: str, settings: str = "{high_availability: on}") -> Path:
    path = tmp_path / "runbook.yaml"
    path.write_text(f"name: test\nset: {settings}\nsteps:\n{steps}", encoding="utf-8")
    return path


def checked(spec: Spec, path: Path) -> RunbookReport:
    return check_everywhere(spec, load_runbook(path, spec))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(["runbook", *args])
    return int(done.value.code or 0), capsys.readouterr().out


def test_the_shipped_upgrade_is_safe_and_its_counters_predicted(
        spec: Spec, capsys: pytest.CaptureFixture[str]) -> None:
    report = checked(spec, UPGRADE)
    assert report.safe and len(report.configurations) == 12
    assert report.expected[None][1] == (Seen("Idle / On Admin Request",
                                       "Running in Backup Mode / On Admin Request", (),
                                       ("X", "Y")),)
    assert report.expected[None][-1] == (Seen("Normal / Normal", "Normal / Normal", ("X",), ("Y",)),)
    status, out = run(capsys, str(UPGRADE))
    assert status == 0 and "SAFE: every step is possible" in out
    assert "node 1 none, node 2 X + Y" in out


def test_a_step_in_the_wrong_order_is_not_possible(spec: Spec, tmp_path: Path) -> None:
    report = checked(spec, runbook(tmp_path, FAILED_OVER + "  - do: reboot@1\n"
                                   "  - do: fallback@1\n"))
    breach = report.breaches[0]
    assert (breach.kind, breach.step) == (NOT_POSSIBLE, 4)
    assert "step 4 (fallback on node 1) is due while the pair shows node 1 down" in breach.message
    assert "fallback on node 1 is refused" in breach.message
    assert breach.steps_taken[1] == 1 and breach.steps_taken[-1] == 3
    assert "runbook step 3" in to_text(report)


def test_upgrading_both_nodes_at_once_leaves_users_unserved(
        spec: Spec, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = runbook(tmp_path, FAILED_OVER + "  - do: reboot@1\n  - do: reboot@2\n")
    breach = checked(spec, path).breaches[0]
    assert (breach.kind, breach.step) == (NOT_SERVED, 4)
    assert breach.message.startswith("after step 4 (reboot on node 2), the users of node 1 are "
                                     "logged out while neither node is up")
    status, out = run(capsys, str(path))
    assert status == 1 and "NOT SAFE in 12 of 12 configuration(s): users not served" in out


def test_adding_users_mid_failover_is_not_possible(spec: Spec, tmp_path: Path) -> None:
    breach = checked(spec, runbook(tmp_path, FAILED_OVER + "  - do: add users@2\n")).breaches[0]
    assert (breach.kind, breach.step) == (NOT_POSSIBLE, 3)
    assert "add users on node 2 is refused" in breach.message


def test_a_wait_that_never_ends(spec: Spec, tmp_path: Path) -> None:
    breach = checked(spec, runbook(tmp_path, FAILED_OVER + "  - wait: {node 1: Normal}\n")
                     ).breaches[0]
    assert (breach.kind, breach.step) == (WAITS_FOREVER, 3)
    assert "from node 1 Idle / On Admin Request" in breach.message


def test_a_runbook_that_leaves_the_pair_failed_over(spec: Spec, tmp_path: Path) -> None:
    breach = checked(spec, runbook(tmp_path, FAILED_OVER)).breaches[0]
    assert breach.kind == NOT_BACK and breach.step is None


def test_the_json_names_each_breach_with_its_trace(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = runbook(tmp_path, FAILED_OVER + "  - do: reboot@1\n  - do: reboot@2\n")
    status, out = run(capsys, str(path), "--format", "json", "--set", "automatic_fallback=on")
    found = json.loads(out)
    assert status == 1 and not found["safe"] and found["configurations"] == 6
    breach = found["breaches"][0]
    assert breach["kind"] == NOT_SERVED and breach["runbook_steps"][-1] == 4
    assert len(breach["trace"]) == len(breach["runbook_steps"])


@pytest.mark.parametrize(("steps", "why"), [
    ("  - do: failovr@1\n", ":4: steps[0].do: unknown event 'failovr'"),
    ("  - do: failover\n", "'failover' is taken on one node: failover@1 or failover@2"),
    ("  - do: power loss@1\n", "'power loss' is a fault event, not an action"),
    ("  - do: failover@1\n    wait: {node 1: Idle}\n", "a step is one of do"),
    ("  - wait: {node 1: Idel}\n", "unknown node state 'Idel'"),
    ("  - wait: {node 3: Idle}\n", "steps[0].wait.node 3: unknown key"),
    ("  - wait: {active: {node 1: Z}}\n", "expected X (node 1's users)"),
])
def test_a_bad_runbook_is_one_line(tmp_path: Path, steps: str, why: str) -> None:
    assert why in refused("runbook", str(runbook(tmp_path, steps)))


def test_a_bad_setting_in_a_runbook_is_one_line(tmp_path: Path) -> None:
    path = runbook(tmp_path, "  - do: failover@1\n", "{automatic_fallback: maybe}")
    assert ":2: set: automatic_fallback='maybe': not one of" in refused("runbook", str(path))


def test_a_setting_the_runbook_fixes_is_not_overridden(tmp_path: Path) -> None:
    message = refused("runbook", str(UPGRADE), "--set", "high_availability=off")
    assert "--set high_availability=false: the runbook fixes high_availability=true" in message


def test_each_failover_and_fallback_step_gives_its_outage_bound(
        spec: Spec, tmp_path: Path) -> None:
    report = checked(spec, UPGRADE)
    assert [o.step for o in report.outages] == [1, 5, 7, 11]
    text = " ".join(to_text(report).split())
    assert "served after 120..537 s; with dual connection, 0 s for a client whose inactive " \
           "connection exists" in text
    shorter = runbook(tmp_path, FAILED_OVER, "{high_availability: on, "
                                             "client_relogin_upper_limit: 300}")
    assert "served after 120..300 s" in " ".join(to_text(checked(spec, shorter)).split())


#: One configuration, so that a search with a fault stays short.
ONE = ("--set", "automatic_fallback=off", "--set", "user_assignment_mode=Balanced", "--set",
       "xcp_authentication_monitoring=off")
FAIL_OVER_AND_BACK = FAILED_OVER + """\
  - do: fallback@1
  - wait: {node 1: Normal, node 2: Normal, active: {node 1: X, node 2: Y}}
"""


@pytest.mark.slow
def test_a_fault_mid_procedure_stops_it_where_the_pair_can_be_brought_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, str(runbook(tmp_path, FAIL_OVER_AND_BACK)), "--fault-budget", "1",
                      *ONE, "--format", "json")
    found = json.loads(out)
    assert status == 0 and found["safe"]
    stops = [stop for step in found["expected"] for stop in step["interrupted_by"]]
    assert stops and all(stop["recoverable"] for stop in stops)
    assert {"fault": "power loss on node 1", "leaves": "node 1 down, node 2 Normal / Normal",
            "recoverable": True} in stops


@pytest.mark.slow
def test_a_fault_that_leaves_the_pair_unrecoverable_fails_the_runbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = DEFAULT_SPEC.parent / "mutants" / "failed-mode-deadlock.yaml"
    status, out = run(capsys, str(runbook(tmp_path, FAIL_OVER_AND_BACK)), "--spec", str(broken),
                      "--fault-budget", "1", *ONE)
    text = " ".join(out.split())
    assert status == 1 and "not recoverable after a fault" in text
    assert ("internal error on node 1 before step 1 (failover on node 1) leaves the pair at "
            "node 1 Running in Failed Mode / Unknown") in text
