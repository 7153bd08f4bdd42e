"""The prg command: exit status, the JSON contract, readable counterexamples, one-line
errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prg.model.explore import explore
from prg.model.product import Pair, default_config
from prg.model.spec import Spec

from .helpers import SPEC_TEXT, prg, spec_file


def test_the_default_configuration_has_a_pinned_number_of_joint_states(spec: Spec) -> None:
    assert len(explore(Pair(spec, default_config(spec), fault_budget=0)).states) == 4819
    assert len(explore(Pair(spec, default_config(spec), fault_budget=1)).states) == 265241


def test_json_report_follows_the_contract() -> None:
    done = prg("verify", "--format", "json", "--fault-budget", "0", "--engine", "graph")
    assert done.returncode == 1  # without faults, failed states are unreachable
    report = json.loads(done.stdout)
    assert report["tool"] == "prg"
    assert report["spec"]["states"] == 14 and report["spec"]["rows"] == 24
    assert report["model"]["configurations"] == 24
    assert report["model"]["joint_states"] == 98280
    names = [p["name"] for p in report["properties"]]
    assert names[:2] == ["states_reachable", "rows_reachable"]
    assert {"no_user_lost", "no_split_brain", "recoverable", "no_dead_rules"} <= set(names)
    for prop in report["properties"]:
        assert prop["status"] in ("holds", "violated") and prop["engine"] == "graph"
    rows = {row["id"]: row for row in report["rows"]}
    assert rows[3]["reachable"] and rows[3]["node2"]["state"] == "Running in Backup Mode"
    assert [step["event"] for step in rows[3]["witness"]] == [None, "failover",
                                                               "takeover complete"]
    assert rows[16]["node1"]["state"] is None
    assert not rows[12]["reachable"]
    assert any("Auto Recover" in d["what"] for d in report["decisions"])


def test_a_violation_exits_1_with_a_numbered_trace(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace("  - name: Failing Over\n    class: transient\n",
                             "  - name: Failing Over\n    class: transient\n    serves: [own]\n")
    done = prg("verify", "--fault-budget", "0", "--engine", "graph",
               "--spec", str(spec_file(tmp_path, text)))
    assert done.returncode == 1
    assert "VIOLATED no_split_brain" in done.stdout
    assert " 1. failover on node 1" in done.stdout
    assert "node 1: Failing Over / On Admin Request" in done.stdout


@pytest.mark.slow
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = spec_file(tmp_path, SPEC_TEXT.replace("    to: Idle\n", "    to: Idel\n", 1))
    for args in (("verify", "--spec", str(bad)),
                 ("verify", "--spec", str(tmp_path / "missing.yaml")),
                 ("verify", "--fault-budget", "9"),
                 ("verify", "--format", "yaml"),
                 ("verify", "--engine", "spin"),
                 ("verify", "--bmc-depth", "-1"),
                 ("frobnicate",)):
        done = prg(*args)
        assert done.returncode == 2, args
        assert done.stderr.startswith("prg: error: ") and done.stderr.count("\n") == 1, args
        assert "Traceback" not in done.stderr
        assert done.stdout == ""


def test_a_violation_names_the_spec_lines_of_its_last_step(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace("  - name: Failing Over\n    class: transient\n",
                             "  - name: Failing Over\n    class: transient\n    serves: [own]\n")
    done = prg("verify", "--fault-budget", "0", "--format", "json", "--engine", "graph",
               "--spec", str(spec_file(tmp_path, text)))
    split_brain = next(p for p in json.loads(done.stdout)["properties"]
                       if p["name"] == "no_split_brain")
    manual_failover = text[:text.index("  - id: manual-failover\n")].count("\n") + 1
    assert manual_failover in split_brain["spec_lines"]


@pytest.mark.slow
def test_both_engines_report_and_agree_on_a_violation(tmp_path: Path) -> None:
    text = SPEC_TEXT.replace("  - name: Failing Over\n    class: transient\n",
                             "  - name: Failing Over\n    class: transient\n    serves: [own]\n")
    done = prg("verify", "--fault-budget", "0", "--format", "json", "--engine", "all",
               "--bmc-depth", "2", "--spec", str(spec_file(tmp_path, text)))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    found = {(p["name"], p["engine"]): p for p in report["properties"]}
    symbolic = found[("no_split_brain", "z3")]
    assert symbolic["status"] == "violated" and symbolic["method"] == "k-induction"
    assert [step["event"] for step in symbolic["counterexample"]] == [None, "failover"]
    assert found[("no_split_brain", "graph")]["status"] == "violated"
    assert found[("engines_agree", "graph+z3")]["status"] == "holds"
    rows = {row["id"]: row for row in report["rows"]}
    assert rows[3]["engines"] == {"z3": 2, "graph": 2}


@pytest.mark.slow
def test_the_z3_engine_alone_proves_for_every_user_count() -> None:
    done = prg("verify", "--fault-budget", "0", "--format", "json", "--engine", "z3",
               "--bmc-depth", "1")
    report = json.loads(done.stdout)
    assert {p["engine"] for p in report["properties"]} == {"z3"}
    names = {p["name"]: p for p in report["properties"]}
    assert names["no_user_lost"]["status"] == "holds"
    # Checked from the certificate the bundled spec ships (tests/test_certificates.py).
    assert names["no_user_lost"]["method"] == "certificate (k-induction)"
    assert names["no_split_brain"]["method"] == "certificate (spacer)"
    assert names["rules_deterministic"]["status"] == names["rules_complete"]["status"] == "holds"
    rows = {row["id"]: row for row in report["rows"]}
    assert rows[2]["reachable"] and not rows[3]["reachable"]  # beyond one step
    # BMC refuted row 2 at depth 0 before it found it at 1; row 3 has no witness to confirm.
    assert (rows[2]["bmc_confirms"], rows[3]["bmc_confirms"]) == (True, None)
    # What keeps each property true, from the certificates' invariants.
    assert "never: node 1's link cut" in names["no_split_brain"]["invariant"]
    assert all("saved state" in line for line in names["no_user_lost"]["invariant"])


def test_help_lists_each_command_with_its_first_sentence_whole() -> None:
    done = prg("--help")
    assert done.returncode == 0
    listed = " ".join(done.stdout.split())
    assert "..." not in done.stdout.split("Commands:")[1]
    assert ("check-config Check a parameter set against the spec's rules and bound each "
            "failure's timing.") in listed
    assert "verify Check every property on every configuration and every Table 2 row." in listed


def test_one_event_is_said_in_the_singular() -> None:
    done = prg("verify", "--fault-budget", "0", "--engine", "graph")
    row2 = next(line for line in done.stdout.splitlines() if line.startswith("   2. "))
    assert row2.startswith("   2.  1 event   node 1 Failing Over")
    assert " 1 events" not in done.stdout


def test_the_decisions_are_listed_with_verbose_and_the_verdict_comes_last() -> None:
    plain = prg("verify", "--fault-budget", "0", "--engine", "graph").stdout
    assert "  - row 23\n" not in plain
    assert "decisions where the document is inconsistent or silent: --verbose" in plain
    assert plain.rstrip().splitlines()[-1].startswith("some properties are violated")
    verbose = prg("verify", "--fault-budget", "0", "--engine", "graph", "--verbose").stdout
    assert "  - row 23\n" in verbose
    assert verbose.rstrip().splitlines()[-1].startswith("some properties are violated")
