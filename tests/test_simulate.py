"""prg simulate: the node machines drive the pair as the product does; refusals say why."""

from __future__ import annotations

import json
import random
import signal
import subprocess

import pytest
from prg.model.errors import UsageError
from prg.model.simulate import Refused, Simulation, parse_step
from prg.model.spec import Spec

from .helpers import PRG, prg


def test_parse_step() -> None:
    assert parse_step("takeover complete@2") == ("takeover complete", 2, None)
    assert parse_step("recovery") == ("recovery", None, None)
    assert parse_step("restore network@1#restore-network") == ("restore network", 1,
                                                               "restore-network")
    with pytest.raises(UsageError, match="1 or 2"):
        parse_step("failover@3")


@pytest.mark.slow
def test_the_machines_take_the_steps_the_product_takes(spec: Spec) -> None:
    """A random walk with one fault at a time: in every joint state met, the steps the
    machines enable are the product's successors."""
    simulation = Simulation(spec)
    walk = random.Random(11)
    for _ in range(200):
        steps = simulation.steps()
        assert {(s.label, s.joint) for s in steps} == set(
            simulation.pair.successors(simulation.joint))
        simulation.take(walk.choice(steps))


def test_a_manual_failover_and_undo(spec: Spec) -> None:
    simulation = Simulation(spec)
    simulation.run(["failover@1", "takeover complete@2"])
    views = [simulation.pair.view(n) for n in simulation.joint[:2]]
    assert [(v.state, v.reason) for v in views] == [
        ("Idle", "On Admin Request"), ("Running in Backup Mode", "On Admin Request")]
    simulation.undo()
    assert simulation.pair.view(simulation.joint[1]).state == "Taking Over"


def test_a_refusal_names_the_guard_that_fails(spec: Spec) -> None:
    simulation = Simulation(spec)
    simulation.step("power loss", 2)
    with pytest.raises(Refused, match=r"rule manual-failover needs peer.state in \{Normal\} "
                                      r"\(it is down\)"):
        simulation.step("failover", 1)
    with pytest.raises(Refused, match="no rule takes it in Normal"):
        simulation.step("fallback", 1)
    with pytest.raises(Refused, match="fault budget"):
        simulation.step("network loss", 1)
    with pytest.raises(Refused, match=r"recovery \(both nodes\) is refused: node 1: no rule "
                                      r"takes it in Normal .*; node 2: no rule takes it in down"):
        simulation.step("recovery")


def test_a_refusal_lists_what_the_pair_can_take_there(spec: Spec) -> None:
    simulation = Simulation(spec)
    simulation.step("power loss", 2)
    with pytest.raises(Refused) as refused:
        simulation.step("fallback", 1)
    enabled = str(refused.value).split("; enabled here: ")[1].split(", ")
    assert "power up on node 2" in enabled and "critical service delay on node 1" not in enabled
    assert not any(item.startswith(("fallback", "network loss")) for item in enabled)
    assert enabled == sorted(enabled)


def test_an_unknown_rule_is_a_usage_error_naming_the_rules_of_the_event(spec: Spec) -> None:
    simulation = Simulation(spec)
    with pytest.raises(UsageError) as error:
        simulation.step("failover", 1, "nosuch")
    assert not isinstance(error.value, Refused)
    assert str(error.value) == ("unknown rule 'nosuch' for failover; its rules: "
                                "manual-failover, accept-failover")
    simulation.step("failover", 1, "accept-failover")  # the peer's reply picks it too
    done = prg("simulate", "failover@1#nosuch")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("prg: error: unknown rule 'nosuch' for failover")


def test_cli_prints_each_joint_state_and_refuses_with_exit_1() -> None:
    done = prg("simulate", "failover@1", "takeover complete@2", "failover@1")
    assert done.returncode == 1
    assert " 2. takeover complete on node 2" in done.stdout
    assert "node 2: Running in Backup Mode / On Admin Request" in done.stdout
    assert "no rule takes it in Idle (rules take it in: Normal); enabled here: " in done.stdout
    trace = json.loads(prg("simulate", "--format", "json", "failover@1").stdout)["trace"]
    assert [step["event"] for step in trace] == [None, "failover"]


def test_interactive_lists_picks_undoes_and_prints_the_trace() -> None:
    done = subprocess.run([PRG, "simulate", "--interactive"], input="1\nu\nfailover@2\nt\nq\n",
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "   1. failover on node 1  (admin; manual-failover, accept-failover)" in done.stdout
    assert " 1. failover on node 2" in done.stdout.split("> ")[-2]  # the trace after undo
    assert "failover on node 1\n          node 1: Failing Over" in done.stdout


def test_ctrl_c_in_interactive_mode_is_one_line() -> None:
    session = subprocess.Popen([PRG, "simulate", "--interactive"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert session.stdout is not None
    shown = b""
    while not shown.endswith(b"> "):  # the first prompt: waiting for an answer
        shown += session.stdout.read1(4096)
    session.send_signal(signal.SIGINT)
    _, errors = session.communicate(timeout=60)
    assert session.returncode == 2
    assert errors == b"prg: error: interrupted\n"
