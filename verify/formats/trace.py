"""Traces (``prg.verify.results.Trace``) as the JSON report writes them and as people read
them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prg.model.traces import HomeUsers, Shown, TraceStep
from prg.model.words import breaks_here, step_words, users_words
from prg.verify.formats.columns import WIDTH, wrapped
from prg.verify.results import Verdict


def node_json(side: Shown) -> dict[str, Any]:
    """One node of a step: its state and reason, and the facts not at their healthy value."""
    result: dict[str, Any] = {"state": side.state, "reason": side.reason}
    if side.facts:
        result["facts"] = dict(side.facts)
    return result


def users_json(users: tuple[HomeUsers, HomeUsers]) -> dict[str, dict[str, int]]:
    return {f"node{home}": {"assigned": counts.assigned, **dict(counts.where())}
            for home, counts in enumerate(users, 1)}


def step_json(step: TraceStep) -> dict[str, Any]:
    """One TRACE entry of the report: the event that led to a joint state, and that state."""
    return {
        "event": step.event,
        "node": step.node,
        "rules": list(step.rules),
        "node1": node_json(step.node1),
        "node2": node_json(step.node2),
        "high_availability": step.high_availability,
        "users": users_json(step.users),
    }


def trace_json(trace: Sequence[TraceStep]) -> list[dict[str, Any]]:
    """The TRACE of the report: one entry per joint state, with the event that led to it."""
    return [step_json(step) for step in trace]


def trace_json_or_none(trace: Sequence[TraceStep] | None) -> list[dict[str, Any]] | None:
    """``trace_json``, or None where there is no trace."""
    return trace_json(trace) if trace is not None else None


def side_text(side: Shown) -> str:
    """One node of a step for people: ``state / reason [fact value, ...]``."""
    text = "(down)" if side.state is None else f"{side.state} / {side.reason}"
    if side.facts:
        text += " [" + ", ".join(f"{k} {v}" for k, v in side.facts) + "]"
    return text


def users_text(users: tuple[HomeUsers, HomeUsers]) -> str:
    """Where both nodes' users are after a step: ``node 1's users: 1 logging in again; node
    2's users: 1 at home``."""
    return "; ".join(users_words(home, counts.where()) for home, counts in enumerate(users, 1))


def breaks_mark(property_name: str) -> str:
    """How the trace text marks the step where its property breaks."""
    return f"<- {breaks_here(property_name)}"


def breaks_at(verdict: Verdict) -> int | None:
    """The step of ``verdict``'s counterexample where its property breaks (None where there is
    no counterexample): ``counterexample_breaks_at``."""
    return None if verdict.holds else counterexample_breaks_at(verdict.counterexample)


def counterexample_breaks_at(counterexample: Sequence[TraceStep] | None) -> int | None:
    """The step of a counterexample where its property breaks (None without one): the last,
    where every check sees its violation."""
    return len(counterexample) - 1 if counterexample else None


def trace_text(
    trace: Sequence[TraceStep], indent: str = "    ", notes: Sequence[str] | None = None,
    first: int = 0, breaks_at: int | None = None, property_name: str = "the property",
) -> str:
    """A numbered trace for people (from ``first``), within ``WIDTH`` columns: the event, then
    both nodes and the users after it; ``notes[i]``, where given, is written after step i's
    event, and step ``breaks_at`` (a step number) is marked where ``property_name`` breaks."""
    lines = []
    body = f"{indent}      "
    for number, step in enumerate(trace, first):
        head = step_words(step.event, step.node)
        note = notes[number - first] if notes is not None and number - first < len(notes) else ""
        if note:
            head += f"   [{note}]"
        if number == breaks_at:
            head += f"   {breaks_mark(property_name)}"
        lines += wrapped(head, f"{indent}{number:>2}. ", body)
        lines += wrapped(side_text(step.node1), f"{body}node 1: ", f"{body}          ")
        lines += wrapped(side_text(step.node2), f"{body}node 2: ", f"{body}          ")
        users = users_text(step.users)
        if len(body) + len(users) <= WIDTH:
            lines.append(body + users)
        else:
            for home, counts in enumerate(step.users, 1):
                lines += wrapped(users_words(home, counts.where()), body, body + "  ")
    return "\n".join(lines)
