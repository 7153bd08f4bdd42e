"""A property that does not hold, as every check returns it."""

from __future__ import annotations

from dataclasses import dataclass

from prg.model.explore import Graph
from prg.model.product import Label

Path = list[tuple[Label | None, int]]


@dataclass
class Violation:
    """A property that does not hold: why, and a trace from the initial state when one exists.
    ``lines`` are the spec lines involved (rules, rows, states)."""

    message: str
    graph: Graph | None = None
    path: Path | None = None
    lines: tuple[int, ...] = ()
