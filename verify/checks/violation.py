"""A property that does not hold, as every check returns it."""

from __future__ import annotations

from dataclasses import dataclass

from prg.model.explore import Graph
from prg.model.product import Label
from prg.model.traces import Trace

Path = list[tuple[Label | None, int]]


@dataclass
class Violation:
    """A property that does not hold: why, and a trace from the initial state when one exists
    (a ``path`` through ``graph``, or a ``trace`` already made of one where the graph is
    gone). ``lines`` are the spec lines involved (rules, rows, states)."""

    message: str
    graph: Graph | None = None
    path: Path | None = None
    lines: tuple[int, ...] = ()
    trace: Trace | None = None
