"""The progress of long work, as typed events: a search's joint states so far, an engine's
share of a run done, a run of several begun. The searches (``prg.model.explore``) and the
verify run (``prg.verify.report``) report them to the observer (``Progress``) they are given;
the command shows them on a terminal (``prg.cli.progress``). Nothing here knows of terminals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .product import Config

#: How many new joint states a search finds between two reports of its progress: often enough
#: for a person to see it move, rarely enough to cost the search nothing to speak of.
SEARCH_REPORT_EVERY = 1 << 15


@dataclass(frozen=True)
class Searching:
    """A search from the initial state of ``config`` (the first of its roots) has found
    ``states`` joint states; ``finished`` once it has found them all."""

    config: Config
    states: int
    finished: bool = False


@dataclass(frozen=True)
class TaskProgress:
    """``done`` of ``total`` of an engine's task in a run: the graph engine's configurations
    checked, or the Z3 engine's proofs or row witnesses (0 or 1 of 1)."""

    engine: str
    task: str
    done: int
    total: int


@dataclass(frozen=True)
class RunStarted:
    """A run of several that one command makes has begun: ``prg diff`` verifies the defaults,
    then the defaults changed by the settings. What was counted before is another run's."""

    name: str


ProgressEvent = Searching | TaskProgress | RunStarted
#: What the work calls with each event; it must return quickly (the work waits for it).
Progress = Callable[[ProgressEvent], None]
