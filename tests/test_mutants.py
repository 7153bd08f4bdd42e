"""Seeded defects: every mutant under ``specs/mutants/`` makes ``prg verify`` exit 1 with the
property it names among the violated ones, and prg finds what the manifest records."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from prg.cli.main import main
from prg.model.load import DEFAULT_SPEC, load_spec
from prg.verify.checks.properties import PROPERTIES
from prg.verify.manifest import (
    MANIFEST,
    MUTANTS,
    SPECS,
    explorer_digest,
    mutants,
    read_manifest,
    report_digest,
    z3_verdicts,
)
from prg.verify.report import verify

ROOT = SPECS.parent
ENTRIES = read_manifest()

#: The kinds of defect the suite must show it catches.
KINDS = {
    "deleted rule", "wrong target state", "dropped guard", "inverted guard",
    "user move loses users", "takeover leaves both nodes serving", "users added during failover",
    "failed state with no way out", "recommended actions do not recover",
    "transient state with no exit", "row no rule can reach", "timer parameter out of range",
    "dead rule",
}


def run_prg(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


@cache
def base_messages(fault_budget: int) -> dict[str, str | None]:
    report = verify(load_spec(DEFAULT_SPEC), fault_budget, engine="graph")
    return {p.name: p.message for p in report.properties}


def test_there_are_at_least_thirty_mutants_of_every_kind() -> None:
    found = mutants()
    assert len(found) >= 30
    assert KINDS <= {mutant.kind for _, mutant in found}
    names = {p.name for p in PROPERTIES} | {"load"}
    assert all(mutant.caught_by in names for _, mutant in found)


def test_every_property_is_what_catches_some_mutant() -> None:
    assert {mutant.caught_by for _, mutant in mutants()} >= {p.name for p in PROPERTIES}


def test_the_manifest_lists_the_bundled_spec_and_every_mutant() -> None:
    recorded = [entry["spec"] for entry in ENTRIES]
    on_disk = [str(path.relative_to(ROOT)) for path in sorted(MUTANTS.glob("*.yaml"))]
    assert recorded == [str(DEFAULT_SPEC.relative_to(ROOT))] * 2 + on_disk
    assert MANIFEST.parent == SPECS


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=[
    f"{Path(e['spec']).stem}@{e['fault_budget']}" for e in ENTRIES
])
def test_prg_finds_what_the_manifest_records(
    entry: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, err = run_prg(capsys, "verify", "--engine", "graph", "--spec", entry["spec"],
                               "--format", "json", "--fault-budget", str(entry["fault_budget"]))
    if "error" in entry:
        assert (status, out) == (2, "")
        assert err == f"prg: error: {entry['error']}\n"
        return
    report = json.loads(out)
    verdicts = {p["name"]: p["status"] for p in report["properties"]}
    assert verdicts == entry["verdicts"]
    assert report_digest(out) == entry["report_digest"]  # the whole report, timings aside
    assert report["model"]["joint_states"] == entry["joint_states"]
    assert status == (0 if "violated" not in verdicts.values() else 1)
    if "caught_by" in entry:
        caught = next(p for p in report["properties"] if p["name"] == entry["caught_by"])
        assert caught["status"] == "violated"
        # Caught by the mutant, not already by the bundled spec at this fault budget.
        base = next(e for e in ENTRIES if e["spec"] == str(DEFAULT_SPEC.relative_to(ROOT))
                    and e["fault_budget"] == entry["fault_budget"])
        if base["verdicts"][caught["name"]] == "violated":
            assert caught["message"] != base_messages(entry["fault_budget"])[caught["name"]]
        assert status == 1


@pytest.mark.slow
@pytest.mark.parametrize("entry", [e for e in ENTRIES if "error" not in e], ids=[
    f"{Path(e['spec']).stem}@{e['fault_budget']}" for e in ENTRIES if "error" not in e
])
def test_the_explorer_and_z3_find_what_the_manifest_records(entry: dict[str, Any]) -> None:
    """The explorer's graphs, joint state by joint state and step by step, and the Z3 engine's
    verdicts are what the manifest pins."""
    spec = load_spec(ROOT / entry["spec"])
    assert explorer_digest(spec, entry["fault_budget"]) == entry["explorer_digest"]
    assert z3_verdicts(spec, entry["fault_budget"]) == entry["z3_verdicts"]


def test_a_mutant_counterexample_names_the_mutant(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, _ = run_prg(capsys, "verify", "--engine", "graph", "--spec",
                             "specs/mutants/both-serving-failing-over.yaml", "--fault-budget", "0")
    assert status == 1
    assert ("spec specs/mutants/both-serving-failing-over.yaml (patched "
            "specs/presence-redundancy.yaml)") in out
    assert "VIOLATED no_split_brain: the users of node 1 are served by node 1 (Failing Over" in out
