"""Random small specs for property-based tests: a hypothesis strategy that writes spec YAML text
(states, reasons, events, rules with guards, moves and messages, rows with causes and recommended
actions, configuration options), which the tests load through the one loader like any spec.

User moves either move a whole category or add one user, so that the number of users, and so
the state space, stays finite.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st

STATES = ("Normal", "Idle", "Taking Over", "Running in Backup Mode", "Failed")
REASONS = ("Normal", "On Admin Request", "Peer Down")
CLASSES = ("stable", "transient", "failed", "unknown")
#: (name, kind, scope) of the events every random spec has.
EVENTS = (
    ("failover", "admin", "node"),
    ("fallback", "admin", "node"),
    ("recovery", "admin", "pair"),
    ("restart", "repair", "node"),
    ("timeout", "timer", "node"),
    ("done", "completion", "node"),
    ("crash", "fault", "node"),
    ("service down", "fault", "node"),
    ("request", "message", "node"),
    ("relogin", "client", "node"),
)
MESSAGE = "request"
MOVES = (
    "self.at_home -> self.out",
    "peer.at_peer -> peer.out",
    "self.out -> self.at_home x1",
    "self.out -> self.at_peer x1",
    "self.at_peer -> self.at_home",
    "new -> self.at_home x1",
)
FACTS = {"power": ("on", "off"), "critical": ("up", "down")}


def _pick(draw: st.DrawFn, values: tuple[Any, ...], low: int = 1) -> list[Any]:
    return draw(st.lists(st.sampled_from(values), min_size=low, max_size=len(values),
                         unique=True))


@st.composite
def guards(draw: st.DrawFn, states: list[str], reasons: list[str]) -> dict[str, Any]:
    """A conjunction over the variables a rule may read."""
    pool: dict[str, tuple[Any, ...]] = {
        "ha": (True, False),
        "critical": FACTS["critical"],
        "healthy": (True, False),
        "serves_own": (True, False),
        "reason": tuple(reasons),
        "peer.state": (*states, "down"),
        "peer.healthy": (True, False),
        "peer.serves_guests": (True, False),
        "node": (1, 2),
        "config.eager": (True, False),
        "config.mode": ("Balanced", "Active-Standby"),
    }
    names = draw(st.lists(st.sampled_from(sorted(pool)), max_size=2, unique=True))
    guard: dict[str, Any] = {}
    for name in names:
        values = _pick(draw, pool[name])
        guard[name] = values[0] if len(values) == 1 else values
    return guard


@st.composite
def rules(draw: st.DrawFn, index: int, states: list[str], reasons: list[str]) -> dict[str, Any]:
    event, kind, _ = draw(st.sampled_from(EVENTS))
    rule: dict[str, Any] = {"id": f"r{index}", "on": event}
    sources = _pick(draw, (*states, "down"))
    rule["from"] = sources if len(sources) > 1 else sources[0]
    guard = draw(guards(states, reasons))
    if guard:
        rule["when"] = guard
    if draw(st.booleans()):
        rule["to"] = draw(st.sampled_from(states))
    if draw(st.booleans()):
        rule["reason"] = draw(st.sampled_from([*reasons, "from peer"]))
    if draw(st.integers(0, 3)) == 0:
        fact = draw(st.sampled_from(sorted(FACTS)))
        rule["set"] = {fact: draw(st.sampled_from(FACTS[fact]))}
    if draw(st.integers(0, 4)) == 0:
        rule["ha"] = draw(st.booleans())
    if kind != "message" and draw(st.integers(0, 2)) == 0:
        rule["send"] = MESSAGE
    moves = draw(st.lists(st.sampled_from(MOVES), max_size=2, unique=True))
    if moves:
        rule["users"] = moves
    rule["source"] = "random"
    return rule


@st.composite
def rows(draw: st.DrawFn, index: int, states: list[str], reasons: list[str],
         actions: list[str]) -> dict[str, Any]:
    def side() -> dict[str, Any]:
        if draw(st.integers(0, 4)) == 0:
            return {"down": "power"}
        return {"state": draw(st.sampled_from(states)), "reason": draw(st.sampled_from(reasons))}

    row: dict[str, Any] = {"id": index + 1, "node1": side(), "node2": side(), "cause": "random"}
    steps = draw(st.lists(st.sampled_from(actions), max_size=2))
    row["actions"] = [
        {"do": event, **({"node": draw(st.sampled_from((1, 2)))} if event != "recovery" else {}),
         **({"if": {"node1.critical": "down"}} if draw(st.booleans()) else {}),
         "text": "random"}
        for event in steps
    ] if steps or draw(st.booleans()) else None
    causes = [name for name, kind, _ in EVENTS if kind in ("admin", "repair", "fault")]
    row["caused_by"] = [
        [{"do": event, **({"node": draw(st.sampled_from((1, 2)))} if event != "recovery" else {})}
         for event in draw(st.lists(st.sampled_from(causes), min_size=1, max_size=2))]
        for _ in range(draw(st.integers(0, 2)))
    ]
    if draw(st.integers(0, 3)) == 0:
        row["actions_also_from"] = [{
            "node1": "any", "node2": side() if draw(st.booleans()) else "any",
            **({"if": {"node1.healthy": True}} if draw(st.booleans()) else {}),
            "why": "random"}]
    row["source"] = "random"
    return row


@st.composite
def small_specs(draw: st.DrawFn) -> str:
    """The YAML text of a random small spec."""
    states = ["Normal", *_pick(draw, STATES[1:], low=1)]
    reasons = ["Normal", *_pick(draw, REASONS[1:], low=0)]
    actions = [name for name, kind, _ in EVENTS if kind in ("admin", "repair")]
    rule_count = draw(st.integers(2, 14))
    document: dict[str, Any] = {
        "title": "random",
        "document": "random",
        "parameters": [],
        "options": [
            {"key": "high_availability", "name": "HA", "values": [True, False],
             "default": True, "explore": draw(st.booleans()), "sets": "ha", "source": "random"},
            {"key": "eager", "name": "Eager", "values": [False, True], "default": False,
             "explore": draw(st.booleans()), "source": "random"},
            {"key": "mode", "name": "Mode", "values": ["Balanced", "Active-Standby"],
             "default": "Balanced", "explore": draw(st.booleans()), "sets": "users",
             "source": "random"},
        ],
        "facts": [
            {"name": "power", "values": list(FACTS["power"]), "healthy": "on",
             "down_when": ["off"], "fault_when": ["off"], "source": "random",
             **({"still_serving": ["off"]} if draw(st.booleans()) else {})},
            {"name": "critical", "values": list(FACTS["critical"]), "healthy": "up",
             "health": True, "fault_when": ["down"], "source": "random"},
        ],
        "states": [
            {"name": name, "class": draw(st.sampled_from(CLASSES)),
             "serves": _pick(draw, ("own", "guests"), low=0),
             "failover": draw(st.booleans()), "resumes": draw(st.booleans()),
             "description": "random", "source": "random"}
            for name in states
        ],
        "reasons": [{"name": name, "source": "random"} for name in reasons],
        "events": [{"name": name, "kind": kind, "scope": scope, "description": "random",
                    "source": "random"} for name, kind, scope in EVENTS],
        "initial": {"state": "Normal", "reason": "Normal",
                    "users": {"Balanced": [draw(st.integers(0, 2)), draw(st.integers(0, 2))],
                              "Active-Standby": [draw(st.integers(0, 2)), 0]},
                    "source": "random"},
        "rules": [draw(rules(i, states, reasons)) for i in range(rule_count)],
        "rows": [draw(rows(i, states, reasons, actions)) for i in range(draw(st.integers(1, 3)))],
        "extensions": [{"node1": draw(st.sampled_from(
                            [{"state": name} for name in states] + [{"down": ["power"]}])),
                        "node2": "any", "why": "random", "source": "random"}
                       for _ in range(draw(st.integers(0, 2)))],
        "decisions": [],
    }
    return yaml.safe_dump(document, sort_keys=False)
