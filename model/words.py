"""How prg words the things every format, diagram and message names: a configuration or a set
of settings (``high_availability=True, automatic_fallback=False``), a step of a trace (``failover
on node 1``), where a node's users are (``node 1's users: 1 logging in again``) and a count of
events. One home, so that the text report, HTML, Markdown, JUnit, SARIF, the diagrams and the
errors say them alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .spec import Guard, Step

Settings = Mapping[str, object] | Iterable[tuple[str, object]]


def config_words(config: Settings, empty: str = "") -> str:
    """``key=value, ...`` in the order given; ``empty`` where there is none."""
    items = config.items() if isinstance(config, Mapping) else config
    return ", ".join(f"{key}={value}" for key, value in items) or empty


def value_words(value: object) -> str:
    """A setting's value as it is typed: ``true``, ``false``, ``Balanced``, ``60``."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def guard_words(guards: Sequence[Guard]) -> str:
    """Guards one of which holds, in words: ``power booting or off; or network down`` (each
    variable's values in alphabetical order)."""
    def values(allowed: Iterable[object]) -> str:
        named = sorted(value_words(v) for v in allowed)
        return ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]

    return "; or ".join(" and ".join(f"{name} {values(allowed)}" for name, allowed in g.atoms)
                        or "always" for g in guards)


#: What the first step of a trace, which no event led to, is called.
START = "start"

#: Where a user can be (``prg.model.spec.USER_CATEGORIES``), in words.
USER_WORDS = {"at_home": "at home", "at_peer": "at the peer", "out": "logging in again"}


def step_words(event: str | None, node: int | None) -> str:
    """``failover on node 1``; ``recovery (both nodes)`` for an event of the pair; ``start``
    for the first step of a trace (no event)."""
    if event is None:
        return START
    return f"{event} (both nodes)" if node is None else f"{event} on node {node}"


def users_words(home: int, where: Iterable[tuple[str, int]]) -> str:
    """Where the users of home node ``home`` are, from (category, count) pairs: ``node 1's
    users: 1 at home, 1 logging in again``; ``none`` where there are none."""
    counts = [f"{count} {USER_WORDS[category]}" for category, count in where if count]
    return f"node {home}'s users: {', '.join(counts) or 'none'}"


def action_marks(actions: Sequence[Step]) -> list[str]:
    """How a row's recommended actions are marked, in order: the document's ``1``, ``2``, ...;
    the steps prg adds ``a``, ``b``, ...; a step that ``continues`` an action, as that action."""
    marks: list[str] = []
    for step in actions:
        if step.continues and marks:
            marks.append(marks[-1])
            continue
        count = len({mark for mark in marks if mark.isdigit() == (step.added is None)})
        marks.append(chr(ord("a") + count) if step.added is not None else str(count + 1))
    return marks


def action_words(mark: str) -> str:
    """``action 1``: the document's first recommended action; ``added step a``: the first
    step prg adds."""
    return f"action {mark}" if mark.isdigit() else f"added step {mark}"


@dataclass(frozen=True)
class AddedStep:
    """A step prg adds to a row's recommended actions: its mark, its text, why prg adds it,
    and the mark of the document's action it comes before (None: after the last)."""

    mark: str
    text: str
    why: str
    before: str | None


def added_steps(actions: Sequence[Step], swapped: bool = False) -> tuple[AddedStep, ...]:
    """The steps prg adds to a row's recommended actions, in order; worded ``oriented`` for a
    pair Table 2 writes the other way round (``swapped``)."""
    marks = action_marks(actions)
    return tuple(
        AddedStep(mark, oriented(step.text, swapped), oriented(step.added, swapped),
                  next((m for m in marks[index:] if m.isdigit()), None))
        for index, (step, mark) in enumerate(zip(actions, marks, strict=True))
        if step.added is not None)


_NODE_NAMED = re.compile(r"\b([Nn]ode ?)([12])\b")


def oriented(text: str, swapped: bool) -> str:
    """A row's words for a pair Table 2 writes the other way round (``swapped``): its node 1
    is the pair's node 2 and its node 2 the pair's node 1, so each is named as it is."""
    if not swapped:
        return text
    return _NODE_NAMED.sub(lambda found: found[1] + str(3 - int(found[2])), text)


def breaks_here(property_name: str = "the property") -> str:
    """How a counterexample names the step where its property breaks."""
    return f"{property_name} breaks here"


def counted(count: int, noun: str) -> str:
    """``1 step``, ``3 steps``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def events(count: int) -> str:
    """``1 event``, ``3 events``."""
    return counted(count, "event")
