"""Verdicts in colour where the text report goes to a terminal: holds green, finding cyan,
violated red, unknown yellow. ``NO_COLOR`` (https://no-color.org) turns colour off and
``FORCE_COLOR`` on, whatever the output is; ``--color`` overrides both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

import click

from .common import Command

#: The SGR code of each verdict's colour.
VERDICT_COLOURS = {"holds": "32", "finding": "36", "violated": "1;31", "unknown": "33"}
#: --color: by the output and the environment (auto), or always, or never.
COLOR_CHOICES = ("auto", "always", "never")


def coloured(text: str, status: str) -> str:
    """``text`` in the colour of a verdict of ``status`` (a ``prg.verify.formats.text.Paint``)."""
    return f"\x1b[{VERDICT_COLOURS[status]}m{text}\x1b[0m"


def colour_wanted(choice: str, output: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to colour what goes to ``output``: as ``choice`` says where it is ``always`` or
    ``never``; else not where ``NO_COLOR`` is set, where ``FORCE_COLOR`` is, and otherwise
    where ``output`` is a terminal. (Set means set to anything but the empty string.)"""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return output.isatty()


def color_option(command: Command) -> Command:
    """The --color option."""
    return click.option(
        "--color", "color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
        help="Verdicts of the text report in colour: on a terminal unless NO_COLOR is set, or "
             "where FORCE_COLOR is (auto), always, or never. Files of --output never are.")(command)
