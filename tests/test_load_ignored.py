"""Loading the ``ignored`` section: each entry names events, states, a guard and a reason, and
bad entries are one-line errors at their line."""

from __future__ import annotations

import pytest
from prg.model.spec import DOWN, Spec

from .helpers import SPEC_TEXT, error_of, line_of

ENTRY = """  - on: takeback complete
    from: {not: [down, Taking Back]}
"""


def test_the_bundled_spec_says_why_each_ignored_event_is_ignored(spec: Spec) -> None:
    assert spec.ignored
    assert all(entry.why and entry.at.source for entry in spec.ignored)
    down = [entry for entry in spec.ignored if DOWN in entry.sources]
    assert any("failover" in entry.events for entry in down)


def test_an_ignored_entry_reads_states_guard_and_events(spec: Spec) -> None:
    entry = next(e for e in spec.ignored if e.events == ("user move failure",)
                 and "Taking Over" in e.sources)
    assert entry.sources == frozenset(["Taking Over"])
    peer_states = dict(entry.guard.atoms)["peer.state"]
    assert "Failing Over" not in peer_states and DOWN not in peer_states
    assert {"Idle", "Failed Over", "Initializing"} <= peer_states
    assert entry.at.decision


@pytest.mark.parametrize("old, new, expected", [
    (ENTRY, ENTRY.replace("takeback complete", "take back complete"),
     "unknown event 'take back complete' (did you mean 'takeback complete'?)"),
    (ENTRY, ENTRY.replace("Taking Back]", "Taking Bak]"),
     "unknown state 'Taking Bak' (did you mean 'Taking Back'?)"),
    (ENTRY, ENTRY.replace("  - on: takeback complete\n", "  - event: takeback complete\n"),
     "unknown key 'event'"),
    (ENTRY, ENTRY.replace("  - on: takeback complete\n", "  - on: takeback complete\n"
                          "    when: {healty: true}\n"),
     "unknown variable 'healty' (did you mean 'healthy'?)"),
])
def test_a_bad_ignored_entry_is_named_at_its_line(old: str, new: str, expected: str) -> None:
    text = SPEC_TEXT.replace(old, new, 1)
    message = error_of(text)
    assert expected in message
    assert message.startswith("broken.yaml:")
    assert ".ignored[" in message or ": ignored[" in message


def test_an_ignored_entry_without_a_reason_is_an_error() -> None:
    start = SPEC_TEXT.index(ENTRY)
    end = SPEC_TEXT.index("    source:", start)
    text = SPEC_TEXT[:start] + ENTRY + SPEC_TEXT[end:]
    line = line_of(text, ENTRY)
    assert error_of(text).startswith(f"broken.yaml:{line}: ignored[")
    assert error_of(text).endswith(".why: missing")
