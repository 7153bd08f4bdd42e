"""The kinds of bad input prg reports, each as one line naming where and what."""

from __future__ import annotations


class PrgError(Exception):
    """Bad input of any kind; the CLI prints it as ``prg: error: <message>`` and exits 2."""


class SpecError(PrgError):
    """A spec file that cannot be read or does not validate."""

    def __init__(self, path: str, line: int | None, field: str, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")
        self.path = path
        self.line = line
        self.field = field


class UsageError(PrgError):
    """A command-line value that prg cannot use (an unknown name, a value out of range)."""


class StateLimit(PrgError):
    """A search that would hold more joint states than it may (``prg verify --max-states``)."""
