"""Reading the document's words as a UC engineer types them: node states, reasons, events and
what the admin page shows of one node (``STATE/REASON``, or ``down``).

Matching forgives case, spacing and the spelling variants the spec lists for a state or a
reason (Table 2's "Backup Mode" is Running in Backup Mode). An unknown name is a
``UsageError`` naming the closest ones.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UsageError
from .spec import DOWN, Spec

if TYPE_CHECKING:
    from .node import NodeView


def normalized(text: str) -> str:
    """The form names are compared in: case folded, one space between words, no final dot."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".").strip().casefold()


def closest(text: str, known: Iterable[str], count: int = 3, cutoff: float = 0.5) -> list[str]:
    """The known names nearest to ``text``, nearest first, forgiving case and spacing."""
    names = list(dict.fromkeys(known))
    by_form = {normalized(name): name for name in names}
    found = difflib.get_close_matches(normalized(text), list(by_form), n=count, cutoff=cutoff)
    if not found:  # a word typed alone ("backup") still points at the names that contain it
        found = [form for form in by_form if normalized(text) in form][:count]
    return [by_form[form] for form in found]


def did_you_mean(
    name: str,
    candidates: Iterable[str],
    *,
    count: int = 1,
    cutoff: float = 0.6,
    forgiving: bool = False,
) -> str:
    """`` (did you mean 'a', 'b'?)`` naming up to ``count`` candidates close to ``name``, or ""
    when none is; ``forgiving`` compares as ``closest`` does, else exactly as difflib does."""
    if forgiving:
        near = closest(name, candidates, count, cutoff)
    else:
        near = difflib.get_close_matches(name, list(candidates), n=count, cutoff=cutoff)
    return f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""


def unknown(what: str, text: str, known: Iterable[str]) -> UsageError:
    """The error for a name that is not known, with the closest names."""
    hint = did_you_mean(text, known, count=3, cutoff=0.5, forgiving=True)
    return UsageError(f"unknown {what} {text!r}{hint}")


@dataclass(frozen=True)
class NodeQuery:
    """What one node shows, as asked for: ``state`` None means the node is down; ``reason``
    None means any reason."""

    state: str | None
    reason: str | None

    def shown_by(self, view: NodeView) -> bool:
        """Whether a node that looks like ``view`` shows what is asked for."""
        if self.state is None:
            return not view.up
        return view.up and view.state == self.state and (
            self.reason is None or view.reason == self.reason)

    def __str__(self) -> str:
        if self.state is None:
            return "(down)"
        return f"{self.state} / {self.reason}" if self.reason else f"{self.state} / (any reason)"


class Names:
    """The spec's names of states, reasons and events, with their spellings."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._states = _index((s.name, (s.name, *s.spellings)) for s in spec.states)
        self._reasons = _index((r.name, (r.name, *r.spellings)) for r in spec.reasons)
        self._events = _index((e.name, (e.name,)) for e in spec.events)

    def state(self, text: str) -> str:
        """The state named ``text`` (any spelling), or a ``UsageError``."""
        return _look_up(self._states, text, "node state", [s.name for s in self.spec.states])

    def reason(self, text: str) -> str:
        """The reason named ``text`` (any spelling), or a ``UsageError``."""
        return _look_up(self._reasons, text, "reason", [r.name for r in self.spec.reasons])

    def event(self, text: str) -> str:
        """The event named ``text``, or a ``UsageError``."""
        return _look_up(self._events, text, "event", [e.name for e in self.spec.events])

    def node(self, text: str) -> NodeQuery:
        """``STATE/REASON``, ``STATE`` or ``down``, as one node shows it."""
        if normalized(text) in ("down", "(down)", DOWN):
            return NodeQuery(None, None)
        if normalized(text) in self._states:  # a state whose name holds a '/'
            return NodeQuery(self.state(text), None)
        # The first '/' that follows a whole state name ends it: 'A/B / Peer Down'.
        splits = [i for i, c in enumerate(text) if c == "/"]
        cut = next((i for i in splits if normalized(text[:i]) in self._states),
                   splits[0] if splits else len(text))
        state, reason = text[:cut], text[cut + 1:]
        if not state.strip():
            raise UsageError(f"{text!r}: a node is STATE/REASON, STATE or down")
        return NodeQuery(self.state(state), self.reason(reason) if reason.strip() else None)


def _index(entries: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    return {normalized(spelling): name for name, spellings in entries for spelling in spellings}


def _look_up(index: dict[str, str], text: str, what: str, known: list[str]) -> str:
    found = index.get(normalized(text))
    if found is None:
        raise unknown(what, text.strip(), known)
    return found
