"""The ``prg`` command: wires the spec, the model and the properties to the terminal.

Exit status: 0 when every property holds (a finding of the spec aside, unless ``--strict``), 1
when one is violated or a finding is stale, 2 on bad input or usage
(one line ``prg: error: ...`` on standard error, never a traceback)."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, cast

import click
from prg.model.digest import version
from prg.model.errors import PrgError

#: Each command and where it is written (module of ``prg.cli``, attribute).
COMMANDS = {
    "check-config": ("check_config", "check_config_command"),
    "cluster": ("cluster", "cluster_command"),
    "diagram": ("diagram", "diagram_command"),
    "diff": ("diff", "diff_command"),
    "explain": ("explain", "explain_command"),
    "export": ("export", "export_command"),
    "prove": ("prove", "prove_command"),
    "replay": ("replay", "replay_command"),
    "runbook": ("runbook", "runbook_command"),
    "simulate": ("simulate", "simulate_command"),
    "verify": ("verify", "verify_command"),
}


class _Commands(click.Group):
    """The prg commands, each imported when it is run or listed: a command loads only the
    modules it uses (``prg explain`` no Z3 proofs, no report formats)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command = cast(click.Command,
                       getattr(importlib.import_module(f"prg.cli.{module}"), attribute))
        # prg --help lists each command with its first sentence whole, not cut at 45
        # characters.
        command.short_help = " ".join((command.help or "").split("\n\n")[0].split())
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version(), prog_name="prg")
def cli() -> None:
    """An executable, verified model of the IM and Presence presence redundancy group."""


def one_line(message: str) -> str:
    """``message`` with every control character escaped (a line break as ``\\n``): a name
    or a path that holds one cannot split an error over two lines."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in message)


def _fail(message: str) -> NoReturn:
    click.echo(f"prg: error: {one_line(message)}", err=True)
    sys.exit(2)


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit does not
    fail a second time on what could not be written."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor behind it (io.UnsupportedOperation)
        pass


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; turn every kind of bad input into one line and exit status 2."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="prg",
                 standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        _fail("interrupted")
    except click.exceptions.NoArgsIsHelpError as error:
        command = error.ctx.command_path if error.ctx is not None else "prg"
        _fail(f"missing command (see '{command} --help')")
    except click.UsageError as error:
        _fail(error.format_message())
    except PrgError as error:
        _fail(str(error))
    except OSError as error:
        # A file prg opens names itself in the error (a write to --output, say); a failed
        # write to standard output (a full disk, a closed terminal) names nothing. Click
        # already ends a broken pipe quietly, with exit status 1.
        if error.filename is not None:
            _fail(f"{error.filename}: {error.strerror or error}")
        _silence_stdout()
        _fail(f"cannot write output: {error.strerror or error}")
    sys.exit(0)


if __name__ == "__main__":
    main()
