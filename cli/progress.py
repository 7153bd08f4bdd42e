"""Progress on a terminal: what a long command is doing, on one line of standard error that is
written over in place (a carriage return), at most ``PER_SECOND`` times a second, and cleared
when the work is done. Nothing where standard error is not a terminal, or with ``--quiet``."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

import click
from prg.model.product import Config
from prg.model.progress import Progress, ProgressEvent, RunStarted, Searching
from prg.model.words import config_words

from .common import Command

#: How many times a second the line is written at most.
PER_SECOND = 10
#: The width of a terminal whose width cannot be read.
DEFAULT_WIDTH = 80


class ProgressLine:
    """The progress of one command, as one line on ``stream`` (a terminal): the seconds
    since it began, the run it is in (``prg diff``), the configurations checked, the joint
    states explored, the Z3 engine's tasks, and the configuration searched last. ``clock``
    gives seconds; ``width`` is the terminal's, in columns (the line is cut short of it, so
    that it never wraps)."""

    def __init__(self, command: str, stream: TextIO, width: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._command = command
        self._stream = stream
        self._width = width
        self._clock = clock
        self._start = clock()
        self._written_at: float | None = None
        self._shown = 0
        self._lock = threading.Lock()
        self._run: str | None = None
        self._states: dict[Config, int] = {}
        self._searching: Config | None = None
        self._tasks: dict[tuple[str, str], tuple[int, int]] = {}

    def __call__(self, event: ProgressEvent) -> None:
        """Take ``event`` in; write the line again where it was last written long enough ago,
        or where a new run begins."""
        with self._lock:
            self._take(event)
            now = self._clock()
            if (self._written_at is None or now - self._written_at >= 1 / PER_SECOND
                    or isinstance(event, RunStarted)):
                self._write(self.line(now))
                self._written_at = now

    def _take(self, event: ProgressEvent) -> None:
        if isinstance(event, RunStarted):
            self._run = event.name
            self._states.clear()
            self._tasks.clear()
            self._searching = None
        elif isinstance(event, Searching):
            self._states[event.config] = event.states
            self._searching = None if event.finished else event.config
        else:
            self._tasks[event.engine, event.task] = (event.done, event.total)

    def line(self, now: float) -> str:
        """The line at ``now`` (on ``clock``), cut to the terminal's width."""
        parts = [f"prg {self._command}: {now - self._start:.0f} s"]
        if self._run is not None:
            parts.append(self._run)
        graph = [f"{done} of {total} {task} checked"
                 for (engine, task), (done, total) in self._tasks.items() if engine == "graph"]
        if self._states:
            graph.append(f"{sum(self._states.values()):,} joint states explored")
        if graph:
            parts.append("graph: " + ", ".join(graph))
        z3 = [f"{task} {'done' if done == total else 'running'}"
              for (engine, task), (done, total) in self._tasks.items() if engine == "z3"]
        if z3:
            parts.append("z3: " + ", ".join(z3))
        if self._searching is not None:
            parts.append("searching " + config_words(self._searching, "the configuration"))
        line = "; ".join(parts)
        return line if len(line) < self._width else line[:max(self._width - 4, 0)] + "..."

    def _write(self, line: str) -> None:
        self._stream.write("\r" + line + " " * max(self._shown - len(line), 0))
        self._stream.flush()
        self._shown = len(line)

    def refresh(self) -> None:
        """Write the line again, with the seconds gone by, where one is shown: the work can
        be silent for a while (the Z3 engine tells only when a task ends)."""
        with self._lock:
            if self._shown:
                now = self._clock()
                self._write(self.line(now))
                self._written_at = now

    def close(self) -> None:
        """Clear the line, so that what comes next starts on an empty one."""
        with self._lock:
            if self._shown:
                self._stream.write("\r" + " " * self._shown + "\r")
                self._stream.flush()
                self._shown = 0


def _width(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):  # no file descriptor behind it, or not a terminal's
        return DEFAULT_WIDTH


@contextmanager
def progress_shown(command: str, quiet: bool) -> Iterator[Progress | None]:
    """What the work of ``command`` reports its progress to: a ``ProgressLine`` on standard
    error where that is a terminal and not ``quiet``, cleared when the block ends; else
    None."""
    stream = sys.stderr
    if quiet or not stream.isatty():
        yield None
        return
    shown = ProgressLine(command, stream, _width(stream))
    done = threading.Event()
    ticking = threading.Thread(target=_tick, args=(shown, done), daemon=True)
    ticking.start()
    try:
        yield shown
    finally:
        done.set()
        ticking.join()
        shown.close()


def _tick(shown: ProgressLine, done: threading.Event) -> None:
    while not done.wait(1.0):
        shown.refresh()


def quiet_option(command: Command) -> Command:
    """The --quiet option of the commands that search for seconds."""
    return click.option(
        "--quiet", "-q", is_flag=True,
        help="No progress on standard error (shown only where it is a terminal).")(command)
