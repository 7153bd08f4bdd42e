"""The document's must / never / only sentences, checked as claims: each holds on the bundled
spec (or fails only where a finding says), and a spec that breaks it fails it."""

from __future__ import annotations

import pytest
from prg.model.explore import explore
from prg.model.product import Pair
from prg.model.spec import Spec, Value

from .helpers import SPEC_TEXT, broken, error_of, own_violation

AUTOMATIC_FALLBACK = ("    when: {ha: true, config.automatic_fallback: true, healthy: true,\n"
                      "           peer.state: Running in Backup Mode}\n    to: Taking Back\n"
                      "    reason: Automatic Fallback\n")


def _graph(spec: Spec, fault_budget: int = 1, **config: Value):  # type: ignore[no-untyped-def]
    chosen = {"high_availability": True, "automatic_fallback": False,
              "user_assignment_mode": "Balanced"} | config
    return explore(Pair(spec, tuple(chosen.items()), fault_budget))


def _claim_broken(spec: Spec, fault_budget: int = 1, **config: Value) -> str:
    violation = own_violation("document_claims", _graph(spec, fault_budget, **config))
    assert violation is not None
    return violation.message.split(":")[0].removeprefix("claim ")


def test_the_claims_hold_on_the_bundled_spec_but_where_a_finding_says(spec: Spec) -> None:
    assert [c.id for c in spec.claims] == [
        "no-automatic-fallback-when-disabled", "automatic-fallback-only-when-healthy",
        "no-failover-without-high-availability", "manual-failover-holds-until-fallback",
        "peer-reboot-only-when-the-peer-went-down",
        "peer-down-only-when-the-peer-lost-network-or-srm"]
    for config in ({}, {"automatic_fallback": True}, {"high_availability": False}):
        assert own_violation("document_claims", _graph(spec, **config)) is None, config


def test_no_automatic_fallback_when_it_is_disabled() -> None:
    spec = broken((AUTOMATIC_FALLBACK,
                   AUTOMATIC_FALLBACK.replace(" config.automatic_fallback: true,", "")))
    assert _claim_broken(spec) == "no-automatic-fallback-when-disabled"


def test_automatic_fallback_only_when_healthy() -> None:
    spec = broken((AUTOMATIC_FALLBACK, AUTOMATIC_FALLBACK.replace(" healthy: true,", "")))
    assert _claim_broken(spec, automatic_fallback=True) == "automatic-fallback-only-when-healthy"


def test_no_failover_without_high_availability() -> None:
    spec = broken(("    when: {ha: true, critical: down, peer.state: Normal}\n    to: Failing Over\n",
                   "    when: {critical: down, peer.state: Normal}\n    to: Failing Over\n"))
    assert _claim_broken(spec, high_availability=False) == \
        "no-failover-without-high-availability"


def test_a_manual_failover_holds_until_the_fallback() -> None:
    spec = broken(("    resumes_as: {On Admin Request: Idle}\n", ""))
    assert _claim_broken(spec, 0) == "manual-failover-holds-until-fallback"


def test_peer_reboot_only_when_the_peer_went_down() -> None:
    peer_down = ("    when: {ha: true, peer.state: down, peer.power: on}\n"
                 "    to: Taking Over\n    reason: Peer Down\n")
    spec = broken((peer_down, peer_down.replace("Peer Down", "Peer Reboot")))
    assert _claim_broken(spec) == "peer-reboot-only-when-the-peer-went-down"


def test_peer_down_only_when_the_peer_lost_network_or_srm() -> None:
    spec = broken(("    to: Taking Over\n    reason: Peer Reboot\n",
                   "    to: Taking Over\n    reason: Peer Down\n"))
    assert _claim_broken(spec) == "peer-down-only-when-the-peer-lost-network-or-srm"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    step: {reason: Peer Reboot}\n", "    step: {reason: Peer Rebooted}\n",
     "unknown reason 'Peer Rebooted'"),
    ("    only_when: {peer.power: [off, booting]}\n", "    only_when: {peer.powr: [off]}\n",
     "unknown variable 'peer.powr'"),
    ("    until: [{event: fallback},", "    until: [{event: fallbak},", "unknown event 'fallbak'"),
])
def test_a_bad_claim_is_one_line_naming_it(old: str, new: str, message: str) -> None:
    assert message in error_of(SPEC_TEXT.replace(old, new))


def test_a_bad_guard_of_a_list_is_named_by_its_place_in_the_list() -> None:
    old = "    only_when: [{peer.network: down}, {peer.srm: [stopped, stopped_alone]}, {link: cut}]"
    assert SPEC_TEXT.count(old) == 1
    message = error_of(SPEC_TEXT.replace(old, old.replace("{link: cut}", "{link: severed}")))
    assert message.endswith(": claims[5].only_when[2].link: unknown value 'severed'")
