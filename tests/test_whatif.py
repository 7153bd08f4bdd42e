"""What-if: settings read from NAME=VALUE, verify with them, and the diff against the
defaults."""

from __future__ import annotations

import json

import pytest
from prg.model.errors import UsageError
from prg.model.product import configurations
from prg.model.progress import ProgressEvent, RunStarted, TaskProgress
from prg.model.settings import parse_settings, with_settings
from prg.model.spec import Spec
from prg.model.traces import Shown
from prg.verify.tools.whatif import diff, to_text

from .helpers import prg


def test_settings_take_keys_names_and_the_usual_words(spec: Spec) -> None:
    assert parse_settings(spec, ["automatic_fallback=on",
                                 "User Assignment Mode for Presence Server=active-standby",
                                 "srm-stop-reading=services stop"]) == {
        "automatic_fallback": True, "user_assignment_mode": "Active-Standby",
        "srm_stop_reading": "services stop"}


@pytest.mark.parametrize(("text", "message"), [
    ("automatic_fallbak=on", "unknown setting 'automatic_fallbak' (did you mean"),
    ("user_assignment_mode=foo", ("--set user_assignment_mode='foo': not one of Balanced, "
                                  "Active-Standby, None")),
    ("heartbeat_timeout=30", ("--set heartbeat_timeout: a service parameter the model's states "
                              "do not depend on")),
    ("multiple_device_messaging=on", "prg check-config --set multiple_device_messaging=... "),
    ("automatic_fallback", "expected NAME=VALUE"),
])
def test_bad_settings_are_usage_errors(spec: Spec, text: str, message: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_settings(spec, [text])
    assert message in str(error.value)


def test_a_set_option_is_no_longer_enumerated(spec: Spec) -> None:
    fixed = with_settings(spec, {"automatic_fallback": True, "heartbeat_timeout": 30})
    assert len(configurations(fixed)) == 12
    assert all(dict(config)["automatic_fallback"] is True for config in configurations(fixed))
    assert fixed.parameter("heartbeat_timeout").default == 30


def test_automatic_fallback_makes_row_10_reachable(spec: Spec) -> None:
    heard: list[ProgressEvent] = []
    result = diff(spec, {"automatic_fallback": True}, fault_budget=0, jobs=1,
                  progress=heard.append)
    assert result.changed
    # Each run's progress comes after its name: the second starts the count anew.
    runs = [i for i, event in enumerate(heard) if isinstance(event, RunStarted)]
    assert [heard[i] for i in runs] == [RunStarted("the defaults"),
                                        RunStarted("with automatic_fallback=True")]
    assert runs[0] == 0 and heard[runs[1] + 1] == TaskProgress("graph", "configurations", 0, 1)
    row = next(r for r in result.rows if r.id == 10)
    assert (row.baseline, row.what_if, row.witness_side) == (False, True, "what-if")
    assert row.witness is not None
    assert row.witness[-1].node1 == Shown("Taking Back", "Automatic Fallback")
    assert "row 10 (node 1 Taking Back / Automatic Fallback" in to_text(result)


def test_cli_verify_set_and_diff() -> None:
    done = prg("verify", "--format", "json", "--fault-budget", "0", "--engine", "graph",
               "--set", "automatic_fallback=on", "--set", "user_assignment_mode=None")
    report = json.loads(done.stdout)
    assert report["model"]["configurations"] == 4
    assert report["model"]["settings"] == {"automatic_fallback": True,
                                           "user_assignment_mode": "None"}
    done = prg("diff", "--fault-budget", "0", "--set", "automatic_fallback=on")
    assert done.returncode == 1 and "unreachable -> reachable" in done.stdout
    done = prg("diff", "--set", "automatic_fallbak=on")
    assert done.returncode == 2 and done.stderr.startswith("prg: error: unknown setting")
